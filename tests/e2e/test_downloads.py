"""Every download button on every page gives a valid file, checked by its extension.

The buttons are found generically (every `[data-testid="stDownloadButton"]`, after opening
expanders and tabs that hide them), so new exports are covered as soon as a page offers them;
a file type without a check here fails until one is added."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from e2e_support import PAGES, assert_no_exception, figures, open_page, settle

pytestmark = pytest.mark.e2e

DOWNLOAD_TIMEOUT_MS = 120_000  # the first PNG/SVG starts kaleido's chromium
DOWNLOADS = '[data-testid="stDownloadButton"]'
NETWORK_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE)

# Open the collapsed expander or the unselected tab that hides an element, if any.
_REVEAL_JS = """el => {
  let opened = 0;
  for (let node = el; node; node = node.parentElement) {
    if (node.tagName === 'DETAILS' && !node.open) { node.querySelector(':scope > summary').click(); opened++; }
    if (node.getAttribute && node.getAttribute('role') === 'tabpanel' && node.hidden !== false) {
      const tab = document.getElementById(node.getAttribute('aria-labelledby'));
      if (tab && tab.getAttribute('aria-selected') !== 'true') { tab.click(); opened++; }
    }
  }
  return opened;
}"""

# Title of the last plotly chart before the element in document order ('' if none).
_CHART_TITLE_JS = """el => {
  const before = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(gd => gd.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const gd = before[before.length - 1];
  const meta = (gd && gd._fullLayout && gd._fullLayout.meta) || {};
  // a file is titled with what the chart shows (meta.export_title), over its on-screen kind
  return meta.export_title ? meta.export_title + ' ' + (meta.export_subtitle || '')
    : (gd && gd._fullLayout && gd._fullLayout.title && gd._fullLayout.title.text) || '';
}"""


def plain(text: str) -> str:
    """Plotly title markup -> bare characters, whitespace removed (SVG splits lines into tspans)."""
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def check_png(data: bytes, **_) -> str:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 600 and height >= 300, f"PNG is only {width}x{height}"
    assert len(data) > 10_000, f"PNG is only {len(data)} bytes"
    return f"{width}x{height}"


def check_svg(data: bytes, chart_title: str = "", **_) -> str:
    root = ET.fromstring(data)  # noqa: S314 (our own export, parsed to prove it is well-formed)
    assert root.tag.endswith("svg"), f"root element is {root.tag}"
    texts = "".join(root.itertext())
    titles = [el for el in root.iter() if "gtitle" in (el.get("class") or "")]
    assert titles and "".join(titles[0].itertext()).strip(), "the SVG has no chart title"
    if chart_title:
        assert plain(chart_title) in plain(texts), f"the SVG lacks the chart's title {chart_title!r}"
    return f"title {''.join(titles[0].itertext())[:50]!r}"


def check_html(data: bytes, **_) -> str:
    text = data.decode("utf-8")
    assert "<html" in text.lower() and "plotly" in text.lower(), "not a plotly HTML page"
    found = NETWORK_SCRIPT.search(text)
    assert not found, f"the HTML loads a script from the network: {text[found.start():found.start() + 120]}"
    return f"{len(data) // 1024} KiB"


def check_csv(data: bytes, **_) -> str:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) >= 2, "the CSV has no data row"
    assert all(len(row) == len(rows[0]) for row in rows), "the CSV rows differ in length"
    return f"{len(rows) - 1} rows x {len(rows[0])} columns"


def check_json(data: bytes, **_) -> str:
    value = json.loads(data.decode("utf-8"))
    assert value, "the JSON is empty"
    return type(value).__name__


def check_zip(data: bytes, **_) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        assert bundle.testzip() is None, "a member of the zip is corrupt"
        names = bundle.namelist()
        descriptors = [n for n in names if PurePosixPath(n).name == "datapackage.json"]
        assert descriptors, f"no datapackage.json in the zip: {names}"
        package = json.loads(bundle.read(descriptors[0]))
        base = PurePosixPath(descriptors[0]).parent
        for resource in package.get("resources", []):
            paths = resource.get("path", [])
            for path in [paths] if isinstance(paths, str) else paths:
                assert str(base / path).lstrip("./") in {n.lstrip("./") for n in names}, f"{path} is not in the zip"
    return f"{len(names)} files"


def check_pdf(data: bytes, **_) -> str:
    from pypdf import PdfReader

    assert data[:5] == b"%PDF-", "not a PDF signature"
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1 and "Key figures" in reader.pages[0].extract_text(), "no key figures on page 1"
    return f"{len(reader.pages)} pages"


CHECKS = {".png": check_png, ".svg": check_svg, ".html": check_html, ".csv": check_csv, ".json": check_json,
          ".zip": check_zip, ".pdf": check_pdf}  # fmt: skip


def download_all(page) -> list[tuple[str, str]]:
    """Click every download button of the open page; return (file name, what was checked).
    Streamlit draws a hidden copy of a button that has a tooltip (to measure it), so each
    `stDownloadButton` element is one download, clicked through its visible button."""
    results = []
    for index in range(page.locator(DOWNLOADS).count()):
        element = page.locator(DOWNLOADS).nth(index)
        if element.locator("button:visible").count() == 0 and element.evaluate(_REVEAL_JS):
            settle(page)
        button = element.locator("button:visible").first
        assert button.is_enabled(), f"download button {button.inner_text()!r} is disabled"
        chart_title = element.evaluate(_CHART_TITLE_JS)
        with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
            button.click()
        download = info.value
        name = download.suggested_filename
        assert download.failure() is None, f"{name}: {download.failure()}"
        data = Path(download.path()).read_bytes()
        suffix = PurePosixPath(name).suffix.lower()
        assert suffix in CHECKS, f"{name}: no check for {suffix!r} files; add one to CHECKS"
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", name), f"unsafe file name {name!r}"
        try:
            results.append((name, CHECKS[suffix](data, chart_title=chart_title)))
        except (AssertionError, ValueError, ET.ParseError, zipfile.BadZipFile) as exc:
            raise AssertionError(f"{name} ({len(data)} bytes) is not a valid {suffix} file: {exc}") from exc
        settle(page)
    return results


@pytest.mark.parametrize("name", list(PAGES))
def test_every_download_gives_a_valid_file(page, console, name):
    open_page(page, PAGES[name])
    charts = len(figures(page))
    results = download_all(page)
    assert_no_exception(page)
    kinds = [PurePosixPath(file).suffix for file, _ in results]
    assert kinds.count(".html") >= charts, (
        f"{name}: {charts} charts but {kinds.count('.html')} HTML downloads; every chart goes through ui.chart.show")
    print(f"{name}: " + "; ".join(f"{file} ({what})" for file, what in results))
    console.assert_clean()
