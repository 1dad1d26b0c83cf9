"""How long `python -m dashboard validate` takes after one events file is edited, with the per-file
cache (dashboard/core/incremental.py) and without it (`--no-cache`), on a synthetic tree.

    python benchmarks/validate_cache.py [--events 100000] [--repeat 3] [--tree DIR]

Each run is a fresh `python -m dashboard validate` process (start-up and imports included). The
cache is filled once, then per repeat one events file gets a new title and both commands run
on the same bytes: the cached one validates that file again and the rest from the cache. Also
timed: the command with a warm cache and nothing edited, and `python -c "import dashboard.__main__"`
(the floor: the interpreter and the libraries the command imports). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import synth  # noqa: E402


def _run(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds


def _edit(path: Path, n: int) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.index("  title: ")
    end = text.index("\n", at)
    path.write_text(f"{text[:at]}  title: Edited for the benchmark, run {n}{text[end:]}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tree", type=Path, help="a tree made by synth.py (holding curated/ and seeds/) instead")
    args = parser.parse_args(argv)
    data = synth.ensure(args.events) if args.tree is None else synth.paths.DataPaths(args.tree / "curated", args.tree / "seeds")
    with tempfile.TemporaryDirectory(prefix="validate-cache-") as cache:
        env = {**os.environ, "DASHBOARD_CACHE": cache}
        validate = ["-m", "dashboard", "validate", "--data", str(data.data), "--seeds", str(data.seeds)]
        target = sorted((data.data / "events").glob("*.yaml"))[len(list((data.data / "events").glob("*.yaml"))) // 2]
        original = target.read_bytes()
        try:
            fill = _run(validate, env)
            times: dict[str, list[float]] = {"full (--no-cache)": [], "one file edited, cache": [],
                                             "nothing edited, cache": [], "imports only": []}  # fmt: skip
            for n in range(args.repeat):
                _edit(target, n)
                times["one file edited, cache"].append(_run(validate, env))
                times["full (--no-cache)"].append(_run([*validate, "--no-cache"], env))
                times["nothing edited, cache"].append(_run(validate, env))
                times["imports only"].append(_run(["-c", "import dashboard.__main__"], env))
        finally:
            target.write_bytes(original)
    full = statistics.median(times["full (--no-cache)"])
    print(f"{data.data.parent}: {len(list((data.data / 'events').glob('*.yaml')))} events files; "
          f"filling the cache took {fill:.1f} s; medians of {args.repeat}\n")  # fmt: skip
    print("| run | seconds | × full |\n|---|---:|---:|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.2f} | {median / full:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
