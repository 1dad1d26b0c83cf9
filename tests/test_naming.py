"""naming: which words name which actor, as whole words, in the cases and inflections sources use."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.core import naming
from dashboard.core.yamlfile import load_yaml

ACTORS_YAML = Path(__file__).resolve().parents[1] / "curated" / "actors.yaml"


@pytest.fixture(scope="module")
def real():
    rows = [dict(r) for r in load_yaml(ACTORS_YAML).data]
    return naming.patterns(pd.DataFrame(rows))


@pytest.mark.parametrize(("text", "actor"), [
    ("Russia signed", "RUS"),
    ("Russia's fleet", "RUS"),
    ("Russia’s fleet", "RUS"),
    ("Russian carriers", "RUS"),
    ("two Russians arrived", "RUS"),
    ("the Russians’ ships", "RUS"),
    ("RUSSIAN VESSELS", "RUS"),
    ("Moscow reads it", "RUS"),
    ("the Kremlin said", "RUS"),
    ("Kremlin's line", "RUS"),
    ("the Russian Federation", "RUS"),
    ("Russia–Panama ties", "RUS"),
    ("pro-Russian media", "RUS"),
    ("Panamanian authorities", "PAN"),
    ("Panamanians voted", "PAN"),
    ("Panama's registry", "PAN"),
    ("(Panama)", "PAN"),
    ("the Soviet Union", "SUN"),
    ("Soviet policy", "SUN"),
    ("the Soviets", "SUN"),
    ("the USSR", "SUN"),
    ("U.S. pressure", "USA"),
    ("pressure from the U.S.", "USA"),
    ("US pressure", "USA"),
    ("the US-military", "USA"),
    ("American dominance", "USA"),
    ("Americans in Panama", "USA"),
    ("anti-American", "USA"),
    ("Washington sent", "USA"),
    ("the United States", "USA"),
    ("United States'", "USA"),
    ("Chinese investment", "CHN"),
    ("Beijing rejected", "CHN"),
    ("the PRC", "CHN"),
    ("the People's Republic of China", "CHN"),
    ("the People’s Republic of China", "CHN"),
    ("the Republic of China", "TWN"),
    ("Taiwan's aid", "TWN"),
    ("Taipei", "TWN"),
    ("the Qing dynasty", "QNG"),
    ("Cuban exiles", "CUB"),
    ("Venezuelan oil", "VEN"),
    ("Caracas", "VEN"),
    ("Brazilian market", "BRA"),
    ("Peruvian navy", "PER"),
    ("Argentine wheat", "ARG"),
    ("UN General Assembly", "UN"),
    ("the UN", "UN"),
    ("the Central American Parliament", "PARLACEN"),
    ("PARLACEN's decision", "PARLACEN"),
    ("Organization of American States", "OAS"),
    ("UN Security Council", "UNSC"),
])  # fmt: skip
def test_named(real, text, actor):
    assert actor in naming.named_actors(text, real)
    assert naming.names(text, real[actor])


@pytest.mark.parametrize(("text", "actor"), [
    ("Prussian troops", "RUS"),       # whole words only
    ("Russianness", "RUS"),
    ("Panamax ships", "PAN"),
    ("let us go", "USA"),             # the pronoun is no United States
    ("Us and them", "USA"),
    ("trust us.", "USA"),
    ("focus on business", "USA"),
    ("Latin American markets", "USA"),
    ("Central American Parliament", "USA"),
    ("South American summit", "USA"),
    ("Inter-American Development Bank", "USA"),
    ("Organization of American States", "USA"),
    ("the Americas", "USA"),
    ("Latin America", "USA"),
    ("the Republic of China (Taiwan)", "CHN"),
    ("Sovietera alliance", "SUN"),
    ("unarmed", "UN"),
    ("a United front", "UN"),
    ("the un-named", "UN"),
    ("Moscow-born", "PAN"),
])  # fmt: skip
def test_not_named(real, text, actor):
    assert actor not in naming.named_actors(text, real)


def test_longer_match_wins_and_marks_do_not_overlap(real):
    text = "The UN Security Council and the Organization of American States met Russian officials."
    found = naming.marks(text, real)
    assert [(text[s:e], a) for s, e, a in found] == [
        ("UN Security Council", "UNSC"), ("Organization of American States", "OAS"), ("Russian", "RUS")]


def test_marks_give_offsets_across_line_breaks(real):
    text = "ties with the Soviet\nUnion and Panama's canal"
    assert [(text[s:e], a) for s, e, a in naming.marks(text, real)] == [
        ("Soviet\nUnion", "SUN"), ("Panama's", "PAN")]


def test_plain_dict_of_patterns_gives_the_same_marks(real):
    text = "Latin American states, Russian carriers, U.S. pressure and the Republic of China"
    assert naming.marks(text, dict(real)) == naming.marks(text, real)


@pytest.mark.parametrize(("word", "abbreviation"), [
    ("US", True), ("U.S.", True), ("UNSC", True), ("G8", False), ("Russia", False), ("RF", True), ("Us", False),
])  # fmt: skip
def test_abbreviations_are_case_sensitive(word, abbreviation):
    assert naming.is_abbreviation(word) is abbreviation


def test_name_without_parenthetical_and_leading_the():
    found = naming.patterns(pd.DataFrame([
        {"id": "CHN", "name": "China (People's Republic)", "aliases": [], "naming_words": ["the Middle Kingdom"]},
    ]))
    assert naming.named_actors("China and the Middle Kingdom's trade", found) == {"CHN"}
    assert naming.named_actors("Middle Kingdom", found) == {"CHN"}


def test_missing_optional_columns():
    found = naming.patterns(pd.DataFrame([{"id": "PAN", "name": "Panama", "aliases": None}]))
    assert naming.named_actors("Panama", found) == {"PAN"}
    assert naming.marks("", found) == []


def test_regex_characters_in_words_are_literal():
    found = naming.patterns(pd.DataFrame([{"id": "XX", "name": "A+B (Group)", "aliases": ["C.D"]}]))
    assert naming.named_actors("the A+B group", found) == {"XX"}
    assert naming.named_actors("CxD", found) == set()


def test_every_real_actor_has_a_pattern(real):
    rows = load_yaml(ACTORS_YAML).data
    assert len(real) == len(rows) > 30
