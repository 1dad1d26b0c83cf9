"""The timeline and per-year builders on a few hand-made rows, read back from their traces."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.core.charts import common
from dashboard.core.charts import timeline as T
from dashboard.core.charts.counts import counts_of
from dashboard.core.filters import Filters

ACTORS = pd.DataFrame({"id": ["PAN", "RUS", "USA", "CHN", "TWN", "CUB"],
                       "name": ["Panama", "Russia", "United States", "China", "Taiwan", "Cuba"]})  # fmt: skip
THEMES = pd.DataFrame({"id": ["diplomacy", "trade"], "label": ["Diplomacy & visits", "Trade"],
                       "color": ["#4477AA", "#228833"]})  # fmt: skip
PERIODS = pd.DataFrame({"id": ["old", "cold", "recent"], "label": ["Long ago", "Cold war", "Recent <times>"],
                        "start_date": pd.to_datetime(["1800-01-01", "1950-01-01", "2000-01-01"]),
                        "end_date": pd.to_datetime(["1850-12-31", "1995-12-31", "2026-12-31"])})  # fmt: skip
HOSTILE = "<img src=x onerror=alert(1)>"


def event(id_, start, end, precision, actors, tone="cooperation", theme="diplomacy", title=None):
    return {"id": id_, "start": pd.Timestamp(start), "end": pd.Timestamp(end), "precision": precision,
            "date_label": f"label of {id_}", "title": title or f"Title {id_}", "tone": tone,
            "actors": tuple(actors), "themes": (theme,), "primary_theme": theme,
            "sources": ("alpha",), "year": pd.Timestamp(start).year}  # fmt: skip


@pytest.fixture
def events() -> pd.DataFrame:
    return pd.DataFrame([
        event("day", "2025-04-07", "2025-04-07", "day", ["RUS", "PAN"], "cooperation", title=HOSTILE),
        event("year", "1994-01-01", "1994-12-31", "year", ["PAN"], "tension", "trade"),
        event("three", "2003-01-01", "2009-12-31", "range", ["PAN", "RUS", "USA"], "neutral"),
        event("many", "2008-05-01", "2008-05-01", "day", ["PAN", "RUS", "USA", "CHN", "TWN"], "tension"),
    ])  # fmt: skip


def build(events, lanes="actors", **kw):
    return T.build_timeline(events, lanes=lanes, themes=THEMES, actors=ACTORS, periods=PERIODS, **kw)


def traces(fig, prefix: str) -> list:
    return [t for t in fig.data if (t.name or "").startswith(prefix)]


def markers(fig) -> list:
    return [t for t in fig.data if t.customdata is not None]


def drawn(fig) -> list[dict]:
    """Every marker drawn, one dict each: its trace's theme (legendgroup), colour and outline colour
    (its tone), and its own position, event id, symbol and hover text."""
    rows = []
    for trace in markers(fig):
        outlines = [trace.marker.line.color] * len(trace.x)
        for x, y, id_, symbol, outline, text in zip(trace.x, trace.y, trace.customdata, trace.marker.symbol,
                                                    outlines, trace.hovertext):  # fmt: skip
            if x is not None:
                rows.append({"theme": trace.legendgroup, "color": trace.marker.color, "x": x, "y": y, "id": id_,
                             "symbol": symbol, "outline": outline, "text": text})  # fmt: skip
    return rows


def lane_of(fig) -> dict[int, str]:
    """Lane number (top to bottom) -> its label."""
    return dict(enumerate(t.replace("<br>", "") for t in fig.layout.yaxis.ticktext))


def keys(fig) -> list:
    return [t for t in fig.data if t.showlegend is not False]


def test_one_legend_key_per_theme_and_its_markers_and_span_bars_one_trace_per_tone_in_its_group(events):
    fig = build(events)
    assert [(t.name, t.legendgroup, t.marker.color) for t in keys(fig)] == [
        ("Diplomacy &amp; visits", "diplomacy", "#4477AA"), ("Trade", "trade", "#228833")]  # escaped, yaml order
    tones = dict(zip(events["id"], events["tone"]))
    for trace in markers(fig):  # one tone per trace, said in its meta and by its points
        assert trace.showlegend is False and {tones[i] for i in trace.customdata} == {trace.meta["tone"]}
        assert trace.marker.line.color == common.TONE_COLOR[trace.meta["tone"]]
    by_theme = {(t.legendgroup, t.meta["tone"]) for t in markers(fig)}
    assert by_theme == {(theme, tone) for theme, tone in zip(events["primary_theme"], events["tone"])}
    assert all(t.showlegend is False and t.legendgroup == t.name[5:] and t.meta["tone"] for t in traces(fig, "span:"))
    # clicking a key hides its theme's markers and span bars (the same legend group)
    assert {t.legendgroup for t in fig.data if t.name != "selected"} == {t.legendgroup for t in keys(fig)}


def test_a_legend_key_is_a_square_in_the_theme_colour_that_is_never_drawn(events):
    """A key has one point without a position: it cannot be seen, hovered or clicked."""
    for key in keys(build(events)):
        assert (tuple(key.x), tuple(key.y), key.customdata, key.hoverinfo) == ((None,), (None,), None, "skip")
        assert key.marker.symbol == "square" and key.marker.line.color == key.marker.color


def test_each_tone_has_a_toggle_that_hides_and_shows_its_markers_and_bars_on_every_theme(events):
    fig = build(events)
    menus = fig.layout.updatemenus
    assert [m.name for m in menus] == ["tone:cooperation", "tone:neutral", "tone:tension"]
    for i, menu in enumerate(menus):
        tone = menu.name.split(":")[1]
        (button,) = menu.buttons
        hide, layout, ids = button.args
        show, _, same = button.args2
        assert hide == {"visible": False} and show == {"visible": True} and ids == same
        assert set(ids) == {n for n, t in enumerate(fig.data) if (t.meta or {}).get("tone") == tone}
        assert any(fig.data[n].customdata for n in ids)  # markers, not only bars
        assert "color:#9aa0aa" in layout[f"updatemenus[{i}].buttons[0].label"]  # greyed while hidden
        assert button.label == common.TONE_LABEL[tone]


def test_events_can_be_labelled_with_their_titles_up_to_the_limit(events, monkeypatch):
    plain, labelled = build(events), build(events, labelled=True)
    assert all(t.mode == "markers" for t in markers(plain))
    titles = dict(zip(events["id"], events["title"]))
    for trace in markers(labelled):
        assert trace.mode == "markers+text" and set(trace.textposition) <= {"middle right", "middle left"}
        assert list(trace.text) == [common.safe(titles[i], T.LABEL_CHARS) for i in trace.customdata]
    monkeypatch.setattr(T, "LABEL_MAX", events["id"].nunique() - 1)
    assert all(t.mode == "markers" for t in markers(build(events, labelled=True)))  # too many to read: no labels


def test_year_precision_and_ranges_are_bars_from_start_to_end_and_days_are_points_only(events):
    fig = build(events)
    (trade,) = traces(fig, "span:trade")
    assert list(trade.x) == ["1994-01-01", "1994-12-31", None] and trade.mode == "lines"
    (diplomacy,) = traces(fig, "span:diplomacy")
    pairs = [tuple(diplomacy.x[i : i + 2]) for i in range(0, len(diplomacy.x), 3)]
    assert set(pairs) == {("2003-01-01", "2009-12-31")}  # the range, once per pair lane; no day event
    assert len(pairs) == 3
    (year_marker,) = [p for p in drawn(fig) if p["id"] == "year"]
    assert pd.Timestamp(year_marker["x"]) == pd.Timestamp("1994-01-01")  # the marker sits at the start


def test_symbol_and_outline_show_the_tone_and_the_fill_the_primary_theme(events):
    fig = build(events)
    tone, theme = dict(zip(events["id"], events["tone"])), dict(zip(events["id"], events["primary_theme"]))
    colour = dict(zip(THEMES["id"], THEMES["color"]))
    points = drawn(fig)
    assert {p["symbol"] for p in points} == {"triangle-up", "circle", "triangle-down"}  # all three tones occur
    for p in points:
        assert p["symbol"] == common.TONE_SYMBOL[tone[p["id"]]]
        assert p["outline"] == common.TONE_COLOR[tone[p["id"]]]
        assert p["theme"] == theme[p["id"]] and p["color"] == colour[theme[p["id"]]]
    assert "▲" in fig.layout.legend.title.text and "▼" in fig.layout.legend.title.text


def test_customdata_carries_the_event_id_of_every_marker(events):
    fig = build(events)
    ids = [p["id"] for p in drawn(fig)]
    assert sorted(set(ids)) == ["day", "many", "three", "year"]
    assert ids.count("three") == 3  # three actors: one marker in each of its three pair lanes
    # five actors: the multilateral lane, and each pair lane that smaller events open (Panama – Russia,
    # Panama – United States, Russia – United States), so a pair lane counts every event of the pair;
    # no lane of its own for Panama – China and the other pairs only it has
    assert ids.count("many") == 4


def test_lanes_by_actor_pair_single_actor_and_multilateral(events):
    fig = build(events)
    lanes = set(lane_of(fig).values())
    assert lanes == {"Panama – Russia", "Panama", "Panama – United States", "Russia – United States",
                     T.MULTILATERAL}  # fmt: skip
    busiest = lane_of(fig)[0]
    assert busiest == "Panama – Russia"  # 2 events: the day event and the three-actor range


def test_lanes_by_primary_theme_use_the_theme_labels(events):
    fig = build(events, lanes="theme")
    assert set(lane_of(fig).values()) == {"Diplomacy &amp; visits", "Trade"}
    assert sorted(p["id"] for p in drawn(fig)) == sorted(events["id"])  # one marker per event


def test_unknown_lane_kind_is_an_error(events):
    with pytest.raises(ValueError, match="lanes must be one of"):
        build(events, lanes="colour")


def test_hover_text_is_escaped_and_says_title_date_and_actors(events):
    fig = build(events)
    hovers = [p["text"] for p in drawn(fig)]
    hostile = [h for h in hovers if "img" in h]
    assert hostile and all("<img" not in h and "&lt;img src=x onerror=alert(1)&gt;" in h for h in hostile)
    assert "label of day" in hostile[0] and "Russia, Panama" in hostile[0]
    assert all(t.hovertemplate == "%{hovertext}<extra></extra>" for t in markers(fig))


def test_safe_text_matches_common_safe_for_a_whole_column():
    values = pd.Series([HOSTILE, "a & b $5 \"q\" 'x'", "x" * 400, "abc\u202edef"])
    assert list(common.safe_column(values)) == [common.safe(v) for v in values]


def test_named_periods_are_shaded_bands_with_labels_only_where_they_overlap_the_events(events):
    fig = build(events)
    bands = [s for s in fig.layout.shapes if (s.name or "").startswith("period:")]
    assert [b.name for b in bands] == ["period:cold", "period:recent"]  # "Long ago" is off the axis
    assert all(b.type == "rect" and b.yref == "paper" and b.layer == "below" for b in bands)
    labels = [a.text for a in fig.layout.annotations if (a.name or "").startswith("period:")]
    assert labels == ["Cold war", "Recent &lt;times&gt;"]


def test_events_on_the_same_day_in_the_same_lane_are_nudged_apart():
    frame = pd.DataFrame([event(f"e{i}", "2020-01-01", "2020-01-01", "day", ["PAN"]) for i in range(3)])
    fig = build(frame)
    ys = [p["y"] for p in drawn(fig)]
    assert len(set(ys)) == 3


def test_more_than_max_lanes_keeps_the_busiest_and_folds_the_rest_into_other():
    codes = [f"A{i:02d}" for i in range(T.MAX_LANES + 5)]
    actors = pd.DataFrame({"id": codes, "name": [f"Actor {c}" for c in codes]})
    rows = [event(f"e-{c}", "2020-01-01", "2020-01-01", "day", [c]) for c in codes]
    rows.append(event("busy", "2021-01-01", "2021-01-01", "day", [codes[-1]]))  # the last actor is busiest
    fig = T.build_timeline(pd.DataFrame(rows), lanes="actors", themes=THEMES, actors=actors, periods=PERIODS)
    lanes = lane_of(fig)
    assert len(lanes) == T.MAX_LANES
    assert lanes[0] == f"Actor {codes[-1]}" and lanes[T.MAX_LANES - 1] == "Other (6 lanes)"


def test_height_grows_with_the_number_of_lanes():
    actors = pd.DataFrame({"id": [f"A{i:02d}" for i in range(12)], "name": [f"Actor {i}" for i in range(12)]})
    rows = [event(f"e{i}", f"{2000 + i}-01-01", f"{2000 + i}-01-01", "day", [code])
            for i, code in enumerate(actors["id"])]  # fmt: skip
    heights = [T.build_timeline(pd.DataFrame(rows[:n]), lanes="actors", themes=THEMES, actors=actors,
                                periods=PERIODS).layout.height for n in (1, 10, 11)]  # fmt: skip
    assert heights[0] == T.MIN_HEIGHT and heights[1] < heights[2]
    assert heights[2] - heights[1] == T.LANE_PX


def test_many_points_switch_to_webgl(events, monkeypatch):
    assert {t.type for t in markers(build(events))} == {"scatter"}
    monkeypatch.setattr(T, "SCATTERGL_FROM", 2)
    assert {t.type for t in markers(build(events))} == {"scattergl"}


def test_the_selected_event_is_ringed_and_not_hoverable(events):
    fig = build(events, selected="three")
    (ring,) = traces(fig, "selected")
    assert len(ring.x) == 3 and ring.hoverinfo == "skip" and ring.marker.symbol == "circle-open"
    assert not traces(build(events, selected="no-such-event"), "selected")


def test_no_events_make_an_empty_figure():
    empty = pd.DataFrame([event("x", "2020-01-01", "2020-01-01", "day", ["PAN"])]).iloc[0:0]
    assert len(build(empty).data) == 0
    assert len(T.build_per_year(empty, themes=THEMES).data) == 0


def test_summaries_say_the_real_figures(events):
    points = T.timeline_points(events, lanes="actors", themes=THEMES, actors=ACTORS)
    assert T.timeline_summary(points) == ("4 events from 1994 to 2025 in 5 lanes; no lane has 5 or more "
                                          "events, too few to single one out.")  # fmt: skip
    counts = T.per_year_counts(events, themes=THEMES)
    assert T.per_year_summary(counts) == ("No year has 5 or more events, too few to single one out; 4 years with "
                                          "at least one event.")  # fmt: skip


def test_per_year_stacks_one_bar_trace_per_primary_theme():
    frame = pd.DataFrame([
        event("a", "2008-01-01", "2008-01-01", "day", ["PAN"], theme="diplomacy"),
        event("b", "2008-03-01", "2008-12-31", "month", ["PAN"], theme="diplomacy"),
        event("c", "2008-05-01", "2008-05-01", "day", ["PAN"], theme="trade"),
        event("d", "2010-01-01", "2012-12-31", "range", ["PAN"], theme="trade"),
    ])  # fmt: skip
    fig = T.build_per_year(frame, themes=THEMES)
    assert fig.layout.barmode == "stack"
    bars = {t.name: dict(zip(t.x, t.y)) for t in fig.data}
    assert bars == {"Diplomacy &amp; visits": {2008: 2}, "Trade": {2008: 1, 2010: 1}}  # by start year
    assert [t.marker.color for t in fig.data] == ["#4477AA", "#228833"]


def test_joined_labels_keep_the_order_and_fall_back_to_the_id():
    values = pd.Series([("RUS", "PAN"), ("XXX",), ("PAN",)], index=[5, 6, 7])
    assert list(T.joined_labels(values, ACTORS, "name")) == ["Russia, Panama", "XXX", "Panama"]


def test_page_level_charts_apply_the_filters_and_carry_title_and_caption(valid_dataset):
    fig = T.chart_timeline(valid_dataset, Filters(themes=("trade",)), lanes="theme")
    ids = {p["id"] for p in drawn(fig)}
    assert ids == {"trade-growth-2003-2009"}
    assert fig.layout.title.text == "Events by primary theme"
    caption = fig.layout.meta["caption"]
    assert f"version {valid_dataset.version[:7]}" in caption and "1 event" in caption
    assert fig.layout.meta["export_title"].startswith("Trade and investment events ")
    per_year = T.chart_per_year(valid_dataset, Filters())
    assert sum(sum(t.y) for t in per_year.data) == len(valid_dataset.events)
    assert set(T.CHARTS) == {"timeline", "per-year"}


# -- Counts instead of markers above AGGREGATE_FROM -------------------------------------------


def test_too_many_markers_become_one_heatmap_of_counts_per_lane_and_year(events, monkeypatch):
    points = T.timeline_points(events, lanes="actors", themes=THEMES, actors=ACTORS)
    monkeypatch.setattr(T, "AGGREGATE_FROM", len(points) - 1)
    fig = build(events)
    assert not markers(fig) and not traces(fig, "span:")
    (heat,) = fig.data
    assert heat.type == "heatmap" and heat.showlegend is False
    z = pd.DataFrame(counts_of(heat.z), index=[lane_of(fig)[i] for i in heat.y], columns=[x[:4] for x in heat.x])
    assert z.sum().sum() == len(points)  # every marker counted once
    assert z.loc["Panama – Russia", "2025"] == 1 and z.loc["Panama – Russia", "2003"] == 1
    assert z.loc["Panama", "1994"] == 1 and pd.isna(z.loc["Panama", "2025"])  # an empty cell is blank, not 0
    assert list(z.columns) == [str(y) for y in range(1994, 2026)]  # every year a column, cells a year wide
    assert "Panama – Russia<br>2025: 1 event<br>most common primary theme: Diplomacy &amp; visits" in set(
        heat.text.ravel())


def test_counts_use_decades_over_long_spans_and_the_table_and_summary_say_so(monkeypatch):
    frame = pd.DataFrame([event("old", "1700-01-01", "1700-12-31", "year", ["PAN"]),
                          event("new", "2001-05-01", "2001-05-01", "day", ["PAN"], theme="trade"),
                          event("new2", "2009-05-01", "2009-05-01", "day", ["PAN"], theme="trade")])  # fmt: skip
    monkeypatch.setattr(T, "AGGREGATE_FROM", 1)
    points = T.timeline_points(frame, lanes="actors", themes=THEMES, actors=ACTORS)
    assert T.bin_years(points) == 10
    table = T.timeline_table(points, THEMES)
    assert table.to_dict("records") == [
        {"lane": "Panama", "period": "1700–1709", "events": 1, "most common primary theme": "Diplomacy & visits"},
        {"lane": "Panama", "period": "2000–2009", "events": 2, "most common primary theme": "Trade"}]
    assert T.timeline_summary(points).endswith(
        "3 markers are too many to read one by one (more than 1), so each cell counts a lane's events in a "
        "decade; narrow the filters to see single events.")


def test_count_cells_escape_hostile_lane_names(monkeypatch):
    actors = pd.DataFrame({"id": ["BAD"], "name": [HOSTILE]})
    frame = pd.DataFrame([event(f"e{i}", "2020-01-01", "2020-01-01", "day", ["BAD"]) for i in range(3)])
    monkeypatch.setattr(T, "AGGREGATE_FROM", 1)
    (heat,) = T.build_timeline(frame, lanes="actors", themes=THEMES, actors=actors, periods=PERIODS).data
    (text,) = [t for t in heat.text.ravel() if t]
    assert "<img" not in text and "&lt;img" in text and "3 events" in text


def test_the_page_chart_is_the_builder_plus_title_caption_and_label_margin(events):
    """chart_timeline composes dicts and builds once; the result equals building, then finishing."""
    from dashboard.core.charts import margins
    from dashboard.core.charts.timeline import fit_spec

    dataset = type("D", (), {"themes": THEMES, "actors": ACTORS, "periods": PERIODS, "version": "v1",
                             "sources": pd.DataFrame({"id": ["alpha"], "title": ["Alpha"]})})()  # fmt: skip
    page = T.chart_timeline(dataset, Filters(), events=events)
    built = common.finish(build(events), T.LANE_TITLES["actors"], T._caption(dataset, Filters(), events),
                          export_title=T._export_title(dataset, Filters(), events))
    built.layout = T.place_toggles(margins.fixed_label_margin(fit_spec({
        "data": [{"showlegend": t.showlegend} for t in built.data], "layout": built.layout.to_plotly_json()})))["layout"]
    assert page.to_json() == built.to_json()


def test_the_page_chart_measures_its_label_margin_instead_of_plotly_automargin(events):
    """automargin makes plotly draw twice on every rerun; the page's timeline sets the margin."""
    from dashboard.core.charts import margins

    dataset = type("D", (), {"themes": THEMES, "actors": ACTORS, "periods": PERIODS, "version": "v1",
                             "sources": pd.DataFrame({"id": ["alpha"], "title": ["Alpha"]})})()  # fmt: skip
    fig = T.chart_timeline(dataset, Filters(), events=events)
    assert fig.layout.yaxis.automargin is False and fig.layout.meta[margins.FIXED] is True
    widest = max(margins.text_width(line, 11) for line in ["Panama – Russia", "Multilateral (5+ actors)"])
    assert fig.layout.margin.l >= widest


