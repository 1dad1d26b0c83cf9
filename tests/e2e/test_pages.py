"""Every page loads in a real browser: the right page, the shared sidebar, no exception element,
no console error, and a full-page screenshot in artifacts/screenshots/<page>.png (gitignored)
for a person to look at."""

from __future__ import annotations

import pytest
from e2e_support import NAV_TITLES, PAGES, assert_no_exception, open_page, screenshot_full

pytestmark = pytest.mark.e2e

SIDEBAR_LABELS = ("Named period", "Date range", "Actors", "Themes", "Sources", "Tone", "Confidence",
                  "Search titles, summaries and quotes")  # fmt: skip


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_cleanly(page, console, name):
    open_page(page, PAGES[name])
    assert_no_exception(page)
    current = page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]')
    assert current.count() == 1 and NAV_TITLES[name] in current.inner_text(), (
        f"{PAGES[name]} did not open the {NAV_TITLES[name]} page")
    assert page.locator('[data-testid="stMain"]').inner_text().strip(), f"{name}: the main area is empty"
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    missing = [label for label in SIDEBAR_LABELS if label not in sidebar]
    assert not missing, f"{name}: the filter sidebar lacks {missing}"
    shot = screenshot_full(page, name)
    assert shot.stat().st_size > 10_000
    console.assert_clean()
