"""How an event page opens: its title, the filtered events (or the empty-result message, which
stops the page) and the sentence that says what is shown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core.filters import Filters, apply, describe
from dashboard.core.load import Dataset
from dashboard.ui import data_io, errors, state
from dashboard.ui.text import md


def open_filtered(title: str) -> tuple[Dataset, Filters, pd.DataFrame]:
    dataset = data_io.load_result().dataset
    filters = state.current()
    events = apply(filters, dataset)
    st.title(title)
    if events.empty:
        errors.empty_result(describe(filters, dataset, events))
    st.markdown(f"**{md(describe(filters, dataset, events))}**")
    return dataset, filters, events
