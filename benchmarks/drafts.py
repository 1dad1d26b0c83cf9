"""How much of the real curation `python -m dashboard draft` would have drafted by itself.

    python benchmarks/drafts.py [--data DIR --seeds DIR] [--misses]

For each seed in turn: the curated events that quote it are removed (their passages no longer
cover anything), the seed is drafted, and each removed event is looked for among the drafts. An
event is reproduced when one draft has the same start at the event's precision (a day, a month,
a year; a range or an open date by its known start) and every curated actor among the drafted
ones. Prints per seed: curated events, reproduced (share), drafts, and drafts that match no
curated event (each a date mention the curators skipped, or read otherwise). `--misses` lists
the events not reproduced, with what the closest draft said.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.core import drafts, load, naming, paths  # noqa: E402
from dashboard.core.dates import parse_date  # noqa: E402


def _known_start(date: str) -> tuple[str, object]:
    """(precision, start) of a date's known start: "1999/.." -> 1999; "../2022" -> 2022."""
    first, _, second = date.partition("/")
    point = first if first and first != ".." else second
    span = parse_date(point.rstrip("~?%"))
    return span.precision, span.start


def _at(precision: str, day) -> tuple:
    return {"year": (day.year,), "month": (day.year, day.month)}.get(precision, (day.year, day.month, day.day))


def same_start(curated: str, drafted: str) -> bool:
    precision, start = _known_start(curated)
    return _at(precision, start) == _at(precision, _known_start(drafted)[1])


def reproduces(event: dict, draft: dict) -> bool:
    return same_start(event["date"], draft["date"]) and set(event["actors"]) <= set(draft["actors"])


def without_events(dataset: load.Dataset, event_ids: set[str]) -> load.Dataset:
    """The dataset as if those events had never been curated (for the coverage to-do list)."""
    passages = dataset.passages[~dataset.passages["event_id"].isin(event_ids)]
    return dataclasses.replace(dataset, passages=passages)


def seed_row(dataset: load.Dataset, source_id: str, patterns, themes) -> dict:
    cited = dataset.passages[dataset.passages["source_id"] == source_id]
    removed = set(cited["event_id"].dropna())
    events = dataset.events[dataset.events["id"].isin(removed)]
    started = time.perf_counter()
    found = drafts.draft_events(without_events(dataset, removed), source_id, patterns, themes)
    seconds = time.perf_counter() - started
    records = [{"id": e.id, "date": e.date, "actors": list(e.actors)} for e in events.itertuples()]
    hits = [e for e in records if any(reproduces(e, d) for d in found)]
    unmatched = [d for d in found if not any(reproduces(e, d) for e in records)]
    missed = [e for e in records if e not in hits]
    return {"source": source_id, "curated": len(records), "reproduced": len(hits), "drafts": len(found),
            "unmatched": len(unmatched), "seconds": seconds, "missed": missed, "found": found}  # fmt: skip


def table(rows: list[dict]) -> str:
    lines = ["| seed | curated dated events | reproduced | share | drafts | drafts matching no event |",
             "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in rows:
        share = r["reproduced"] / r["curated"] if r["curated"] else 0
        lines.append(f"| {r['source']} | {r['curated']} | {r['reproduced']} | {share:.1%} | {r['drafts']} | {r['unmatched']} |")
    total = {k: sum(r[k] for r in rows) for k in ("curated", "reproduced", "drafts", "unmatched")}
    share = total["reproduced"] / total["curated"] if total["curated"] else 0
    lines.append(f"| **all** | {total['curated']} | {total['reproduced']} | **{share:.1%}** | {total['drafts']} | "
                 f"{total['unmatched']} |")  # fmt: skip
    return "\n".join(lines)


def _closest(event: dict, found: list[dict]) -> str:
    same = [d for d in found if same_start(event["date"], d["date"])]
    if same:
        return f"a draft of that date names {same[0]['actors']}"
    return "no draft of that start"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--seeds")
    parser.add_argument("--misses", action="store_true", help="list the curated events not reproduced")
    args = parser.parse_args(argv)
    result = load.load(paths.resolve(args.data, args.seeds))
    if not result.ok:
        print(f"the data does not validate ({len(result.problems)} problem(s)); run `python -m dashboard validate`")
        return 1
    dataset = result.dataset
    patterns, themes = naming.patterns(dataset.actors), drafts.theme_keywords(dataset.themes)
    rows = [seed_row(dataset, sid, patterns, themes) for sid in dataset.sources["id"]]
    print(table(rows))
    times = ", ".join(f"{r['source']} {r['seconds']:.2f} s" for r in rows)
    print(f"\ndrafting time per seed: {times}")
    if args.misses:
        for r in rows:
            for e in r["missed"]:
                print(f"  {r['source']}: {e['id']} ({e['date']}, {e['actors']}): {_closest(e, r['found'])}")
    return 0


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    sys.exit(main())
