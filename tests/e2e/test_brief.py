"""The "Briefing (PDF)" button on Timeline, Compare, Themes, Sources and About downloads a PDF of
exactly that view: its title made from the page's filters and choices, the page named, the events
it lists those the page shows (checked by their titles in the PDF's text)."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from e2e_support import assert_no_exception, main_text, open_page, settle

from dashboard.core import analysis, filters

pytestmark = pytest.mark.e2e

BUTTON = '[data-testid="stDownloadButton"] button:has-text("Briefing (PDF)")'
DOWNLOAD_TIMEOUT_MS = 180_000  # kaleido's and the printer's chromium start on the first brief


def words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def download_brief(page) -> tuple[str, str, int]:
    """Click the page's briefing button; (file name, the PDF's text by pdftotext, pages)."""
    from pypdf import PdfReader

    button = page.locator(BUTTON).first
    button.scroll_into_view_if_needed()
    assert button.is_enabled(), "the Briefing (PDF) button is disabled"
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    assert download.failure() is None, download.failure()
    data = open(download.path(), "rb").read()
    assert data[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(data))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", download.path(), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    pages = [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    text = "\n".join("\n".join(lines[1:-1]) for lines in pages)  # without running header and page number
    settle(page)
    return download.suggested_filename, text, len(reader.pages)


@pytest.mark.parametrize(("path", "query", "page_name"), [
    ("/", "actor=RUS&actor=PAN", "TIMELINE"),
    ("/compare", "tone=cooperation", "COMPARE ACTORS"),
    ("/themes", "actor=RUS&topic=sanctions&pair=PAN-RUS", "THEMES"),
    ("/sources", "actor=RUS&actor=PAN&doc=essay", "SOURCES"),
    ("/about", "actor=RUS&actor=PAN", "ABOUT"),
])  # fmt: skip
def test_briefing_button_downloads_the_pdf_of_the_view(page, console, dataset, path, query, page_name):
    open_page(page, path, query)
    assert "Briefing (PDF)" in main_text(page)
    name, text, pages = download_brief(page)
    assert_no_exception(page)
    assert name.startswith("brief_") and name.endswith(".pdf") and pages >= 2
    flat = words(text)
    assert words(f"BRIEFING · {page_name} PAGE") in flat
    left_out = dataset.events.iloc[:0]
    if path == "/compare":  # the page's first comparison, the sidebar's tone filter
        preset = next(iter(analysis.PRESETS.values()))
        comp_filters = filters.Filters(tones=("cooperation",))
        scoped = filters.apply(comp_filters, dataset)
        pairs = analysis.pair_events(dataset, scoped, preset.focal, preset.partners, True)
        expected = scoped[scoped["id"].isin(pairs["event_id"])]
        assert words("Panama with Russia") in flat and words("tone: cooperation") in flat
    elif path == "/themes":  # the theme and pair chosen on the page: only those events
        in_view = filters.apply(filters.Filters(actors=("RUS",)), dataset)
        tagged = analysis.events_with_theme(in_view, dataset.event_themes, "sanctions")
        expected = analysis.in_pair_lane(dataset, tagged, "PAN-RUS", True)
        left_out = in_view[~in_view["id"].isin(expected["id"])]
        assert words("Sanctions and compliance · Panama – Russia · Russia · 2021–2025") in flat
    else:
        expected = filters.apply(filters.Filters(actors=("RUS", "PAN")), dataset)
        assert words("Russia and Panama · 1991–2026") in flat
        if path == "/sources":
            title = dataset.sources.set_index("id").at["essay", "title"]
            assert words(f"Document open in the source reader: “{title}”") in flat
    assert len(expected) > 0
    for title in expected["title"]:
        assert words(title) in flat, title
    for title in left_out["title"]:
        assert words(title) not in flat, title
    console.assert_clean()


def test_sources_button_follows_the_document_chosen(page, console, dataset):
    """Choosing another document on Sources changes the brief's document (the page's own choice)."""
    open_page(page, "/sources", "actor=RUS&actor=PAN")
    other = dataset.sources.iloc[-1]
    box = page.get_by_label("Source document")
    box.click()
    page.get_by_role("option", name=other["title"], exact=True).click()
    settle(page, rerun=True)
    _, text, _ = download_brief(page)
    assert words(f"Document open in the source reader: “{other['title']}”") in words(text)
    console.assert_clean()


def test_timeline_brief_follows_the_lanes_chosen(page, console):
    """Switching the Timeline's lanes (a part of the page that reruns alone) changes the brief's
    view too: its rebuild command asks for the lanes chosen."""
    open_page(page, "/", "actor=RUS&actor=PAN")
    page.get_by_text("Primary theme", exact=True).click()
    settle(page, rerun=True)
    _, text, _ = download_brief(page)
    assert words("--lanes theme") in words(text)
    console.assert_clean()
