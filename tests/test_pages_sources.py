"""The Sources page (dashboard/app_pages/sources.py) through streamlit's AppTest."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import naming, palette, reader
from dashboard.ui.text import fill, marked, md

PAGE = "app_pages/sources.py"
SOURCES = ["essay", "edm-2026", "sanchez-2010", "encyclopedia", "news-us-pan"]


def open_page(state: dict | None = None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file("../dashboard/app.py", default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def bodies(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def texts(elements) -> list[str]:
    return [e.value for e in elements]


@pytest.mark.parametrize("source_id", SOURCES)
def test_each_source_renders(real, source_id):
    at = open_page({"reader_source": source_id})
    title = real.sources.set_index("id").loc[source_id, "title"]
    assert at.selectbox(key="reader_pick").value == source_id
    assert f"**Title:** {md(title)}" in bodies(at)
    paras = reader.paragraphs(real.seed_texts[source_id], None)
    assert any(f"Showing {len(paras)} of {len(paras)} paragraphs" in c for c in texts(at.caption))
    assert {m.label for m in at.metric} == {"Share of the text cited", "Passages citing it", "Events citing it",
                                            "Theme passages"}  # fmt: skip


def test_switching_source_with_the_selector(real):
    at = open_page()
    assert at.selectbox(key="reader_pick").value == SOURCES[0]
    at.selectbox(key="reader_pick").set_value("news-us-pan").run()
    assert not at.exception
    assert "**Title:** U\\.S\\. \\- Panama Relations" in bodies(at)


def _passage_alone(real, source_id: str):
    """A passage of an event whose opening run (at least 30 characters) no other boundary cuts."""
    text, mine = real.seed_texts[source_id], real.passages[real.passages["source_id"] == source_id]
    clutter = real.sources.set_index("id").loc[source_id, "clutter_spans"]
    runs = {s.start: s for s in reader.segments(text, mine, clutter)}
    for row in mine.dropna(subset=["event_id"]).itertuples():
        run = runs.get(row.start)
        if run and run.kind == "cited" and len(run.text.strip()) >= 30 and run.text[0] != " ":
            return row, run
    raise AssertionError(f"no suitable passage in {source_id}")


def shown(real, source_id: str, run) -> str:
    """A cited run as the reader writes it: escaped, the words naming its event's actors italic."""
    body = run.text.strip()
    offset = run.start + len(run.text) - len(run.text.lstrip())
    actors = {a for e in run.events for a in real.events.set_index("id").loc[e, "actors"]}
    marks = [m for m in naming.marks(real.seed_texts[source_id], naming.patterns(real.actors))
             if offset <= m[0] and m[1] <= offset + len(body) and m[2] in actors]  # fmt: skip
    return marked(body, offset, marks)


def test_cited_passages_are_highlighted_in_markdown(real):
    _row, run = _passage_alone(real, "news-us-pan")
    at = open_page({"reader_source": "news-us-pan"})
    assert fill(shown(real, "news-us-pan", run), "match", shape=False) in bodies(at)


def test_evidence_marks_in_the_reader_name_the_actor_outside_the_text(real):
    at = open_page({"reader_source": "news-us-pan"})
    text = bodies(at)
    assert "*Panamanian* Security Minister" in text and "‹" not in text  # the word italic, no label in the text
    names = [line for line in text.split("\n") if line.startswith(":small[Names in this paragraph: ")]
    assert any("*Panamanian* → Panama" in n and "*U\\.S\\.* → United States" in n for n in names)
    assert "*Italic*: in a cited passage" in text  # the legend says what the mark means
    assert fill(md("Orange"), "match") in text and palette.picture(palette.MARKINGS["other"]) in text


def test_clutter_is_dimmed_and_labelled():
    at = open_page({"reader_source": "edm-2026"})
    assert ":gray[\\[clutter\\] Skip to content]" in bodies(at)


