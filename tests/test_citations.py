"""core/citations: a ready citation (plain, BibTeX, CSL-JSON) for every source and every event of
the real data; robust to missing authors and dates; BibTeX escaped and well formed."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.core import citations, records

ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),\n(.*)\n\}$", re.S)
FIELD = re.compile(r"^  (\w+) = \{(.*)\},?$")
REQUIRED = {"article": {"author", "title", "journal", "year"}, "misc": {"title", "year"}}


def balanced(value: str) -> bool:
    """Braces balance once escaped ones (\\{ \\}) are set aside."""
    depth = 0
    for char in re.sub(r"\\[{}]", "", value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def bibtex_fields(entry: str) -> tuple[str, str, dict[str, str]]:
    """Parse one entry as we write it: type, key and fields (checks the shape on the way)."""
    match = ENTRY.match(entry)
    assert match, entry
    kind, key, body = match.groups()
    fields = {}
    for line in body.split("\n"):
        field = FIELD.match(line)
        assert field, f"malformed field line {line!r}"
        assert balanced(field.group(2)), f"unbalanced braces in {line!r}"
        fields[field.group(1)] = field.group(2)
    assert balanced(entry)
    return kind, key, fields


def unescaped_specials(value: str) -> list[str]:
    """Special characters not escaped (commands like \\textbackslash{} and double-braced titles aside)."""
    stripped = re.sub(r"\\(textbackslash|textasciitilde|textasciicircum)\{\}|\\[{}&%$#_]", "", value)
    stripped = re.sub(r"^\{(.*)\}$", r"\1", stripped)
    return re.findall(r"[\\{}&%$#_~^]", stripped)


# -- Every source and every event of the real data ----------------------------------------------


def test_every_source_has_a_citation(real):
    n_checked = 0
    for source in real.sources.to_dict("records"):
        cite = citations.source_citation(source)
        assert source["title"] in cite.plain
        kind, key, fields = bibtex_fields(cite.bibtex)
        assert key == f"src-{source['id']}"
        assert REQUIRED[kind] <= set(fields), (key, set(fields))
        assert cite.csl["id"] == key and cite.csl["title"] == source["title"] and cite.csl["type"]
        n_checked += 1
    assert n_checked == len(real.sources) > 0


def test_every_event_citation_quotes_its_passages_and_names_their_sources(real):
    source_cites, event_cites = citations.for_events(real, real.events)
    assert len(event_cites) == len(real.events) > 100
    assert [c.key for c in source_cites] == [f"src-{s}" for s in citations.cited_source_ids(real, real.events)]
    titles = dict(zip(real.sources["id"], real.sources["title"]))
    by_key = {c.key: c for c in event_cites}
    n_quotes = 0
    for rec in records.event_records(real, real.events):
        cite = by_key[f"event-{rec['id']}"]
        assert rec["title"] in cite.plain and real.version in cite.plain
        kind, _, fields = bibtex_fields(cite.bibtex)
        # A dataset record states no year of its own: no invented "n.d." (its version dates it)
        assert kind == "misc" and {"title", "howpublished", "version"} <= set(fields) and "year" not in fields
        assert fields["version"] == real.version
        for passage in rec["passages"]:
            assert " ".join(passage["quote"].split()) in cite.plain
            assert titles[passage["source"]] in cite.plain
            where = citations.place(real.seed_texts[passage["source"]], passage["start"])
            assert f"{where}: “" in cite.plain or f"{where}, reporting the view" in cite.plain
            assert f"characters {passage['start']}–{passage['end']} of {passage['file']}" in cite.plain
            assert f"src-{passage['source']}" in fields["related"]
            n_quotes += 1
        assert cite.csl["type"] == "dataset" and cite.csl["version"] == real.version
    assert n_quotes == real.passages["event_id"].notna().sum()


def test_keys_are_unique_and_csl_is_json(real):
    source_cites, event_cites = citations.for_events(real, real.events)
    keys = [c.key for c in [*source_cites, *event_cites]]
    assert len(keys) == len(set(keys))
    items = json.loads(citations.csl_json([*source_cites, *event_cites]))
    assert [item["id"] for item in items] == keys
    assert citations.bibtex_file(source_cites).count("\n@") == len(source_cites) - 1


def test_for_event_and_for_source(real):
    event_id = real.events["id"].iloc[0]
    assert citations.for_event(real, event_id).key == f"event-{event_id}"
    assert citations.for_source(real, real.sources["id"].iloc[0]).plain
    with pytest.raises(KeyError):
        citations.for_event(real, "no-such-event")


# -- Where a passage is -------------------------------------------------------------------------

NOTES_TEXT = ("Title line\n\nAbstract paragraph.\n\n  1. 1.\n    First note text.\n  2. 2.\n  3. 3.\n"
              "    Third note, line one.\n    line two.\n  97. 96.\n    Note ninety-six.\n\nCopyright information\n"
              "  1. 1.Council on Hemispheric Affairs\n")


@pytest.mark.parametrize(("needle", "expected"), [
    ("Title line", "paragraph 1"),
    ("Abstract", "paragraph 2"),
    ("First note", "footnote 1"),
    ("Third note", "footnote 3"),
    ("line two", "footnote 3"),
    ("Note ninety-six", "footnote 96"),  # the note's own number, not the list item's
    ("Copyright", "paragraph 11"),  # an unindented line ends the notes
    ("Council", "paragraph 12"),  # a number run into text is not a note mark
])  # fmt: skip
def test_place_finds_paragraphs_and_footnotes(needle, expected):
    assert str(citations.place(NOTES_TEXT, NOTES_TEXT.index(needle))) == expected


def test_real_passages_are_located_in_the_readers_paragraphs(real):
    from dashboard.core import reader

    n_checked = 0
    for row in real.passages.head(60).itertuples():
        text = real.seed_texts[row.source_id]
        paragraphs = reader.paragraphs(text, None)
        where = citations.place(text, row.start)
        para = next(p for p in paragraphs if p.start <= row.start < p.end)
        assert where.paragraph == para.number
        n_checked += 1
    assert n_checked > 0
    notes = [citations.place(real.seed_texts["sanchez-2010"], s) for s in
             real.passages.loc[real.passages["source_id"] == "sanchez-2010", "start"]]
    assert sum(p.footnote is not None for p in notes) > 10


def test_cite_this_passage_names_the_work_the_place_and_the_offsets(real):
    row = real.passages[real.passages["source_id"] == "edm-2026"].iloc[0]
    cite = citations.for_passage(real, row.source_id, row.start, row.end, row.quote)
    where = citations.place(real.seed_texts["edm-2026"], row.start)
    assert cite.plain.startswith("Sergey Sukhankin (2026, 2 February). “Russia Maintains Pragmatic Partnership")
    assert "Eurasia Daily Monitor. Jamestown." in cite.plain
    assert f"{str(where).capitalize()}: “{' '.join(row.quote.split())}”" in cite.plain
    assert cite.plain.endswith(f"(characters {row.start}–{row.end} of 001_fed71889dd03d43c.txt).")
    _, key, fields = bibtex_fields(cite.bibtex)
    assert key == f"src-edm-2026-{row.start}-{row.end}" and fields["year"] == "2026" and fields["month"] == "2"
    assert str(where) in fields["addendum"] and not unescaped_specials(fields["addendum"])
    assert cite.csl["locator"] == str(where.paragraph) and cite.csl["label"] == "paragraph"
    assert cite.csl["issued"] == {"date-parts": [[2026, 2, 2]]}


# -- Missing metadata, hostile text -----------------------------------------------------------------


def test_no_author_no_date_no_publisher():
    source = {"id": "essay", "title": "[Untitled essay]", "authors": [], "publisher": float("nan"),
              "published": None, "kind": "essay", "file": "000.txt", "sha256": "ab" * 32}  # fmt: skip
    cite = citations.source_citation(source)
    assert cite.plain.startswith("“[Untitled essay]” (n.d.). Essay.")
    assert "Seed file 000.txt" in cite.plain and "nan" not in cite.plain.lower()
    kind, _, fields = bibtex_fields(cite.bibtex)
    assert kind == "misc" and fields["year"] == "n.d." and "author" not in fields
    assert "issued" not in cite.csl and "author" not in cite.csl


def test_journal_article_with_partial_date():
    source = {"id": "j", "title": "On ties", "authors": ["A. One", "B. Two", "Smith and Sons"], "container": "Journal",
              "volume": "8", "issue": "4", "pages": "362–384", "published": "2010-05", "kind": "journal article",
              "publisher": "Board", "url": "https://example.org/a", "file": "j.txt", "sha256": "cd" * 32}  # fmt: skip
    cite = citations.source_citation(source)
    assert cite.plain == ("A. One, B. Two and Smith and Sons (2010, May). “On ties.” Journal, 8(4), 362–384. Board. "
                          "https://example.org/a.")
    kind, _, fields = bibtex_fields(cite.bibtex)
    assert kind == "article" and fields["pages"] == "362--384" and fields["month"] == "5"
    assert fields["author"] == "A. One and B. Two and {Smith and Sons}"
    assert cite.csl["issued"] == {"date-parts": [[2010, 5]]} and cite.csl["page"] == "362–384"


@pytest.mark.parametrize("title", [
    "Costs of 100% & $5 #1 under_score ~tilde ^caret",
    "Braces {unbalanced and \\backslash\\",
    "}{ closing first",
    "@misc{injected, title={x}}",
    "Line\nbreaks\tand  spaces",
])  # fmt: skip
def test_bibtex_escapes_every_special_character(title):
    source = {"id": "s", "title": title, "authors": ["O'Brien {Jr}"], "kind": "news", "file": "s.txt",
              "sha256": "ef" * 32, "container": "50% News & Co"}  # fmt: skip
    _, _, fields = bibtex_fields(citations.source_citation(source).bibtex)
    for name in ("title", "author", "howpublished"):
        assert not unescaped_specials(fields[name]), (name, fields[name])
    assert "\n" not in fields["title"]
    event = {"id": "e-1", "title": title, "date": "2025-04~", "passages": [
        {"source": "s", "quote": "a {quote} with 100% & more", "start": 1, "end": 9, "perspective": "russian-media"}]}
    cite = citations.event_citation(event, {"s": source}, "v1")
    _, _, fields = bibtex_fields(cite.bibtex)
    assert not unescaped_specials(fields["note"]) and not unescaped_specials(fields["title"])
    assert "“a {quote} with 100% & more”" in cite.plain and "c. April 2025" in cite.plain
    assert "Russian media" in cite.plain


def test_event_without_passages_says_so():
    cite = citations.event_citation({"id": "x", "title": "T", "date": "2025", "passages": []}, {}, "v")
    assert cite.plain.endswith("No source passage recorded.")
    bibtex_fields(cite.bibtex)


# -- The cite block (AppTest) --------------------------------------------------------------------------------


def _cite_page():
    import streamlit as st

    from dashboard.core import load
    from dashboard.core.paths import DataPaths
    from dashboard.ui import downloads
    from tests.conftest import VALID

    dataset = load.load(DataPaths(VALID / "curated", VALID / "seeds")).dataset
    downloads.cite_block(dataset, event_id="relations-1904", expanded=True)
    downloads.cite_block(dataset, source_id="beta")
    downloads.cite_block(dataset, event_id="no-such-event")
    try:
        downloads.cite_block(dataset)
    except ValueError as err:
        st.write(f"refused: {err}")


def test_cite_block_shows_plain_bibtex_and_csl():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_cite_page, default_timeout=60).run()
    assert not at.exception, at.exception
    assert [e.label for e in at.expander] == ["Cite this event", "Cite this source"]
    codes = [c.value for c in at.code]
    assert len(codes) == 6
    assert "Relations were established in 1904 and restored later." in codes[0]
    assert codes[1].startswith("@misc{event-relations-1904,") and json.loads(codes[2])["type"] == "dataset"
    assert codes[3].startswith("“[Untitled media digest]” (n.d.).")
    assert "refused: cite_block needs exactly one" in at.markdown[0].value


# -- "Cite this passage" ----------------------------------------------------------------------------


def test_cite_this_passage_text_of_a_known_footnote(real):
    """The exact citation of one passage of the journal article: the work as a reader cites it, the
    footnote it sits in, the quote, and the character offsets as the machine locator."""
    row = real.passages[real.passages["event_id"] == "sz-sun-mex-diplomatic-relations-1924"].iloc[0]
    cite = citations.for_passage(real, row.source_id, row.start, row.end, row.quote)
    assert cite.plain == (
        "W. Alejandro Sanchez (2010). “Russia and Latin America at the dawn of the twenty-first century.” "
        "Journal of Transatlantic Studies, 8(4), 362–384. Board of Transatlantic Studies. Seed file "
        "002_3ca6f81e7ac81fd8.txt in Russia–Panama relations: curated, passage-grounded events (SHA-256 "
        "b6d6149cffca11f2…). Footnote 4: “Sizonenko explains that the Soviet Union established diplomatic "
        "relations with Mexico in 1924, Uruguay in 1926 and Colombia in 1935.” (characters 1462–1594 of "
        "002_3ca6f81e7ac81fd8.txt)."
    )
    assert (cite.csl["locator"], cite.csl["label"]) == ("4", "note")
    assert "addendum = {footnote 4; characters 1462–1594 of 002\\_3ca6f81e7ac81fd8.txt;" in cite.bibtex


def test_every_passage_of_every_source_has_a_reader_locator(real):
    """No gap: each passage of each source is placed at a paragraph or a footnote (the seeds have no
    pages), the same the brief prints and "Cite this passage" gives."""
    locate = citations.locator_for(real)
    kinds = {}
    for row in real.passages.itertuples():
        where = locate(row.source_id, row.start)
        assert where is not None and re.fullmatch(r"(paragraph|footnote) \d+", str(where)), row
        kinds.setdefault(row.source_id, set()).add(str(where).split()[0])
        cite = citations.for_passage(real, row.source_id, row.start, row.end, row.quote)
        assert f"{str(where).capitalize()}: “" in cite.plain and f"(characters {row.start}–{row.end} of " in cite.plain
    assert set(kinds) == set(real.sources["id"])
    assert kinds["sanchez-2010"] == {"footnote"}  # the article's seed is its abstract and its notes


def test_cite_this_passage_sits_next_to_each_passage(real):
    """AppTest: the passage panel of the event with the most passages has one "Cite this passage"
    per passage, in the passages' order, each giving that passage's citation with its locator and
    offsets, then "Cite this event"."""
    from apptest_support import open_page

    sizes = real.passages.groupby("event_id").size()
    event = sorted(sizes[sizes == sizes.max()].index)[0]
    rows = real.passages[real.passages["event_id"] == event].sort_values("passage_no")
    at = open_page("app_pages/data.py", params={"event": event})
    labels = [e.label for e in at.expander]
    cites = [e for e in at.expander if e.label == "Cite this passage"]
    assert len(cites) == len(rows) >= 2
    assert labels.index("Cite this event") > max(i for i, label in enumerate(labels) if label == "Cite this passage")
    locate = citations.locator_for(real)
    for expander, row in zip(cites, rows.itertuples()):
        plain, bib, csl = (c.value for c in expander.code)
        where = locate(row.source_id, row.start)
        assert f"{str(where).capitalize()}: “{' '.join(row.quote.split())}”" in plain
        assert plain.endswith(f"(characters {row.start}–{row.end} of {real.sources.set_index('id').at[row.source_id, 'file']}).")
        assert f"{where}; characters {row.start}–{row.end} of " in bib
        assert json.loads(csl)["locator"] == str(where.footnote or where.paragraph)
