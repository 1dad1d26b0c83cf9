"""Exact quotes -> character offsets in the seeds, and what surrounds them.

A quote must occur exactly once in its seed, or be made unique by an exact prefix and/or
suffix (as a W3C TextQuoteSelector). A quote that is not found gets a suggestion: the closest
passage of the seed, found by fuzzy alignment, so a curator sees which characters differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

#: Date mentions the coverage report looks for: full dates, month-years, and bare years 1500–2099.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
DATE_MENTION = re.compile(
    rf"\b\d{{1,2}} {_MONTH},? \d{{4}}\b"  # 7 April 2025
    rf"|\b{_MONTH} \d{{1,2}},? \d{{4}}\b"  # April 7, 2025
    rf"|\b{_MONTH},? \d{{4}}\b"  # April 2025
    r"|\b\d{2}\.\d{2}\.\d{4}\b"  # 02.02.2026
    r"|\b(?:1[5-9]\d{2}|20\d{2})\b"  # 1999
)


class QuoteNotFound(Exception):
    def __init__(self, suggestion: str | None):
        super().__init__("quote not found")
        self.suggestion = suggestion


class QuoteAmbiguous(Exception):
    def __init__(self, count: int):
        super().__init__("quote is ambiguous")
        self.count = count


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int


def occurrences(text: str, needle: str) -> list[int]:
    """Every start offset of needle in text, overlapping ones included."""
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def locate(text: str, quote: str, prefix: str | None = None, suffix: str | None = None) -> Span:
    """The one place where quote occurs with its prefix and suffix; raise if none or several."""
    starts = [
        s
        for s in occurrences(text, quote)
        if (not prefix or text[max(0, s - len(prefix)) : s] == prefix)
        and (not suffix or text[s + len(quote) : s + len(quote) + len(suffix)] == suffix)
    ]
    if not starts:
        raise QuoteNotFound(closest_passage(text, quote))
    if len(starts) > 1:
        raise QuoteAmbiguous(len(starts))
    return Span(starts[0], starts[0] + len(quote))


def closest_passage(text: str, quote: str) -> str | None:
    """The seed's passage most like quote (for 'did you mean'), or None when nothing is close."""
    if not text or not quote:
        return None
    aligned = fuzz.partial_ratio_alignment(quote, text, score_cutoff=60)
    if aligned is None:
        return None
    return text[aligned.dest_start : aligned.dest_end]


def first_difference(expected: str, found: str) -> str:
    """Where two strings first differ, as a short human phrase."""
    for i, (a, b) in enumerate(zip(expected, found)):
        if a != b:
            return f"character {i + 1}: quote has {a!r}, seed has {b!r}"
    if len(expected) != len(found):
        return f"lengths differ ({len(expected)} vs {len(found)} characters)"
    return "identical"


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n+")


def sentence_bounds(text: str, start: int, end: int, extra: int = 1) -> Span:
    """Widen [start, end) to whole sentences, plus `extra` sentences on each side."""
    breaks = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    before = [b for b in breaks if b <= start]
    after = [b for b in breaks if b >= end]
    left = before[max(0, len(before) - 1 - extra)]
    right = after[min(len(after) - 1, extra)]
    return Span(left, right)


def clutter_spans(text: str, clutter: list[str]) -> list[Span]:
    """Every occurrence of every clutter string, sorted and merged."""
    spans = sorted(Span(s, s + len(c)) for c in clutter if c for s in occurrences(text, c))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def date_mentions(text: str) -> list[tuple[Span, str]]:
    """Every date expression in text, longest forms first so 'April 7, 2025' is one mention."""
    return [(Span(m.start(), m.end()), m.group()) for m in DATE_MENTION.finditer(text)]


def covered(span: Span, spans: list[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)


def covered_chars(spans: list[Span], length: int) -> int:
    """Characters of [0, length) inside the union of spans."""
    total, reach = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        start, end = max(span.start, reach), min(span.end, length)
        if end > start:
            total += end - start
        reach = max(reach, span.end)
    return total
