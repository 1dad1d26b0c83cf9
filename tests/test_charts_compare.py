"""Chart builders of the Compare and Themes pages, read back from their traces (tiny dataset)."""

from __future__ import annotations

import pandas as pd
import pytest
from test_analysis_core import tiny_dataset

from dashboard.core import analysis
from dashboard.core.charts import common
from dashboard.core.charts import compare as cc
from dashboard.core.charts import themes as tc
from dashboard.core.charts.counts import counts_of
from dashboard.core.filters import Filters

PARTNERS = ("RUS", "USA", "CHN")


@pytest.fixture(scope="module")
def tiny():
    return tiny_dataset()


@pytest.fixture(scope="module")
def comp(tiny):
    return cc.comparison(tiny, Filters(), "PAN", PARTNERS)


# -- The comparison ---------------------------------------------------------------------------


def test_comparison_ignores_the_sidebar_actors(tiny):
    plain = cc.comparison(tiny, Filters(), "PAN", PARTNERS)
    with_actors = cc.comparison(tiny, Filters(actors=("CUB",)), "PAN", PARTNERS)
    assert plain.pairs.equals(with_actors.pairs)
    assert with_actors.filters.actors == ()
    assert plain.title == "Panama with Russia, United States and China"
    assert plain.colors == {"Panama – Russia": "#D55E00", "Panama – United States": "#009E73",
                            "Panama – China": "#E69F00"}


def test_comparison_applies_the_other_filters(tiny):
    comp = cc.comparison(tiny, Filters(tones=("tension",)), "PAN", PARTNERS)
    assert comp.pairs["event_id"].tolist() == ["e2"]
    assert comp.caption.startswith("1 event · tone: tension")
    assert "relations dataset as of 1 Jan 2020, version test" in comp.caption
    assert comp.caption.endswith("Sources: Author (Pub, 2020): 1 event")
    assert comp.export_title == "Panama with Russia, United States and China: events (tension) in 2008"


# -- (a) Heatmap ------------------------------------------------------------------------------


def test_heatmap_values_annotations_and_clickable_cells(tiny, comp):
    fig, data, summary = cc.heatmap_view(comp, tiny)
    heat, cells = fig.data
    assert heat.type == "heatmap" and cells.type == "scatter"
    assert [list(row) for row in heat.z] == [[2, 0, 0], [2, 1, 0], [0, 1, 0], [0, 0, 0]]  # themes x pairs
    assert [list(row) for row in heat.text] == [list(row) for row in heat.z]  # every count written, zeros too
    assert heat.texttemplate == "%{text}"
    assert list(fig.layout.yaxis.ticktext) == ["Diplomacy", "Trade", "Security", "Health"]
    ticks = list(fig.layout.xaxis.ticktext)
    assert len(ticks) == 3 and "(no events)" in ticks[2] and "(no events)" not in ticks[0]
    assert len(cells.x) == 12  # one clickable marker per cell, zero cells included
    custom = {tuple(c) for c in cells.customdata}
    assert ("CHN", "health") in custom and ("RUS", "trade") in custom
    assert fig.layout.clickmode == "event+select"
    assert len(data) == 12 and data["events"].sum() == 6
    assert summary.startswith("Every cell has fewer than 5 events: too few to single one out")  # 2 at most
    assert "No events in these sources: Panama – China." in summary
    assert fig.layout.title.text.startswith("Themes by pair: Panama with")


def test_heatmap_rows_follow_the_theme_filter(tiny):
    comp = cc.comparison(tiny, Filters(themes=("trade",)), "PAN", PARTNERS)
    fig = cc.heatmap_view(comp, tiny)[0]
    assert list(fig.layout.yaxis.ticktext) == ["Trade"]
    assert [list(row) for row in fig.data[0].z] == [[2, 1, 0]]


def test_heatmap_hover_is_escaped():
    profile = pd.DataFrame({"theme_id": ["t"], "theme": ["<img src=x>"], "pair": ["A – B"], "partner": ["B"],
                            "events": [1]})
    fig = cc.build_heatmap(profile, pd.Series({"A – B": 1}))
    assert "<img" not in fig.data[1].text[0] and "&lt;img src=x&gt;" in fig.data[1].text[0]
    assert "&lt;img" in fig.layout.yaxis.ticktext[0]


