"""Whether two versions of the code report the same grounding findings, finding for finding.

    python benchmarks/grounding_same.py --base REV [--events 11500] [--mutate 0.3]

Exports REV (a git revision) into a temporary folder, mutates copies of the real data, the
fixture trees and a synthetic tree (benchmarks/synth.py) with defects of every kind the grounding
checks look for, and validates each tree with both versions, each in a fresh process: through
`load.load` and through the per-file path of `validate` (`incremental.validate`, no cache folder).
Prints, per tree, the events checked, findings and declared inferences of each version, and
whether the sorted problem lists (every problem, `file:line: field: message`), the declared
inferences and the grounding reports are identical; exits 1 when any differs.

The mutations (a share `--mutate` of the events, one to three each, same `--seed`, same trees):
an actor added that the passages may not name, another event's actors or summary, an invented
or real proper name added to the title or summary (accents, possessives, initials, hyphens), a
number added (digits, thousands separators, words, magnitudes, "200+", decades, ordinals, one
taken from the quote), the date changed (a year from the quote or not, month, day, range, open
range), the date basis swapped, a passage dropped, the declared inferences dropped or one added
that silences nothing, the title lowercased or capitalised.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import synth  # noqa: E402
from dashboard.core import paths  # noqa: E402

NAMES = ["Zorvath Quell", "Ana María Núñez", "O'Higgins", "Gref's", "Harry S Truman", "New-York Bank",
         "Jean-Luc Picard", "Ñandú", "the Zorblat Institute", "IMF", "Colón", "Chavez", "Moscow",
         "the Kremlin", "Soviets", "U.S.", "Latin American", "Torrijos", "McDonald_Corp", "X"]  # fmt: skip
NUMBERS = [" Some 4,321 people attended.", " It cost $10 billion.", " Two hundred and seven ships came.",
           " 200+ delegates came.", " About 19 vessels sailed.", " Trade grew in the 1990s.",
           " It was worth 3.5 million.", " It was the 19th round.", " A dozen ships.", " It took one hundred and one days.",
           " In 2009 it ended.", " $10 Bln was spent.", " It was 1995.", " Twenty-five ships.", " 7 ships, 12 planes."]  # fmt: skip
REASON = "the curators read it from the heading of the page that the extract lost"


def _year_in(text: str) -> str | None:
    found = re.findall(r"(?<!\d)(1[89]\d\d|20[0-2]\d)(?!\d)", text)
    return found[0] if found else None


def _new_date(rng, quote: str) -> str:
    year = _year_in(quote) if rng.random() < 0.5 else None
    y = int(year) if year else int(rng.integers(1900, 2026))
    m, d = int(rng.integers(1, 13)), int(rng.integers(1, 29))
    shapes = [f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}", f"{y}/{y + 2}", f"{y}-{m:02d}/..", f"../{y}",
              f"{y}~", f"{y - 5}/{y}"]  # fmt: skip
    return shapes[int(rng.integers(len(shapes)))]


def mutate(events: list[dict], rng, share: float, actor_ids: list[str]) -> int:
    """Mutate a share of the events in place; the number mutated."""
    count = 0
    for event in events:
        if rng.random() >= share:
            continue
        count += 1
        quote = " ".join(p.get("quote", "") for p in event.get("passages") or [])
        for _ in range(int(rng.integers(1, 4))):
            kind = int(rng.integers(14))
            if kind == 0:
                event["actors"] = list(dict.fromkeys([*event.get("actors", []), actor_ids[int(rng.integers(len(actor_ids)))]]))
            elif kind == 1:
                other = events[int(rng.integers(len(events)))]
                event["actors"] = list(other.get("actors", []))
                event.pop("inferred", None)
            elif kind == 2:
                name = NAMES[int(rng.integers(len(NAMES)))]
                event["summary"] = f"{event.get('summary', '')} It involved {name}."
            elif kind == 3:
                name = NAMES[int(rng.integers(len(NAMES)))]
                event["title"] = f"{event.get('title', '')}, says {name}"
            elif kind == 4:
                event["summary"] = event.get("summary", "") + NUMBERS[int(rng.integers(len(NUMBERS)))]
            elif kind == 5:
                numbers = re.findall(r"\d[\d,.]*\d|\d", quote)
                if numbers:
                    event["title"] = f"{event.get('title', '')} ({numbers[int(rng.integers(len(numbers)))]} ships)"
            elif kind == 6:
                event["date"] = _new_date(rng, quote)
            elif kind == 7:
                event["date_basis"] = "reported" if event.get("date_basis") == "event" else "event"
            elif kind == 8 and len(event.get("passages") or []) > 1:
                event["passages"] = event["passages"][1:]
            elif kind == 9:
                event.pop("inferred", None)
            elif kind == 10 and event.get("actors"):
                field, value = [("actors", event["actors"][0]), ("names", "Zorvath"), ("numbers", "4,321"),
                                ("dates", str(event.get("date", "2000"))[:4])][int(rng.integers(4))]  # fmt: skip
                event["inferred"] = [*(event.get("inferred") or []), {"field": field, "value": value, "reason": REASON}]
            elif kind == 11:
                event["title"] = str(event.get("title", "")).lower()
            elif kind == 12:
                event["title"] = str(event.get("title", "")).title()
            elif kind == 13:
                other = events[int(rng.integers(len(events)))]
                event["summary"] = other.get("summary", "")
    return count


def mutated_tree(source: paths.DataPaths, out: Path, rng, share: float) -> tuple[paths.DataPaths, int, int]:
    """A copy of a curated tree with its events mutated (seeds linked, not copied)."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source.data, out / "curated")
    (out / "seeds").symlink_to(source.seeds.resolve())
    actor_ids = [a["id"] for a in yaml.safe_load((out / "curated" / "actors.yaml").read_text(encoding="utf-8"))]
    n_events = n_mutated = 0
    for file in sorted((out / "curated" / "events").glob("*.yaml")):
        events = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
        n_mutated += mutate(events, rng, share, actor_ids)
        n_events += len(events)
        file.write_text(synth._dump(events), encoding="utf-8")
    return paths.DataPaths(out / "curated", out / "seeds"), n_events, n_mutated


