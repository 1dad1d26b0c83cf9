"""Where markers of one lane go so that none hides another: a stacked dodge within the lane's band.

Decisions, so a reader does not have to reverse-engineer them:
- Positions are worked out for the chart's first frame at a design width (DESIGN_PLOT_PX, the
  plot area of the app's chart in a 768 px window): a wider window or a zoom only spreads
  markers further apart, so what holds at 768 px holds at 1400 px.
- Markers are taken in the caller's order ((lane, start, id): stable and deterministic) and each
  goes to the first row of its lane, counted out from the middle (0, +1, -1, +2, -2, ...), whose
  last marker is at least one marker width (plus a pixel) to its left; rows are one marker
  height (plus a pixel) apart, so two markers never overlap at all at the design width.
- A lane is one LANE_PX band, taller when it needs more rows (the lane grows; none shrinks), and
  every lane's rows are centred on its tick, so a lane with one row looks as before.
- A lane holds at most 2 * MAX_REACH + 1 rows: past that (hundreds of events in a few pixels,
  never in the curated data) a marker goes to the row whose last marker is furthest left, so the
  lane stays on screen and the cost stays linear in the number of markers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DESIGN_PLOT_PX = 480  # plot width (px) of the app's charts in a 768 px window is 506-534 (measured)
MARKER_PX = 13  # the largest marker (size 12 plus its outline) and a pixel between neighbours
LANE_PX = 32  # one lane's band when it needs one row
MAX_REACH = 12  # rows either side of a lane's middle


ROW_ORDER = [(step + 1) // 2 if step % 2 else -(step // 2) for step in range(2 * MAX_REACH + 1)]


def rows_in_lanes(lane: np.ndarray, x: np.ndarray, *, gap: float) -> np.ndarray:
    """Each marker's row within its lane (0, +1, -1, +2, ...): the first row whose last marker is at
    least `gap` before it, in x units. `lane` and `x` are in the order markers are placed: sorted
    by lane, then x (else a later marker could land on an earlier one)."""
    rows = np.zeros(len(x), dtype=np.int64)
    last: dict[int, dict[int, float]] = {}  # lane -> row -> x of its last marker
    for i, (lane_no, at) in enumerate(zip(lane.tolist(), x.tolist())):
        taken = last.setdefault(lane_no, {})
        row = next((r for r in ROW_ORDER if r not in taken or at - taken[r] >= gap), None)
        if row is None:  # every row is busy here: the one free the longest
            row = min(ROW_ORDER, key=lambda r: (taken[r], abs(r)))
        taken[row] = at
        rows[i] = row
    return rows


def lane_bands(lane: np.ndarray, rows: np.ndarray, n_lanes: int, *, row_px: float = MARKER_PX,
               lane_px: float = LANE_PX) -> tuple[np.ndarray, np.ndarray]:
    """(centre, height) of every lane in lane units (one unit = `lane_px`): lane 0's band starts at
    -0.5, each lane is tall enough for its rows either side of its centre; with one row each, the
    centres are 0, 1, 2, ..."""
    reach = np.zeros(n_lanes, dtype=np.int64)
    if len(rows):
        np.maximum.at(reach, lane, np.abs(rows))
    heights = np.maximum(1.0, (2 * reach + 1) * row_px / lane_px)
    tops = -0.5 + np.concatenate([[0.0], np.cumsum(heights)[:-1]])
    return tops + heights / 2, heights


def dodged_y(lane: np.ndarray, x: np.ndarray, n_lanes: int, *, x_span: float, plot_px: float = DESIGN_PLOT_PX,
             marker_px: float = MARKER_PX, lane_px: float = LANE_PX) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(y of every marker, lane centres, lane heights), all in lane units, for markers at `x` (any
    numeric unit) on a first frame `x_span` of those units wide drawn `plot_px` pixels wide."""
    gap = marker_px * max(float(x_span), 1e-9) / plot_px
    rows = rows_in_lanes(np.asarray(lane), np.asarray(x, dtype=float), gap=gap)
    centres, heights = lane_bands(np.asarray(lane), rows, n_lanes, row_px=marker_px, lane_px=lane_px)
    return centres[np.asarray(lane, dtype=np.int64)] + rows * marker_px / lane_px, centres, heights


def days(values: pd.Series) -> np.ndarray:
    """Dates as days since 1970 (floats), the unit `dodged_y` spreads timeline markers in."""
    return (values - pd.Timestamp("1970-01-01")).dt.total_seconds().to_numpy() / 86_400
