"""Filter and view state: the sidebar widgets, the pages' own view widgets (lane mode, comparison,
theme and pair, document and search), the URL and the selected event kept in step.

The URL is read once per session (a shared link sets the widgets); after that the widgets are
the truth and the URL is rewritten from them on every run, so a copied link reproduces the
view. Pages get the current Filters from `current()`, never from widgets directly. What a page
shows besides the filters is parsed and written by `core.view_state`.

A session's first run is not always a fresh page: when its server is gone (a replica killed
behind the balancer), the open page reconnects to another server, which starts a new session,
and the reader's next click arrives there with both the page's URL (the view *before* the click)
and its widget values (the view *with* it). Those widgets keep the browser's values; only the
ones the browser did not send are set from the URL (`_sent_by_browser`).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.core import view_state
from dashboard.core.filters import BASES, Filters
from dashboard.core.load import Dataset

KEYS = {  # Filters field -> widget key
    "themes": "f_themes", "actors": "f_actors", "sources": "f_sources", "tones": "f_tones",
    "confidences": "f_conf", "match": "f_match", "predecessors": "f_pred", "q": "f_q",
    "basis": "f_basis", "perspectives": "f_persp", "kinds": "f_kinds", "within": "f_within",
}  # fmt: skip
DATES, PERIOD, EVENT, NOTICES = "f_dates", "f_period", "event", "_url_notices"
URL_DATES = "_url_dates"  # the link's date range, for the date widget's bounds before it is drawn
PAGE = "_page"  # the url path of the page this run draws ("" for the Timeline)
VIEW_KEYS = {  # View field -> the page widget's key
    "lanes": "timeline_lanes", "preset": "cmp_preset", "focal": "cmp_focal", "partners": "cmp_partners",
    "topic": "th_theme", "pair": "th_pair", "doc": "reader_pick", "find": "reader_q", "only_cited": "reader_only_cited",
    "only_uncited": "reader_uncited",
}  # fmt: skip


def data_bounds(dataset: Dataset) -> tuple[date, date]:
    events = dataset.events
    if events.empty:
        today = date.today()
        return date(today.year, 1, 1), today
    return events["start"].min().date(), events["end"].max().date()


def init_from_url(dataset: Dataset) -> None:
    """Once per session: set the widgets from the query parameters, noting what was ignored."""
    if st.session_state.get("_url_read"):
        return
    st.session_state["_url_read"] = True
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    filter_params, _ = view_state.split(params)
    filters, notices = Filters.from_query_params(filter_params, dataset)
    view, more = view_state.from_query_params(params, choices(dataset))
    sent = _sent_by_browser()
    set_filters(filters, dataset, keep=sent)
    set_view(view, keep=sent)
    st.session_state[NOTICES] = notices + more


def choices(dataset: Dataset) -> view_state.Choices:
    """What a link's view parameters may name in this dataset."""
    return view_state.choices_of(dataset)


def _sent_by_browser() -> set[str]:
    """The keys of the widgets whose values came with this run from the browser: none on a page
    just opened, all of them when an open page reconnected to a new server session. (Streamlit
    has no public call for this; its own URL-bound widgets make the same check, "a frontend value
    always wins", in `SessionState._handle_query_param_binding`.)"""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.state.common import user_key_from_element_id

    ctx = get_script_run_ctx()
    if ctx is None:
        return set()
    return {user_key_from_element_id(w.id) for w in ctx.session_state.get_widget_states()} - {None}


def set_view(view: view_state.View, keep: set[str] = frozenset()) -> None:
    """Put a View into the pages' widgets, except those in `keep`; what the link did not set is
    left to each page's default."""
    def put(key: str, value) -> None:
        if key not in keep:
            st.session_state[key] = value

    st.session_state[EVENT] = view.event
    put(VIEW_KEYS["lanes"], view.lanes)
    if view.preset:
        put(VIEW_KEYS["preset"], view.preset)
    if view.focal:
        put(VIEW_KEYS["focal"], view.focal)
        put(VIEW_KEYS["partners"], list(view.partners))
    for field in ("topic", "pair", "doc"):
        if getattr(view, field):
            put(VIEW_KEYS[field], getattr(view, field))
    if view.find:
        put(VIEW_KEYS["find"], view.find)
    for field in ("only_cited", "only_uncited"):
        if getattr(view, field):
            put(VIEW_KEYS[field], True)


