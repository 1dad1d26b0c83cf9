"""Search as people type: what a query matches in an event, and where in a text.

Decisions, so a reader does not have to reverse-engineer them:
- Case and accents do not matter: text and query are case-folded and stripped of their accents
  (Unicode NFKD, combining marks dropped), so "Chavez" finds "Chávez" and "CHÁVEZ".
- Word forms: every word is reduced to its Snowball (Porter 2) English stem, and a query word
  matches a text word with the same stem, or when the shorter stem (MIN_PREFIX letters or more)
  begins the longer: "deregister" (stem "deregist") finds "deregistration"
  ("deregistr") and the other way round, and a half-typed "sanct" already finds "sanctions".
- Actor names: a query word that names an actor (`core.naming`: its name, aliases, naming words
  such as "Moscow" or "the Kremlin") also matches every event of that actor, even when its text
  uses another word.
- An event matches when every query word matches its title, summary, note, one of its quotes, or
  one of its actors. Words are letters and digits; punctuation separates them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np
import pandas as pd
import snowballstemmer

from . import naming

MIN_PREFIX = 4  # a query stem this long also matches longer stems it begins
_WORD = re.compile(r"\w+")
_STEMMER = snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    """Case-folded, without accents: 'Chávez' -> 'chavez'. One character in, one out, so offsets
    in the folded text are offsets in the original (characters whose folding changes length,
    such as 'ß', are kept as they are)."""
    out = []
    for char in str(text):
        folded = "".join(c for c in unicodedata.normalize("NFKD", char.casefold()) if not unicodedata.combining(c))
        out.append(folded if len(folded) == 1 else char.lower() if len(char.lower()) == 1 else char)
    return "".join(out)


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of one folded word."""
    return _STEMMER.stemWord(word)


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_fast(text: str) -> str:
    """`fold` for matching only (offsets not kept): the whole text at once."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", str(text).casefold()))


def words(text: str) -> list[str]:
    return _WORD.findall(fold_fast(text))


def query_stems(q: str) -> list[str]:
    """The stems of a query, in order, each once."""
    return list(dict.fromkeys(stem(w) for w in words(q)))


def event_texts(dataset) -> pd.Series:
    """Each event's searchable text: title, summary, note and quotes (indexed like dataset.events)."""
    events = dataset.events
    quoted = dataset.passages.dropna(subset=["event_id"])
    quotes = (quoted["quote"] + " ").groupby(quoted["event_id"]).sum()
    note = events["note"].where(events["note"].notna(), "") if "note" in events else ""
    return events["title"] + " " + events["summary"] + " " + note + " " + events["id"].map(quotes).fillna("")


@functools.lru_cache(maxsize=8)
def _index(version: str, dataset_ref) -> tuple[list[frozenset[str]], dict[str, np.ndarray]]:
    """Per event, the set of stems of its text; and per stem, the events (row numbers) that have it."""
    dataset = dataset_ref()
    stems_of = [frozenset(stem(w) for w in words(text)) for text in event_texts(dataset)]
    rows: dict[str, list[int]] = {}
    for i, found in enumerate(stems_of):
        for s in found:
            rows.setdefault(s, []).append(i)
    return stems_of, {s: np.asarray(r) for s, r in rows.items()}


class _Ref:
    """A hashable handle on a dataset for the cache (datasets are frozen and carry their version)."""

    def __init__(self, dataset):
        self.dataset = dataset

    def __call__(self):
        return self.dataset

    def __hash__(self):
        return hash(self.dataset.version)

    def __eq__(self, other):
        return isinstance(other, _Ref) and other.dataset.version == self.dataset.version


@functools.lru_cache(maxsize=8)
def _patterns(version: str, dataset_ref):
    return naming.patterns(dataset_ref().actors)


STOP_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "to", "for", "with", "by", "at"})


def query_groups(q: str, dataset) -> list[tuple[list[str], set[str]]]:
    """The query as groups of words, each with the actors it names: a phrase that names an actor
    ('the Kremlin', 'United States': `naming.marks`) is one group; every other word is its own
    group with no actor. Stop words ('the', 'of', ...) are left out unless the query is only them."""
    text = str(q)
    spans = naming.marks(text, _patterns(dataset.version, _Ref(dataset)))
    groups: list[tuple[list[str], set[str]]] = []
    at = 0
    for start, end, actor in [*spans, (len(text), len(text), None)]:
        groups += [([w], set()) for w in words(text[at:start])]
        if actor is not None:
            groups.append((words(text[start:end]), {actor}))
        at = max(at, end)
    kept = [(ws, actors) for ws, actors in groups if actors or ws[0] not in STOP_WORDS]
    return kept or groups


def _word_hits(word: str, rows_of: dict[str, np.ndarray], n: int) -> np.ndarray:
    query, hit = stem(word), np.zeros(n, dtype=bool)
    for candidate, rows in rows_of.items():
        if _same_word(candidate, query):
            hit[rows] = True
    return hit


def matching(q: str, dataset) -> np.ndarray:
    """Which rows of dataset.events match every group of the query (True for an empty query): a
    group matches an event of an actor it names, or an event whose text matches each of its words."""
    n = len(dataset.events)
    keep = np.ones(n, dtype=bool)
    if not words(q) or n == 0:
        return keep
    _, rows_of = _index(dataset.version, _Ref(dataset))
    ids = dataset.events["id"].to_numpy()
    for group, actors in query_groups(q, dataset):
        hit = np.ones(n, dtype=bool)
        for word in dict.fromkeys(w for w in group if w not in STOP_WORDS or not actors):
            hit &= _word_hits(word, rows_of, n)
        if actors:
            with_actor = dataset.event_actors.loc[dataset.event_actors["actor_id"].isin(actors), "event_id"]
            hit |= np.isin(ids, with_actor.to_numpy())
        keep &= hit
    return keep


def marks(text: str, q: str) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` that a word of the query matches (by its stem), in order."""
    stems = [stem(w) for w in dict.fromkeys(words(q)) if w not in STOP_WORDS] or query_stems(q)
    if not stems:
        return []
    folded = fold(text)
    return [(m.start(), m.end()) for m in _WORD.finditer(folded) if matches_stem_any(stem(m.group()), stems)]


def _same_word(candidate: str, query: str) -> bool:
    """Two stems are one word when equal, or when the shorter (MIN_PREFIX letters or more) begins the
    longer: 'deregist' (deregister) and 'deregistr' (deregistration), 'sanct' (typed) and 'sanction'."""
    if candidate == query:
        return True
    short, long = sorted((candidate, query), key=len)
    return len(short) >= MIN_PREFIX and long.startswith(short)


def matches_stem_any(candidate: str, queries: list[str]) -> bool:
    return any(_same_word(candidate, q) for q in queries)
