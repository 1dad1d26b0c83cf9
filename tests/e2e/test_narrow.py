"""Every page at 390, 768 and 1400 px, measured from the rendered page: no two text elements of a
chart's legend overlap, the legend covers no other chart text nor the range slider, no chart
text runs outside its figure, and the page never scrolls sideways. Then the phone's own needs at 390 px: the sidebar starts closed, every filter in it is
within the screen once opened, it closes after a filter change, and one tap on a marker opens its
passages. Each page's figures go to artifacts/narrow-checks.json and a full-page screenshot to
artifacts/screenshots/narrow/ (or the folder in NARROW_SHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from e2e_support import (
    PAGES,
    SCREENSHOTS,
    assert_no_exception,
    open_page,
    query_params,
    record_result,
    settle,
    whole_page_in_view,
)

pytestmark = pytest.mark.e2e

WIDTHS = (390, 768, 1400)
RESULTS = "narrow-checks.json"  # under artifacts/
SHOTS = Path(os.environ.get("NARROW_SHOTS") or SCREENSHOTS / "narrow")
VIEWS = {"timeline": "actor=RUS&actor=PAN"}  # besides each page's default view

# Per chart: legend text boxes that overlap (by more than a pixel each way), chart texts whose
# box leaves the figure's box (by more than a pixel), and how many texts were looked at.
CHART_TEXT_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map((gd, index) => {
  const shown = el => {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return style.display !== 'none' && style.visibility !== 'hidden' && style.opacity !== '0'
      && r.width > 0 && r.height > 0 && (el.textContent || '').trim() !== '';
  };
  const box = el => { const r = el.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom,
                                                                    text: (el.textContent || '').trim().slice(0, 60)}; };
  const figure = gd.getBoundingClientRect();
  const legend = [...gd.querySelectorAll('.legend text')].filter(shown).map(box);
  const overlaps = [];
  for (let a = 0; a < legend.length; a++) for (let b = a + 1; b < legend.length; b++) {
    const p = legend[a], q = legend[b];
    if (Math.min(p.r, q.r) - Math.max(p.l, q.l) > 1 && Math.min(p.b, q.b) - Math.max(p.t, q.t) > 1)
      overlaps.push([p.text, q.text]);
  }
  const texts = [...gd.querySelectorAll('svg text')].filter(el => !el.closest('.hoverlayer')).filter(shown).map(box);
  // what the legend covers: other chart text, or the range slider
  const inter = (p, q) => Math.min(p.r, q.r) - Math.max(p.l, q.l) > 1 && Math.min(p.b, q.b) - Math.max(p.t, q.t) > 1;
  const items = [...gd.querySelectorAll('.legend .traces, .legend .legendtitletext')].filter(shown).map(box);
  const others = [...gd.querySelectorAll('svg text')].filter(el => !el.closest('.legend') && !el.closest('.hoverlayer'))
    .filter(shown).map(box);
  const slider = gd.querySelector('.rangeslider-container .rangeslider-bg');
  if (slider) others.push({...box(slider), text: 'the range slider'});
  const covered = items.flatMap(p => others.filter(q => inter(p, q)).map(q => [p.text, q.text]));
  const outside = texts.filter(r => r.l < figure.left - 1 || r.r > figure.right + 1
                                 || r.t < figure.top - 1 || r.b > figure.bottom + 1).map(r => r.text);
  return {index, texts: texts.length, legend: legend.length, overlaps, outside, covered,
          width: Math.round(figure.width)};
})"""

SCROLL_JS = """() => {
  const doc = document.scrollingElement, main = document.querySelector('[data-testid="stMain"]');
  return {page: [doc.scrollWidth, doc.clientWidth], main: main ? [main.scrollWidth, main.clientWidth] : null};
}"""


def _record(key: str, value: dict) -> None:
    record_result(RESULTS, key, value)


