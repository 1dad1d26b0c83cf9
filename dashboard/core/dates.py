"""Partial and approximate dates (a subset of EDTF level 1) -> closed [start, end] day spans.

Accepted forms: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, each optionally followed by ``~``
(approximate), ``?`` (uncertain) or ``%`` (both); ranges ``A/B``; open ranges ``A/..`` and
``../B``. A year covers 1 January to 31 December, a month its whole month. An open end runs to
"today" (frozen by ``DASHBOARD_TODAY=YYYY-MM-DD`` for reproducible runs); an open start begins where
the known end begins, because nothing earlier is known.

We parse dates ourselves, never through YAML's timestamp magic, so that ``2025`` and ``"2025"``
mean the same and an impossible date such as ``2025-02-30`` is a clear error.
"""

from __future__ import annotations

import calendar
import functools
import os
import re
from dataclasses import dataclass
from datetime import date

_POINT = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%])?", re.ASCII)
MONTHS = [calendar.month_name[i] for i in range(13)]


class DateError(ValueError):
    """A date string that is not in the accepted subset, or names a day that does not exist."""


@dataclass(frozen=True)
class DatePoint:
    """One partial date: a year, a month or a day, with its qualifier."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str = ""  # "", "~", "?" or "%"

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.day:
            return date(self.year, self.month, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text + self.qualifier

    def human(self) -> str:
        """'7 April 2025', 'April 2025', '2025', with 'c.' for approximate and '?' for uncertain."""
        if self.day:
            text = f"{self.day} {MONTHS[self.month]} {self.year}"
        elif self.month:
            text = f"{MONTHS[self.month]} {self.year}"
        else:
            text = str(self.year)
        if self.qualifier in ("~", "%"):
            text = "c. " + text
        if self.qualifier in ("?", "%"):
            text += " (?)"
        return text


@dataclass(frozen=True)
class DateSpan:
    """A parsed curated date: its canonical text, the days it covers and how precise it is."""

    lower: DatePoint | None  # None for an open start
    upper: DatePoint | None  # None for an open end; equal to lower for a single date
    start: date
    end: date

    @property
    def is_range(self) -> bool:
        return self.lower is None or self.upper is None or self.lower != self.upper

    @property
    def precision(self) -> str:
        """day, month, year or range."""
        return "range" if self.is_range else self.lower.precision

    @property
    def approximate(self) -> bool:
        return any(p is not None and p.qualifier in ("~", "%") for p in (self.lower, self.upper))

    @property
    def uncertain(self) -> bool:
        return any(p is not None and p.qualifier in ("?", "%") for p in (self.lower, self.upper))

    @property
    def text(self) -> str:
        if not self.is_range:
            return str(self.lower)
        return f"{self.lower or '..'}/{self.upper or '..'}"

    def human(self) -> str:
        if not self.is_range:
            return self.lower.human()
        if self.upper is None:
            return f"from {self.lower.human()} on"
        if self.lower is None:
            return f"until {self.upper.human()}"
        return f"{self.lower.human()} – {self.upper.human()}"


def today() -> date:
    """The reference 'today' for open ranges; DASHBOARD_TODAY freezes it."""
    frozen = os.environ.get("DASHBOARD_TODAY")
    return date.fromisoformat(frozen) if frozen else date.today()


def parse_point(text: str) -> DatePoint:
    match = _POINT.fullmatch(text)  # fullmatch: "2025\n" is not a date; re.ASCII: nor is "٢٠٢٥"
    if not match:
        raise DateError(
            f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD, optionally with ~ or ?"
        )
    year, month, day = (int(g) if g else None for g in match.group("y", "m", "d"))
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r}: month {month} does not exist")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateError(f"{text!r}: day {day} does not exist in {MONTHS[month]} {year}")
    if year == 0:
        raise DateError(f"{text!r}: year 0000 does not exist")
    return DatePoint(year, month, day, match.group("q") or "")


def parse_date(value: str | int) -> DateSpan:
    """Parse a curated date; raise DateError with a message a curator can act on."""
    text = str(value).strip()
    # Dates repeat (100,000 events have about 30,000 distinct ones): parse each text once. An
    # open end depends on today, so today is part of the key for those alone.
    return _parse_text(text, today() if ".." in text else None)


@functools.lru_cache(maxsize=65_536)
def _parse_text(text: str, today_for_open_end: date | None) -> DateSpan:
    if "/" not in text:
        point = parse_point(text)
        return DateSpan(point, point, point.first_day, point.last_day)
    if text.count("/") > 1:
        raise DateError(f"{text!r}: a range has exactly one '/'")
    left, right = text.split("/")
    lower = None if left == ".." else parse_point(left)
    upper = None if right == ".." else parse_point(right)
    if lower is None and upper is None:
        raise DateError(f"{text!r}: a range needs at least one known end")
    start = lower.first_day if lower else upper.first_day
    end = upper.last_day if upper else max(today_for_open_end, lower.last_day)
    if lower and upper and upper.last_day < lower.first_day:
        raise DateError(f"{text!r}: the range ends before it starts")
    return DateSpan(lower, upper, start, end)
