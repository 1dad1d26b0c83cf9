"""Many users at once, and nothing lost.

- 20 sessions with 20 different links: each sees only its own filters, filter sentence and
  selected event, also when the sessions rerun interleaved;
- they share one cached, read-only Dataset (loaded once) and none of them changes it;
- 20 threads filtering, describing, exporting and charting the shared Dataset at the same time
  get exactly what they get one at a time;
- the app never writes under curated/ or seeds/, whatever is viewed or downloaded.

Run with `-s` to see the measured time and memory.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.__main__ import main as cli_main
from dashboard.core import filters, load, records
from dashboard.core.charts import REGISTRY
from dashboard.core.paths import DataPaths
from dashboard.ui import data_io
from dashboard.ui.text import md

TESTS = Path(__file__).resolve().parent
VALID = TESTS / "fixtures" / "valid"
HOSTILE = TESTS / "fixtures" / "hostile"
APP = TESTS.parent / "dashboard" / "app.py"
PAGES = [p for p in ("timeline", "compare", "themes", "sources", "data", "about")
         if (APP.parent / "app_pages" / f"{p}.py").is_file()]  # fmt: skip
FRAMES = ("events", "event_actors", "event_themes", "passages", "sources", "actors", "themes", "periods")

#: 20 links to the valid fixture, each a different view; every one matches at least one event.
LINKS = [
    {"actor": ["RUS"]}, {"actor": ["PAN"]}, {"actor": ["RUS", "PAN"], "tone": ["cooperation"]},
    {"actor": ["RUS", "SUN"], "match": ["any"]}, {"actor": ["PAN"], "theme": ["trade"]},
    {"theme": ["trade"]}, {"theme": ["maritime"]}, {"theme": ["diplomacy"], "tone": ["neutral"]},
    {"tone": ["cooperation"], "confidence": ["high"]}, {"confidence": ["medium"]}, {"confidence": ["low"]},
    {"from": ["2003"], "to": ["2010"]}, {"from": ["2025"]}, {"to": ["1950"]},
    {"q": ["memorandum"]}, {"q": ["ambassador"]}, {"q": ["trade grows"], "theme": ["trade"]},
    {"actor": ["PAN"], "match": ["any"], "confidence": ["high", "low"]}, {"source": ["beta"]}, {"source": ["alpha"], "tone": ["neutral"], "q": ["welcomed"]},
]  # fmt: skip


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the valid tree that the app is pointed at; the shared cache is cleared."""
    root = tmp_path / "tree"
    shutil.copytree(VALID, root)
    monkeypatch.setenv("DASHBOARD_DATA", str(root / "curated"))
    monkeypatch.setenv("DASHBOARD_SEEDS", str(root / "seeds"))
    data_io._load.clear()
    yield root
    data_io._load.clear()


@pytest.fixture
def load_calls(monkeypatch):
    """Every Dataset that load.load built during the test."""
    built, real_load = [], load.load

    def counting_load(paths):
        result = real_load(paths)
        built.append(result.dataset)
        return result

    monkeypatch.setattr(load, "load", counting_load)
    return built


def expected_view(link: dict, dataset) -> tuple[filters.Filters, str, str | None]:
    chosen, notices = filters.Filters.from_query_params(link, dataset)
    assert not notices, notices
    events = filters.apply(chosen, dataset)
    assert len(events), f"{link} matches nothing"
    return chosen, filters.describe(chosen, dataset, events), events["id"].iloc[-1]


def sentences_shown(at, sentences) -> set[str]:
    """Which of the filter sentences the page shows (as a whole Markdown element, bold or not)."""
    shown = {str(e.value).strip("*") for e in at.markdown}
    return {s for s in sentences if md(s) in shown}


