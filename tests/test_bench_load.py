"""benchmarks/load.py times the grounding pass inside each run, and reports it beside the pairs."""

from __future__ import annotations

from benchmarks import load as bench
from dashboard.core import paths


def test_a_run_times_its_grounding_pass_and_a_bare_run_has_none():
    real = paths.resolve()
    checked, bare = bench.time_load(real), bench.time_load(real, grounding=False)
    assert 0 < checked["ground_cpu"] < checked["cpu"]
    assert bare["ground_cpu"] == 0
    assert checked["events"] == bare["events"] > 100


def test_the_table_shows_the_pairs_and_the_within_run_ratio():
    row = {"events": 10, "passages": 12, "wall": 2.0, "cpu": 1.5, "bare_cpu": 1.0, "ratios": [1.4, 1.6, 1.5],
           "within": [1.2, 1.25, 1.3]}  # fmt: skip
    last = bench.table([("x", row)]).splitlines()[-1]
    assert last.endswith("| 1.50 | 1.40, 1.60, 1.50 | 1.25 (1.20–1.30) |")
