"""What an exported chart says about itself, in words a reader of a newspaper follows: a title
from the filters ("Russia and Panama: sanctions and compliance events since Feb 2022"), the
sources as short citations ("Sukhankin (Jamestown, 2026)"), and the dataset by date and short
version ("Russia–Panama relations dataset as of 2 Feb 2026, version 90156d7").

Plain text here (no HTML): the chart builders escape it (`common.safe`, `common.wrap`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from .. import evidence
from ..filters import Filters

DATASET_NAME = "Russia–Panama relations dataset"
SHORT_VERSION = 7  # hex digits of the version shown, as git shows a commit
TITLE_THEMES = 2  # themes named in a title; more are counted
SHORT_TITLE = 40  # characters of a source title cited without authors
CAPTION_SOURCES = 8  # sources named in a caption: a caption is no bibliography; the bundle has all
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _and(items: list[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _label(ids: tuple[str, ...], frame: pd.DataFrame, column: str) -> list[str]:
    names = dict(zip(frame["id"], frame[column]))
    return [str(names.get(i, i)) for i in ids]


def _lower_first(text: str) -> str:
    """'Sanctions and compliance' -> 'sanctions and compliance'; an acronym ('NATO …') stays."""
    return text if len(text) > 1 and text[:2].isupper() else text[:1].lower() + text[1:]


def day_text(day: date) -> str:
    """'24 Feb 2022'; the first of a month is the month ('Feb 2022'), 1 January the year."""
    if (day.month, day.day) == (1, 1):
        return str(day.year)
    return f"{MONTHS[day.month - 1]} {day.year}" if day.day == 1 else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _end_text(day: date) -> str:
    """An end date: 31 December is its year, the last day of a month that month."""
    if (day.month, day.day) == (12, 31):
        return str(day.year)
    last = (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()
    return f"{MONTHS[day.month - 1]} {day.year}" if day == last else day_text(day)


def when_text(filters: Filters, events: pd.DataFrame | None = None) -> str:
    """'since Feb 2022', 'until 2009', 'in 2009', '2008–2009', '24 Feb 2022 – Mar 2023'; with no
    date filter the span of the events ('1991–2026'), or '' when there are none."""
    start, end = filters.date_from, filters.date_to
    if start and end:
        first, last = day_text(start), _end_text(end)
        whole = (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31)
        if whole and start.year == end.year:
            return f"in {start.year}"
        return f"{first}–{last}" if whole else f"{first} – {last}"
    if start:
        return f"since {day_text(start)}"
    if end:
        return f"until {_end_text(end)}"
    if events is None or events.empty:
        return ""
    low, high = int(events["start"].min().year), int(events["start"].max().year)
    return f"in {low}" if low == high else f"{low}–{high}"


def subject_text(filters: Filters, actor_names: list[str]) -> str:
    """Who: 'Russia and Panama', 'Russia or Panama', 'Russia, Panama and Cuba'; '' for any actor."""
    if not actor_names:
        return ""
    return _and(actor_names, "or" if filters.match == "any" else "and")


def what_text(filters: Filters, theme_labels: list[str]) -> str:
    """What: 'sanctions and compliance events', 'events on 3 themes', 'events (tension)',
    'events matching “canal”'."""
    themes = [_lower_first(label) for label in theme_labels]
    if not themes:
        text = "events"
    elif len(themes) <= TITLE_THEMES:
        text = f"{' and '.join(themes) if len(themes) == 1 else '; '.join(themes)} events"
    else:
        text = f"events on {len(themes)} themes"
    if filters.tones:
        text += f" ({_and(list(filters.tones), 'or')})"
    if filters.q:
        text += f" matching “{filters.q}”"
    return text


def view_title(filters: Filters, actors: pd.DataFrame, themes: pd.DataFrame, events: pd.DataFrame | None = None,
               *, subject: str | None = None, what: str | None = None) -> str:
    """'Russia and Panama: sanctions and compliance events since Feb 2022' from the filters (a page
    that chooses its own actors or theme passes `subject` or `what`); 'Events 1909–2026' for no filter."""
    who = subject_text(filters, _label(filters.actors, actors, "name")) if subject is None else subject
    kind = what_text(filters, _label(filters.themes, themes, "label")) if what is None else what
    body = " ".join(t for t in (kind, when_text(filters, events)) if t)
    return f"{who}: {body}" if who else body[:1].upper() + body[1:]


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def short_citation(source: Mapping) -> str:
    """A source named in a few words: 'Sukhankin (Jamestown, 2026)', 'Smith and Jones (2019)',
    'Smith et al. (2019)'; without authors its title, shortened, in quotes, then publisher and year."""
    authors = [str(a) for a in (source.get("authors") or []) if str(a).strip()]
    publisher = source.get("publisher") if isinstance(source.get("publisher"), str) else ""
    published = source.get("published") if isinstance(source.get("published"), str) else ""
    where = ", ".join(t for t in (publisher, published[:4]) if t)
    if authors:
        names = [_surname(a) for a in authors]
        who = names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."
        return f"{who} ({where})" if where else who
    title = str(source.get("title") or "Untitled").strip("[] ")
    if len(title) > SHORT_TITLE:
        title = title[:SHORT_TITLE].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"
    return f"“{title}”" + (f" ({where})" if where else "")


def source_names(events: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """'Sukhankin (Jamestown, 2026): 9 events' per source the events cite, busiest first."""
    counts = evidence.source_counts(events, sources)
    rows = sources.set_index("id")
    return [f"{short_citation(rows.loc[sid].to_dict())}: {evidence.plural(n)}"
            for sid, n in zip(counts["source_id"], counts["events"])]


def dataset_date(events: pd.DataFrame, sources: pd.DataFrame, today: date | None = None) -> date | None:
    """The newest date the data holds: the latest event start or source publication, never after today."""
    today = today or date.today()
    found = [d for d in (events["start"].max() if len(events) else None,) if d is not None and pd.notna(d)]
    published = pd.to_datetime(sources.get("published", pd.Series(dtype=str)), errors="coerce", format="mixed")
    if published.notna().any():
        found.append(published.max())
    days = [pd.Timestamp(d).date() for d in found]
    return min(max(days), today) if days else None


def dataset_text(version: str, as_of: date | None) -> str:
    """'Russia–Panama relations dataset as of 2 Feb 2026, version 90156d7'."""
    when = f" as of {as_of.day} {MONTHS[as_of.month - 1]} {as_of.year}" if as_of else ""
    return f"{DATASET_NAME}{when}, version {version[:SHORT_VERSION]}"


def caption(description: str, version: str, as_of: date | None, sources: list[str]) -> str:
    """The caption under every chart and in its files: what is shown (the filter sentence), the
    dataset in words, the sources as short citations (beyond CAPTION_SOURCES, how many more)."""
    shown = sources[:CAPTION_SOURCES]
    listed = "; ".join(shown) if shown else "none"
    if len(sources) > len(shown):
        listed += f"; and {len(sources) - len(shown):,} more"
    return f"{description} — Data: {dataset_text(version, as_of)} — Sources: {listed}"


def dataset_caption(description: str, dataset, events: pd.DataFrame) -> str:
    """`caption` for a Dataset and the events a chart shows."""
    frame = getattr(dataset, "events", None)
    as_of = dataset_date(frame if frame is not None else events, dataset.sources)
    return caption(description, dataset.version, as_of, source_names(events, dataset.sources))
