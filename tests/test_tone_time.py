"""Tone over time per pair: every event of a pair counted once, in one bin, with n per bin."""

import pandas as pd
import pytest

from dashboard.core import analysis, charts
from dashboard.core.charts import compare as C
from dashboard.core.filters import Filters


@pytest.mark.parametrize("bins", analysis.BIN_CHOICES)
def test_each_pair_event_counts_once_and_n_is_the_bin_total(real, bins):
    comp = C.comparison(real, Filters())
    counts = analysis.tone_over_time(comp.pairs, comp.events, real.periods, bins)
    per_pair = counts.groupby("pair")["events"].sum()
    totals = analysis.pair_totals(comp.pairs)
    assert all(per_pair.get(str(p), 0) == n for p, n in totals.items())
    assert (counts.groupby(["pair", "bin"])["events"].sum() == counts.groupby(["pair", "bin"])["n"].first()).all()
    assert set(counts["tone"]) <= {"cooperation", "neutral", "tension"}


@pytest.mark.parametrize("start, bins, expected", [
    ("1995-06-01", "10", "1990–1999"), ("1995-06-01", "5", "1995–1999"), ("2024-01-01", "5", "2020–2024"),
    ("2022-03-01", "periods", "After the full-scale invasion (Feb 2022–)"),
    ("2022-01-01", "periods", "After Crimea (2014–Feb 2022)"), ("1909-01-01", "periods", "Before 1922"),
])  # fmt: skip
def test_time_bins(real, start, bins, expected):
    pairs = pd.DataFrame({"event_id": ["x"], "start": [pd.Timestamp(start)], "pair": ["P"]})
    events = pd.DataFrame({"id": ["x"], "end": [pd.Timestamp(start)], "date": [start]})
    assert analysis.time_bins(pairs, events, real.periods, bins)["bin"].iloc[0] == expected


def test_an_open_start_is_binned_by_its_known_end(real):
    pairs = pd.DataFrame({"event_id": ["x"], "start": [pd.Timestamp("2021-01-01")], "pair": ["P"]})
    events = pd.DataFrame({"id": ["x"], "end": [pd.Timestamp("2031-12-31")], "date": ["../2031"]})
    assert analysis.time_bins(pairs, events, real.periods, "10")["bin"].iloc[0] == "2030–2039"


def test_the_chart_is_registered_with_its_bins_and_says_how_to_read_it(real):
    assert "compare-tone-time" in charts.REGISTRY
    fig = charts.REGISTRY["compare-tone-time"](real, Filters(), bins="5")
    assert fig.layout.title.text.startswith("Tone over time (5-year bins)")
    bars = [t for t in fig.data if t.type == "bar"]
    assert {t.name for t in bars} == {"▲ cooperation", "● neutral", "▼ tension"}
    assert all(len(t.customdata[0]) == 5 for t in bars if len(t.x))  # partner, bin, tone, events, n
    assert "not the intensity" in C.TONE_TIME_GUIDE
