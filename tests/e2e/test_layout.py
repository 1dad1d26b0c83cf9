"""What only a browser shows about layout: no marker hides another at 1400 and 768 px, in both
lane modes of the Timeline and in the Themes page's pair chart, measured from the rendered SVG
(bounding boxes of the marker paths). Each view's figures go to artifacts/layout-overlaps.json."""

from __future__ import annotations

import pytest
from e2e_support import assert_no_exception, open_page, record_result, settle

pytestmark = pytest.mark.e2e

VIEWS = {"russia-panama": "actor=RUS&actor=PAN", "all": ""}
WIDTHS = (1400, 768)
RESULTS = "layout-overlaps.json"  # under artifacts/

# Pairs of drawn markers of chart `i` whose boxes overlap by more than half of the smaller one;
# also how many markers and how wide the plot area is.
OVERLAPS_JS = """([i]) => {
  const gd = document.querySelectorAll('.js-plotly-plot')[i];
  const boxes = [];
  gd.querySelectorAll('.scatterlayer .trace').forEach(trace => {
    if (trace.closest('.rangeslider-container')) return;  // the overview's miniature copy
    if (trace.style.opacity === '0' || getComputedStyle(trace).display === 'none') return;
    trace.querySelectorAll('.points path.point').forEach(p => {
      const r = p.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(p).opacity !== '0') boxes.push(r);
    });
  });
  let pairs = 0;
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const p = boxes[a], q = boxes[b];
    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
    const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    if (w > 0 && h > 0 && w * h > 0.5 * Math.min(p.width * p.height, q.width * q.height)) pairs++;
  }
  return {markers: boxes.length, pairs, plot_px: Math.round(gd._fullLayout._size.w)};
}"""


def _record(key: str, value: dict) -> None:
    record_result(RESULTS, key, value)


def _choose_lanes(page, label: str) -> None:
    page.get_by_role("radiogroup", name="Lanes").get_by_text(label, exact=True).click()
    settle(page, rerun=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_no_timeline_marker_covers_half_of_another(page, console, view, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, "/", VIEWS[view])
    assert_no_exception(page)
    results = {}
    for mode in ("Actor pair", "Primary theme"):
        if mode != "Actor pair":
            _choose_lanes(page, mode)
        results[mode] = page.evaluate(OVERLAPS_JS, [0])
        _record(f"timeline {view} {mode} {width}px", results[mode])
    for mode, found in results.items():
        assert found["markers"] > 0, f"{mode}: no marker drawn"
        assert found["pairs"] == 0, f"{view}, {mode} lanes, {width} px: {found}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_no_theme_pair_chart_marker_covers_half_of_another(page, console, view, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, "/themes", VIEWS[view])
    assert_no_exception(page)
    found = page.evaluate(OVERLAPS_JS, [1])
    _record(f"themes {view} {width}px", found)
    assert found["markers"] > 0 and found["pairs"] == 0, f"themes, {view}, {width} px: {found}"