def test_reader_span_opens_the_source_at_the_passage(real):
    row, run = _passage_alone(real, "edm-2026")
    at = open_page({"reader_source": "edm-2026", "reader_span": (row.start, row.end)})
    paragraph = reader.paragraph_at(reader.paragraphs(real.seed_texts["edm-2026"], None), row.start)
    assert at.selectbox(key="reader_pick").value == "edm-2026"
    assert any(f"Jump: paragraph {paragraph.number} " in i for i in texts(at.info))
    assert fill(shown(real, "edm-2026", run), "jump", shape=False) in bodies(at)
    assert at.session_state["event"] == row.event_id  # its event is shown beside the text
    title = real.events.set_index("id").loc[row.event_id, "title"]
    assert md(title) in texts(at.subheader)
    at.button(key="reader_clear_jump").click().run()
    assert not at.info and bodies(at).count(palette.MARKINGS["jump"].fill) == 1  # the legend only


def test_a_citing_event_button_shows_its_passages(real):
    at = open_page({"reader_source": "news-us-pan"})
    paras = reader.paragraphs(real.seed_texts["news-us-pan"],
                              real.passages[real.passages["source_id"] == "news-us-pan"])
    paragraph = next(p for p in paras if p.events)
    event_id = paragraph.events[0]
    at.button(key=f"reader-news-us-pan-{paragraph.number}-{event_id}").click().run()
    assert not at.exception
    assert at.session_state["event"] == event_id
    assert md(real.events.set_index("id").loc[event_id, "title"]) in texts(at.subheader)
    if not isinstance(real.events.set_index("id").loc[event_id, "note"], str):
        assert "— nan" not in bodies(at)  # an empty note is not shown as NaN
    # the panel's own button comes back to this reader, at that passage
    at.button(key=f"reader-panel-{event_id}-0").click().run()
    assert not at.exception
    assert any(i.startswith("Jump: paragraph") for i in texts(at.info))


def numbers(markdown: str) -> list[int]:
    """The numbers of the paragraphs shown (each written ':small[¶ 12 · …]' above its text)."""
    return [int(n) for n in re.findall(r":small\[¶ (\d+)[\] ]", markdown)]


def test_each_paragraph_names_its_markings_in_words(real):
    at = open_page({"reader_source": "news-us-pan"}, params={"tone": ["tension"]})
    text = bodies(at)
    assert ":small[¶ 3]" in text  # a plain paragraph: its number only
    assert re.search(r":small\[¶ \d+ · □ cited only by other events or themes", text)
    at.text_input(key="reader_q").input("migration").run()
    assert "· ◎ search match]" in bodies(at)


def runs_on(at: AppTest, kind: str) -> int:
    """How many runs the page draws on the fill of `kind` (core.palette), the legend's sample left out."""
    return bodies(at).count(f'background="{palette.MARKINGS[kind].fill}"') - 1


def test_filters_decide_which_highlights_are_orange():
    at = open_page({"reader_source": "news-us-pan"})
    assert runs_on(at, "match") > 0 and runs_on(at, "other") == 0
    at = open_page({"reader_source": "news-us-pan"}, params={"tone": ["tension"]})
    assert runs_on(at, "other") > 0


def test_an_empty_filter_result_still_shows_the_document():
    at = open_page({"reader_source": "news-us-pan"}, params={"q": "zzqqxx-nothing"})
    assert any("No events pass the current filters" in c for c in texts(at.caption))
    assert runs_on(at, "other") > 0


def test_only_cited_paragraphs_and_search(real):
    at = open_page({"reader_source": "news-us-pan"})
    every = len(reader.paragraphs(real.seed_texts["news-us-pan"], None))
    at.toggle(key="reader_only_cited").set_value(True).run()
    assert not any(f"Showing {every} of {every}" in c for c in texts(at.caption))
    assert "Accessibility links" not in bodies(at)
    at.toggle(key="reader_only_cited").set_value(False).run()
    at.text_input(key="reader_q").input("migration").run()
    assert any("matches for “migration”" in c for c in texts(at.caption))
    assert fill(md("Migration"), "found") in bodies(at)
    at.text_input(key="reader_q").input("no such words here").run()
    assert any("No paragraph matches" in i for i in texts(at.info))


