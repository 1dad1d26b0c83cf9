"""Showing text from data as text: every Markdown, HTML and maths character escaped.

Streamlit renders Markdown (links, images, `$maths$`, `:color[...]` directives) in most
elements; curated and seed text must never be interpreted, so it goes through `md()` first."""

from __future__ import annotations

import re

from dashboard.core import palette

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&=\"'^])")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")  # could reorder the text around them


def md(text: object) -> str:
    """Escape every character Markdown or Streamlit would interpret, keeping line breaks."""
    escaped = _SPECIAL.sub(r"\\\1", _BIDI_CONTROLS.sub("", str(text)))
    return escaped.replace("\n", "  \n")


def picture(kind: str) -> str:
    """The marking's shape as a Markdown image with an empty alt text (Chromium copies alt text
    with the selection: a copied quote holds only the seed's words) and its label as tooltip."""
    marking = palette.MARKINGS[kind]
    return f'![]({palette.picture(marking)} "{marking.label}")'


def fill(escaped: str, kind: str, shape: bool = True) -> str:
    """Already-escaped Markdown on the marking's fill, in the page's text colour (bold when the
    marking is), after its shape unless `shape` is False (a run continuing the same marking).
    Bold goes inside the fill, around the text without its edge spaces: Markdown's ** neither
    opens before a space nor closes before a letter that follows the fill ("Panama|nian")."""
    marking = palette.MARKINGS[kind]
    core = escaped.strip()
    lead, trail = escaped[: len(escaped) - len(escaped.lstrip())], escaped[len(escaped.rstrip()) :]
    body = f"**{core}**" if marking.bold and core else core
    return (f"{picture(kind) if shape else ''}{lead}"
            f':color[{body}]{{foreground="{palette.TEXT}" background="{marking.fill}"}}{trail}')


def highlighted(before: str, quote: str, after: str, marks=(), offset: int = 0, found=()) -> str:
    """Context with the quote marked (bold, on orange, after its shape); all escaped.
    `marks` (start, end, actor id) are offsets into the seed, where `before` starts at `offset`:
    those words are italic. `found` (start, end) too: the words the search matches, in gold."""
    q = offset + len(before)
    every = sorted([*marks, *((a, b, None) for a, b in found)], key=lambda m: (m[0], m[2] is None))
    return (f"{marked(before, offset, every)}{fill(marked(quote, q, every), 'quote')}"
            f"{marked(after, q + len(quote), every)}")


MARK_LEGEND = ("Bold on orange after ■: the quoted passage, in its sentence. *Italic*: a word that names one of "
               "the event's actors (what grounds the actor tag); the line under the passage says which actor "
               "each names. Gold after ◎: a word your search matches.")


def marked(text: str, offset: int, marks) -> str:
    """text (which starts at `offset` of its seed) escaped, each mark inside it styled: a word
    naming an actor (actor id given) in italic, a word the search matched (actor None) in gold
    after its shape; an actor word the search matched too is both."""
    parts, at = [], 0
    found = [(start, end) for start, end, actor in marks if actor is None]
    for start, end, actor in marks:
        a, b = start - offset, end - offset
        if a < at or b > len(text) or a < 0:
            continue  # outside this piece of text (or overlapping one already marked)
        word = md(text[a:b]) if actor is None else f"*{md(text[a:b])}*"
        if actor is None or any(s <= start and end <= e for s, e in found):  # a word the search matched
            word = fill(word, "found")
        parts += [md(text[at:a]), word]
        at = b
    parts.append(md(text[at:]))
    return "".join(parts)


def names_line(text: str, offset: int, marks, names: dict[str, str], actors=(), where: str = "this passage") -> str:
    """'Names in this passage: *Panamanian* → Panama · *Russian* → Russia', escaped: the actor
    each evidence word inside `text` (which starts at `offset`) names, each pair once, in order;
    then the `actors` no word of the text names. '' when there is nothing to say."""
    pairs: dict[tuple[str, str], str] = {}
    for start, end, actor in marks:
        if actor is not None and offset <= start and end <= offset + len(text):
            word = text[start - offset : end - offset]
            pairs.setdefault((word.casefold(), actor), word)
    shown = [f"*{md(word)}* → {md(names.get(actor, actor))}" for (_, actor), word in pairs.items()]
    named = {actor for _, actor in pairs}
    unnamed = [md(names.get(a, a)) for a in actors if a not in named]
    parts = ([f"Names in {where}: " + " · ".join(shown)] if shown else []) + (
        [f"not named in {where}: " + ", ".join(unnamed)] if unnamed else [])
    line = "; ".join(parts)
    return line[:1].upper() + line[1:]
