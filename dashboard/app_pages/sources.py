"""Sources: read one seed document whole, with what the curators cited highlighted.

1. Which source (the passage panel's "Open in the source reader" preselects one and a passage).
2. What it is (metadata as the text states it) and how much of it the events cite (coverage).
3. The document, paragraph by paragraph (all, only the cited ones, or only those no event cites
   yet): cited passages marked (core.palette: a fill of at least 3:1 and a shape), clutter
   dimmed, the actor each evidence word names and the events citing each paragraph under it;
   the chosen event's passages beside the text.
The sidebar filters never hide text: they only decide which highlights are orange.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from dashboard.core import brief, coverage, filters, naming, reader
from dashboard.core.load import Dataset
from dashboard.core.palette import MARKINGS
from dashboard.ui import data_io, downloads, passage_panel, state
from dashboard.ui.text import fill, marked, md, names_line, picture

PICK, LAST, JUMP, ONLY_CITED, UNCITED, QUERY, PART = (
    "reader_pick", "_reader_last", "_reader_jump", "reader_only_cited", "reader_uncited", "reader_q", "reader_part",
)  # fmt: skip
DOCUMENT_HEIGHT = 760  # pixels: the text and the passage panel scroll side by side
PART_SIZE = 120  # paragraphs rendered at once; longer documents are read in parts
FILLED = ("match", "other", "jump", "found")  # reader.style values drawn on a fill (core.palette)
LEGEND = "\n".join([
    f"- {fill(md('Orange'), 'match')}: cited by an event that passes the sidebar filters, or by a theme overview "
    "whose theme is chosen (any, when no theme is).",
    f"- {fill(md('Blue'), 'other')}: cited only by other events or themes.",
    f"- {fill(md('Violet, bold'), 'jump')}: the passage you came to read.",
    f"- {fill(md('Gold, bold'), 'found')}: matches your search.",
    "- :gray[Grey, marked \\[clutter\\]]: web-page clutter, not part of the document.",
    "- *Italic*: in a cited passage, a word that names an actor of an event citing it (what grounds the tag); "
    "the line under the paragraph says which actor each names.",
    "",
    "Each marking starts with its shape (■ □ ▶ ◎), and the line above each paragraph names its markings in "
    "words; copied text holds only the document's words.",
])


@dataclass(frozen=True)
class Look:
    """What decides how runs look and what the buttons under a paragraph say."""

    passing: set[str]  # ids of the events that pass the sidebar filters
    themes: set[str] | None  # the chosen themes; None when no theme is chosen
    events: pd.DataFrame  # every event, indexed by id
    theme_labels: dict[str, str]
    marks: tuple = ()  # (start, end, actor) of every word of the seed naming an actor
    actor_names: dict | None = None


# -- Choosing the source -----------------------------------------------------------------------


def _take_request(dataset: Dataset) -> None:
    """Move a request from the passage panel (reader_source, reader_span) into this page's state."""
    source_id = st.session_state.pop("reader_source", None)
    span = st.session_state.pop("reader_span", None)
    if source_id not in set(dataset.sources["id"]):
        return
    st.session_state[PICK] = source_id
    st.session_state[JUMP] = (source_id, int(span[0]), int(span[1])) if span else None
    st.session_state.pop(PART, None)


def _clear_jump() -> None:
    st.session_state[JUMP] = None


def _on_source_change() -> None:
    st.session_state[JUMP] = None
    st.session_state.pop(PART, None)


def choose_source(dataset: Dataset) -> dict:
    ids = list(dataset.sources["id"])
    titles = dict(zip(dataset.sources["id"], dataset.sources["title"]))
    if st.session_state.get(PICK) not in ids:
        st.session_state[PICK] = st.session_state.get(LAST) if st.session_state.get(LAST) in ids else ids[0]
    chosen = st.selectbox("Source document", ids, key=PICK, format_func=titles.get, on_change=_on_source_change)
    st.session_state[LAST] = chosen
    return dataset.sources.set_index("id").loc[chosen].to_dict() | {"id": chosen}


