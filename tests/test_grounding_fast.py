"""The fast forms of the grounding checks give what their plain forms give.

grounding.py computes some things the quick way (one regex instead of a regex and a search per
match, a stem test before three substring searches, the text without accents only when needed,
no EventClaims for a grounded event). Each is checked here against the plain way, written out
in the test, on random texts built from the pieces that matter (abbreviations, accents,
possessives, numbers, footnote marks)."""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata

import pytest

from dashboard.core import grounding, load, paths

PIECES = ["U.S.", "US", "us", "Russia", "Russian", "Russians'", "Moscow", "Kremlin’s", "Panama", "Panamax",
          "Latin American", "Soviet\nUnion", "Chávez", "Chavez", "Gref's", "Colón", "İstanbul", "ß", "ﬁ", "ΣΑΣ", "×",
          "200", "200+", "2,000", "1,2345", "3.5", "10 billion", "$10bn", "10 Bln", "5 m", "3K", "A380", "two hundred",
          "Twenty-five", "19th", "1990s", "1995", "19901991", "March", "Mr. ", "Mrs.", "e.g. ", "i.e.", "approx. ",
          "Sept. ", "A. ", "J.", "Co.", "Inc. ", " ", "  ", "\t", "\n", "\n\n", ". ", "! ", "? ", ".\" ", ".) ", ": ",
          "’s ", "-", "_", "(", "“", "x", "a", "S", "  1. 1.\n", "  2. 2.\n", "Harry S Truman", "Ministry"]  # fmt: skip


def texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test texts, not secrets
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(n)]


# -- Sentence ends: one regex with lookbehinds = a regex, then a search per candidate ----------

_PLAIN_END = re.compile(r"[.!?][\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9])|\n")
_PLAIN_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:" + "|".join(re.escape(w) for w in grounding.ABBREVIATIONS) + r"))\.$")


def plain_sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _PLAIN_END.finditer(text):
        if m.group() != "\n" and _PLAIN_ABBREVIATION.search(text, max(0, m.start() - 8), m.start() + 1):
            continue
        starts.append(m.end())
    return starts


def test_sentence_starts_equal_the_plain_way():
    samples = [*texts(20_000), "The U.S. Senate met. Russia replied.", "Mr. Smith left. approx. 5 ships. Then",
               "It was e.g. here. I.e. there! Why? Yes.\nNo", "Sept. 5. Oct. 6. Dr. No. No. 5."]  # fmt: skip
    assert [grounding.sentence_starts(t) for t in samples] == [plain_sentence_starts(t) for t in samples]


# -- Numbers: the digit pattern starting with the digit = the one starting with a lookahead ------

_PLAIN_DIGITS = re.compile(
    r"(?=\d)(?<![\w.,])(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(\+)?"
    r"(?:(?:\s|-)?(thousand|million|billion|trillion|bln|bn|mln|mn|tn|m|k)\b)?", re.I)  # fmt: skip


def test_digit_pattern_equals_the_plain_way():
    for text in texts(20_000, seed=1):
        assert [(m.span(), m.groups()) for m in grounding._DIGITS.finditer(text)] == [
            (m.span(), m.groups()) for m in _PLAIN_DIGITS.finditer(text)]
        for at in (i for i, c in enumerate(text) if c.isdigit()):
            fast, plain = grounding._DIGITS.match(text, at), _PLAIN_DIGITS.match(text, at)
            assert (fast and (fast.span(), fast.groups())) == (plain and (plain.span(), plain.groups()))


# -- Words: stems first, accents only when needed = every form in the lowercased text -----------


def plain_has_word(text: str, forms) -> bool:
    low = text.casefold()
    if not low.isascii():
        low += "\n" + unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()
    for form in forms:
        at = low.find(form)
        while at != -1:
            end = at + len(form)
            if (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalnum()):
                return True
            at = low.find(form, at + 1)
    return False


def test_word_tests_equal_the_plain_way():
    words = ["Russia", "Russians", "Gref", "Chavez", "Chávez", "Colon", "S", "s", "es", "Istanbul", "fi", "Panama",
             "Union", "Kremlin", "Ministry", "Harry", "Truman", "US", "Σας"]  # fmt: skip
    for text in texts(5_000, seed=2):
        evidence = grounding.Evidence(text)
        for word in words:
            expected = plain_has_word(text, grounding.word_forms(word))
            assert evidence.has_word(grounding.word_forms(word)) == expected, (text, word)
            assert evidence.has_form(grounding._form_groups(word)) == expected, (text, word)


def test_proper_names_with_a_shared_cache_and_the_quick_exit():
    g = grounding.Grounder({"s": "x"}, {}, [{"id": "PAN", "name": "Panama"}, {"id": "RUS", "name": "Russia",
                                                                               "naming_words": ["Russian"]}])  # fmt: skip
    known: dict[str, bool] = {}
    for text in [*texts(5_000, seed=3), "Panama and Russia", "Russian ships in Panama", "Panama: Gref's visit"]:
        assert grounding.proper_names(text, g.ignore, known) == grounding.proper_names(text, g.ignore), text
    assert grounding.proper_names("Panama and Russia sign a Russian deal", g.ignore, known) == []


# -- The loader's fast path (no EventClaims for a grounded event) = Grounder.check --------------


@pytest.mark.parametrize("tree", ["real", "valid", "hostile"])
def test_loader_fast_path_equals_check(tree):
    data_paths = paths.resolve() if tree == "real" else paths.DataPaths(
        paths.Path(__file__).parent / "fixtures" / tree / "curated", paths.Path(__file__).parent / "fixtures" / tree / "seeds")
    problems: list = []
    grouped = load.read_records(data_paths.data, problems)
    recs = {kind: load._check_unique(items, kind.removesuffix("s"), problems) for kind, items in grouped.items()}
    texts_, _ = load.check_references(recs, data_paths, problems)
    grounder, published = load.grounder_for(recs, texts_)
    compared = 0
    for rec in recs["events"].values():
        rows = load.check_event(rec, recs, texts_, [])
        found = [(r[3], r[5], r[6]) for r in rows]
        fast = load.ground_event(grounder, published, rec, found)
        if fast is None:
            continue
        # every event, and the same event with a claim the passages do not make
        assert fast == grounder.check(load._event_claims(rec, found, published))
        summary = rec.model.summary + " It involved Zorvath Quell and 4,321 ships."
        worse = dataclasses.replace(rec, model=rec.model.model_copy(update={"summary": summary}))
        assert load.ground_event(grounder, published, worse, found) == grounder.check(
            load._event_claims(worse, found, published))
        compared += 1
    assert compared > 0
