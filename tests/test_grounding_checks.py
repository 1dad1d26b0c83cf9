"""grounding: every actor, proper name, number and date of an event is in its evidence (quotes plus
their sentences, or whole footnotes), or declared inferred with a reason."""

from __future__ import annotations

import pytest

from dashboard import __main__ as cli
from dashboard.core import grounding, load, paths

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


# -- The four mutations of the fixture tree: each caught, with file and line -------------------

EV = "curated/events/sample.yaml"
MUTATIONS = [
    ("actor-never-named", "actors", "relations-1904: actor SUN is not named in the passages or their sentences: "
     "quote a passage that names it, remove it, or declare it inferred",
     (EV, "  actors: [PAN, RUS]\n  themes: [diplomacy]", "  actors: [PAN, RUS, SUN]\n  themes: [diplomacy]"),
     "actors: [PAN, RUS, SUN]"),
    ("invented-name", "summary", "memorandum-2025: name 'Gazprom' is not in the passages or their sentences",
     (EV, "memorandum on maritime cooperation.", "memorandum on maritime cooperation with Gazprom."), "with Gazprom"),
    ("number-not-quoted", "summary", "trade-growth-2003-2009: number '40' is not in the passages or their sentences",
     (EV, "trade grew steadily over these years.", "trade grew 40 percent over these years."), "grew 40 percent"),
    ("event-year-not-quoted", "date", "relations-1904: year 1905 of the date is not in the passages or their "
     "sentences", (EV, 'date: "1904"', 'date: "1905"'), 'date: "1905"'),
]  # fmt: skip


