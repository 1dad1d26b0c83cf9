"""Figures -> PNG, SVG and standalone HTML bytes; safe file names.

Static images are drawn by kaleido in Debian's chromium. One warm kaleido server is shared by
the whole process (`warm_up()`); without it every image would start a browser (~2.5 s).
Where no browser is found, `image_support()` says why and what to install, and the callers keep
HTML, CSV, JSON and the bundle working."""

from __future__ import annotations

import os
import re
import shutil
import threading
import unicodedata

import plotly.graph_objects as go
import plotly.io as pio

IMAGE_FORMATS = ("png", "svg")
BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
_lock = threading.Lock()
_warm = False


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
    return None


def warm_up() -> bool:
    """Start the shared kaleido server once per process; False when no browser is available."""
    global _warm
    with _lock:
        if _warm:
            return True
        browser = find_browser()
        if browser is None:
            return False
        os.environ.setdefault("BROWSER_PATH", browser)
        import kaleido

        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _warm = True
        return True


def figure_image(fig: go.Figure, fmt: str, scale: float = 2.0) -> bytes:
    """PNG (at `scale`, 2x by default) or SVG bytes of the figure, title and caption included."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    warm_up()
    width = fig.layout.width or 1100
    height = fig.layout.height or 620
    return pio.to_image(fig, format=fmt, width=width, height=height, scale=scale if fmt == "png" else 1)


def figure_html(fig: go.Figure) -> bytes:
    """A standalone HTML file with plotly.js embedded: it draws offline, with no network request."""
    return pio.to_html(fig, include_plotlyjs=True, full_html=True, config={"displaylogo": False}).encode()


def safe_filename(*parts: str, ext: str, limit: int = 120) -> str:
    """'timeline_RUS-PAN_sanctions_2014-2026.png': ASCII letters, digits, '-', '_' only."""
    text = "_".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-_") or "export"
    reserved = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
    if text.upper() in reserved:
        text = f"export-{text}"
    return f"{text[:limit].rstrip('-_')}.{ext}"
