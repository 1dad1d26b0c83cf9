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


def highlighted(before: str, quote: str, after: str, colour: str = "orange", marks=(), names=None,
                offset: int = 0) -> str:  # fmt: skip
    """Context with the quote highlighted by a Streamlit background directive; all escaped.
    `marks` (start, end, actor id) are offsets into the seed, where `before` starts at `offset`."""
    if not marks:
        return f"{md(before)}**:{colour}-background[{md(quote)}]**{md(after)}"
    names, q = names or {}, offset + len(before)
    return (f"{marked(before, offset, marks, names)}**:{colour}-background[{marked(quote, q, marks, names)}]**"
            f"{marked(after, q + len(quote), marks, names)}")


MARK_LEGEND = ("*Italic*‹Actor›: a word of the passage or its sentence that names one of the event's actors "
               "(what grounds the actor tag).")


def marked(text: str, offset: int, marks, names: dict[str, str]) -> str:
    """text (which starts at `offset` of its seed) escaped, each mark inside it as *word*‹Actor›:
    italic and a named label, so the mark does not rely on colour."""
    parts, at = [], 0
    for start, end, actor in marks:
        a, b = start - offset, end - offset
        if a < at or b > len(text):
            continue  # outside this piece of text (or overlapping one already marked)
        parts += [md(text[at:a]), f"*{md(text[a:b])}*‹{md(names.get(actor, actor))}›"]
        at = b
    parts.append(md(text[at:]))
    return "".join(parts)
