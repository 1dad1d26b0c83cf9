"""The one Filters value object: what the user chose, applied to events and said in words.

The sidebar, the URL, the command line and every export go through it. Query parameters are
untrusted: unknown or malformed values are dropped with a notice (never an exception), and
every list and string is capped so a hostile link cannot slow the app down.

Actor semantics: `match="all"` (the default) keeps events that involve every chosen actor, so
Russia + Panama means the Russia–Panama relationship; `match="any"` keeps events involving any
of them. With `predecessors` on, choosing Russia also matches the Soviet Union.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import get_args

import numpy as np
import pandas as pd

from . import search
from .dates import DateError, parse_point
from .frames import is_in
from .load import Dataset
from .schema import PERSPECTIVES, EventKind

MAX_VALUES = 50  # per repeatable parameter
MAX_TEXT = 200  # characters of free text, and of any one value
LIST_PARAMS = {"theme": "themes", "actor": "actors", "source": "sources", "tone": "tones",
               "confidence": "confidences", "perspective": "perspectives", "kind": "kinds"}  # fmt: skip
KNOWN_PARAMS = {*LIST_PARAMS, "from", "to", "q", "period", "match", "pred", "event", "dates", "basis"}
BASES = {"event": "the event itself", "reported": "a report"}  # date_basis -> "dated by …"
KINDS = tuple(get_args(EventKind))
TONES = ("cooperation", "neutral", "tension")
CONFIDENCES = ("high", "medium", "low")


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    themes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    match: str = "all"  # "all" or "any" of the chosen actors
    predecessors: bool = True
    sources: tuple[str, ...] = ()
    tones: tuple[str, ...] = ()
    confidences: tuple[str, ...] = ()
    q: str = ""
    period: str | None = None  # the named period the dates came from, if any
    within: bool = False  # leave out events whose date only overlaps the date filter
    basis: str | None = None  # "event" or "reported": what dates the event (date_basis)
    perspectives: tuple[str, ...] = ()  # events with a passage reporting one of these views
    kinds: tuple[str, ...] = ()

    @property
    def has_dates(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    # -- URL -------------------------------------------------------------------------------

    def to_query_params(self) -> dict[str, list[str]]:
        """Only what differs from the defaults, so links stay short."""
        params: dict[str, list[str]] = {}
        if self.period:
            params["period"] = [self.period]
        if self.date_from:
            params["from"] = [self.date_from.isoformat()]
        if self.date_to:
            params["to"] = [self.date_to.isoformat()]
        for name, attr in LIST_PARAMS.items():
            if getattr(self, attr):
                params[name] = list(getattr(self, attr))
        if self.match != "all":
            params["match"] = [self.match]
        if not self.predecessors:
            params["pred"] = ["0"]
        if self.q:
            params["q"] = [self.q]
        if self.within:
            params["dates"] = ["within"]
        if self.basis:
            params["basis"] = [self.basis]
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, list[str] | str], dataset: Dataset) -> tuple[Filters, list[str]]:
        """Parse untrusted parameters; return the filters and a notice per value ignored."""
        notices: list[str] = []
        values = {k: ([v] if isinstance(v, str) else list(v)) for k, v in params.items()}
        for name in sorted(set(values) - KNOWN_PARAMS)[:5]:
            notices.append(f"Ignored unknown parameter “{name[:40]}”.")
        chosen: dict = {}
        for name, attr in LIST_PARAMS.items():
            chosen[attr] = _known_values(name, values.get(name, []), _allowed(name, dataset), notices)
        period = _single("period", values, notices)
        if period:
            chosen.update(_period_dates(period, dataset, notices))
        for name, attr, at_end in (("from", "date_from", False), ("to", "date_to", True)):
            text = _single(name, values, notices)
            if text:
                chosen[attr] = _parse_bound(name, text, at_end, notices)
        if chosen.get("date_from") and chosen.get("date_to") and chosen["date_from"] > chosen["date_to"]:
            notices.append("Ignored the date range: “from” is after “to”.")
            chosen["date_from"] = chosen["date_to"] = None
        match = _single("match", values, notices)
        if match and match not in ("all", "any"):
            notices.append(f"Ignored match=“{match[:40]}”: use all or any.")
        chosen["match"] = match if match in ("all", "any") else "all"
        chosen["predecessors"] = _single("pred", values, notices) not in ("0", "false", "no")
        chosen["q"] = (_single("q", values, notices) or "")[:MAX_TEXT].strip()
        dates = _single("dates", values, notices)
        if dates and dates not in ("within", "overlap"):
            notices.append(f"Ignored dates=“{dates[:40]}”: use within (or overlap, the default).")
        chosen["within"] = dates == "within"
        basis = _single("basis", values, notices)
        if basis and basis not in BASES:
            notices.append(f"Ignored basis=“{basis[:40]}”: use event or reported.")
        chosen["basis"] = basis if basis in BASES else None
        chosen = {k: v for k, v in chosen.items() if v is not None}
        return cls(**chosen), notices

    @classmethod
    def from_cli(cls, args, dataset: Dataset) -> tuple[Filters, list[str]]:
        """The command line's --from/--to/--theme/... flags, read exactly like URL parameters."""
        params = {name: getattr(args, name, []) or [] for name in LIST_PARAMS}
        for name, attr in (("from", "date_from"), ("to", "date_to"), ("q", "q"), ("period", "period"),
                           ("basis", "basis")):
            if getattr(args, attr, None):
                params[name] = [getattr(args, attr)]
        if getattr(args, "match", None):
            params["match"] = [args.match]
        if getattr(args, "no_predecessors", False):
            params["pred"] = ["0"]
        if getattr(args, "within", False):
            params["dates"] = ["within"]
        return cls.from_query_params(params, dataset)


