"""Counts instead of markers, when there are too many to read: the heatmap of events per lane and
period that the Timeline and the Themes page draw above their marker thresholds.

Decisions: a cell is a year, or a decade / century when the events span more than 200 / 2,000
years; a lane or period without events stays an empty (uncoloured) cell; the x axis keeps dates,
each column at the middle of its period, so period bands and the marker view line up with it.
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
    z = np.full((n_lanes, len(firsts)), np.nan)
    text = np.full(z.shape, "", dtype=object)
    rows, cols = lane_no.to_numpy(), first.map(column).to_numpy()
    z[rows, cols] = events.to_numpy()
    text[rows, cols] = hover.to_numpy()
    middles = [f"{year + width // 2:04d}-07-02" if width == 1 else f"{year + width // 2:04d}-01-01" for year in firsts]
    return {"type": "heatmap", "x": middles, "y": list(range(n_lanes)), "z": z, "text": text,
            "hovertemplate": "%{text}<extra></extra>", "colorscale": COUNT_SCALE, "zmin": 0, "xgap": 1, "ygap": 1,
            "name": "counts", "showscale": True, "showlegend": False,
            "colorbar": {"title": {"text": "events", "side": "right"}, "thickness": 12, "len": 0.6}}  # fmt: skip


def event_count_text(events: pd.Series) -> pd.Series:
    """'1 event', '1,234 events' for each count."""
    return events.map("{:,}".format) + np.where(events.to_numpy() == 1, " event", " events")
