"""The Compare page's charts: one focal actor against two or more partners, pair by pair.

Decisions, so a reader does not have to reverse-engineer them:
- The sidebar's actor filter is ignored (the comparison names its own actors); every other
  filter applies. Pairs, predecessors and zeros follow `core.analysis`.
- Heatmap: themes are rows, pairs columns, every count written in its cell (zeros too). A
  transparent marker sits on every cell so a click selects it (plotly heatmaps cannot be
  selected); it carries [partner, theme_id] and draws an outline when selected.
- Activity: events per start year, one line per pair in the partner's colour, each in its own
  row named above it (small multiples with one count scale), so lines never hide each other and
  do not depend on colour. Every year of the filtered events is on the axis, so a quiet year is
  a zero, not a gap.
- Tone balance: the share of each pair's events per tone, with the tone's colour, a fill
  pattern and its symbol (▲ ● ▼) in the label; a pair with no events says so in its row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import analysis, evidence
from ..filters import Filters, apply, describe
from ..load import Dataset
from . import common, titles

SYMBOLS = ("circle", "square", "diamond", "cross", "x", "star", "hexagon", "pentagon")
TONE_PATTERN = {"cooperation": "", "neutral": ".", "tension": "/"}
HEATMAP_SCALE = [[0.0, "#f7fbff"], [0.15, "#deebf7"], [0.4, "#9ecae1"], [0.7, "#4292c6"], [1.0, "#08306b"]]
DEFAULT = analysis.PRESETS["panama"]


# -- Escaping and lookups (vectorised) --------------------------------------------------------


plural = evidence.plural


# -- The comparison: computed once, used by every chart ----------------------------------------


@dataclass(frozen=True)
class Comparison:
    """A focal actor, its partners, the filtered events (actors ignored) and the pair rows."""

    focal: str
    partners: tuple[str, ...]
    filters: Filters  # the sidebar filters without actors
    events: pd.DataFrame
    pairs: pd.DataFrame
    colors: dict[str, str]  # pair label -> the partner's colour
    title: str  # "Panama with Russia, United States and China"
    caption: str
    sources: pd.DataFrame  # the dataset's sources (id, title), for the evidence sentences
    export_title: str = ""  # 'Panama with Russia and China: events 2008–2009', the title of its files


def without_actors(filters: Filters) -> Filters:
    return filters.with_(actors=(), match="all")


def comparison(dataset: Dataset, filters: Filters, focal: str = DEFAULT.focal,
               partners: tuple[str, ...] = DEFAULT.partners) -> Comparison:
    scoped = without_actors(filters)
    events = apply(scoped, dataset)
    partners = analysis.valid_partners(dataset, focal, partners, filters.predecessors)
    pairs = analysis.pair_events(dataset, events, focal, partners, filters.predecessors)
    names, colors = analysis.actor_names(dataset), dict(zip(dataset.actors["id"], dataset.actors["color"]))
    labels = list(pairs["pair"].cat.categories)
    partner_names = [names.get(p, p) for p in partners]
    listed = ", ".join(partner_names[:-1]) + " and " + partner_names[-1] if len(partners) > 1 else "".join(partner_names)
    title = f"{names.get(focal, focal)} with {listed}"
    shown = events[analysis.is_in(events["id"], pairs["event_id"])]
    caption = titles.dataset_caption(f"{describe(scoped, dataset, shown)} · {title}", dataset, shown)
    return Comparison(focal, partners, scoped, events, pairs,
                      dict(zip(labels, (colors.get(p, common.MUTED) for p in partners))), title, caption,
                      dataset.sources, titles.view_title(scoped, dataset.actors, dataset.themes, shown, subject=title))


def _pair_ticks(labels: list[str], totals: pd.Series, width: int = 18) -> list[str]:
    return [common.wrap(label, width) + ("<br><i>(no events)</i>" if totals.get(label, 0) == 0 else "")
            for label in labels]


# -- (a) Theme profile heatmap -----------------------------------------------------------------


def build_heatmap(profile: pd.DataFrame, totals: pd.Series) -> go.Figure:
    """Themes (rows) x pairs (columns), counts in the cells; `profile` from analysis.theme_profile."""
    pairs = list(totals.index.astype(str))
    themes = list(dict.fromkeys(profile["theme"]))
    grid = profile.assign(pair=profile["pair"].astype(str)).pivot(index="theme", columns="pair", values="events")
    grid = grid.reindex(index=themes, columns=pairs).fillna(0).astype(int)
    cells = profile.assign(col=profile["pair"].astype(str).map({p: i for i, p in enumerate(pairs)}),
                           row=profile["theme"].map({t: i for i, t in enumerate(themes)}))
    hover = ("<b>" + common.safe_column(cells["pair"]) + "</b><br>" + common.safe_column(cells["theme"]) + ": "
             + cells["events"].astype(str) + " event(s)<br><i>Click to list them below</i>")
    top = max(1, int(grid.to_numpy().max())) if grid.size else 1
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=list(range(len(pairs))), y=list(range(len(themes))), text=grid.to_numpy(),
        texttemplate="%{text}", textfont={"size": 13}, colorscale=HEATMAP_SCALE, zmin=0, zmax=top,
        hoverinfo="skip", xgap=2, ygap=2,
        colorbar={"title": {"text": "Events"}, "thickness": 12, "dtick": max(1, -(-top // 5))},
    ))  # fmt: skip
    fig.add_trace(go.Scatter(
        x=cells["col"], y=cells["row"], mode="markers", name="cells", showlegend=False,
        customdata=cells[["partner", "theme_id"]].to_numpy(), text=hover, hovertemplate="%{text}<extra></extra>",
        marker={"symbol": "square-open", "size": 30, "color": common.INK, "opacity": 0, "line": {"width": 3}},
        selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 0}},
    ))  # fmt: skip
    fig.update_layout(
        height=max(400, 230 + 34 * len(themes)), clickmode="event+select", hovermode="closest",
        xaxis={"tickvals": list(range(len(pairs))), "ticktext": _pair_ticks(pairs, totals), "side": "top",
               "showgrid": False, "zeroline": False, "fixedrange": True, "range": [-0.5, len(pairs) - 0.5]},
        yaxis={"tickvals": list(range(len(themes))), "ticktext": [common.safe(t, 60) for t in themes],
               "autorange": "reversed", "showgrid": False, "zeroline": False, "fixedrange": True},
    )  # fmt: skip
    return fig


def heatmap_summary(profile: pd.DataFrame, totals: pd.Series, pairs: pd.DataFrame | None = None,
                    events: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
                    event_themes: pd.DataFrame | None = None) -> str:
    """'Busiest cell: Panama – Russia in Diplomacy and visits (10 events; 8 of 10 from one source: …).'
    No busiest cell below evidence.MIN_EVENTS events; empty pairs are named."""
    if profile.empty or profile["events"].max() == 0:
        return "None of these pairs has events in these sources under the current filters."
    cells = profile.assign(label=profile["pair"].astype(str) + " in " + profile["theme"])
    found = evidence.top(dict(zip(cells["label"], cells["events"])))
    if found is None:
        text = (f"Every cell has fewer than {evidence.MIN_EVENTS} events: too few to single one out; "
                f"the counts are in the cells.")
    else:
        labels, n = found
        behind = f"{plural(n, 'event')}"
        if len(labels) == 1 and pairs is not None and events is not None and sources is not None:
            row = cells[cells["label"] == labels[0]].iloc[0]
            ids = analysis.cell_events(pairs, event_themes, partner=row["partner"], theme_id=row["theme_id"])
            behind = evidence.with_dominance(behind, evidence.events_of(ids["event_id"], events), sources)
        each = " each" if len(labels) > 1 else ""
        text = f"Busiest cell: {' and '.join(labels)} ({behind}{each})."
    empty = [str(p) for p, n in totals.items() if n == 0]
    return text + (f" No events in these sources: {'; '.join(empty)}." if empty else "")


def heatmap_view(comp: Comparison, dataset: Dataset, theme_ids=None) -> tuple[go.Figure, pd.DataFrame, str]:
    """(figure with title and caption, its data, its one-line summary) for the page."""
    profile = analysis.theme_profile(comp.pairs, dataset.event_themes, dataset.themes,
                                     theme_ids or comp.filters.themes or None)
    totals = analysis.pair_totals(comp.pairs)
    fig = build_heatmap(profile, totals)
    fig = common.finish(fig, f"Themes by pair: {comp.title}", comp.caption,
                        export_title=comp.export_title, export_subtitle="Themes by pair")
    fig.update_layout(margin={"t": 140})  # room for the pair names above the columns
    data = profile.assign(pair=profile["pair"].astype(str))
    summary = heatmap_summary(profile, totals, comp.pairs, comp.events, dataset.sources, dataset.event_themes)
    return fig, data, summary + " An event with several themes counts under each."


# -- (b) Activity over time --------------------------------------------------------------------


def build_activity(activity: pd.DataFrame, colors: dict[str, str]) -> go.Figure:
    """Events per year, one line per pair in its own row (named above it) on a shared year axis
    and a shared count scale; every pair is drawn, even one that stays at zero."""
    groups = list(activity.groupby("pair", observed=False, sort=True))
    titles = [common.safe(str(pair), 80) + (" — no events in these sources" if rows["events"].sum() == 0 else "")
              for pair, rows in groups]
    fig = make_subplots(rows=max(1, len(groups)), cols=1, shared_xaxes=True, vertical_spacing=0.22 / max(1, len(groups)),
                        subplot_titles=titles or None)
    top = max(1, int(activity["events"].max())) if len(activity) else 1
    for i, (pair, rows) in enumerate(groups):
        color, name = colors.get(str(pair), common.MUTED), common.safe(str(pair), 80)
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["events"], mode="lines+markers", line_shape="hvh", fill="tozeroy",
            name=name, line={"color": color, "width": 2},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "color": color, "size": (rows["events"] > 0) * 7},
            customdata=rows[["partner", "year"]].to_numpy(),
            hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{y}} event(s)<br><i>Click to list them below</i><extra></extra>",
        ), row=i + 1, col=1)  # fmt: skip
        fig.update_yaxes(row=i + 1, col=1, range=[0, top * 1.15], fixedrange=True, nticks=3)
    fig.update_annotations(x=0, xanchor="left", font={"size": 13, "color": common.INK})  # the row titles
    low, high = (int(activity["year"].min()), int(activity["year"].max())) if len(activity) else (0, 1)
    fig.update_xaxes(tickformat="d", showgrid=True, range=[low - 1.5, high + 1.5])
    fig.update_xaxes(title="Year (start of the date's span)", row=max(1, len(groups)), col=1)
    fig.update_layout(height=130 + 110 * max(1, len(groups)), hovermode="closest", clickmode="event+select",
                      showlegend=False)
    return fig


def activity_summary(activity: pd.DataFrame, pairs: pd.DataFrame | None = None,
                     events: pd.DataFrame | None = None, sources: pd.DataFrame | None = None) -> str:
    """'Most active: Panama – Russia in 2008 (5 events; all 5 from one source: …); pair events from
    1993 to 2026.' No 'most active' below evidence.MIN_EVENTS events in one pair and year."""
    if activity.empty or activity["events"].max() == 0:
        return "No pair has events in these sources under the current filters."
    years = activity[activity["events"] > 0]["year"]
    span = f"pair events from {years.min()} to {years.max()}."
    ordered = activity.sort_values(["events", "year"], ascending=[False, True], kind="stable")
    found = evidence.top(dict(zip(ordered["pair"].astype(str) + " in " + ordered["year"].astype(str),
                                  ordered["events"])))
    if found is None:
        return (f"No pair has {evidence.MIN_EVENTS} or more events in any one year: too few to single out "
                f"a most active year; {span}")
    labels, n = found
    behind = plural(n, "event")
    if len(labels) == 1 and pairs is not None and events is not None and sources is not None:
        top = ordered.iloc[0]
        ids = pairs.loc[(pairs["partner"].astype(str) == str(top["partner"])) & (pairs["year"] == top["year"]),
                        "event_id"]
        behind = evidence.with_dominance(behind, evidence.events_of(ids, events), sources)
    return f"Most active: {' and '.join(labels)} ({behind}{' each' if len(labels) > 1 else ''}); {span}"


