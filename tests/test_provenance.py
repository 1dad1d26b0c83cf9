"""provenance: exact quotes to offsets, sentence context, clutter, date mentions, coverage arithmetic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.provenance import (
    QuoteAmbiguous,
    QuoteNotFound,
    Span,
    clutter_spans,
    covered,
    covered_chars,
    date_mentions,
    first_difference,
    locate,
    occurrences,
    sentence_bounds,
)

TEXT = (
    "In May 2025 the minister said that the agreement was welcomed. "
    "In June 2025 the ambassador said that the agreement was welcomed by the business community. "
    "Trade grew steadily between 2003 and 2009, according to officials."
)


def at(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text.index(needle)


# --- locate ---------------------------------------------------------------------------------


def test_locate_unique():
    quote = "Trade grew steadily between 2003 and 2009"
    span = locate(TEXT, quote)
    assert TEXT[span.start : span.end] == quote
    assert span.start == at(TEXT, quote)


def test_locate_ambiguous_counts_occurrences():
    with pytest.raises(QuoteAmbiguous) as info:
        locate(TEXT, "the agreement was welcomed")
    assert info.value.count == 2


@pytest.mark.parametrize(
    ("prefix", "suffix", "anchor"),
    [
        ("the ambassador said that ", None, "ambassador said that the agreement"),
        ("minister said that ", None, "minister said that the agreement"),
        (None, " by the business", "ambassador said that the agreement"),
        (None, ". In June", "minister said that the agreement"),
        ("said that ", " by", "ambassador said that the agreement"),
        ("", ". In June", "minister said that the agreement"),  # an empty prefix is no prefix
    ],
)
def test_locate_disambiguated(prefix, suffix, anchor):
    quote = "the agreement was welcomed"
    span = locate(TEXT, quote, prefix, suffix)
    assert TEXT[span.start : span.end] == quote
    assert span.start == at(TEXT, anchor) + anchor.index("the agreement")


def test_prefix_that_still_leaves_two_is_ambiguous():
    with pytest.raises(QuoteAmbiguous) as info:
        locate(TEXT, "the agreement was welcomed", prefix="said that ")
    assert info.value.count == 2


def test_wrong_prefix_is_not_found():
    with pytest.raises(QuoteNotFound):
        locate(TEXT, "the agreement was welcomed", prefix="the president said that ")


def test_prefix_at_start_of_text():
    assert locate("abc abc", "abc", prefix="abc ") == Span(4, 7)
    with pytest.raises(QuoteNotFound):
        locate("abc abc", "abc", prefix="x")


def test_overlapping_occurrences_are_counted():
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    with pytest.raises(QuoteAmbiguous) as info:
        locate("aaaa", "aa")
    assert info.value.count == 3


def test_not_found_suggests_the_closest_passage():
    quote = "Trade grew steadly between 2003 and 2009"  # one character dropped
    with pytest.raises(QuoteNotFound) as info:
        locate(TEXT, quote)
    suggestion = info.value.suggestion
    assert suggestion.startswith("Trade grew steadily between 2003")
    assert suggestion in TEXT
    assert first_difference(quote, suggestion) == "character 17: quote has 'l', seed has 'i'"


def test_not_found_with_curly_quote_difference():
    text = "The talks were described as “friendly” by both sides."
    quote = 'described as "friendly" by both'
    with pytest.raises(QuoteNotFound) as info:
        locate(text, quote)
    assert info.value.suggestion == "described as “friendly” by both"
    assert first_difference(quote, info.value.suggestion) == "character 14: quote has '\"', seed has '“'"


def test_not_found_nothing_close():
    with pytest.raises(QuoteNotFound) as info:
        locate(TEXT, "zzzz qqqq xxxx")
    assert info.value.suggestion is None


def test_quote_longer_than_text():
    with pytest.raises(QuoteNotFound) as info:
        locate("short text", "short text that goes on and on")
    assert info.value.suggestion == "short text"


@given(st.text(min_size=1, max_size=80), st.integers(0, 79), st.integers(1, 30))
def test_locate_finds_any_unique_substring(text, start, length):
    start = min(start, len(text) - 1)
    quote = text[start : start + length]
    if len(occurrences(text, quote)) == 1:
        span = locate(text, quote)
        assert (span.start, span.end) == (start, start + len(quote))
    else:
        with pytest.raises(QuoteAmbiguous):
            locate(text, quote)


# --- first_difference ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("abc", "abd", "character 3: quote has 'c', seed has 'd'"),
        ("abc", "abcd", "lengths differ (3 vs 4 characters)"),
        ("abc", "abc", "identical"),
    ],
)
def test_first_difference(a, b, expected):
    assert first_difference(a, b) == expected


# --- sentence_bounds -------------------------------------------------------------------------

SENTENCES = "One is first. Two is “second.” Three is third! Four is fourth?\nFive is fifth"


def sentence_span(text, needle, extra):
    start = at(text, needle)
    span = sentence_bounds(text, start, start + len(needle), extra)
    return text[span.start : span.end]


@pytest.mark.parametrize(
    ("needle", "extra", "expected"),
    [
        ("is “second", 0, "Two is “second.” "),
        ("is “second", 1, "One is first. Two is “second.” Three is third! "),
        ("is first", 1, "One is first. Two is “second.” "),  # nothing before the first sentence
        ("is fifth", 1, "Four is fourth?\nFive is fifth"),  # a newline ends a sentence
        ("is fifth", 0, "Five is fifth"),
        ("second.” Three", 0, "Two is “second.” Three is third! "),  # spanning two sentences
        ("is first", 9, SENTENCES),
    ],
)
def test_sentence_bounds(needle, extra, expected):
    assert sentence_span(SENTENCES, needle, extra) == expected


def test_sentence_bounds_of_whole_sentence():
    quote = "Two is “second.”"
    start = at(SENTENCES, quote)
    span = sentence_bounds(SENTENCES, start, start + len(quote), extra=0)
    assert SENTENCES[span.start : span.end].startswith(quote)
    assert span.start == start


# --- clutter ---------------------------------------------------------------------------------


def test_clutter_spans_every_occurrence_sorted():
    text = "Skip to content. Body. Share this. Skip to content."
    spans = clutter_spans(text, ["Skip to content", "Share this"])
    assert [text[s.start : s.end] for s in spans] == ["Skip to content", "Share this", "Skip to content"]
    assert spans == sorted(spans, key=lambda s: s.start)


def test_clutter_spans_merge_overlapping_and_touching():
    text = "xxABCDEFyy"
    spans = clutter_spans(text, ["ABCD", "CDEF", "EF"])
    assert spans == [Span(2, 8)]
    assert clutter_spans("abcdef", ["ab", "cd"]) == [Span(0, 4)]  # touching
    assert clutter_spans("ab-cd", ["ab", "cd"]) == [Span(0, 2), Span(3, 5)]


def test_clutter_spans_ignores_empty_and_missing():
    assert clutter_spans("abc", ["", "zzz"]) == []
    assert clutter_spans("", ["a"]) == []


# --- date mentions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("On April 7, 2025, they met.", ["April 7, 2025"]),
        ("On 7 April 2025 they met.", ["7 April 2025"]),
        ("In April 2025 they met.", ["April 2025"]),
        ("In Sept. 2025 and Sep 2024.", ["Sept. 2025", "Sep 2024"]),
        ("Dated 02.02.2026 in the text.", ["02.02.2026"]),
        ("Founded in 1948.", ["1948"]),
        ("Between 2003 and 2009.", ["2003", "2009"]),
        ("(TASS, April 7, 2025)", ["April 7, 2025"]),
        ("Page 1008 of 23400 items, 1499 and 2100.", []),
        ("Codes 20251 and 120250 and 2025a.", []),
        ("A range 2003–2009.", ["2003", "2009"]),
        ("may 2025 is lower case", ["2025"]),
    ],
)
def test_date_mentions(text, mentions):
    found = date_mentions(text)
    assert [m for _, m in found] == mentions
    for span, mention in found:
        assert text[span.start : span.end] == mention


# --- coverage arithmetic ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spans", "length", "expected"),
    [
        ([], 10, 0),
        ([Span(0, 3)], 10, 3),
        ([Span(0, 3), Span(2, 5)], 10, 5),  # overlap counted once
        ([Span(5, 8), Span(0, 2)], 10, 5),  # unsorted
        ([Span(0, 10), Span(2, 3)], 10, 10),  # nested
        ([Span(8, 15)], 10, 2),  # clipped to the text
        ([Span(4, 2)], 10, 0),  # an empty intersection counts nothing
    ],
)
def test_covered_chars(spans, length, expected):
    assert covered_chars(spans, length) == expected


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=8), st.integers(0, 60))
def test_covered_chars_matches_a_set_of_positions(pairs, length):
    spans = [Span(a, b) for a, b in pairs]
    expected = len({i for s in spans for i in range(s.start, s.end) if i < length})
    assert covered_chars(spans, length) == expected


def test_covered():
    spans = [Span(0, 5), Span(10, 20)]
    assert covered(Span(1, 4), spans)
    assert covered(Span(10, 20), spans)
    assert not covered(Span(4, 11), spans)
    assert not covered(Span(0, 1), [])


def test_span_is_orderable():
    assert sorted([Span(3, 4), Span(1, 9), Span(1, 2)]) == [Span(1, 2), Span(1, 9), Span(3, 4)]
