"""Themes: what each theme covers, when its events happened between which pairs, and how each
side frames it.

1. All themes at a glance (a click on a bar chooses the theme).
2. The chosen theme: its description, its events by year and pair, the passages of one event.
3. Its passages across the sources, grouped by whose view they report.
"""

import pandas as pd
import streamlit as st

from dashboard.core import analysis, brief, evidence
from dashboard.core.charts import themes as charts
from dashboard.ui import chart, data_io, downloads, page, passage_panel, state
from dashboard.ui.text import md

THEME, AUTO, CLICKS, PAIR = "th_theme", "_th_auto_theme", "_th_clicks", "th_pair"
SHOWN_FIRST, SHOWN_MAX = 6, 60  # passages per perspective: shown at once, and at most


def fresh_click(selection, key: str):
    """The customdata of a newly clicked point, or None (a kept selection is applied only once)."""
    points = selection.get("selection", {}).get("points", []) if selection else []
    data = points[0].get("customdata") if points else None
    seen = st.session_state.setdefault(CLICKS, {})
    new = data is not None and seen.get(key) != data
    seen[key] = data
    return data if new else None


def plain_source(row: pd.Series) -> dict:
    """A sources row as the dict `passage_panel.source_line` expects (missing values as None)."""
    return {key: (value if isinstance(value, list) or pd.notna(value) else None) for key, value in row.items()}


def show_passage(row, sources: dict[str, dict]) -> None:
    cited = f"the event{'s' if row.n_events > 1 else ''} {md(row.events)}" if row.n_events else ""
    origin = ("undated passage on the theme" + (f", also cited for {cited}" if cited else "")
              if row.origin == "theme" else f"on {cited}")
    with st.container(border=True):
        st.caption(f"{passage_panel.source_line(sources[row.source_id])} · {origin}")
        st.markdown("> " + md(row.quote).replace("  \n", "  \n> "))


dataset, filters, events = page.open_filtered("Themes")
labels = dict(zip(dataset.themes["id"], dataset.themes["label"]))

# 1. All themes at a glance -------------------------------------------------------------------
fig, counts, summary = data_io.themes_overview(dataset, filters, events)
page_figures = {"themes-overview": fig}
clicked = chart.show(fig, chart_id="themes-overview", summary=summary, data=counts, key="th_overview", selectable=True,
                     behind=evidence.source_counts(events, dataset.sources),
                     dated=evidence.basis_text(events))
if (data := fresh_click(clicked, "th_overview")) is not None:
    st.session_state[THEME] = data[0]

# 2. The chosen theme -------------------------------------------------------------------------
busiest = analysis.busiest_theme(events, dataset.event_themes, dataset.themes)
if st.session_state.get(THEME) in (None, st.session_state.get(AUTO)):  # not chosen by hand: follow the filters
    st.session_state[THEME] = busiest
st.session_state[AUTO] = busiest
totals = counts.drop_duplicates("theme_id").set_index("theme_id")["total"]
theme = st.selectbox("Theme", list(labels), key=THEME,
                     format_func=lambda t: f"{labels[t]} ({charts.plural(int(totals.get(t, 0)), 'event')})")
st.markdown(md(dataset.themes.set_index("id").loc[theme, "description"]))

fig, data, summary = data_io.theme_activity(dataset, filters, theme, events)
page_figures["theme-activity"] = fig
tagged = analysis.events_with_theme(events, dataset.event_themes, theme)
clicked = chart.show(fig, chart_id="theme-activity", summary=summary, data=data, key="th_activity", selectable=True,
                     behind=evidence.source_counts(tagged, dataset.sources),
                     dated=evidence.basis_text(tagged))
if (data := fresh_click(clicked, "th_activity")) is not None:
    state.select_event(data)
pairs = analysis.preset_pairs()
pair_names = dict(zip((f"{f}-{p}" for f, p in pairs), analysis.lane_names(dataset, pairs)))
pair = st.selectbox("Pair", [None, *pair_names], key=PAIR, format_func=lambda p: pair_names.get(p, "Any pair"),
                    help="List only the theme's events between this pair (a lane of the chart above).")
state.write_url(filters)  # the theme and pair into the link
listed = analysis.in_pair_lane(dataset, tagged, pair, filters.predecessors) if pair else tagged


@st.fragment
def event_part(listed: pd.DataFrame) -> None:
    """The event picker and the chosen event's passages: a fragment, so choosing an event reruns
    this part only, not the charts above."""
    chosen = passage_panel.event_picker(listed, key="th_event_pick")
    state.write_url(filters)  # the event chosen here into the link
    if chosen:
        passage_panel.show(chosen, dataset, key_prefix="th")


if not listed.empty:
    event_part(listed)

downloads.data_downloads(dataset, filters, events, page_figures, key="themes-data",
                         view=brief.View("themes", theme=theme, pair=pair))

# 3. How each side frames it ------------------------------------------------------------------
st.header(f"{md(labels[theme])}: passages by perspective", anchor=False)
passages = data_io.theme_passages(dataset, filters, theme, tagged["id"])
if passages.empty:
    st.info("No passage on this theme under the current filters.", icon=":material/search_off:")
    st.stop()
groups = passages.groupby("perspective_label", sort=False).size()
st.markdown(md(f"{charts.plural(len(passages), 'passage')}: the theme's undated passages and those of its "
               "filtered events. " + " · ".join(f"{label} {n}" for label, n in groups.items())))
sources = {sid: plain_source(row) for sid, row in dataset.sources.set_index("id", drop=False).iterrows()}
for label, group in passages.groupby("perspective_label", sort=False):  # a dozen perspectives at most
    st.markdown(f"### {md(label)} ({charts.plural(len(group), 'passage')})")
    for row in group.head(SHOWN_FIRST).itertuples():
        show_passage(row, sources)
    if len(group) > SHOWN_FIRST:
        with st.expander(f"{len(group) - SHOWN_FIRST} more from {md(label)}"):
            for row in group.iloc[SHOWN_FIRST:SHOWN_MAX].itertuples():
                show_passage(row, sources)
            if len(group) > SHOWN_MAX:
                st.caption(f"{len(group) - SHOWN_MAX} more not shown: narrow the filters to read them.")
