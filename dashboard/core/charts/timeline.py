"""The home page's charts: events on a time axis in lanes, and events per year stacked by theme.

Decisions, so a reader does not have to reverse-engineer them:
- Lanes are actor pairs ("Panama – Russia", names in alphabetical order) or primary themes.
  An event with one actor is its own lane ("Russia"); with 2 to MAX_PAIR_ACTORS actors it is
  drawn once in every pair lane it involves (a Panama–Russia–United States event belongs to the
  Panama–Russia story as much as to the Panama–United States one); with more actors it goes to
  one "Multilateral" lane and to each of its pair lanes that smaller events (or the actor filter)
  open, instead of flooding the chart with pairs: a pair lane always counts every event of the
  pair (`analysis.pairs_of`, the rule every page counts by; a predecessor state counts as its
  successor when predecessors are on).
- Lanes are ordered by number of events (then name). Beyond MAX_LANES, the busiest
  MAX_LANES - 1 lanes are kept and the rest share one "Other (n lanes)" lane.
- Marker style: hollow when the date may fall outside the date filter (it only overlaps it); a
  dot inside when only a report dates the event (date_basis reported). An open start ("../2022")
  has no known beginning: its marker sits at its END, with a bar fading to the left.
- A marker sits at the START of the span an event's date covers: open ranges ("from 1989 on")
  run to today, so a midpoint would be an invented date; the per-year chart counts by start
  year too, so both charts agree. A date coarser than a day (month, year, range) also gets a
  thin bar from start to end behind its marker.
- Colour is the primary theme; the marker symbol (and its outline colour) is the tone: one
  marker trace per theme, named by its label, with symbol and outline per point. The legend
  shows a square per theme (the trace's first point, never drawn) and the tone symbols in its
  title; clicking a theme key hides that theme's markers and span bars.
- Markers of one lane that would overlap at the chart's width are spread over rows within the
  lane's band, which grows when it must (`dodge`): none covers another at 768 px or wider.
- Above SCATTERGL_FROM markers, WebGL traces keep the chart responsive. Above AGGREGATE_FROM
  markers no one can read single markers (and the browser would get megabytes of them): the
  lanes become a heatmap of events per lane and year (decade or century for long spans), with
  the commonest primary theme of each cell in its hover; narrowing the filters brings markers back.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import analysis, evidence
from ..filters import Filters, apply, describe, may_fall_outside, open_start
from ..load import Dataset
from . import common, dodge, margins, titles
from .counts import event_count_text, heatmap_trace, period_width, too_many_note

MAX_PAIR_ACTORS = 4  # 4 actors make 6 pair lanes; more is a multilateral event
MAX_LANES = 40
SCATTERGL_FROM = 2000
AGGREGATE_FROM = 5000  # markers; above this a heatmap of counts per lane and year replaces them
MULTILATERAL = f"Multilateral ({MAX_PAIR_ACTORS + 1}+ actors)"
LANE_PX, FRAME_PX, MIN_HEIGHT = 32, 190, 400  # FRAME_PX: default margins and the date axis
LEGEND_COLUMNS, LEGEND_ROW_PX = 3, 22
SLIDER_PX, SLIDER_ROOM = 40, 46  # the range slider's height, and what it adds under the date axis
PLOT_AXIS = "x2"  # the hidden x axis of the plot's traces, matched to the date axis (`overview_strip`)
#: Period labels are placed for the plot of a 390 px window (lanes labelled by codes): labels apart
#: there are apart at every wider width, as the bands only move further apart.
LABEL_PLOT_PX = 230
CAPTION_CHARS = 120  # about 720 px of 11 px text: fits the app's chart width beside the sidebar
MAX_LABEL_ROWS, LABEL_ROW = 4, 0.55  # period-label strip: rows, and a row's height in lanes
PERIOD_FILLS = ("rgba(68, 119, 170, 0.14)", common.PERIOD_FILL)  # alternate, so neighbours stay apart
LANE_TITLES = {"actors": "Events by actor pair", "theme": "Events by primary theme"}
LABEL_MAX, LABEL_CHARS = 25, 28  # events labelled on the chart at most (more cannot be read); a label's length
TONE_BUTTON_PX, TOGGLE_ROW_PX = 16, 30  # the tone toggles' middle from the figure's top; the row they add
FADE_STEPS, FADE_SHARE = 5, 0.12  # an open start's fading bar: pieces, and its reach as a share of the x range


# -- Lookups and escaping (vectorised: no per-row Python) -------------------------------------


def joined_labels(values: pd.Series, lookup: pd.DataFrame, column: str, sep: str = ", ") -> pd.Series:
    """A column of id tuples (actors, themes, sources) -> their labels joined, same index.
    Joined once per distinct tuple: far fewer than events (68 for 100,000 synthetic events)."""
    names = dict(zip(lookup["id"], lookup[column]))
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    joined = np.array([sep.join(str(names.get(i, i)) for i in key) for key in uniques] or [""], dtype=object)
    return pd.Series(joined[codes], index=values.index, dtype="str")


# -- Lanes and points -------------------------------------------------------------------------

POINT_COLUMNS = ("id", "date", "start", "end", "precision", "date_label", "title", "tone", "actors", "primary_theme",
                 "date_basis")


OPTIONAL_COLUMNS = {"date": "", "date_basis": "event"}
MARK_COLUMNS = ("open_start", "x", "outside")  # how a marker is drawn: where, hollow or not


def _pair_lanes(ids: tuple, names: dict[str, str], rep: dict[str, str], opened: set[str] | None = None) -> list[str]:
    """The lanes of one actor list: its one actor, each pair it belongs to ('A – B', names in
    alphabetical order; `analysis.pairs_of`, so a predecessor counts as its successor when asked),
    or, with more than MAX_PAIR_ACTORS actors, the multilateral lane AND each of its pair lanes
    that smaller events or the actor filter open (`opened`): a pair's lane counts every event of
    the pair, as every other page does, without a lane for each of the many pairs of one summit."""
    pairs = analysis.pairs_of(ids, rep)
    if not pairs:
        return sorted({str(names.get(rep.get(i, i), rep.get(i, i))) for i in ids})[:1]
    labels = [" – ".join(sorted((str(names.get(a, a)), str(names.get(b, b))))) for a, b in pairs]
    if len({rep.get(i, i) for i in ids}) > MAX_PAIR_ACTORS:
        return [MULTILATERAL, *sorted(label for label in labels if label in (opened or set()))]
    return sorted(labels)


def _theme_labels(events: pd.DataFrame, themes: pd.DataFrame) -> np.ndarray:
    """Each event's primary theme label (its id where the theme has no label)."""
    labels = events["primary_theme"].map(dict(zip(themes["id"], themes["label"])))
    return labels.fillna(events["primary_theme"]).astype(str).to_numpy(dtype=object)


