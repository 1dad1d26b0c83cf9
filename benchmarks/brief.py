"""How long a briefing PDF takes, how many pages it has and how large it is, cold and warm.

    python benchmarks/brief.py [--events 100000] [--repeat 2]

Views: the curated Russia–Panama view (`--actor RUS --actor PAN`), the whole curated dataset, and
the whole synthetic tree of --events events (benchmarks/synth.py, kept under $BENCH_DATA like
run.py's, `BENCH_DATA`). Cold: `python -m dashboard brief … -o FILE.pdf` in a fresh process (Python start,
dataset from its snapshot, kaleido's and the printer's browser starts). Warm: the same brief built
again in one process that has built it once (`brief_file.build`; the printer's browser is started
for every brief by design). Baseline, measured in the same run: `python -m dashboard render per-year
-o FILE.svg` for the same tree, cold, which pays the same start-up (Python, snapshot, kaleido) for
one chart. Prints a Markdown table; compare ratios, not seconds (the machine is shared).
Goals (issue 15): 100,000 events under 15 s warm and under 10 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_WARM = """
import json, sys, time
sys.path.insert(0, {repo!r})
from dashboard.core import brief, brief_file, filters, paths, snapshot
dataset = snapshot.load_dataset(paths.resolve({data!r}, {seeds!r}))[0].dataset
chosen = filters.Filters(actors=tuple({actors!r}))
brief_file.build(dataset, chosen, brief.View())  # the cold build of this process
times = []
for _ in range({repeat}):
    start = time.perf_counter()
    brief_file.build(dataset, chosen, brief.View())
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def tree(events: int) -> tuple[str, str]:
    """DIR/curated and DIR/seeds of the synthetic tree, made once (synth.ensure, as run.py does)."""
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "benchmarks"))
    import synth

    found = synth.ensure(events)
    return str(found.data), str(found.seeds)


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard", *argv], cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def measure(name: str, data: str | None, seeds: str | None, actors: list[str], repeat: int, out: Path) -> dict:
    where = ["--data", data, "--seeds", seeds] if data else []
    flags = [w for a in actors for w in ("--actor", a)]
    timed(["validate", *where])  # validates and writes the snapshot every later start reads
    baseline = timed(["render", "per-year", "-o", str(out / f"{name}.svg"), *where, *flags])
    pdf = out / f"{name}.pdf"
    cold = timed(["brief", "-o", str(pdf), *where, *flags])
    code = _WARM.format(repo=str(REPO), data=data, seeds=seeds, actors=actors, repeat=repeat)
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True, text=True)
    warm = statistics.median(json.loads(done.stdout.strip().splitlines()[-1]))
    return {"view": name, "pages": pages(pdf), "mb": pdf.stat().st_size / 1e6, "cold": cold, "warm": warm,
            "baseline": baseline}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="synthetic tree size (0: leave it out)")
    parser.add_argument("--repeat", type=int, default=2, help="warm builds per view (median)")
    args = parser.parse_args()
    views = [("Russia–Panama (curated)", None, None, ["RUS", "PAN"]), ("whole dataset (curated)", None, None, [])]
    if args.events:
        views.append((f"{args.events:,} synthetic events", *tree(args.events), []))
    print("| view | pages | MB | cold s | warm s | baseline s (render per-year, cold) | cold / baseline |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for name, data, seeds, actors in views:
            r = measure(name.split(" ")[0].replace("–", "-"), data, seeds, actors, args.repeat, Path(folder))
            print(f"| {name} | {r['pages']} | {r['mb']:.2f} | {r['cold']:.1f} | {r['warm']:.1f} | "
                  f"{r['baseline']:.1f} | {r['cold'] / r['baseline']:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
