"""Every page's view in the URL, through AppTest on the bundled data: a link sets the page's
widgets, the page writes them back, and bad values are dropped with the escaped notice."""

from __future__ import annotations

import pytest
from apptest_support import open_page, rerun

from dashboard.core import load, paths
from dashboard.ui.text import md

PAGES = {"timeline": None, "compare": "app_pages/compare.py", "themes": "app_pages/themes.py",
         "sources": "app_pages/sources.py", "data": "app_pages/data.py", "about": "app_pages/about.py"}  # fmt: skip


@pytest.fixture(scope="module")
def real():
    result = load.load(paths.resolve(None, None))
    assert result.ok
    return result.dataset


def param(at, key):
    value = at.query_params.get(key)
    return value if isinstance(value, list) else [value] if value is not None else []


def notices(at) -> str:
    return "\n".join(w.value for w in at.warning)


def test_the_timeline_lane_mode_comes_from_and_goes_to_the_link():
    at = open_page(params={"lanes": "theme"})
    assert at.radio(key="timeline_lanes").value == "theme"
    assert param(at, "lanes") == ["theme"]
    at.radio(key="timeline_lanes").set_value("actors")
    rerun(at)
    assert param(at, "lanes") == []  # the default is not written


def test_a_compare_preset_survives_a_link_with_dates_and_an_event(real):
    event = real.events[real.events["start"].dt.year == 2008].iloc[0]["id"]
    at = open_page(PAGES["compare"], {"preset": "russia", "from": "2008-01-01", "to": "2009-12-31", "event": event})
    assert at.radio(key="cmp_preset").value == "russia"
    assert at.selectbox(key="cmp_focal").value == "RUS"
    assert param(at, "preset") == ["russia"] and param(at, "event") == [event]
    assert not notices(at)


def test_a_compare_link_with_own_actors_sets_focal_and_partners():
    at = open_page(PAGES["compare"], {"focal": "USA", "partner": ["PAN", "CHN"]})
    assert at.radio(key="cmp_preset").value == "custom"
    assert at.selectbox(key="cmp_focal").value == "USA"
    assert at.multiselect(key="cmp_partners").value == ["PAN", "CHN"]
    assert param(at, "focal") == ["USA"] and param(at, "partner") == ["PAN", "CHN"]


def test_choosing_a_preset_on_the_page_writes_it(real):
    at = open_page(PAGES["compare"])
    at.radio(key="cmp_preset").set_value("russia")
    rerun(at)
    assert param(at, "preset") == ["russia"]


def test_fifty_partners_are_capped_and_unknown_ones_named_escaped(real):
    partners = [a for a in real.actors["id"] if a != "PAN"][:30] + ["<b>bad</b>"] * 20
    at = open_page(PAGES["compare"], {"focal": "PAN", "partner": partners})
    assert len(at.multiselect(key="cmp_partners").value) <= 8
    text = notices(at)
    assert "Only the first 8 partners were used" in text
    assert "Ignored unknown partner" in text and "<b>bad</b>" not in text  # shown escaped, as text


def test_the_themes_page_theme_and_pair_come_from_and_go_to_the_link():
    at = open_page(PAGES["themes"], {"topic": "trade", "pair": "PAN-RUS"})
    assert at.selectbox(key="th_theme").value == "trade"
    assert at.selectbox(key="th_pair").value == "PAN-RUS"
    assert param(at, "topic") == ["trade"] and param(at, "pair") == ["PAN-RUS"]


def test_an_unknown_theme_and_lane_mode_are_ignored_with_a_notice():
    at = open_page(PAGES["themes"], {"topic": "nope", "lanes": "sideways"})
    text = notices(at)
    assert "Ignored unknown theme “nope”" in text and "Ignored unknown lane mode “sideways”" in text
    assert at.selectbox(key="th_theme").value != "nope"


def test_the_sources_page_document_search_and_toggle_come_from_and_go_to_the_link(real):
    doc = list(real.sources["id"])[-1]
    at = open_page(PAGES["sources"], {"doc": doc, "find": "canal", "cited": "1", "q": "revoked"})
    assert at.selectbox(key="reader_pick").value == doc
    assert at.text_input(key="reader_q").value == "canal"
    assert at.toggle(key="reader_only_cited").value is True
    assert param(at, "doc") == [doc] and param(at, "find") == ["canal"] and param(at, "cited") == ["1"]
    assert param(at, "q") == ["revoked"]


def test_the_not_yet_cited_view_comes_from_and_goes_to_the_link(real):
    doc = list(real.sources["id"])[-1]
    at = open_page(PAGES["sources"], {"doc": doc, "uncited": "1"})
    assert at.toggle(key="reader_uncited").value is True and at.toggle(key="reader_only_cited").value is False
    assert param(at, "uncited") == ["1"] and param(at, "cited") == []
    assert any(" paragraphs not yet cited by any event" in c.value for c in at.caption)
    at.toggle(key="reader_only_cited").set_value(True)  # the other view turns this one off
    rerun(at)
    assert param(at, "cited") == ["1"] and param(at, "uncited") == []
    at = open_page(PAGES["sources"], {"doc": doc, "uncited": "maybe"})
    assert md("Ignored uncited=“maybe”: use 1 or 0.") in notices(at)  # escaped, like every notice
    assert at.toggle(key="reader_uncited").value is False and param(at, "uncited") == []


@pytest.mark.parametrize("name", list(PAGES))
def test_the_selected_event_stays_in_the_link_on_every_page(real, name):
    event = real.events.iloc[3]["id"]
    at = open_page(PAGES[name], {"event": event})
    assert param(at, "event") == [event]
    links = [p for p in at.get("popover") if p.proto.popover.label == "Copy link to this view"]
    assert links, f"{name}: no 'Copy link to this view'"
    shown = links[0].code[0].value
    assert f"event={event}" in shown and shown.startswith("/" + ("" if name == "timeline" else name))
