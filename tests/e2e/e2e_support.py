"""What the e2e tests share besides fixtures: where things are, how to wait for Streamlit, how to
drive its widgets like a person, and how to read the plotly charts in the page.

`settle` answers "has Streamlit finished running?"; `figures`, `point_count` and `point_positions`
read the charts' own plotly state (`_fullData`, `_fullLayout`), so a real mouse click can be aimed
at one marker. (A module of its own, not conftest.py, so `import` never picks the wrong conftest.)
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
READ_ONLY = ("curated", "seeds")
VIEWPORT = {"width": 1400, "height": 1000}
RUN_TIMEOUT_MS = 60_000  # one script run, including a cold data load

# Page name (also the screenshot name) -> URL path; the paths are the page file names.
PAGES = {"timeline": "/", "compare": "/compare", "themes": "/themes", "sources": "/sources",
         "data": "/data", "about": "/about"}  # fmt: skip
NAV_TITLES = {"timeline": "Timeline", "compare": "Compare actors", "themes": "Themes", "sources": "Sources",
              "data": "Data", "about": "About"}  # fmt: skip


# -- the data must stay untouched ------------------------------------------------------------


def tree_digest(root: Path = REPO, folders: tuple[str, ...] = READ_ONLY) -> dict[str, str]:
    """sha256 of every file under the read-only folders, keyed by path relative to root."""
    digests = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digests[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def digest_changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])
    return [f"added {p}" for p in added] + [f"removed {p}" for p in removed] + [f"changed {p}" for p in changed]


# -- waiting for Streamlit ---------------------------------------------------------------------

_IDLE_JS = """([quietMs]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
  const drawn = [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd._fullLayout).length;
  const idle = app !== null
    && app.dataset.testConnectionState === 'CONNECTED'
    && app.dataset.testScriptState === 'notRunning'
    && document.querySelector('[data-testid="stStatusWidget"]') === null
    && document.querySelector('[data-testid="stSkeleton"]') === null
    && drawn >= charts;
  if (!idle) { window.__e2eIdleSince = null; return false; }
  window.__e2eIdleSince = window.__e2eIdleSince || performance.now();
  return performance.now() - window.__e2eIdleSince >= quietMs;
}"""

# Count changes of the app's script state, so `settle(rerun=True)` knows a run happened even when
# it started and ended between two polls.
_WATCH_JS = """() => {
  if (window.__e2eWatch) return;
  window.__e2eWatch = true; window.__e2eRuns = 0; window.__e2eSeen = 0;
  new MutationObserver(records => { window.__e2eRuns += records.length; }).observe(document.documentElement,
    {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
}"""

_RAN_JS = """() => window.__e2eRuns > window.__e2eSeen
  || document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState !== 'notRunning'"""


def record_result(name: str, key: str, value: dict) -> None:
    """Keep `value` under `key` in artifacts/`name` (JSON), beside the results other tests kept there."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    found = json.loads(path.read_text()) if path.exists() else {}
    found[key] = value
    path.write_text(json.dumps(found, indent=1, sort_keys=True))


def settle(page, *, rerun: bool = False, timeout: int = RUN_TIMEOUT_MS, quiet_ms: int = 300) -> None:
    """Wait until Streamlit has finished running: connected, script not running, no status widget
    ("Running..."), no skeletons, every plotly chart drawn, and all of that for `quiet_ms`.
    With `rerun`, first wait (up to 10 s) for the run the interaction caused to begin, so we
    never mistake the calm before that run for its end."""
    page.evaluate(_WATCH_JS)
    if rerun:
        try:
            page.wait_for_function(_RAN_JS, timeout=10_000, polling=50)
        except PlaywrightTimeout:
            pass  # the interaction changed nothing, so nothing ran; the checks that follow will say so
    page.evaluate("() => { window.__e2eIdleSince = null; }")
    page.wait_for_function(_IDLE_JS, arg=[quiet_ms], timeout=timeout, polling=100)
    page.evaluate("() => { window.__e2eSeen = window.__e2eRuns; }")


def open_page(page, path: str = "/", query: str = "") -> None:
    """Load a page of the app in a fresh session and wait for its first run to finish."""
    page.goto(path + (f"?{query}" if query else ""), wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"]', state="attached")
    page.evaluate(_WATCH_JS)
    settle(page)


def assert_no_exception(page) -> None:
    shown = page.locator('[data-testid="stException"]')
    assert shown.count() == 0, f"{page.url} shows an exception:\n{shown.first.inner_text()[:2000]}"


def main_text(page) -> str:
    """The main area's visible text with whitespace collapsed (the sidebar left out)."""
    return " ".join(page.locator('[data-testid="stMain"]').inner_text().split())


@contextmanager
def whole_page_in_view(page):
    """Streamlit scrolls inside its main container, not the document: grow the viewport to the
    content height so the whole page is on screen (for full-page shots and clicks at pixel
    positions), and restore it afterwards."""
    height = page.evaluate("""() => Math.max(...['stMain', 'stSidebarContent', 'stAppViewContainer']
        .map(id => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight || 0))""")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(max(size["height"], height + 40), 12_000)})
    try:
        settle(page, quiet_ms=300)
        page.wait_for_timeout(300)  # plotly's responsive relayout after the resize
        yield
    finally:
        page.set_viewport_size(size)


def screenshot_full(page, name: str) -> Path:
    """A full-page screenshot in artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    with whole_page_in_view(page):
        page.screenshot(path=str(target), full_page=True)
    return target


# -- sidebar widgets, found by their label -----------------------------------------------------


def chosen_values(page, label: str) -> list[str]:
    """The option labels a multiselect shows as chosen (its tags)."""
    widget = page.locator('[data-testid="stMultiSelect"]').filter(has=page.get_by_role("combobox", name=label))
    return widget.locator("[data-tag]").evaluate_all("tags => tags.map(t => t.getAttribute('aria-label'))")


def choose_option(page, label: str, option: str) -> None:
    """Type into a multiselect and pick one option, like a person would; wait for the rerun."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    settle(page, rerun=True)


def type_search(page, text: str, label: str = "Search titles, summaries and quotes") -> None:
    box = page.get_by_role("textbox", name=label)
    box.fill(text)
    box.press("Enter")
    settle(page, rerun=True)


def query_params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# -- reading the plotly charts -------------------------------------------------------------------

_FIGURES_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map((gd, index) => ({
  index,
  title: (gd._fullLayout && gd._fullLayout.title && gd._fullLayout.title.text) || '',
  traces: (gd._fullData || []).map(t => ({
    type: t.type, name: t.name || '', visible: t.visible, mode: t.mode || '', group: t.legendgroup || '',
    n: t._length !== undefined && t._length !== null ? t._length : ((t.x && t.x.length) || 0),
    drawn: Array.from(t.x || []).filter(x => x !== null && x !== undefined).length,
  })),
}))"""

# Pixel position (page coordinates) of every marker of every visible scatter trace of chart `i`.
_POSITIONS_JS = """([i]) => {
  const gd = document.querySelectorAll('.js-plotly-plot')[i];
  const rect = gd.getBoundingClientRect();
  const out = [];
  gd._fullData.forEach((t, ti) => {
    if (t.visible !== true || !String(t.type).startsWith('scatter') || !String(t.mode).includes('markers')) return;
    const xa = gd._fullLayout[t.xaxis.replace('x', 'xaxis')], ya = gd._fullLayout[t.yaxis.replace('y', 'yaxis')];
    const n = t._length !== undefined && t._length !== null ? t._length : t.x.length;
    for (let p = 0; p < n; p++) {
      const px = xa.l2p(xa.d2c(t.x[p], 0, t.xcalendar)), py = ya.l2p(ya.d2c(t.y[p], 0, t.ycalendar));
      if (!isFinite(px) || !isFinite(py)) continue;
      if (px < 0 || px > xa._length || py < 0 || py > ya._length) continue;
      const cd = t.customdata ? t.customdata[p] : null;
      out.push({trace: ti, point: p, x: rect.left + xa._offset + px, y: rect.top + ya._offset + py,
                customdata: cd === null || cd === undefined ? [] : (Array.isArray(cd) ? cd.map(String) : [String(cd)]),
                text: t.text && typeof t.text !== 'string' ? String(t.text[p]) : ''});
    }
  });
  return out;
}"""


def figures(page) -> list[dict]:
    return page.evaluate(_FIGURES_JS)


def point_count(page, chart: int = 0) -> int:
    """Markers drawn by the visible scatter traces of one chart (points with a position: not a
    timeline trace's legend key, its first point)."""
    traces = figures(page)[chart]["traces"]
    return sum(t["drawn"] for t in traces if t["visible"] is True and t["type"].startswith("scatter")
               and "markers" in t["mode"])


def point_positions(page, chart: int = 0) -> list[dict]:
    return page.evaluate(_POSITIONS_JS, [chart])
