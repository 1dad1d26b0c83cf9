"""About: what the dataset is, how it was curated, how much of what it holds, and what it cannot
tell you. Every number on this page is counted from the loaded data, never typed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core import brief, coverage, evidence
from dashboard.core.charts.compare import plural
from dashboard.core.filters import CONFIDENCES
from dashboard.ui import data_io, downloads, passage_panel, state
from dashboard.ui.text import md

UNDATED = "undated passages (themes)"
SOURCE_COLUMNS = {
    "source": st.column_config.TextColumn("Source", width="large"),
    "reported": st.column_config.NumberColumn("of which dated by a report", help="date basis: reported"),
}


def source_dicts(dataset) -> list[dict]:
    """Sources as dicts with missing values as None (pandas stores a missing date as NaN)."""
    return [{k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in row.items()}
            for row in dataset.sources.to_dict("records")]


def counts_by(values: pd.Series, labels: dict[str, str], order: list[str], name: str) -> pd.DataFrame:
    """How many events per value, in the given order, with readable labels."""
    counts = values.value_counts()
    rows = [(labels.get(v, v), int(counts.get(v, 0))) for v in order if counts.get(v, 0)]
    return pd.DataFrame(rows, columns=[name, "events"])


def per_source(dataset) -> pd.DataFrame:
    """Per source: events citing it (an event may cite several), how many of those are dated only
    by a report, and its undated passages cited under themes."""
    grounds = coverage.source_grounds(dataset)
    return pd.DataFrame({
        "source": dataset.sources["title"], "kind": dataset.sources["kind"],
        "events": grounds["events"].to_numpy(), "reported": grounds["reported"].to_numpy(),
        UNDATED: grounds["undated"].to_numpy(),
    })  # fmt: skip


def sources_section(dataset) -> None:
    sources = source_dicts(dataset)
    st.markdown(f"A curated set of **{plural(len(dataset.events), 'dated event')}** in international "
                f"relations — Russia and Panama, Panama's other partners, and Russia's ties across Latin "
                f"America — drawn from **{plural(len(sources), 'source document')}** (the seeds), kept "
                "verbatim and never edited:")
    for source in sources:
        st.markdown(f"- {passage_panel.source_line(source)} ({md(source['kind'])})  \n"
                    + (f"  {md(source['note'])}" if source.get("note") else ""))


def inferred_counts(events: pd.DataFrame) -> str:
    """'13 claims in 12 events are declared inferences …' (the About page's count)."""
    per_event = events["inferred"].map(lambda items: len(items) if isinstance(items, tuple | list) else 0)
    n_items, n_events = int(per_event.sum()), int((per_event > 0).sum())
    if not n_items:
        return "No claim is inferred: each is stated in the passages."
    return (f"{plural(n_items, 'claim')} in {plural(n_events, 'event')} are not stated word for word but declared "
            "inferred by the curators, each with its reason, shown with the event's passages (marked ✱ in the "
            "Data table).")


def curation_section(dataset) -> None:
    events = dataset.events
    basis = events["date_basis"].value_counts()
    precision = events["precision"].value_counts()
    st.markdown(
        f"- **Passage-grounded.** Every event quotes at least one passage of a seed; the "
        f"{plural(int(dataset.passages['event_id'].notna().sum()), 'passage')} behind the events are "
        "checked on every load to occur verbatim in the unchanged seed (its checksum must match), "
        "exactly once or pinned by the text just before or after. The summaries are the curators' "
        "words and claim no more than the passages.\n"
        f"- **Claims checked against their passages.** Every actor, proper name, number and date an event "
        "states is found in its passages or the sentences (footnotes) around them, on every load. "
        f"{inferred_counts(events)}\n"
        f"- **Dates as the text gives them.** A day, a month, a year or a range, possibly approximate; "
        f"{plural(int(precision.get('day', 0)), 'event')} are dated to the day, "
        f"{int(precision.get('month', 0))} to the month, {int(precision.get('year', 0))} to the year and "
        f"{int(precision.get('range', 0))} by a range. `date_basis` says what the date is: the date of "
        f"the event itself ({int(basis.get('event', 0))}) or only the date of a report that mentions it "
        f"({int(basis.get('reported', 0))}).\n"
        "- **Confidence.** *high* when the passage states the event and its date plainly; *medium* or "
        "*low* when something is unclear, always with a note saying what.\n"
        "- **Tone and themes** are the curators' reading, each tone with a one-line rationale; the first "
        "theme is the primary one that colours the charts."
    )


def counts_section(dataset) -> None:
    events = dataset.events
    themes = dict(zip(dataset.themes["id"], dataset.themes["label"]))
    st.markdown("**Events per source** (an event that cites two sources counts for both)")
    st.dataframe(per_source(dataset), hide_index=True, width="stretch", height="content",
                 column_config=SOURCE_COLUMNS)
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**Events per primary theme**")
        busiest_first = list(events["primary_theme"].value_counts().index)
        st.dataframe(counts_by(events["primary_theme"], themes, busiest_first, "theme"), hide_index=True,
                     width="stretch", height="content")
    with right:
        st.markdown("**Events per confidence**")
        st.dataframe(counts_by(events["confidence"], {}, list(CONFIDENCES), "confidence"), hide_index=True,
                     width="stretch", height="content")


def limits_section(dataset) -> None:
    table = per_source(dataset)
    lines = [
        "- **No events means no evidence in these sources, not no relations.** The dataset holds what "
        f"{plural(len(dataset.sources), 'document')} say; a year, a pair of actors or a theme without events "
        "is a gap in the sources.",
        "- **Counts measure coverage, not intensity.** One source with many footnotes adds many events; "
        "compare periods and actors with that in mind.",
    ]
    for kind, text in (
        ("essay", "is mostly undated narrative: it grounds {events} and {undated} cited under themes "
                  "instead of as events."),
        ("journal article", "is in the seed as its abstract and footnotes only: {reported} of its {events} "
                            "are dated only by the publication of a report it cites (date basis *reported*)."),
    ):  # fmt: skip
        for row in table[table["kind"] == kind].to_dict("records"):
            lines.append(f"- *{md(row['source'])}* " + text.format(
                events=plural(row["events"], "event"), undated=plural(row[UNDATED], "undated passage"),
                reported=row["reported"]))
    undated_sources = [s["title"] for s in source_dicts(dataset) if not s.get("published")]
    if undated_sources:
        lines.append("- **Undated sources:** " + "; ".join(f"*{md(t)}*" for t in undated_sources)
                     + " state no publication date.")
    lines.append("- **Open-ended ranges** (“from 1999 on”) run to today on the charts; the marker sits at the "
                 "start, where the evidence begins. An **open start** (“until 2021”) has no known beginning: "
                 "its marker sits at its end, with a bar fading to the left, and exports leave its start empty.")
    lines.append("- **Dates and periods.** A date filter or named period keeps an event whose date only overlaps "
                 "it, marked *may fall outside* (a hollow marker); the sidebar's “Only events dated within the "
                 "dates” leaves such events out.")
    lines.append(f"- **Small numbers.** Below {evidence.MIN_EVENTS} events no figure is called the most, least or "
                 "busiest, and shares are given as counts; a figure names the one source behind more than half "
                 "of its events.")
    st.markdown("\n".join(lines))


dataset = data_io.load_result().dataset

st.title("About this dataset")
st.caption(f"Dataset version {md(dataset.version)} · {md(dataset.summary())}. "
           "The counts on this page cover the whole dataset, not the current filters.")
st.header("What it is", anchor=False)
sources_section(dataset)
st.header("How it was curated", anchor=False)
curation_section(dataset)
st.header("What it holds", anchor=False)
counts_section(dataset)
st.header("Its limits", anchor=False)
limits_section(dataset)
st.header("Take a brief with you", anchor=False)
st.caption("The briefing document of the sidebar's filters (the whole dataset when none is set): key figures, "
           "charts, a dated chronology with a footnote to the exact passage of every event, and the sources.")
downloads.brief_download(dataset, state.current(), brief.View("about"), key="about")
