"""The one place that caches. Keyed on a stat fingerprint of curated/ and seeds/, so an edit to
the data shows on the next rerun without a restart. `cache_resource` shares one read-only
Dataset between all sessions instead of copying it per session; across restarts the validated
Dataset comes from its snapshot on disk when the bytes are unchanged (`core.snapshot`)."""

from __future__ import annotations

import argparse
import sys

import streamlit as st

from dashboard.core import analysis, load, paths, snapshot
from dashboard.core.charts import compare as compare_charts
from dashboard.core.charts import themes as theme_charts
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


# -- The other pages' heavy builds, shared the same way (read-only; keys: version + what they show)


@st.cache_resource(max_entries=32, show_spinner=False)
def _themes_overview(_dataset: load.Dataset, version: str, filters: Filters, _events):
    return theme_charts.overview_view(_dataset, filters, _events)


def themes_overview(dataset: load.Dataset, filters: Filters, events):
    """`charts.themes.overview_view`, shared per (data version, filters)."""
    return _themes_overview(dataset, dataset.version, filters, events)


@st.cache_resource(max_entries=64, show_spinner=False)
def _theme_activity(_dataset: load.Dataset, version: str, filters: Filters, theme: str, _events):
    return theme_charts.theme_activity_view(_dataset, filters, theme, _events)


def theme_activity(dataset: load.Dataset, filters: Filters, theme: str, events):
    """`charts.themes.theme_activity_view`, shared per (data version, filters, theme)."""
    return _theme_activity(dataset, dataset.version, filters, theme, events)


@st.cache_resource(max_entries=64, show_spinner=False)
def _theme_passages(_dataset: load.Dataset, version: str, filters: Filters, theme: str, _event_ids):
    return analysis.perspective_passages(_dataset, theme, _event_ids, filters.sources)


def theme_passages(dataset: load.Dataset, filters: Filters, theme: str, event_ids):
    """`analysis.perspective_passages` of the theme's filtered events, shared per (data version,
    filters, theme): the event ids follow from those."""
    return _theme_passages(dataset, dataset.version, filters, theme, event_ids)


@st.cache_resource(max_entries=32, show_spinner=False)
def _comparison(_dataset: load.Dataset, version: str, filters: Filters, focal: str, partners: tuple):
    comp = compare_charts.comparison(_dataset, filters, focal, partners)
    return comp, compare_charts.heatmap_view(comp, _dataset), compare_charts.activity_view(comp), \
        compare_charts.tone_view(comp)


def comparison(dataset: load.Dataset, filters: Filters, focal: str, partners: tuple):
    """(comparison, heatmap view, activity view, tone view) of the Compare page, shared per (data
    version, filters, focal actor, partners)."""
    return _comparison(dataset, dataset.version, filters, focal, tuple(partners))
