"""The source-passage panel: one event with every passage that grounds it, quoted in context.

Used on every page that shows events. Everything from data goes through `text.md` (escaped)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core import grounding, provenance, search
from dashboard.core.load import Dataset
from dashboard.core.schema import PERSPECTIVES
from dashboard.ui import data_io, downloads, state
from dashboard.ui.text import MARK_LEGEND, highlighted, md, names_line

READER_PAGE = "app_pages/sources.py"
MAX_PICK = 1000  # events listed in an event picker
TONE_MARK = {"cooperation": "▲ cooperation", "neutral": "● neutral", "tension": "▼ tension"}


def source_line(source: dict) -> str:
    """'Title' — Authors · Publisher · Container · date (escaped Markdown)."""
    bits = [f"*{md(source['title'])}*"]
    if source.get("authors"):
        bits.append(md(", ".join(source["authors"])))
    for key in ("publisher", "container"):  # isinstance: pandas gives a missing value as NaN, not None
        if isinstance(source.get(key), str) and source[key]:
            bits.append(md(source[key]))
    published = source.get("published")
    bits.append(md(published) if isinstance(published, str) and published else "date not stated")
    return " · ".join(bits)


def open_in_reader(source_id: str, start: int, end: int) -> None:
    st.session_state["reader_source"] = source_id
    st.session_state["reader_span"] = (start, end)


def _facts(event: dict, dataset: Dataset) -> None:
    actors = dict(zip(dataset.actors["id"], dataset.actors["name"]))
    themes = dict(zip(dataset.themes["id"], dataset.themes["label"]))
    basis = "date of the event" if event["date_basis"] == "event" else "date of a report that mentions it"
    st.markdown(
        f"**Date:** {md(event['date_label'])} ({event['precision']} precision; {basis})  \n"
        f"**Actors:** {md(', '.join(actors.get(a, a) for a in event['actors']))}  \n"
        f"**Themes:** {md(', '.join(themes.get(t, t) for t in event['themes']))}  \n"
        f"**Kind:** {md(event['kind'])}  \n"
        f"**Tone:** {TONE_MARK[event['tone']]} — {md(event['tone_rationale'])}  \n"
        f"**Confidence:** {event['confidence']}"
        + (f" — {md(event['note'])}" if isinstance(event.get("note"), str) and event["note"] else "")  # NaN: none
    )


def _inferred(event: dict, dataset: Dataset) -> None:
    """Each declared inference: what the curators read that the passages do not state, and why."""
    items = event.get("inferred")
    if not isinstance(items, tuple | list) or not items:
        return
    actors = dict(zip(dataset.actors["id"], dataset.actors["name"]))
    lines = [md(grounding.inference_text(item, actors)) for item in items]
    st.markdown("**Inferred by the curators:** " + ("  \n".join(lines) if len(lines) == 1 else
                "  \n" + "  \n".join(f"– {line}" for line in lines)))  # fmt: skip


def _passage(row, dataset: Dataset, key: str, actors: tuple[str, ...] = ()) -> None:
    text = dataset.seed_texts[row.source_id]
    source = dataset.sources.set_index("id").loc[row.source_id].to_dict() | {"id": row.source_id}
    around = provenance.sentence_bounds(text, row.start, row.end, extra=1)
    before, after = text[around.start : row.start], text[row.end : around.end]
    marks = data_io.evidence_marks(dataset, row.source_id, int(row.start), int(row.end), actors)
    names = dict(zip(dataset.actors["id"], dataset.actors["name"]))
    with st.container(border=True):
        st.caption(f"{md(PERSPECTIVES.get(row.perspective, row.perspective))} · {source_line(source)} · "
                   f"characters {row.start:,}–{row.end:,}, in bold below")  # the quote, in words too
        lead = len(before) - len(before.lstrip())
        shown = before.lstrip() + row.quote + after.rstrip()
        start = around.start + lead
        found = [(start + a, start + b) for a, b in search.marks(shown, state.current().q)]
        st.markdown(highlighted(before.lstrip(), row.quote, after.rstrip(), marks=marks, offset=start, found=found))
        names_here = names_line(shown, start, marks, names, actors)
        if names_here:  # the actors outside the quoted text, so a copied quote is the seed's words
            st.caption(names_here)
        if st.button("Open in the source reader", key=key, icon=":material/menu_book:"):
            open_in_reader(row.source_id, int(row.start), int(row.end))
            st.switch_page(READER_PAGE)
        downloads.cite_block(dataset, passage=(row.source_id, int(row.start), int(row.end), row.quote))


def show(event_id: str, dataset: Dataset, key_prefix: str = "panel") -> None:
    """Render the panel for one event; nothing if the id is unknown."""
    rows = dataset.events[dataset.events["id"] == event_id]
    if rows.empty:
        return
    event = rows.iloc[0].to_dict()
    st.subheader(md(event["title"]), anchor=False)
    st.markdown(md(event["summary"]))
    _facts(event, dataset)
    _inferred(event, dataset)
    passages = dataset.passages[dataset.passages["event_id"] == event_id].sort_values("passage_no")
    st.markdown(f"**{len(passages)} source passage{'s' if len(passages) != 1 else ''}**")
    if len(passages):
        st.caption(MARK_LEGEND)
    for row in passages.itertuples():
        _passage(row, dataset, key=f"{key_prefix}-{event_id}-{row.passage_no}", actors=tuple(event["actors"]))
    st.caption(f"Curated in {md(event['file'])}, line {event['line']}.")
    downloads.cite_block(dataset, event_id=event_id)


def _on_pick(key: str) -> None:
    state.select_event(st.session_state[key])


def event_picker(events, label: str = "Show the passages of an event", key: str = "event_pick") -> str | None:
    """A select box over the given events, in step with the selected event (the keyboard path).
    It lists at most MAX_PICK events (the first in date order, and the selected one): a select box
    of 100,000 options costs every rerun megabytes and the browser seconds, and no one scrolls it."""
    chosen = state.selected_event()
    listed = events.head(MAX_PICK)
    if chosen is not None and len(events) > MAX_PICK and chosen not in set(listed["id"]):
        listed = pd.concat([listed, events[events["id"] == chosen]])
    ids = list(listed["id"])
    titles = dict(zip(listed["id"], listed["date_label"] + " — " + listed["title"]))
    st.session_state[key] = chosen if chosen in titles else None
    st.selectbox(label, [None, *ids], key=key, on_change=_on_pick, args=(key,),
                 format_func=lambda i: "— choose an event —" if i is None else titles[i])
    if len(events) > MAX_PICK:
        st.caption(f"The list holds the first {MAX_PICK:,} of {len(events):,} events in date order: narrow the "
                   "filters (dates, actors, themes or the text search) to reach the others.")
    return chosen if chosen in titles else None
