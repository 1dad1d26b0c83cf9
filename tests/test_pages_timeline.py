"""The Timeline (home), Data and About pages through streamlit's AppTest, on the bundled data.

Chart clicks cannot be simulated here: a selected event is set through session state instead
(the browser tests click for real). Expected numbers come from the dataset's plain tables."""

from __future__ import annotations

import json

from apptest_support import open_page, rerun, unmarked
from streamlit.testing.v1 import AppTest

from dashboard.ui.text import md

TIMELINE, DATA, ABOUT = "app_pages/timeline.py", "app_pages/data.py", "app_pages/about.py"


def figures(at: AppTest) -> dict[str, dict]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def timeline_ids(at: AppTest) -> set[str]:
    """Event ids of the markers of the timeline figure on the page (a theme trace's legend key, its
    first point, has none)."""
    spec = next(s for title, s in figures(at).items() if title.startswith("Events by"))
    return {i for trace in spec["data"] if trace.get("customdata") for i in trace["customdata"] if i is not None}


def markdown(at: AppTest) -> str:
    """The page's Markdown, its markings (shapes, fills, italic evidence words) taken off."""
    return unmarked("\n".join(m.value for m in at.markdown))


def ids_with(real, actors: set[str] = frozenset(), theme: str | None = None) -> set[str]:
    events = real.events
    mask = events["actors"].map(lambda a: actors <= set(a))
    if theme:
        mask &= events["themes"].map(lambda t: theme in t)
    return set(events.loc[mask, "id"])


def test_the_home_page_shows_the_timeline_and_the_per_year_chart_on_first_load(real):
    at = open_page()
    titles = set(figures(at))
    assert titles == {"Events by actor pair", "Events per year, stacked by primary theme"}
    assert timeline_ids(at) == set(real.events["id"])
    per_year = figures(at)["Events per year, stacked by primary theme"]
    assert all(trace["type"] == "bar" for trace in per_year["data"])
    assert not at.warning and not at.info


def test_theme_and_actor_filters_change_the_figure(real):
    at = open_page()
    at.multiselect(key="f_themes").set_value(["trade"])
    rerun(at)
    assert timeline_ids(at) == ids_with(real, theme="trade") != set(real.events["id"])
    at.multiselect(key="f_actors").set_value(["CUB"])
    at.checkbox(key="f_pred").set_value(False)
    rerun(at)
    assert timeline_ids(at) == ids_with(real, {"CUB"}, "trade")


def test_lanes_by_primary_theme(real):
    at = open_page()
    at.radio(key="timeline_lanes").set_value("theme")
    rerun(at)
    spec = figures(at)["Events by primary theme"]
    assert set(spec["layout"]["yaxis"]["ticktext"]) == set(real.themes.set_index("id").loc[
        real.events["primary_theme"].unique(), "label"])


def test_a_deep_link_filters_the_page_and_opens_the_event_with_its_quote_visible(real):
    ids = ids_with(real, {"RUS", "PAN"}, "sanctions")
    event_id = sorted(ids)[0]
    quote = real.passages.loc[real.passages["event_id"] == event_id, "quote"].iloc[0]
    at = open_page(params={"actor": ["RUS", "PAN"], "theme": "sanctions", "event": event_id})
    assert timeline_ids(at) <= ids_with(real, {"RUS", "PAN"}, "sanctions") | ids_with(real, {"SUN", "PAN"}, "sanctions")
    assert event_id in timeline_ids(at)
    assert md(quote) in markdown(at)  # the passage panel is open, not collapsed
    assert at.selectbox(key="event_pick").value == event_id
    title = real.events.set_index("id").loc[event_id, "title"]
    assert any(md(title) in s.value for s in at.subheader)
    assert at.query_params["event"] in (event_id, [event_id])


def test_selecting_an_event_through_state_opens_the_panel_and_close_closes_it(real):
    event_id = real.events["id"].iloc[-1]
    quote = real.passages.loc[real.passages["event_id"] == event_id, "quote"].iloc[0]
    at = open_page()
    assert md(quote) not in markdown(at)
    at.session_state["event"] = event_id
    rerun(at)
    assert md(quote) in markdown(at)
    at.button(key="timeline_close").click()
    rerun(at)
    assert md(quote) not in markdown(at)


