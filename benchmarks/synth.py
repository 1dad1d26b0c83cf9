"""Write a synthetic curated tree, scaled from the real data, for the benchmarks.

    python benchmarks/synth.py --events 100000 --out /tmp/synth-100k

writes OUT/curated (the real actors, themes, periods and sources, plus one synthetic source per
~200 events, and N synthetic events over several events/*.yaml files) and OUT/seeds (the real
seeds plus the synthetic ones). The tree validates like the real one: every quote is a unique
sentence of its seed, sha256 sums are right, clutter strings and not-event mentions are present,
and every event is grounded (grounding.py) as the real one it copies.

Spreads follow the real data: event years (1920–2026, weighted by the real years, smoothed),
date precisions and qualifiers, theme lists (drawn whole from real events), tones, confidences,
kinds, perspectives. Each event copies one real event's title, summary, actors, declared
inferences and passages; its quotes are the real passages' evidence (sentence or footnote,
for events whose evidence fits in a quote), each made unique by a record number and ending with
the event's number and date. Same --seed, same tree.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.core import grounding, load, paths  # noqa: E402
from dashboard.core.dates import parse_date  # noqa: E402

EVENTS_PER_SEED = 200
MAX_EVIDENCE = 540  # characters: with the record label a quote stays under schema.MAX_QUOTE
EVENTS_PER_FILE = 1000
MIN_EVENT_FILES = 4
FIRST_YEAR, LAST_YEAR = 1920, 2026
CLUTTER = ["Skip to content", "Privacy Overview", "Share this article"]
FILLER = ("The report continues with background material on trade, shipping and diplomatic contacts "
          "that is not cited as an event (paragraph {n} of source {s}).")  # fmt: skip


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):
    """Plain YAML: no &anchors even when two records share a value (curated files refuse them)."""

    def ignore_aliases(self, data):
        return True


def _dump(records: list[dict]) -> str:
    return yaml.dump(records, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)


# -- Spreads from the real data ----------------------------------------------------------------


class RealSpreads:
    """Everything synthetic events are drawn from, read once from the real dataset."""

    def __init__(self, dataset: load.Dataset):
        events, passages = dataset.events, dataset.passages.dropna(subset=["event_id"])
        self.events = events.to_dict("records")
        self.year_weights = self._year_weights(events["year"])
        self.precision = events["precision"].value_counts(normalize=True)
        self.evidence = self._evidence(dataset, passages)
        self.groundable = [e for e in self.events if e["id"] in self.evidence]
        self.perspectives = passages["perspective"].value_counts(normalize=True)
        unsure = events[events["confidence"] != "high"]
        self.notes = unsure["note"].dropna().tolist() or ["The source is vague about this."]

    @staticmethod
    def _evidence(dataset: load.Dataset, passages) -> dict[str, list[str]]:
        """Per real event, the evidence of each passage (its sentence or footnote, on one line),
        for events whose every evidence fits in a quote: quoted whole, it grounds the synthetic
        copy as it grounds the real event."""
        kinds = dict(zip(dataset.sources["id"], dataset.sources.get("evidence", pd.Series(dtype=str))))
        units = grounding.Units(dataset.seed_texts, kinds)
        out: dict[str, list[str]] = {}
        for row in passages.sort_values(["event_id", "passage_no"]).itertuples(index=False):
            start, end = units.around(row.source_id, row.start, row.end)
            out.setdefault(row.event_id, []).append(" ".join(dataset.seed_texts[row.source_id][start:end].split()))
        return {e: texts for e, texts in out.items() if all(len(t) <= MAX_EVIDENCE for t in texts)}

    @staticmethod
    def _year_weights(years) -> np.ndarray:
        """Real event years, smoothed (Gaussian, 3 years), plus a floor so every year can occur."""
        span = np.arange(FIRST_YEAR, LAST_YEAR + 1)
        weights = np.full(len(span), 0.05)
        for year in years.clip(FIRST_YEAR, LAST_YEAR):
            weights += np.exp(-0.5 * ((span - year) / 3.0) ** 2)
        return weights / weights.sum()


def _pick(rng, items: list):
    return items[int(rng.integers(len(items)))]


def _choice(rng, series):
    return rng.choice(series.index.to_numpy(), p=series.to_numpy())


def _point(rng, year: int, precision: str) -> str:
    month = int(rng.integers(1, 13))
    if precision == "year":
        return f"{year}"
    if precision == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{int(rng.integers(1, calendar.monthrange(year, month)[1] + 1)):02d}"


def _date(rng, year: int, precision: str) -> str:
    if precision != "range":
        text = _point(rng, year, precision)
        return text + ("~" if rng.random() < 0.05 else "?" if rng.random() < 0.03 else "")
    shape = rng.random()
    inner = str(rng.choice(["year", "month", "day"]))
    if shape < 0.15:
        return f"{_point(rng, year, inner)}/.."
    if shape < 0.3:
        return f"../{_point(rng, year, inner)}"
    length = int(rng.integers(1, 6))
    first = min(year, LAST_YEAR - length)
    return f"{_point(rng, first, inner)}/{_point(rng, first + length, inner)}"


# -- Building the tree -------------------------------------------------------------------------


def _sentence(quote: str, source_no: int, item: int, grounds: str = "") -> str:
    """A real quote made unique: 'record s-i' cannot occur elsewhere, and ends the sentence.
    `grounds`: the event's number and date, which its title and date claim."""
    return f"{quote.rstrip().rstrip('.')} (record {source_no}-{item}{grounds})."


