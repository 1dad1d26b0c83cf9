"""Where errors reach the user: one readable panel, never a traceback, data shown as text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core.load import Problem
from dashboard.ui.text import md


def problems_panel(problems: list[Problem], data_dir: str) -> None:
    """The validator's messages as a table, with what to do next."""
    st.error(f"The curated data in {md(data_dir)} has {len(problems)} problem(s), so the dashboard "
             "cannot show it. Fix them (each names file, line and field), then reload the page.",
             icon=":material/error:")
    table = pd.DataFrame([{"file": p.file, "line": p.line, "field": p.field, "problem": p.message}
                          for p in problems])
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"problem": st.column_config.TextColumn(width="large")})
    st.caption("The same list, one per line: `python -m dashboard validate`.")


def notices(messages: list[str]) -> None:
    """Values of a shared link that were ignored."""
    if messages:
        shown = messages[:8] + ([f"…and {len(messages) - 8} more."] if len(messages) > 8 else [])
        st.warning("Some parts of the link were not understood and were ignored:\n\n"
                   + "\n".join(f"- {md(m)}" for m in shown), icon=":material/link_off:")


def empty_result(description: str) -> None:
    """The filter matched nothing: say so, say how to widen it, and stop the page."""
    st.info(f"No events match: {md(description)}.\n\nNo events means no evidence in these five sources, "
            "not that nothing happened. Widen the date range, remove a theme or actor, choose "
            "“any chosen actor”, or press **Reset all filters** in the sidebar.", icon=":material/search_off:")
    st.stop()
