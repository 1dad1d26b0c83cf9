"""How long loading and validating the curated data takes: the real data, and synthetic copies
100x and 1000x its size (made by benchmarks/synth.py, reused between runs).

    python benchmarks/load.py [--scales 100,1000] [--events 100000] [--repeat 3]

Each load runs in a fresh Python process (nothing warm from an earlier load) and includes
everything `load.load` does: YAML, record shapes, cross-references, seed checksums, quotes
located in the seeds, the grounding checks, and the DataFrames. Prints a Markdown table with ratios
to the real data, and the ratio of validation with the grounding checks to validation without them
(CPU seconds): `--repeat` pairs of loads, one with and one without, run one after the other; the
median of the pairs' ratios, and each pair's. Pairs of fresh processes spread widely on a shared
machine (a pair's two halves meet different spells of it), so each run with the checks also times
its grounding pass: "within a run" is that run's CPU over its CPU less the pass, both halves
measured in the same process at the same moment.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import synth  # noqa: E402
from dashboard.core import load, paths  # noqa: E402

_CHILD = """
import json, sys, time
sys.path.insert(0, {repo!r})
from dashboard.core import load, paths, snapshot
data_paths = paths.DataPaths(paths.Path({data!r}), paths.Path({seeds!r}))
spent = [0.0]
ground = load.ground
def timed_ground(*args):
    start = time.process_time()
    try:
        return ground(*args)
    finally:
        spent[0] += time.process_time() - start
load.ground = timed_ground
t = time.perf_counter()
cpu = time.process_time()
if {folder!r}:
    result, how = snapshot.load_dataset(data_paths, paths.Path({folder!r}))
    assert how == "snapshot", how
else:
    result = load.load(data_paths, check_grounding={grounding!r})
wall, cpu = time.perf_counter() - t, time.process_time() - cpu
counts = result.dataset.counts() if result.ok else {{}}
print(json.dumps({{"wall": wall, "cpu": cpu, "ground_cpu": spent[0], "ok": result.ok, "problems": len(result.problems), **counts}}))
"""


def time_load(data_paths: paths.DataPaths, snapshots: Path | None = None, grounding: bool = True) -> dict:
    """Load and validate once in a fresh interpreter; wall and CPU seconds plus the counts. With
    `snapshots` (a folder holding a snapshot of this tree), read the snapshot instead; with
    `grounding=False`, validate without the grounding checks (their baseline)."""
    code = _CHILD.format(repo=str(REPO), data=str(data_paths.data), seeds=str(data_paths.seeds),
                         folder=str(snapshots or ""), grounding=grounding)  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if not result["ok"]:
        raise SystemExit(f"{data_paths.data} does not validate ({result['problems']} problems)")
    return result


def median_load(data_paths: paths.DataPaths, repeat: int) -> dict:
    """Medians of `repeat` loads with the grounding checks and `repeat` without, in pairs run one
    after the other (which goes first alternates), so a busy spell of the shared machine falls on
    both halves of a pair; `ratios` holds each pair's ratio (CPU with / CPU without)."""
    runs, bare = [], []
    for i in range(repeat):
        if i % 2:
            bare.append(time_load(data_paths, grounding=False))
            runs.append(time_load(data_paths))
        else:
            runs.append(time_load(data_paths))
            bare.append(time_load(data_paths, grounding=False))
    best = runs[0] | {"wall": statistics.median(r["wall"] for r in runs),
                      "cpu": statistics.median(r["cpu"] for r in runs),
                      "bare_cpu": statistics.median(r["cpu"] for r in bare),
                      "ratios": [r["cpu"] / b["cpu"] for r, b in zip(runs, bare)],
                      "within": [r["cpu"] / (r["cpu"] - r["ground_cpu"]) for r in runs]}  # fmt: skip
    return best


def table(rows: list[tuple[str, dict]]) -> str:
    base = rows[0][1]
    lines = ["| data | events | passages | load + validate (wall) | CPU | × real (wall) | × real (CPU) "
             "| CPU without grounding | grounding × (median of pairs) | each pair | grounding × within a run (median, range) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]  # fmt: skip
    for name, r in rows:
        lines.append(f"| {name} | {r['events']:,} | {r['passages']:,} | {r['wall']:.2f} s | {r['cpu']:.2f} s "
                     f"| {r['wall'] / base['wall']:.1f} | {r['cpu'] / base['cpu']:.1f} | {r['bare_cpu']:.2f} s "
                     f"| {statistics.median(r['ratios']):.2f} | {', '.join(f'{x:.2f}' for x in r['ratios'])} "
                     f"| {statistics.median(r['within']):.2f} ({min(r['within']):.2f}–{max(r['within']):.2f}) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="100,1000", help="sizes as multiples of the real event count")
    parser.add_argument("--events", default="", help="more synthetic sizes, as event counts (e.g. 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="pairs of loads (with and without grounding) per data set")
    args = parser.parse_args(argv)
    real = paths.resolve()
    n_real = load.load(real).dataset.counts()["events"]
    rows = [("real (curated/)", median_load(real, args.repeat))]
    sizes = [(f"synthetic {scale}×", scale * n_real) for scale in (int(s) for s in args.scales.split(",") if s)]
    sizes += [(f"synthetic {int(n):,}", int(n)) for n in args.events.split(",") if n]
    for name, n_events in sizes:
        rows.append((name, median_load(synth.ensure(n_events), args.repeat)))
        print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)  # progress: one size at a time
    print(table(rows))


if __name__ == "__main__":
    main()
