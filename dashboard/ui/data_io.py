"""The one place that caches. Keyed on a stat fingerprint of curated/ and seeds/, so an edit to
the data shows on the next rerun without a restart. `cache_resource` shares one read-only
Dataset between all sessions instead of copying it per session; across restarts the validated
Dataset comes from its snapshot on disk when the bytes are unchanged (`core.snapshot`)."""

from __future__ import annotations

import argparse
import sys

import streamlit as st

from dashboard.core import load, paths, snapshot
from dashboard.core.charts.timeline import PageView, page_view
from dashboard.core.filters import Filters


def data_paths() -> paths.DataPaths:
    """--data/--seeds after `--` on the streamlit command line, else the environment, else bundled."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    parser.add_argument("--seeds")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return paths.resolve(args.data, args.seeds)


@st.cache_resource(show_spinner="Loading the curated data…", max_entries=4)
def _load(key: tuple) -> load.LoadResult:
    data, seeds = key[0], key[1]
    return snapshot.load_dataset(paths.DataPaths(paths.Path(data), paths.Path(seeds)))[0]


def load_result() -> load.LoadResult:
    return _load(load.stat_fingerprint(data_paths()))


@st.cache_resource(max_entries=32, show_spinner=False)
def _timeline_view(_dataset: load.Dataset, version: str, filters: Filters, lanes: str,
                   selected: str | None, _events) -> PageView:
    return page_view(_dataset, filters, lanes, selected, events=_events)


def timeline_view(dataset: load.Dataset, filters: Filters, lanes: str, selected: str | None,
                  events=None) -> PageView:
    """The Timeline page's figures and tables, built once per (data version, filters, lanes,
    selected event) and shared by every session that shows that view: ten people on the home page
    cost one build and one copy in memory, not ten. Read-only, like the Dataset.
    `events` (the filtered frame, which the page has already) is not part of the key: it follows
    from the dataset and the filters."""
    return _timeline_view(dataset, dataset.version, filters, lanes, selected, events)