# -- (b) Activity -----------------------------------------------------------------------------


def test_activity_one_line_per_pair_with_zeros(tiny, comp):
    fig, data, summary = cc.activity_view(comp)
    assert len(fig.data) == 3
    assert [t.name for t in fig.data] == ["Panama – Russia", "Panama – United States", "Panama – China"]
    assert [t.line.color for t in fig.data] == ["#D55E00", "#009E73", "#E69F00"]
    russia = dict(zip(fig.data[0].x, fig.data[0].y))
    assert russia[1991] == 1 and russia[2008] == 2 and russia[2000] == 0
    assert list(fig.data[0].x) == list(range(1991, 2013))  # every year of the filtered events
    assert sum(fig.data[2].y) == 0  # the empty pair is drawn, flat
    assert any("no events in these sources" in a.text for a in fig.layout.annotations)
    assert len({t.marker.symbol for t in fig.data}) == 3  # not colour-only
    assert summary.startswith("No pair has 5 or more events in any one year")  # 2 at most: no "most active"
    assert set(data.columns) >= {"pair", "year", "events"}


# -- (c) Tone balance -------------------------------------------------------------------------


def test_tone_bars_shares_patterns_and_empty_pair(tiny, comp):
    fig, data, summary = cc.tone_view(comp)
    assert [t.name for t in fig.data] == [common.TONE_LABEL[t] for t in ("cooperation", "neutral", "tension")]
    coop = fig.data[0]
    assert list(coop.y) == [0, 1, 2]
    assert [round(x, 1) for x in coop.x] == [33.3, 50.0, 0.0]
    assert list(coop.text) == ["▲ 1", "▲ 1", ""]
    assert len({t.marker.pattern.shape for t in fig.data}) == 3
    assert [t.marker.color for t in fig.data] == [common.TONE_COLOR[t] for t in ("cooperation", "neutral", "tension")]
    notes = [a for a in fig.layout.annotations if a.name == "no-events"]
    assert len(notes) == 1 and notes[0].y == 2 and analysis.NO_EVENTS in notes[0].text
    assert summary == ("Fewer than 5 events, not ranked: Panama – Russia: 1 of 3 events cooperative; "
                       "Panama – United States: 1 of 2 events cooperative.")  # no share, no superlative
    assert len(data) == 9


# -- (d) Table --------------------------------------------------------------------------------


def test_summary_table_keeps_empty_pairs(tiny, comp):
    table = cc.summary_table(comp, tiny).set_index("pair")
    assert table["events"].tolist() == [3, 2, 0]
    assert table.loc["Panama – Russia", "first event"] == "1991 — Event e1 <b>"
    assert table.loc["Panama – China", "first event"] == analysis.NO_EVENTS
    assert table.loc["Panama – United States", "top themes"] == "Security (1), Trade (1)"


def test_page_level_charts_are_registered(tiny):
    assert set(cc.CHARTS) == {"compare-heatmap", "compare-activity", "compare-tone", "compare-tone-time"}
    for chart_id, make in cc.CHARTS.items():
        fig = make(tiny, Filters(), focal="PAN", partners=PARTNERS)
        assert fig.layout.meta["caption"].endswith("Sources: Author (Pub, 2020): 4 events"), chart_id
        assert fig.layout.meta["export_title"].startswith("Panama with Russia, United States and China: "), chart_id
        assert any(a.name == "caption" for a in fig.layout.annotations)


# -- Themes page ------------------------------------------------------------------------------


def test_overview_bars_per_tone_busiest_first(tiny):
    fig, counts, summary = tc.overview_view(tiny, Filters(), tiny.events)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == [common.TONE_LABEL[t] for t in ("cooperation", "neutral", "tension")]
    order = list(fig.layout.yaxis.ticktext)
    assert order == ["Trade", "Diplomacy", "Security", "Health"]  # busiest on top, empty theme kept
    coop = dict(zip(bars[0].y, bars[0].x))
    assert [coop[i] for i in range(4)] == [1, 1, 1, 0]
    assert {c[0] for c in bars[0].customdata} == {"trade", "diplomacy", "security", "health"}
    totals = next(t for t in fig.data if t.name == "totals")
    assert list(totals.text) == ["3", "2", "1", "0"]
    assert summary == "No theme has 5 or more events, too few to single one out; 1 theme with none."
    assert len(counts) == 12 and counts["events"].sum() == 6


