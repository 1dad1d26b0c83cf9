"""The one place that caches. Keyed on a stat fingerprint of curated/ and seeds/, so an edit to
the data shows on the next rerun without a restart. `cache_resource` shares one read-only
Dataset between all sessions instead of copying it per session; across restarts the validated
Dataset comes from its snapshot on disk when the bytes are unchanged (`core.snapshot`)."""

from __future__ import annotations

import argparse
import sys

import streamlit as st

from dashboard.core import analysis, grounding, load, naming, paths, snapshot
from dashboard.core.charts import compare as compare_charts
from dashboard.core.charts import themes as theme_charts
from dashboard.core.charts.timeline import PageView, page_view
from dashboard.core.charts.timeline import per_year_view as per_year_view_of
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


@st.cache_resource(max_entries=128, show_spinner=False)
def _shared(version: str, what: str, key: tuple, _build):
    return _build()


def shared(dataset: load.Dataset, what: str, key: tuple, build):
    """`build()`, run once per (data version, what, key) and its result shared by every session
    that shows the same view: ten people on the home page cost one build and one copy in memory,
    not ten. `key` must hold everything the result depends on besides the data; the result is
    read-only, like the Dataset."""
    return _shared(dataset.version, what, key, build)


def timeline_view(dataset: load.Dataset, filters: Filters, lanes: str, selected: str | None,
                  events=None, labelled: bool = False) -> PageView:
    """The Timeline page's timeline figure and table, per (filters, lanes, selected event, labels). `events` (the
    filtered frame, which the page has already) is not part of the key: it follows from the
    dataset and the filters."""
    return shared(dataset, "timeline", (filters, lanes, selected, labelled),
                  lambda: page_view(dataset, filters, lanes, selected, events=events, per_year=False,
                                    labelled=labelled))


def per_year_view(dataset: load.Dataset, filters: Filters, events=None) -> tuple:
    """The Timeline page's events-per-year (figure, summary, table), per filters."""
    return shared(dataset, "per-year", (filters,), lambda: per_year_view_of(dataset, filters, events))


def themes_overview(dataset: load.Dataset, filters: Filters, events):
    """`charts.themes.overview_view`, per filters."""
    return shared(dataset, "themes-overview", (filters,), lambda: theme_charts.overview_view(dataset, filters, events))


def theme_activity(dataset: load.Dataset, filters: Filters, theme: str, events):
    """`charts.themes.theme_activity_view`, per (filters, theme)."""
    return shared(dataset, "theme-activity", (filters, theme),
                  lambda: theme_charts.theme_activity_view(dataset, filters, theme, events))


def theme_passages(dataset: load.Dataset, filters: Filters, theme: str, event_ids):
    """`analysis.perspective_passages` of the theme's filtered events, per (filters, theme): the
    event ids follow from those."""
    return shared(dataset, "theme-passages", (filters, theme),
                  lambda: analysis.perspective_passages(dataset, theme, event_ids, filters.sources))


def comparison(dataset: load.Dataset, filters: Filters, focal: str, partners: tuple):
    """(comparison, heatmap view, activity view, tone view) of the Compare page, per (filters,
    focal actor, partners)."""
    partners = tuple(partners)

    def build():
        comp = compare_charts.comparison(dataset, filters, focal, partners)
        return comp, compare_charts.heatmap_view(comp, dataset), compare_charts.activity_view(comp), \
            compare_charts.tone_view(comp)

    return shared(dataset, "comparison", (filters, focal, partners), build)


def actor_patterns(dataset: load.Dataset):
    """The naming patterns of the dataset's actors (core.naming), compiled once per data version."""
    return shared(dataset, "naming", (), lambda: naming.patterns(dataset.actors))


def seed_units(dataset: load.Dataset) -> grounding.Units:
    """Sentence (footnote) bounds of every seed, computed once per seed and data version."""
    kinds = dict(zip(dataset.sources["id"], dataset.sources.get("evidence", ["sentence"] * len(dataset.sources))))
    return shared(dataset, "units", (), lambda: grounding.Units(dataset.seed_texts, kinds))


def evidence_marks(dataset: load.Dataset, source_id: str, start: int, end: int, actors) -> list:
    """Marks of the words naming `actors` in the evidence of one quote (offsets into the seed)."""
    units = seed_units(dataset)
    first, last = units.around(source_id, start, end)
    wanted = set(actors)
    text = dataset.seed_texts[source_id]
    return [(a + first, b + first, actor) for a, b, actor in naming.marks(text[first:last], actor_patterns(dataset))
            if actor in wanted]  # fmt: skip
