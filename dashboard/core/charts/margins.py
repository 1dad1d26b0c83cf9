"""The room a y axis's text labels need, measured here instead of by plotly's `automargin`.

plotly's automargin draws a figure twice (draw, measure the labels, redraw): on the timeline that
is ~45% of the browser's drawing time on every rerun, and 60% of an exported image's cost. When the
labels are known text, their width is measured from the font files chromium draws them with
(the widest, plus 6%), and the left margin is set to it."""

from __future__ import annotations

import functools
import html
import itertools
import math
import os
import re

LABEL_FONTS = ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fmt: skip
FIXED = "label_margin_fixed"  # layout.meta key: the left margin already holds the labels


def y_labels(spec: dict) -> list[str]:
    """The y axis's text labels: its ticktext, else the text values of the traces' y."""
    labels = [str(v) for v in ((spec["layout"].get("yaxis") or {}).get("ticktext") or ())]
    for trace in spec.get("data", ())[:50] if not labels else ():
        raw = trace.get("y")  # a list, an array, or a dict of packed numbers (never labels)
        values = [] if raw is None or isinstance(raw, dict | str) else list(itertools.islice(raw, 2000))
        if values and (trace.get("orientation") == "h" or isinstance(values[0], str)):
            labels += [str(v) for v in values]
    return labels


def label_lines(labels: list[str]) -> set[str]:
    return {html.unescape(re.sub(r"<[^>]*>", "", line)) for label in labels for line in str(label).split("<br>")}


@functools.lru_cache(maxsize=8)
def fonts(size: int) -> tuple:
    """The fonts chromium may draw ticks with here (Arial's metric twin, the default sans)."""
    from PIL import ImageFont

    return tuple(ImageFont.truetype(path, size) for path in LABEL_FONTS if os.path.exists(path))


def text_width(text: str, size: int) -> float:
    """Width in px of one line of text at `size` px: the widest of the available fonts, with a
    margin for error; a per-character estimate where no font file is found."""
    widths = [font.getlength(text) for font in fonts(size)]
    return max(widths) * 1.06 if widths else len(text) * size * 0.6


def fix_label_margin(spec: dict) -> bool:
    """Replace the y axis's automatic margin by a measured one, when its labels are known text.

    plotly's automargin draws the figure twice (measure, then redraw): on the full timeline that
    is 60% of the image's cost. Only a lone y axis without a title is fixed; anything else keeps
    the browser's measurement. True when the margin was fixed."""
    layout = spec["layout"]
    yaxis = layout.setdefault("yaxis", {})
    if yaxis.get("automargin") is False and (layout.get("meta") or {}).get(FIXED):
        return True  # a chart fixed it already (see `fixed_label_margin`)
    automatic = yaxis.get("automargin", _template_automargin(layout.get("template")))
    others = [key for key, axis in layout.items() if re.fullmatch(r"[xy]axis\d+", key)
              and not (isinstance(axis, dict) and axis.get("overlaying"))]  # an overlaid axis adds no subplot
    if not automatic or others or yaxis.get("side") == "right" or (yaxis.get("title") or {}).get("text"):
        return False
    lines = label_lines(y_labels(spec))
    if not lines:
        return False
    size = int((yaxis.get("tickfont") or {}).get("size") or (layout.get("font") or {}).get("size") or 12)
    needed = max(text_width(line, size) for line in lines) + (yaxis.get("ticklen") or 0) + 14
    layout["margin"]["l"] = max(layout["margin"].get("l") or 0, math.ceil(needed))
    yaxis["automargin"] = False
    return True


def _template_automargin(template) -> bool | None:
    """The template's yaxis.automargin, from a template dict or a plotly Template object."""
    if template is None or isinstance(template, str):
        return None
    if isinstance(template, dict):
        return ((template.get("layout") or {}).get("yaxis") or {}).get("automargin")
    return template.layout.yaxis.automargin


def fixed_label_margin(spec: dict) -> dict:
    """The spec with its y labels' margin measured (when `fix_label_margin` can), marked in
    layout.meta so an export does not measure it again."""
    if fix_label_margin(spec):
        meta = spec["layout"].get("meta")
        spec["layout"]["meta"] = {**(meta if isinstance(meta, dict) else {}), FIXED: True}
    return spec
