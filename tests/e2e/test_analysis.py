"""Issue 14 in a real browser: the Timeline's marker styles (hollow: may fall outside the dates;
an open start fading to the left), the tone-over-time chart and its drill-down on Compare, and the
search's matched words marked in the passage panel. Full-page screenshots at 1400, 768 and 390 px
go to artifacts/screenshots/analysis-*.png."""

from __future__ import annotations

import pytest
from e2e_support import assert_no_exception, main_text, open_page, screenshot_full, settle, type_search

pytestmark = pytest.mark.e2e

WIDTHS = (1400, 768, 390)

# Symbols and trace names of the first chart as plotly drew them (its full data, after defaults).
_STYLES_JS = """() => {
  const gd = document.querySelectorAll('.js-plotly-plot')[0];
  const symbols = [], fades = [];
  gd._fullData.forEach(t => {
    if (String(t.name).startsWith('open-start:')) fades.push(t.opacity);
    const s = t.marker && t.marker.symbol;
    if (Array.isArray(s)) symbols.push(...s);  // a theme's legend key is its own trace, one scalar square
  });
  return {symbols, fades, hollow: gd.querySelectorAll('.scatterlayer path.point').length};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_marks_what_may_fall_outside_the_period(page, console, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, "/", "period=post-2022&theme=sanctions")
    assert_no_exception(page)
    text = main_text(page)
    assert "may fall outside these dates" in text and "Sources behind this:" in text
    styles = page.evaluate(_STYLES_JS)
    assert any("-open" in str(s) for s in styles["symbols"]), styles["symbols"]
    assert any(str(s).endswith("-dot") for s in styles["symbols"])  # dated only by a report
    assert styles["fades"] and styles["fades"] == sorted(styles["fades"], reverse=True)
    screenshot_full(page, f"analysis-timeline-post-2022-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_tone_over_time_on_compare_and_its_drill_down(page, console, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, "/compare")
    assert_no_exception(page)
    text = main_text(page)
    assert "Tone over time (named periods)" in page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(g => (g._fullLayout.meta || {}).title || g._fullLayout.title.text).join('|')")
    assert "not the intensity" in text and "Events of a bin" in text
    page.get_by_role("radiogroup", name="Tone over time by").get_by_text("10-year bins", exact=True).click()
    settle(page, rerun=True)
    assert_no_exception(page)
    assert "Tone over time (10-year bins)" in page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(g => (g._fullLayout.meta || {}).title || g._fullLayout.title.text).join('|')")
    screenshot_full(page, f"analysis-compare-{width}")


def test_search_finds_word_forms_and_marks_them_in_the_passage_panel(page, console):
    open_page(page, "/")
    type_search(page, "deregister")
    assert_no_exception(page)
    assert "1 event" in main_text(page)
    # its panel open, searching a word form its passage has ("revoked")
    open_page(page, "/", "q=revoke&event=edm-moscow-reaction-vessel-deregistration-2025")
    assert_no_exception(page)
    marked = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMain"] span')]
        .filter(s => /^revoked$/i.test(s.textContent.trim()) && getComputedStyle(s).backgroundColor !== 'rgba(0, 0, 0, 0)')
        .map(s => s.textContent)""")
    assert marked, "the matched word has a background in the passage panel"
    screenshot_full(page, "analysis-search-deregister-1400")