# -- What it is and how much is cited ----------------------------------------------------------


def _text(source: dict, key: str) -> str | None:
    """A metadata field as text, or None when the curators left it empty (null, NaN or '')."""
    value = source.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def show_metadata(source: dict) -> None:
    def stated(value: str | None) -> str:
        return md(value) if value else "not stated"

    where = [md(_text(source, "container"))] if _text(source, "container") else []
    where += [f"{label} {md(_text(source, key))}" for key, label in (("volume", "vol."), ("issue", "no."),
              ("pages", "pp.")) if _text(source, key)]  # fmt: skip
    authors = ", ".join(a for a in source.get("authors") or [] if isinstance(a, str))
    lines = [
        f"**Title:** {md(source['title'])}",
        f"**Authors:** {stated(authors)}",
        f"**Publisher:** {stated(_text(source, 'publisher'))}",
        *([f"**Published in:** {', '.join(where)}"] if where else []),
        f"**Published:** {stated(_text(source, 'published'))}",
        f"**Kind:** {md(source['kind'])} · **Language:** {md(source['language'])}",
        *([f"**Address:** {md(_text(source, 'url'))}"] if _text(source, "url") else []),
        *([f"**Note:** {md(_text(source, 'note'))}"] if _text(source, "note") else []),
        f"**File:** seeds/{md(source['file'])}",
        f"**SHA-256:** {md(source['sha256'])}",
    ]
    st.markdown("  \n".join(lines))


def show_coverage(dataset: Dataset, source: dict, mine: pd.DataFrame) -> None:
    result = coverage.seed_coverage(dataset, source)
    columns = st.columns(2)
    columns[0].metric("Share of the text cited", f"{result.share:.0%} of {result.content_chars:,} characters",
                      help=f"{result.cited_chars:,} of {result.content_chars:,} characters (clutter left out)")
    columns[1].metric("Passages citing it", f"{len(mine):,}")
    columns[0].metric("Events citing it", f"{mine['event_id'].nunique():,}")
    columns[1].metric("Theme passages", f"{int(mine['theme_id'].notna().sum()):,}")
    label = f"Date mentions no passage covers: {len(result.uncovered)}"
    with st.expander(label, expanded=False):
        if result.uncovered:
            table = pd.DataFrame(result.uncovered, columns=["line", "date", "text of the line"])
            st.dataframe(table, hide_index=True, width="stretch")
        else:
            st.caption("Every date mention is cited, skipped on purpose, or clutter.")


# -- The document ------------------------------------------------------------------------------


def _run_marks(run: reader.Segment, look: Look | None) -> list:
    """Marks inside a cited run for the actors of the events citing it: the words that ground them."""
    if look is None or not look.marks or not run.events or run.clutter:
        return []
    actors = {a for e in run.events if e in look.events.index for a in look.events.at[e, "actors"]}
    return [m for m in look.marks if run.start <= m[0] and m[1] <= run.end and m[2] in actors]


def _styled(escaped: str, style: str, shape: bool) -> str:
    """Escaped text in the look of its reader.style: a fill (with its shape when a new marking
    starts here), grey for clutter, or plain."""
    if style in FILLED:
        return fill(escaped, style, shape)
    return f":gray[{escaped}]" if style == "clutter" else escaped