_CHILD = """
import json, sys
sys.path.insert(0, {code!r})
from dashboard.core import incremental, load, paths
data_paths = paths.DataPaths(paths.Path({data!r}), paths.Path({seeds!r}))
def report(rep):
    if rep is None:
        return None
    return {{"checked": rep.checked, "findings": sorted(map(repr, rep.findings)), "declared": sorted(map(repr, rep.declared))}}
result = load.load(data_paths, check_grounding=True)
via_files = incremental.validate(data_paths, None, check_grounding=True)
print(json.dumps({{"problems": sorted(map(str, result.problems)), "report": report(result.grounding),
                  "file_problems": sorted(map(str, via_files.problems)), "file_report": report(via_files.grounding)}}))
"""


def findings(code: Path, data_paths: paths.DataPaths) -> dict:
    script = _CHILD.format(code=str(code), data=str(data_paths.data), seeds=str(data_paths.seeds))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=code)
    return json.loads(out.stdout.strip().splitlines()[-1])


def export(rev: str, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="git revision to compare the working tree with")
    parser.add_argument("--events", type=int, default=11_500, help="size of the synthetic tree (0: none)")
    parser.add_argument("--mutate", type=float, default=0.3, help="share of the events mutated")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    work = Path(tempfile.mkdtemp(prefix="grounding-same-"))
    base = export(args.base, work / "base")
    fixtures = REPO / "tests" / "fixtures"
    trees = {"real": paths.resolve(), **{f"fixture {f}": paths.DataPaths(fixtures / f / "curated", fixtures / f / "seeds")
                                         for f in ("valid", "hostile")}}  # fmt: skip
    if args.events:
        trees["synthetic"] = synth.ensure(args.events)
    runs = {}
    for name, tree in list(trees.items()):
        runs[name] = tree
        for share in (args.mutate, 1.0):
            runs[f"{name}, {share:.0%} mutated"], *_ = mutated_tree(tree, work / f"{name}-{share}".replace(" ", "-"), rng, share)
    same = True
    for name, tree in runs.items():
        old, new = findings(base, tree), findings(REPO, tree)
        equal = old == new
        same &= equal
        rep = new["report"] or {"checked": 0, "findings": [], "declared": []}
        print(f"{name}: {rep['checked']:,} events checked, {len(rep['findings']):,} findings, "
              f"{len(rep['declared']):,} declared, {len(new['problems']):,} problems; "
              f"{'identical' if equal else 'DIFFERENT'} to {args.base}")  # fmt: skip
        if not equal:
            for key in old:
                if old[key] != new[key]:
                    a, b = old[key], new[key]
                    if isinstance(a, dict) and isinstance(b, dict):
                        a, b = a["findings"] + a["declared"], b["findings"] + b["declared"]
                    print(f"  {key}: only before: {sorted(set(a) - set(b))[:5]}\n  only after: {sorted(set(b) - set(a))[:5]}")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
