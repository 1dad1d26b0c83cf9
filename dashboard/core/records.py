"""Events as plain records: the shape of `export events` (JSON) and of its CSV flattening.

One place decides the exported shape, used by the command line, the app's downloads and the
citation bundle. CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab
or a carriage return) get a leading single quote, as OWASP advises; JSON keeps the exact text."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from .filters import Filters, may_fall_outside, open_start
from .load import Dataset

EVENT_KEYS = ["id", "title", "summary", "date", "start", "end", "actors", "themes", "tone", "kind",
              "confidence", "date_basis", "passages", "inferred"]  # fmt: skip
PASSAGE_KEYS = ["source", "file", "quote", "start", "end", "perspective"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def event_records(dataset: Dataset, events: pd.DataFrame | None = None, filters: Filters | None = None) -> list[dict]:
    """Events (all, or the given filtered frame) as JSON-ready dicts with their passages. An open
    start ('../2022') has no start (None: null in JSON, empty in CSV), only its known end. With a
    date filter in `filters`, each record says whether its date lies within it (`within_dates`:
    false when the event only overlaps the dates, so it may fall outside them)."""
    events = dataset.events if events is None else events
    unknown_start = open_start(events).to_numpy() if len(events) else []
    outside = may_fall_outside(filters, events).to_numpy() if filters is not None and filters.has_dates else None
    files = dict(zip(dataset.sources["id"], dataset.sources["file"]))
    passages = dataset.passages[dataset.passages["event_id"].isin(events["id"])]  # only the events asked for
    passages = passages.sort_values(["event_id", "passage_no"])
    by_event: dict[str, list[dict]] = {}
    for r in passages.itertuples(index=False):  # one pass: a groupby per event took 15 ms an event
        by_event.setdefault(r.event_id, []).append({
            "source": r.source_id, "file": files[r.source_id], "quote": r.quote, "start": int(r.start),
            "end": int(r.end), "perspective": r.perspective,
        })  # fmt: skip
    out = []
    for i, row in enumerate(events.itertuples(index=False)):
        out.append({
            "id": row.id, "title": row.title, "summary": row.summary, "date": row.date,
            "start": None if unknown_start[i] else row.start.date().isoformat(), "end": row.end.date().isoformat(),
            "actors": list(row.actors), "themes": list(row.themes), "tone": row.tone, "kind": row.kind,
            "confidence": row.confidence, "date_basis": row.date_basis, "passages": by_event.get(row.id, []),
            "inferred": [dict(item) for item in getattr(row, "inferred", None) or ()],
        })  # fmt: skip
        if outside is not None:
            out[-1]["within_dates"] = not bool(outside[i])
    return out


def to_json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula ('=HYPERLINK(...)'), made inert with a leading '.
    A lone carriage return becomes a line feed: the csv module would not quote it, and readers
    would end the row there."""
    if not isinstance(value, str):
        return value
    value = f"'{value}" if value.startswith(FORMULA_START) else value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def to_csv(records: list[dict]) -> str:
    """One row per event; lists joined by ';'; passages as `source: quote` and declared inferences
    as `field value: reason`, each joined by ' | '.
    Every cell goes through `spreadsheet_safe`."""
    buffer = io.StringIO()
    keys = EVENT_KEYS + (["within_dates"] if records and "within_dates" in records[0] else [])
    writer = csv.DictWriter(buffer, fieldnames=keys, lineterminator="\n")
    writer.writeheader()
    for rec in records:
        flat = dict(rec)
        flat["actors"] = ";".join(rec["actors"])
        flat["themes"] = ";".join(rec["themes"])
        flat["passages"] = " | ".join(f"{p['source']}: {p['quote']}" for p in rec["passages"])
        flat["inferred"] = " | ".join(f"{i['field']} {i['value']}: {i['reason']}" for i in rec.get("inferred", ()))
        if "within_dates" in flat:
            flat["within_dates"] = "true" if flat["within_dates"] else "false"
        writer.writerow({key: spreadsheet_safe(value) for key, value in flat.items()})
    return buffer.getvalue()
