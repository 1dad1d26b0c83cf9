"""A seed document cut into runs for the source reader: plain text, clutter, or cited (and by
which events and theme overviews), grouped into the seed's paragraphs (its non-blank lines).

The text is cut at every boundary of every passage, clutter span and mark, so overlapping
passages give runs cited by several owners, and clutter inside a cited passage stays clutter
(it is left out of coverage too). Boundaries and coverage are computed with numpy; Python only
walks the resulting runs, whose number grows with the passages, not with the text. Pure: the
page decides how each run looks (`style`), this module only says what each run is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

SpanLike = tuple[int, int]  # also accepts provenance.Span (anything with .start/.end)
MAX_QUERY = 100  # characters of a search within the document
MAX_FOUND = 2000  # matches of that search that get marked

_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line without its leading and trailing whitespace


@dataclass(frozen=True)
class Segment:
    """A run [start, end) of the seed whose every character has the same marks."""

    start: int
    end: int
    text: str
    clutter: bool = False
    events: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    marked: bool = False  # inside the span the reader was asked to jump to
    found: bool = False  # inside a match of the search within the document

    @property
    def cited(self) -> bool:
        return bool(self.events or self.themes)

    @property
    def kind(self) -> str:
        """plain, clutter or cited; clutter wins, since it is not part of the document."""
        return "clutter" if self.clutter else "cited" if self.cited else "plain"


@dataclass(frozen=True)
class Paragraph:
    """One non-blank line of the seed (trimmed), numbered from 1."""

    number: int
    start: int
    end: int
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def events(self) -> tuple[str, ...]:
        """Events citing any run of the paragraph, in order of first appearance."""
        return tuple(dict.fromkeys(e for s in self.segments for e in s.events))

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for s in self.segments for t in s.themes))

    @property
    def cited(self) -> bool:
        return any(s.cited for s in self.segments)

    @property
    def cited_by_event(self) -> bool:
        return any(s.events for s in self.segments)

    @property
    def clutter(self) -> bool:
        """Web-page clutter throughout: not part of the document."""
        return all(s.clutter for s in self.segments if s.text.strip())

    @property
    def marked(self) -> bool:
        return any(s.marked for s in self.segments)

    @property
    def found(self) -> bool:
        return any(s.found for s in self.segments)


# ---------------------------------------------------------------------------------------------
# Cutting


def _spans(spans: Iterable, n: int) -> np.ndarray:
    """(k, 2) int array of spans clipped to [0, n], empty ones dropped."""
    pairs = [(s.start, s.end) if hasattr(s, "start") else (s[0], s[1]) for s in spans]
    array = np.clip(np.asarray(pairs, dtype=np.int64).reshape(-1, 2), 0, n)
    return array[array[:, 1] > array[:, 0]]


def _passage_arrays(passages: pd.DataFrame | None, n: int) -> tuple[np.ndarray, list, list]:
    """Spans of the passages (sorted by start, then end) and their event and theme ids."""
    if passages is None or len(passages) == 0:
        return np.zeros((0, 2), dtype=np.int64), [], []
    frame = passages.sort_values(["start", "end"], kind="stable")
    spans = np.clip(frame[["start", "end"]].to_numpy(dtype=np.int64), 0, n)
    keep = spans[:, 1] > spans[:, 0]

    def ids(column: str) -> list:
        values = frame[column] if column in frame else pd.Series([None] * len(frame))
        return [v if isinstance(v, str) and v else None for v in values[keep]]

    return spans[keep], ids("event_id"), ids("theme_id")


def _covered(bounds: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """For each elementary interval between bounds: is it inside any of spans?"""
    steps = np.zeros(len(bounds), dtype=np.int64)
    np.add.at(steps, np.searchsorted(bounds, spans[:, 0]), 1)
    np.add.at(steps, np.searchsorted(bounds, spans[:, 1]), -1)
    return np.cumsum(steps)[:-1] > 0


def _owners(bounds: np.ndarray, spans: np.ndarray, events: list, themes: list) -> tuple[list, list]:
    """For each elementary interval: the events and themes whose passages cover it."""
    first, last = np.searchsorted(bounds, spans[:, 0]), np.searchsorted(bounds, spans[:, 1])
    lengths = last - first
    owner = np.repeat(np.arange(len(spans)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    interval = np.repeat(first, lengths) + offsets
    by_event: list[dict] = [{} for _ in range(len(bounds) - 1)]
    by_theme: list[dict] = [{} for _ in range(len(bounds) - 1)]
    for i, p in zip(interval.tolist(), owner.tolist()):  # one step per (passage, interval) pair
        if events[p]:
            by_event[i][events[p]] = None
        if themes[p]:
            by_theme[i][themes[p]] = None
    return [tuple(d) for d in by_event], [tuple(d) for d in by_theme]


def _cut(text: str, passages, clutter_spans, marks, found, cuts) -> list[Segment]:
    n = len(text)
    if n == 0:
        return []
    spans, events, themes = _passage_arrays(passages, n)
    layers = {name: _spans(value, n) for name, value in
              (("clutter", clutter_spans), ("marks", marks), ("found", found), ("cuts", cuts))}  # fmt: skip
    edges = [np.array([0, n]), spans.ravel(), *(layer.ravel() for layer in layers.values())]
    bounds = np.unique(np.concatenate(edges))
    clutter = _covered(bounds, layers["clutter"])
    marked, hits = _covered(bounds, layers["marks"]), _covered(bounds, layers["found"])
    by_event, by_theme = _owners(bounds, spans, events, themes)
    keys = list(zip(clutter.tolist(), by_event, by_theme, marked.tolist(), hits.tolist()))
    # A new run starts where the marks change or at a cut (a line edge); elsewhere runs merge.
    fresh = np.ones(len(keys), dtype=bool)
    fresh[1:] = [a != b for a, b in pairwise(keys)]
    fresh[np.isin(bounds[:-1], layers["cuts"].ravel())] = True
    firsts = np.flatnonzero(fresh)
    lasts = np.append(firsts[1:], len(keys))
    return [Segment(int(bounds[a]), int(bounds[b]), text[bounds[a] : bounds[b]], *keys[a])
            for a, b in zip(firsts.tolist(), lasts.tolist())]


def segments(
    text: str,
    passages: pd.DataFrame | None,
    clutter_spans: Iterable = (),
    *,
    marks: Iterable = (),
    found: Iterable = (),
) -> list[Segment]:
    """The whole text as consecutive runs; joined, their texts give back `text` exactly.

    `passages` has columns start, end and event_id and/or theme_id (rows of Dataset.passages);
    `clutter_spans`, `marks` (the reader's jump target) and `found` (search matches) are spans.
    Spans outside the text are clipped; empty spans are ignored."""
    return _cut(text, passages, clutter_spans, marks, found, ())


def line_spans(text: str) -> list[tuple[int, int]]:
    """Each non-blank line as (start, end) without its leading and trailing whitespace."""
    return [m.span() for m in _LINE.finditer(text)]


def paragraphs(
    text: str,
    passages: pd.DataFrame | None,
    clutter_spans: Iterable = (),
    *,
    marks: Iterable = (),
    found: Iterable = (),
) -> list[Paragraph]:
    """The seed's non-blank lines, each as its runs (cut also at line edges, so no run spans two)."""
    lines = line_spans(text)
    if not lines:
        return []
    runs = _cut(text, passages, clutter_spans, marks, found, lines)
    starts = np.array([s.start for s in runs])
    line_starts = np.array([a for a, _ in lines])
    line_of_run = np.searchsorted(line_starts, starts, side="right") - 1
    grouped: list[list[Segment]] = [[] for _ in lines]
    for run, index in zip(runs, line_of_run.tolist()):
        if index >= 0 and run.end <= lines[index][1]:  # runs between lines are whitespace
            grouped[index].append(run)
    return [Paragraph(i + 1, a, b, tuple(grouped[i])) for i, (a, b) in enumerate(lines)]


# ---------------------------------------------------------------------------------------------
# Finding


def search(text: str, query: str, limit: int = MAX_FOUND) -> list[tuple[int, int]]:
    """Case-insensitive, literal matches of query in text (at most `limit`)."""
    query = (query or "").strip()[:MAX_QUERY]
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        found.append(match.span())
        if len(found) >= limit:
            break
    return found


def not_yet_cited(paras: Sequence[Paragraph]) -> tuple[list[Paragraph], int]:
    """The paragraphs no event cites (a theme overview may quote them), clutter left out, and
    how many paragraphs are not clutter (the count they are "of")."""
    content = [p for p in paras if not p.clutter]
    return [p for p in content if not p.cited_by_event], len(content)


def paragraph_at(paras: Sequence[Paragraph], offset: int) -> Paragraph | None:
    """The paragraph holding offset, else the next one after it, else the last one."""
    if not paras:
        return None
    ends = np.array([p.end for p in paras])
    index = int(np.searchsorted(ends, offset, side="right"))
    return paras[min(index, len(paras) - 1)]


def style(segment: Segment, passing_events: set[str], passing_themes: set[str] | None = None) -> str:
    """How a run looks: clutter, jump, found, match (cited by an event or theme passing the
    filters), other (cited only by others) or plain. `passing_themes=None` means every theme."""
    if segment.clutter:
        return "clutter"
    if segment.marked:
        return "jump"
    if segment.found:
        return "found"
    if not segment.cited:
        return "plain"
    themes_pass = bool(segment.themes) and (passing_themes is None or bool(passing_themes & set(segment.themes)))
    return "match" if themes_pass or passing_events & set(segment.events) else "other"
