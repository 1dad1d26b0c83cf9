"""The curator's coverage report: how much of each seed the passages cite, and which date
mentions no passage covers (the to-do list). Clutter is left out of both figures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import provenance
from .load import Dataset
from .provenance import Span


@dataclass(frozen=True)
class SeedCoverage:
    source_id: str
    file: str
    content_chars: int  # characters that are not clutter
    cited_chars: int
    uncovered: list[tuple[int, str, str]]  # (line, date text, the line's text)

    @property
    def share(self) -> float:
        return self.cited_chars / self.content_chars if self.content_chars else 0.0


def _line_at(text: str, offset: int) -> tuple[int, str]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text.count("\n", 0, offset) + 1, text[start : end if end != -1 else len(text)]


def _uncovered(text: str, spans: list[Span]) -> list[tuple[Span, str]]:
    return [(span, mention) for span, mention in provenance.date_mentions(text) if not provenance.covered(span, spans)]


def uncovered_mentions(dataset: Dataset, source: dict) -> list[tuple[Span, str]]:
    """(span, text) of each date mention of the source's seed that no passage, not-event entry
    or clutter string covers: what `draft` drafts."""
    mine = dataset.passages[dataset.passages["source_id"] == source["id"]]
    cited = [Span(s, e) for s, e in zip(mine["start"], mine["end"])]
    skipped = [span for span, _ in source["not_event_spans"]]
    return _uncovered(dataset.seed_texts[source["id"]], cited + skipped + list(source["clutter_spans"]))


def seed_coverage(dataset: Dataset, source: dict) -> SeedCoverage:
    text = dataset.seed_texts[source["id"]]
    clutter = source["clutter_spans"]
    mine = dataset.passages[dataset.passages["source_id"] == source["id"]]
    cited = [Span(s, e) for s, e in zip(mine["start"], mine["end"])]
    skipped = [span for span, _ in source["not_event_spans"]]
    clutter_chars = provenance.covered_chars(clutter, len(text))
    cited_chars = provenance.covered_chars(cited, len(text))
    cited_in_clutter = provenance.covered_chars(
        [Span(max(a.start, b.start), min(a.end, b.end)) for a in cited for b in clutter], len(text)
    )
    uncovered = []
    for span, mention in _uncovered(text, cited + skipped + clutter):
        line, line_text = _line_at(text, span.start)
        uncovered.append((line, mention, line_text.strip()))
    return SeedCoverage(source["id"], source["file"], len(text) - clutter_chars,
                        cited_chars - cited_in_clutter, uncovered)


def coverage(dataset: Dataset) -> list[SeedCoverage]:
    return [seed_coverage(dataset, row) for row in dataset.sources.to_dict("records")]


def report_lines(results: list[SeedCoverage]) -> list[str]:
    lines = []
    for r in results:
        lines.append(f"{r.source_id} ({r.file}): {r.share:.0%} of {r.content_chars:,} non-clutter "
                     f"characters cited; {len(r.uncovered)} uncovered date mention(s)")
        for line, mention, text in r.uncovered:
            lines.append(f"  seeds/{r.file}:{line}: {mention!r} in: {text[:140]}")
    return lines


def source_grounds(dataset: Dataset) -> pd.DataFrame:
    """Per source id: events citing it (an event may cite several), how many of those are dated
    only by a report, and its undated passages cited under themes (the About page and the brief)."""
    passages = dataset.passages
    cited = passages.dropna(subset=["event_id"])[["source_id", "event_id"]].drop_duplicates()
    cited = cited.merge(dataset.events[["id", "date_basis"]], left_on="event_id", right_on="id")
    ids = dataset.sources["id"]
    counts = {"events": cited.groupby("source_id").size(),
              "reported": cited[cited["date_basis"] == "reported"].groupby("source_id").size(),
              "undated": passages.dropna(subset=["theme_id"]).groupby("source_id").size()}  # fmt: skip
    return pd.DataFrame({name: ids.map(c).fillna(0).astype(int).to_numpy() for name, c in counts.items()},
                        index=ids.to_numpy())