def test_the_not_yet_cited_view_shows_what_no_event_cites_with_its_count(real):
    source = real.sources.set_index("id").loc["news-us-pan"]
    mine = real.passages[real.passages["source_id"] == "news-us-pan"]
    paras = reader.paragraphs(real.seed_texts["news-us-pan"], mine, source["clutter_spans"])
    left, total = reader.not_yet_cited(paras)
    assert 0 < len(left) < total < len(paras), "the test needs cited, uncited and clutter paragraphs"
    at = open_page({"reader_source": "news-us-pan"})
    count = f"{len(left)} of {total} paragraphs not yet cited by any event"
    assert any(c.startswith(count) for c in texts(at.caption))  # shown beside the toggle, on or off
    at.toggle(key="reader_uncited").set_value(True).run()
    assert any(f"Showing {len(left)} of {len(paras)} paragraphs" in c for c in texts(at.caption))
    text = bodies(at)
    assert numbers(text) == [p.number for p in left]  # not the cited ones, nor clutter
    assert "Accessibility links" not in text  # clutter is not something left to cite
    at.toggle(key="reader_only_cited").set_value(True).run()  # the two views exclude each other
    assert at.toggle(key="reader_uncited").value is False
    assert any(f"Showing {sum(p.cited for p in paras)} of {len(paras)}" in c for c in texts(at.caption))


HOSTILE = "<script>alert(1)</script> see [link](http://x) and $x$ or :red[boom]."


def test_hostile_seed_text_is_escaped(make_tree, monkeypatch):
    original = (Path(__file__).parent / "fixtures/valid/seeds/alpha.txt").read_bytes()
    seed = original + ("\n" + HOSTILE + "\n").encode()
    old_sha = hashlib.sha256(original).hexdigest()
    tree = make_tree(
        edits=[("curated/sources.yaml", old_sha, hashlib.sha256(seed).hexdigest()),
               ("curated/sources.yaml", '- "Share this article"', '- "Share this article"\n    - "[link](http://x)"')],
        files={"seeds/alpha.txt": seed},
    )  # fmt: skip
    monkeypatch.setenv("DASHBOARD_DATA", str(tree.data))
    monkeypatch.setenv("DASHBOARD_SEEDS", str(tree.seeds))
    at = open_page({"reader_source": "alpha"})
    body = bodies(at)
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in body
    assert ":gray[\\[clutter\\] \\[link\\]\\(http\\://x\\)]" in body
    assert "\\$x\\$" in body and "\\:red\\[boom\\]" in body
    assert "<script>" not in body and "](http" not in body


def test_a_long_document_is_read_in_parts_starting_at_the_jump(real):
    text, mine = real.seed_texts["sanchez-2010"], real.passages[real.passages["source_id"] == "sanchez-2010"]
    paras = reader.paragraphs(text, mine)
    assert len(paras) > 120, "the test needs a document longer than one part"
    at = open_page({"reader_source": "sanchez-2010"})
    assert at.selectbox(key="reader_part").value == 0
    assert "¶ 121" not in bodies(at)
    late = mine[mine["start"] > paras[120].start].dropna(subset=["event_id"]).iloc[0]
    at = open_page({"reader_source": "sanchez-2010", "reader_span": (late.start, late.end)})
    assert at.selectbox(key="reader_part").value == 1
    number = reader.paragraph_at(paras, late.start).number
    assert f":small[¶ {number} · the passage you came to read" in bodies(at)
    at.toggle(key="reader_only_cited").set_value(True).run()  # fewer paragraphs: one part only
    assert not at.exception
    assert "reader_part" not in [box.key for box in at.selectbox]
