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


def _marked(text: str, spans: list[tuple[int, int]], base: str | None) -> str:
    """Escaped text with the spans on a blue background; the rest on `base`'s background (or plain)."""
    out, at = [], 0
    for start, end in [*spans, (len(text), len(text))]:
        if start > at:
            out.append(f":{base}-background[{md(text[at:start])}]" if base else md(text[at:start]))
        if end > start:
            out.append(f":blue-background[{md(text[start:end])}]")
        at = max(at, end)
    return "".join(out)


def highlighted_matches(before: str, quote: str, after: str, q: str, colour: str = "orange") -> str:
    """`highlighted`, with the words the search `q` matches (core.search.marks) on a blue background."""
    from dashboard.core import search

    if not q.strip():
        return highlighted(before, quote, after, colour)
    return (_marked(before, search.marks(before, q), None) + "**" + _marked(quote, search.marks(quote, q), colour)
            + "**" + _marked(after, search.marks(after, q), None))