def test_neither_chart_has_the_browser_measure_its_tick_labels(valid_dataset):
    """plotly's default ticklabeloverflow measures every tick label's box on every draw (a third of
    the timeline's drawing time); the margins hold the labels, so both charts draw them as they are."""
    for fig in (T.chart_timeline(valid_dataset, Filters()), T.chart_per_year(valid_dataset, Filters())):
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            assert axis.ticklabeloverflow == "allow" and axis.automargin is False


def test_page_view_holds_what_the_page_draws(valid_dataset):
    """The page's one call: both figures as their CHARTS builders make them, summaries and tables."""
    filters = Filters()
    view = T.page_view(valid_dataset, filters, "actors", None)
    assert view.timeline.to_json() == T.chart_timeline(valid_dataset, filters).to_json()
    assert view.per_year.to_json() == T.chart_per_year(valid_dataset, filters).to_json()
    points = T.timeline_points(valid_dataset.events, lanes="actors", themes=valid_dataset.themes,
                               actors=valid_dataset.actors)  # fmt: skip
    assert view.timeline_summary == T.timeline_summary(points) and len(view.timeline_table) == len(points)
    assert view.per_year_table["events"].sum() == len(valid_dataset.events)


def test_the_first_frame_is_the_events_span_with_a_little_margin_and_a_range_slider(events):
    fig = build(events)
    low, high = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    starts, ends = pd.to_datetime(events["start"]), pd.to_datetime(events["end"])
    assert starts.min() - pd.Timedelta(days=400) < low < starts.min()
    assert ends.max() < high < ends.max() + pd.Timedelta(days=400)
    slider = fig.layout.xaxis.rangeslider
    assert slider.visible and [pd.Timestamp(x) for x in slider.range] == [low, high]
    plot_axis = fig.layout[T.PLOT_AXIS.replace("x", "xaxis")]  # the plot's traces' axis follows the date axis
    assert plot_axis.matches == "x" and plot_axis.visible is False and tuple(plot_axis.range) == tuple(fig.layout.xaxis.range)


