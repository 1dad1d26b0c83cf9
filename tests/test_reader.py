"""The source reader's cutting of a seed into runs and paragraphs (dashboard/core/reader.py)."""

from __future__ import annotations

import time
from itertools import pairwise

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core import coverage, reader
from dashboard.core.provenance import Span


def passages(*rows) -> pd.DataFrame:
    """passages((start, end, event_id, theme_id), ...) as Dataset.passages rows."""
    return pd.DataFrame(rows, columns=["start", "end", "event_id", "theme_id"])


def runs(segments) -> list[tuple]:
    return [(s.text, s.kind, s.events, s.themes) for s in segments]


TEXT = "Alpha beta gamma. Delta epsilon."
#       0    5    10   15   20   25   30


# -- segments ----------------------------------------------------------------------------------


def test_plain_text_is_one_plain_run():
    assert runs(reader.segments(TEXT, None)) == [(TEXT, "plain", (), ())]
    assert runs(reader.segments(TEXT, passages())) == [(TEXT, "plain", (), ())]


def test_empty_text_has_no_runs_and_no_paragraphs():
    assert reader.segments("", passages((0, 5, "e", None)), [(0, 3)]) == []
    assert reader.paragraphs("", passages((0, 5, "e", None))) == []
    assert reader.paragraphs(" \n\t\n  ", None) == []


def test_one_passage_cuts_the_text_in_three():
    assert runs(reader.segments(TEXT, passages((6, 17, "e1", None)))) == [
        ("Alpha ", "plain", (), ()),
        ("beta gamma.", "cited", ("e1",), ()),
        (" Delta epsilon.", "plain", (), ()),
    ]


def test_overlapping_passages_split_at_every_boundary():
    cut = reader.segments(TEXT, passages((0, 17, "e1", None), (6, 24, "e2", None), (18, 32, None, "trade")))
    assert runs(cut) == [
        ("Alpha ", "cited", ("e1",), ()),
        ("beta gamma.", "cited", ("e1", "e2"), ()),
        (" ", "cited", ("e2",), ()),
        ("Delta ", "cited", ("e2",), ("trade",)),
        ("epsilon.", "cited", (), ("trade",)),
    ]


def test_nested_and_identical_passages():
    cut = reader.segments(TEXT, passages((0, 32, "outer", None), (6, 10, "inner", None), (6, 10, "twin", None)))
    assert runs(cut) == [
        ("Alpha ", "cited", ("outer",), ()),
        ("beta", "cited", ("outer", "inner", "twin"), ()),
        (" gamma. Delta epsilon.", "cited", ("outer",), ()),
    ]


def test_one_event_citing_twice_is_listed_once():
    cut = reader.segments(TEXT, passages((0, 10, "e1", None), (6, 17, "e1", None)))
    assert runs(cut) == [("Alpha beta gamma.", "cited", ("e1",), ()), (" Delta epsilon.", "plain", (), ())]


def test_clutter_inside_a_cited_span_is_clutter_but_keeps_its_citers():
    cut = reader.segments(TEXT, passages((0, 32, "e1", None)), [Span(6, 10)])
    assert runs(cut) == [
        ("Alpha ", "cited", ("e1",), ()),
        ("beta", "clutter", ("e1",), ()),
        (" gamma. Delta epsilon.", "cited", ("e1",), ()),
    ]
    assert cut[1].clutter and cut[1].cited


def test_clutter_and_marks_accept_spans_and_tuples_and_are_clipped():
    cut = reader.segments(TEXT, passages((-5, 3, "e1", None), (30, 99, "e2", None), (8, 8, "empty", None)),
                          [(-1, 2), Span(31, 500)], marks=[(10, 10)])
    assert "".join(s.text for s in cut) == TEXT
    assert cut[0].text == "Al" and cut[0].clutter and cut[0].events == ("e1",)
    assert cut[-1].text == "." and cut[-1].clutter and cut[-1].events == ("e2",)
    assert all("empty" not in s.events and not s.marked for s in cut)


def test_marks_and_found_flag_their_runs():
    cut = reader.segments(TEXT, None, marks=[(0, 5)], found=[(3, 10)])
    assert [(s.text, s.marked, s.found) for s in cut] == [
        ("Alp", True, False), ("ha", True, True), (" beta", False, True), (" gamma. Delta epsilon.", False, False),
    ]  # fmt: skip