def _event(rng, spreads: RealSpreads, index: int, template: dict, date: str, passages: list[dict]) -> dict:
    themes = _pick(rng, spreads.events)["themes"]
    confidence = str(_pick(rng, spreads.events)["confidence"])
    note = None if confidence == "high" else _pick(rng, spreads.notes)
    inferred = [dict(i) for i in template["inferred"] if i["field"] != "dates"]  # the dates are new
    return {
        "id": f"syn-{index:06d}", "date": date,
        "date_basis": str(template["date_basis"]), "title": f"{template['title'][:140]} (synthetic {index})",
        "summary": template["summary"], "actors": list(template["actors"]), "themes": list(themes),
        "kind": str(template["kind"]), "tone": str(_pick(rng, spreads.events)["tone"]),
        "tone_rationale": template["tone_rationale"], "confidence": confidence, "note": note,
        "passages": passages, **({"inferred": inferred} if inferred else {}),
    }  # fmt: skip


def _seed_text(source_no: int, sentences: list[str]) -> str:
    """Clutter, then the sentences in paragraphs of five with a filler paragraph between."""
    lines = [f"{CLUTTER[0]}", f"Synthetic source {source_no}", ""]
    for start in range(0, len(sentences), 5):
        lines.append(" ".join(sentences[start : start + 5]))
        lines.append(FILLER.format(n=start // 5, s=source_no))
        lines.append("")
    lines += [f"Accessed 22 January, copy {source_no}.", CLUTTER[1], CLUTTER[2], CLUTTER[0], ""]
    return "\n".join(lines)


def _source_record(source_no: int, file: str, text: str) -> dict:
    return {
        "id": f"synthetic-{source_no:05d}", "file": file, "title": f"Synthetic source {source_no}",
        "authors": ["Benchmark Generator"], "publisher": None, "published": "2025", "kind": "news",
        "language": "en", "url": None, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "note": "Generated by benchmarks/synth.py.", "clutter": list(CLUTTER),
        "not_events": [{"quote": f"Accessed 22 January, copy {source_no}.", "reason": "an access date, not an event"}],
    }  # fmt: skip


def _grounded_event(rng, spreads: RealSpreads, index: int, year: int, sid: str, source_no: int,
                    sentences: list[str]) -> dict:  # fmt: skip
    """An event grounded as its real template is: the template's title, summary, actors and
    declared inferences, and as quotes the evidence (sentence or footnote) of its passages, each
    ending with the event's number (its title says "synthetic N") and its new date."""
    template = _pick(rng, spreads.groundable)
    date = _date(rng, year, str(_choice(rng, spreads.precision)))
    grounds = f", synthetic {index}, {parse_date(date).human()}"
    passages = []
    for evidence in spreads.evidence[template["id"]]:
        sentences.append(_sentence(evidence, source_no, len(sentences), grounds))
        passages.append({"source": sid, "quote": sentences[-1], "perspective": str(_choice(rng, spreads.perspectives))})
    return _event(rng, spreads, index, template, date, passages)


def build(n_events: int, out: Path, seed: int = 0, real: paths.DataPaths | None = None) -> dict[str, int]:
    """Write OUT/curated and OUT/seeds; return counts of what was written."""
    real = real or paths.resolve()
    result = load.load(real)
    if not result.ok:
        raise SystemExit("the real data does not validate:\n" + "\n".join(map(str, result.problems[:20])))
    spreads, rng = RealSpreads(result.dataset), np.random.default_rng(seed)
    curated, seeds = out / "curated", out / "seeds"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(real.data, curated, ignore=shutil.ignore_patterns("events"))
    shutil.copytree(real.seeds, seeds)
    (curated / "events").mkdir()
    years = rng.choice(np.arange(FIRST_YEAR, LAST_YEAR + 1), size=n_events, p=spreads.year_weights)
    sources, events, n_quotes = [], [], 0
    n_seeds = max(1, math.ceil(n_events / EVENTS_PER_SEED))
    for source_no in range(n_seeds):
        sid, sentences = f"synthetic-{source_no:05d}", []
        for index in range(source_no * EVENTS_PER_SEED, min(n_events, (source_no + 1) * EVENTS_PER_SEED)):
            events.append(_grounded_event(rng, spreads, index, int(years[index]), sid, source_no, sentences))
        n_quotes += len(sentences)
        file = f"synthetic_{source_no:05d}.txt"
        text = _seed_text(source_no, sentences)
        (seeds / file).write_text(text, encoding="utf-8")
        sources.append(_source_record(source_no, file, text))
    with (curated / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# Synthetic sources (benchmarks/synth.py)\n" + _dump(sources))
    n_files = max(MIN_EVENT_FILES, math.ceil(n_events / EVENTS_PER_FILE))
    per_file = math.ceil(n_events / n_files)
    for file_no in range(n_files):
        chunk = events[file_no * per_file : (file_no + 1) * per_file]
        if chunk:
            (curated / "events" / f"synthetic-{file_no:03d}.yaml").write_text(_dump(chunk), encoding="utf-8")
    return {"events": n_events, "passages": n_quotes, "seeds": n_seeds, "event_files": n_files}


DEFAULT_ROOT = Path(os.environ.get("BENCH_DATA", Path(tempfile.gettempdir()) / "dashboard-bench"))


def ensure(n_events: int, root: Path = DEFAULT_ROOT, seed: int = 0) -> paths.DataPaths:
    """The synthetic tree of n_events under root, generated once and reused while this generator
    and the seed are unchanged (a marker file says what made it). The tree carries its own copy of
    the reference files and seeds, so later edits of the real data do not break it."""
    out = root / f"synth-{n_events}"
    stamp = f"{n_events} {seed} {hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]}"
    marker = out / "made-from.txt"
    if not (marker.is_file() and marker.read_text() == stamp):
        build(n_events, out, seed)
        marker.write_text(stamp)
    return paths.DataPaths(out / "curated", out / "seeds")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True, help="number of synthetic events (e.g. 1000, 100000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write curated/ and seeds/ into (replaced)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same tree)")
    args = parser.parse_args(argv)
    counts = build(args.events, args.out, args.seed)
    print(", ".join(f"{n} {what}" for what, n in counts.items()), "written to", args.out)


if __name__ == "__main__":
    main()
