"""The dodge layout: markers of one lane spread over rows so that none covers another."""

import itertools

import numpy as np
import pandas as pd
import pytest

from dashboard.core.charts import dodge


def overlapping_pairs(lane, x, y, *, gap: float, row: float) -> int:
    """Pairs of markers of one lane closer than `gap` in x and `row` in y (boxes that overlap)."""
    pairs = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        if lane[i] == lane[j] and abs(x[i] - x[j]) < gap - 1e-9 and abs(y[i] - y[j]) < row - 1e-9:
            pairs += 1
    return pairs


def dense_lanes(seed: int, n: int = 240, lanes: int = 4) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    lane = rng.integers(0, lanes, n)
    x = np.round(rng.normal(0, 60, n))  # days, many on the same day; up to 19 rows a lane (reach 9)
    order = np.lexsort((x, lane))
    return lane[order], x[order]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_no_two_markers_of_a_lane_overlap_in_dense_synthetic_lanes(seed):
    lane, x = dense_lanes(seed)
    y = dodge.dodged_y(lane, x, 4, x_span=800, plot_px=430)[0]
    gap_days = dodge.MARKER_PX * 800 / 430
    assert overlapping_pairs(lane, x, y, gap=gap_days, row=dodge.MARKER_PX / dodge.LANE_PX) == 0


def test_without_the_dodge_the_same_lanes_would_overlap():  # the check above can fail
    lane, x = dense_lanes(0)
    flat = np.zeros(len(x))
    assert overlapping_pairs(lane, x, flat, gap=dodge.MARKER_PX * 800 / 430, row=dodge.MARKER_PX / 32) > 100


def test_markers_stay_inside_their_lane_band_and_bands_do_not_overlap():
    lane, x = dense_lanes(5)
    y, centres, heights = dodge.dodged_y(lane, x, 4, x_span=800, plot_px=430)
    tops, bottoms = centres - heights / 2, centres + heights / 2
    assert tops[0] == pytest.approx(-0.5)
    assert np.allclose(tops[1:], bottoms[:-1])  # one band after another
    half = dodge.MARKER_PX / dodge.LANE_PX / 2
    assert np.all(y - half >= tops[lane] - 1e-9) and np.all(y + half <= bottoms[lane] + 1e-9)


def test_a_lane_grows_only_when_it_must():
    lane = np.array([0, 0, 1, 1, 1])
    x = np.array([0.0, 100.0, 5.0, 5.0, 5.0])  # lane 0: far apart; lane 1: three on one day
    y, centres, heights = dodge.dodged_y(lane, x, 3, x_span=800, plot_px=430)
    assert heights[0] == 1.0 and heights[2] == 1.0 and heights[1] > 1.0
    assert list(y[:2]) == [centres[0], centres[0]]  # apart in x: one row, on the lane's tick
    assert len(set(y[2:])) == 3 and y[2] == centres[1]  # the first stays in the middle


def test_rows_fill_from_the_middle_out_in_a_stable_order():
    x = np.zeros(5)
    rows = dodge.rows_in_lanes(np.zeros(5, dtype=int), x, gap=1.0)
    assert list(rows) == [0, 1, -1, 2, -2]


def test_deterministic_and_a_new_later_event_moves_no_earlier_one():
    lane, x = dense_lanes(7)
    first = dodge.rows_in_lanes(lane, x, gap=20)
    again = dodge.rows_in_lanes(lane.copy(), x.copy(), gap=20)
    assert np.array_equal(first, again)
    later = np.append(x, x.max() + 1)
    lanes = np.append(lane, lane.max())
    order = np.lexsort((later, lanes))
    grown = dodge.rows_in_lanes(lanes[order], later[order], gap=20)
    assert np.array_equal(grown[np.argsort(order)][:-1], first)


def test_one_row_lanes_keep_their_ticks_at_whole_numbers():
    _y, centres, heights = dodge.dodged_y(np.array([0, 1, 2]), np.array([0.0, 0.0, 0.0]), 3, x_span=10)
    assert list(centres) == [0.0, 1.0, 2.0] and list(heights) == [1.0, 1.0, 1.0]


def test_a_pathological_pile_stays_bounded_and_fast():
    n = 5000
    rows = dodge.rows_in_lanes(np.zeros(n, dtype=int), np.zeros(n), gap=1.0)
    assert rows.max() == dodge.MAX_REACH and rows.min() == -dodge.MAX_REACH


def test_days_counts_from_1970():
    assert list(dodge.days(pd.Series(pd.to_datetime(["1970-01-02", "1969-12-31"])))) == [1.0, -1.0]
