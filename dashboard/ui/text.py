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
                offset: int = 0, found=()) -> str:  # fmt: skip
    """Context with the quote highlighted by a Streamlit background directive; all escaped.
    `marks` (start, end, actor id) are offsets into the seed, where `before` starts at `offset`;
    `found` (start, end) too: the words the search matches, on a blue background."""
    if not marks and not found:
        return f"{md(before)}**:{colour}-background[{md(quote)}]**{md(after)}"
    names, q = names or {}, offset + len(before)
    every = sorted([*marks, *((a, b, None) for a, b in found)], key=lambda m: (m[0], m[2] is None))
    return (f"{marked(before, offset, every, names)}**:{colour}-background[{marked(quote, q, every, names)}]**"
            f"{marked(after, q + len(quote), every, names)}")


MARK_LEGEND = ("*Italic*‹Actor›: a word of the passage or its sentence that names one of the event's actors "
               "(what grounds the actor tag).")


def marked(text: str, offset: int, marks, names: dict[str, str]) -> str:
    """text (which starts at `offset` of its seed) escaped, each mark inside it as *word*‹Actor›:
    italic and a named label, so the mark does not rely on colour; a mark with no actor (a word
    the search matched) on a blue background, as is an actor mark the search matched too."""
    parts, at = [], 0
    found = [(start, end) for start, end, actor in marks if actor is None]
    for start, end, actor in marks:
        a, b = start - offset, end - offset
        if a < at or b > len(text) or a < 0:
            continue  # outside this piece of text (or overlapping one already marked)
        word = md(text[a:b]) if actor is None else f"*{md(text[a:b])}*‹{md(names.get(actor, actor))}›"
        if actor is None or any(s <= start and end <= e for s, e in found):  # a word the search matched
            word = f":blue-background[{word}]"
        parts += [md(text[at:a]), word]
        at = b
    parts.append(md(text[at:]))
    return "".join(parts)