HOSTILE = "<script>alert(1)</script> [link](http://x) $x$ :red[boom] **b** \\ \x00 \u2028 😀 e\u0301\r\n# h"


def test_hostile_text_is_kept_character_for_character():
    start = HOSTILE.index("[link]")
    cut = reader.segments(HOSTILE, passages((start, start + 16, "e1", None)), [(0, 8)])
    assert "".join(s.text for s in cut) == HOSTILE
    assert [s.text for s in cut if s.cited] == ["[link](http://x)"]
    assert cut[0].text == "<script>" and cut[0].clutter


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet="ab \n\r\t<>[]$", max_size=40),
    spans=st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45), st.sampled_from(["e1", "e2", "e3"])),
                   max_size=6),
    clutter=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=3),
)
def test_runs_agree_with_a_character_by_character_reading(text, spans, clutter):
    frame = passages(*[(a, b, e, None) for a, b, e in spans])
    cut = reader.segments(text, frame, clutter)
    assert "".join(s.text for s in cut) == text
    assert all(s.end > s.start and text[s.start : s.end] == s.text for s in cut)
    for s in cut:
        for i in range(s.start, s.end):
            assert set(s.events) == {e for a, b, e in spans if a <= i < b}
            assert s.clutter == any(a <= i < b for a, b in clutter)
    keys = [(s.clutter, s.events) for s in cut]
    assert all(a != b for a, b in pairwise(keys)), "neighbouring runs with the same marks are merged"


# -- paragraphs --------------------------------------------------------------------------------

DOC = "Skip to content\n\n  First line, cited.  \nSecond line\r\n\n\tThird: clutter ends here.\n"


def test_paragraphs_are_trimmed_non_blank_lines_numbered_from_one():
    paras = reader.paragraphs(DOC, None)
    assert [(p.number, p.text) for p in paras] == [
        (1, "Skip to content"), (2, "First line, cited."), (3, "Second line"), (4, "Third: clutter ends here."),
    ]  # fmt: skip
    assert all(DOC[p.start : p.end] == p.text for p in paras)


def test_no_run_crosses_a_line_and_a_passage_over_two_lines_cites_both():
    first = DOC.index("cited")
    second = DOC.index("Second") + len("Second")
    paras = reader.paragraphs(DOC, passages((first, second, "e1", None)), [(0, 15)])
    assert [p.events for p in paras] == [(), ("e1",), ("e1",), ()]
    assert [[s.text for s in p.segments] for p in paras][1:3] == [["First line, ", "cited."], ["Second", " line"]]
    assert paras[0].segments[0].kind == "clutter" and not paras[0].cited
    assert all("\n" not in s.text for p in paras for s in p.segments)


def test_clutter_over_several_lines_dims_each_of_them():
    text = "Body text.\nXS\nSM\nMD\nLG"
    clutter = [(text.index("XS"), len(text))]
    paras = reader.paragraphs(text, None, clutter)
    assert [(p.text, [s.kind for s in p.segments]) for p in paras] == [
        ("Body text.", ["plain"]), ("XS", ["clutter"]), ("SM", ["clutter"]), ("MD", ["clutter"]), ("LG", ["clutter"]),
    ]  # fmt: skip


def test_paragraph_events_and_themes_in_order_of_appearance():
    paras = reader.paragraphs(TEXT, passages((18, 24, "late", None), (0, 5, "early", "trade"), (6, 10, None, "aid")))
    assert paras[0].events == ("early", "late")
    assert paras[0].themes == ("trade", "aid")


def test_paragraph_flags():
    paras = reader.paragraphs("one\ntwo\nthree", None, marks=[(4, 7)], found=[(8, 10)])
    assert [(p.marked, p.found, p.cited) for p in paras] == [(False, False, False), (True, False, False),
                                                              (False, True, False)]  # fmt: skip


