"""draft: the uncovered date mentions of a source as draft events; drafts are shape-checked by
validate and never loaded; a draft cannot pass as an event."""

from __future__ import annotations

import shutil

import pytest
import yaml

from dashboard import __main__ as cli
from dashboard.core import drafts, load, schema
from dashboard.core.paths import BUNDLED_DATA, BUNDLED_SEEDS, DataPaths
from dashboard.core.provenance import Span, date_mentions
from tests.test_ingest import HTML_PAGE, PDF_PAGES, make_pdf


@pytest.fixture
def real_tree(tmp_path) -> DataPaths:
    """A copy of the bundled data (its actors, their naming words and the themes' keywords)."""
    shutil.copytree(BUNDLED_DATA, tmp_path / "curated")
    shutil.copytree(BUNDLED_SEEDS, tmp_path / "seeds")
    return DataPaths(tmp_path / "curated", tmp_path / "seeds")


def _main(*argv) -> int:
    return cli.main(list(argv))


def _add_and_draft(tree: DataPaths, tmp_path, name: str, content: bytes, source_id: str) -> list[dict]:
    original = tmp_path / name
    original.write_bytes(content)
    data = ["--data", str(tree.data), "--seeds", str(tree.seeds)]
    assert _main("add-source", str(original), "--id", source_id, *data) == 0
    assert _main("draft", source_id, *data) == 0
    return yaml.safe_load((tree.data / "drafts" / f"{source_id}.yaml").read_text(encoding="utf-8"))


def _essentials(found: list[dict]) -> list[tuple]:
    return [(d["date"], d["date_basis"], d["actors"], d["themes"], d["passages"][0]["quote"]) for d in found]


def test_html_fixture_drafts_its_expected_events(real_tree, tmp_path):
    found = _add_and_draft(real_tree, tmp_path, "memo.html", HTML_PAGE.encode(), "memo")
    assert _essentials(found) == [
        ("2024-03-05", "event", ["PAN", "RUS"], ["diplomacy"],
         "On 5 March 2024, the foreign ministers of Russia and Panama signed a memorandum on consular "
         "cooperation in Panama City."),
        ("2023-11", "event", ["RUS"], ["diplomacy", "trade", "maritime"],
         "The agreement follows talks held in Moscow in November 2023, when both sides discussed maritime trade "
         "and the canal."),
        ("1999/..", "event", ["PAN"], ["recognition", "maritime"],
         "Panama’s government said the memorandum does not change its neutrality regarding the canal, which it "
         "has administered since 1999 (La Prensa, March 6, 2024)."),
        ("2024-03-06", "reported", ["PAN"], ["recognition", "maritime"],
         "Panama’s government said the memorandum does not change its neutrality regarding the canal, which it "
         "has administered since 1999 (La Prensa, March 6, 2024)."),
    ]  # fmt: skip
    for draft in found:
        assert draft["tone"] == "neutral" and draft["confidence"] == "low" and "Draft" in draft["note"]
        assert draft["title"].startswith(schema.PLACEHOLDER) and draft["summary"].startswith(schema.PLACEHOLDER)


def test_pdf_fixture_drafts_its_expected_events(real_tree, tmp_path):
    found = _add_and_draft(real_tree, tmp_path, "paper.pdf", make_pdf(PDF_PAGES), "paper")
    assert [(d["date"], d["date_basis"], d["actors"]) for d in found] == [
        ("1903", "event", ["PAN", "RUS"]),
        ("1993-06-22", "event", ["PAN", "RUS"]),
        ("1993-07", "reported", ["PAN"]),  # the footnote: a citation's date
        ("2019-03", "event", []),
    ]
    assert found[2]["passages"][0]["quote"] == "1 Ministry of Foreign Affairs of Panama, bulletin of July 1993."


