"""Showing text from data as text: every Markdown, HTML and maths character escaped.

Streamlit renders Markdown (links, images, `$maths$`, `:color[...]` directives) in most
elements; curated and seed text must never be interpreted, so it goes through `md()` first."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&=\"'^])")


def md(text: object) -> str:
    """Escape every character Markdown or Streamlit would interpret, keeping line breaks."""
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", "  \n")


def highlighted(before: str, quote: str, after: str, colour: str = "orange") -> str:
    """Context with the quote highlighted by a Streamlit background directive; all escaped."""
    return f"{md(before)}**:{colour}-background[{md(quote)}]**{md(after)}"