def _allowed(name: str, dataset: Dataset) -> set[str]:
    return {
        "theme": set(dataset.themes["id"]) if not dataset.themes.empty else set(),
        "actor": set(dataset.actors["id"]) if not dataset.actors.empty else set(),
        "source": set(dataset.sources["id"]) if not dataset.sources.empty else set(),
        "tone": set(TONES),
        "confidence": set(CONFIDENCES),
        "perspective": set(PERSPECTIVES),
        "kind": set(KINDS),
    }[name]


def _known_values(name: str, raw: list[str], allowed: set[str], notices: list[str]) -> tuple[str, ...]:
    if len(raw) > MAX_VALUES:
        notices.append(f"Only the first {MAX_VALUES} “{name}” values were read.")
    kept = []
    for value in raw[:MAX_VALUES]:
        value = str(value)[:MAX_TEXT]
        if value in allowed:
            if value not in kept:
                kept.append(value)
        else:
            notices.append(f"Ignored unknown {name} “{value[:40]}”.")
    return tuple(kept)


def _single(name: str, values: dict[str, list[str]], notices: list[str]) -> str | None:
    raw = values.get(name) or []
    if len(raw) > 1:
        notices.append(f"“{name}” was given {len(raw)} times; the first was used.")
    return str(raw[0])[:MAX_TEXT] if raw else None


def _parse_bound(name: str, text: str, at_end: bool, notices: list[str]) -> date | None:
    try:
        point = parse_point(text.strip())
    except DateError:
        notices.append(f"Ignored {name}=“{text[:40]}”: use a year (2014) or a date (2014-03-18).")
        return None
    return point.last_day if at_end else point.first_day


def _period_dates(period_id: str, dataset: Dataset, notices: list[str]) -> dict:
    rows = dataset.periods[dataset.periods["id"] == period_id] if not dataset.periods.empty else []
    if len(rows) == 0:
        notices.append(f"Ignored unknown period “{period_id[:40]}”.")
        return {}
    row = rows.iloc[0]
    return {"period": period_id, "date_from": row["start_date"].date(), "date_to": row["end_date"].date()}


# -- Applying ---------------------------------------------------------------------------------


def actor_group(actor_id: str, dataset: Dataset, predecessors: bool) -> set[str]:
    """The actor and, when asked, every predecessor state before it (Russia -> Soviet Union)."""
    group, links = {actor_id}, dict(zip(dataset.actors["id"], dataset.actors["predecessor"]))
    current = actor_id
    while predecessors and isinstance(links.get(current), str) and links[current] not in group:
        current = links[current]
        group.add(current)
    return group


def _events_with(long: pd.DataFrame, column: str, values: set[str]) -> pd.Index:
    return pd.Index(long.loc[long[column].isin(values), "event_id"].unique())


def _has_event(events: pd.DataFrame, ids: pd.Index) -> np.ndarray:
    return is_in(events["id"], ids).to_numpy()