@pytest.mark.parametrize("many", [False, True])
def test_the_range_slider_draws_no_trace_again(events, monkeypatch, many):
    """plotly draws in a range slider every trace of the slider's axis: every trace of the plot
    (markers or the count heatmap) is on the hidden axis that follows the slider's date axis."""
    if many:
        monkeypatch.setattr(T, "AGGREGATE_FROM", 1)
    fig = build(events)
    assert fig.data and {t.xaxis for t in fig.data} == {T.PLOT_AXIS}
    assert {t.type for t in fig.data} == ({"heatmap"} if many else {"scatter"})
    assert fig.layout.xaxis.rangeslider.visible and fig.layout.xaxis.visible is not False


def test_period_labels_of_one_row_never_overlap_and_stay_in_the_plot():
    bands = [(0, 40, "Soviet era (1922–1991)"), (40, 300, "Post-Soviet re-engagement (1992–2013)"),
             (300, 420, "After Crimea (2014–Feb 2022)"), (420, 480, "After the full-scale invasion (Feb 2022–)"),
             (470, 480, "A fifth period with a very long name indeed")]  # fmt: skip
    placed = T.place_labels(bands, 480, rows=2)
    boxes = {}
    for (left, right, _), (row, text, at_end) in zip(bands, placed):
        width = T.margins.text_width(text, 11)
        lo, hi = (right - 4 - width, right - 4) if at_end else (left + 4, left + 4 + width)
        assert -1e-9 <= lo and hi <= 480 + 1e-9, text
        assert all(hi + 8 <= a or lo >= b + 8 for a, b in boxes.get(row, [])), f"{text} overlaps on row {row}"
        boxes.setdefault(row, []).append((lo, hi))
    assert any(text != label for (_, _, label), (_, text, _) in zip(bands, placed))  # some were shortened


