"""Every chart on every page goes through `show()`: the filter sentence above it, a one-line
text summary, the chart, its data as a table, and its downloads."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.core import evidence
from dashboard.ui import downloads
from dashboard.ui.text import md

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage"], "responsive": True}


def show(fig: go.Figure, *, chart_id: str, summary: str, data: pd.DataFrame, key: str,
         selectable: bool = False, behind: pd.DataFrame | None = None, dated: str = ""):
    """Render one chart; returns the selection state when `selectable`, else None. `behind`: the
    events per source of the chart (`evidence.source_counts`), said under the summary and tabled;
    `dated`: how many of its events the event itself dates and how many only a report (`evidence.basis_text`)."""
    st.markdown(md(summary))
    if behind is not None or dated:
        st.caption(md(" ".join(t for t in (evidence.sources_line(behind) if behind is not None else "", dated) if t)))
    event = st.plotly_chart(
        fig, key=key, config=PLOTLY_CONFIG, width="stretch",
        on_select="rerun" if selectable else "ignore",
        selection_mode=("points",) if selectable else ("points", "box", "lasso"),
    )  # fmt: skip
    with st.expander("Data behind this chart"):
        st.dataframe(data, hide_index=True, width="stretch")
        if behind is not None:
            st.markdown("**Sources behind this** (an event citing two sources counts for both)")
            st.dataframe(behind[["source", "events"]], hide_index=True, width="stretch", key=f"{key}_sources")
    downloads.chart_downloads(fig, chart_id=chart_id, key=key, data=data)
    return event if selectable else None
