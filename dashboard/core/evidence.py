"""The counted sentences every figure uses: how many events a share or a superlative rests on,
and which sources provide them.

Decisions, so a reader does not have to reverse-engineer them:
- A share always carries its count: "75% of 12 events". Below MIN_EVENTS events a percentage
  overstates what a handful can carry, so the share is given as a count only: "3 of 4 events".
- No "most", "least" or "busiest" is drawn from fewer than MIN_EVENTS events: a candidate with
  fewer events is not ranked at all (a pair with 1 event is not "most cooperative" at 100%).
- An event counts for every source it cites (an event quoting two sources counts for both), so
  per-source counts can add up to more than the events. When one source provides more than half
  of the events behind a figure, the figure says so: "9 of 12 from one source: U.S. - Panama
  Relations".
- "Sources behind this" lists the events per source, busiest source first (ties: sources.yaml order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

MIN_EVENTS = 5  # fewer events than this: no percentage, no superlative
SOURCES_SHOWN = 8  # sources named in a "Sources behind this" line; the data table has them all


def plural(n: int, word: str = "event") -> str:
    """'1 event', '43,726 events'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def share(part: int, total: int, word: str = "event") -> str:
    """'75% of 12 events'; below MIN_EVENTS the count only ('3 of 4 events'); 'no events' for 0."""
    if total <= 0:
        return f"no {word}s"
    if total < MIN_EVENTS:
        return f"{part:,} of {plural(total, word)}"
    return f"{part / total:.0%} of {plural(total, word)}"


def enough(total: int) -> bool:
    """Whether a figure of `total` events may carry a percentage or a superlative."""
    return total >= MIN_EVENTS


def top(counts: Mapping[str, int] | pd.Series, minimum: int = MIN_EVENTS) -> tuple[list[str], int] | None:
    """The label(s) with the highest count, when that count is at least `minimum`; ties are all
    returned, in the order given. None when every count is below the minimum."""
    items = list(counts.items())
    if not items:
        return None
    best = max(int(n) for _, n in items)
    if best < minimum:
        return None
    return [str(label) for label, n in items if int(n) == best], best


def top_text(counts: Mapping[str, int] | pd.Series, word: str = "event", minimum: int = MIN_EVENTS) -> str | None:
    """'Panama – Russia (15 events)', 'A and B (6 events each)', or None below the minimum."""
    found = top(counts, minimum)
    if found is None:
        return None
    labels, n = found
    if len(labels) == 1:
        return f"{labels[0]} ({plural(n, word)})"
    return f"{', '.join(labels[:-1])} and {labels[-1]} ({plural(n, word)} each)"


# -- Sources ----------------------------------------------------------------------------------


def source_labels(events: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """'Title (9 events)' per source of `events`, busiest first (for chart captions)."""
    counts = source_counts(events, sources)
    return [f"{title} ({plural(n)})" for title, n in zip(counts["source"], counts["events"])]


def source_counts(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Events per source among `events` (which carry a `sources` column of id tuples): source_id,
    source (its title), events; busiest first, ties in sources.yaml order, sources with none left out."""
    counts: dict[str, int] = {}
    if len(events):  # count the distinct source tuples (few), then spread them to their sources
        for key, n in events["sources"].value_counts(sort=False).items():
            for sid in dict.fromkeys(key):
                counts[sid] = counts.get(sid, 0) + int(n)
    order = {sid: i for i, sid in enumerate(sources["id"])}
    titles = dict(zip(sources["id"], sources["title"]))
    rows = [(sid, titles.get(sid, sid), int(n)) for sid, n in counts.items()]
    rows.sort(key=lambda r: (-r[2], order.get(r[0], len(order)), r[0]))
    return pd.DataFrame(rows, columns=["source_id", "source", "events"])


def dominance(events: pd.DataFrame, sources: pd.DataFrame) -> str:
    """'9 of 12 from one source: U.S. - Panama Relations' when one source provides more than half
    of `events`; '' otherwise (and for no events)."""
    total = len(events)
    counts = source_counts(events, sources)
    if total == 0 or counts.empty or counts["events"].iloc[0] * 2 <= total:
        return ""
    n, title = int(counts["events"].iloc[0]), counts["source"].iloc[0]
    if n == total:
        return f"all {total:,} from one source: {title}" if total > 1 else f"from one source: {title}"
    return f"{n:,} of {total:,} from one source: {title}"


def sources_behind(events: pd.DataFrame, sources: pd.DataFrame, shown: int = SOURCES_SHOWN) -> str:
    """'Sources behind this: A (9 events); B (3 events).' (the first `shown`, then how many more)."""
    return sources_line(source_counts(events, sources), shown)


def sources_line(counts: pd.DataFrame, shown: int = SOURCES_SHOWN) -> str:
    """`sources_behind` from a `source_counts` frame."""
    if counts.empty:
        return "Sources behind this: none."
    parts = [f"{title} ({plural(n)})" for title, n in zip(counts["source"], counts["events"])]
    more = len(parts) - shown
    text = "; ".join(parts[:shown]) + (f"; and {more:,} more" if more > 0 else "")
    return f"Sources behind this: {text}."


def based_on(events: pd.DataFrame, sources: pd.DataFrame) -> str:
    """'12 events; 9 of 12 from one source: …' — the evidence of one row or figure."""
    text = plural(len(events))
    found = dominance(events, sources)
    return f"{text}; {found}" if found else text


def with_dominance(text: str, events: pd.DataFrame, sources: pd.DataFrame) -> str:
    """`text` followed by '; 9 of 12 from one source: …' when one source dominates `events`."""
    found = dominance(events, sources)
    return f"{text}; {found}" if found else text


def events_of(ids: Iterable[str], events: pd.DataFrame) -> pd.DataFrame:
    """The rows of `events` with these ids (for frames that carry event ids but not sources)."""
    return events[events["id"].isin(set(ids))]


def basis_text(events: pd.DataFrame) -> str:
    """'Dated by the event itself: 40 events; only by a report: 88 events.' (date_basis counts)."""
    if events.empty or "date_basis" not in events:
        return ""
    counts = events["date_basis"].value_counts()
    return (f"Dated by the event itself: {plural(int(counts.get('event', 0)))}; "
            f"only by a report: {plural(int(counts.get('reported', 0)))}.")
