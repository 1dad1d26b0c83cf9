"""The Themes page's charts: every theme at a glance, and one theme's events over time by pair.

Decisions, so a reader does not have to reverse-engineer them:
- The overview counts the filtered events under each of their themes (an event with two themes
  counts twice), stacked by tone with colour, fill pattern and symbol; themes with no events
  stay on the chart as empty rows. Busiest theme on top. A click on a bar chooses that theme.
- The theme's events are drawn at the start of their date's span, in lanes: the pairs of the
  Compare page's two presets (Panama with Russia, the United States, China, Taiwan; Russia with
  Brazil, Cuba, Venezuela), each once, plus one lane for events in none of them. An event in two
  pairs is in both lanes. Markers of one lane that would overlap at the chart's width are
  spread within the lane's band, which grows when it must (`dodge`); the marker's symbol and
  colour are its tone. A click on a marker opens its passages.
- Above the Timeline's AGGREGATE_FROM markers (5,000) no one reads single markers, and the
  browser would get megabytes of them (14 MB for 46,000 at 100,000 events): the lanes become a
  heatmap of events per lane and year (decade or century for long spans), the tone split of
  each cell in its hover and in the data table; narrowing the filters brings markers back.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import analysis, evidence
from ..filters import Filters, apply, describe
from ..load import Dataset
from . import common, dodge, titles
from .compare import TONE_PATTERN, plural
from .counts import event_count_text, heatmap_trace, period_width, too_many_note
from .timeline import AGGREGATE_FROM

LANE_PX, FRAME_PX = 44, 200


# -- All themes at a glance --------------------------------------------------------------------


def build_overview(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars of events per theme, stacked by tone; `counts` from analysis.theme_tone_counts."""
    order = counts.drop_duplicates("theme_id").sort_values("total", ascending=False, kind="stable")
    rows = counts.assign(row=counts["theme_id"].map({t: i for i, t in enumerate(order["theme_id"])}),
                         label=common.safe_column(counts["theme"], 80))
    fig = go.Figure()
    for tone in common.TONE_SYMBOL:
        part = rows[rows["tone"] == tone]
        symbol = common.TONE_LABEL[tone].split()[0]
        fig.add_trace(go.Bar(
            x=part["events"], y=part["row"], orientation="h", name=common.TONE_LABEL[tone],
            marker={"color": common.TONE_COLOR[tone],
                    "pattern": {"shape": TONE_PATTERN[tone], "fgcolor": "white", "solidity": 0.3}},
            text=(symbol + " " + part["events"].map("{:,}".format)).where(part["events"] > 0, ""),
            textposition="inside", insidetextanchor="middle", textfont={"color": "white"},
            customdata=part[["theme_id", "tone", "events", "total", "label"]].to_numpy(),
            hovertemplate=("<b>%{customdata[4]}</b><br>" + common.TONE_LABEL[tone] + ": %{customdata[2]} of "
                           "%{customdata[3]} event(s)<br><i>Click to choose this theme</i><extra></extra>"),
        ))  # fmt: skip
    top = max(1, int(order["total"].max())) if len(order) else 1
    fig.add_trace(go.Scatter(
        x=order["total"], y=list(range(len(order))), mode="text", text=order["total"].map("{:,}".format),
        textposition="middle right", showlegend=False, hoverinfo="skip", name="totals",
        textfont={"color": common.MUTED},
    ))  # fmt: skip
    fig.update_layout(
        barmode="stack", height=max(300, 130 + 26 * len(order)), bargap=0.25, clickmode="event+select",
        uniformtext={"minsize": 10, "mode": "hide"},
        xaxis={"title": "Events (an event counts under each of its themes)", "range": [0, top * 1.08],
               "fixedrange": True},
        yaxis={"tickvals": list(range(len(order))), "ticktext": list(common.safe_column(order["theme"], 60)),
               "autorange": "reversed", "fixedrange": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
    )  # fmt: skip
    return fig


def overview_summary(counts: pd.DataFrame, events: pd.DataFrame | None = None, event_themes: pd.DataFrame | None = None,
                     sources: pd.DataFrame | None = None) -> str:
    """'Most events: Diplomacy and visits (56 events: ▲ 43, ● 8, ▼ 5; 30 of 56 from one source: …);
    2 themes with none.' No 'most' below evidence.MIN_EVENTS events."""
    totals = counts.drop_duplicates("theme_id").set_index("theme_id")
    if totals.empty or totals["total"].max() == 0:
        return "No theme has events under the current filters."
    empty = int((totals["total"] == 0).sum())
    tail = f"; {plural(empty, 'theme')} with none." if empty else "."
    found = evidence.top(totals["total"])
    if found is None:
        return f"No theme has {evidence.MIN_EVENTS} or more events, too few to single one out" + tail
    top = found[0][0]
    tones = counts[counts["theme_id"] == top].set_index("tone")["events"]
    split = ", ".join(f"{common.TONE_LABEL[t].split()[0]} {tones.get(t, 0):,}" for t in common.TONE_SYMBOL)
    behind = f"{plural(int(totals.loc[top, 'total']), 'event')}: {split}"
    if events is not None and event_themes is not None and sources is not None:
        behind = evidence.with_dominance(behind, analysis.events_with_theme(events, event_themes, top), sources)
    tied = len(found[0]) - 1
    return (f"Most events: {totals.loc[top, 'theme']} ({behind})" + (f", tied with {plural(tied, 'other theme')}"
            if tied else "") + tail)


def overview_view(dataset: Dataset, filters: Filters, events: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame, str]:
    counts = analysis.theme_tone_counts(events, dataset.event_themes, dataset.themes)
    caption = titles.dataset_caption(describe(filters, dataset, events), dataset, events)
    fig = build_overview(counts)
    fig = common.finish(fig, "Events per theme, by tone", caption,
                        export_title=titles.view_title(filters, dataset.actors, dataset.themes, events))
    return fig, counts, overview_summary(counts, events, dataset.event_themes, dataset.sources)


# -- One theme over time, by pair --------------------------------------------------------------


def dodged(points: pd.DataFrame, n_lanes: int) -> tuple[pd.DataFrame, list[float], list[float]]:
    """The points in (lane, start, id) order with `y` spread within their lane so none covers
    another at the chart's width (`dodge`); and each lane's centre and height, in lane units."""
    points = points.sort_values(["lane_no", "start", "event_id"], kind="stable", ignore_index=True)
    low, high = first_frame(points)
    span = (high - low) / pd.Timedelta(days=1) if len(points) else 1.0
    y, centres, heights = dodge.dodged_y(points["lane_no"].to_numpy(), dodge.days(points["start"]), n_lanes,
                                         x_span=span, lane_px=LANE_PX)
    return points.assign(y=y), centres.tolist(), heights.tolist()


def first_frame(points: pd.DataFrame) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The x range the chart opens on: the events' starts with a year and a half either side."""
    pad = pd.Timedelta(days=548)
    return (points["start"].min() - pad, points["start"].max() + pad) if len(points) else (None, None)


def build_theme_activity(points: pd.DataFrame, lanes: list[str]) -> go.Figure:
    """Markers by start year in pair lanes; `points` from analysis.lane_events. Empty lanes stay.
    Markers that would overlap are spread within their lane, which grows when it must."""
    points, centres, heights = dodged(points, len(lanes))
    fig = go.Figure()
    hover = ("<b>" + common.safe_column(points["title"], 200) + "</b><br>" + common.safe_column(points["date_label"])
             + "<br>" + common.safe_column(points["lane"]) + "<br><i>Click to read its passages</i>")
    for tone in common.TONE_SYMBOL:
        part = points["tone"] == tone
        fig.add_trace(go.Scatter(
            x=points.loc[part, "start"], y=points.loc[part, "y"], mode="markers", name=common.TONE_LABEL[tone],
            customdata=points.loc[part, "event_id"].to_numpy(), text=hover[part].to_numpy(),
            hovertemplate="%{text}<extra></extra>",
            marker={"symbol": common.TONE_SYMBOL[tone], "color": common.TONE_COLOR[tone], "size": 12,
                    "line": {"color": "white", "width": 1}},
        ))  # fmt: skip
    if points.empty:
        fig.add_annotation(text="No events on this theme under the current filters", x=0.5, y=0.5, xref="paper",
                           yref="paper", showarrow=False, font={"color": common.MUTED}, name="empty")
    low, high = first_frame(points)
    fig.update_layout(
        height=int(FRAME_PX + LANE_PX * sum(heights)), hovermode="closest", clickmode="event+select",
        xaxis={"title": "Date (start of the date's span)", "type": "date", "range": [low, high], "showgrid": True},
        yaxis={"tickvals": centres, "ticktext": [common.safe(lane, 80) for lane in lanes],
               "range": [sum(heights) - 0.5, -0.5], "fixedrange": True, "zeroline": False, "showgrid": True,
               "gridcolor": "#eceef2"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )  # fmt: skip
    return fig


def activity_aggregated(points: pd.DataFrame) -> bool:
    """Whether the theme's chart counts events per lane and period instead of drawing markers."""
    return len(points) > AGGREGATE_FROM


def period_years(points: pd.DataFrame) -> int:
    """Width of a count cell in years: 1, or 10 / 100 when the events span centuries."""
    return period_width(points["year"])


def activity_counts(points: pd.DataFrame) -> pd.DataFrame:
    """Events per lane and period with their tone split: columns lane_no, lane, period, first
    (the period's first year), events, and one column per tone. One groupby, no per-row Python."""
    width = period_years(points)
    cells = points.assign(first=(points["year"] // width) * width)
    tones = pd.crosstab([cells["lane_no"], cells["lane"], cells["first"]], cells["tone"])
    tones = tones.reindex(columns=list(common.TONE_SYMBOL), fill_value=0).reset_index()
    tones.columns.name = None
    tones["events"] = tones[list(common.TONE_SYMBOL)].sum(axis=1)
    last = tones["first"] + width - 1
    tones["period"] = tones["first"].astype(str) if width == 1 else tones["first"].astype(str) + "–" + last.astype(str)
    return tones[["lane_no", "lane", "period", "first", "events", *common.TONE_SYMBOL]]


def build_theme_counts(counts: pd.DataFrame, lanes: list[str], width: int) -> go.Figure:
    """One heatmap: a row per lane (empty lanes stay), a column per period, colour = events; the
    hover gives the cell's tone split. `counts` from activity_counts."""
    split = [common.TONE_LABEL[t].split()[0] + " " + counts[t].map("{:,}".format) for t in common.TONE_SYMBOL]
    hover = (common.safe_column(counts["lane"], 80) + "<br>" + counts["period"] + ": "
             + event_count_text(counts["events"]) + " (" + split[0] + ", " + split[1] + ", " + split[2] + ")")
    fig = go.Figure(heatmap_trace(counts["lane_no"], counts["first"], counts["events"], hover, len(lanes), width))
    fig.update_layout(
        height=FRAME_PX + LANE_PX * len(lanes), hovermode="closest",
        xaxis={"title": "Date (start of the date's span)", "type": "date", "showgrid": True},
        yaxis={"tickvals": list(range(len(lanes))), "ticktext": [common.safe(lane, 80) for lane in lanes],
               "range": [len(lanes) - 0.5, -0.5], "fixedrange": True, "zeroline": False},
    )  # fmt: skip
    return fig


def theme_activity_summary(points: pd.DataFrame, label: str, events: pd.DataFrame | None = None,
                           sources: pd.DataFrame | None = None) -> str:
    """'Trade and investment: 14 events from 2003 to 2025; busiest year 2008 (5 events); busiest lane
    … (6 events; 5 of 6 from one source: …).' No 'busiest' below evidence.MIN_EVENTS events."""
    if points.empty:
        return f"{label}: no events under the current filters."
    unique = points.drop_duplicates("event_id")
    years = unique.groupby("year").size()
    lanes = points.groupby("lane").size().sort_values(ascending=False, kind="stable")
    text = f"{label}: {plural(len(unique), 'event')} from {years.index.min()} to {years.index.max()}"
    for what, counts, column in (("year", years, "year"), ("lane", lanes, "lane")):
        found = evidence.top(counts)
        if found is None:
            text += f"; no {what} has {evidence.MIN_EVENTS} or more events"
            continue
        labels, n = found
        behind = plural(n, "event")
        if len(labels) == 1 and events is not None and sources is not None:
            ids = points.loc[points[column].astype(str) == labels[0], "event_id"]
            behind = evidence.with_dominance(behind, evidence.events_of(ids, events), sources)
        text += f"; busiest {what} {' and '.join(labels)} ({behind}{' each' if len(labels) > 1 else ''})"
    text += "."
    if activity_aggregated(points):
        text += too_many_note(len(points), AGGREGATE_FROM, period_years(points))
    return text


def theme_activity_view(dataset: Dataset, filters: Filters, theme_id: str,
                        events: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame, str]:
    """(figure, data, summary) for one theme among the filtered `events`."""
    label = dict(zip(dataset.themes["id"], dataset.themes["label"])).get(theme_id, theme_id)
    tagged = analysis.events_with_theme(events, dataset.event_themes, theme_id)
    pairs = analysis.preset_pairs()
    points = analysis.lane_events(dataset, tagged, pairs, filters.predecessors)
    caption = titles.dataset_caption(f"{describe(filters, dataset, tagged)} · theme: {label}", dataset, tagged)
    export_title = titles.view_title(filters, dataset.actors, dataset.themes, tagged,
                                     what=titles.what_text(filters, [label]))
    lanes = analysis.lane_names(dataset, pairs)
    if activity_aggregated(points):
        data = activity_counts(points)
        fig = build_theme_counts(data, lanes, period_years(points))
        data = data.drop(columns=["lane_no", "first"])
    else:
        fig = build_theme_activity(points, lanes)
        data = points[["lane", "year", "date_label", "title", "tone", "event_id"]]
    fig = common.finish(fig, f"{label}: events by year and pair", caption, export_title=export_title)
    return fig, data, theme_activity_summary(points, label, tagged, dataset.sources)


# -- Page level (filters applied; title and caption added) ------------------------------------


def chart_theme_activity(dataset: Dataset, filters: Filters, theme: str | None = None) -> go.Figure:
    events = apply(filters, dataset)
    theme = theme or analysis.busiest_theme(events, dataset.event_themes, dataset.themes)
    return theme_activity_view(dataset, filters, theme, events)[0]


def chart_themes_overview(dataset: Dataset, filters: Filters) -> go.Figure:
    return overview_view(dataset, filters, apply(filters, dataset))[0]


CHARTS = {"theme-activity": chart_theme_activity, "themes-overview": chart_themes_overview}