@pytest.mark.skipif("timeline" not in PAGES, reason="app_pages/timeline.py does not exist yet")
def test_twenty_sessions_each_see_only_their_own_view(data_copy, load_calls):
    dataset = data_io.load_result().dataset  # loaded once, here, before any session
    before = {name: copy.deepcopy(getattr(dataset, name)) for name in FRAMES}
    seeds_before = dict(dataset.seed_texts)
    views = [expected_view(link, dataset) for link in LINKS]
    assert len({sentence for _, sentence, _ in views}) == len(LINKS), "the 20 views are told apart by sentence"
    titles = dict(zip(dataset.events["id"], dataset.events["title"]))

    started, rss_start = time.perf_counter(), rss_bytes()
    sessions = []
    for link, (_, _, event) in zip(LINKS, views):
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, values in {**link, "event": [event]}.items():
            at.query_params[key] = values
        sessions.append(at.run())
    first_round = time.perf_counter() - started
    for at in reversed(sessions):  # rerun interleaved: every session after all the others
        at.run()
    seconds, grown = time.perf_counter() - started, rss_bytes() - rss_start
    print(f"\n20 sessions: first runs {first_round:.1f} s, all 40 runs {seconds:.1f} s "
          f"({seconds / 40 * 1000:.0f} ms a run); RSS grew {grown / 1e6:.0f} MB")

    sentences = {sentence for _, sentence, _ in views}
    for at, (chosen, sentence, event) in zip(sessions, views):
        assert not at.exception, [e.value for e in at.exception]
        assert not at.warning, "a clean link gives no notice"
        assert at.session_state["filters"] == chosen
        assert at.session_state["event"] == event
        assert sentences_shown(at, sentences) == {sentence}, "its own sentence, and no other session's"
        subheaders = [s.value for s in at.subheader]
        assert md(titles[event]) in subheaders
        assert not [t for i, t in titles.items() if i != event and md(t) in subheaders]

    assert len(load_calls) == 1, "one load for every session: the Dataset is shared, not copied"
    assert data_io.load_result().dataset is dataset is load_calls[0]
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(dataset, name), before[name], check_exact=True)
    assert dataset.seed_texts == seeds_before
    assert seconds < 300 and grown < 1_000_000_000, "generous bounds: a safety check, not a benchmark"


#: The charts of the home page (building every chart 80 times would take minutes, not prove more).
THREAD_CHARTS = [c for c in ("timeline", "per-year") if c in REGISTRY] or sorted(REGISTRY)[:2]


def core_view(chosen: filters.Filters, dataset) -> tuple:
    """What one user's run computes from the shared Dataset with pandas and plotly."""
    events = filters.apply(chosen, dataset)
    figures = tuple(REGISTRY[chart_id](dataset, chosen).to_json() for chart_id in THREAD_CHARTS)
    recs = records.event_records(dataset, events)
    return (tuple(events["id"]), filters.describe(chosen, dataset, events), records.to_csv(recs),
            records.to_json(recs), figures)  # fmt: skip


def test_twenty_threads_share_one_dataset_safely(valid_dataset):
    chosen = [filters.Filters.from_query_params(link, valid_dataset)[0] for link in LINKS]
    before = {name: copy.deepcopy(getattr(valid_dataset, name)) for name in FRAMES}
    alone = [core_view(c, valid_dataset) for c in chosen]
    barrier = threading.Barrier(20)

    def user(i: int) -> list[tuple]:
        barrier.wait()  # all 20 start together
        return [core_view(chosen[i], valid_dataset) for _ in range(2)]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=20) as pool:
        together = list(pool.map(user, range(20)))
    print(f"\n20 threads x 2 views (filter, sentence, CSV, JSON, charts {', '.join(THREAD_CHARTS)}): "
          f"{time.perf_counter() - started:.1f} s")
    for i, runs in enumerate(together):
        assert all(run == alone[i] for run in runs), LINKS[i]
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(valid_dataset, name), before[name], check_exact=True)


# --- nothing lost ---------------------------------------------------------------------------------


