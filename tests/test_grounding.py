"""grounding: every actor, proper name, number and date of an event is in its evidence (quotes plus
their sentences, or whole footnotes), or declared inferred with a reason."""

from __future__ import annotations

import pytest

from dashboard import __main__ as cli
from dashboard.core import grounding

ACTORS = [
    {"id": "PAN", "name": "Panama", "aliases": ["Panama City"], "naming_words": ["Panamanian"]},
    {"id": "RUS", "name": "Russia", "aliases": ["Moscow", "the Kremlin"], "naming_words": ["Russian"]},
    {"id": "USA", "name": "United States", "aliases": ["U.S.", "US", "Washington"], "naming_words": ["American"],
     "not_naming": ["Latin American"]},
    {"id": "VEN", "name": "Venezuela", "aliases": ["Caracas"], "naming_words": ["Venezuelan"]},
]  # fmt: skip
THEMES = ["Maritime, shipping and the canal", "Sanctions and compliance"]


def grounder(text: str, unit: str = "sentence") -> grounding.Grounder:
    return grounding.Grounder({"s": text}, {"s": unit}, ACTORS, THEMES)


def claims(text: str, quote: str, **overrides) -> grounding.EventClaims:
    start = text.index(quote)
    values = dict(id="ev", file="events/s.yaml", line=1, title="Event", summary="Something happened.",
                  actors=("PAN",), date="2009", date_basis="event", spans=(("s", start, start + len(quote)),))  # fmt: skip
    return grounding.EventClaims(**(values | overrides))


def missing(text: str, quote: str, unit: str = "sentence", **overrides) -> set[tuple[str, str]]:
    findings, _ = grounder(text, unit).check(claims(text, quote, **overrides))
    return {(f.check, f.value) for f in findings}


SEED = ("In 2009 Panamanian authorities deregistered 200+ vessels of Russian carriers. The U.S. "
        "welcomed the step. Officials in Caracas said nothing. Two hundred ships were affected, "
        "worth $10 billion in 2009. Moscow noted the total of 4,321 tonnes.")  # fmt: skip


@pytest.mark.parametrize(("quote", "actors", "expected"), [
    ("Panamanian authorities", ("PAN",), set()),                               # demonym
    ("Panamanian authorities", ("PAN", "RUS"), set()),                         # the sentence names Russia
    ("Panamanian authorities", ("PAN", "USA"), {("actors", "USA")}),           # next sentence does not count
    ("welcomed the step", ("USA",), set()),                                    # "U.S." with dots
    ("Officials in Caracas", ("VEN",), set()),                                 # a capital
    ("Moscow noted", ("RUS",), set()),
    ("Officials in Caracas", ("VEN", "RUS"), {("actors", "RUS")}),
])  # fmt: skip
def test_actors(quote, actors, expected):
    assert {m for m in missing(SEED, quote, actors=actors) if m[0] == "actors"} == expected


@pytest.mark.parametrize(("summary", "expected"), [
    ("Panama deregistered 200+ vessels.", set()),
    ("Panama deregistered 200 vessels.", set()),
    ("Panama deregistered two hundred vessels.", set()),
    ("Panama deregistered 300 vessels.", {("numbers", "300")}),
    ("Panama deregistered three hundred vessels.", {("numbers", "three hundred")}),
])  # fmt: skip
def test_numbers(summary, expected):
    assert {m for m in missing(SEED, "200+ vessels", summary=summary) if m[0] == "numbers"} == expected


@pytest.mark.parametrize(("summary", "expected"), [
    ("Ships worth $10 billion were affected.", set()),
    ("Ships worth 10 billion dollars were affected.", set()),
    ("Ships worth $10,000 million were affected.", set()),
    ("Ships worth $12 billion were affected.", {("numbers", "12 billion")}),
    ("Two hundred ships were affected.", set()),
    ("200 ships were affected.", set()),
])  # fmt: skip
def test_numbers_with_magnitudes_and_words(summary, expected):
    assert {m for m in missing(SEED, "Two hundred ships", summary=summary) if m[0] == "numbers"} == expected


def test_thousands_separator():
    assert missing(SEED, "Moscow noted", actors=("RUS",), summary="Moscow counted 4,321 tonnes.") == {("dates", "2009")}
    assert ("numbers", "4,322") in missing(SEED, "Moscow noted", actors=("RUS",), summary="Moscow counted 4,322.")


def test_grounding_command_reports_per_source(capsys):
    assert cli.main(["grounding"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Grounding: ")
    assert "events checked" in out