def current_view() -> view_state.View:
    """The View the pages' widgets say now (a widget not drawn yet: its default)."""
    got = {field: st.session_state.get(key) for field, key in VIEW_KEYS.items()}
    return view_state.View(
        lanes=got["lanes"] if got["lanes"] in view_state.LANE_MODES else "actors",
        preset=got["preset"], focal=got["focal"], partners=tuple(got["partners"] or ()),
        topic=got["topic"], pair=got["pair"], doc=got["doc"], find=(got["find"] or "").strip(),
        only_cited=bool(got["only_cited"]), only_uncited=bool(got["only_uncited"]) and not got["only_cited"],
        event=st.session_state.get(EVENT),
    )  # fmt: skip


def keep_widget_state() -> None:
    """Re-assign the filter keys so they survive `st.switch_page`: Streamlit drops the state of
    widgets it did not draw in the interrupted run (its documented workaround)."""
    for key in [*KEYS.values(), DATES, PERIOD]:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def set_filters(filters: Filters, dataset: Dataset, keep: set[str] = frozenset()) -> None:
    """Put a Filters value into the widgets (used by the URL reader and by 'reset'), except those
    in `keep`."""
    for field, key in KEYS.items():
        value = getattr(filters, field)
        if key not in keep:
            st.session_state[key] = list(value) if isinstance(value, tuple) else value
    if KEYS["basis"] not in keep:
        st.session_state[KEYS["basis"]] = filters.basis or "either"
    low, high = data_bounds(dataset)
    st.session_state[URL_DATES] = (filters.date_from or low, filters.date_to or high)
    if DATES not in keep:
        st.session_state[DATES] = st.session_state[URL_DATES]
    if PERIOD not in keep:
        st.session_state[PERIOD] = filters.period


def chosen_dates() -> tuple:
    """The date widget's value as a tuple: () , (start,) while a range is half picked, or (start, end).
    Before the widget is drawn in a session that kept the browser's value, the link's range."""
    value = st.session_state.get(DATES) or st.session_state.get(URL_DATES) or ()
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def from_widgets(dataset: Dataset) -> Filters:
    """The Filters the widgets currently say; full-range dates count as no date filter."""
    low, high = data_bounds(dataset)
    chosen = chosen_dates() or (low, high)
    start, end = (chosen[0], chosen[1]) if len(chosen) == 2 else (chosen[0], high)
    values = {field: st.session_state.get(key) for field, key in KEYS.items()}
    return Filters(
        date_from=start if start > low else None,
        date_to=end if end < high else None,
        themes=tuple(values["themes"] or ()),
        actors=tuple(values["actors"] or ()),
        match=values["match"] or "all",
        predecessors=values["predecessors"] if values["predecessors"] is not None else True,
        sources=tuple(values["sources"] or ()),
        tones=tuple(values["tones"] or ()),
        confidences=tuple(values["confidences"] or ()),
        q=(values["q"] or "").strip()[:200],
        period=st.session_state.get(PERIOD),
        within=bool(values["within"]),
        basis=values["basis"] if values["basis"] in BASES else None,  # "either": no basis filter
        perspectives=tuple(values["perspectives"] or ()),
        kinds=tuple(values["kinds"] or ()),
    )


def view_params(filters: Filters) -> dict[str, list[str]]:
    """The query parameters of this page's view: the filters, the page's own view and the event."""
    params = filters.to_query_params()
    if filters.period:  # the period stands for its dates
        params.pop("from", None)
        params.pop("to", None)
    return {**params, **view_state.to_query_params(current_view(), st.session_state.get(PAGE, ""))}


def write_url(filters: Filters) -> None:
    """Rewrite the query string from the filters, the page's view and the selected event (only
    when it changed). Pages call it again once their own widgets are drawn."""
    params = view_params(filters)
    current = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    if current != params:
        st.query_params.from_dict(params)


def current() -> Filters:
    return st.session_state.get("filters", Filters())


def selected_event() -> str | None:
    return st.session_state.get(EVENT)


def select_event(event_id: str | None) -> None:
    st.session_state[EVENT] = event_id


def share_query(filters: Filters) -> str:
    """The query string of the current view (filters, the page's view, the event), for share links
    and exports."""
    from urllib.parse import urlencode

    params = view_params(filters)
    return urlencode([(k, v) for k, vs in params.items() for v in vs])