def matching_mask(filters: Filters, dataset: Dataset) -> pd.Series:
    """Which rows of dataset.events pass every filter (vectorised: no per-row Python)."""
    events = dataset.events
    mask = pd.Series(True, index=events.index)
    if filters.has_dates:
        mask &= within_dates(filters, events) if filters.within else overlaps_dates(filters, events)
    if filters.tones:
        mask &= events["tone"].isin(filters.tones)
    if filters.confidences:
        mask &= events["confidence"].isin(filters.confidences)
    if filters.basis:
        mask &= events["date_basis"] == filters.basis
    if filters.kinds:
        mask &= events["kind"].isin(filters.kinds)
    if filters.perspectives:
        passages = dataset.passages.dropna(subset=["event_id"])
        mask &= _has_event(events, _events_with(passages, "perspective", set(filters.perspectives)))
    if filters.themes:
        mask &= _has_event(events, _events_with(dataset.event_themes, "theme_id", set(filters.themes)))
    if filters.sources:
        passages = dataset.passages.dropna(subset=["event_id"])
        mask &= _has_event(events, _events_with(passages, "source_id", set(filters.sources)))
    if filters.actors:
        groups = [actor_group(a, dataset, filters.predecessors) for a in filters.actors]
        hits = [_has_event(events, _events_with(dataset.event_actors, "actor_id", g)) for g in groups]
        mask &= np.logical_and.reduce(hits) if filters.match == "all" else np.logical_or.reduce(hits)
    if filters.q.strip():
        mask &= search.matching(filters.q, dataset)  # accents, case, word forms, actor names: core.search
    return mask


# -- Dates: within or only overlapping the date filter ----------------------------------------
#
# An event's date is a span of days, [start, end]. A date filter (or named period) [from, to] keeps
# an event whose span OVERLAPS it (it may have happened inside); the event lies WITHIN it when its
# whole span does. An event that only overlaps "may fall outside the period": a year-only 2022 event
# in a period from 24 February 2022, a range reaching across the boundary, an open start ("../2022":
# anything up to 2022, so its span has no lower bound), an open end running past the filter's end.
# An approximate date ("c. 2009", "~") may lie a little beyond its span: for "within" its span is
# widened by APPROXIMATE_MARGIN of its precision on both sides (the overlap test is not widened, so
# an approximate date is never kept only because of the margin).

APPROXIMATE_MARGIN = {"day": pd.Timedelta(days=7), "month": pd.Timedelta(days=31), "year": pd.Timedelta(days=365),
                      "range": pd.Timedelta(days=365)}  # fmt: skip


def open_start(events: pd.DataFrame) -> pd.Series:
    """Whether each event's date has an open start ('../2022'): nothing is known of its beginning."""
    return events["date"].astype(str).str.startswith("..")


def _bounds(events: pd.DataFrame, widen: bool) -> tuple[pd.Series, pd.Series]:
    low, high = events["start"], events["end"]
    if widen and "approximate" in events and events["approximate"].any():
        margin = events["precision"].map(APPROXIMATE_MARGIN).where(events["approximate"], pd.Timedelta(0))
        margin = margin.fillna(pd.Timedelta(0))
        low, high = low - margin, high + margin
    return low.where(~open_start(events), pd.NaT), high  # NaT: no lower bound


def overlaps_dates(filters: Filters, events: pd.DataFrame) -> pd.Series:
    """Whether each event's span overlaps the date filter (True for every event without one)."""
    low, high = _bounds(events, widen=False)
    keep = pd.Series(True, index=events.index)
    if filters.date_from:
        keep &= high >= pd.Timestamp(filters.date_from)
    if filters.date_to:
        keep &= low.isna() | (low <= pd.Timestamp(filters.date_to))
    return keep


def within_dates(filters: Filters, events: pd.DataFrame) -> pd.Series:
    """Whether each event's whole span lies within the date filter (True for every event without one);
    an open start never lies within a filter that has a start, an approximate date is widened."""
    low, high = _bounds(events, widen=True)
    keep = pd.Series(True, index=events.index)
    if filters.date_from:
        keep &= low.notna() & (low >= pd.Timestamp(filters.date_from))
    if filters.date_to:
        keep &= high <= pd.Timestamp(filters.date_to)
    return keep


def may_fall_outside(filters: Filters, events: pd.DataFrame) -> pd.Series:
    """Events kept by the date filter that may fall outside it (False for all without a date filter)."""
    if not filters.has_dates or events.empty:
        return pd.Series(False, index=events.index)
    return overlaps_dates(filters, events) & ~within_dates(filters, events)


def matching_ids(filters: Filters, dataset: Dataset) -> pd.Index:
    """Ids of the events that pass every filter."""
    if dataset.events.empty:
        return pd.Index([])
    return pd.Index(dataset.events.loc[matching_mask(filters, dataset), "id"])