def _lane_rows(events: pd.DataFrame, lanes: str, themes: pd.DataFrame,
               actors: pd.DataFrame, predecessors: bool = True, chosen: tuple[str, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
    """(row position of the event, lane name) for every marker. Lanes are worked out once per
    distinct actor list (far fewer than events), then spread to the events with numpy."""
    if lanes == "theme":
        return np.arange(len(events)), _theme_labels(events, themes)
    names = dict(zip(actors["id"], actors["name"]))
    rep = analysis.representatives(actors, predecessors)
    codes, uniques = pd.factorize(events["actors"], use_na_sentinel=False)
    small = [_pair_lanes(tuple(ids), names, rep) for ids in uniques]
    opened = {lane for lanes in small if MULTILATERAL not in lanes for lane in lanes}
    opened |= set(_pair_lanes(tuple(chosen), names, rep)) if len(chosen) > 1 else set()  # the pairs asked for
    per_list = [_pair_lanes(tuple(ids), names, rep, opened) if MULTILATERAL in lanes else lanes
                for ids, lanes in zip(uniques, small)]
    sizes = np.array([len(lanes) for lanes in per_list], dtype=np.int64)
    flat = np.array([lane for lanes in per_list for lane in lanes] or [""], dtype=object)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    per_event = sizes[codes]
    positions = np.repeat(np.arange(len(events)), per_event)
    within = np.arange(len(positions)) - np.repeat(np.cumsum(per_event) - per_event, per_event)
    return positions, flat[np.repeat(starts[codes], per_event) + within]


def _cap_lanes(lane: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Each marker's lane number, lanes ordered by marker count (then name); beyond MAX_LANES the
    busiest MAX_LANES - 1 are kept and the rest share one 'Other (n lanes)' lane. Also the order."""
    codes, names = pd.factorize(lane)
    counts = np.bincount(codes, minlength=len(names))
    ranked = sorted(range(len(names)), key=lambda i: (-counts[i], names[i]))
    rank = np.empty(len(names), dtype=np.int64)
    rank[ranked] = np.arange(len(names))
    order = [str(names[i]) for i in ranked]
    if len(order) > MAX_LANES:
        rank = np.minimum(rank, MAX_LANES - 1)
        order = [*order[: MAX_LANES - 1], f"Other ({len(order) - MAX_LANES + 1} lanes)"]
    return rank[codes], order


def _in_date_order(events: pd.DataFrame) -> bool:
    """Whether rows are sorted by (start, id), as the dataset and every filter of it are."""
    start, ids = events["start"].to_numpy(), events["id"].to_numpy(dtype=object)
    later, same = start[1:] > start[:-1], start[1:] == start[:-1]
    return bool(np.all(later | (same & (ids[1:] >= ids[:-1]))))


def timeline_points(events: pd.DataFrame, *, lanes: str, themes: pd.DataFrame, actors: pd.DataFrame,
                    filters: Filters | None = None) -> pd.DataFrame:
    """One row per marker, in (lane, x, id) order: the event's POINT_COLUMNS plus `lane`,
    `lane_no`, `y` (lane + nudge), `actor_names` and `theme_label`; `open_start` (the date has no
    known start: '../2022'), `x` (where its marker sits: the start, or the end of an open start)
    and `outside` (the date only overlaps the date filter of `filters`: it may fall outside it).
    Vectorised: no per-event Python.
    Above AGGREGATE_FROM markers (drawn as counts) only what counting needs, in no set order:
    id, start, end, tone, primary_theme, lane, lane_no, theme_label."""
    if lanes not in LANE_TITLES:
        raise ValueError(f"lanes must be one of {sorted(LANE_TITLES)}, not {lanes!r}")
    missing = {column: default for column, default in OPTIONAL_COLUMNS.items() if column not in events}
    events = events.assign(**missing) if missing else events  # frames built by hand (tests) may lack them
    outside = may_fall_outside(filters, events).to_numpy() if filters is not None else np.zeros(len(events), bool)
    events = events[list(POINT_COLUMNS)].reset_index(drop=True)
    events["open_start"] = open_start(events).to_numpy()
    events["x"] = events["start"].where(~events["open_start"], events["end"])
    events["outside"] = outside
    chosen = filters.actors if filters is not None and filters.match == "all" else ()
    positions, lane = _lane_rows(events, lanes, themes, actors, filters.predecessors if filters else True, chosen)
    lane_no, order = _cap_lanes(lane)
    if len(order) == MAX_LANES and order[-1].startswith("Other ("):  # an event in several folded lanes: once
        keep = ~pd.DataFrame({"p": positions, "l": lane_no}).duplicated().to_numpy()
        positions, lane_no = positions[keep], lane_no[keep]
    counting = len(positions) > AGGREGATE_FROM  # drawn as counts: no order, nudges or names needed
    if not counting:  # rows are in (start, id) order already, as the dataset keeps them; else rank the ids
        tiebreak = positions if _in_date_order(events) else pd.factorize(events["id"], sort=True)[0][positions]
        ranked = np.lexsort((tiebreak, events["x"].to_numpy()[positions], lane_no))
        positions, lane_no = positions[ranked], lane_no[ranked]
    columns = ["id", "start", "end", "tone", "primary_theme"] if counting else [*POINT_COLUMNS, *MARK_COLUMNS]
    points = events[columns].take(positions).reset_index(drop=True)
    points["lane"] = pd.array(np.asarray(order, dtype=object)[lane_no], dtype="str")
    points["lane_no"] = lane_no
    if not counting:
        low, high = first_frame(points)
        y, centres, heights = dodge.dodged_y(lane_no, dodge.days(points["x"]), len(order),
                                             x_span=(high - low) / pd.Timedelta(days=1))
        points["y"], points["lane_y"], points["lane_h"] = y, centres[lane_no], heights[lane_no]
        points["actor_names"] = joined_labels(events["actors"], actors, "name").to_numpy()[positions]
    points["theme_label"] = pd.array(_theme_labels(events, themes)[positions], dtype="str")
    return points


def lane_order(points: pd.DataFrame) -> list[str]:
    return list(points.drop_duplicates("lane_no").sort_values("lane_no")["lane"])


def lane_geometry(points: pd.DataFrame, n_lanes: int) -> tuple[np.ndarray, np.ndarray]:
    """(centre, height) of each lane in lane units: from the dodge when markers are drawn, one
    unit per lane (centres 0, 1, 2, ...) when the chart counts."""
    if "lane_y" not in points:
        return np.arange(n_lanes, dtype=float), np.ones(n_lanes)
    lanes = points.drop_duplicates("lane_no").sort_values("lane_no")
    return lanes["lane_y"].to_numpy(dtype=float), lanes["lane_h"].to_numpy(dtype=float)


def hover_text(points: pd.DataFrame, lane: bool = False) -> pd.Series:
    """Title (bold), the date as curated, actors and tone; with `lane`, the lane's full name (the
    screen labels lanes by codes); all escaped."""
    tone = points["tone"].map(common.TONE_LABEL).fillna(points["tone"])
    dated = pd.Series("", index=points.index)
    if "date_basis" in points:
        dated = dated.where(points["date_basis"] != "reported", " (the date of a report)")
    if "outside" in points:
        dated = dated + pd.Series(np.where(points["outside"], " · may fall outside the dates", ""), index=points.index)
    return ("<b>" + common.safe_column(points["title"], 200) + "</b><br>" + common.safe_column(points["date_label"])
            + dated + "<br>" + common.safe_column(points["actor_names"]) + "<br>" + tone + " · "
            + common.safe_column(points["theme_label"])
            + (("<br><i>Lane: " + common.safe_column(points["lane"], 120) + "</i>") if lane else ""))  # fmt: skip


# -- Traces -----------------------------------------------------------------------------------


def _day_strings(values) -> np.ndarray:
    """Dates as 'YYYY-MM-DD' strings (the day they fall on), vectorised."""
    return np.datetime_as_string(np.asarray(values, dtype="datetime64[ns]").astype("datetime64[D]"), unit="D").astype(object)


def _span_trace(spans: pd.DataFrame, color: str, theme: str, kind: str) -> dict:
    """Start-to-end bars of the coarse dates of one theme, as one trace with gaps."""
    return _bars(_day_strings(spans["start"]), _day_strings(spans["end"]), spans["y"].to_numpy(), color, theme, kind)


def _bars(starts: np.ndarray, ends: np.ndarray, y: np.ndarray, color: str, theme: str, kind: str) -> dict:
    """`_span_trace` of (start, end) day strings at heights `y`."""
    n = len(starts)
    x = np.empty(3 * n, dtype=object)
    ys = np.empty(3 * n, dtype=object)
    x[0::3], x[1::3] = starts, ends
    ys[0::3] = ys[1::3] = y
    x[2::3] = ys[2::3] = None
    return {"type": kind, "x": x, "y": ys, "mode": "lines", "line": {"color": color, "width": 5}, "opacity": 0.4,
            "hoverinfo": "skip", "showlegend": False, "legendgroup": theme, "name": f"span:{theme}"}


def marker_symbols(points: pd.DataFrame) -> pd.Series:
    """The plotly symbol of each marker: the tone's shape (▲ ● ▼); hollow ('-open') when the event may
    fall outside the date filter; with a dot in its middle ('-dot') when only a report dates it."""
    base = points["tone"].map(common.TONE_SYMBOL).fillna("circle")
    hollow = points["outside"].to_numpy(dtype=bool) if "outside" in points else np.zeros(len(points), bool)
    reported = (points["date_basis"] == "reported").to_numpy() if "date_basis" in points else np.zeros(len(points), bool)
    return base + np.where(hollow, "-open", "") + np.where(reported, "-dot", "")


def _fade_traces(opens: pd.DataFrame, color: str, theme: str, kind: str, reach: pd.Timedelta) -> list[dict]:
    """Open starts ('../2022': anything up to its end): a bar from the end leftwards over `reach`,
    in FADE_STEPS pieces each fainter than the one to its right, so it never seems to begin anywhere."""
    traces = []
    ends, y = opens["end"].to_numpy(dtype="datetime64[ns]"), opens["y"].to_numpy()
    step_span = np.timedelta64(reach.value // FADE_STEPS, "ns")
    for step in range(FADE_STEPS):
        right, left = ends - step_span * step, ends - step_span * (step + 1)
        trace = _bars(_day_strings(left), _day_strings(right), y, color, theme, kind)
        trace.update(opacity=round(0.55 * (1 - step / FADE_STEPS) ** 1.5, 3), name=f"open-start:{theme}:{step}")
        traces.append(trace)
    return traces


def _marker_columns(points: pd.DataFrame, labelled: bool = False) -> dict[str, np.ndarray]:
    """What the marker traces take from each point, as arrays computed once for all points."""
    columns = {"x": _day_strings(points["x"]), "y": points["y"].to_numpy(), "id": points["id"].to_numpy(dtype=object),
               "hover": points["hover"].to_numpy(dtype=object), "symbol": marker_symbols(points).to_numpy(dtype=object),
               "tone": points["tone"].to_numpy(dtype=object)}  # fmt: skip
    if labelled:  # the label's text, and the marker's time, which side of the frame's middle it goes
        columns["label"] = common.safe_column(points["title"], LABEL_CHARS).to_numpy(dtype=object)
        columns["x_time"] = points["x"].to_numpy(dtype="datetime64[ns]")
    return columns


def _rows_by(keys: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """(key, row positions) in the order keys first occur, each in row order (as groupby, sort=False)."""
    codes, uniques = pd.factorize(keys)
    return [(str(key), np.flatnonzero(codes == k)) for k, key in enumerate(uniques)]


def _theme_traces(columns: dict, by_tone: list, color: str, theme: str, label: str, kind: str,
                  labelled: bool, frame: tuple | None) -> list[dict]:
    """The markers of one primary theme: its legend key (a square in the theme colour with no
    position, so it is never drawn), then one trace per tone (symbol and outline colour: the
    tone), all in the theme's legend group, so clicking the key hides the theme, and a tone
    toggle (`tone_toggles`) hides one tone across themes. `columns`: `_marker_columns` of all
    points; `by_tone`: (tone, rows of this theme). `labelled`: each marker carries its event's
    title, shortened, beside it, towards the middle of the first `frame` (x range)."""
    traces = [{"type": kind, "x": [None], "y": [None], "mode": "markers", "name": common.safe(label),
               "legendgroup": theme, "hoverinfo": "skip", "meta": {"key": theme},
               "marker": {"color": color, "size": 11, "symbol": "square", "line": {"color": color, "width": 1.5}}}]
    for tone, rows in by_tone:
        trace = {
            "type": kind, "x": columns["x"][rows].tolist(), "y": columns["y"][rows].tolist(),
            "mode": "markers+text" if labelled else "markers", "name": common.safe(label), "legendgroup": theme,
            "showlegend": False, "meta": {"tone": tone}, "customdata": columns["id"][rows].tolist(),
            "hovertext": columns["hover"][rows].tolist(), "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"color": color, "size": 11, "symbol": columns["symbol"][rows].tolist(),
                       "line": {"color": common.TONE_COLOR.get(tone, common.MUTED), "width": 1.5}},
        }  # fmt: skip
        if labelled:  # to the right of a marker in the left half of the first frame, else to its left
            low, high = frame
            middle = np.datetime64(low + (high - low) / 2, "ns")
            side = np.where(columns["x_time"][rows] < middle, "middle right", "middle left")
            trace.update(text=columns["label"][rows].tolist(), textposition=side.tolist(),
                         textfont={"size": 10, "color": common.INK})
        traces.append(trace)
    return traces


def tone_toggles(traces: list[dict], tones: list[str]) -> list[dict]:
    """One toggle button per tone shown (three `updatemenus` of one button each, so each keeps its
    own state): a click hides that tone's markers and span bars on every theme, the next shows
    them again. Plotly's legend groups a trace under one key only, and the theme keys have it;
    the buttons sit in a row of their own above the legend."""
    menus = []
    for i, tone in enumerate(t for t in common.TONE_SYMBOL if t in tones):
        ids = [n for n, trace in enumerate(traces) if (trace.get("meta") or {}).get("tone") == tone]
        shown, hidden = common.TONE_LABEL[tone], f'<span style="color:#9aa0aa">{common.TONE_LABEL[tone]}</span>'
        menus.append({
            "type": "buttons", "direction": "right", "showactive": False, "active": -1, "name": f"tone:{tone}",
            "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",  # placed by `place_toggles`
            "bgcolor": "#ffffff", "bordercolor": "#c9ced8", "font": {"size": 11, "color": common.TONE_COLOR[tone]},
            "buttons": [{"label": shown, "method": "update",
                         "args": [{"visible": False}, {f"updatemenus[{i}].buttons[0].label": hidden}, ids],
                         "args2": [{"visible": True}, {f"updatemenus[{i}].buttons[0].label": shown}, ids]}],
        })  # fmt: skip
    return menus


def place_toggles(spec: dict) -> dict:
    """The tone toggles in a row of their own over the title (the figure grows by TOGGLE_ROW_PX and
    the title moves down: a legend that wraps at a narrow width grows up towards the title, never
    into the toggles), from the plot's left edge, 'Tones:' in the lane-label column beside them;
    placed in pixels (menu pads), so they keep their spacing at any width."""
    layout = spec.get("layout", {})
    menus = layout.get("updatemenus")
    if not menus:
        return spec
    margin = layout.get("margin", {})
    top = (margin.get("t") or 100) + TOGGLE_ROW_PX
    height = (layout.get("height") or MIN_HEIGHT) + TOGGLE_ROW_PX
    # pixels up from the plot's top edge, which sits at the top margin (paper units would not do:
    # the range slider takes its room out of the plot's height)
    up = top - TONE_BUTTON_PX
    placed, left = [], 0.0
    for menu in menus:
        placed.append({**menu, "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",
                       "pad": {"l": left, "t": 0, "b": up - 11}})
        left += margins.text_width(html.unescape(re.sub(r"<[^>]+>", "", menu["buttons"][0]["label"])), 11) + 16
    note = {"text": "<b>Tones:</b>", "xref": "paper", "yref": "paper", "x": 0, "y": 1, "xanchor": "right",
            "yanchor": "middle", "xshift": -6, "yshift": up, "showarrow": False,
            "font": {"size": 12, "color": common.INK}, "name": "tone-toggles"}  # fmt: skip
    meta = {**(layout.get("meta") or {}), "toggle_row_px": TOGGLE_ROW_PX}
    title = dict(layout.get("title") or {})
    title["pad"] = {**(title.get("pad") or {}), "t": ((title.get("pad") or {}).get("t") or 0) + TOGGLE_ROW_PX}
    return common.merged(spec, {"updatemenus": placed, "margin": {"t": top}, "height": height, "meta": meta,
                                "annotations": [*layout.get("annotations", []), note], "title": title})


def _theme_order(points: pd.DataFrame, themes: pd.DataFrame) -> list[str]:
    """The primary themes shown, in themes.yaml order (then any unknown ones, sorted): the legend's order."""
    shown = set(points["primary_theme"].unique())
    known = [t for t in themes["id"] if t in shown]
    return known + sorted(shown - set(known))


def legend_title(tones: set[str], points: pd.DataFrame | None = None) -> str:
    """'Colour: primary theme · Symbol: tone ▲ cooperation ● neutral ▼ tension', symbols in tone colours;
    then the marker styles the points use (hollow, dotted, fading bar); in lines that fit a phone's
    chart (`common.legend_title_lines`)."""
    keys = "  ".join(f'<span style="color:{common.TONE_COLOR[t]}">{common.TONE_LABEL[t][0]}</span> {t}'
                     for t in common.TONE_SYMBOL if t in tones)  # fmt: skip
    parts = ["<b>Colour:</b> primary theme", f"<b>Symbol:</b> tone  {keys}", "<b>Bar:</b> span of an imprecise date"]
    if points is not None and len(points):
        if "date_basis" in points and (points["date_basis"] == "reported").any():
            parts.append("<b>⊙ dot inside:</b> dated only by a report")
        if "outside" in points and points["outside"].any():
            parts.append("<b>Hollow:</b> may fall outside the dates")
        if "open_start" in points and points["open_start"].any():
            parts.append("<b>Fading bar:</b> open start, known end")
    return common.legend_title_lines(parts)


def first_frame(points: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The x range the chart opens on: the events' span with a little margin either side."""
    low, high = points["start"].min(), points["end"].max()
    pad = max((high - low) * 0.02, pd.Timedelta(days=60))
    return low - pad, high + pad


def _label_extent(left: float, right: float, middle: float, width: float) -> tuple[float, float, bool]:
    """(from, to) in px of a band label `width` px wide, and whether it ends at the band's end:
    bands in the right half of the frame are labelled from their end leftwards, so no label runs
    out of the plot."""
    at_end = left + (right - left) / 2 > middle
    return (right - 4 - width, right - 4, True) if at_end else (left + 4, left + 4 + width, False)


def _shorter(label: str) -> list[str]:
    """A period label, then shorter forms of it: without its bracketed dates, then cut word by word."""
    forms = [label]
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", label)
    if bare and bare != label:
        forms.append(bare)
    words = bare.split()
    forms += [" ".join(words[:n]) + "…" for n in range(len(words) - 1, 0, -1)]
    return forms


def place_labels(bands: list[tuple[float, float, str]], plot_px: float, rows: int = MAX_LABEL_ROWS,
                 font_px: int = 11) -> list[tuple[int, str, bool]]:
    """Each band's label row and text, so that no two labels of a row overlap (8 px apart) and
    none leaves the plot: the first row with room, else a shorter form of the label in the row
    with the most room (its full text stays in the hover). `bands`: (left, right, label) in px
    from the plot's left edge, in start order. Returns (row, text, labelled from the band's end)."""
    taken: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
    placed = []
    for left, right, label in bands:
        choice = None
        for text in _shorter(label):
            width = margins.text_width(text, font_px)
            lo, hi, at_end = _label_extent(left, right, plot_px / 2, width)
            if lo < 0 or hi > plot_px:
                continue
            free = [r for r in range(rows) if all(hi + 8 <= a or lo >= b + 8 for a, b in taken[r])]
            if free:
                choice = (free[0], text, at_end, lo, hi)
                break
        if choice is None:  # nothing fits: the shortest form, on the row whose labels end furthest left
            text = _shorter(label)[-1]
            lo, hi, at_end = _label_extent(left, right, plot_px / 2, margins.text_width(text, font_px))
            row = min(range(rows), key=lambda r: max((b for a, b in taken[r]), default=-1e9))
            choice = (row, text, at_end, lo, hi)
        row, text, at_end, lo, hi = choice
        taken[row].append((lo, hi))
        placed.append((row, text, at_end))
    return placed


def period_parts(periods: pd.DataFrame, x_range: tuple[pd.Timestamp, pd.Timestamp],
                 plot_px: float = dodge.DESIGN_PLOT_PX) -> tuple[list, list, int]:
    """Named periods as shaded vertical bands (shapes), labelled in a strip at the top of the plot
    (annotations) on as few rows as keep labels apart at the design width (`place_labels`), a
    shortened label with its full text in the hover; and the label rows used."""
    low, high = x_range
    if periods.empty:
        return [], [], 0
    shown = periods[(periods["end_date"] >= low) & (periods["start_date"] <= high)].sort_values("start_date")
    scale = plot_px / ((high - low) / pd.Timedelta(days=1))
    px = [(max((max(r.start_date, low) - low) / pd.Timedelta(days=1) * scale, 0.0),
           min((min(r.end_date + pd.Timedelta(days=1), high) - low) / pd.Timedelta(days=1) * scale, plot_px),
           str(r.label)) for r in shown.itertuples()]  # fmt: skip
    placed = place_labels(px, plot_px)
    rows = max((row for row, _, _ in placed), default=-1) + 1
    shapes, notes = [], []
    for i, (row, (text, at_end)) in enumerate(zip(shown.itertuples(), ((t, e) for _, t, e in placed))):
        x0, x1 = row.start_date, row.end_date + pd.Timedelta(days=1)
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1,
                       "layer": "below", "line": {"width": 0}, "fillcolor": PERIOD_FILLS[i % 2],
                       "name": f"period:{row.id}"})  # fmt: skip
        line = placed[i][0]
        left, right = max(x0, low), min(x1, high)
        notes.append({"x": right if at_end else left, "y": -0.5 - (rows - line - 0.5) * LABEL_ROW,
                      "xref": "x", "yref": "y", "text": common.safe(text), "showarrow": False,
                      "hovertext": common.safe(row.label), "captureevents": False,
                      "xanchor": "right" if at_end else "left", "xshift": -4 if at_end else 4, "yanchor": "middle",
                      "font": {"size": 11, "color": common.MUTED}, "name": f"period:{row.id}"})  # fmt: skip
    return shapes, notes, rows


def _selected_trace(points: pd.DataFrame, selected: str | None) -> list[dict]:
    """A dark ring around the selected event's markers (not hoverable: clicks reach the marker)."""
    rows = points[points["id"] == selected] if selected else points.iloc[0:0]
    if rows.empty:
        return []
    return [{"type": "scatter", "x": rows["x"].to_numpy(), "y": rows["y"].to_numpy(), "mode": "markers",
             "name": "selected", "showlegend": False, "hoverinfo": "skip",
             "marker": {"symbol": "circle-open", "size": 22, "color": common.INK, "line": {"width": 2.5}}}]


# -- Counts instead of markers, when there are too many to read -------------------------------


def aggregated(points: pd.DataFrame) -> bool:
    """Whether the timeline draws counts per lane and period instead of one marker per event."""
    return len(points) > AGGREGATE_FROM


def bin_years(points: pd.DataFrame) -> int:
    """Width of a count cell in years: 1, or 10 / 100 when the events span centuries."""
    return period_width(points["start"].dt.year)


def lane_counts(points: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """Markers per lane and period (a year, or a decade/century for long spans), with the
    commonest primary theme of each cell: columns lane_no, lane, period, start, end, events,
    top_theme. Vectorised: one groupby, no per-row Python."""
    width = bin_years(points)
    first = (points["start"].dt.year // width) * width
    cells = pd.DataFrame({"lane_no": points["lane_no"], "lane": points["lane"], "first": first,
                          "theme": points["theme_label"]})  # fmt: skip
    keys = ["lane_no", "lane", "first"]
    counts = cells.groupby(keys, sort=True).size().rename("events")
    top = cells.groupby([*keys, "theme"]).size().rename("n").reset_index()
    top = top.sort_values(["n", "theme"], ascending=[False, True], kind="stable").drop_duplicates(keys)
    out = counts.reset_index().merge(top[[*keys, "theme"]], on=keys, how="left").rename(columns={"theme": "top_theme"})
    last = out["first"] + width - 1
    out["period"] = out["first"].astype(str) if width == 1 else out["first"].astype(str) + "–" + last.astype(str)
    out["start"] = pd.to_datetime(out["first"].astype(str) + "-01-01", format="%Y-%m-%d", errors="coerce")
    out["end"] = pd.to_datetime(last.astype(str) + "-12-31", format="%Y-%m-%d", errors="coerce")
    return out[["lane_no", "lane", "period", "start", "end", "events", "top_theme"]]


def _count_traces(counts: pd.DataFrame, points: pd.DataFrame, n_lanes: int) -> list[dict]:
    """One heatmap: a row per lane, a column per period, colour = number of events."""
    hover = (common.safe_column(counts["lane"], 80) + "<br>" + counts["period"] + ": "
             + event_count_text(counts["events"]) + "<br>most common primary theme: "
             + common.safe_column(counts["top_theme"], 80))  # fmt: skip
    return [heatmap_trace(counts["lane_no"], counts["start"].dt.year, counts["events"], hover, n_lanes,
                          bin_years(points))]


def build_timeline(events: pd.DataFrame, *, lanes: str = "actors", themes: pd.DataFrame, actors: pd.DataFrame,
                   periods: pd.DataFrame, selected: str | None = None, points: pd.DataFrame | None = None,
                   labelled: bool = False) -> go.Figure:
    """The timeline figure for already-filtered events (see the module docstring for decisions);
    `selected` is an event id to ring; `points` are `timeline_points` of the same events, when the
    caller has them already; `labelled`: titles beside the markers (up to LABEL_MAX events)."""
    return common.figure(timeline_spec(events, lanes=lanes, themes=themes, actors=actors, periods=periods,
                                       selected=selected, points=points, labelled=labelled))


def timeline_spec(events: pd.DataFrame, *, lanes: str = "actors", themes: pd.DataFrame, actors: pd.DataFrame,
                  periods: pd.DataFrame, selected: str | None = None, points: pd.DataFrame | None = None,
                  counts: pd.DataFrame | None = None, labelled: bool = False) -> dict:
    """`build_timeline` as plain dicts ({"data": [...], "layout": {...}}); `counts`: the
    `lane_counts` of these points, when the caller has them already."""
    menus: list[dict] = []
    if events.empty:
        return {"data": [], "layout": {}}
    if points is None:
        points = timeline_points(events, lanes=lanes, themes=themes, actors=actors)
    colors = dict(zip(themes["id"], themes["color"]))
    labels = dict(zip(themes["id"], themes["label"]))
    order = lane_order(points)
    if aggregated(points):
        counts = lane_counts(points, themes) if counts is None else counts
        traces = _count_traces(counts, points, len(order))
        legend_text = f"<b>Colour:</b> number of events per lane and {'year' if bin_years(points) == 1 else 'period'}"
    else:
        kind = "scattergl" if len(points) > SCATTERGL_FROM else "scatter"
        points = points.assign(hover=hover_text(points, lane=lanes == "actors"))
        spans = points[(points["end"] > points["start"]) & ~points["open_start"]]
        traces = [{**_span_trace(group, colors.get(theme, common.MUTED), theme, kind), "meta": {"tone": tone}}
                  for (theme, tone), group in spans.groupby(["primary_theme", "tone"], sort=False)]
        low, high = first_frame(points)
        reach = max((high - low) * FADE_SHARE, pd.Timedelta(days=180))
        for (theme, tone), group in points[points["open_start"]].groupby(["primary_theme", "tone"], sort=False):
            traces += [{**fade, "meta": {"tone": tone}}
                       for fade in _fade_traces(group, colors.get(theme, common.MUTED), theme, kind, reach)]
        labelled = labelled and points["id"].nunique() <= LABEL_MAX
        columns = _marker_columns(points, labelled)
        rows_of = dict(_rows_by(points["primary_theme"].to_numpy(dtype=object)))
        for theme in _theme_order(points, themes):
            rows = rows_of[theme]
            by_tone = [(tone, rows[part]) for tone, part in _rows_by(columns["tone"][rows])]
            traces += _theme_traces(columns, by_tone, colors.get(theme, common.MUTED), theme,
                                    labels.get(theme, theme), kind, labelled, (low, high))
        traces += _selected_trace(points, selected)
        legend_text = legend_title(set(points["tone"].unique()), points)
        menus = tone_toggles(traces, list(points["tone"].unique()))
    x_range = first_frame(points)
    shapes, notes, label_rows = period_parts(periods, x_range, LABEL_PLOT_PX)
    centres, heights = lane_geometry(points, len(order))
    plot_px = LANE_PX * (heights.sum() + label_rows * LABEL_ROW)
    layout = {
        "height": max(MIN_HEIGHT, int(FRAME_PX + plot_px)), "hovermode": "closest", "clickmode": "event+select",
        "shapes": shapes, "annotations": notes,
        "xaxis": {"type": "date", "range": list(x_range), "showgrid": True, "title": None, "automargin": False,
                  **common.TICKS_AS_DRAWN, "rangeslider": overview_strip(plot_px, x_range)},
        # the plot's traces are on a hidden x axis that follows the date axis: plotly draws in a
        # range slider every trace of the slider's axis again (half of the chart's drawing time)
        PLOT_AXIS.replace("x", "xaxis"): {"type": "date", "range": list(x_range), "matches": "x", "overlaying": "x",
                                           "visible": False},
        "yaxis": {"tickvals": centres.tolist(), "ticktext": lane_ticks(order), "tickfont": {"size": 11.5},
                  **common.TICKS_AS_DRAWN,
                  "range": [heights.sum() - 0.5, -0.5 - label_rows * LABEL_ROW], "fixedrange": True, "zeroline": False,
                  "automargin": True, "showgrid": True, "gridcolor": "#eceef2", "title": None},
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom", "valign": "middle",
                   "entrywidthmode": "fraction", "entrywidth": 0.95 / LEGEND_COLUMNS, "groupclick": "togglegroup",
                   "title": {"text": legend_text, "side": "top"}, "tracegroupgap": 0},
        "meta": screen_lanes(order, lanes, actors),
    }  # fmt: skip
    if menus:
        layout["updatemenus"] = menus
    return {"data": [{**trace, "xaxis": PLOT_AXIS} for trace in traces], "layout": layout}


def screen_lanes(order: list[str], lanes: str, actors: pd.DataFrame, size: float = 11.5) -> dict:
    """layout.meta for narrow screens: lanes labelled by codes ('PAN – RUS'; theme lanes wrapped), the
    left margin that holds them, and the key of the codes (`common.screen_spec`)."""
    shorts, key = common.codes_of(order, actors) if lanes == "actors" else ([common.short_label(o, {}) for o in order], {})
    return {common.NARROW: {"yaxis": {"ticktext": shorts}, "margin": {"l": common.label_margin(shorts, size)}},
            common.CODES: key}


def overview_strip(plot_px: float, x_range: tuple) -> dict:
    """The range slider under the date axis, to move and zoom with: the first frame's span, the
    window on it. It holds no trace: plotly draws every trace of the slider's axis again in it,
    which doubled the chart's drawing time, so the plot's traces are on their own axis (PLOT_AXIS)."""
    return {"visible": True, "range": list(x_range), "thickness": min(0.3, SLIDER_PX / max(plot_px, 1.0)),
            "bgcolor": "#f4f5f8", "bordercolor": "#c9ced8", "borderwidth": 1}


def lane_ticks(lanes: list[str], width: int = 28) -> list[str]:
    """Escaped lane labels; a long pair label breaks after its dash, so the label column stays narrow."""
    ticks = []
    for lane in lanes:
        text = common.safe(lane, 80)
        ticks.append(text.replace(" – ", " –<br>", 1) if len(lane) > width and " – " in lane else text)
    return ticks


def timeline_summary(points: pd.DataFrame, events: pd.DataFrame | None = None,
                     sources: pd.DataFrame | None = None) -> str:
    """'128 events from 1909 to 2026 in 61 lanes; busiest lane: Panama – Russia (20 events; 16 of 20
    from one source: …).' No busiest lane below evidence.MIN_EVENTS events (plus, when markers are
    too many to draw, how they are counted instead)."""
    if points.empty:
        return "No events."
    n_events = points["id"].nunique()
    busiest = points.groupby("lane").size().sort_values(ascending=False, kind="stable")
    first, last = points["start"].min().year, points["start"].max().year
    span = str(first) if first == last else f"{first} to {last}"
    text = f"{evidence.plural(n_events)} from {span} in {evidence.plural(len(busiest), 'lane')}; "
    found = evidence.top(busiest)
    if found is None:
        text += f"no lane has {evidence.MIN_EVENTS} or more events, too few to single one out."
    else:
        labels, n = found
        behind = evidence.plural(n)
        if len(labels) == 1 and events is not None and sources is not None:
            ids = points.loc[points["lane"] == labels[0], "id"]
            behind = evidence.with_dominance(behind, evidence.events_of(ids, events), sources)
        text += f"busiest lane: {' and '.join(labels)} ({behind}{' each' if len(labels) > 1 else ''})."
    if aggregated(points):
        text += too_many_note(len(points), AGGREGATE_FROM, bin_years(points))
    return text


def timeline_table(points: pd.DataFrame, themes: pd.DataFrame | None = None,
                   counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The data behind the timeline, as people read it: one row per marker, or, when the chart
    shows counts, one row per lane and period (from `counts`, else from `themes`)."""
    if aggregated(points) and (themes is not None or counts is not None):
        counts = lane_counts(points, themes) if counts is None else counts
        return pd.DataFrame({"lane": counts["lane"], "period": counts["period"], "events": counts["events"],
                             "most common primary theme": counts["top_theme"]})  # fmt: skip
    start = points["start"].dt.date.where(~points["open_start"], None) if "open_start" in points else points["start"].dt.date
    table = pd.DataFrame({
        "lane": points["lane"], "date": points["date_label"], "start": start,
        "end": points["end"].dt.date, "title": points["title"], "actors": points["actor_names"],
        "primary theme": points["theme_label"], "tone": points["tone"], "id": points["id"],
    })  # fmt: skip
    if "date_basis" in points:
        table["dated by"] = points["date_basis"].map({"event": "the event", "reported": "a report"})
    if "outside" in points and points["outside"].any():
        table["may fall outside the dates"] = points["outside"].map({True: "yes", False: ""})
    return table


# -- Events per year --------------------------------------------------------------------------


def per_year_counts(events: pd.DataFrame, *, themes: pd.DataFrame) -> pd.DataFrame:
    """Events per start year and primary theme: columns year, theme_id, theme, events."""
    counts = events.groupby(["year", "primary_theme"]).size().reset_index(name="events")
    counts = counts.rename(columns={"primary_theme": "theme_id"})
    counts["theme"] = counts["theme_id"].map(dict(zip(themes["id"], themes["label"]))).fillna(counts["theme_id"])
    return counts[["year", "theme_id", "theme", "events"]]


def build_per_year(events: pd.DataFrame, *, themes: pd.DataFrame) -> go.Figure:
    """Stacked bars: events per year (by start year), one colour per primary theme."""
    return common.figure(per_year_spec(events, themes=themes))


def per_year_spec(events: pd.DataFrame, *, themes: pd.DataFrame) -> dict:
    """`build_per_year` as plain dicts."""
    if events.empty:
        return {"data": [], "layout": {}}
    counts = per_year_counts(events, themes=themes)
    tallest = int(counts.groupby("year")["events"].sum().max())
    colors = dict(zip(themes["id"], themes["color"]))
    present = set(counts["theme_id"].unique())
    order = [t for t in themes["id"] if t in present]
    order += sorted(present - set(order))
    traces = []
    for theme, rows in sorted(counts.groupby("theme_id", sort=False), key=lambda item: order.index(item[0])):
        traces.append({"type": "bar", "x": rows["year"].to_numpy(), "y": rows["events"].to_numpy(),
                       "name": common.safe(rows["theme"].iloc[0]), "marker": {"color": colors.get(theme, common.MUTED)},
                       "hovertemplate": "%{x}: %{y} event(s)<br>%{fullData.name}<extra></extra>"})  # fmt: skip
    layout = {"barmode": "stack", "height": 500, "bargap": 0.15,
              # margins set, not measured by the browser (automargin doubled the drawing time)
              "xaxis": {"title": {"text": "Year (start of the date's span)"}, "tickformat": "d", "automargin": False,
                        **common.TICKS_AS_DRAWN, **year_axis(counts["year"])},
              "yaxis": {"title": {"text": "Events"}, "rangemode": "tozero", "automargin": False, **common.TICKS_AS_DRAWN,
                        "tickformat": ",d", "dtick": common.whole_step(tallest), "range": [0, max(tallest * 1.05, 1)]},
              "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",
                         "entrywidthmode": "fraction", "entrywidth": 0.95 / LEGEND_COLUMNS,
                         "title": {"text": "<b>Colour:</b> primary theme", "side": "top"}, "tracegroupgap": 0,
                         "traceorder": "normal"}}  # fmt: skip
    return {"data": traces, "layout": layout}


def year_axis(years: pd.Series, least: int = 7) -> dict:
    """Whole years only, one tick per `whole_step` years, and a span of at least `least` years,
    so one year's bar does not fill the plot."""
    first, last = int(years.min()), int(years.max())
    pad = max(0.5, (least - (last - first + 1)) / 2 + 0.5)
    return {"dtick": common.whole_step(last - first + 1, 10), "range": [first - pad, last + pad]}


def per_year_summary(counts: pd.DataFrame, events: pd.DataFrame | None = None,
                     sources: pd.DataFrame | None = None) -> str:
    """'Most active year: 2009 (40 events; all 40 from one source: …); 60 years with at least one
    event.' No most active year below evidence.MIN_EVENTS events in it."""
    if counts.empty:
        return "No events."
    totals = counts.groupby("year")["events"].sum()
    years = evidence.plural(len(totals), "year") + " with at least one event."
    found = evidence.top(totals)
    if found is None:
        return f"No year has {evidence.MIN_EVENTS} or more events, too few to single one out; {years}"
    labels, n = found
    behind = evidence.plural(n)
    if len(labels) == 1 and events is not None and sources is not None:
        behind = evidence.with_dominance(behind, events[events["year"] == int(labels[0])], sources)
    which = "Most active year" if len(labels) == 1 else "Most active years"
    return f"{which}: {' and '.join(labels)} ({behind}{' each' if len(labels) > 1 else ''}); {years}"


# -- Page level (filters applied; title and caption added) ------------------------------------


def _caption(dataset: Dataset, filters: Filters, events: pd.DataFrame) -> str:
    return titles.dataset_caption(describe(filters, dataset, events), dataset, events)


def _export_title(dataset: Dataset, filters: Filters, events: pd.DataFrame) -> str:
    return titles.view_title(filters, dataset.actors, dataset.themes, events)


def chart_timeline(dataset: Dataset, filters: Filters, lanes: str = "actors", *, events: pd.DataFrame | None = None,
                   selected: str | None = None, points: pd.DataFrame | None = None,
                   counts: pd.DataFrame | None = None, labelled: bool = False) -> go.Figure:
    """The filtered events on a time axis, in lanes by actor pair (lanes=actors) or by primary theme (lanes=theme).

    `events` (the already-filtered frame), its `points` and `counts` and `selected` (an event id
    to ring) are for the page; `labelled`: each event's title beside its markers (up to LABEL_MAX events)."""
    events = apply(filters, dataset) if events is None else events
    if points is None:
        points = timeline_points(events, lanes=lanes, themes=dataset.themes, actors=dataset.actors, filters=filters)
    spec = timeline_spec(events, lanes=lanes, themes=dataset.themes, actors=dataset.actors, periods=dataset.periods,
                         selected=selected, points=points, counts=counts, labelled=labelled)
    spec = common.finish_spec(spec, LANE_TITLES[lanes], _caption(dataset, filters, events),
                              height=spec["layout"].get("height"), export_title=_export_title(dataset, filters, events))
    return common.figure(place_toggles(margins.fixed_label_margin(fit_spec(spec)) if spec["data"] else fit_spec(spec)))


def fit_spec(spec: dict) -> dict:
    """The title at the very top, then the legend (its rows are known: a fixed number of columns);
    the caption wrapped to the app's width, with room under the plot for all its lines."""
    layout = spec.get("layout", {})
    rows = -(-sum(trace.get("showlegend", True) is not False for trace in spec.get("data", [])) // LEGEND_COLUMNS)
    title = ((layout.get("legend") or {}).get("title") or {}).get("text") or ""
    top = 60 + LEGEND_ROW_PX * rows + common.LEGEND_TITLE_ROW_PX * (title.count("<br>") + 1)
    margin = layout.get("margin", {})
    bottom = margin.get("b") or 40
    notes = [dict(note) for note in layout.get("annotations", [])]
    meta = layout.get("meta")
    slider = SLIDER_ROOM if common.has_slider(layout) else 0
    for note in notes:
        if note.get("name") == "caption" and isinstance(meta, dict):
            note["text"] = common.wrap(meta.get("caption", ""), CAPTION_CHARS)
            note["yshift"] = (note.get("yshift") or 0) - slider
            bottom = 84 + slider + 15 * note["text"].count("<br>")
    height = (layout.get("height") or MIN_HEIGHT) + top - (margin.get("t") or 60) + bottom - (margin.get("b") or 40)
    extra = {"meta": {**meta, "slider_room_px": slider}} if isinstance(meta, dict) and slider else {}
    return common.merged(spec, {"margin": {"t": top, "b": bottom}, "height": height, "annotations": notes, **extra})


def chart_per_year(dataset: Dataset, filters: Filters, *, events: pd.DataFrame | None = None) -> go.Figure:
    """Events per year (by the start of each date's span), stacked by primary theme."""
    events = apply(filters, dataset) if events is None else events
    spec = per_year_spec(events, themes=dataset.themes)
    spec = common.finish_spec(spec, "Events per year, stacked by primary theme", _caption(dataset, filters, events),
                              height=spec["layout"].get("height"), export_title=_export_title(dataset, filters, events))
    if spec["data"]:  # room for the widest count label (the tallest stack) and the axis title
        tallest = int(events.groupby("year").size().max())
        widest = margins.text_width(f"{tallest:,}0", common.TICK_PX)  # one digit spare: ticks round up
        spec = common.merged(spec, {"margin": {"l": int(widest) + 36}})
    return common.figure(fit_spec(spec))


CHARTS = {"timeline": chart_timeline, "per-year": chart_per_year}


@dataclass(frozen=True)
class PageView:
    """Everything the Timeline page draws for one (filters, lanes, selected event): both figures,
    their one-line summaries and the tables behind them. Read-only: the app shares one per view
    between all sessions (ui.data_io.timeline_view)."""

    timeline: go.Figure
    aggregated: bool  # the timeline draws counts per lane and year, not markers
    timeline_summary: str
    timeline_table: pd.DataFrame
    per_year: go.Figure | None  # None: asked for the timeline alone (`page_view(per_year=False)`)
    per_year_summary: str = ""
    per_year_table: pd.DataFrame | None = None


def page_view(dataset: Dataset, filters: Filters, lanes: str = "actors", selected: str | None = None,
              events: pd.DataFrame | None = None, per_year: bool = True, labelled: bool = False) -> PageView:
    """The Timeline page's charts, summaries and tables (`events`: the filtered frame, if known).
    `per_year=False`: the timeline's part alone, which is all a new lane mode or the event labels
    change (the page redraws only that part: a fragment). `labelled`: titles beside the markers."""
    events = apply(filters, dataset) if events is None else events
    points = timeline_points(events, lanes=lanes, themes=dataset.themes, actors=dataset.actors, filters=filters)
    cells = lane_counts(points, dataset.themes) if aggregated(points) else None
    view = PageView(
        timeline=chart_timeline(dataset, filters, lanes, events=events, selected=selected, points=points,
                                counts=cells, labelled=labelled), aggregated=cells is not None,
        timeline_summary=timeline_summary(points, events, dataset.sources),
        timeline_table=timeline_table(points, dataset.themes, cells), per_year=None,
    )  # fmt: skip
    if not per_year:
        return view
    figure, summary, table = per_year_view(dataset, filters, events)
    return replace(view, per_year=figure, per_year_summary=summary, per_year_table=table)


def per_year_view(dataset: Dataset, filters: Filters, events: pd.DataFrame | None = None) -> tuple:
    """(figure, summary, table) of the events-per-year chart, which only the filters change."""
    events = apply(filters, dataset) if events is None else events
    counts = per_year_counts(events, themes=dataset.themes)
    return (chart_per_year(dataset, filters, events=events), per_year_summary(counts, events, dataset.sources),
            counts.drop(columns="theme_id"))
