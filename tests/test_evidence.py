"""The counted sentences: every share with its count, no superlative under the minimum, and the
one source that provides more than half of a figure's events named."""

import pandas as pd
import pytest

from dashboard.core import evidence as E

SOURCES = pd.DataFrame({"id": ["a", "b", "c"], "title": ["U.S. - Panama Relations", "Source B", "Source C"]})


def events(*cited: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"e{i}" for i in range(len(cited))], "sources": list(cited)})


@pytest.mark.parametrize("part, total, expected", [
    (9, 12, "75% of 12 events"),
    (1, 1, "1 of 1 event"),
    (3, 4, "3 of 4 events"),
    (0, 4, "0 of 4 events"),
    (4, 5, "80% of 5 events"),
    (0, 5, "0% of 5 events"),
    (5, 5, "100% of 5 events"),
    (1, 3, "1 of 3 events"),
    (2, 3000, "0% of 3,000 events"),
    (0, 0, "no events"),
])  # fmt: skip
def test_a_share_carries_its_count_and_is_a_count_only_below_the_minimum(part, total, expected):
    assert E.share(part, total) == expected


@pytest.mark.parametrize("counts, expected", [
    ({"A": 5, "B": 3}, (["A"], 5)),
    ({"A": 4, "B": 3}, None),  # below the minimum: no superlative
    ({"A": 6, "B": 6, "C": 1}, (["A", "B"], 6)),  # a tie names both
    ({}, None),
    ({"A": 0}, None),
    ({"A": 1000}, (["A"], 1000)),
])  # fmt: skip
def test_top_is_none_below_the_minimum_and_names_ties(counts, expected):
    assert E.top(counts) == expected


@pytest.mark.parametrize("counts, expected", [
    ({"Panama – Russia": 15, "X": 2}, "Panama – Russia (15 events)"),
    ({"A": 6, "B": 6}, "A and B (6 events each)"),
    ({"A": 4}, None),
])  # fmt: skip
def test_top_text(counts, expected):
    assert E.top_text(counts) == expected


@pytest.mark.parametrize("cited, expected", [
    ([("a",)] * 9 + [("b",)] * 3, "9 of 12 from one source: U.S. - Panama Relations"),
    ([("a",)] * 6 + [("b",)] * 6, ""),  # exactly half: no source provides more than half
    ([("a",)] * 7 + [("b",)] * 6, "7 of 13 from one source: U.S. - Panama Relations"),
    ([("a", "b")] * 3 + [("c",)], "3 of 4 from one source: U.S. - Panama Relations"),  # ties: sources.yaml order
    ([("b",)] * 4, "all 4 from one source: Source B"),
    ([("c",)], "from one source: Source C"),
    ([("a",), ("b",), ("c",)], ""),
    ([], ""),
])  # fmt: skip
def test_dominance_names_a_source_behind_more_than_half(cited, expected):
    assert E.dominance(events(*cited), SOURCES) == expected


@pytest.mark.parametrize("cited, expected", [
    ([("a",)] * 2 + [("b",)] * 3, "Sources behind this: Source B (3 events); U.S. - Panama Relations (2 events)."),
    ([("a", "b")], "Sources behind this: U.S. - Panama Relations (1 event); Source B (1 event)."),
    ([("c",), ("a",)], "Sources behind this: U.S. - Panama Relations (1 event); Source C (1 event)."),
    ([], "Sources behind this: none."),
])  # fmt: skip
def test_sources_behind_counts_events_per_source_busiest_first(cited, expected):
    assert E.sources_behind(events(*cited), SOURCES) == expected


def test_sources_behind_names_the_first_ones_and_counts_the_rest():
    many = pd.DataFrame({"id": [f"s{i}" for i in range(12)], "title": [f"T{i}" for i in range(12)]})
    text = E.sources_behind(events(*[(f"s{i}",) for i in range(12)]), many, shown=8)
    assert text.endswith("T7 (1 event); and 4 more.") and text.count("(1 event)") == 8


def test_source_counts_table_and_labels():
    table = E.source_counts(events(("a",), ("a", "b"), ("x",)), SOURCES)
    assert table.to_dict("records") == [
        {"source_id": "a", "source": "U.S. - Panama Relations", "events": 2},
        {"source_id": "b", "source": "Source B", "events": 1},
        {"source_id": "x", "source": "x", "events": 1},  # an unknown source keeps its id
    ]
    assert E.source_labels(events(("b",), ("b",)), SOURCES) == ["Source B (2 events)"]


@pytest.mark.parametrize("cited, expected", [
    ([("a",)] * 9 + [("b",)] * 3, "12 events; 9 of 12 from one source: U.S. - Panama Relations"),
    ([("a",), ("b",)], "2 events"),
    ([], "0 events"),
])  # fmt: skip
def test_based_on(cited, expected):
    assert E.based_on(events(*cited), SOURCES) == expected
