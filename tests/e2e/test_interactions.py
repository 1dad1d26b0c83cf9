"""What only a browser shows: sidebar filters change the timeline, a real mouse click on a marker
opens that event's passages, a shared link reproduces the view, and page changes keep the filters.

Events, themes and quotes are taken from the bundled data (the `dataset` fixture), never typed
here, so the tests keep working as curators add events."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

import pytest
from e2e_support import (
    NAV_TITLES,
    PAGES,
    assert_no_exception,
    choose_option,
    chosen_values,
    figures,
    main_text,
    open_page,
    point_count,
    point_positions,
    query_params,
    screenshot_full,
    settle,
    type_search,
    whole_page_in_view,
)

pytestmark = pytest.mark.e2e

TIMELINE_CHART = 0  # the first plotly chart on the Timeline page is the timeline itself


def squash(text: str) -> str:
    return " ".join(str(text).split())


def quotes_of(dataset, event_id: str) -> list[str]:
    passages = dataset.passages[dataset.passages["event_id"] == event_id].sort_values("passage_no")
    return [squash(q) for q in passages["quote"]]


def missing_quotes(page, dataset, event_id: str) -> list[str]:
    shown = squash(main_text(page))  # the marks add nothing to a quote's text
    return [q for q in quotes_of(dataset, event_id) if q not in shown]


def events_with_actors(dataset, *actor_ids: str) -> set[str]:
    links = dataset.event_actors
    sets = [set(links.loc[links["actor_id"] == a, "event_id"]) for a in actor_ids]
    return set.intersection(*sets)


@pytest.fixture(scope="module")
def busiest_theme(dataset) -> tuple[str, str]:
    """(id, label) of the theme with the most events, so choosing it narrows but never empties."""
    counts = dataset.event_themes.groupby("theme_id")["event_id"].nunique()
    assert 0 < counts.max() < len(dataset.events), "need a theme that holds some but not all events"
    theme_id = counts.idxmax()
    return theme_id, dataset.themes.set_index("id").loc[theme_id, "label"]


@pytest.fixture(scope="module")
def russia_panama_event(dataset) -> dict:
    """A real Russia–Panama event with passages: its id, its primary theme, its quotes."""
    ids = sorted(events_with_actors(dataset, "RUS", "PAN") & set(dataset.passages["event_id"]))
    assert ids, "the bundled data has no Russia–Panama event with passages"
    event = dataset.events.set_index("id").loc[ids[0]]
    return {"id": ids[0], "theme": event["primary_theme"], "quotes": quotes_of(dataset, ids[0])}


def test_theme_filter_narrows_the_timeline(page, console, busiest_theme):
    theme_id, label = busiest_theme
    open_page(page, "/")
    before = point_count(page, TIMELINE_CHART)
    assert before > 0, "the unfiltered timeline shows no markers"
    choose_option(page, "Themes", label)
    assert chosen_values(page, "Themes") == [label]
    after = point_count(page, TIMELINE_CHART)
    assert 0 < after < before, f"choosing {label!r} should narrow the timeline ({before} -> {after} markers)"
    assert query_params(page).get("theme") == [theme_id]
    assert label in main_text(page), "the filter sentence should name the chosen theme"
    assert_no_exception(page)
    console.assert_clean()


def test_search_box_narrows_the_timeline(page, console, russia_panama_event, dataset):
    title = dataset.events.set_index("id").loc[russia_panama_event["id"], "title"]
    open_page(page, "/")
    before = point_count(page, TIMELINE_CHART)
    type_search(page, title)
    after = point_count(page, TIMELINE_CHART)
    assert 0 < after < before, f"searching an event's title should narrow the timeline ({before} -> {after})"
    assert query_params(page).get("q") == [title]
    assert_no_exception(page)
    console.assert_clean()


def test_clicking_a_theme_in_the_legend_hides_its_markers_and_span_bars(page, console, dataset):
    open_page(page, "/")
    traces = figures(page)[TIMELINE_CHART]["traces"]
    first_theme = next(t for t in dataset.themes["id"] if any(tr["group"] == t for tr in traces))
    group = [t for t in traces if t["group"] == first_theme]
    assert any("markers" in t["mode"] for t in group), f"no marker trace in the legend group {first_theme!r}"
    before = point_count(page, TIMELINE_CHART)
    legend = page.locator(".js-plotly-plot").nth(TIMELINE_CHART).locator(".legend .traces")
    legend.first.click()  # the first key is the first theme of themes.yaml shown
    page.wait_for_function("""([i, g]) => {
      const gd = document.querySelectorAll('.js-plotly-plot')[i];
      return gd._fullData.some(t => t.legendgroup === g && t.visible === 'legendonly');
    }""", arg=[TIMELINE_CHART, first_theme])
    after = figures(page)[TIMELINE_CHART]["traces"]
    assert all(t["visible"] == "legendonly" for t in after if t["group"] == first_theme), "spans or markers stayed"
    assert all(t["visible"] is True for t in after if t["group"] not in ("", first_theme)), "other themes hid"
    shown = sum(t["drawn"] for t in group if "markers" in t["mode"] and t["name"] != "selected")
    assert point_count(page, TIMELINE_CHART) == before - shown
    console.assert_clean()


def test_clicking_a_tone_toggle_hides_and_shows_that_tone_on_every_theme(page, console, dataset):
    open_page(page, "/")
    chart = page.locator(".js-plotly-plot").nth(TIMELINE_CHART)
    before = point_count(page, TIMELINE_CHART)
    tones = dict(zip(dataset.events["id"], dataset.events["tone"]))
    shown_ids = [p["customdata"][0] for p in point_positions(page, TIMELINE_CHART) if p["customdata"]]
    tension = sum(tones.get(i) == "tension" for i in shown_ids)
    assert 0 < tension < before, "the first view needs tension markers and others"
    chart.locator(".updatemenu-button", has_text="tension").click()
    page.wait_for_function("([i, n]) => document.querySelectorAll('.js-plotly-plot')[i]._fullData.filter("
                           "t => t.visible === true && t.customdata).reduce((s, t) => s + t._length, 0) < n",
                           arg=[TIMELINE_CHART, before])
    after = point_count(page, TIMELINE_CHART)
    left = [p["customdata"][0] for p in point_positions(page, TIMELINE_CHART) if p["customdata"]]
    assert after == before - tension and not any(tones.get(i) == "tension" for i in left), (before, tension, after)
    screenshot_full(page, "timeline-tension-hidden")
    chart.locator(".updatemenu-button", has_text="tension").click()
    page.wait_for_function("([i, n]) => document.querySelectorAll('.js-plotly-plot')[i]._fullData.filter("
                           "t => t.visible === true && t.customdata).reduce((s, t) => s + t._length, 0) >= n",
                           arg=[TIMELINE_CHART, before])
    assert point_count(page, TIMELINE_CHART) == before
    console.assert_clean()


def test_labels_are_offered_for_few_events_and_drawn_beside_the_markers(page, console, dataset):
    open_page(page, "/")
    toggle = page.get_by_role("switch", name="Label events on the chart")
    if len(dataset.events) > 25:
        assert toggle.is_disabled() and "Labels are for up to 25 events" in main_text(page)
    open_page(page, "/", "actor=RUS&actor=PAN")
    toggle = page.get_by_role("switch", name="Label events on the chart")
    assert toggle.is_enabled()
    page.locator('[data-testid="stCheckbox"]', has_text="Label events on the chart").locator("label").click()
    settle(page, rerun=True)
    modes = {t["mode"] for t in figures(page)[TIMELINE_CHART]["traces"] if t["mode"].startswith("markers")}
    assert "markers+text" in modes
    screenshot_full(page, "timeline-labels-rus-pan")
    assert_no_exception(page)
    console.assert_clean()


def most_isolated(points: list[dict], known_ids: set[str]) -> dict:
    """The marker farthest from every other marker, so a click cannot hit a neighbour."""
    candidates = [p for p in points if p["customdata"] and p["customdata"][0] in known_ids]
    assert candidates, "no timeline marker carries an event id in its customdata"

    def gap(p: dict) -> float:
        return min((math.dist((p["x"], p["y"]), (q["x"], q["y"])) for q in points if q is not p), default=1e9)

    return max(candidates, key=gap)


def test_clicking_a_marker_opens_its_passages(page, console, dataset):
    open_page(page, "/")
    with whole_page_in_view(page):  # every marker on screen: no scrolling between reading and clicking
        target = most_isolated(point_positions(page, TIMELINE_CHART), set(dataset.events["id"]))
        event_id = target["customdata"][0]
        page.mouse.move(target["x"], target["y"])
        page.mouse.click(target["x"], target["y"])
        settle(page, rerun=True)
    assert query_params(page).get("event") == [event_id], f"the click on {event_id} did not select it"
    assert not missing_quotes(page, dataset, event_id), "the passage panel lacks the clicked event's quotes"
    title = dataset.events.set_index("id").loc[event_id, "title"]
    assert squash(title) in main_text(page)
    assert_no_exception(page)
    console.assert_clean()


def test_deep_link_reproduces_the_view(page, console, dataset, russia_panama_event):
    event = russia_panama_event
    open_page(page, "/", f"actor=RUS&actor=PAN&theme={event['theme']}&event={event['id']}")
    actors = chosen_values(page, "Actors")
    assert len(actors) == 2 and "(RUS)" in actors[0] and "(PAN)" in actors[1], actors
    theme_label = dataset.themes.set_index("id").loc[event["theme"], "label"]
    assert chosen_values(page, "Themes") == [theme_label]
    assert not missing_quotes(page, dataset, event["id"]), "the linked event's quotes are not shown"
    assert "were not understood" not in main_text(page), "a valid link produced an ignored-parameter notice"
    params = query_params(page)
    assert params.get("actor") == ["RUS", "PAN"] and params.get("event") == [event["id"]]
    assert point_count(page, TIMELINE_CHART) > 0
    assert_no_exception(page)
    console.assert_clean()


def test_page_changes_keep_the_filters(page, console, busiest_theme):
    theme_id, label = busiest_theme
    open_page(page, "/")
    choose_option(page, "Themes", label)
    for name in [*list(PAGES)[1:], "timeline"]:
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text=NAV_TITLES[name]).first.click()
        page.wait_for_url(lambda url, path=PAGES[name]: urlsplit(url).path == path)
        settle(page, rerun=True)
        assert_no_exception(page)
        assert chosen_values(page, "Themes") == [label], f"{name}: the theme filter was lost"
        assert query_params(page).get("theme") == [theme_id], f"{name}: the URL lost the theme ({page.url})"
    console.assert_clean()


def test_open_in_source_reader_keeps_the_filters(page, console, dataset, russia_panama_event):
    """The passage panel's "Open in the source reader" switches page from inside a run
    (st.switch_page): the reader must show the passage, and the sidebar must keep the filters."""
    event = russia_panama_event
    open_page(page, "/", f"actor=RUS&actor=PAN&event={event['id']}")
    page.get_by_role("button", name="Open in the source reader").first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == PAGES["sources"])
    settle(page, rerun=True)
    assert_no_exception(page)
    actors = chosen_values(page, "Actors")
    assert len(actors) == 2 and "(RUS)" in actors[0] and "(PAN)" in actors[1], f"filters lost: actors {actors}"
    assert query_params(page).get("actor") == ["RUS", "PAN"], f"the URL lost the actors ({page.url})"
    first_quote = quotes_of(dataset, event["id"])[0]
    assert first_quote[:80] in squash(main_text(page)), "the reader does not show the passage it was opened at"
    console.assert_clean()
