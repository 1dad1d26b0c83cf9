"""The colours and shapes that mark text in the source reader and the passage panel, and the
WCAG contrast arithmetic that proves each is visible.

Decisions:
- Every fill that marks text reaches at least 3:1 against the white page (WCAG 1.4.11, and the
  "lightness, not hue" distinction of 1.4.1), and the text written on it at least 4.5:1 (1.4.3).
  With our dark text (#14171F) that leaves a band of mid-tone fills, relative luminance about
  0.21–0.30; Streamlit's own pale backgrounds are 1.1–1.2:1, invisible to many readers.
- No marking relies on colour: each has a shape, drawn as a small picture before the marked run
  (its alt text is what a screen reader announces), and bold where it helps. The shape is dark
  ink (at least 3:1) on a white tile, which itself stands out at least 3:1 from every fill. The
  pictures are not text, so copying a quote copies the seed's words and nothing else.
- Evidence words (the words that name an actor) are italic; the actor each names is written
  outside the quoted text, under it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

PAGE = "#FFFFFF"  # .streamlit/config.toml backgroundColor
TEXT = "#14171F"  # .streamlit/config.toml textColor
MIN_MARK = 3.0  # a marking against the page
MIN_TEXT = 4.5  # text against the fill behind it


@dataclass(frozen=True)
class Marking:
    fill: str  # background behind the marked text
    ink: str  # the shape's colour (on its white tile)
    shape: str  # SVG elements of the 12×12 picture before the run
    label: str  # what it marks, in words: the picture's tooltip and the paragraph's label
    symbol: str  # the shape as a character, for labels and the legend
    bold: bool = False


_FILLED_SQUARE = "<rect x='1.5' y='1.5' width='9' height='9'/>"  # ■
MARKINGS = {
    "match": Marking("#D6741F", "#8A3B00", _FILLED_SQUARE, "cited by a filtered event or theme", "■"),
    "other": Marking("#5293D4", "#0B4F94", "<rect x='2.5' y='2.5' width='7' height='7' fill='none' stroke-width='2'/>",
                     "cited only by other events or themes", "□"),
    "jump": Marking("#AF77D7", "#5B2A86", "<path d='M2 1.5 L10.5 6 L2 10.5 Z'/>",
                    "the passage you came to read", "▶", bold=True),
    "found": Marking("#B18914", "#6B5500",
                     "<circle cx='6' cy='6' r='4' fill='none' stroke-width='2'/><circle cx='6' cy='6' r='1.5'/>",
                     "search match", "◎", bold=True),
    "quote": Marking("#D6741F", "#8A3B00", _FILLED_SQUARE, "the quoted passage", "■", bold=True),
}


def picture(marking: Marking) -> str:
    """The marking's shape as a data: URI of a 12×12 SVG (constant: no data text in it), dark ink
    on a white tile, so it shows on the page and on any fill it may sit in (a search match inside
    a quote)."""
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='12' height='12' viewBox='0 0 12 12' "
           f"fill='{marking.ink}' stroke='{marking.ink}'><rect width='12' height='12' rx='2' fill='{PAGE}' "
           f"stroke='none'/>{marking.shape}</svg>")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# -- WCAG 2.x contrast -------------------------------------------------------------------------


def rgb(colour: str) -> tuple[int, int, int]:
    """'#D6741F' or '#abc' -> (214, 116, 31)."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        raise ValueError(f"not a hex colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def over(colour: tuple[int, int, int], alpha: float, page: str = PAGE) -> str:
    """A translucent colour as it shows on the page (for Streamlit's rgba backgrounds)."""
    base = rgb(page)
    mixed = [round(alpha * c + (1 - alpha) * b) for c, b in zip(colour, base)]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)
