"""HTML -> PDF with the Chromium the project already drives (kaleido's), through the DevTools
protocol's Page.printToPDF: a running header with the title and page numbers ("3 / 12"), which
the `--print-to-pdf` command line cannot give.

Decisions:
- The HTML is handed to a blank tab with Page.setDocumentContent: no file, no URL, no network
  (the page has no external reference anyway; every request is blocked to be sure).
- One browser per document, closed afterwards: a brief is rare next to chart images, and a
  second idle Chromium per app process costs more memory than its start (about 1 s) costs time.
- Reproducible bytes: Chromium stamps /CreationDate and /ModDate with the clock; `stable()`
  rewrites both (same length, so the cross-reference offsets stay valid) to the given time,
  SOURCE_DATE_EPOCH when set. Same HTML -> same PDF bytes.
"""

from __future__ import annotations

import asyncio
import base64
import html
import os
import re
import threading
from datetime import UTC, datetime

from . import export

PAPERS = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}  # inches, as printToPDF wants them
MARGIN_IN = {"top": 0.75, "bottom": 0.7, "left": 0.7, "right": 0.7}
START_TIMEOUT, PRINT_TIMEOUT = 60.0, 120.0  # seconds
_STAMP = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)")
# Requests the page may not make. Chromium matches a pattern anywhere in a URL, so each holds "://",
# which a data: URL's base64 never does: "ws*" also blocked every chart image whose base64 held "ws".
BLOCKED = ("http://*", "https://*", "ws://*", "wss://*", "ftp://*", "file://*")
# Print only when the fonts are ready and every image is decoded: a chart's heatmap is a PNG (a data:
# URL) inside its SVG, decoded after the page is set, and printed before that it was left out (the
# 100,000-event brief's count timeline showed its period bands only). Then two frames, to be drawn.
READY_JS = """(async () => {
  await document.fonts.ready;
  const images = [...document.querySelectorAll('image, img')];
  const source = (i) => i.getAttribute('href') || i.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || i.src;
  await Promise.all(images.map((i) => (i.decode ? i.decode() : Promise.resolve()).catch(() => null)));
  await Promise.all(images.map(source).filter(Boolean).map((href) => {
    const probe = new Image(); probe.src = href; return probe.decode().catch(() => null); }));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return images.length;
})()"""


class PdfUnavailable(RuntimeError):
    """No PDF can be made here; the message says why and what to install."""


def support() -> str | None:
    """None when a PDF can be made here, else one sentence saying why not and what to install."""
    if export.find_browser() is None:
        return ("The briefing PDF needs a Chromium browser, and none was found. Install Debian's "
                "`chromium` (`apt-get install chromium`) or set BROWSER_PATH; the HTML brief works without it.")
    return None


def _templates(header: str) -> tuple[str, str]:
    style = "font-family:'DejaVu Sans','Liberation Sans',sans-serif;font-size:8pt;color:#444;width:100%;"
    side = "margin:0 0.7in;"
    head = (f'<div style="{style}{side}display:flex;justify-content:space-between;">'
            f'<span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis;max-width:80%;">'
            f"{html.escape(header)}</span><span></span></div>")  # fmt: skip
    foot = (f'<div style="{style}{side}text-align:right;">'
            '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
    return head, foot


async def _print(browser_path: str, page_html: str, header: str, paper: str) -> bytes:
    import choreographer as choreo

    width, height = PAPERS[paper]
    head, foot = _templates(header)
    browser = choreo.Browser(path=browser_path, headless=True)
    await asyncio.wait_for(browser.open(), START_TIMEOUT)
    try:
        tab = await browser.create_tab("about:blank")
        await _check(tab.send_command("Network.enable"))
        await _check(tab.send_command("Network.setBlockedURLs", params={"urls": list(BLOCKED)}))
        await _check(tab.send_command("Page.enable"))
        frame = (await _check(tab.send_command("Page.getFrameTree")))["frameTree"]["frame"]["id"]
        await _check(tab.send_command("Page.setDocumentContent", params={"frameId": frame, "html": page_html}))
        await _check(tab.send_command("Runtime.evaluate", params={"expression": READY_JS, "awaitPromise": True}))
        result = await _check(tab.send_command("Page.printToPDF", params={
            "paperWidth": width, "paperHeight": height, "printBackground": True,
            "marginTop": MARGIN_IN["top"], "marginBottom": MARGIN_IN["bottom"],
            "marginLeft": MARGIN_IN["left"], "marginRight": MARGIN_IN["right"],
            "displayHeaderFooter": True, "headerTemplate": head, "footerTemplate": foot,
            "generateDocumentOutline": True, "generateTaggedPDF": True,
        }))  # fmt: skip
        return base64.b64decode(result["data"])
    finally:
        await browser.close()


async def _check(command) -> dict:
    response = await command
    if "error" in response:
        raise PdfUnavailable(f"the browser refused to print: {response['error'].get('message', response['error'])}")
    return response.get("result", {})


def stable(pdf: bytes, when: datetime) -> bytes:
    """The PDF with its creation and modification stamps set to `when` (UTC), same length."""
    stamp = when.astimezone(UTC).strftime("%Y%m%d%H%M%S").encode()

    def fixed(match: re.Match) -> bytes:
        rest = match.group(3)
        new_rest = (b"+00'00'" if rest else b"").ljust(len(rest))[: len(rest)] if rest else b""
        return b"/" + match.group(1) + b" (D:" + stamp + new_rest + b")"

    return _STAMP.sub(fixed, pdf)


def stamp_time(default: datetime) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds' convention), else `default`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return default


def html_to_pdf(page_html: str, *, header: str, paper: str = "a4", stamp: datetime | None = None) -> bytes:
    """PDF bytes of the HTML page printed by Chromium; raises PdfUnavailable with the reason."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; use one of {', '.join(PAPERS)}")
    if (problem := support()) is not None:
        raise PdfUnavailable(problem)
    outcome: dict = {}

    def run() -> None:  # its own thread and loop: callers may be inside a running event loop
        try:
            outcome["pdf"] = asyncio.run(asyncio.wait_for(
                _print(export.find_browser(), page_html, header, paper), START_TIMEOUT + PRINT_TIMEOUT))
        except Exception as err:  # handed to the caller below
            outcome["error"] = err

    worker = threading.Thread(target=run, name="brief-pdf", daemon=True)
    worker.start()
    worker.join()
    if "error" in outcome:
        err = outcome["error"]
        if isinstance(err, PdfUnavailable):
            raise err
        raise PdfUnavailable(f"the browser at {export.find_browser()} could not print the brief "
                             f"({type(err).__name__}: {str(err)[:200]})") from err
    data = outcome["pdf"]
    return stable(data, stamp) if stamp is not None else data