def paragraph_markdown(paragraph: reader.Paragraph, passing: set[str], themes: set[str] | None,
                       look: Look | None = None) -> str:  # fmt: skip
    """The paragraph as escaped Markdown with one styled piece per run; in cited runs the words
    that name an actor of a citing event are italic. A marking's shape comes once, where it starts:
    a search match inside a cited passage interrupts its fill, not the passage ("■◎Panama|nian")."""
    parts, context, previous, was_found = [], look, "plain", False
    for run in paragraph.segments:
        style = reader.style(run, passing, themes)
        body = run.text.strip()
        if not body:  # whitespace between runs stays outside any directive
            parts.append(md(run.text))
            continue
        base = reader.style(replace(run, found=False), passing, themes) if style == "found" else style
        lead, trail = run.text[: len(run.text) - len(run.text.lstrip())], run.text[len(run.text.rstrip()) :]
        marks = _run_marks(run, context)
        if style == "clutter":
            body = "[clutter] " + body
        text = marked(body, run.start + len(lead), marks) if marks else md(body)
        opening = picture(base) if base != style and base in FILLED and base != previous else ""
        shape = not was_found if style == "found" else style != previous
        parts.append(md(lead) + opening + _styled(text, style, shape) + md(trail))
        previous, was_found = base, style == "found"
    return "".join(parts)


def paragraph_label(paragraph: reader.Paragraph, look: Look, jump: bool = False) -> str:
    """'¶ 4 · ■ cited by a filtered event or theme · ◎ search match': the number and, in words, each
    marking inside the paragraph (what a screen reader announces: the shapes have no alt text)."""
    styles = {reader.style(run, look.passing, look.themes) for run in paragraph.segments if run.text.strip()}
    found_in = {reader.style(replace(run, found=False), look.passing, look.themes)
                for run in paragraph.segments if run.found}  # the passages a search match sits in  # fmt: skip
    labels = [f"{MARKINGS[kind].symbol} {MARKINGS[kind].label}" for kind in FILLED
              if kind in styles | found_in and not (jump and kind == "jump")]  # fmt: skip
    return " · ".join([f"¶ {paragraph.number}", *(["the passage you came to read"] if jump else []), *labels])


def paragraph_names(paragraph: reader.Paragraph, look: Look) -> str:
    """'Names in this paragraph: *Panamanian* → Panama · …': each word of the paragraph that names
    an actor of an event citing it (a word a search match cuts in two included), or ''."""
    def citing_actors(start: int, end: int) -> set[str]:
        return {a for run in paragraph.segments if run.start < end and start < run.end and not run.clutter
                for e in run.events if e in look.events.index for a in look.events.at[e, "actors"]}  # fmt: skip

    if not paragraph.cited_by_event:
        return ""
    marks = [m for m in look.marks if paragraph.start <= m[0] and m[1] <= paragraph.end
             and m[2] in citing_actors(m[0], m[1])]  # fmt: skip
    return names_line(paragraph.text, paragraph.start, marks, look.actor_names or {}, where="this paragraph")


def _event_label(event_id: str, events: pd.DataFrame) -> str:
    if event_id not in events.index:
        return md(event_id)
    row = events.loc[event_id]
    title = row["title"] if len(row["title"]) <= 90 else row["title"][:89] + "…"
    return md(f"{row['date_label']} — {title}")


def show_citations(paragraph: reader.Paragraph, events: pd.DataFrame, theme_labels: dict, key: str) -> None:
    """The events citing a paragraph as buttons that open their passages, and its theme overviews."""
    chosen = state.selected_event()
    for event_id in paragraph.events:
        st.button(_event_label(event_id, events), key=f"{key}-{event_id}", on_click=state.select_event,
                  args=(event_id,), type="secondary" if event_id == chosen else "tertiary",
                  icon=":material/check_circle:" if event_id == chosen else ":material/arrow_forward:")  # fmt: skip
    if paragraph.themes:
        names = ", ".join(theme_labels.get(t, t) for t in paragraph.themes)
        st.caption(f"Theme overview{'s' if len(paragraph.themes) > 1 else ''}: {md(names)}")


