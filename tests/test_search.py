"""Search as people type: case, accents, word forms, actor names; the matched words marked."""

import pytest

from dashboard.core import search
from dashboard.core.filters import Filters, apply
from dashboard.ui.text import fill, highlighted


@pytest.mark.parametrize("text, expected", [
    ("Chávez", "chavez"), ("CHÁVEZ", "chavez"), ("Panamá", "panama"), ("São Paulo", "sao paulo"),
    ("Ñandú", "nandu"), ("Ærø", "ærø"), ("Straße", "straße"), ("İstanbul", "istanbul"),
])  # fmt: skip
def test_fold_keeps_offsets_and_drops_case_and_accents(text, expected):
    assert search.fold(text) == expected and len(search.fold(text)) == len(text)


@pytest.mark.parametrize("query, text, found", [
    ("Chavez", "Obama shook hands with Chávez", True),
    ("chávez", "CHAVEZ", True),
    ("deregister", "the deregistration of vessels", True),
    ("deregistration", "Panama will deregister them", True),
    ("sanctioned", "new sanctions", True),
    ("sanct", "sanctions", True),  # a half-typed word
    ("san", "sanctions", False),  # too short to stand for longer words
    ("register", "deregistration", False),  # a word form, not any substring
    ("flags", "flag of convenience", True),
    ("canal", "Canals", True),
])  # fmt: skip
def test_word_forms(query, text, found):
    stems = search.query_stems(query)
    text_stems = [search.stem(w) for w in search.words(text)]
    assert all(any(search.matches_stem_any(t, [s]) for t in text_stems) for s in stems) is found
    assert bool(search.marks(text, query)) is found


def test_marks_are_offsets_in_the_original_text():
    text = "Chávez met the Deregistration board; CHAVEZ left."
    spans = search.marks(text, "chavez deregister")
    assert [text[a:b] for a, b in spans] == ["Chávez", "Deregistration", "CHAVEZ"]


def test_the_passage_panel_marks_the_matched_words_escaped():
    before, quote, after = "Before *x* ", "Chávez [spoke] of Russia", " after"
    shown = before + quote + after
    found = [(100 + a, 100 + b) for a, b in search.marks(shown, "chavez russia")]
    actor = (100 + shown.index("Russia"), 100 + shown.index("Russia") + 6, "RUS")
    out = highlighted(before, quote, after, marks=[actor], offset=100, found=found)
    assert fill("Chávez", "found") in out and "\\*x\\*" in out and "\\[spoke\\]" in out
    assert fill("*Russia*", "found") in out  # an actor word the search matched: both marks
    assert highlighted("a", "b", "c") == highlighted("a", "b", "c", found=[])


@pytest.mark.parametrize("query", ["Chavez", "Chávez", "CHAVEZ"])
def test_the_issue_cases_chavez(real, query):
    ids = set(apply(Filters(q=query), real)["id"])
    assert "sz-obama-chavez-handshake-summit-2009" in ids


def test_the_issue_cases_deregister_and_moscow(real):
    assert "edm-moscow-reaction-vessel-deregistration-2025" in set(apply(Filters(q="deregister"), real)["id"])
    russia = set(real.event_actors.loc[real.event_actors["actor_id"] == "RUS", "event_id"])
    moscow = set(apply(Filters(q="Moscow"), real)["id"])
    assert russia <= moscow and russia <= set(apply(Filters(q="the Kremlin"), real)["id"])
    assert set(apply(Filters(q="moscow deregister"), real)["id"]) == {"edm-moscow-reaction-vessel-deregistration-2025"}


def test_notes_are_searched(real):
    noted = real.events.dropna(subset=["note"]).iloc[0]
    word = max(search.words(noted["note"]), key=len)
    assert noted["id"] in set(apply(Filters(q=word), real)["id"])


@pytest.mark.parametrize("query, actor", [("the Kremlin", "RUS"), ("United States", "USA"), ("Moscow", "RUS"),
                                           ("Washington", "USA")])  # fmt: skip
def test_a_phrase_naming_an_actor_finds_its_events(real, query, actor):
    theirs = set(real.event_actors.loc[real.event_actors["actor_id"] == actor, "event_id"])
    assert theirs and theirs <= set(apply(Filters(q=query), real)["id"])