@pytest.mark.parametrize(("text", "cited", "clutter", "left", "total"), [
    ("one\ntwo\nthree", [(0, 3, "e1", None)], [], ["two", "three"], 3),
    ("one\ntwo\nthree", [(4, 7, None, "trade")], [], ["one", "two", "three"], 3),  # a theme overview is no event
    ("one\ntwo\nthree", [(1, 2, "e1", None)], [(8, 13)], ["two"], 2),  # clutter is nothing left to cite
    ("one\ntwo\nthree", [(2, 5, "e1", None)], [(4, 6)], ["three"], 3),  # cited across a line; clutter in part
    ("one", [], [(0, 3)], [], 0),
    ("", [], [], [], 0),
])  # fmt: skip
def test_not_yet_cited_is_what_no_event_cites_clutter_left_out(text, cited, clutter, left, total):
    found, content = reader.not_yet_cited(reader.paragraphs(text, passages(*cited), clutter))
    assert ([p.text for p in found], content) == (left, total)


# -- finding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("panama", [(0, 6), (19, 25)]),
        ("  PANAMA ", [(0, 6), (19, 25)]),
        ("a.", []),  # a literal dot, not a regular expression
        ("(1)", [(29, 32)]),
        ("", []),
        ("   ", []),
        ("x" * 500, []),  # cut to MAX_QUERY characters, found nowhere
    ],
)
def test_search_is_literal_and_case_insensitive(query, expected):
    assert reader.search("Panama and Russia; panama ok (1)", query) == expected


def test_search_stops_at_the_limit():
    assert len(reader.search("a" * 50, "a", limit=7)) == 7


def test_paragraph_at():
    paras = reader.paragraphs("one\n\ntwo\nthree", None)
    assert reader.paragraph_at(paras, 0).number == 1
    assert reader.paragraph_at(paras, 5).number == 2
    assert reader.paragraph_at(paras, 4).number == 2  # in the blank line: the next paragraph
    assert reader.paragraph_at(paras, 99).number == 3  # past the end: the last one
    assert reader.paragraph_at([], 3) is None


@pytest.mark.parametrize(
    ("segment", "passing", "themes", "expected"),
    [
        (reader.Segment(0, 1, "x"), {"e1"}, None, "plain"),
        (reader.Segment(0, 1, "x", events=("e1",)), {"e1"}, None, "match"),
        (reader.Segment(0, 1, "x", events=("e1", "e2")), {"e2"}, None, "match"),
        (reader.Segment(0, 1, "x", events=("e1",)), set(), None, "other"),
        (reader.Segment(0, 1, "x", themes=("trade",)), set(), None, "match"),
        (reader.Segment(0, 1, "x", themes=("trade",)), set(), {"trade"}, "match"),
        (reader.Segment(0, 1, "x", themes=("trade",)), set(), {"aid"}, "other"),
        (reader.Segment(0, 1, "x", events=("e1",), clutter=True, marked=True), {"e1"}, None, "clutter"),
        (reader.Segment(0, 1, "x", events=("e1",), marked=True, found=True), {"e1"}, None, "jump"),
        (reader.Segment(0, 1, "x", found=True), set(), None, "found"),
    ],
)
def test_style(segment, passing, themes, expected):
    assert reader.style(segment, passing, themes) == expected


# -- the real seeds ----------------------------------------------------------------------------


def test_real_seeds_cited_characters_agree_with_the_coverage_report(real):
    checked = 0
    for source in real.sources.to_dict("records"):
        text = real.seed_texts[source["id"]]
        mine = real.passages[real.passages["source_id"] == source["id"]]
        cut = reader.segments(text, mine, source["clutter_spans"])
        assert "".join(s.text for s in cut) == text
        cited = sum(s.end - s.start for s in cut if s.kind == "cited")
        assert cited == coverage.seed_coverage(real, source).cited_chars, source["id"]
        paras = reader.paragraphs(text, mine, source["clutter_spans"])
        assert {e for p in paras for e in p.events} == set(mine["event_id"].dropna())
        checked += 1
    assert checked == 5


def test_a_large_document_is_cut_quickly():
    line = "Panama and Russia signed a memorandum on maritime cooperation in Panama City. " * 4
    text = "\n\n".join([line] * 3000)  # about 1 MB, 3,000 paragraphs
    starts = list(range(0, len(text) - 400, 211))[:5000]
    frame = passages(*[(s, s + 300, f"e{i % 700}", None) for i, s in enumerate(starts)])
    began = time.perf_counter()
    paras = reader.paragraphs(text, frame, [(0, 6)], found=reader.search(text, "memorandum", limit=2000))
    elapsed = time.perf_counter() - began
    assert len(paras) == 3000
    assert elapsed < 5, f"{elapsed:.2f}s"
