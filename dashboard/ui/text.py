"""Showing text from data as text: every Markdown, HTML and maths character escaped.

Streamlit renders Markdown (links, images, `$maths$`, `:color[...]` directives) in most
elements; curated and seed text must never be interpreted, so it goes through `md()` first."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&=\"'^])")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")  # could reorder the text around them


def md(text: object) -> str:
    """Escape every character Markdown or Streamlit would interpret, keeping line breaks."""
    escaped = _SPECIAL.sub(r"\\\1", _BIDI_CONTROLS.sub("", str(text)))
    return escaped.replace("\n", "  \n")


def highlighted(before: str, quote: str, after: str, colour: str = "orange") -> str:
    """Context with the quote highlighted by a Streamlit background directive; all escaped."""
    return f"{md(before)}**:{colour}-background[{md(quote)}]**{md(after)}"
