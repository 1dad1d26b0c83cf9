"""Counts instead of markers, when there are too many to read: the heatmap of events per lane and
period that the Timeline and the Themes page draw above their marker thresholds.

Decisions: a cell is a year, or a decade / century when the events span more than 200 / 2,000
years; a lane or period without events stays an empty (uncoloured) cell; the x axis keeps dates,
each column at the middle of its period, so period bands and the marker view line up with it.
Colour follows the logarithm of the count (the colour bar says "log scale" and is labelled in
events: 1, 10, 100, …): counts per cell are skewed (the 100,000-event tree: median 6, top cell
1,223), and on a linear scale the few busiest cells left every other cell the palest blue. The
trace's `z` is that logarithm (`counts_of` gives the counts back); the hover says the counts.
No `customdata`: a click on a cell selects nothing (the pages read a clicked point's customdata).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Light to dark blue, more events darker; the lightest is darker than a period band's fill, and
#: the scale climbs fast at first, where most cells are.
COUNT_SCALE = [[0.0, "#b5d4ea"], [0.2, "#6baed6"], [0.5, "#2171b5"], [1.0, "#08306b"]]
UNIT = {1: "year", 10: "decade", 100: "century"}


def period_width(years: pd.Series) -> int:
    """Width of a count cell in years: 1, or 10 / 100 when the years span centuries."""
    span = int(years.max() - years.min()) if len(years) else 0
    return 1 if span <= 200 else 10 if span <= 2000 else 100


def too_many_note(markers: int, threshold: int, width: int) -> str:
    """The sentence a chart's summary gains when it draws counts instead of `markers` markers."""
    return (f" {markers:,} markers are too many to read one by one (more than {threshold:,}), so "
            f"each cell counts a lane's events in a {UNIT[width]}; narrow the filters to see single events.")


def heatmap_trace(lane_no: pd.Series, first: pd.Series, events: pd.Series, hover: pd.Series,
                  n_lanes: int, width: int) -> dict:
    """One heatmap trace: a row per lane (0..n_lanes-1), a column per period of `width` years from
    the first period to the last, colour = events. The four series are one row per non-empty cell:
    its lane number, its period's first year, its event count and its (escaped) hover text."""
    firsts = np.arange(first.min(), first.max() + 1, width) if len(first) else np.array([], dtype=int)
    column = {int(year): i for i, year in enumerate(firsts)}
    counts = np.full((n_lanes, len(firsts)), np.nan)
    text = np.full(counts.shape, "", dtype=object)
    rows, cols = lane_no.to_numpy(), first.map(column).to_numpy()
    counts[rows, cols] = events.to_numpy()
    text[rows, cols] = hover.to_numpy()
    middles = [f"{year + width // 2:04d}-07-02" if width == 1 else f"{year + width // 2:04d}-01-01" for year in firsts]
    top = float(np.nanmax(counts)) if len(events) else 1.0
    ticks = log_ticks(top)
    return {"type": "heatmap", "x": middles, "y": list(range(n_lanes)), "z": np.log10(counts),
            "text": text, "hovertemplate": "%{text}<extra></extra>", "colorscale": COUNT_SCALE,
            "zmin": 0, "zmax": max(np.log10(top), np.log10(2)), "xgap": 1, "ygap": 1, "name": "counts",
            "showscale": True, "showlegend": False,
            "colorbar": {"title": {"text": "events (log scale)", "side": "right"}, "thickness": 12, "len": 0.6,
                         "tickvals": [float(np.log10(t)) for t in ticks], "ticktext": [f"{t:,}" for t in ticks]}}  # fmt: skip


def counts_of(z) -> np.ndarray:
    """The event counts of a count heatmap's `z` (NaN: an empty cell)."""
    return np.round(np.power(10.0, np.asarray(z, dtype=float)))


def log_ticks(top: float) -> list[int]:
    """Colour-bar labels for counts 1..top on a log scale: 1, 2, 5, 10, … up to top (only the
    powers of ten once there would be more than six)."""
    steps = [m * 10**e for e in range(0, 7) for m in (1, 2, 5) if m * 10**e <= max(top, 1)]
    return steps if len(steps) <= 6 else [t for t in steps if str(t).startswith("1")]


def event_count_text(events: pd.Series) -> pd.Series:
    """'1 event', '1,234 events' for each count."""
    return events.map("{:,}".format) + np.where(events.to_numpy() == 1, " event", " events")