def show_paragraph(paragraph: reader.Paragraph, look: Look, key: str, jump: bool = False) -> None:
    """A paragraph, numbered, then the buttons of the events that cite it (boxed when it is the jump)."""
    number = f":small[{md(paragraph_label(paragraph, look, jump))}]"
    with st.container(border=True) if jump else nullcontext():
        names = paragraph_names(paragraph, look)  # the actors outside the text, so copying gives the seed's words
        st.markdown(f"{number}  \n{paragraph_markdown(paragraph, look.passing, look.themes, look)}"
                    + (f"\n\n:small[{names}]" if names else ""))
        if paragraph.cited:
            show_citations(paragraph, look.events, look.theme_labels, key=f"{key}-{paragraph.number}")


def show_jump(span: tuple[int, int], paragraph: reader.Paragraph, look: Look) -> None:
    st.info(f"Jump: paragraph {paragraph.number} holds the passage you opened (characters {span[0]:,}–"
            f"{span[1]:,}). Here it is; in the document below it is marked in violet.", icon=":material/bookmark:")
    show_paragraph(paragraph, look, key="reader-jump", jump=True)
    st.button("Stop marking this passage", key="reader_clear_jump", on_click=_clear_jump,
              icon=":material/bookmark_remove:")


def show_document(shown: list[reader.Paragraph], jump_para, look: Look, key: str) -> None:
    if not shown:
        st.info("No paragraph matches. Clear the search or turn off “Show only paragraphs with citations” "
                "and “Show only paragraphs not yet cited”.")
    for paragraph in _part(shown, jump_para):
        show_paragraph(paragraph, look, key=key, jump=paragraph is jump_para)


def show_panel(dataset: Dataset, mine: pd.DataFrame) -> None:
    """The chosen event with all its passages (from any source), or how to choose one."""
    cited_here = dataset.events[dataset.events["id"].isin(mine["event_id"].dropna())]
    passage_panel.event_picker(cited_here, label="Events cited in this source", key="reader_event_pick")
    chosen = state.selected_event()
    if chosen not in set(dataset.events["id"]):
        st.caption("Choose an event under a paragraph, or in the list above, to see all its passages here.")
        return
    if chosen not in set(cited_here["id"]):
        st.caption("This event is not cited in this source; its passages are from other sources.")
    passage_panel.show(chosen, dataset, key_prefix="reader-panel")


def _jump_for(source_id: str) -> tuple[int, int] | None:
    jump = st.session_state.get(JUMP)
    return (jump[1], jump[2]) if jump and jump[0] == source_id else None


def _select_jump_event(mine: pd.DataFrame, span: tuple[int, int]) -> None:
    """Arriving at a passage: show its event beside the text unless one citing it is chosen."""
    at = mine[(mine["start"] == span[0]) & (mine["end"] == span[1])].dropna(subset=["event_id"])
    if len(at) and state.selected_event() not in set(at["event_id"]):
        state.select_event(at["event_id"].iloc[0])


def _visible(paras: list[reader.Paragraph], only_cited: bool, uncited: bool, query: str) -> list[reader.Paragraph]:
    if uncited:
        paras = reader.not_yet_cited(paras)[0]
    return [p for p in paras if (p.cited or not only_cited) and (p.found or not query)]


def _one_view(turned: str, other: str) -> None:
    """The two paragraph views exclude each other: turning one on turns the other off."""
    if st.session_state.get(turned):
        st.session_state[other] = False


def uncited_count(paras: list[reader.Paragraph]) -> str:
    """'41 of 193 paragraphs not yet cited by any event (…)'."""
    left, total = reader.not_yet_cited(paras)
    themed = sum(1 for p in left if p.themes)
    clutter = len(paras) - total
    return (f"{len(left):,} of {total:,} paragraph{'s' if total != 1 else ''} not yet cited by any event"
            + (f" ({themed:,} of them quoted in a theme overview)" if themed else "")
            + (f"; {clutter:,} paragraph{'s' if clutter != 1 else ''} of web clutter left out" if clutter else ""))


