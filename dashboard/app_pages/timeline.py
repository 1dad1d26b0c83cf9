"""Timeline, the home page: the filtered events on a time axis, the source passages of the event
you click or pick, and the events per year stacked by theme."""

from __future__ import annotations

import streamlit as st

from dashboard.core import brief, evidence
from dashboard.core.charts.timeline import LABEL_MAX
from dashboard.ui import chart, data_io, downloads, page, passage_panel, share, state

LANES = {"actors": "Actor pair", "theme": "Primary theme"}
HOW_TO_READ = (
    "**Colour:** primary theme. **Symbol:** tone — ▲ cooperation, ● neutral, ▼ tension. "
    "A bar behind a marker is the span an imprecise date covers (a month, a year or a range); the "
    "marker sits at its start. An open start (“until 2021”) sits at its known end, with a bar fading "
    "to the left. **Hollow:** the date may fall outside the chosen dates. **A dot inside:** dated only "
    "by a report that mentions it. Shaded bands are named periods. An event with two to four actors "
    "appears in each of its pair lanes; one with five or more in the multilateral lane and in each pair "
    "lane other events open, so a pair lane counts every event of its pair, as Compare does. "
    "**Click a marker**, or choose an event under the chart, to read its source passages. "
    "**The bar under the dates** moves and zooms: drag its window, or its ends."
)
HOW_TO_READ_COUNTS = (
    "**Colour:** the number of events in a lane and year (decade or century when the events span "
    "centuries): darker is more, on a log scale (1, 10, 100 events: equal steps of colour); an empty cell has none. "
    "Shaded bands are named periods. An event "
    "with two to four actors counts in each of its pair lanes. Narrow the filters to see single "
    "events as markers you can click; or choose an event under the chart to read its source passages."
)
LAST_CLICK, CHART_KEY, LABELS = "_timeline_last_click", "timeline_chart", "timeline_labels"
PAGE_VIEW = "_timeline_page_view"  # (lanes, labels) that the page's downloads were last built for


def clicked_event(selection) -> str | None:
    """The event id (customdata) of the first clicked point, if any."""
    points = ((selection or {}).get("selection") or {}).get("points") or []
    for point in points:
        value = point.get("customdata")
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, str):
            return value
    return None


def follow_click(selection) -> None:
    """A new click selects its event; a selection left over from an earlier run changes nothing."""
    clicked = clicked_event(selection)
    if clicked != st.session_state.get(LAST_CLICK):
        st.session_state[LAST_CLICK] = clicked
        if clicked:
            state.select_event(clicked)  # the URL follows in `selected_event_section`, drawn after the chart


@st.fragment
def selected_event_section(events, dataset, filters) -> None:
    """The keyboard path (a select box) and the passage panel of the selected event: a fragment of
    its own inside `events_part`, so an event chosen in the select box reruns this part only (a
    marker click reruns `events_part`, and this part with it)."""
    st.header("Source passages", anchor="passages")
    passage_panel.event_picker(events)
    state.write_url(filters)  # the page's one URL write: so a copied link opens this lane mode and event
    chosen = state.selected_event()
    if not chosen:
        st.caption("No event selected: click a marker in the timeline or choose one above.")
        return
    with st.container(border=True):
        if chosen not in set(events["id"]):
            st.caption("This event is outside the current filters.")
        passage_panel.show(chosen, dataset, key_prefix="timeline")
        st.button("Close", key="timeline_close", on_click=state.select_event, args=(None,), icon=":material/close:")


def page_view(n_events: int) -> tuple[str, bool]:
    """(lanes, labels) as chosen: what the page's downloads are built for."""
    return (st.session_state.get("timeline_lanes", "actors"),
            bool(st.session_state.get(LABELS)) and 0 < n_events <= LABEL_MAX)


def label_toggle(n_events: int) -> bool:
    """'Label events on the chart': each title, shortened, beside its markers, on screen and in the
    chart's files; off, and saying why, above LABEL_MAX events (more labels cannot be read)."""
    few = 0 < n_events <= LABEL_MAX
    if not few:
        st.session_state[LABELS] = False
    on = st.toggle("Label events on the chart", key=LABELS, disabled=not few,
                   help=f"Each event's title, shortened, beside its marker, on the chart and in its PNG and SVG files; "
                        f"for up to {LABEL_MAX} events, more cannot be read.")  # fmt: skip
    if not few:
        st.caption(f"Labels are for up to {LABEL_MAX} events, and {n_events:,} are shown: narrow the filters "
                   "(actors, themes, dates) to label them.")
    return bool(on)


@st.fragment
def events_part(dataset, filters, events, behind) -> None:
    """The lane mode, the timeline and the selected event's passages: a fragment, so a marker click
    or a lane mode reruns this part only, not the per-year chart and the downloads (and an event
    chosen in the select box only `selected_event_section`)."""
    share.copy_link("")  # here, so the link holds the event chosen in this part
    left, right = st.columns([3, 2])
    with left:
        lanes = st.radio("Lanes", list(LANES), key="timeline_lanes", horizontal=True, format_func=LANES.get,
                         help="One lane per pair of actors, or one per primary theme.")
    with right:
        labelled = label_toggle(len(events))
    if st.session_state.get(PAGE_VIEW) != (lanes, labelled):
        st.rerun()  # the briefing, the bundle and the chart files below follow the lanes and labels too
    follow_click(st.session_state.get(CHART_KEY))  # the click that caused this run, before the chart is drawn
    view = data_io.timeline_view(dataset, filters, lanes, None, events, labelled)  # the same figure whatever the event
    st.caption(HOW_TO_READ_COUNTS if view.aggregated else HOW_TO_READ)
    chart.show(view.timeline, chart_id="timeline", summary=view.timeline_summary, data=view.timeline_table,
               key=CHART_KEY, selectable=True, behind=behind, dated=evidence.basis_text(events))  # fmt: skip
    selected_event_section(events, dataset, filters)


dataset, filters, events = page.open_filtered("Timeline")
st.session_state[PAGE_VIEW] = page_view(len(events))
behind = evidence.source_counts(events, dataset.sources)
events_part(dataset, filters, events, behind)

st.divider()
per_year, per_year_summary, per_year_table = data_io.per_year_view(dataset, filters, events)
chart.show(per_year, chart_id="per-year", summary=per_year_summary, data=per_year_table,
           key="per_year_chart", behind=behind, dated=evidence.basis_text(events))

st.header("Take this view with you", anchor=False)
lanes, labelled = st.session_state[PAGE_VIEW]
timeline = data_io.timeline_view(dataset, filters, lanes, None, events, labelled).timeline
downloads.data_downloads(dataset, filters, events, {"timeline": timeline, "per-year": per_year},
                         key="timeline-data", view=brief.View("timeline", lanes=lanes))
