"""Figures -> PNG, SVG and standalone HTML bytes; safe file names that say what a chart shows.

Static images are drawn by kaleido in Debian's chromium. One warm browser serves the whole
process (`warm_up()`, or `warm_up_in_background()` from the app), on its own event-loop thread,
so any thread may ask for an image. Kaleido reloads its page after every image (about 0.3 s of
the 0.4 s an image took); plotly's `toImage` cleans up after itself, so the page is reloaded
only every RELOAD_EVERY images instead, which keeps memory bounded.
Where no browser is found, or it cannot start, `image_support()` says why and what to install,
and the callers keep HTML, CSV, JSON and the bundle working.

Every export gets `prepared()` first: room for the caption (filter sentence, dataset version,
sources) under the plot and a little air around the title, so nothing is clipped.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import copy
import html
import os
import re
import shutil
import threading
import unicodedata

import plotly.graph_objects as go
import plotly.io as pio
from plotly.basedatatypes import BaseFigure

from . import filters as filters_mod
from .charts import common, margins

IMAGE_FORMATS = ("png", "svg")
FORMATS = (*IMAGE_FORMATS, "html")
MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html"}
BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1100, 620
START_TIMEOUT, RENDER_TIMEOUT = 60.0, 30.0  # seconds
RELOAD_EVERY = 25  # images between page reloads
MAX_CAPTION = 5000  # characters of caption kept in a file
CAPTION_LINE_PX, SIDE_PX = 16, 20
TICK_CHAR_PX, CAPTION_CHAR_PX = 7.2, 6.0  # average widths at 13 px (ticks) and 11 px (caption)
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                    *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}  # fmt: skip

_lock = threading.Lock()
_renderer: _Renderer | None = None
_failure: str | None = None  # why the browser could not start, once it failed
_warming: threading.Thread | None = None


class ImageExportUnavailable(RuntimeError):
    """PNG/SVG cannot be drawn here; the message says why and what to install."""


# -- The browser --------------------------------------------------------------------------------


def find_browser() -> str | None:
    """The browser kaleido will use: BROWSER_PATH if set, else one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.path.exists(configured):
        return configured
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def image_support() -> str | None:
    """None when PNG/SVG export works here, else a sentence saying why not and what to install."""
    if find_browser() is None:
        return ("PNG and SVG export needs a Chromium browser, and none was found. Install Debian's "
                "`chromium` (`apt-get install chromium`) or set BROWSER_PATH; HTML, CSV, JSON and "
                "the citation bundle work without it.")
    return _failure


def _kaleido_class():
    from kaleido import Kaleido

    class ReusingKaleido(Kaleido):
        """Kaleido that reloads its page every RELOAD_EVERY images instead of after each one."""

        _images = 0

        async def _return_kaleido_tab(self, tab) -> None:
            self._images += 1
            if self._images % RELOAD_EVERY == 0:
                await super()._return_kaleido_tab(tab)
            else:
                await self.tabs_ready.put(tab)

    return ReusingKaleido