def test_drafts_validate_for_shape_but_fail_as_events(real_tree, tmp_path, capsys):
    found = _add_and_draft(real_tree, tmp_path, "memo.html", HTML_PAGE.encode(), "memo")
    data = ["--data", str(real_tree.data), "--seeds", str(real_tree.seeds)]
    assert _main("validate", *data) == 0  # drafts/ is shape-checked and passes
    assert load.load(real_tree).dataset.events["id"].str.startswith("draft-").sum() == 0  # never loaded
    moved = real_tree.data / "events" / "moved.yaml"
    moved.write_text(yaml.safe_dump(found[:1], allow_unicode=True, sort_keys=False), encoding="utf-8")
    capsys.readouterr()
    assert _main("validate", *data) == 1
    err = capsys.readouterr().err
    assert "title: draft-memo-line-2: still a draft's placeholder" in err
    assert "summary:" in err and "tone_rationale:" in err


def test_a_draft_with_a_wrong_shape_fails_validate(real_tree, capsys):
    (real_tree.data / "drafts").mkdir()
    (real_tree.data / "drafts" / "bad.yaml").write_text("- id: x\n  dat: 2020\n", encoding="utf-8")
    assert _main("validate", "--data", str(real_tree.data), "--seeds", str(real_tree.seeds)) == 1
    err = capsys.readouterr().err
    assert "drafts/bad.yaml:2: dat: x: unknown field `dat` (did you mean `date`?)" in err


def test_draft_refuses_to_overwrite_and_unknown_sources(real_tree, tmp_path, capsys):
    _add_and_draft(real_tree, tmp_path, "memo.html", HTML_PAGE.encode(), "memo")
    data = ["--data", str(real_tree.data), "--seeds", str(real_tree.seeds)]
    assert _main("draft", "memo", *data) == 1
    assert "exists" in capsys.readouterr().err
    assert _main("draft", "nope", *data) == 1
    assert "unknown source 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "date"), [
    ("It happened on 7 April 2025.", "2025-04-07"),
    ("It happened on April 7, 2025.", "2025-04-07"),
    ("It happened in Sept. 2001.", "2001-09"),
    ("Dated 02.02.2026 here.", "2026-02-02"),
    ("It happened in 1999.", "1999"),
    ("Ties grew after 1999.", "1999/.."),
    ("Ties grew since 1999 and more.", "1999/.."),
    ("Nothing before 1999.", "../1999"),
    ("From 1990 to 1995 they talked.", "1990/1995"),
    ("Between 1990 and 1995 they talked.", "1990/1995"),
    ("In 1990–1995 they talked.", "1990/1995"),
])  # fmt: skip
def test_date_mentions_become_dates_with_their_precision(text, date):
    found = drafts.read_mentions(text, date_mentions(text))
    assert [m.date for m in found] == [date]


def test_two_years_joined_by_and_without_between_stay_two_events():
    text = "Visits in 1990 and 1995."
    assert [m.date for m in drafts.read_mentions(text, date_mentions(text))] == ["1990", "1995"]


def test_a_citation_line_is_quoted_from_its_author_on():
    text = "Intro.\nN. Zinoviev, ‘Dinamica’, ITAR-TASS. 11 September 2007. Next sentence."
    start = text.index("11 September")
    span = drafts.sentence_at(text, Span(start, start + len("11 September 2007")))
    assert text[span.start : span.end] == "N. Zinoviev, ‘Dinamica’, ITAR-TASS. 11 September 2007."


def test_sentence_does_not_end_at_initials_and_takes_in_the_sentence_before_a_leading_date():
    text = "Intro. Dr. N. Ivanov went to Panama. 11 September 2007 was the day. Next."
    start = text.index("11 September")
    span = drafts.sentence_at(text, Span(start, start + len("11 September 2007")))
    assert text[span.start : span.end] == "Dr. N. Ivanov went to Panama. 11 September 2007 was the day."


def test_repeated_quote_gets_a_prefix_or_suffix():
    text = "A said it in 2001. Then B.\nA said it in 2001. Then C."
    second = text.rindex("A said")
    extra = drafts._disambiguate(text, Span(second, second + len("A said it in 2001.")))
    assert extra["prefix"] or extra["suffix"]