def activity_view(comp: Comparison) -> tuple[go.Figure, pd.DataFrame, str]:
    years = range(int(comp.events["year"].min()), int(comp.events["year"].max()) + 1) if len(comp.events) else []
    activity = analysis.activity_by_year(comp.pairs, years)
    fig = build_activity(activity, comp.colors)
    fig = common.finish(fig, f"Events per year: {comp.title}", comp.caption,
                        export_title=comp.export_title, export_subtitle="Events per year")
    summary = activity_summary(activity, comp.pairs, comp.events, comp.sources)
    return fig, activity.assign(pair=activity["pair"].astype(str)), summary


# -- (c) Tone balance --------------------------------------------------------------------------


def build_tone(tones: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars: share of each pair's events per tone (colour, pattern and symbol)."""
    pairs = list(dict.fromkeys(tones["pair"].astype(str)))
    rows = tones.assign(pair=tones["pair"].astype(str))
    rows["row"] = rows["pair"].map({p: i for i, p in enumerate(pairs)})
    fig = go.Figure()
    for tone in common.TONE_SYMBOL:
        part = rows[rows["tone"] == tone]
        label = common.TONE_LABEL[tone]
        fig.add_trace(go.Bar(
            x=part["share"] * 100, y=part["row"], orientation="h", name=label,
            marker={"color": common.TONE_COLOR[tone], "pattern": {"shape": TONE_PATTERN[tone], "fgcolor": "white",
                                                                  "solidity": 0.15}},
            text=[f"{label.split()[0]} {n}" if n else "" for n in part["events"]], textposition="inside",
            insidetextanchor="middle", textfont={"color": "white", "shadow": "1px 1px 2px #000"},
            customdata=part.assign(label=common.safe_column(part["pair"], 80))[
                ["partner", "tone", "events", "total", "label"]].to_numpy(),
            hovertemplate=("<b>%{customdata[4]}</b><br>" + label + ": %{customdata[2]} of %{customdata[3]} "
                           "event(s) (%{x:.0f}%)<br><i>Click to list them below</i><extra></extra>"),
        ))  # fmt: skip
    for pair, total in rows.drop_duplicates("pair")[["pair", "total"]].itertuples(index=False):
        if total == 0:  # one annotation per empty pair, not per event
            fig.add_annotation(x=1, y=pairs.index(pair), xref="x", yref="y", text=f"<i>{analysis.NO_EVENTS}</i>",
                               showarrow=False, xanchor="left", font={"color": common.MUTED}, name="no-events")
    fig.update_layout(
        barmode="stack", height=max(260, 140 + 46 * len(pairs)), clickmode="event+select", bargap=0.3,
        uniformtext={"minsize": 10, "mode": "hide"},
        xaxis={"title": "Share of the pair's events (%)", "range": [0, 100], "ticksuffix": "%", "fixedrange": True},
        yaxis={"tickvals": list(range(len(pairs))), "ticktext": [common.safe(p, 80) for p in pairs],
               "autorange": "reversed", "fixedrange": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
    )  # fmt: skip
    return fig


def tone_summary(tones: pd.DataFrame, pairs: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                 sources: pd.DataFrame | None = None) -> str:
    """'Most cooperative: Panama – United States (75% of 12 events; 9 of 12 from one source: …); most
    tension: …'. Only pairs with evidence.MIN_EVENTS events or more are ranked; the others are
    named with their counts only ('Panama – Russia: 1 of 1 event cooperative')."""
    totals = tones.drop_duplicates("pair").set_index("pair")["total"]
    if totals.empty or totals.max() == 0:
        return "No pair has events in these sources under the current filters."
    counts = tones.pivot(index="pair", columns="tone", values="events")
    ranked = [p for p in totals.index if evidence.enough(int(totals[p]))]
    parts = []
    for tone, words in (("cooperation", "Most cooperative"), ("tension", "most tension")):
        shares = {p: counts.loc[p, tone] / totals[p] for p in ranked if counts.loc[p, tone] > 0}
        if shares:
            pair = max(shares, key=lambda p: (shares[p], totals[p]))
            text = evidence.share(int(counts.loc[pair, tone]), int(totals[pair]))
            if pairs is not None and events is not None and sources is not None:
                ids = pairs.loc[pairs["pair"].astype(str) == str(pair), "event_id"]
                text = evidence.with_dominance(text, evidence.events_of(ids, events), sources)
            parts.append(f"{words}: {pair} ({text})")
    few = [p for p in totals.index if 0 < totals[p] < evidence.MIN_EVENTS]
    if few:
        listed = "; ".join(f"{p}: {evidence.share(int(counts.loc[p, 'cooperation']), int(totals[p]))} cooperative"
                           for p in few)
        parts.append(f"fewer than {evidence.MIN_EVENTS} events, not ranked: {listed}")
    if not parts:
        return "Every event of these pairs is neutral in tone."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def tone_view(comp: Comparison) -> tuple[go.Figure, pd.DataFrame, str]:
    tones = analysis.tone_balance(comp.pairs)
    fig = build_tone(tones)
    fig = common.finish(fig, f"Tone balance: {comp.title}", comp.caption,
                        export_title=comp.export_title, export_subtitle="Tone balance")
    return fig, tones.assign(pair=tones["pair"].astype(str)), tone_summary(tones, comp.pairs, comp.events, comp.sources)


# -- (c2) Tone over time ----------------------------------------------------------------------

BIN_LABELS = {"periods": "named periods", "10": "10-year bins", "5": "5-year bins"}
TONE_TIME_GUIDE = ("How to read: each bar counts the events the sources date in that bin, split by tone, with n "
                   "above it. These are counts of dated events, not the intensity or the state of a relationship: "
                   "a tall bar can be one source's footnotes, and an empty bin is a gap in these sources. An event "
                   "counts once, in the bin of its start (an open start: of its known end).")


def build_tone_time(counts: pd.DataFrame, pairs: list[str], bins: list[str]) -> go.Figure:
    """Stacked bars per bin (x, in time order) of each pair's events by tone, one row per pair
    (named above it), n written above each bar; a pair with no events says so in its row title.
    `counts` from analysis.tone_over_time; every bin of any pair is on every row's axis."""
    fig = make_subplots(rows=max(1, len(pairs)), cols=1, shared_xaxes=True,
                        vertical_spacing=0.25 / max(1, len(pairs)),
                        subplot_titles=[common.safe(p, 80) + ("" if (counts["pair"] == p).any()
                                                              else " — no events in these sources") for p in pairs]
                        or None)  # fmt: skip
    top = max(1, int(counts["n"].max())) if len(counts) else 1
    for row, pair in enumerate(pairs, start=1):
        mine = counts[counts["pair"] == pair]
        for tone in common.TONE_SYMBOL:
            part = mine[mine["tone"] == tone]
            label = common.TONE_LABEL[tone]
            fig.add_trace(go.Bar(
                x=part["bin"], y=part["events"], name=label, legendgroup=tone, showlegend=row == 1,
                marker={"color": common.TONE_COLOR[tone], "pattern": {"shape": TONE_PATTERN[tone], "fgcolor": "white",
                                                                      "solidity": 0.15}},
                customdata=part[["partner", "bin", "tone", "events", "n"]].to_numpy(),
                hovertemplate=(f"<b>{common.safe(pair, 80)}</b><br>%{{customdata[1]}}<br>{label}: %{{customdata[3]}} "
                               "of n = %{customdata[4]}<br><i>Click to list the bin's events</i><extra></extra>"),
            ), row=row, col=1)  # fmt: skip
        totals = mine.drop_duplicates("bin")
        fig.add_trace(go.Scatter(x=totals["bin"], y=totals["n"], mode="text", text="n = " + totals["n"].astype(str),
                                 textposition="top center", showlegend=False, hoverinfo="skip", name="n",
                                 textfont={"color": common.MUTED, "size": 11}), row=row, col=1)
        fig.update_yaxes(row=row, col=1, range=[0, top * 1.35], fixedrange=True, nticks=3, title=None)
    fig.update_annotations(x=0, xanchor="left", font={"size": 13, "color": common.INK})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=bins, fixedrange=True)
    fig.update_layout(barmode="stack", height=150 + 150 * max(1, len(pairs)), hovermode="closest",
                      clickmode="event+select", bargap=0.25,
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"})
    return fig


def tone_time_summary(counts: pd.DataFrame, pairs: list[str], comp: Comparison | None = None,
                      binned: pd.DataFrame | None = None) -> str:
    """'Panama – Russia: 1990–1999 1 event (● 1); 2020–2029 15 events (▲ 8, ● 5, ▼ 2; 13 of 15 from
    one source: …). Panama – China: no events.' Counts only, each bin with its n."""
    if counts.empty:
        return "No pair has events in these sources under the current filters."
    parts = []
    for pair in pairs:
        mine = counts[counts["pair"] == pair]
        if mine.empty:
            parts.append(f"{pair}: no events in these sources.")
            continue
        bins = []
        for (label, n), rows in mine.groupby(["bin", "n"], sort=False):
            split = ", ".join(f"{common.TONE_LABEL[t].split()[0]} {k}" for t, k in zip(rows["tone"], rows["events"]) if k)
            text = f"{plural(int(n), 'event')}: {split}"
            if comp is not None and binned is not None:
                ids = binned.loc[(binned["pair"].astype(str) == pair) & (binned["bin"] == label), "event_id"]
                text = evidence.with_dominance(text, evidence.events_of(ids, comp.events), comp.sources)
            bins.append(f"{label} ({text})")
        parts.append(f"{pair}: " + "; ".join(bins) + ".")
    return " ".join(parts)


def tone_time_view(comp: Comparison, dataset: Dataset, bins: str = "periods") -> tuple[go.Figure, pd.DataFrame, str]:
    bins = bins if bins in analysis.BIN_CHOICES else "periods"
    counts = analysis.tone_over_time(comp.pairs, comp.events, dataset.periods, bins)
    binned = analysis.time_bins(comp.pairs, comp.events, dataset.periods, bins)
    order = list(binned.sort_values("bin_no").drop_duplicates("bin")["bin"])
    labels = [str(p) for p in comp.pairs["pair"].cat.categories]
    fig = build_tone_time(counts, labels, order)
    fig = common.finish(fig, f"Tone over time ({BIN_LABELS[bins]}): {comp.title}", comp.caption,
                        export_title=comp.export_title, export_subtitle=f"Tone over time ({BIN_LABELS[bins]})")
    return fig, counts, tone_time_summary(counts, labels, comp, binned)


# -- (d) The table per pair --------------------------------------------------------------------


def summary_table(comp: Comparison, dataset: Dataset) -> pd.DataFrame:
    """analysis.pair_summary as people read it: one row per pair, dates joined to titles; the share
    cooperative with its count ('75% of 12 events', '1 of 1 event' below evidence.MIN_EVENTS) and
    the evidence of each row (its events, and the one source that provides most of them if any)."""
    table = analysis.pair_summary(comp.pairs, dataset.event_themes, dataset.themes)

    def dated(name: str) -> pd.Series:
        date, title = table[f"{name}_date"], table[f"{name}_event"]
        return (date + " — " + title).where(date != "", title)

    cooperative = comp.pairs[comp.pairs["tone"] == "cooperation"].groupby("pair", observed=False)["event_id"].nunique()
    shares, behind = [], []
    for pair, total in zip(table["pair"].astype(str), table["events"]):
        shares.append(evidence.share(int(cooperative.get(pair, 0)), int(total)) if total else "")
        ids = comp.pairs.loc[comp.pairs["pair"].astype(str) == pair, "event_id"]
        behind.append(evidence.based_on(evidence.events_of(ids, comp.events), dataset.sources) if total else
                      analysis.NO_EVENTS)
    return pd.DataFrame({
        "pair": table["pair"].astype(str), "partner": table["partner"], "events": table["events"],
        "share cooperative": shares, "evidence": behind, "top themes": table["top_themes"],
        "first event": dated("first"), "latest event": dated("latest"),
    })  # fmt: skip


# -- Page level (filters applied; title and caption added) ------------------------------------


def chart_compare_heatmap(dataset: Dataset, filters: Filters, focal: str = DEFAULT.focal,
                          partners: tuple[str, ...] = DEFAULT.partners) -> go.Figure:
    return heatmap_view(comparison(dataset, filters, focal, tuple(partners)), dataset)[0]


def chart_compare_activity(dataset: Dataset, filters: Filters, focal: str = DEFAULT.focal,
                           partners: tuple[str, ...] = DEFAULT.partners) -> go.Figure:
    return activity_view(comparison(dataset, filters, focal, tuple(partners)))[0]


def chart_compare_tone(dataset: Dataset, filters: Filters, focal: str = DEFAULT.focal,
                       partners: tuple[str, ...] = DEFAULT.partners) -> go.Figure:
    return tone_view(comparison(dataset, filters, focal, tuple(partners)))[0]


def chart_compare_tone_time(dataset: Dataset, filters: Filters, focal: str = DEFAULT.focal,
                            partners: tuple[str, ...] = DEFAULT.partners, bins: str = "periods") -> go.Figure:
    """Each pair's events by tone per named period (bins=periods) or 10- or 5-year bin (bins=10, bins=5)."""
    return tone_time_view(comparison(dataset, filters, focal, tuple(partners)), dataset, bins)[0]


CHARTS = {"compare-heatmap": chart_compare_heatmap, "compare-activity": chart_compare_activity,
          "compare-tone": chart_compare_tone, "compare-tone-time": chart_compare_tone_time}  # fmt: skip
