"""The bundled curated data and seeds: valid, non-empty, and every quote exactly where it says.

These tests read the real curated/ and seeds/ folders, so they fail while a curation is
half-done; that is their purpose.
"""

from __future__ import annotations

import pytest

from dashboard.core import coverage, load, paths, records


@pytest.fixture(scope="module")
def real():
    mp = pytest.MonkeyPatch()
    mp.setenv("DASHBOARD_TODAY", "2026-11-23")
    try:
        data_paths = paths.resolve(env={})  # the bundled folders, whatever the environment says
        return data_paths, load.load(data_paths)
    finally:
        mp.undo()


def test_bundled_paths_are_the_repository_folders(real):
    data_paths, _ = real
    assert data_paths.data == paths.BUNDLED_DATA.resolve()
    assert data_paths.seeds == paths.BUNDLED_SEEDS.resolve()


def test_real_data_has_no_problems(real):
    _, result = real
    assert result.problems == [], "\n" + "\n".join(map(str, result.problems))
    assert result.ok


def test_real_data_has_events(real):
    _, result = real
    if not result.ok:
        pytest.fail("the real data does not load (see test_real_data_has_no_problems)")
    dataset = result.dataset
    assert len(dataset.events) > 0
    assert dataset.events["id"].is_unique
    assert (dataset.events["start"] <= dataset.events["end"]).all()


def test_every_real_quote_is_verbatim_at_its_offsets(real):
    _, result = real
    if not result.ok:
        pytest.fail("the real data does not load (see test_real_data_has_no_problems)")
    dataset = result.dataset
    assert len(dataset.passages) > 0
    wrong = [
        f"{row.file}:{row.line}: {row.quote[:60]!r}"
        for row in dataset.passages.itertuples()
        if dataset.seed_texts[row.source_id][row.start : row.end] != row.quote
    ]
    assert wrong == []
    events_with_passages = set(dataset.passages["event_id"].dropna())
    assert events_with_passages == set(dataset.events["id"])


def test_real_seeds_are_the_files_on_disk(real):
    data_paths, result = real
    if not result.ok:
        pytest.fail("the real data does not load (see test_real_data_has_no_problems)")
    dataset = result.dataset
    for source_id, file in zip(dataset.sources["id"], dataset.sources["file"]):
        assert dataset.seed_texts[source_id] == (data_paths.seeds / file).read_bytes().decode("utf-8")


def test_real_coverage_and_export_run(real):
    _, result = real
    if not result.ok:
        pytest.fail("the real data does not load (see test_real_data_has_no_problems)")
    dataset = result.dataset
    report = coverage.coverage(dataset)
    assert {r.source_id for r in report} == set(dataset.sources["id"])
    assert all(0 <= r.share <= 1 for r in report)
    exported = records.event_records(dataset)
    assert len(exported) == len(dataset.events)
    assert all(event["passages"] for event in exported)
