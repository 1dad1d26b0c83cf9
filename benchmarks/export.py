"""How long a chart download takes: PNG (2x), SVG and standalone HTML, cold and warm.

    python benchmarks/export.py [--chart timeline] [--events 0] [--repeat 10]

For each format a fresh Python process builds the chart (the real data, or a synthetic tree of
--events events made by benchmarks/synth.py), then times `export.figure_bytes`: the first call
(cold: for PNG and SVG it starts the browser and loads plotly.js) and then --repeat more calls
(warm: the median, as a user's second download). Prints a Markdown table with warm/cold, and
the CPU seconds per warm call (this process and the browser), which a busy machine does not inflate.
Goal: warm PNG and SVG well under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.core import export, paths  # noqa: E402

FORMATS = ("png", "svg", "html")

_CHILD = """
import json, os, sys, time
sys.path.insert(0, {repo!r})
from dashboard.core import export, load, paths
from dashboard.core.charts import REGISTRY
from dashboard.core.filters import Filters
sys.path.insert(0, {here!r})
from export import tree_cpu
dataset = load.load(paths.DataPaths(paths.Path({data!r}), paths.Path({seeds!r}))).dataset
fig = REGISTRY[{chart!r}](dataset, Filters())
times, cpus = [], []
for _ in range({repeat} + 1):
    t, c = time.perf_counter(), tree_cpu()
    data = export.figure_bytes(fig, {fmt!r})
    times.append(time.perf_counter() - t)
    cpus.append(tree_cpu() - c)
print(json.dumps({{"cold": times[0], "warm": times[1:], "cpu": cpus[1:], "bytes": len(data),
                  "events": len(dataset.events)}}))
"""


def tree_cpu(root: int | None = None) -> float:
    """CPU seconds used so far by this process and its live descendants (the browser): unlike
    wall time, it does not grow when other programs load the machine. Linux /proc; 0 elsewhere."""
    proc, tick = Path("/proc"), os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    if not proc.is_dir():
        return 0.0
    stats = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    root = root or os.getpid()
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0.0))[1]
        todo += [child for child, (parent, _) in stats.items() if parent == pid]
    return total


def measure(fmt: str, chart: str, data_paths: paths.DataPaths, repeat: int) -> dict:
    """Cold and warm seconds of one format, in a fresh interpreter."""
    code = _CHILD.format(repo=str(REPO), here=str(Path(__file__).parent), data=str(data_paths.data),
                         seeds=str(data_paths.seeds), chart=chart, fmt=fmt, repeat=repeat)  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(chart: str, results: dict[str, dict]) -> list[str]:
    events = next(iter(results.values()))["events"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [f"Chart `{chart}`, {events} events; warm = median of {len(results['html']['warm'])} calls; "
             f"load average {load:.1f} on {os.cpu_count()} CPUs.", "",
             "| format | cold (s) | warm (s) | warm/cold | warm CPU (s) | size |", "|---|---:|---:|---:|---:|---:|"]
    for fmt, r in results.items():
        warm = statistics.median(r["warm"])
        lines.append(f"| {fmt} | {r['cold']:.3f} | {warm:.3f} | {warm / r['cold']:.2f} | "
                     f"{statistics.median(r['cpu']):.3f} | {r['bytes'] / 1024:,.0f} KiB |")
    lines += ["", "warm CPU: CPU seconds of this process and the browser per call (median), which other "
              "programs on the machine do not inflate."]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chart", default="timeline", help="a chart id of `python -m dashboard render --list`")
    parser.add_argument("--events", type=int, default=0, help="synthetic events (0: the real data)")
    parser.add_argument("--repeat", type=int, default=10, help="warm calls per format")
    args = parser.parse_args(argv)
    if export.image_support():
        raise SystemExit(export.image_support())
    if args.events:
        from benchmarks import synth

        data_paths = synth.ensure(args.events)
    else:
        data_paths = paths.resolve(env=os.environ)
    results = {fmt: measure(fmt, args.chart, data_paths, args.repeat) for fmt in FORMATS}
    print("\n".join(table(args.chart, results)))


if __name__ == "__main__":
    main()
