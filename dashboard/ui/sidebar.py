"""The shared filter sidebar, rendered by the entry file so its state survives page changes."""

from __future__ import annotations

import streamlit as st

from dashboard.core.filters import BASES, CONFIDENCES, KINDS, TONES, Filters
from dashboard.core.load import Dataset
from dashboard.core.schema import PERSPECTIVES
from dashboard.ui import state


def _on_period_change(dataset: Dataset) -> None:
    period = st.session_state.get(state.PERIOD)
    rows = dataset.periods[dataset.periods["id"] == period]
    if len(rows):
        st.session_state[state.DATES] = (rows.iloc[0]["start_date"].date(), rows.iloc[0]["end_date"].date())
    else:
        st.session_state[state.DATES] = state.data_bounds(dataset)


def _on_dates_change() -> None:
    st.session_state[state.PERIOD] = None  # hand-picked dates are no longer the named period


def _reset(dataset: Dataset) -> None:
    state.set_filters(Filters(), dataset)
    state.select_event(None)


def render(dataset: Dataset) -> Filters:
    """Draw the filter widgets; return the Filters they describe."""
    low, high = state.data_bounds(dataset)
    periods = dict(zip(dataset.periods["id"], dataset.periods["label"]))
    actors = dict(zip(dataset.actors["id"], dataset.actors["name"]))
    counts = dataset.event_actors["actor_id"].value_counts() if not dataset.event_actors.empty else {}
    actor_ids = sorted(actors, key=lambda a: (-int(counts.get(a, 0)), actors[a]))
    themes = dict(zip(dataset.themes["id"], dataset.themes["label"]))
    sources = dict(zip(dataset.sources["id"], dataset.sources["title"]))
    with st.sidebar:
        st.header("Filters")
        st.selectbox("Named period", [None, *periods], key=state.PERIOD, on_change=_on_period_change,
                     placeholder="All dates",
                     args=(dataset,), format_func=lambda p: "All dates" if p is None else periods.get(p, p))
        chosen = state.chosen_dates()  # a period or a link may reach past the data
        st.date_input("Date range", key=state.DATES, min_value=min(low, *chosen), max_value=max(high, *chosen),
                      on_change=_on_dates_change, format="YYYY-MM-DD")
        st.multiselect("Actors", actor_ids, key="f_actors", placeholder="Any actor",
                       format_func=lambda a: f"{actors.get(a, a)} ({a})")
        st.radio("Events involving", ["all", "any"], key="f_match", horizontal=True,
                 format_func={"all": "all chosen actors", "any": "any chosen actor"}.get)
        st.checkbox("Count predecessor states (Soviet Union as Russia)", key="f_pred")
        st.multiselect("Themes", list(themes), key="f_themes", placeholder="Any theme",
                       format_func=lambda t: themes.get(t, t))
        st.multiselect("Sources", list(sources), key="f_sources", placeholder="Any source",
                       format_func=lambda s: sources.get(s, s))
        st.pills("Tone", list(TONES), key="f_tones", selection_mode="multi")
        st.pills("Confidence", list(CONFIDENCES), key="f_conf", selection_mode="multi")
        st.radio("Dated by", ["either", *BASES], key="f_basis", horizontal=True,
                 format_func=lambda b: BASES.get(b, b),
                 help="The event itself: the text dates the event. A report: only the date of a report that "
                      "mentions it is known.")
        st.multiselect("Whose view (perspective)", list(PERSPECTIVES), key="f_persp", placeholder="Any view",
                       format_func=lambda p: PERSPECTIVES.get(p, p),
                       help="Events with at least one passage reporting this view")
        st.multiselect("Kind of event", list(KINDS), key="f_kinds", placeholder="Any kind")
        st.checkbox("Only events dated within the dates", key="f_within",
                    help="Leave out events whose date only overlaps the chosen dates or period (a year-only "
                         "date, a range across its edge, an open start): they may fall outside it.")
        st.text_input("Search titles, summaries and quotes", key="f_q", max_chars=200,
                      help="Also notes and actor names (Moscow finds Russia's events); case and accents do not "
                           "matter (Chavez = Chávez), nor word forms (deregister finds deregistration).")
        st.button("Reset all filters", on_click=_reset, args=(dataset,), width="stretch")
    return state.from_widgets(dataset)
