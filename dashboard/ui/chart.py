"""Every chart on every page goes through `show()`: the filter sentence above it, a one-line
text summary, the chart's title, the chart as laid out for screens (`common.screen_spec`), its
caption and key as page text, its data as a table, and its downloads (the figure as built, with
its title and caption inside)."""

from __future__ import annotations

import threading
import weakref

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.core import evidence
from dashboard.core.charts import common
from dashboard.ui import browser, downloads
from dashboard.ui.text import md

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage"], "responsive": True}

#: The screen layout of each figure shown, by the figure's id while it lives: the pages' figures
#: are shared between reruns and sessions (`data_io.shared`), so each is laid out once.
_SCREEN: dict[int, tuple[weakref.ref, tuple]] = {}
_SCREEN_LOCK = threading.Lock()


def on_screen(fig: go.Figure, width: int) -> tuple[go.Figure, str, str]:
    """(the figure laid out for screens of `width` px or wider, its title, its caption and the key
    of its codes as page text)."""
    with _SCREEN_LOCK:
        found = _SCREEN.get((id(fig), width))
    if found is not None and found[0]() is fig:
        return found[1]
    spec, title, caption = common.screen_spec(fig.to_plotly_json(), width)
    narrow = width < common.NARROW_BELOW_PX
    codes = ((spec["layout"].get("meta") or {}).get(common.CODES) or {}) if narrow else {}
    listed = "Codes: " + ", ".join(f"{code} {name}" for code, name in codes.items()) + "." if codes else ""
    result = (common.screen_figure(spec), title, " ".join(t for t in (caption, listed) if t))
    key = (id(fig), width)
    with _SCREEN_LOCK:
        _SCREEN[key] = (weakref.ref(fig, lambda _gone: _SCREEN.pop(key, None)), result)
    return result


def show(fig: go.Figure, *, chart_id: str, summary: str, data: pd.DataFrame, key: str,
         selectable: bool = False, behind: pd.DataFrame | None = None, dated: str = ""):
    """Render one chart; returns the selection state when `selectable`, else None. `behind`: the
    events per source of the chart (`evidence.source_counts`), said under the summary and tabled;
    `dated`: how many of its events the event itself dates and how many only a report (`evidence.basis_text`)."""
    st.markdown(md(summary))
    if behind is not None or dated:
        st.caption(md(" ".join(t for t in (evidence.sources_line(behind) if behind is not None else "", dated) if t)))
    screen, title, caption = on_screen(fig, browser.chart_width())
    if title:
        st.markdown(f"**{md(title)}**")
    event = st.plotly_chart(
        screen, key=key, config=PLOTLY_CONFIG, width="stretch",
        on_select="rerun" if selectable else "ignore",
        selection_mode=("points",) if selectable else ("points", "box", "lasso"),
    )  # fmt: skip
    if caption:
        st.caption(md(caption))
    with st.expander("Data behind this chart"):
        st.dataframe(data, hide_index=True, width="stretch")
        if behind is not None:
            st.markdown("**Sources behind this** (an event citing two sources counts for both)")
            st.dataframe(behind[["source", "events"]], hide_index=True, width="stretch", key=f"{key}_sources")
    downloads.chart_downloads(fig, chart_id=chart_id, key=key, data=data)
    return event if selectable else None