def test_theme_activity_lanes_tones_and_clicks(tiny):
    fig, data, summary = tc.theme_activity_view(tiny, Filters(), "trade", tiny.events)
    lanes = list(fig.layout.yaxis.ticktext)
    assert len(lanes) == len(analysis.preset_pairs()) + 1 and lanes[-1] == analysis.OTHER_LANE  # empty lanes kept
    assert [t.marker.symbol for t in fig.data] == [common.TONE_SYMBOL[t] for t in ("cooperation", "neutral", "tension")]
    ids = sorted(i for t in fig.data for i in t.customdata)
    assert ids == ["e2", "e3", "e3", "e5"]  # e3 is Panama–Russia and Panama–United States
    assert "&lt;b&gt;" in fig.data[2].text[0]  # titles escaped in hover
    assert summary.startswith("Trade: 3 events from 2008 to 2012; no year has 5 or more events")
    assert set(data["lane"]) == {"Panama – Russia", "Panama – United States", "Russia – Cuba"}


def test_theme_activity_counts_cells_when_markers_are_too_many(tiny, monkeypatch):
    """Above AGGREGATE_FROM markers: one heatmap, each marker counted once in its lane and year,
    the tone split in the table and the hover, lanes unchanged, and the summary says why."""
    markers, _, _ = tc.theme_activity_view(tiny, Filters(), "trade", tiny.events)
    monkeypatch.setattr(tc, "AGGREGATE_FROM", 3)  # trade has 4 markers in the tiny data
    fig, data, summary = tc.theme_activity_view(tiny, Filters(), "trade", tiny.events)
    assert [t.type for t in fig.data] == ["heatmap"]
    assert list(fig.layout.yaxis.ticktext) == list(markers.layout.yaxis.ticktext)  # empty lanes kept
    z = [[v for v in row if v == v] for row in counts_of(fig.data[0].z)]  # NaN: no events in that cell
    assert sum(map(sum, z)) == 4 == data["events"].sum()
    assert list(data.columns) == ["lane", "period", "events", "cooperation", "neutral", "tension"]
    assert (data[["cooperation", "neutral", "tension"]].sum(axis=1) == data["events"]).all()
    us = data[data["lane"] == "Panama – United States"]
    assert us[["period", "events"]].values.tolist() == [["2008", 1]]
    hover = [t for row in fig.data[0].text for t in row if t]
    assert len(hover) == len(data) and any("2008: 1 event (▲" in t for t in hover)
    assert "<" not in "".join(data["lane"]) and all("<script" not in t for t in hover)
    assert "4 markers are too many to read one by one (more than 3)" in summary
    assert "a lane's events in a year" in summary


def test_theme_activity_counts_by_decade_over_long_spans():
    points = pd.DataFrame({"lane_no": [0, 0, 1], "lane": ["A", "A", "B"], "year": [1790, 1799, 2020],
                           "tone": ["cooperation", "tension", "neutral"]})
    assert tc.period_years(points) == 10
    counts = tc.activity_counts(points)
    assert counts[["lane", "period", "events", "cooperation", "tension"]].values.tolist() == [
        ["A", "1790–1799", 2, 1, 1], ["B", "2020–2029", 1, 0, 0]]


def test_theme_activity_without_events_says_so(tiny):
    fig, data, summary = tc.theme_activity_view(tiny, Filters(), "health", tiny.events)
    assert data.empty and summary == "Health: no events under the current filters."
    assert any(a.name == "empty" for a in fig.layout.annotations)


def test_theme_charts_registered_and_default_to_the_busiest_theme(tiny):
    assert set(tc.CHARTS) == {"theme-activity", "themes-overview"}
    fig = tc.CHARTS["theme-activity"](tiny, Filters())
    assert fig.layout.title.text.startswith("Trade:")
    fig = tc.CHARTS["theme-activity"](tiny, Filters(tones=("cooperation",)))
    assert fig.layout.title.text.startswith("Diplomacy:")  # ties: themes.yaml order
    assert tc.CHARTS["themes-overview"](tiny, Filters()).layout.title.text == "Events per theme, by tone"