class _Renderer:
    """One headless browser with kaleido, driven from its own event-loop thread (thread-safe)."""

    def __init__(self, browser: str):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._open(browser), START_TIMEOUT)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise
        atexit.register(self.close)

    async def _open(self, browser: str):
        kaleido = _kaleido_class()(n=1, mathjax=False, path=browser, timeout=RENDER_TIMEOUT)
        await kaleido.open()
        return kaleido

    def _run(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def alive(self) -> bool:
        return self._thread.is_alive()

    def image(self, fig: dict, fmt: str, width: int, height: int, scale: float) -> bytes:
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        return self._run(self._kaleido.calc_fig(fig, opts=opts), RENDER_TIMEOUT + 5)

    def close(self) -> None:
        if not self.alive():
            return
        with contextlib.suppress(Exception):  # closing at exit: nothing left to report to
            self._run(self._kaleido.close(), 10)
        self._loop.call_soon_threadsafe(self._loop.stop)


def warm_up() -> bool:
    """Start the shared browser once per process (2-5 s); False when images are unavailable."""
    return _ready_renderer() is not None


def _ready_renderer() -> _Renderer | None:
    global _renderer, _failure
    with _lock:
        if _renderer is not None and _renderer.alive():
            return _renderer
        browser = find_browser()
        if browser is None or _failure:
            return None
        try:
            _renderer = _Renderer(browser)
        except Exception as err:  # reported to the user through image_support()
            _failure = (f"PNG and SVG export could not start the browser at {browser} "
                        f"({type(err).__name__}: {str(err)[:200]}). Check that it runs "
                        "(`chromium --headless --version`) or set BROWSER_PATH; HTML, CSV, JSON and the "
                        "citation bundle work without it.")  # fmt: skip
            return None
        return _renderer


WARM_UP_DELAY_S = 8.0  # after the first page is drawn: starting a browser takes 1-2 CPU-seconds


def warm_up_in_background(delay_s: float = WARM_UP_DELAY_S) -> None:
    """Start the browser on a helper thread after `delay_s`, so the first PNG a user asks for is
    already fast, without the browser's start competing with the first page for the CPU."""
    global _warming
    with _lock:
        if _renderer is not None or _warming is not None or find_browser() is None:
            return
        _warming = threading.Timer(delay_s, warm_up)
        _warming.name, _warming.daemon = "kaleido-warm-up", True
        _warming.start()


def _forget_renderer(broken: _Renderer) -> None:
    """After a timeout or a dead browser: the next image starts a fresh one."""
    global _renderer
    with _lock:
        if _renderer is broken:
            _renderer = None
    threading.Thread(target=broken.close, daemon=True).start()


# -- Figures ------------------------------------------------------------------------------------


def prepared(fig: go.Figure | dict) -> dict:
    """The figure as a dict laid out for a file: the caption re-wrapped to the space it has and
    wholly below the plot (the image grows rather than the plot shrinking), air beside the title.
    Works on a copy (a dict: 4x faster than copying the Figure)."""
    spec = fig.to_dict() if isinstance(fig, BaseFigure) else copy.deepcopy(fig)
    layout = spec.setdefault("layout", {})
    if layout.pop("updatemenus", None):  # on-screen controls (the tone toggles): no use in a file, nor their row
        layout["annotations"] = [a for a in layout.get("annotations", ()) if a.get("name") != "tone-toggles"]
        row = (layout.get("meta") or {}).get("toggle_row_px") or 0
        layout.setdefault("margin", {})["t"] = (layout["margin"].get("t") or 100) - row
        layout["height"] = (layout.get("height") or DEFAULT_HEIGHT) - row
        if isinstance(layout.get("title"), dict) and row:
            pad = layout["title"].setdefault("pad", {})
            pad["t"] = max((pad.get("t") or 0) - row, 0)
    room = int((layout.get("meta") or {}).get("slider_room_px") or 0) if isinstance(layout.get("meta"), dict) else 0
    for key, axis in layout.items():  # the range slider moves the view on screen; in a file it is a copy of the plot
        if re.fullmatch(r"xaxis\d*", key) and isinstance(axis, dict) and (axis.get("rangeslider") or {}).get("visible"):
            axis["rangeslider"] = {**axis["rangeslider"], "visible": False}
    if room:  # and the room it took under the plot goes
        for note in layout.get("annotations", ()):
            if note.get("name") == "caption":
                note["yshift"] = (note.get("yshift") or 0) + room
        layout.setdefault("margin", {})["b"] = max((layout["margin"].get("b") or 80) - room, 0)
        layout["height"] = (layout.get("height") or DEFAULT_HEIGHT) - room
    titled(layout)
    margin = layout.setdefault("margin", {})
    margin["l"], margin["r"] = max(margin.get("l") or 0, SIDE_PX), max(margin.get("r") or 0, SIDE_PX)
    if (layout.get("title") or {}).get("text"):
        layout["title"].setdefault("pad", {})["l"] = SIDE_PX
    fixed = margins.fix_label_margin(spec)
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    note = next((a for a in layout.get("annotations", ()) if a.get("name") == "caption"), None)
    if note is not None and meta.get("caption"):
        width = layout.get("width") or DEFAULT_WIDTH
        note["text"] = wrap_caption(meta["caption"], _caption_chars(spec, width, fixed))
        needed = int(abs(note.get("yshift") or 0) + (note["text"].count("<br>") + 1) * CAPTION_LINE_PX + 14)
        bottom = margin.get("b") if margin.get("b") is not None else 80
        if needed > bottom:
            layout["height"] = (layout.get("height") or DEFAULT_HEIGHT) + needed - bottom
            margin["b"] = needed
    return spec


TITLE_CHARS, SUBTITLE_PX = 90, 22  # a title's line at 18 px in a 1100 px image; a subtitle's room


def titled(layout: dict) -> None:
    """The file's title says what is shown, from the filters (meta.export_title, set by the chart
    builders: 'Russia and Panama: sanctions and compliance events since Feb 2022'), with the
    on-screen title ('Events by actor pair') as its subtitle; the top margin and the image grow
    to hold the subtitle and a wrapped title."""
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    wanted = meta.get("export_title")
    if not wanted or not isinstance(layout.get("title"), dict):
        return
    title = layout["title"]
    text = common.wrap(wanted, TITLE_CHARS)
    extra = SUBTITLE_PX + 24 * text.count("<br>")
    subtitle = common.safe(meta.get("export_subtitle") or "", 200)
    title["text"] = text + (f'<br><span style="font-size:13px;color:{common.MUTED}">{subtitle}</span>' if subtitle else "")
    pad = title.setdefault("pad", {})
    pad["t"] = (pad.get("t") or 0) + 24 * text.count("<br>") + 18  # plotly lifts a title by its extra lines
    margin = layout.setdefault("margin", {})
    margin["t"] = (margin.get("t") or 96) + extra
    layout["height"] = (layout.get("height") or DEFAULT_HEIGHT) + extra


def wrap_caption(caption: str, width: int) -> str:
    """Escaped caption in lines of at most `width` characters; unlike the screen (common.wrap,
    cut at 600 characters), a file keeps every source the caption names."""
    lines: list[str] = []
    for word in common.safe(caption, MAX_CAPTION).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _caption_chars(spec: dict, width: int, fixed: bool) -> int:
    """How many caption characters fit on a line between the plot's left edge and the border."""
    layout = spec["layout"]
    left = layout["margin"].get("l") or 0
    if not fixed:  # the plot starts after the tick labels, which the browser will measure
        left += max((len(line) for line in margins.label_lines(margins.y_labels(spec))), default=4) * TICK_CHAR_PX + 12
        if ((layout.get("yaxis") or {}).get("title") or {}).get("text"):
            left += 24
    return int(min(200, max(60, (width - left - SIDE_PX) / CAPTION_CHAR_PX)))


def figure_size(fig: go.Figure | dict) -> tuple[int, int]:
    """Width and height in layout pixels of the exported image (PNG is `scale` times larger)."""
    layout = fig.get("layout", {}) if isinstance(fig, dict) else fig.layout.to_plotly_json()
    return int(layout.get("width") or DEFAULT_WIDTH), int(layout.get("height") or DEFAULT_HEIGHT)


def figure_image(fig: go.Figure | dict, fmt: str, scale: float = 2.0) -> bytes:
    """PNG (at `scale`, 2x by default) or SVG bytes of the figure, title and caption included.

    Raises ImageExportUnavailable (with the reason) where no browser can draw it. A browser
    that stops answering is replaced and the image tried once more."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
    ready = prepared(fig)
    width, height = figure_size(ready)
    for attempt in (1, 2):
        renderer = _ready_renderer()
        if renderer is None:
            raise ImageExportUnavailable(image_support() or "PNG and SVG export is unavailable")
        try:
            return renderer.image(ready, fmt, width, height, scale if fmt == "png" else 1)
        except Exception as err:
            broken = isinstance(err, TimeoutError) or not renderer.alive()
            if broken:
                _forget_renderer(renderer)
            if not broken or attempt == 2:
                raise
    raise AssertionError("unreachable")


def figure_html(fig: go.Figure | dict) -> bytes:
    """A standalone HTML file with plotly.js embedded: it draws offline, with no network request."""
    ready = prepared(fig)
    page = pio.to_html(ready, include_plotlyjs=True, include_mathjax=False, full_html=True, validate=False,
                       config={"displaylogo": False, "responsive": True})  # fmt: skip
    title = html.escape(html.unescape((ready["layout"].get("title") or {}).get("text") or "Chart"))
    page = page.replace("<head>", f"<head><title>{title}</title>", 1)
    return page.encode("utf-8")


def figure_bytes(fig: go.Figure | dict, fmt: str, scale: float = 2.0) -> bytes:
    """One entry point for the three formats (the command line and the bundle use it)."""
    if fmt == "html":
        return figure_html(fig)
    return figure_image(fig, fmt, scale)


# -- File names ---------------------------------------------------------------------------------


def safe_filename(*parts: str, ext: str, limit: int = 120) -> str:
    """'timeline_RUS-PAN_sanctions_2014-2026.png': ASCII letters, digits, '-', '_' only, so the
    name is valid on Windows, macOS and Linux whatever the parts hold; never a reserved name."""
    text = "_".join(str(p) for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-_")[: max(limit, 1)].rstrip("-_") or "export"
    if text.upper() in WINDOWS_RESERVED:
        text = f"export-{text}"
    suffix = re.sub(r"[^a-z0-9]+", "", str(ext).lower())[:10] or "bin"
    return f"{text}.{suffix}"


def filter_slug(chart_id: str, filters: filters_mod.Filters) -> str:
    """'timeline_RUS-PAN_sanctions_2014-2026': the chart and, briefly, what it was filtered to.
    An open date range says so ('..._from-2014', '..._to-2020') rather than ending in a dash."""
    text = filters_mod.slug(filters)
    text = re.sub(r"_(\d{4})-$", r"_from-\1", text)
    text = re.sub(r"_-(\d{4})$", r"_to-\1", text)
    return f"{chart_id}_{text}"


def chart_filename(chart_id: str, filters: filters_mod.Filters, ext: str) -> str:
    return safe_filename(filter_slug(chart_id, filters), ext=ext)