def open_at(page, width: int, path: str, query: str = "") -> None:
    """Open a page at `width` px and wait for the rerun the browser's width report may cause."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, path, query)
    page.wait_for_function("() => window.__dashboardWidth !== undefined", timeout=30_000)
    settle(page, quiet_ms=600)


def _check(page, name: str, width: int) -> dict:
    with whole_page_in_view(page):  # every chart drawn at its place, as the reader scrolls to it
        charts = page.evaluate(CHART_TEXT_JS)
    page.wait_for_timeout(300)
    scroll = page.evaluate(SCROLL_JS)
    return {"charts": charts, "scroll": scroll, "page": name, "width": width}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [*PAGES, *(f"{p}-view" for p in VIEWS)])
def test_no_legend_overlap_no_text_outside_no_sideways_scroll(page, console, name, width):
    base = name.removesuffix("-view")
    open_at(page, width, PAGES[base], VIEWS.get(base, "") if name.endswith("-view") else "")
    assert_no_exception(page)
    found = _check(page, name, width)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with whole_page_in_view(page):
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    problems = [f"chart {c['index']}: legend texts overlap: {c['overlaps']}" for c in found["charts"] if c["overlaps"]]
    problems += [f"chart {c['index']}: text outside the figure: {c['outside']}" for c in found["charts"] if c["outside"]]
    problems += [f"chart {c['index']}: the legend covers: {c['covered']}" for c in found["charts"] if c["covered"]]
    (page_w, page_client), main = found["scroll"]["page"], found["scroll"]["main"]
    if page_w > page_client + 1:
        problems.append(f"the page scrolls sideways: {page_w} > {page_client}")
    if main and main[0] > main[1] + 1:
        problems.append(f"the main area scrolls sideways: {main[0]} > {main[1]}")
    _record(f"{name} {width}px", {**found, "problems": problems})
    assert not problems, f"{name} at {width} px:\n" + "\n".join(problems)


def _sidebar_open(page) -> bool:
    return page.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed") == "false"


def test_phone_sidebar_starts_closed_holds_every_filter_and_closes_after_a_change(page, console):
    open_at(page, 390, "/")
    assert not _sidebar_open(page), "the sidebar should start closed on a phone, as Streamlit does"
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function("""() => document.querySelector('[data-testid="stSidebar"]')
                               .getAttribute('data-collapsed') === 'false'""")
    page.wait_for_timeout(500)  # the slide-in
    widgets = page.locator('[data-testid="stSidebar"] [data-testid^="st"][class*="stElementContainer"]')
    boxes = widgets.evaluate_all("els => els.map(e => { const r = e.getBoundingClientRect(); "
                                 "return [r.left, r.right, e.innerText.slice(0, 40)]; })")
    assert len(boxes) > 5, boxes
    outside = [b for b in boxes if b[0] < -1 or b[1] > 391]
    assert not outside, f"filters beyond the 390 px screen: {outside}"
    page.locator('[data-testid="stSidebar"]').get_by_text("Count predecessor states (Soviet Union as Russia)").click()
    settle(page, rerun=True)
    page.wait_for_function("""() => document.querySelector('[data-testid="stSidebar"]')
                               .getAttribute('data-collapsed') === 'true'""", timeout=10_000)
    assert query_params(page).get("pred") == ["0"], "the filter change should have been applied"


def test_one_tap_on_a_marker_opens_its_passages(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 390, "height": 900},
                                     "has_touch": True, "is_mobile": True})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto("/?actor=RUS&actor=PAN", wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stApp"]', state="attached")
        settle(page)
        page.wait_for_function("() => window.__dashboardWidth !== undefined", timeout=30_000)
        settle(page, quiet_ms=600)
        from e2e_support import point_positions

        chart = page.locator(".js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        points = [p for p in point_positions(page, 0) if p["customdata"] and 0 < p["y"] < 900]
        assert points, "no marker on screen to tap"
        target = points[len(points) // 2]
        page.touchscreen.tap(target["x"], target["y"])
        settle(page, rerun=True)
        assert query_params(page).get("event") == [target["customdata"][0]], (
            f"one tap on {target['customdata'][0]} should select it; the URL holds {query_params(page).get('event')}")
        assert_no_exception(page)
    finally:
        context.close()