def _line_of(path, needle: str) -> int:
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(("name", "field", "message", "edit", "anchor"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_mutation_is_caught_with_file_and_line(make_tree, name, field, message, edit, anchor):
    tree = make_tree(edits=[edit])
    result = load.load(tree.paths)
    assert not result.ok
    line = _line_of(tree.data / "events" / "sample.yaml", anchor)
    assert [str(p) for p in result.problems] == [p for p in map(str, result.problems) if message in p]
    (problem,) = result.problems
    assert (problem.file, problem.line, problem.field) == ("events/sample.yaml", line, field)
    assert str(problem).startswith(f"events/sample.yaml:{line}: {field}: ") and message in str(problem)


def test_the_unmutated_fixture_is_grounded(valid_tree):
    result = load.load(valid_tree.paths)
    assert result.ok and result.grounding.checked == 4 and not result.grounding.findings
    assert len(result.grounding.declared) == 4


def test_grounding_can_be_left_out_for_a_baseline(make_tree):
    tree = make_tree(edits=[MUTATIONS[1][3]])
    assert load.load(tree.paths, check_grounding=False).ok


def test_an_unused_inference_is_a_finding(make_tree):
    tree = make_tree(edits=[(EV, '    - {field: numbers, value: "two"', '    - {field: numbers, value: "three"')])
    result = load.load(tree.paths)
    messages = [str(p) for p in result.problems]
    assert any("inferred[0]: memorandum-2025: numbers 'three' is declared inferred" in m for m in messages)
    assert any("number 'two' is not in the passages" in m for m in messages)


def test_strict_command_exits_1_on_a_finding_and_reports_file_and_line(make_tree, capsys):
    tree = make_tree(edits=[MUTATIONS[0][3]])
    args = ["grounding", "--data", str(tree.data), "--seeds", str(tree.seeds)]
    assert cli.main(args) == 0 and cli.main([*args, "--strict"]) == 1
    out = capsys.readouterr().out
    assert "alpha: 1 finding(s) (actors 1, names 0, numbers 0, dates 0), 4 declared inference(s)" in out
    assert f"sample.yaml:{_line_of(tree.data / 'events' / 'sample.yaml', 'SUN]')}: actors: relations-1904:" in out


def test_validate_runs_the_grounding_checks(make_tree, capsys):
    tree = make_tree(edits=[MUTATIONS[3][3]])
    assert cli.main(["validate", "--data", str(tree.data), "--seeds", str(tree.seeds)]) == 1
    assert "year 1905 of the date is not in the passages" in capsys.readouterr().err


# -- Evidence units: sentences, footnotes, their boundaries ------------------------------------

FOOTNOTES = ("Abstract. Russia and Latin America.\n\n  1. 1.\n    Moscow sent a delegation. It met officials in"
             " Lima.Google Scholar\n  2. 2.\n    Caracas bought 24 aircraft.\n\nCopyright")  # fmt: skip


@pytest.mark.parametrize(("quote", "actors", "expected"), [
    ("It met officials in Lima", ("RUS",), set()),                  # the whole footnote is evidence
    ("It met officials in Lima", ("VEN",), {("actors", "VEN")}),     # ...but not the next footnote
    ("Caracas bought 24 aircraft", ("VEN",), set()),
    ("Caracas bought 24 aircraft", ("RUS",), {("actors", "RUS")}),   # a quote at a footnote boundary
])  # fmt: skip
def test_footnote_evidence(quote, actors, expected):
    found = missing(FOOTNOTES, quote, unit="footnote", actors=actors, date="2009", date_basis="reported",
                    published={"s": "2009"})  # fmt: skip
    assert found == expected


def test_sentence_evidence_stops_at_the_sentence_but_not_after_initials():
    text = "The U.S. Senate met. Russia replied."
    starts = grounding.sentence_starts(text)
    assert starts == [0, text.index("Russia")]


@pytest.mark.parametrize(("claim", "names"), [
    ("Panama and Russia sign a memorandum", []),                       # first word, actor names
    ("Russia's Economy Minister German Gref visits Panama", ["Economy Minister German Gref"]),
    ("Trade grew in April 2009, said the Ministry", ["Ministry"]),       # months are no names
    ("Russia–Panama ties: Lavrov and Mulino meet", ["Mulino"]),     # after a colon: a first word
    ("Soviet Union opens ties with Mexico", []),
])  # fmt: skip
def test_proper_names(claim, names):
    g = grounding.Grounder({"s": "x"}, {}, [*ACTORS, {"id": "SUN", "name": "Soviet Union"},
                                               {"id": "MEX", "name": "Mexico"}], THEMES)  # fmt: skip
    assert grounding.proper_names(claim, g.ignore) == names


def test_accents_and_possessives_ground_a_name():
    text = "Chavez met Gref's team in Caracas in 2009."
    assert missing(text, "Chavez met", actors=("VEN",), title="Meeting of Chávez and Gref") == set()


def test_inference_text_names_the_actor():
    item = {"field": "actors", "value": "VEN", "reason": "the footnote stands between two on Caracas"}
    assert grounding.inference_text(item, {"VEN": "Venezuela"}) == (
        "Venezuela — because the footnote stands between two on Caracas")
    assert grounding.inference_text({"field": "numbers", "value": "200", "reason": "r"}).startswith("the number 200")


# -- The real data -------------------------------------------------------------------------------


def test_the_real_data_has_no_grounding_finding():
    result = load.load(paths.resolve())
    assert result.ok, "\n".join(map(str, result.problems[:20]))
    assert result.grounding.checked == len(result.dataset.events) > 100
    assert result.grounding.findings == []
    assert 0 < len(result.grounding.declared) < len(result.dataset.events) // 5  # few inferences


# -- What readers see: the declared inference and the evidence marks in the passage panel -------


def test_passage_panel_shows_the_declared_inference_and_the_evidence_marks():
    from apptest_support import open_page

    at = open_page("app_pages/data.py", params={"event": "sz-military-parade-igla-missiles-2009"})
    text = "\n".join(m.value for m in at.markdown)
    assert "**Inferred by the curators:** Venezuela — because footnote 35 names no country" in text
    captions = [c.value for c in at.caption]
    assert "*Russian*" in text or "*Russia*" in text  # the word, italic, inside the quoted text
    assert "‹" not in text  # and no label inside it: the actor is named under the passage
    assert any(c.startswith("Names in this passage: ") and ("*Russian* → Russia" in c or "*Russia* → Russia" in c)
               for c in captions)  # fmt: skip
    assert any("not named in this passage: Venezuela" in c for c in captions)  # the declared inference
    assert any("*Italic*: a word that names one of the event's actors" in c for c in captions)  # the legend
    (table,) = at.dataframe
    assert table.value["inferred"].str.startswith("✱").sum() == 12  # one marker per event with inferences
