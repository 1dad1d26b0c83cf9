"""Where a text names an actor: the words that stand for each actor, and where they occur.

An actor is named by its name (without a parenthetical: "China (People's Republic)" -> "China"),
its aliases and its `naming_words` (demonyms and metonyms: "Russian", "Moscow", "the Kremlin").
Matching decides three things:
- whole words only: "Russian" is not found in "Prussian", "Panama" not in "Panamax";
- case: a word written in capitals ("US", "U.S.", "UN", "PRC") is an abbreviation and matches
  only in capitals, so the pronoun "us" never names the United States; other words match in any
  case ("RUSSIAN", "russian");
- inflections: a plural ("Russians", "Soviets") and a possessive ("Russia's", "Russians’");
  a leading "the" of a naming word is optional ("the Kremlin" also matches "Kremlin's").
`not_naming` lists phrases that contain a naming word but do not name the actor ("Latin
American" is no American, i.e. US, thing); such a phrase is skipped as a whole.

When two actors' words overlap ("UN Security Council" holds "UN"), the longer match wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

_APOSTROPHES = "'’"
_WORD_BEFORE = r"(?<!\w)"
_WORD_AFTER = r"(?!\w)"
_POSSESSIVE = r"(?:['’]s?)?"
_PLURAL = r"(?:e?s)?"


def naming_words(name: str, aliases: Iterable[str] = (), words: Iterable[str] = ()) -> list[str]:
    """Every word that names one actor: the name without a parenthetical, aliases, naming words."""
    found = [re.sub(r"\s*\([^)]*\)", "", name).strip(), name, *aliases, *words]
    return list(dict.fromkeys(w.strip() for w in found if w and w.strip()))


def is_abbreviation(word: str) -> bool:
    """Written in capitals (dots and digits aside) and at least two letters: "US", "U.S.", "UNSC"."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _phrase(word: str) -> str:
    """One naming word as a regular expression (without the word boundaries)."""
    text = re.sub(r"^the\s+", "", word.strip(), flags=re.I)
    parts = []
    for char in text:
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif char in _APOSTROPHES:
            parts.append("['’]")
        elif char in "-‐‑–":
            parts.append(r"[-‐‑–]")
        else:
            parts.append(re.escape(char))
    body = "".join(parts)
    if is_abbreviation(text):
        return f"(?:{body}){_POSSESSIVE}"  # case-sensitive: "US" never matches "us"
    return f"(?i:{body}{_PLURAL}){_POSSESSIVE}"


def _first_chars(words: Iterable[str]) -> str:
    """A lookahead on the characters a match can start with: the regex engine then skips every
    other position at C speed (a pattern that starts with a lookbehind gets no such shortcut)."""
    chars = set()
    for word in words:
        first = re.sub(r"^the\s+", "", word.strip(), flags=re.I)[:1]
        chars.update({first} if is_abbreviation(word) else {first.lower(), first.upper()})
    chars.discard("")
    return f"(?=[{''.join(re.escape(c) for c in sorted(chars))}])" if chars else ""


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "Soviet Union" is one match rather than "Soviet" and a loose "Union".
    ordered = sorted(dict.fromkeys(words), key=lambda w: (-len(w), w))
    return "|".join(_phrase(w) for w in ordered)


class ActorPatterns(dict):
    """Actor id -> compiled pattern (group `hit` is a naming word, group `skip` a not-naming
    phrase), plus one combined pattern of every actor for `marks` (one scan of the text)."""

    def __init__(self, hits: Mapping[str, list[str]], skips: Mapping[str, list[str]]):
        super().__init__()
        for actor, words in hits.items():
            skip = skips.get(actor) or []
            alts = [f"(?P<hit>{_alternation(words)})"] if words else ["(?P<hit>(?!))"]
            if skip:
                alts.insert(0, f"(?P<skip>{_alternation(skip)})")
            start = _first_chars([*words, *skip])
            self[actor] = re.compile(f"{start}{_WORD_BEFORE}(?:{'|'.join(alts)}){_WORD_AFTER}")
        self.combined, self.group_actor = _combined(hits, skips)


def _combined(hits: Mapping[str, list[str]], skips: Mapping[str, list[str]]):
    """One pattern: every phrase its own group, longest first; group number -> actor (None: skip)."""
    owner: dict[str, str | None] = {}
    for actor, words in hits.items():
        for word in words:
            owner.setdefault(word, actor)
    for words in skips.values():
        for word in words:
            owner.setdefault(word, None)  # a phrase that names some other actor stays a hit
    ordered = sorted(owner, key=lambda w: (-len(re.sub(r"^the\s+", "", w, flags=re.I)), w))
    if not ordered:
        return re.compile("(?!)"), {}
    body = "|".join(f"({_phrase(w)})" for w in ordered)
    group_actor = {i: owner[w] for i, w in enumerate(ordered, start=1)}
    return re.compile(f"{_first_chars(ordered)}{_WORD_BEFORE}(?:{body}){_WORD_AFTER}"), group_actor


def _listed(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [str(v) for v in value]


def patterns(actors: pd.DataFrame) -> ActorPatterns:
    """Patterns for every actor of an actors table (columns id, name, aliases and optionally
    naming_words, not_naming)."""
    rows = actors.to_dict("records") if isinstance(actors, pd.DataFrame) else list(actors)
    return patterns_from(rows)


def patterns_from(rows: Iterable[Mapping]) -> ActorPatterns:
    """The same from plain mappings (records of actors.yaml)."""
    hits, skips = {}, {}
    for row in rows:
        hits[row["id"]] = naming_words(row["name"], _listed(row.get("aliases")), _listed(row.get("naming_words")))
        skips[row["id"]] = _listed(row.get("not_naming"))
    return ActorPatterns(hits, skips)


def _merged(text: str, found: Mapping[str, re.Pattern]) -> list[tuple[int, int, str]]:
    """Marks from separate patterns: every hit, overlaps resolved longest (then first) wins."""
    spans = []
    for actor, pattern in found.items():
        spans += [(m.start(), m.end(), actor) for m in pattern.finditer(text) if m.lastgroup != "skip"]
    spans.sort(key=lambda s: (s[0], s[0] - s[1], s[2]))
    out: list[tuple[int, int, str]] = []
    for span in spans:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def marks(text: str, found: Mapping[str, re.Pattern]) -> list[tuple[int, int, str]]:
    """(start, end, actor id) of every word in text that names an actor, in text order,
    never overlapping."""
    if not text:
        return []
    if isinstance(found, ActorPatterns):
        group_actor = found.group_actor
        out = []
        for m in found.combined.finditer(text):
            actor = group_actor[m.lastindex]
            if actor is not None:
                out.append((m.start(), m.end(), actor))
        return out
    return _merged(text, found)


def named_actors(text: str, found: Mapping[str, re.Pattern]) -> set[str]:
    """The ids of the actors that text names."""
    return {actor for _, _, actor in marks(text, found)}


def names(text: str, pattern: re.Pattern) -> bool:
    """Whether text names the one actor of pattern (a value of `patterns(...)`)."""
    if "skip" not in pattern.groupindex:
        return pattern.search(text) is not None
    return any(m.lastgroup == "hit" for m in pattern.finditer(text))
