"""The screen layout of a chart (`common.screen_spec`): title and caption out of the figure, the
plot area kept, legends with the room their rows need at the reader's width, codes for lanes and
pairs on narrow screens. The browser's side is in tests/e2e/test_narrow.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.core import load, paths
from dashboard.core.charts import common, compare, themes, timeline
from dashboard.core.filters import Filters

REPO = Path(__file__).resolve().parents[1]
PHONE, TABLET, WIDE = 320, 720, 880


@pytest.fixture(scope="module")
def real():
    result = load.load(paths.DataPaths(REPO / "curated", REPO / "seeds"))
    assert result.ok
    return result.dataset


def plot_height(layout: dict) -> float:
    return layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]


@pytest.mark.parametrize("width", [PHONE, TABLET, WIDE])
def test_title_and_caption_leave_the_figure_and_the_plot_keeps_its_height(real, width):
    fig = timeline.chart_timeline(real, Filters(actors=("RUS", "PAN")))
    spec, title, caption = common.screen_spec(fig.to_plotly_json(), width)
    layout = spec["layout"]
    assert title == "Events by actor pair" and layout["title"]["text"] == "" and layout["meta"]["title"] == title
    assert caption == fig.layout.meta["caption"] and real.version[:7] in caption
    assert not [a for a in layout["annotations"] if a.get("name") == "caption"]
    assert [a for a in layout["annotations"] if str(a.get("name", "")).startswith("period:")]  # band labels stay
    assert plot_height(layout) == pytest.approx(plot_height(fig.layout.to_plotly_json()), abs=1)
    assert fig.layout.title.text == "Events by actor pair"  # the figure itself (for exports) is untouched


def test_a_phone_gets_lane_codes_with_a_key_and_its_legend_under_the_chart(real):
    fig = timeline.chart_timeline(real, Filters())
    phone, _, _ = common.screen_spec(fig.to_plotly_json(), PHONE)
    wide, _, _ = common.screen_spec(fig.to_plotly_json(), WIDE)
    ticks = phone["layout"]["yaxis"]["ticktext"]
    assert "PAN – RUS" in ticks and "Panama – Russia" not in ticks
    assert wide["layout"]["yaxis"]["ticktext"] == list(fig.layout.yaxis.ticktext)
    assert phone["layout"]["meta"][common.CODES]["PAN"] == "Panama"
    assert phone["layout"]["margin"]["l"] < wide["layout"]["margin"]["l"] / 1.5
    assert phone["layout"]["legend"]["yanchor"] == "top" and phone["layout"]["legend"]["y"] < 0
    assert wide["layout"]["legend"]["yanchor"] == "bottom" and wide["layout"]["legend"]["y"] >= 1
    for trace in fig.data:  # the full lane name is in every marker's hover
        if trace.mode == "markers" and trace.text and len(trace.text) > 1:
            assert all("Lane: " in text for text in trace.text[1:])


@pytest.mark.parametrize("width", [PHONE, TABLET, WIDE])
def test_legend_title_lines_fit_the_plot_and_its_rows_have_room(real, width):
    fig = timeline.chart_timeline(real, Filters())
    spec, _, _ = common.screen_spec(fig.to_plotly_json(), width)
    layout = spec["layout"]
    plot_px = width - layout["margin"]["l"] - layout["margin"]["r"]
    for line in layout["legend"]["title"]["text"].split("<br>"):
        assert common.text_px(line, common.LEGEND_FONT_PX) <= plot_px, line
    room = layout["margin"]["b"] if width < common.PHONE_BELOW_PX else layout["margin"]["t"] - common.MODEBAR_PX
    assert room >= common.legend_px(spec, plot_px)
    assert "entrywidth" not in layout["legend"]  # items as wide as their text: plotly wraps them


def test_a_narrower_plot_needs_more_legend_rows(real):
    spec = timeline.chart_timeline(real, Filters()).to_plotly_json()
    heights = [common.legend_px(spec, px) for px in (1200, 600, 250)]
    assert heights[0] < heights[1] < heights[2]
    assert common.legend_px({"data": [{"type": "heatmap"}], "layout": {}}, 300) == 0


def test_the_legend_is_lifted_over_a_first_subplots_title(real):
    fig = compare.chart_compare_tone_time(real, Filters())
    spec, _, _ = common.screen_spec(fig.to_plotly_json(), WIDE)
    layout = spec["layout"]
    assert layout["legend"]["y"] > 1 and layout["margin"]["t"] >= common.MODEBAR_PX + common.SUBPLOT_TITLE_PX


def test_compare_on_a_phone_codes_its_pairs_and_drops_the_redundant_colour_bar(real):
    fig = compare.chart_compare_heatmap(real, Filters())
    phone, _, _ = common.screen_spec(fig.to_plotly_json(), PHONE)
    wide, _, _ = common.screen_spec(fig.to_plotly_json(), WIDE)
    assert phone["layout"]["xaxis"]["ticktext"][0].startswith("PAN –<br>RUS")
    assert phone["data"][0]["showscale"] is False and wide["data"][0].get("showscale", True) is not False
    assert fig.to_plotly_json()["data"][0].get("showscale", True) is not False  # the figure is untouched
    tone = compare.chart_compare_tone(real, Filters())
    phone, _, _ = common.screen_spec(tone.to_plotly_json(), PHONE)
    assert phone["layout"]["yaxis"]["ticktext"] == ["PAN – RUS", "PAN – USA", "PAN – CHN", "PAN – TWN"]


def test_themes_pair_chart_codes_its_lanes_on_a_phone(real):
    fig = themes.chart_theme_activity(real, Filters())
    phone, _, _ = common.screen_spec(fig.to_plotly_json(), PHONE)
    assert "PAN – RUS" in phone["layout"]["yaxis"]["ticktext"]
    assert phone["layout"]["meta"][common.CODES]["RUS"] == "Russia"


@pytest.mark.parametrize(("label", "short"), [
    ("Panama – Russia", "PAN – RUS"),
    ("Central American Parliament – Russia", "PARLACEN –<br>RUS"),
    ("Russia", "RUS"),
    ("Other (10 lanes)", "Other (10<br>lanes)"),
    ("Multilateral (5+ actors)", "Multilateral<br>(5+ actors)"),
    ("Not an actor – Russia", "Not an actor –<br>Russia"),
])  # fmt: skip
def test_short_labels(label, short):
    codes = {"Panama": "PAN", "Russia": "RUS", "Central American Parliament": "PARLACEN"}
    assert common.short_label(label, codes) == short


@pytest.mark.parametrize(("label", "tick"), [
    ("Soviet era (1922–1991)", "1922–<br>1991"), ("Before 1922", "Before<br>1922"),
    ("After the full-scale invasion (Feb 2022–)", "Feb<br>2022–"), ("2020–2029", "2020–<br>2029"),
])  # fmt: skip
def test_time_bin_ticks_on_a_phone(label, tick):
    assert compare.bin_tick(label) == tick


def test_legend_title_lines_pack_parts_up_to_the_width():
    parts = ["<b>Colour:</b> primary theme", "<b>Bar:</b> span", "a much longer part that will not share a line"]
    packed = common.legend_title_lines(parts, width=260)
    assert packed.split("<br>")[0] == "<b>Colour:</b> primary theme   <b>Bar:</b> span"
    assert len(packed.split("<br>")) == 2
    assert common.legend_title_lines(["<b>Hollow:</b> may fall outside the dates"], width=100) == (
        "<b>Hollow:</b><br>may fall outside the dates")  # too wide: broken after its bold head


def _no_empties(value):
    """A figure's JSON without empty lists and dicts (validation drops an empty `annotations`)."""
    if isinstance(value, dict):
        return {k: _no_empties(v) for k, v in value.items() if v not in ([], {})}
    if isinstance(value, list):
        return [_no_empties(v) for v in value]
    return value


@pytest.mark.parametrize("width", [PHONE, TABLET, WIDE, 1360])
@pytest.mark.parametrize("name", [*timeline.CHARTS, *compare.CHARTS, *themes.CHARTS])
def test_every_screen_spec_is_valid_and_its_unvalidated_figure_draws_the_same(real, name, width):
    """The page draws `screen_figure` (not validated again, for speed): every chart's screen spec at
    every width class must pass plotly's validation, and serialise exactly as the validated figure."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    build = {**timeline.CHARTS, **compare.CHARTS, **themes.CHARTS}[name]
    for filters in (Filters(), Filters(actors=("RUS", "PAN"))):
        spec, _, _ = common.screen_spec(build(real, filters).to_plotly_json(), width)
        validated = go.Figure(spec)  # raises on any property plotly does not know
        fast = common.screen_figure(spec)
        assert _no_empties(json.loads(pio.to_json(fast, validate=False))) == _no_empties(
            json.loads(pio.to_json(validated, validate=False)))
