"""Data: the filtered events as a table; select a row to read its passages; download them as CSV
or JSON (the same records as `python -m dashboard export`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core import brief
from dashboard.core.charts.common import TONE_LABEL
from dashboard.core.charts.timeline import joined_labels
from dashboard.ui import downloads, page, passage_panel, state

LAST_ROW = "_data_last_row"
COLUMNS = {
    "date": st.column_config.TextColumn("Date", help="The date as curated; c. = approximate", width=140),
    "title": st.column_config.TextColumn("Title", width=380),
    "actors": st.column_config.TextColumn("Actors", width=200),
    "themes": st.column_config.TextColumn("Themes", help="Primary theme first", width=220),
    "tone": st.column_config.TextColumn("Tone", width=120),
    "confidence": st.column_config.TextColumn("Confidence", width=95),
    "kind": st.column_config.TextColumn("Kind", width=140),
    "sources": st.column_config.TextColumn("Sources", width=300),
    "precision": st.column_config.TextColumn("Precision", help="day, month, year or range", width=85),
    "inferred": st.column_config.TextColumn("Inferred", width=150, help="✱ marks an event with claims the curators "
                                            "inferred, each declared with its reason (see its passages)"),
}
TABLE_HEIGHT = 560  # about 15 rows


def event_table(events: pd.DataFrame, dataset) -> pd.DataFrame:
    """The events as people read them: names and labels, not ids."""
    return pd.DataFrame({
        "date": events["date_label"], "title": events["title"],
        "actors": joined_labels(events["actors"], dataset.actors, "name"),
        "themes": joined_labels(events["themes"], dataset.themes, "label"),
        "tone": events["tone"].map(TONE_LABEL).fillna(events["tone"]), "confidence": events["confidence"], "kind": events["kind"],
        "sources": joined_labels(events["sources"], dataset.sources, "title", sep="; "),
        "precision": events["precision"], "inferred": events["inferred"].map(inferred_marker),
    }).reset_index(drop=True)  # fmt: skip


def inferred_marker(items) -> str:
    """'✱ actors VEN; dates 2021' for an event with declared inferences, else ''."""
    if not isinstance(items, tuple | list) or not items:
        return ""
    return "✱ " + "; ".join(f"{i['field']} {i['value']}" for i in items)


def follow_row(selection, ids: list[str]) -> None:
    """A newly selected row selects its event; a selection left from an earlier run changes nothing."""
    rows = ((selection or {}).get("selection") or {}).get("rows") or []
    picked = ids[rows[0]] if rows and rows[0] < len(ids) else None
    if picked != st.session_state.get(LAST_ROW):
        st.session_state[LAST_ROW] = picked
        if picked:
            state.select_event(picked)
            state.write_url(state.current())


dataset, filters, events = page.open_filtered("Data")
st.caption("One row per event. Select a row to read its source passages below. The downloads hold the "
           "same events with their ids, dates as curated, and every passage with its character offsets.")

ids = list(events["id"])
selection = st.dataframe(
    event_table(events, dataset), column_config=COLUMNS, hide_index=True, width="stretch", height=TABLE_HEIGHT,
    on_select="rerun", selection_mode="single-row", key=f"data_table_{abs(hash(filters))}",
)  # a new key per filter, so a selected row never points at a different event after filtering
follow_row(selection, ids)
downloads.data_downloads(dataset, filters, events, {}, key="data-data", view=brief.View("data"))

st.header("Source passages", anchor="passages")
passage_panel.event_picker(events, key="data_pick")
chosen = state.selected_event()
if chosen:
    with st.container(border=True):
        if chosen not in set(ids):
            st.caption("This event is outside the current filters.")
        passage_panel.show(chosen, dataset, key_prefix="data")
        st.button("Close", key="data_close", on_click=state.select_event, args=(None,), icon=":material/close:")
else:
    st.caption("No event selected: select a row in the table or choose an event above.")