def test_a_shortened_period_label_keeps_its_full_name_in_the_hover(events):
    periods = pd.DataFrame({"id": [f"p{i}" for i in range(6)], "label": [f"A period named at length number {i}"
                                                                          for i in range(6)],
                            "start_date": pd.to_datetime([f"{1994 + 5 * i}-01-01" for i in range(6)]),
                            "end_date": pd.to_datetime([f"{1998 + 5 * i}-12-31" for i in range(6)])})  # fmt: skip
    fig = T.build_timeline(events, lanes="actors", themes=THEMES, actors=ACTORS, periods=periods)
    notes = [a for a in fig.layout.annotations if (a.name or "").startswith("period:")]
    assert len(notes) == 6 and all(a.hovertext.startswith("A period named") for a in notes)
    assert any(a.text != a.hovertext for a in notes)


def test_count_axes_have_whole_number_ticks_and_one_year_does_not_fill_the_plot():
    one = pd.DataFrame([event("only", "2025-03-01", "2025-03-01", "day", ["PAN"])])
    one["year"] = 2025
    fig = T.build_per_year(one, themes=THEMES)
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.tickformat == ",d"
    assert fig.layout.xaxis.dtick == 1
    low, high = fig.layout.xaxis.range
    assert high - low >= 7 and low < 2025 < high


