"""What only a browser shows of the grounding: the evidence marks (the word italic in the quote, the
actor it names written under the passage, never inside the quoted text) and a declared inference in
the passage panel, on a wide and a narrow screen; the marks in the source reader; and that the text
a reader selects and copies from a quote or a paragraph is the seed's words, nothing added."""

from __future__ import annotations

import pytest
from e2e_support import SCREENSHOTS, assert_no_exception, main_text, open_page, screenshot_full

pytestmark = pytest.mark.e2e
PARADE = "sz-military-parade-igla-missiles-2009"  # Venezuela is a declared inference
VESSELS = "edm-pan-revokes-sanctioned-vessels-2025"  # its quote holds "vessels" and two naming words
QUOTES = 'img[title="the quoted passage"] + span.stMarkdownColoredBackground'  # see ui/text.highlighted
SELECT_JS = """e => { const range = document.createRange(); range.selectNodeContents(e);
  const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range); }"""


def copied(page, element) -> str:
    """What the browser puts on the clipboard as plain text when the element's text is selected and
    copied with the keyboard (Chromium copies an image's alt text too: the shapes have none)."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    element.scroll_into_view_if_needed()
    element.evaluate(SELECT_JS)
    page.keyboard.press("Control+C")
    text = page.evaluate("() => navigator.clipboard.readText()")
    page.evaluate("() => window.getSelection().removeAllRanges()")
    return text


@pytest.mark.parametrize("width", [1400, 390])
def test_passage_panel_shows_marks_and_the_declared_inference(page, console, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, "/data", f"event={PARADE}")
    assert_no_exception(page)
    text = main_text(page)
    assert "Inferred by the curators: Venezuela — because footnote 35 names no country" in text
    assert "Italic: a word that names one of the event's actors" in text  # the legend
    mark = page.locator('[data-testid="stMain"] em', has_text="Russian").first
    mark.scroll_into_view_if_needed()
    assert mark.is_visible()
    after = mark.evaluate("e => e.nextSibling ? e.nextSibling.textContent : ''")
    assert "‹" not in after and "‹" not in text  # no label inside the quoted text any more
    assert "Names in this passage: Russian → Russia" in text  # the actor, under the passage
    assert "not named in this passage: Venezuela" in text
    assert page.locator("script", has_text="alert").count() == 0
    shot = SCREENSHOTS / f"grounding-panel-{width}.png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator('[data-testid="stMain"]').get_by_text("Inferred by the curators:", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    console.assert_clean()


@pytest.mark.parametrize(("event", "query"), [(PARADE, ""), (VESSELS, "q=vessels")])
def test_a_quote_reads_and_copies_as_the_seeds_words(page, console, dataset, event, query):
    """innerText and the copied text of each quote equal the passage's verbatim quote, with its
    evidence words marked and (second case) a search match marked inside it."""
    open_page(page, "/", "&".join(p for p in (f"event={event}", query) if p))
    assert_no_exception(page)
    rows = dataset.passages[dataset.passages["event_id"] == event].sort_values("passage_no")
    quotes = page.locator(f'[data-testid="stMain"] {QUOTES}')
    assert quotes.count() == len(rows) > 0
    for i, quote in enumerate(rows["quote"]):
        element = quotes.nth(i)
        assert element.inner_text() == quote
        assert copied(page, element) == quote
    assert page.locator('[data-testid="stMain"] p:has(> img[title="the quoted passage"]) em').count() > 0
    if query:  # marked inside the quote: italic evidence words, a search match after its shape (not text)
        assert quotes.first.locator("em").count() >= 2  # Panamanian (twice), Russian
        assert quotes.first.locator('img[title="search match"][alt=""]').count() == 1
    console.assert_clean()


@pytest.mark.parametrize("width", [1400, 390])
def test_source_reader_marks_the_words_that_ground_each_actor(page, console, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, "/sources", "doc=news-us-pan")
    assert_no_exception(page)
    text = main_text(page)
    assert "Names in this paragraph: Panamanian → Panama · U.S. → United States" in text and "‹" not in text
    assert "Italic: in a cited passage" in text
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('img[title="cited by a filtered event or theme"][alt=""]').count() > 1  # the shapes
    assert "¶ 4 · ■ cited by a filtered event or theme" in text  # and their meaning in words, outside the text
    screenshot_full(page, f"grounding-reader-{width}")
    console.assert_clean()


def test_a_reader_paragraph_reads_and_copies_as_the_seed(page, console, dataset):
    """The reader's text of a cited paragraph, marks and all, is the seed's line: its number and
    markings in words above it, names under it, nothing inside; copied, the same."""
    from dashboard.core import reader

    source = dataset.sources.set_index("id").loc["news-us-pan"]
    mine = dataset.passages[dataset.passages["source_id"] == "news-us-pan"]
    paras = reader.paragraphs(dataset.seed_texts["news-us-pan"], mine, source["clutter_spans"])
    cited = next(p for p in paras if p.cited_by_event and not any(s.clutter for s in p.segments))
    open_page(page, "/sources", "doc=news-us-pan")
    shown = page.locator('[data-testid="stMain"] p', has_text=f"¶ {cited.number} · ").first
    label, body = shown.inner_text().split("\n", 1)
    assert label.startswith(f"¶ {cited.number} · ") and body == cited.text
    assert copied(page, shown) == f"{label}\n{cited.text}"
    assert shown.locator("em").count() > 0 and shown.locator("img").count() > 0  # marked, by shapes too
    console.assert_clean()
