"""The Compare actors and Themes pages through streamlit's AppTest, on the bundled data.

Expected numbers are computed here from the dataset's plain tables, independently of
core.analysis, so a page that drew the wrong counts would fail."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from apptest_support import chart_title, open_page, rerun
from streamlit.testing.v1 import AppTest

from dashboard.core.schema import PERSPECTIVES
from dashboard.ui.text import md

COMPARE, THEMES = "app_pages/compare.py", "app_pages/themes.py"


def figures(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures by title."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {chart_title(spec).split(":")[0]: spec for spec in specs}


def plain(value):
    """A figure array as a list: plotly sends numeric arrays as base64 typed arrays ("bdata")."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", len(array))).split(",")]
        return array.reshape(shape).tolist()
    return value


def bodies(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def pair_count(real, focal: set[str], partner: set[str], theme: str | None = None, tone: str | None = None) -> int:
    """Events involving an actor of each group (and the theme and tone), straight from the events table."""
    events = real.events
    keep = events["actors"].map(lambda a: bool(focal & set(a)) and bool(partner & set(a)))
    if theme:
        keep &= events["themes"].map(lambda t: theme in t)
    if tone:
        keep &= events["tone"] == tone
    return int(keep.sum())


def lonely_partner(real, focal: set[str]) -> str:
    """An actor that shares no event with the focal group (the data grows: found, not hard-coded)."""
    found = [a for a in real.actors["id"] if a not in focal and pair_count(real, focal, {a}) == 0]
    assert found, "every actor shares an event with the focal actor; pick another test case"
    return found[0]


def heatmap(at: AppTest) -> tuple[list[str], list[str], list[list[int]]]:
    spec = figures(at)["Themes by pair"]
    layout = spec["layout"]
    return layout["xaxis"]["ticktext"], layout["yaxis"]["ticktext"], plain(spec["data"][0]["z"])


# -- Compare actors ---------------------------------------------------------------------------


def test_compare_default_preset_matches_the_data(real):
    at = open_page(COMPARE)
    assert at.radio(key="cmp_preset").value == "panama"
    assert at.selectbox(key="cmp_focal").value == "PAN"
    assert at.multiselect(key="cmp_partners").value == ["RUS", "USA", "CHN", "TWN"]
    assert set(figures(at)) == {"Themes by pair", "Events per year", "Tone balance", "Tone over time (named periods)"}
    pairs, themes, z = heatmap(at)
    assert len(pairs) == 4 and "Russia" in pairs[0] and "Taiwan" in pairs[3]
    assert len(themes) == len(real.themes)
    labels = dict(zip(real.themes["label"], real.themes["id"]))
    groups = [{"RUS", "SUN"}, {"USA"}, {"CHN"}, {"TWN", "QNG"}]  # predecessors count by default
    for row, label in enumerate(themes):
        expected = [pair_count(real, {"PAN"}, g, labels[label]) for g in groups]
        assert z[row] == expected, label
    assert "not used on this page" in bodies(at)


def test_switching_preset_changes_the_figures(real):
    at = open_page(COMPARE)
    before = heatmap(at)
    at.radio(key="cmp_preset").set_value("russia")
    rerun(at)
    assert at.selectbox(key="cmp_focal").value == "RUS"
    assert at.multiselect(key="cmp_partners").value == ["PAN", "BRA", "CUB", "VEN"]
    pairs, _, z = heatmap(at)
    assert pairs != before[0] and "Brazil" in pairs[1]
    activity = figures(at)["Events per year"]
    assert len(activity["data"]) == 4
    cuba = [pair_count(real, {"RUS", "SUN"}, {"CUB"}, t) for t in real.themes["id"]]
    assert [row[2] for row in z] == cuba


def test_own_choice_and_too_few_partners(real):
    at = open_page(COMPARE)
    at.multiselect(key="cmp_partners").set_value(["USA"])
    rerun(at)
    assert at.radio(key="cmp_preset").value == "custom"
    assert any("at least two partners" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    at.multiselect(key="cmp_partners").set_value(["USA", lonely_partner(real, {"PAN"})])
    rerun(at)
    pairs, _, z = heatmap(at)
    assert len(pairs) == 2 and "(no events)" in pairs[1]  # shown as zeros, not dropped
    assert all(row[1] == 0 for row in z)


def test_events_behind_a_pair_and_theme_and_their_passages(real):
    at = open_page(COMPARE)
    at.selectbox(key="cmp_pick_pair").set_value("USA")
    at.selectbox(key="cmp_pick_theme").set_value("diplomacy")
    rerun(at)
    n = pair_count(real, {"PAN"}, {"USA"}, "diplomacy")
    assert n > 0
    assert md(f"{n} event{'s' if n != 1 else ''}: Panama – United States · Diplomacy and visits") in bodies(at)
    picker = at.selectbox(key="cmp_event_pick")
    assert len(picker.options) == n + 1
    usa = real.events[real.events["actors"].map(lambda a: {"PAN", "USA"} <= set(a))
                      & real.events["themes"].map(lambda t: "diplomacy" in t)]
    at.session_state["event"] = usa["id"].iloc[0]  # what a click on the event does
    rerun(at)
    assert md(usa["title"].iloc[0]) in [s.value for s in at.subheader]
    assert any("source passage" in m.value for m in at.markdown)


def test_a_pair_without_events_says_so(real):
    at = open_page(COMPARE)
    lonely = lonely_partner(real, {"PAN"})
    at.multiselect(key="cmp_partners").set_value(["RUS", lonely])
    rerun(at)
    at.selectbox(key="cmp_pick_pair").set_value(lonely)
    rerun(at)
    assert any("no events in these sources" in i.value for i in at.info)


def test_sidebar_tone_and_theme_filters_change_the_compare_figures(real):
    at = open_page(COMPARE)
    total = sum(map(sum, heatmap(at)[2]))
    at.session_state["f_tones"] = ["tension"]
    rerun(at)
    _, themes, z = heatmap(at)
    assert sum(map(sum, z)) < total
    assert z[themes.index("Diplomacy and visits")][0] == pair_count(real, {"PAN"}, {"RUS", "SUN"}, "diplomacy",
                                                                     "tension")
    at.session_state["f_tones"] = []
    at.session_state["f_themes"] = ["trade"]
    rerun(at)
    _, themes, z = heatmap(at)
    assert themes == ["Trade and investment"]
    assert z[0][0] == pair_count(real, {"PAN"}, {"RUS", "SUN"}, "trade")


def test_sidebar_actors_do_not_narrow_the_comparison(real):
    at = open_page(COMPARE)
    before = heatmap(at)
    at.session_state["f_actors"] = ["CUB"]
    rerun(at)
    assert heatmap(at) == before


@pytest.mark.parametrize("page", [COMPARE, THEMES])
def test_empty_filter_shows_the_info_message(page):
    at = open_page(page)
    at.session_state["f_q"] = "zzzz-no-such-text-qqqq"
    rerun(at)
    assert any("No events match" in i.value for i in at.info)
    assert not at.get("plotly_chart")


# -- Themes -----------------------------------------------------------------------------------


def theme_counts(real, events=None) -> dict[str, int]:
    events = real.events if events is None else events
    return {t: int(events["themes"].map(lambda ts, t=t: t in ts).sum()) for t in real.themes["id"]}


def test_themes_page_defaults_to_the_busiest_theme_and_groups_passages(real):
    at = open_page(THEMES)
    counts = theme_counts(real)
    busiest = max(counts, key=counts.get)
    assert at.selectbox(key="th_theme").value == busiest
    assert set(figures(at)) == {"Events per theme, by tone", real.themes.set_index("id").loc[busiest, "label"]}
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    tagged = set(real.events.loc[real.events["themes"].map(lambda t: busiest in t), "id"])
    passages = real.passages[(real.passages["theme_id"] == busiest) | real.passages["event_id"].isin(tagged)]
    spans = passages.drop_duplicates(["perspective", "source_id", "start", "end"])  # a span cited twice shows once
    expected = spans["perspective"].value_counts()
    order = [p for p in PERSPECTIVES if p in expected]
    assert headings == [f"### {md(PERSPECTIVES[p])} ({expected[p]} passage{'s' if expected[p] != 1 else ''})"
                        for p in order]
    quote = passages.iloc[0]["quote"]
    assert any(md(quote) in m.value for m in at.markdown) or expected.max() > 6  # long groups fold away


def test_themes_page_other_theme_and_event_passages(real):
    at = open_page(THEMES)
    at.selectbox(key="th_theme").set_value("sanctions")
    rerun(at)
    activity = figures(at)["Sanctions and compliance"]
    ids = sorted(i for trace in activity["data"] for i in plain(trace.get("customdata", [])))
    tagged = real.events[real.events["themes"].map(lambda t: "sanctions" in t)]
    assert set(ids) == set(tagged["id"])
    event = tagged.iloc[0]
    at.session_state["event"] = event["id"]
    rerun(at)
    assert md(event["title"]) in [s.value for s in at.subheader]


def test_sidebar_filters_change_the_themes_figures(real):
    at = open_page(THEMES)
    overview = figures(at)["Events per theme, by tone"]
    at.session_state["f_tones"] = ["tension"]
    rerun(at)
    changed = figures(at)["Events per theme, by tone"]
    assert changed["data"] != overview["data"]
    tension = theme_counts(real, real.events[real.events["tone"] == "tension"])
    totals = next(t for t in changed["data"] if t.get("name") == "totals")
    assert sorted(map(int, plain(totals["text"])), reverse=True) == sorted(tension.values(), reverse=True)
    assert at.selectbox(key="th_theme").value == max(tension, key=tension.get)  # the default follows the filters


def test_themes_page_counts_cells_when_a_theme_has_too_many_markers(monkeypatch, real):
    """Above AGGREGATE_FROM markers the theme's chart is a heatmap with a counts table and a
    sentence that says why; narrowing the filters brings markers back."""
    from dashboard.core.charts import themes as tc
    from dashboard.ui import data_io

    monkeypatch.setattr(tc, "AGGREGATE_FROM", 10)
    data_io._shared.clear()
    try:
        at = open_page(THEMES)
        theme = at.selectbox(key="th_theme").value
        label = real.themes.set_index("id").loc[theme, "label"]
        assert [t["type"] for t in figures(at)[label]["data"]] == ["heatmap"]
        assert any(md("markers are too many to read one by one (more than 10)") in m.value for m in at.markdown)
        table = next(d.value for d in at.dataframe if "events" in d.value.columns and "lane" in d.value.columns)
        assert list(table.columns) == ["lane", "period", "events", "cooperation", "neutral", "tension"]
        at.session_state["f_tones"] = ["tension"]
        rerun(at)
        theme = at.selectbox(key="th_theme").value
        label = real.themes.set_index("id").loc[theme, "label"]
        assert "heatmap" not in {t["type"] for t in figures(at)[label]["data"]}
    finally:
        data_io._shared.clear()