def _part(shown: list[reader.Paragraph], jump_para) -> list[reader.Paragraph]:
    """Long documents are read in parts of PART_SIZE paragraphs (the first part holding the jump)."""
    if len(shown) <= PART_SIZE:
        return shown
    parts = [shown[i : i + PART_SIZE] for i in range(0, len(shown), PART_SIZE)]
    if PART not in st.session_state and jump_para is not None:
        st.session_state[PART] = next((i for i, p in enumerate(parts) if jump_para in p), 0)
    if (st.session_state.get(PART) or 0) >= len(parts):  # fewer parts since the last run
        st.session_state[PART] = 0
    names = [f"¶ {p[0].number}–{p[-1].number}" for p in parts]
    index = st.selectbox("Part of the document", range(len(parts)), key=PART, format_func=names.__getitem__)
    return parts[index or 0]


# -- The page ----------------------------------------------------------------------------------

dataset = data_io.load_result().dataset
current = state.current()
events = filters.apply(current, dataset)
st.title("Sources", anchor=False)
st.caption("Filters: " + md(filters.describe(current, dataset, events)) + " — the reader always shows the "
           "whole document; the filters only decide which highlights are orange.")

_take_request(dataset)
source = choose_source(dataset)
text = dataset.seed_texts[source["id"]]
mine = dataset.passages[dataset.passages["source_id"] == source["id"]]

about, cover = st.columns([3, 2], gap="large")
with about:
    show_metadata(source)
    downloads.cite_block(dataset, source_id=source["id"])
with cover:
    show_coverage(dataset, source, mine)
downloads.brief_download(dataset, current, brief.View("sources", doc=source["id"]), key="sources")

options = st.columns([1, 2])
only_cited = options[0].toggle("Show only paragraphs with citations", key=ONLY_CITED, on_change=_one_view,
                               args=(ONLY_CITED, UNCITED))  # fmt: skip
uncited = options[0].toggle("Show only paragraphs not yet cited", key=UNCITED, on_change=_one_view,
                            args=(UNCITED, ONLY_CITED))  # fmt: skip
remaining_slot = options[0].empty()  # filled once the paragraphs are cut
query = options[1].text_input("Search this document", key=QUERY, max_chars=reader.MAX_QUERY,
                              placeholder="A word or phrase, e.g. canal").strip()
state.write_url(current)  # the document, search and toggles into the link
st.markdown(LEGEND)

jump = _jump_for(source["id"])
found = reader.search(text, query)
paras = reader.paragraphs(text, mine, source["clutter_spans"], marks=[jump] if jump else [], found=found)
remaining = uncited_count(paras)
remaining_slot.caption(remaining + ".")
jump_para = reader.paragraph_at(paras, jump[0]) if jump else None
shown = _visible(paras, only_cited, uncited, query)
seed_marks = data_io.shared(dataset, "seed-marks", (source["id"],),
                            lambda: tuple(naming.marks(text, data_io.actor_patterns(dataset))))
look = Look(set(events["id"]), set(current.themes) or None, dataset.events.set_index("id"),
            dict(zip(dataset.themes["id"], dataset.themes["label"])), seed_marks,
            dict(zip(dataset.actors["id"], dataset.actors["name"])))

text_column, panel_column = st.columns([3, 2], gap="large")
with text_column:
    if jump_para is not None:
        _select_jump_event(mine, jump)
        show_jump(jump, jump_para, look)
    if not look.passing:
        st.caption("No events pass the current filters, so every passage an event cites is shown in blue.")
    st.caption(f"Showing {len(shown)} of {len(paras)} paragraphs"
               + (f" · {len(found)} match{'es' if len(found) != 1 else ''} for “{md(query)}”" if query else ""))
    with st.container(height=DOCUMENT_HEIGHT, border=True):
        show_document(shown, jump_para, look, key=f"reader-{source['id']}")
with panel_column:
    with st.container(height=DOCUMENT_HEIGHT, border=True):
        show_panel(dataset, mine)