def test_a_source_without_a_date_says_so_in_the_panel(real):
    undated = real.sources.loc[real.sources["published"].isna(), "id"]
    passages = real.passages.dropna(subset=["event_id"])
    event_id = passages.loc[passages["source_id"].isin(undated), "event_id"].iloc[0]
    at = open_page(params={"event": event_id})
    captions = [c.value for c in at.caption if "characters" in c.value]
    assert captions and all("date not stated" in c and "nan" not in c.split(" · ") for c in captions)


def test_unknown_values_in_the_link_show_the_warning_and_are_ignored(real):
    at = open_page(params={"actor": ["RUS", "NOPE"], "event": "no-such-event"})
    warning = "\n".join(w.value for w in at.warning)
    assert "NOPE" in warning and "no\\-such\\-event" in warning
    assert timeline_ids(at) == ids_with(real, {"RUS"}) | ids_with(real, {"SUN"})


def test_a_search_that_matches_nothing_shows_the_info_message_and_no_chart():
    at = open_page()
    at.text_input(key="f_q").set_value("zzzz-no-match")
    rerun(at)
    assert at.info and "No events match" in at.info[0].value
    assert not at.get("plotly_chart")


def test_the_data_page_lists_the_filtered_events_with_downloads(real):
    at = open_page(DATA, params={"actor": ["PAN"]})
    (table,) = at.dataframe
    assert len(table.value) == len(ids_with(real, {"PAN"}))
    assert list(table.value.columns) == ["date", "title", "actors", "themes", "tone", "confidence", "kind",
                                         "sources", "precision", "inferred"]  # fmt: skip
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Events (CSV)", "Events (JSON)", "Citation bundle (ZIP)"} <= labels


def test_the_data_page_opens_the_selected_event(real):
    event_id = real.events["id"].iloc[0]
    quote = real.passages.loc[real.passages["event_id"] == event_id, "quote"].iloc[0]
    at = open_page(DATA, state={"event": event_id})
    at.session_state["event"] = event_id  # after the link was read
    rerun(at)
    assert md(quote) in markdown(at)


def test_the_data_page_shows_the_info_message_when_nothing_matches():
    at = open_page(DATA)
    at.text_input(key="f_q").set_value("zzzz-no-match")
    rerun(at)
    assert at.info and "No events match" in at.info[0].value and not at.dataframe


def test_the_about_page_counts_from_the_data(real):
    at = open_page(ABOUT)
    text = markdown(at)
    assert f"**{len(real.events)} dated events**" in text
    assert f"**{len(real.sources)} source documents**" in text
    for title in real.sources["title"]:
        assert md(title) in text
    tables = {t.value.columns[0]: t.value for t in at.dataframe}
    assert tables["confidence"]["events"].sum() == len(real.events)
    assert tables["theme"]["events"].sum() == len(real.events)
    assert "No events means no evidence in these sources" in text


def test_too_many_markers_show_counts_with_their_own_reading_guide_and_table(monkeypatch, real):
    """Above AGGREGATE_FROM markers the page says what the cells count and how to get markers back."""
    from dashboard.core.charts import timeline as T
    from dashboard.ui import data_io

    monkeypatch.setattr(T, "AGGREGATE_FROM", 50)
    data_io._shared.clear()
    try:
        at = open_page()
        spec = next(s for title, s in figures(at).items() if title.startswith("Events by"))
        assert [t["type"] for t in spec["data"]] == ["heatmap"]
        captions = "\n".join(c.value for c in at.caption)
        assert "number of events in a lane and year" in captions and "Symbol:" not in captions
        assert md("markers are too many to read one by one (more than 50)") in markdown(at)
        table = at.dataframe[0].value
        assert list(table.columns) == ["lane", "period", "events", "most common primary theme"]
        points = T.timeline_points(real.events, lanes="actors", themes=real.themes, actors=real.actors)
        assert table["events"].sum() == len(points)  # every marker counted once
        at.pills(key="f_tones").set_value(["tension"])  # 13 events: markers again
        rerun(at)
        spec = next(s for title, s in figures(at).items() if title.startswith("Events by"))
        assert "heatmap" not in {t["type"] for t in spec["data"]}
        assert "Symbol:" in "\n".join(c.value for c in at.caption)
    finally:
        data_io._shared.clear()
