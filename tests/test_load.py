"""load: the valid fixture becomes the expected tables; each single defect becomes exactly one
located problem (file, line, field, message)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core import coverage, load, yamlfile
from dashboard.core.load import Problem

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"


def line_containing(path: Path, needle: str | bytes) -> int:
    """1-based number of the only line of path that contains needle (found by content, not position)."""
    raw = path.read_bytes()
    if isinstance(needle, str):
        needle = needle.encode("utf-8")
    lines = [i for i, line in enumerate(raw.split(b"\n"), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines} of {path}, expected exactly one"
    return lines[0]


EV = "curated/events/sample.yaml"
SRC = "curated/sources.yaml"
PER = "curated/periods.yaml"
ACT = "curated/actors.yaml"
THM = "curated/themes.yaml"

EXPECTED_EVENTS = {
    # id: (date, start, end, precision, approximate, confidence)
    "memorandum-2025": ("2025-04-07", "2025-04-07", "2025-04-07", "day", False, "high"),
    "relations-1904": ("1904", "1904-01-01", "1904-12-31", "year", False, "medium"),
    "trade-growth-2003-2009": ("2003/2009", "2003-01-01", "2009-12-31", "range", False, "high"),
    "agreement-welcomed-2025": ("2025-06~", "2025-06-01", "2025-06-30", "month", True, "low"),
}


# =============================================================================================
# The valid tree


def test_valid_fixture_loads(valid_dataset):
    assert valid_dataset.counts() == {"events": 4, "passages": 6, "sources": 2, "actors": 3,
                                      "themes": 3, "periods": 1}  # fmt: skip
    assert valid_dataset.summary() == "4 events, 6 passages, 2 sources, 3 actors, 3 themes, 1 periods"


def test_load_result_ok(valid_tree):
    """Also the premise of every invalid case: the unedited copy is valid."""
    result = load.load(valid_tree.paths)
    assert result.ok and result.problems == []


def test_events_frame(valid_dataset):
    events = valid_dataset.events
    for column in ("id", "date", "date_label", "start", "end", "precision", "approximate", "uncertain",
                   "date_basis", "title", "summary", "kind", "tone", "tone_rationale", "confidence",
                   "note", "actors", "themes", "primary_theme", "sources", "file", "line", "year",
                   "search_text"):  # fmt: skip
        assert column in events.columns, column
    assert pd.api.types.is_datetime64_any_dtype(events["start"])
    assert pd.api.types.is_datetime64_any_dtype(events["end"])
    assert set(events["id"]) == set(EXPECTED_EVENTS)
    assert list(events["start"]) == sorted(events["start"])  # chronological
    by_id = events.set_index("id")
    for event_id, (text, start, end, precision, approximate, confidence) in EXPECTED_EVENTS.items():
        row = by_id.loc[event_id]
        assert row["date"] == text, event_id
        assert row["start"].date() == date.fromisoformat(start), event_id
        assert row["end"].date() == date.fromisoformat(end), event_id
        assert row["precision"] == precision, event_id
        assert row["approximate"] == approximate, event_id
        assert row["confidence"] == confidence, event_id
        assert row["year"] == date.fromisoformat(start).year
        assert row["file"] == "events/sample.yaml"
        assert row["line"] == line_containing(VALID / EV, f"- id: {event_id}")
    assert by_id.loc["memorandum-2025", "date_label"] == "7 April 2025"
    assert by_id.loc["memorandum-2025", "actors"] == ("PAN", "RUS")
    assert by_id.loc["memorandum-2025", "primary_theme"] == "maritime"
    assert by_id.loc["relations-1904", "sources"] == ("alpha", "beta")
    assert by_id.loc["agreement-welcomed-2025", "note"].startswith("The text does not say")
    assert pd.isna(by_id.loc["memorandum-2025", "note"])
    assert "panama city" in by_id.loc["memorandum-2025", "search_text"]  # quotes are searchable


def test_event_actors_and_themes_long_form(valid_dataset):
    actors = set(valid_dataset.event_actors.itertuples(index=False, name=None))
    assert actors == {
        ("memorandum-2025", "PAN"), ("memorandum-2025", "RUS"), ("relations-1904", "PAN"),
        ("relations-1904", "RUS"), ("trade-growth-2003-2009", "PAN"), ("trade-growth-2003-2009", "RUS"),
        ("agreement-welcomed-2025", "PAN"),
    }  # fmt: skip
    assert list(valid_dataset.event_actors.columns) == ["event_id", "actor_id"]
    themes = valid_dataset.event_themes
    assert list(themes.columns) == ["event_id", "theme_id", "rank"]
    memorandum = themes[themes["event_id"] == "memorandum-2025"].sort_values("rank")
    assert list(memorandum["theme_id"]) == ["maritime", "diplomacy"]
    assert len(themes) == 5


def test_passages_point_at_their_quotes(valid_dataset):
    passages = valid_dataset.passages
    assert list(passages.columns) == ["event_id", "theme_id", "passage_no", "source_id", "quote",
                                      "start", "end", "perspective", "file", "line"]  # fmt: skip
    for row in passages.itertuples():
        assert valid_dataset.seed_texts[row.source_id][row.start : row.end] == row.quote
        assert pd.isna(row.event_id) != pd.isna(row.theme_id)  # exactly one owner
        lines = (VALID / "curated" / row.file).read_text(encoding="utf-8").splitlines()
        quote_lines = [n for n, line in enumerate(lines, 1) if "quote:" in line and row.quote[:25] in line]
        assert len(quote_lines) == 1
        assert row.line == quote_lines[0] - 1  # the line of the passage's "- source:"


def test_disambiguated_passage_is_the_second_occurrence(valid_dataset):
    passages = valid_dataset.passages
    row = passages[passages["event_id"] == "agreement-welcomed-2025"].iloc[0]
    text = valid_dataset.seed_texts["alpha"]
    prefix = "In June 2025 the ambassador said that "
    assert row["start"] == text.index(prefix) + len(prefix)
    assert text.count(row["quote"]) == 2
    assert row["perspective"] == "panamanian-government"


def test_theme_passage(valid_dataset):
    passages = valid_dataset.passages
    rows = passages[passages["theme_id"] == "diplomacy"]
    assert len(rows) == 1
    assert rows.iloc[0]["source_id"] == "beta"
    assert rows.iloc[0]["file"] == "themes.yaml"
    assert "passages" not in valid_dataset.themes.columns


def test_sources_frame(valid_dataset):
    sources = valid_dataset.sources.set_index("id")
    text = valid_dataset.seed_texts["alpha"]
    clutter = [text[s.start : s.end] for s in sources.loc["alpha", "clutter_spans"]]
    assert clutter == ["Skip to content", "Share this article", "Skip to content"]
    ((span, reason),) = sources.loc["alpha", "not_event_spans"]
    assert text[span.start : span.end] == "(1948)"
    assert reason == "publication year of a cited book"
    assert sources.loc["beta", "clutter_spans"] == []
    assert set(valid_dataset.seed_texts) == {"alpha", "beta"}


def test_periods_frame(valid_dataset):
    period = valid_dataset.periods.set_index("id").loc["post-2022"]
    assert period["start_date"] == pd.Timestamp("2022-02-24")
    assert period["end_date"] == pd.Timestamp("2026-12-31")


def test_unquoted_year_and_yml_extension(make_tree):
    tree = make_tree(
        edits=[(EV, 'date: "1904"', "date: 1904")],
        files={"curated/events/extra.yml": (VALID / EV).read_text(encoding="utf-8")
               .split("\n\n- id: relations-1904")[0].replace("memorandum-2025", "memorandum-copy")},
    )  # fmt: skip
    result = load.load(tree.paths)
    assert result.ok, result.problems
    events = result.dataset.events.set_index("id")
    assert events.loc["relations-1904", "date"] == "1904"
    assert events.loc["relations-1904", "precision"] == "year"
    assert events.loc["memorandum-copy", "file"] == "events/extra.yml"


def test_version_depends_on_content_not_location(tmp_path, build_tree):
    first = load.load(build_tree(tmp_path / "a").paths).dataset.version
    same = load.load(build_tree(tmp_path / "b").paths).dataset.version
    changed = load.load(build_tree(tmp_path / "c", edits=[(EV, "Trade grows steadily", "Trade grows")]).paths)
    assert len(first) == 12 and first == same
    assert changed.dataset.version != first


def test_coverage_of_the_fixture(valid_dataset):
    results = {r.source_id: r for r in coverage.coverage(valid_dataset)}
    alpha, beta = results["alpha"], results["beta"]
    text = valid_dataset.seed_texts["alpha"]
    seed = VALID / "seeds" / "alpha.txt"
    assert [(line, mention) for line, mention, _ in alpha.uncovered] == [
        (line_containing(seed, "02.02.2026"), "02.02.2026"),
        (line_containing(seed, "In May 2025"), "May 2025"),
        (line_containing(seed, "In June 2025"), "June 2025"),
    ]
    clutter = len("Skip to content") * 2 + len("Share this article")
    assert alpha.content_chars == len(text) - clutter
    cited = valid_dataset.passages.query("source_id == 'alpha'")
    assert alpha.cited_chars == sum(cited["end"] - cited["start"])  # no overlaps, none in clutter
    assert 0 < alpha.share < 1
    assert beta.uncovered == []
    lines = coverage.report_lines(list(results.values()))
    assert lines[0].startswith("alpha (alpha.txt): ")
    assert f"  seeds/alpha.txt:{line_containing(seed, 'In May 2025')}: 'May 2025' in: In May 2025" in "\n".join(lines)


def test_problem_str():
    assert str(Problem("events/a.yaml", 7, "date", "bad")) == "events/a.yaml:7: date: bad"
    assert str(Problem("events/", None, "(folder)", "no events")) == "events/:1: (folder): no events"


def test_all_problems_of_a_batch_are_reported_sorted(make_tree):
    tree = make_tree(edits=[
        (EV, "date: 2003/2009", "date: 2009/2003"),
        (EV, "tone: neutral", "tone: hostile"),
        (PER, 'end: "2026"', 'end: "2021"'),
        (ACT, "predecessor: SUN", "predecessor: SUX"),
    ])  # fmt: skip
    result = load.load(tree.paths)
    assert result.dataset is None and not result.ok
    assert [(p.file, p.field) for p in result.problems] == [
        ("actors.yaml", "predecessor"), ("events/sample.yaml", "date"), ("events/sample.yaml", "tone"),
        ("periods.yaml", "(record)"),
    ]  # fmt: skip
    assert result.problems == sorted(result.problems, key=lambda p: (p.file, p.line or 0, p.field))


# =============================================================================================
# One defect per case


@dataclass(frozen=True)
class Expect:
    file: str  # relative to the data folder; "<data>" or "<seeds>" for those folders themselves
    field: str
    fragment: str  # must occur in the message
    anchor: str | bytes | None  # the line is the one line containing this; None: no line (whole file)
    delta: int = 0  # the line is `delta` lines from the anchor's


@dataclass(frozen=True)
class Case:
    name: str
    expect: tuple[Expect, ...]
    edits: tuple = ()
    files: dict = field(default_factory=dict)
    remove: tuple = ()
    max_bytes: int | None = None


def billion_laughs() -> str:
    lines = ['lol0: &lol0 "lol"']
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def first_event_copy() -> str:
    text = (VALID / EV).read_text(encoding="utf-8")
    return "# another file with a colliding id\n" + text[text.index("- id: memorandum-2025") : text.index("\n\n- id:")]


E = "events/sample.yaml"
RELATIONS_ACTORS = "  actors: [PAN, RUS]\n  themes: [diplomacy]"
INFERRED = "\n  inferred:\n    - {{field: {field}, value: {value}, reason: '{reason}'}}"
SEED_TOTAL = sum(p.stat().st_size for p in (VALID / "seeds").iterdir())
LARGEST = max(p.stat().st_size for p in VALID.rglob("*") if p.is_file())

CASES = [
    Case("malformed-yaml",
         (Expect(E, "(file)", "malformed YAML: mapping values are not allowed", "The two states: signed"),),
         edits=((EV, "summary: The two states signed", "summary: The two states: signed"),)),
    Case("duplicate-key",
         (Expect(E, "(file)", "duplicate key 'tone' (first on line", "tone: tension"),),
         edits=((EV, "  tone: cooperation\n  tone_rationale: A signed",
                 "  tone: cooperation\n  tone: tension\n  tone_rationale: A signed"),)),
    Case("alias",
         (Expect(E, "(file)", "anchors and aliases (&name, *name) are not allowed", "&pair"),),
         edits=((EV, "  actors:\n    - PAN\n    - RUS\n", "  actors: &pair\n    - PAN\n    - RUS\n"),
                (EV, RELATIONS_ACTORS, RELATIONS_ACTORS.replace("[PAN, RUS]", "*pair")))),
    Case("billion-laughs",
         (Expect("events/lol.yaml", "(file)", "anchors and aliases", "lol0: &lol0"),),
         files={"curated/events/lol.yaml": billion_laughs()}),
    Case("too-large",
         (Expect("events/big.yaml", "(file)", f"over the {LARGEST + 1:,}-byte limit", None),),
         files={"curated/events/big.yaml": "# padding\n" * (LARGEST // 10 + 2)}, max_bytes=LARGEST + 1),
    Case("non-utf8",
         (Expect(E, "(file)", "not UTF-8: byte 0xe9 cannot be decoded", b"Relations \xe9tablished"),),
         edits=((EV, b"title: Relations established", b"title: Relations \xe9tablished"),)),
    Case("binary",
         (Expect("events/blob.yaml", "(file)", "file is binary (contains NUL bytes)", None),),
         files={"curated/events/blob.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}),
    Case("control-character",
         (Expect(E, "(file)", "malformed YAML: character #x0007", "Relations \x07established"),),
         edits=((EV, "title: Relations established", "title: Relations \x07established"),)),
    Case("not-a-list",
         (Expect("periods.yaml", "(file)", "must be a YAML list of records", "id: lonely"),),
         files={PER: "# a mapping, not a list\nid: lonely\nlabel: Lonely\n"}),
    Case("record-not-a-mapping",
         (Expect("periods.yaml", "[0]", "each record must be a mapping of fields", "- just text"),),
         files={PER: "# a list of text\n- just text\n"}),
    Case("wrong-type-list",
         (Expect(E, "actors", "relations-1904: Input should be a valid list", "actors: RUS"),),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS.replace("[PAN, RUS]", "RUS")),)),
    Case("wrong-type-text",
         (Expect(E, "title", "relations-1904: Input should be a valid string (got 123)", "title: 123"),),
         edits=((EV, "title: Relations established", "title: 123"),)),
    Case("bad-enum",
         (Expect(E, "tone", "Input should be 'cooperation', 'neutral' or 'tension'", "tone: hostile"),),
         edits=((EV, "tone: neutral", "tone: hostile"),)),
    Case("bad-slug",
         (Expect(E, "id", "String should match pattern", "- id: Trade_growth"),),
         edits=((EV, "- id: trade-growth-2003-2009", "- id: Trade_growth"),)),
    Case("empty-passages",
         (Expect(E, "passages", "List should have at least 1 item", "passages: []"),),
         edits=((EV, "  passages:\n    - source: alpha\n      quote: Trade grew steadily between 2003 and 2009, "
                     "according to officials.\n", "  passages: []\n"),)),
    Case("repeated-actor",
         (Expect(E, "actors", "listed more than once: PAN", "[PAN, PAN]"),),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS.replace("[PAN, RUS]", "[PAN, PAN]")),)),
    Case("missing-required-field",
         (Expect(E, "kind", "relations-1904: required field is missing", "- id: relations-1904"),),
         edits=((EV, "  kind: diplomatic-relations\n", ""),)),
    Case("unknown-field-typo",
         (Expect(E, "acters", "unknown field `acters` (did you mean `actors`?)", "acters:"),
          Expect(E, "actors", "required field is missing", "- id: relations-1904")),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS.replace("actors", "acters")),)),
    Case("unknown-nested-field-typo",
         (Expect(E, "passages[0].qoute", "unknown field `qoute` (did you mean `quote`?)", "qoute:"),
          Expect(E, "passages[0].quote", "required field is missing", "qoute:", delta=-1)),
         edits=((EV, "      quote: Trade grew steadily", "      qoute: Trade grew steadily"),)),
    Case("impossible-day",
         (Expect(E, "date", "day 30 does not exist in February 2025", "date: 2025-02-30"),),
         edits=((EV, "date: 2025-04-07", "date: 2025-02-30"),)),
    Case("impossible-month",
         (Expect(E, "date", "month 13 does not exist", "date: 2025-13-01"),),
         edits=((EV, "date: 2025-04-07", "date: 2025-13-01"),)),
    Case("not-a-date",
         (Expect(E, "date", "is not a date", "date: April 2025"),),
         edits=((EV, "date: 2025-04-07", "date: April 2025"),)),
    Case("range-end-before-start",
         (Expect(E, "date", "the range ends before it starts", "date: 2009/2003"),),
         edits=((EV, "date: 2003/2009", "date: 2009/2003"),)),
    Case("period-end-before-start",
         (Expect("periods.yaml", "(record)", "end 2021 is before start 2022-02-24", "- id: post-2022"),),
         edits=((PER, 'end: "2026"', 'end: "2021"'),)),
    Case("period-impossible-date",
         (Expect("periods.yaml", "start", "day 30 does not exist", 'start: "2022-02-30"'),),
         edits=((PER, 'start: "2022-02-24"', 'start: "2022-02-30"'),)),
    Case("confidence-low-without-note",
         (Expect(E, "(record)", "agreement-welcomed-2025: confidence is low: add a `note`",
                 "- id: agreement-welcomed-2025"),),
         edits=((EV, "  note: The text does not say which agreement, nor which country the ambassador "
                     "represents.\n", ""),)),
    Case("duplicate-event-id",
         (Expect("events/zz-more.yaml", "id",
                 "duplicate event id 'memorandum-2025' (first in events/sample.yaml:", "- id: memorandum-2025"),),
         files={"curated/events/zz-more.yaml": first_event_copy()}),
    Case("unknown-actor",
         (Expect(E, "actors", "relations-1904: unknown actor 'RUZ' (did you mean 'RUS'?)", "[PAN, RUZ]"),),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS.replace("RUS", "RUZ")),)),
    Case("unknown-actor-no-guess",
         (Expect(E, "actors", "unknown actor 'XYZ' (add it to actors.yaml)", "[PAN, XYZ]"),),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS.replace("RUS", "XYZ")),)),
    Case("inferred-unknown-field",
         (Expect(E, "inferred[0].field", "Input should be 'actors', 'names', 'numbers' or 'dates'", "field: actor,"),),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS + INFERRED.format(field="actor", value="RUS",
                 reason="the Russian media report names both states")),)),
    Case("inferred-actor-not-in-event",
         (Expect(E, "inferred[0].value", "relations-1904: inferred actor 'SUN' is not one of the event's actors "
                 "(PAN, RUS)", "value: SUN"),),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS + INFERRED.format(field="actors", value="SUN",
                 reason="the Soviet Union was the predecessor state")),)),
    Case("inferred-empty-reason",
         (Expect(E, "inferred[0].reason", "String should have at least 12 characters", "reason: ''"),),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS + INFERRED.format(field="actors", value="RUS", reason="")),)),
    Case("inferred-reason-too-short",
         (Expect(E, "inferred[0].reason", "give a reason of at least 4 words", "reason: 'obviously Russia'"),),
         edits=((EV, RELATIONS_ACTORS, RELATIONS_ACTORS + INFERRED.format(field="actors", value="RUS",
                 reason="obviously Russia")),)),
    Case("unknown-predecessor",
         (Expect("actors.yaml", "predecessor", "RUS: unknown actor 'SUX' (did you mean 'SUN'?)", "SUX"),),
         edits=((ACT, "predecessor: SUN", "predecessor: SUX"),)),
    Case("unknown-theme",
         (Expect(E, "themes", "trade-growth-2003-2009: unknown theme 'trad' (did you mean 'trade'?)",
                 "themes: [trad]"),),
         edits=((EV, "  themes: [trade]", "  themes: [trad]"),)),
    Case("unknown-source",
         (Expect(E, "passages[1].source", "relations-1904: unknown source 'gamma'", "source: gamma"),),
         edits=((EV, "    - source: beta", "    - source: gamma"),)),
    Case("quote-one-character-off",
         (Expect(E, "passages[0].quote", "relations-1904: quote not found in alpha; closest passage: "
                 "'Relations were established", "estabilshed"),),
         edits=((EV, "quote: Relations were established", "quote: Relations were estabilshed"),)),
    Case("quote-ambiguous",
         (Expect(E, "passages[0].quote", "quote occurs 2 times; add an exact `prefix` or `suffix`",
                 "quote: the agreement was welcomed"),),
         edits=((EV, '      prefix: "In June 2025 the ambassador said that "\n', ""),)),
    Case("quote-wrong-prefix",
         (Expect(E, "passages[0].quote", "agreement-welcomed-2025: quote not found in alpha: it occurs 2 "
                 "time(s), but never with this exact `prefix`/`suffix`", "quote: the agreement was welcomed"),),
         edits=((EV, "In June 2025 the ambassador said", "In July 2025 the ambassador said"),)),
    Case("theme-quote-not-found",
         (Expect("themes.yaml", "passages[0].quote", "diplomacy: quote not found in beta; closest passage",
                 "remain pragmatc"),),
         edits=((THM, "remain pragmatic", "remain pragmatc"),)),
    Case("not-event-not-found",
         (Expect("sources.yaml", "not_events[0].quote", "alpha: quote not found in the seed", '"(1949)"'),),
         edits=((SRC, '- quote: "(1948)"', '- quote: "(1949)"'),)),
    Case("clutter-not-in-seed",
         (Expect("sources.yaml", "clutter[1]", "alpha: clutter string not found in alpha.txt",
                 "Share this articles"),),
         edits=((SRC, '"Share this article"', '"Share this articles"'),)),
    Case("seed-checksum-mismatch",
         (Expect("sources.yaml", "sha256", "beta: seed beta.txt has changed since curation",
                 "8c471ba5fe9218de079afd56984ccae6142c45916e62882395f69998617b4e72"),),
         edits=(("seeds/beta.txt", "commentators say.", "commentators said."),)),
    Case("seed-not-utf8",
         (Expect("sources.yaml", "sha256", "beta: seed beta.txt has changed since curation",
                 "8c471ba5fe9218de079afd56984ccae6142c45916e62882395f69998617b4e72"),
          Expect("sources.yaml", "file", "beta: seed beta.txt: not UTF-8", "file: beta.txt")),
         edits=(("seeds/beta.txt", b"commentators", b"comment\xe9tors"),)),
    Case("seed-file-missing",
         (Expect("sources.yaml", "file", "beta: seed", "file: beta.txt"),),
         remove=("seeds/beta.txt",)),
    Case("seeds-folder-missing",
         (Expect("<seeds>", "(folder)", "seeds folder does not exist", None),),
         remove=("seeds",)),
    Case("data-folder-missing",
         (Expect("<data>", "(folder)", "curated data folder does not exist", None),),
         remove=("curated",)),
    Case("reference-file-missing",
         (Expect("periods.yaml", "(file)", "required file is missing", None),),
         remove=(PER,)),
    Case("no-events-file",
         (Expect("events/", "(folder)", "no events: add at least one events/*.yaml file", None),),
         remove=(EV,)),
    Case("empty-events-file",
         (Expect("events/", "(folder)", "no events", None),),
         files={EV: "# nothing curated yet\n"}),
]  # fmt: skip


def test_case_names_are_unique():
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case: Case, make_tree, monkeypatch):
    if case.max_bytes:
        monkeypatch.setattr(yamlfile, "MAX_BYTES", case.max_bytes)
    tree = make_tree(edits=case.edits, files=case.files, remove=case.remove)
    result = load.load(tree.paths)
    assert result.dataset is None and not result.ok
    problems = result.problems
    shown = "\n".join(map(str, problems))
    assert len(problems) == len(case.expect), shown
    for expect in case.expect:
        file = {"<data>": str(tree.data), "<seeds>": str(tree.seeds)}.get(expect.file, expect.file)
        matching = [p for p in problems if p.file == file and p.field == expect.field]
        assert len(matching) == 1, f"no single problem for {file} {expect.field}:\n{shown}"
        problem = matching[0]
        assert expect.fragment in problem.message, shown
        if expect.anchor is None:
            assert problem.line is None, shown
            assert str(problem).startswith(f"{file}:1: {expect.field}: ")
        else:
            assert isinstance(problem.line, int), shown
            assert problem.line == line_containing(tree.data / expect.file, expect.anchor) + expect.delta, shown
            assert str(problem) == f"{file}:{problem.line}: {expect.field}: {problem.message}"


# --- cache key and loading costs -------------------------------------------------------------


def test_stat_fingerprint_changes_with_any_file_and_only_then(make_tree):
    tree = make_tree()
    key = load.stat_fingerprint(tree.paths)
    assert key[:2] == (str(tree.data), str(tree.seeds)) and len(key[2]) == 64
    assert load.stat_fingerprint(tree.paths) == key
    events = next((tree.data / "events").glob("*.yaml"))
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = load.stat_fingerprint(tree.paths)
    assert edited != key
    (tree.seeds / "notes.txt").write_text("a new file", encoding="utf-8")
    assert load.stat_fingerprint(tree.paths) not in (key, edited)


def test_stat_fingerprint_survives_a_symlink_loop_and_missing_folders(make_tree, tmp_path):
    tree = make_tree()
    (tree.data / "events" / "loop").symlink_to(tree.data, target_is_directory=True)
    assert len(load.stat_fingerprint(tree.paths)[2]) == 64
    missing = load.DataPaths(tmp_path / "nothing", tmp_path / "none")
    assert load.stat_fingerprint(missing)[2] == load.stat_fingerprint(missing)[2]


@pytest.mark.parametrize("enabled", [True, False])
def test_load_leaves_the_garbage_collector_as_it_found_it(make_tree, enabled):
    import gc

    tree = make_tree()
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert load.load(tree.paths).ok
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
