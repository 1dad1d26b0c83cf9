"""How long a chart download takes: PNG (2x), SVG and standalone HTML, cold and warm.

    python benchmarks/export.py [--chart timeline] [--events 0] [--repeat 10]

For each format a fresh Python process builds the chart (the real data, or a synthetic tree of
--events events made by benchmarks/synth.py), then times `export.figure_bytes`: the first call
(cold: for PNG and SVG it starts the browser and loads plotly.js) and then --repeat more calls
(warm: the median, as a user's second download). Prints a Markdown table with warm/cold.
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
import json, sys, time
sys.path.insert(0, {repo!r})
from dashboard.core import export, load, paths
from dashboard.core.charts import REGISTRY
from dashboard.core.filters import Filters
dataset = load.load(paths.DataPaths(paths.Path({data!r}), paths.Path({seeds!r}))).dataset
fig = REGISTRY[{chart!r}](dataset, Filters())
times = []
for _ in range({repeat} + 1):
    t = time.perf_counter()
    data = export.figure_bytes(fig, {fmt!r})
    times.append(time.perf_counter() - t)
print(json.dumps({{"cold": times[0], "warm": times[1:], "bytes": len(data), "events": len(dataset.events)}}))
"""


def measure(fmt: str, chart: str, data_paths: paths.DataPaths, repeat: int) -> dict:
    """Cold and warm seconds of one format, in a fresh interpreter."""
    code = _CHILD.format(repo=str(REPO), data=str(data_paths.data), seeds=str(data_paths.seeds), chart=chart,
                         fmt=fmt, repeat=repeat)  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(chart: str, results: dict[str, dict]) -> list[str]:
    events = next(iter(results.values()))["events"]
    lines = [f"Chart `{chart}`, {events} events; warm = median of {len(results['html']['warm'])} calls.", "",
             "| format | cold (s) | warm (s) | warm/cold | size |", "|---|---:|---:|---:|---:|"]  # fmt: skip
    for fmt, r in results.items():
        warm = statistics.median(r["warm"])
        lines.append(f"| {fmt} | {r['cold']:.3f} | {warm:.3f} | {warm / r['cold']:.2f} | {r['bytes'] / 1024:,.0f} KiB |")
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