def apply(filters: Filters, dataset: Dataset) -> pd.DataFrame:
    """The filtered events frame, in date order. When every event matches, the dataset's own frame
    (shared by all sessions, never changed) rather than a copy of it for each session."""
    if dataset.events.empty:
        return dataset.events
    mask = matching_mask(filters, dataset)
    return dataset.events if mask.all() else dataset.events[mask]


# -- Words ------------------------------------------------------------------------------------


def _labels(ids: tuple[str, ...], frame: pd.DataFrame, column: str) -> str:
    names = dict(zip(frame["id"], frame[column]))
    return ", ".join(names.get(i, i) for i in ids)


def _span_text(filters: Filters, events: pd.DataFrame) -> str:
    start = filters.date_from or (events["start"].min().date() if not events.empty else None)
    end = filters.date_to or (events["end"].max().date() if not events.empty else None)
    if start is None or end is None:
        return "all dates"
    if not _whole_years(filters):
        return f"{start.isoformat()} – {end.isoformat()}"
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _whole_years(filters: Filters) -> bool:
    return all(d is None or (d.month, d.day) in ((1, 1), (12, 31)) for d in (filters.date_from, filters.date_to))


@dataclass(frozen=True)
class Description:
    """The filter sentence in its parts: the count, what was chosen (each part named by the Filters
    field it says), the span of dates and the date caveat. `str()` is the sentence `describe` gives."""

    count: str  # '37 events'
    chosen: tuple[tuple[str, str], ...]  # (field, words): ('actors', 'Russia and Panama'), ('themes', …)
    span: str  # '2014–2026', '2022-02-24 – 2026-12-31' or 'all dates'
    caveat: str = ""  # 'only events dated within these dates', '3 of them may fall outside these dates'

    def __str__(self) -> str:
        return " · ".join([self.count, *(words for _, words in self.chosen), self.span,
                           *([self.caveat] if self.caveat else [])])  # fmt: skip


def description(filters: Filters, dataset: Dataset, events: pd.DataFrame | None = None) -> Description:
    """The parts of the filter sentence (see `describe`)."""
    events = apply(filters, dataset) if events is None else events
    chosen: list[tuple[str, str]] = []
    if filters.actors:
        joiner = " and " if filters.match == "all" and len(filters.actors) == 2 else ", "
        names = _labels(filters.actors, dataset.actors, "name").replace(", ", joiner)
        chosen.append(("actors", names + (" (any)" if filters.match == "any" and len(filters.actors) > 1 else "")))
    if filters.themes:
        chosen.append(("themes", _labels(filters.themes, dataset.themes, "label")))
    if filters.sources:
        chosen.append(("sources", "from " + _labels(filters.sources, dataset.sources, "title")))
    if filters.tones:
        chosen.append(("tones", "tone: " + ", ".join(filters.tones)))
    if filters.confidences:
        chosen.append(("confidences", "confidence: " + ", ".join(filters.confidences)))
    if filters.basis:
        chosen.append(("basis", "dated by " + BASES[filters.basis]))
    if filters.perspectives:
        chosen.append(("perspectives", "view reported: " + ", ".join(PERSPECTIVES.get(p, p) for p in filters.perspectives)))
    if filters.kinds:
        chosen.append(("kinds", "kind: " + ", ".join(filters.kinds)))
    if filters.q:
        chosen.append(("q", f"matching “{filters.q}”"))
    caveat = ""
    if filters.has_dates and filters.within:
        caveat = "only events dated within these dates"
    elif filters.has_dates:
        outside = int(may_fall_outside(filters, events).sum())
        if outside:
            caveat = f"{outside:,} of them may fall outside these dates"
    return Description(f"{len(events):,} event{'s' if len(events) != 1 else ''}", tuple(chosen),
                       _span_text(filters, events), caveat)


def describe(filters: Filters, dataset: Dataset, events: pd.DataFrame | None = None) -> str:
    """'37 events · Russia, Panama · Sanctions and compliance · 2014–2026'."""
    return str(description(filters, dataset, events))


def slug(filters: Filters) -> str:
    """A short, file-name-safe summary of the filters: 'RUS-PAN_sanctions_2014-2026'."""
    bits = ["-".join(filters.actors) or "all"]
    if filters.themes:
        bits.append("-".join(filters.themes[:3]) + ("-etc" if len(filters.themes) > 3 else ""))
    if filters.date_from or filters.date_to:
        bits.append(f"{filters.date_from.year if filters.date_from else ''}-"
                    f"{filters.date_to.year if filters.date_to else ''}")
    text = "_".join(bits)
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in text)[:80]

