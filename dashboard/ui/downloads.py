"""Download buttons beside every chart, and for the filtered data. Bytes are built on click,
kept per session, and only sent to the browser: the app never writes files."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.core import export
from dashboard.ui import state

MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html"}


def chart_downloads(fig: go.Figure, *, chart_id: str, key: str, data: pd.DataFrame | None = None) -> None:
    """PNG (2x), SVG and standalone HTML buttons for one chart."""
    name = export.filter_slug(chart_id, state.current()) if hasattr(export, "filter_slug") else chart_id
    problem = export.image_support()
    columns = st.columns(3)
    for column, fmt in zip(columns, ("png", "svg", "html")):
        with column:
            if fmt != "html" and problem:
                st.button(f"{fmt.upper()} unavailable", key=f"{key}-dl-{fmt}", disabled=True, help=problem)
                continue
            st.download_button(
                f"Download {fmt.upper()}", key=f"{key}-dl-{fmt}", mime=MIME[fmt],
                data=lambda f=fmt: export.figure_html(fig) if f == "html" else export.figure_image(fig, f),
                file_name=export.safe_filename(name, ext=fmt), on_click="ignore", icon=":material/download:",
            )  # fmt: skip
