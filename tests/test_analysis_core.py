"""core.analysis on a tiny hand-built dataset, with exact counts.

The dataset (PAN focal; RUS has the predecessor SUN):
    e1 1991  SUN PAN      diplomacy           cooperation
    e2 2008  RUS PAN      trade, diplomacy    tension
    e3 2008  RUS PAN USA  trade               neutral
    e4 2010  PAN USA      security            cooperation
    e5 2012  RUS CUB      trade               cooperation
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.core import analysis
from dashboard.core.load import Dataset

EVENTS = [  # id, year, actors, themes, tone
    ("e1", 1991, ("SUN", "PAN"), ("diplomacy",), "cooperation"),
    ("e2", 2008, ("RUS", "PAN"), ("trade", "diplomacy"), "tension"),
    ("e3", 2008, ("RUS", "PAN", "USA"), ("trade",), "neutral"),
    ("e4", 2010, ("PAN", "USA"), ("security",), "cooperation"),
    ("e5", 2012, ("RUS", "CUB"), ("trade",), "cooperation"),
]
PASSAGES = [  # event_id, theme_id, source, perspective, quote
    (None, "trade", "src-a", "russian-government", "Moscow wants trade."),
    (None, "trade", "src-b", "author", "Trade is modest."),
    (None, "diplomacy", "src-a", "author", "Embassies opened."),
    ("e2", None, "src-a", "author", "Duties were raised."),
    ("e3", None, "src-b", "us-government", "Washington watched."),
    ("e5", None, "src-a", "russian-media", "Havana buys grain."),
    ("e5", None, "src-a", "author", "Duties were raised."),  # the same span as e2's: listed once
]


QUOTES = [p[4] for p in PASSAGES]


def tiny_dataset() -> Dataset:
    events = pd.DataFrame([{
        "id": i, "date": str(y), "date_label": str(y), "start": pd.Timestamp(y, 3, 1), "end": pd.Timestamp(y, 3, 1),
        "precision": "day", "title": f"Event {i} <b>", "summary": f"Summary {i}", "kind": "statement", "tone": tone,
        "tone_rationale": "because", "confidence": "high", "note": None, "actors": actors, "themes": themes,
        "primary_theme": themes[0], "sources": ("src-a",), "year": y, "search_text": f"event {i}",
        "file": "events/t.yaml", "line": n + 1, "date_basis": "event",
    } for n, (i, y, actors, themes, tone) in enumerate(EVENTS)])  # fmt: skip
    actors = pd.DataFrame([
        {"id": "PAN", "name": "Panama", "predecessor": None, "color": "#0072B2"},
        {"id": "RUS", "name": "Russia", "predecessor": "SUN", "color": "#D55E00"},
        {"id": "SUN", "name": "Soviet Union", "predecessor": None, "color": "#CC79A7"},
        {"id": "USA", "name": "United States", "predecessor": None, "color": "#009E73"},
        {"id": "CHN", "name": "China", "predecessor": None, "color": "#E69F00"},
        {"id": "CUB", "name": "Cuba", "predecessor": None, "color": "#882255"},
    ])  # fmt: skip
    themes = pd.DataFrame([
        {"id": "diplomacy", "label": "Diplomacy", "description": "Talks.", "color": "#4477AA"},
        {"id": "trade", "label": "Trade", "description": "Goods.", "color": "#228833"},
        {"id": "security", "label": "Security", "description": "Arms.", "color": "#BBBBBB"},
        {"id": "health", "label": "Health", "description": "Vaccines.", "color": "#EE7733"},
    ])  # fmt: skip
    passages = pd.DataFrame([{
        "event_id": e, "theme_id": t, "passage_no": n, "source_id": s, "quote": q, "start": 10 * QUOTES.index(q),
        "end": 10 * QUOTES.index(q) + 5,
        "perspective": p, "file": "x.yaml", "line": n,
    } for n, (e, t, s, p, q) in enumerate(PASSAGES)])  # fmt: skip
    sources = pd.DataFrame([
        {"id": "src-a", "title": "Source A", "authors": ["A. Author"], "publisher": "Pub", "container": None,
         "published": "2020"},
        {"id": "src-b", "title": "Source B", "authors": [], "publisher": None, "container": None, "published": None},
    ])  # fmt: skip
    return Dataset(
        events=events,
        event_actors=pd.DataFrame([{"event_id": i, "actor_id": a} for i, _, acts, _, _ in EVENTS for a in acts]),
        event_themes=pd.DataFrame([{"event_id": i, "theme_id": t, "rank": r}
                                   for i, _, _, ths, _ in EVENTS for r, t in enumerate(ths)]),
        passages=passages, sources=sources, actors=actors, themes=themes,
        periods=pd.DataFrame(columns=["id", "label", "start_date", "end_date"]), seed_texts={}, version="test",
    )  # fmt: skip


@pytest.fixture(scope="module")
def tiny() -> Dataset:
    return tiny_dataset()


def pairs_of(dataset: Dataset, predecessors: bool = True, partners=("RUS", "USA", "CHN")) -> pd.DataFrame:
    return analysis.pair_events(dataset, dataset.events, "PAN", list(partners), predecessors)


def as_dict(frame: pd.DataFrame, key: str | list[str], value: str) -> dict:
    keys = frame[key].astype(str) if isinstance(key, str) else list(zip(*(frame[k].astype(str) for k in key)))
    return dict(zip(keys, frame[value]))


# -- Pairs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("predecessors", "expected"), [
    (True, {"RUS": ["e1", "e2", "e3"], "USA": ["e3", "e4"], "CHN": []}),
    (False, {"RUS": ["e2", "e3"], "USA": ["e3", "e4"], "CHN": []}),
])  # fmt: skip
def test_pair_events_respects_predecessors_and_keeps_empty_pairs(tiny, predecessors, expected):
    pairs = pairs_of(tiny, predecessors)
    got = {p: sorted(pairs.loc[pairs["partner"] == p, "event_id"]) for p in ("RUS", "USA", "CHN")}
    assert got == expected
    assert list(pairs["pair"].cat.categories) == ["Panama – Russia", "Panama – United States", "Panama – China"]
    assert analysis.pair_totals(pairs).tolist() == [len(v) for v in expected.values()]


def test_an_event_of_two_pairs_is_in_both(tiny):
    pairs = pairs_of(tiny)
    assert sorted(pairs.loc[pairs["event_id"] == "e3", "partner"].astype(str)) == ["RUS", "USA"]


@pytest.mark.parametrize(("focal", "partners", "predecessors", "expected"), [
    ("RUS", ["SUN", "PAN", "PAN", "XXX"], True, ("PAN",)),  # own predecessor, repeat and unknown dropped
    ("RUS", ["SUN", "PAN"], False, ("SUN", "PAN")),  # without predecessors the Soviet Union is a partner
    ("PAN", ["PAN", "USA", "RUS"], True, ("USA", "RUS")),  # order kept, focal dropped
])  # fmt: skip
def test_valid_partners(tiny, focal, partners, predecessors, expected):
    assert analysis.valid_partners(tiny, focal, partners, predecessors) == expected


def test_pair_events_only_among_the_given_events(tiny):
    pairs = analysis.pair_events(tiny, tiny.events[tiny.events["year"] >= 2008], "PAN", ["RUS"], True)
    assert sorted(pairs["event_id"]) == ["e2", "e3"]


# -- Aggregates -------------------------------------------------------------------------------


def test_theme_profile_counts_every_theme_and_pair(tiny):
    profile = analysis.theme_profile(pairs_of(tiny), tiny.event_themes, tiny.themes)
    assert len(profile) == 4 * 3  # every theme x pair, zeros kept
    counts = as_dict(profile, ["theme_id", "partner"], "events")
    assert counts[("diplomacy", "RUS")] == 2  # e1 (Soviet Union) and e2
    assert counts[("trade", "RUS")] == 2
    assert counts[("trade", "USA")] == 1
    assert counts[("security", "USA")] == 1
    assert counts[("health", "RUS")] == 0
    assert profile.loc[profile["partner"] == "CHN", "events"].sum() == 0
    assert list(dict.fromkeys(profile["theme"])) == ["Diplomacy", "Trade", "Security", "Health"]


def test_theme_profile_can_show_chosen_themes_only(tiny):
    profile = analysis.theme_profile(pairs_of(tiny), tiny.event_themes, tiny.themes, ["trade"])
    assert set(profile["theme_id"]) == {"trade"}
    assert profile["events"].tolist() == [2, 1, 0]


def test_activity_by_year_fills_zero_years_and_empty_pairs(tiny):
    activity = analysis.activity_by_year(pairs_of(tiny))
    assert sorted(set(activity["year"])) == list(range(1991, 2011))
    assert len(activity) == 3 * 20
    counts = as_dict(activity, ["partner", "year"], "events")
    assert counts[("RUS", "1991")] == 1
    assert counts[("RUS", "2008")] == 2
    assert counts[("USA", "2010")] == 1
    assert counts[("RUS", "2000")] == 0
    assert activity.loc[activity["partner"] == "CHN", "events"].sum() == 0
    assert activity["events"].sum() == 5


def test_activity_by_year_on_given_years(tiny):
    activity = analysis.activity_by_year(pairs_of(tiny), range(2008, 2013))
    assert sorted(set(activity["year"])) == [2008, 2009, 2010, 2011, 2012]
    assert activity["events"].sum() == 4  # e1 (1991) is outside the years


def test_tone_balance_shares(tiny):
    tones = analysis.tone_balance(pairs_of(tiny))
    assert len(tones) == 9
    russia = tones[tones["partner"] == "RUS"].set_index("tone")
    assert russia["events"].to_dict() == {"cooperation": 1, "neutral": 1, "tension": 1}
    assert russia["share"].round(4).tolist() == [0.3333] * 3
    usa = tones[tones["partner"] == "USA"].set_index("tone")
    assert usa["share"].to_dict() == {"cooperation": 0.5, "neutral": 0.5, "tension": 0.0}
    china = tones[tones["partner"] == "CHN"]
    assert china["events"].tolist() == [0, 0, 0] and china["share"].tolist() == [0.0, 0.0, 0.0]


def test_pair_summary(tiny):
    table = analysis.pair_summary(pairs_of(tiny), tiny.event_themes, tiny.themes).set_index("partner")
    assert table.loc["RUS", "events"] == 3
    assert (table.loc["RUS", "first_date"], table.loc["RUS", "first_event"]) == ("1991", "Event e1 <b>")
    assert table.loc["RUS", "latest_event"] == "Event e3 <b>"  # same day as e2: the id decides
    assert table.loc["RUS", "top_themes"] == "Diplomacy (2), Trade (2)"
    assert table.loc["RUS", "share_cooperative"] == pytest.approx(1 / 3)
    assert table.loc["USA", "share_cooperative"] == 0.5
    assert table.loc["CHN", "events"] == 0
    assert table.loc["CHN", "first_event"] == analysis.NO_EVENTS
    assert pd.isna(table.loc["CHN", "share_cooperative"])
    assert list(table.index) == ["RUS", "USA", "CHN"]


@pytest.mark.parametrize(("criteria", "expected"), [
    ({"partner": "RUS"}, ["e1", "e2", "e3"]),
    ({"partner": "RUS", "theme_id": "trade"}, ["e2", "e3"]),
    ({"partner": "RUS", "theme_id": "trade", "tone": "tension"}, ["e2"]),
    ({"partner": "USA", "year": 2010}, ["e4"]),
    ({"partner": "CHN"}, []),
    ({"theme_id": "trade"}, ["e2", "e3", "e3"]),  # e3 once per pair
])  # fmt: skip
def test_cell_events(tiny, criteria, expected):
    rows = analysis.cell_events(pairs_of(tiny), tiny.event_themes, **criteria)
    assert sorted(rows["event_id"]) == expected


# -- Themes -----------------------------------------------------------------------------------


def test_theme_tone_counts_keep_every_theme_and_tone(tiny):
    counts = analysis.theme_tone_counts(tiny.events, tiny.event_themes, tiny.themes)
    assert len(counts) == 4 * 3
    got = as_dict(counts, ["theme_id", "tone"], "events")
    assert (got[("trade", "cooperation")], got[("trade", "neutral")], got[("trade", "tension")]) == (1, 1, 1)
    assert (got[("diplomacy", "cooperation")], got[("diplomacy", "tension")]) == (1, 1)
    assert counts.loc[counts["theme_id"] == "health", "events"].sum() == 0
    assert as_dict(counts.drop_duplicates("theme_id"), "theme_id", "total") == {
        "diplomacy": 2, "trade": 3, "security": 1, "health": 0}


def test_busiest_theme(tiny):
    assert analysis.busiest_theme(tiny.events, tiny.event_themes, tiny.themes) == "trade"
    early = tiny.events[tiny.events["year"] < 2000]
    assert analysis.busiest_theme(early, tiny.event_themes, tiny.themes) == "diplomacy"
    assert analysis.busiest_theme(tiny.events.iloc[0:0], tiny.event_themes, tiny.themes) == "diplomacy"


def test_preset_pairs_are_unique_and_unordered():
    pairs = analysis.preset_pairs()
    assert len({frozenset(p) for p in pairs}) == len(pairs) == 7
    assert pairs[0] == ("PAN", "RUS")


def test_lane_events_places_every_event_and_spreads_one_year(tiny):
    rows = analysis.lane_events(tiny, tiny.events, [("PAN", "RUS"), ("PAN", "USA")], True)
    lanes = {lane: sorted(group["event_id"]) for lane, group in rows.groupby("lane")}
    assert lanes == {"Panama – Russia": ["e1", "e2", "e3"], "Panama – United States": ["e3", "e4"],
                     analysis.OTHER_LANE: ["e5"]}
    same_year = rows[(rows["lane"] == "Panama – Russia") & (rows["year"] == 2008)]
    assert sorted(same_year["y"].round(3)) == [-0.1, 0.1]
    assert rows.loc[rows["event_id"] == "e5", "lane_no"].tolist() == [2]
    assert analysis.lane_names(tiny, [("PAN", "RUS")]) == ["Panama – Russia", analysis.OTHER_LANE]


def test_lane_events_with_no_events(tiny):
    rows = analysis.lane_events(tiny, tiny.events.iloc[0:0], [("PAN", "RUS")], True)
    assert rows.empty and {"lane", "lane_no", "y", "event_id"} <= set(rows.columns)


def test_perspective_passages_groups_undated_and_event_passages(tiny):
    rows = analysis.perspective_passages(tiny, "trade", tiny.events["id"])
    assert rows["perspective"].tolist() == ["author", "author", "russian-government", "russian-media",
                                            "us-government"]  # PERSPECTIVES order
    assert rows["origin"].tolist() == ["theme", "event", "theme", "event", "event"]  # undated first
    assert rows["event_id"].tolist()[1] == "e2"
    assert rows["perspective_label"].iloc[0] == "The source's author"
    assert rows.loc[rows["origin"] == "event", "event_title"].tolist() == ["Event e2 <b>", "Event e5 <b>",
                                                                         "Event e3 <b>"]
    assert rows["events"].tolist()[1] == "“Event e2 <b>” (2008); “Event e5 <b>” (2012)"  # one span, two events
    assert rows["n_events"].tolist() == [0, 2, 0, 1, 1]
    assert rows["events"].tolist()[0] == ""


def test_perspective_passages_follow_the_filtered_events_and_sources(tiny):
    rows = analysis.perspective_passages(tiny, "trade", ["e2"])  # e3 and e5 filtered out
    assert sorted(rows["quote"]) == ["Duties were raised.", "Moscow wants trade.", "Trade is modest."]
    rows = analysis.perspective_passages(tiny, "trade", tiny.events["id"], sources=["src-b"])
    assert sorted(rows["quote"]) == ["Trade is modest.", "Washington watched."]
    assert analysis.perspective_passages(tiny, "health", tiny.events["id"]).empty


def test_is_in_matches_pandas_isin_with_missing_values_and_empty_lists():
    values = pd.Series(["a", None, "b", "c"], index=[10, 11, 12, 13])
    assert analysis.is_in(values, pd.Series(["b", "a"])).tolist() == [True, False, True, False]
    assert analysis.is_in(values, {"c", None}).tolist() == [False, False, False, True]  # a missing id never matches
    assert analysis.is_in(values, []).tolist() == [False] * 4
    assert list(analysis.is_in(values, ["a"]).index) == [10, 11, 12, 13]
    many = pd.Series([f"e{i}" for i in range(50_000)])
    assert analysis.is_in(many, many[::2]).sum() == 25_000
