"""What only a browser shows of the grounding: the evidence marks (the word, then the actor it names,
in text, not only in colour) and a declared inference in the passage panel, on a wide and a narrow
screen; and the marks in the source reader."""

from __future__ import annotations

import pytest
from e2e_support import SCREENSHOTS, assert_no_exception, main_text, open_page, screenshot_full

pytestmark = pytest.mark.e2e
PARADE = "sz-military-parade-igla-missiles-2009"  # Venezuela is a declared inference


@pytest.mark.parametrize("width", [1400, 390])
def test_passage_panel_shows_marks_and_the_declared_inference(page, console, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, "/data", f"event={PARADE}")
    assert_no_exception(page)
    text = main_text(page)
    assert "Inferred by the curators: Venezuela — because footnote 35 names no country" in text
    assert "Italic‹Actor›" in text  # the legend
    mark = page.locator('[data-testid="stMain"] em', has_text="Russian").first
    mark.scroll_into_view_if_needed()
    assert mark.is_visible()
    label = mark.evaluate("e => e.nextSibling && e.nextSibling.textContent")
    assert label.startswith("‹Russia›")  # the actor named in words after the marked word
    assert page.locator("script", has_text="alert").count() == 0
    shot = SCREENSHOTS / f"grounding-panel-{width}.png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator('[data-testid="stMain"]').get_by_text("Inferred by the curators:", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    console.assert_clean()


@pytest.mark.parametrize("width", [1400, 390])
def test_source_reader_marks_the_words_that_ground_each_actor(page, console, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, "/sources")
    page.get_by_label("Source document").first.click()
    page.get_by_role("option", name="U.S. - Panama Relations").click()
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    text = main_text(page)
    assert "Panamanian‹Panama›" in text and "U.S.‹United States›" in text
    assert "Italic‹Actor›: in a cited passage" in text
    screenshot_full(page, f"grounding-reader-{width}")
    console.assert_clean()
