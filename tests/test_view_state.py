"""The pages' view in the query string: parsed like the filters (unknown values dropped with a
notice, lists capped), written only where it differs from the defaults, page by page."""

from __future__ import annotations

import pytest

from dashboard.core import view_state as V

CHOICES = V.Choices(
    actors=frozenset({"PAN", "RUS", "USA", "CHN", "TWN", "BRA", "CUB", "VEN"} | {f"A{i:02d}" for i in range(60)}),
    themes=frozenset({"trade", "diplomacy"}), sources=frozenset({"essay", "news"}), events=frozenset({"e1", "e2"}),
    presets={"panama": ("PAN", ("RUS", "USA", "CHN", "TWN")), "russia": ("RUS", ("PAN", "BRA", "CUB", "VEN"))},
    pairs=frozenset({"PAN-RUS", "PAN-USA"}),
)  # fmt: skip


def parse(**params):
    return V.from_query_params(params, CHOICES)


def test_no_parameters_give_the_defaults_and_no_notice():
    assert parse() == (V.View(), [])


def test_every_parameter_round_trips():
    view = V.View(lanes="theme", preset=V.CUSTOM, focal="USA", partners=("PAN", "CHN"), topic="trade",
                  pair="PAN-RUS", doc="news", find="canal", only_cited=True, event="e2")  # fmt: skip
    params = V.to_query_params(view)
    assert parse(**params) == (view, [])


def test_the_not_yet_cited_view_round_trips_and_excludes_only_cited():
    view = V.View(doc="essay", only_uncited=True)
    assert V.to_query_params(view, "sources") == {"doc": ["essay"], "uncited": ["1"]}
    assert parse(**V.to_query_params(view, "sources")) == (view, [])
    both, notices = parse(cited=["1"], uncited=["1"])
    assert (both.only_cited, both.only_uncited) == (True, False)
    assert notices == ["Ignored uncited=1: it excludes cited=1 (only paragraphs with citations are shown)."]
    assert parse(uncited=["0"]) == (V.View(), [])


def test_a_preset_alone_brings_its_actors_and_is_written_alone():
    view, notices = parse(preset=["russia"])
    assert (view.preset, view.focal, view.partners, notices) == ("russia", "RUS", ("PAN", "BRA", "CUB", "VEN"), [])
    assert V.to_query_params(view, "compare") == {"preset": ["russia"]}


def test_actors_that_are_exactly_a_preset_are_that_preset():
    view, _ = parse(focal=["PAN"], partner=["RUS", "USA", "CHN", "TWN"])
    assert view.preset == "panama"


def test_own_actors_are_the_custom_choice():
    view, _ = parse(focal=["USA"], partner=["PAN", "CHN"])
    assert view.preset == V.CUSTOM
    assert V.to_query_params(view, "compare") == {"preset": ["custom"], "focal": ["USA"], "partner": ["PAN", "CHN"]}


@pytest.mark.parametrize(("params", "notice"), [
    ({"partner": ["PAN", "ZZZ"]}, "Ignored unknown partner “ZZZ”."),
    ({"topic": ["nope"]}, "Ignored unknown theme “nope”."),
    ({"lanes": ["sideways"]}, "Ignored unknown lane mode “sideways”."),
    ({"preset": ["best"]}, "Ignored unknown preset “best”."),
    ({"focal": ["<b>x</b>"]}, "Ignored unknown focal actor “<b>x</b>”."),
    ({"pair": ["PAN-XXX"]}, "Ignored unknown pair “PAN-XXX”."),
    ({"doc": ["secret"]}, "Ignored unknown document “secret”."),
    ({"event": ["e9"]}, "Ignored unknown event “e9”."),
    ({"cited": ["yes"]}, "Ignored cited=“yes”: use 1 or 0."),
    ({"uncited": ["<b>"]}, "Ignored uncited=“<b>”: use 1 or 0."),
    ({"uncited": ["1", "0"]}, "“uncited” was given 2 times; the first was used."),
    ({"lanes": ["theme", "actors"]}, "“lanes” was given 2 times; the first was used."),
])  # fmt: skip
def test_bad_values_are_ignored_with_a_notice(params, notice):
    view, notices = parse(**params)
    assert notice in notices
    assert view.lanes in V.LANE_MODES and view.topic is None and view.doc is None and view.event is None


def test_fifty_partners_are_capped():
    view, notices = parse(focal=["PAN"], partner=[f"A{i:02d}" for i in range(60)])
    assert len(view.partners) == V.MAX_PARTNERS
    assert "Only the first 50 “partner” values were read." in notices
    assert any(n.startswith(f"Only the first {V.MAX_PARTNERS} partners") for n in notices)


def test_a_long_notice_value_is_cut():
    _, notices = parse(topic=["x" * 500])
    assert notices == [f"Ignored unknown theme “{'x' * 40}”."]


def test_each_page_writes_only_its_own_parameters_and_the_event():
    view = V.View(lanes="theme", preset="russia", topic="trade", doc="news", event="e1")
    assert V.to_query_params(view, "") == {"lanes": ["theme"], "event": ["e1"]}
    assert V.to_query_params(view, "compare") == {"preset": ["russia"], "event": ["e1"]}
    assert V.to_query_params(view, "themes") == {"topic": ["trade"], "event": ["e1"]}
    assert V.to_query_params(view, "sources") == {"doc": ["news"], "event": ["e1"]}
    assert V.to_query_params(view, "about") == {"event": ["e1"]}


def test_split_leaves_the_filters_their_parameters():
    filters, view = V.split({"from": "2008", "actor": ["RUS"], "lanes": "theme", "event": ["e1"]})
    assert filters == {"from": ["2008"], "actor": ["RUS"]} and view == {"lanes": ["theme"], "event": ["e1"]}
