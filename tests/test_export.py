"""core/export: PNG (2x) / SVG / offline HTML bytes of a chart with its title and caption, and
file names that are safe on every OS whatever the filter values."""

from __future__ import annotations

import os
import re
import struct
import threading
import xml.etree.ElementTree as ET  # parses our own SVG output, not untrusted input
from datetime import date

import plotly.graph_objects as go
import pytest

from dashboard.core import export
from dashboard.core.charts import REGISTRY, common, margins, titles
from dashboard.core.filters import Filters

needs_browser = pytest.mark.skipif(export.find_browser() is None, reason="no chromium for kaleido")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*\.[a-z0-9]+$")
CAPTION = titles.caption("3 events · Russia and Panama · 2014–2026", "abc123def456", date(2026, 2, 2),
                         ["Russia Maintains Pragmatic Partnership With Panama", "[Untitled media digest]"])


def small_figure(title: str = "Events per year", caption: str = CAPTION) -> go.Figure:
    fig = go.Figure(go.Bar(x=[2014, 2015, 2016], y=[1, 3, 2], name="events"))
    return common.finish(fig, title, caption)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_root(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - our own kaleido output


def caption_box(svg: bytes) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the caption annotation (the one naming the dataset)."""
    ns = {"s": "http://www.w3.org/2000/svg"}
    for group in svg_root(svg).iterfind(".//s:g[@class='cursor-pointer']", ns):
        if "relations dataset" in "".join(group.itertext()):
            x, y = map(float, re.fullmatch(r"translate\(([-\d.]+),\s*([-\d.]+)\)", group.get("transform")).groups())
            box = group.find("s:rect[@class='bg']", ns)
            return x, y, float(box.get("width")), float(box.get("height"))
    raise AssertionError("the caption annotation is in the SVG")


# -- Images ---------------------------------------------------------------------------------------


@needs_browser
def test_png_is_a_png_at_twice_the_layout_size():
    fig = small_figure()
    width, height = export.figure_size(export.prepared(fig))
    assert png_size(export.figure_image(fig, "png")) == (2 * width, 2 * height)
    assert png_size(export.figure_image(fig, "png", scale=1)) == (width, height)


@needs_browser
def test_svg_parses_and_holds_title_and_whole_caption():
    fig = small_figure(title="Sanctions & shipping <2014–2026>")
    svg = export.figure_image(fig, "svg")
    root = svg_root(svg)
    words = "".join(root.itertext())
    assert "Sanctions & shipping <2014–2026>" in words
    assert "dataset as of 2 Feb 2026, version abc123d" in words and "[Untitled media" in words.replace("mediadigest", "media digest")
    x, y, w, h = caption_box(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    assert x + w <= width and y + h <= height, "the caption is not clipped"


@needs_browser
def test_long_caption_grows_the_image_instead_of_being_clipped():
    long_caption = titles.caption("50 events · " + ", ".join(f"Actor number {i}" for i in range(40)),
                                  "abc123def456", None, [f"A long source title number {i}" for i in range(12)])
    fig = small_figure(caption=long_caption)
    ready = export.prepared(fig)
    note = next(a for a in ready["layout"]["annotations"] if a["name"] == "caption")
    assert note["text"].count("<br>") >= 3 and ready["layout"]["height"] >= fig.layout.height
    svg = export.figure_image(fig, "svg")
    root = svg_root(svg)
    x, y, w, h = caption_box(svg)
    assert x + w <= float(root.get("width")) and y + h <= float(root.get("height"))
    text = "".join(root.itertext())
    assert "A long source title number 7" in text and text.rstrip().endswith("and 4 more")  # nothing clipped


@needs_browser
@pytest.mark.parametrize("chart_id", sorted(REGISTRY))
def test_every_registered_chart_exports_with_its_caption(chart_id, valid_dataset):
    fig = REGISTRY[chart_id](valid_dataset, Filters())
    svg = export.figure_image(fig, "svg")
    root = svg_root(svg)
    assert f"version {valid_dataset.version[:7]}" in "".join(root.itertext())
    x, y, w, h = caption_box(svg)
    assert x + w <= float(root.get("width")) + 1 and y + h <= float(root.get("height"))


@needs_browser
def test_images_from_several_threads_at_once():
    fig, results = small_figure(), {}

    def draw(i):
        results[i] = export.figure_image(fig, "png" if i % 2 else "svg")

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(4)]
    [t.start() for t in threads]
    [t.join(120) for t in threads]
    assert len(results) == 4
    assert all(results[i].startswith(b"\x89PNG") for i in (1, 3))
    assert all(b"<svg" in results[i][:200] for i in (0, 2))


def test_prepared_leaves_the_figure_alone_and_makes_room():
    fig = small_figure()
    before = fig.to_dict()
    ready = export.prepared(fig)
    assert fig.to_dict() == before
    margin = ready["layout"]["margin"]
    assert margin["l"] >= export.SIDE_PX and margin["r"] >= export.SIDE_PX
    note = next(a for a in ready["layout"]["annotations"] if a["name"] == "caption")
    lines = note["text"].count("<br>") + 1
    assert margin["b"] >= abs(note["yshift"]) + lines * export.CAPTION_LINE_PX


def test_unknown_image_format():
    with pytest.raises(ValueError, match="unknown image format"):
        export.figure_image(small_figure(), "gif")


def test_without_a_browser_images_say_why_and_html_still_works(monkeypatch):
    monkeypatch.setattr(export, "find_browser", lambda: None)
    monkeypatch.setattr(export, "_renderer", None)
    reason = export.image_support()
    assert "apt-get install chromium" in reason and "HTML" in reason
    with pytest.raises(export.ImageExportUnavailable, match="chromium"):
        export.figure_image(small_figure(), "png")
    assert b"<html>" in export.figure_html(small_figure())[:100]


def test_known_tick_labels_get_a_measured_margin_instead_of_automargin():
    fig = go.Figure(go.Bar(y=["A very long lane name – Somewhere", "B"], x=[1, 2], orientation="h"))
    ready = export.prepared(common.finish(fig, "Lanes", CAPTION))
    assert ready["layout"]["yaxis"]["automargin"] is False
    assert ready["layout"]["margin"]["l"] >= margins.text_width("A very long lane name – Somewhere", 13)
    numbers = export.prepared(small_figure())
    assert "automargin" not in numbers["layout"]["yaxis"], "numeric ticks: the browser measures them"
    titled = go.Figure(go.Bar(y=["a", "b"], x=[1, 2], orientation="h")).update_layout(yaxis_title="Lane")
    assert "automargin" not in export.prepared(common.finish(titled, "T", CAPTION))["layout"]["yaxis"]
    from plotly.subplots import make_subplots

    grid = make_subplots(rows=2, cols=1).add_trace(go.Bar(y=["a"], x=[1], orientation="h"), row=1, col=1)
    assert "automargin" not in export.prepared(common.finish(grid, "T", CAPTION))["layout"]["yaxis"]


@needs_browser
@pytest.mark.parametrize("chart_id", ["timeline", "theme-activity", "themes-overview", "compare-heatmap"])
def test_measured_margin_fits_every_tick_label(chart_id, valid_dataset):
    from PIL import ImageFont

    liberation = margins.LABEL_FONTS[0]
    if not os.path.exists(liberation):
        pytest.skip("Liberation Sans (chromium's Arial) is not installed")
    font = ImageFont.truetype(liberation, 13)
    svg = export.figure_image(REGISTRY[chart_id](valid_dataset, Filters()), "svg")
    ns = {"s": "http://www.w3.org/2000/svg"}
    ticks = list(svg_root(svg).iterfind(".//s:g[@class='ytick']/s:text", ns))
    assert ticks
    for tick in ticks:
        lines = [t.text or "" for t in tick.iterfind("s:tspan", ns)] or [tick.text or ""]
        assert all(float(tick.get("x")) - font.getlength(line) >= 0 for line in lines), (chart_id, lines)


class FakeRenderer:
    def __init__(self, result):
        self.result, self.closed = result, False

    def alive(self):
        return not self.closed

    def image(self, *args):
        if isinstance(self.result, Exception):
            raise self.result
        return self.result

    def close(self):
        self.closed = True


def test_a_browser_that_stops_answering_is_replaced_once(monkeypatch):
    stuck, fresh = FakeRenderer(TimeoutError()), FakeRenderer(b"\x89PNG fresh")
    monkeypatch.setattr(export, "find_browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(export, "_renderer", stuck)
    monkeypatch.setattr(export, "_Renderer", lambda browser: fresh)
    assert export.figure_image(small_figure(), "png") == b"\x89PNG fresh"
    assert export._renderer is fresh
    monkeypatch.setattr(export, "_renderer", FakeRenderer(TimeoutError()))
    monkeypatch.setattr(export, "_Renderer", lambda browser: FakeRenderer(TimeoutError()))
    with pytest.raises(TimeoutError):
        export.figure_image(small_figure(), "svg")


def test_a_drawing_error_is_raised_without_replacing_the_browser(monkeypatch):
    working = FakeRenderer(ValueError("bad figure"))
    monkeypatch.setattr(export, "find_browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(export, "_renderer", working)
    with pytest.raises(ValueError, match="bad figure"):
        export.figure_image(small_figure(), "svg")
    assert export._renderer is working


def test_a_browser_that_cannot_start_is_reported(monkeypatch):
    def broken(browser):
        raise OSError("exec format error")

    monkeypatch.setattr(export, "find_browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(export, "_renderer", None)
    monkeypatch.setattr(export, "_failure", None)
    monkeypatch.setattr(export, "_Renderer", broken)
    assert export.warm_up() is False
    assert "could not start the browser at /usr/bin/chromium (OSError: exec format error)" in export.image_support()
    with pytest.raises(export.ImageExportUnavailable, match="could not start"):
        export.figure_image(small_figure(), "png")


# -- HTML ---------------------------------------------------------------------------------------------


def test_html_is_standalone_and_offline():
    page = export.figure_html(small_figure(title="A & B")).decode()
    assert "<title>A &amp; B</title>" in page
    assert "Plotly.newPlot" in page and '"type":"bar"' in page.replace(" ", "")
    assert "dataset as of 2 Feb 2026, version abc123d" in page
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", page, re.I), "no network script"
    assert len(page) > 1_000_000, "plotly.js is embedded"


# -- File names ---------------------------------------------------------------------------------------


def test_chart_filename_says_what_the_chart_shows():
    chosen = Filters(actors=("RUS", "PAN"), themes=("sanctions",), date_from=date(2014, 1, 1),
                     date_to=date(2026, 12, 31))
    assert export.chart_filename("timeline", chosen, "png") == "timeline_RUS-PAN_sanctions_2014-2026.png"
    assert export.chart_filename("per-year", Filters(), "svg") == "per-year_all.svg"


HOSTILE = [
    "../../etc/passwd", "..\\..\\windows\\system32", "a/b\\c:d*e?f\"g<h>i|j", "\x00\x01\x1f\x7f", "CON", "con",
    "Nul", "COM1", "lpt9", "CONIN$", "", "   ", "...", "-_-", "Panamá–Россия 中文 🇵🇦", "x" * 10_000,
    "name.with.dots.", "trailing space ", "-".join(f"ACTOR{i}" for i in range(200)), "%2e%2e%2f", "$(rm -rf /)",
]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE)
def test_safe_filename_is_safe_whatever_the_values(value):
    name = export.safe_filename(value, ext="png")
    assert SAFE_NAME.match(name), name
    assert len(name) <= 124
    assert name.rsplit(".", 1)[0].upper() not in export.WINDOWS_RESERVED
    assert "/" not in name and "\\" not in name and ".." not in name


@pytest.mark.parametrize("value", HOSTILE)
def test_chart_filename_with_hostile_filter_values(value):
    chosen = Filters(actors=(value, value[:5]), themes=(value,) * 5, q=value)
    for fmt in export.FORMATS:
        assert SAFE_NAME.match(export.chart_filename(value or "chart", chosen, fmt))


def test_safe_filename_keeps_meaning_and_sanitises_the_extension():
    assert export.safe_filename("timeline", "RUS-PAN_2014-", ext="png") == "timeline_RUS-PAN_2014.png"
    assert export.safe_filename("Panamá", ext="../x") == "Panama.x"
    assert export.safe_filename("CON", ext="txt") == "export-CON.txt"
    assert export.safe_filename("", ext="") == "export.bin"


def test_open_date_ranges_are_named_as_such():
    assert export.chart_filename("timeline", Filters(actors=("RUS",), date_from=date(2014, 1, 1)), "png") == \
        "timeline_RUS_from-2014.png"
    assert export.chart_filename("per-year", Filters(date_to=date(2020, 6, 30)), "svg") == "per-year_all_to-2020.svg"


# -- The buttons beside a chart (AppTest) -----------------------------------------------------------------


def _chart_buttons_page():
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    from dashboard.core.filters import Filters
    from dashboard.ui import downloads

    st.session_state["filters"] = Filters(actors=("RUS", "PAN"))
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    downloads.chart_downloads(fig, chart_id="per-year", key="c", data=pd.DataFrame({"year": [1, 2], "n": [3, 4]}))


def test_chart_buttons_offer_every_format_with_names_that_say_what_they_show():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_chart_buttons_page, default_timeout=60).run()
    assert not at.exception, at.exception
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert set(buttons) == {"PNG image", "SVG image", "Interactive HTML", "Data (CSV)"}


def test_without_a_browser_the_image_buttons_are_disabled_with_the_reason(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(export, "find_browser", lambda: None)
    at = AppTest.from_function(_chart_buttons_page, default_timeout=60).run()
    assert not at.exception, at.exception
    disabled = {b.label: b for b in at.button}
    assert set(disabled) == {"PNG image unavailable", "SVG image unavailable"}
    assert all(b.disabled and "apt-get install chromium" in b.help for b in disabled.values())
    assert {b.proto.label for b in at.get("download_button")} == {"Interactive HTML", "Data (CSV)"}
    assert "apt-get install chromium" in at.caption[0].value


def test_files_leave_the_range_slider_out_and_the_caption_moves_up(real):
    """The Timeline's range slider moves the view on screen; in a PNG, SVG or the brief it would
    only repeat the plot in small: files hide it and give its room back."""
    from dashboard.core.charts import timeline

    fig = timeline.chart_timeline(real, Filters(actors=("RUS", "PAN")))
    on_screen = fig.to_dict()["layout"]
    assert common.has_slider(on_screen)
    ready = export.prepared(fig)["layout"]
    assert not common.has_slider(ready)
    shift = next(a for a in on_screen["annotations"] if a.get("name") == "caption")["yshift"]
    moved = next(a for a in ready["annotations"] if a.get("name") == "caption")["yshift"]
    assert moved == shift + timeline.SLIDER_ROOM
    assert ready["height"] < on_screen["height"]