def tree_state(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under root: its content hash and modification time."""
    return {path.relative_to(root).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*")) if path.is_file()}  # fmt: skip


@pytest.fixture
def deferred_downloads(monkeypatch):
    """The byte builders of every download button the app draws (they run when a user clicks)."""
    captured, real_add = [], MediaFileManager.add_deferred

    def add_deferred(self, data_callable, *args, **kwargs):
        captured.append(data_callable)
        return real_add(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


@pytest.mark.skipif(not PAGES, reason="no page exists yet")
@pytest.mark.parametrize("fixture", [VALID, HOSTILE], ids=["valid", "hostile"])
def test_the_app_never_writes_under_curated_or_seeds(fixture, tmp_path, monkeypatch, deferred_downloads):
    root = tmp_path / "tree"
    shutil.copytree(fixture, root)
    monkeypatch.setenv("DASHBOARD_DATA", str(root / "curated"))
    monkeypatch.setenv("DASHBOARD_SEEDS", str(root / "seeds"))
    data_io._load.clear()
    before = tree_state(root)
    event = load.load(DataPaths(root / "curated", root / "seeds")).dataset.events["id"].iloc[0]
    try:
        for page_name in PAGES:
            at = AppTest.from_file(str(APP), default_timeout=90)
            at.query_params["event"] = [event]
            at.switch_page(f"app_pages/{page_name}.py")
            assert not at.run().exception, page_name
        produced = [callable_() for callable_ in deferred_downloads]  # every download, as if clicked
    finally:
        data_io._load.clear()
    assert produced and all(isinstance(data, (bytes, str)) and len(data) for data in produced)
    out = tmp_path / "exports"
    out.mkdir()
    for fmt in ("json", "csv"):
        assert cli_main(["export", "events", "--format", fmt, "-o", str(out / f"events.{fmt}"),
                         "--data", str(root / "curated"), "--seeds", str(root / "seeds")]) == 0  # fmt: skip
    assert tree_state(root) == before, "nothing under curated/ or seeds/ was written, added or touched"
    print(f"\n{fixture.name}: {len(PAGES)} pages, {len(produced)} downloads built, tree unchanged")


def test_sessions_showing_the_same_timeline_view_share_one_built_view(valid_dataset):
    """Built once per (data version, filters, lanes, selected event), the same objects for all."""
    data_io._shared.clear()
    first = data_io.timeline_view(valid_dataset, filters.Filters(), "actors", None)
    assert data_io.timeline_view(valid_dataset, filters.Filters(), "actors", None) is first
    other = data_io.timeline_view(valid_dataset, filters.Filters(tones=("tension",)), "actors", None)
    assert other is not first and other.timeline.to_json() != first.timeline.to_json()
    assert data_io.timeline_view(valid_dataset, filters.Filters(), "theme", None) is not first
    ringed = data_io.timeline_view(valid_dataset, filters.Filters(), "actors", valid_dataset.events["id"].iloc[0])
    assert ringed is not first and any(t.name == "selected" for t in ringed.timeline.data)


def test_the_themes_and_compare_builds_are_shared_per_view(valid_dataset):
    """Same (data version, filters, theme / focal and partners): the same objects; else new ones."""
    base, other = filters.Filters(), filters.Filters(tones=("cooperation",))
    events = filters.apply(base, valid_dataset)
    theme = valid_dataset.themes["id"].iloc[0]
    assert data_io.themes_overview(valid_dataset, base, events) is data_io.themes_overview(valid_dataset, base, events)
    assert data_io.themes_overview(valid_dataset, other, filters.apply(other, valid_dataset)) is not \
        data_io.themes_overview(valid_dataset, base, events)  # fmt: skip
    assert data_io.theme_activity(valid_dataset, base, theme, events) is \
        data_io.theme_activity(valid_dataset, base, theme, events)  # fmt: skip
    ids = events["id"]
    assert data_io.theme_passages(valid_dataset, base, theme, ids) is data_io.theme_passages(valid_dataset, base, theme,
                                                                                             ids)  # fmt: skip
    actors = list(valid_dataset.actors["id"][:3])
    first = data_io.comparison(valid_dataset, base, actors[0], (actors[1], actors[2]))
    assert data_io.comparison(valid_dataset, base, actors[0], [actors[1], actors[2]]) is first
    assert data_io.comparison(valid_dataset, base, actors[0], (actors[1],)) is not first
