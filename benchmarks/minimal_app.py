"""The baseline for benchmarks/run.py: a bare one-chart Streamlit page (a select box and one plotly
chart of a small frame). Every browser and server figure of the dashboard is printed as a ratio
to the same figure of this page, measured in the same run on the same machine.

    streamlit run benchmarks/minimal_app.py
"""

import numpy as np
import pandas as pd
import plotly.express as px
import streamlit as st

SERIES = ["alpha", "beta", "gamma", "delta"]


@st.cache_data
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    years = np.arange(1990, 2027)
    return pd.DataFrame({
        "year": np.tile(years, len(SERIES)),
        "series": np.repeat(SERIES, len(years)),
        "value": rng.integers(0, 20, len(years) * len(SERIES)),
    })  # fmt: skip


def filtered(data: pd.DataFrame, series: str) -> pd.DataFrame:
    return data[data["series"] == series]


def figure(data: pd.DataFrame, series: str):
    return px.line(filtered(data, series), x="year", y="value", title=f"Series {series}", markers=True)


if __name__ == "__main__":  # as a Streamlit page; benchmarks/run.py imports the functions above
    choice = st.selectbox("Series", SERIES, key="series")
    st.plotly_chart(figure(frame(), choice), key="chart")
