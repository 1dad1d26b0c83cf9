"""Issue 14 in the app (AppTest, bundled data): the new sidebar filters, the counted sentences and
the tone-over-time chart with its drill-down."""

from __future__ import annotations

import json

from apptest_support import chart_title, open_page, rerun

from dashboard.core import filters as F

COMPARE = "app_pages/compare.py"


def titles(at) -> list[str]:
    return [chart_title(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def text(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption]).replace("\\", "")  # Markdown escapes gone


def param(at, key):
    value = at.query_params.get(key)
    return value if isinstance(value, list) else [value] if value is not None else []


def test_the_sidebar_basis_perspective_kind_and_within_filters_reach_the_page_and_the_link(real):
    at = open_page()
    at.radio(key="f_basis").set_value("reported")
    at.multiselect(key="f_kinds").set_value(["visit", "agreement"])
    rerun(at)
    expected = F.apply(F.Filters(basis="reported", kinds=("visit", "agreement")), real)
    assert f"{len(expected)} events · dated by a report · kind: visit, agreement" in text(at)
    assert param(at, "basis") == ["reported"] and param(at, "kind") == ["visit", "agreement"]
    at = open_page()
    at.multiselect(key="f_persp").set_value(["russian-government"])
    at.selectbox(key="f_period").set_value("post-2022")
    at.checkbox(key="f_within").check()
    rerun(at)
    assert "view reported: Russian officials" in text(at) and "only events dated within these dates" in text(at)
    assert param(at, "perspective") == ["russian-government"] and param(at, "dates") == ["within"]


def test_a_link_with_unknown_kinds_and_perspectives_is_read_with_a_notice():
    at = open_page(None, {"kind": ["visit", "picnic"], "perspective": "kremlin", "basis": "both"})
    warned = "\n".join(w.value for w in at.warning).replace("\\", "")
    assert "Ignored unknown kind “picnic”" in warned and "Ignored unknown perspective “kremlin”" in warned
    assert "Ignored basis=“both”" in warned
    assert at.multiselect(key="f_kinds").value == ["visit"]


def test_a_period_marks_what_may_fall_outside_it(real):
    at = open_page(None, {"period": "post-2022"})
    chosen = F.Filters.from_query_params({"period": "post-2022"}, real)[0]
    outside = int(F.may_fall_outside(chosen, F.apply(chosen, real)).sum())
    assert outside and f"{outside} of them may fall outside these dates" in text(at)


def test_every_chart_says_the_sources_behind_it_and_how_its_events_are_dated():
    at = open_page()
    lines = [c.value.replace("\\", "") for c in at.caption if c.value.replace("\\", "").startswith("Sources behind this:")]
    assert len(lines) == 2 and all("Dated by the event itself:" in line for line in lines)


def test_tone_over_time_chart_bins_and_drill_down(real):
    at = open_page(COMPARE)
    assert any(t.startswith("Tone over time (named periods)") for t in titles(at))
    assert "counts of dated events, not the intensity" in text(at)
    at.radio(key="cmp_tone_bins").set_value("10")
    rerun(at)
    assert any(t.startswith("Tone over time (10-year bins)") for t in titles(at))
    pick = at.selectbox(key="cmp_bin_pick")
    russia = next(o for o in pick.options if o.startswith("Panama – Russia · 2020–2029"))
    pick.set_value("RUS|2020–2029")
    rerun(at)
    listed = next(d.value for d in at.dataframe if "dated by" in d.value.columns)  # the bin's events
    assert f"({len(listed)} events)" in russia and set(listed.columns) >= {"date", "title", "tone", "dated by"}
    assert len(listed) == int(((real.events["year"] // 10) == 202).mul(
        real.events["actors"].map(lambda a: "PAN" in a and bool({"RUS", "SUN"} & set(a)))).sum())