@pytest.mark.parametrize(("largest", "step"), [(1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (26, 10), (130, 50)])
def test_a_count_axis_steps_by_whole_numbers(largest, step):
    assert common.whole_step(largest) == step


def test_count_colours_follow_the_log_of_the_count_with_a_legend_in_events():
    """Skewed counts (most cells a few events, one cell hundreds) stay apart in colour: the colour
    is the log of the count, and the colour bar says so in events (1, 10, 100, 1,000)."""
    from dashboard.core.charts import counts

    events = pd.Series([1, 6, 24, 1223])
    trace = counts.heatmap_trace(pd.Series([0, 0, 1, 1]), pd.Series([2000, 2001, 2000, 2001]), events,
                                 pd.Series(["a", "b", "c", "d"]), 2, 1)  # fmt: skip
    assert counts.counts_of(trace["z"]).tolist() == [[1, 6], [24, 1223]]
    share = trace["z"] / trace["zmax"]  # where each cell sits on the colour scale, 0 to 1
    assert share[0, 1] > 0.2 and share[1, 0] > 0.4  # linear, 6 and 24 of 1,223 would sit under 0.02
    assert trace["colorbar"]["ticktext"] == ["1", "10", "100", "1,000"]
    assert trace["colorbar"]["title"]["text"] == "events (log scale)" and "customdata" not in trace
    assert counts.log_ticks(3) == [1, 2] and counts.log_ticks(60) == [1, 2, 5, 10, 20, 50]
