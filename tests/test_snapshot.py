"""Validated datasets kept on disk (core.snapshot): read back only for the same bytes, code and
day; never for invalid data; ignored when broken or untrusted; never under curated/ or seeds/."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from dashboard.core import load, snapshot


def snapshots(folder) -> list:
    return sorted(folder.glob("dataset-*.pickle"))


def assert_same(a: load.Dataset, b: load.Dataset) -> None:
    for name in ("events", "event_actors", "event_themes", "passages", "sources", "actors", "themes", "periods"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.seed_texts == b.seed_texts and a.version == b.version


def test_second_load_reads_the_snapshot_and_it_equals_a_fresh_validation(valid_tree, tmp_path):
    folder = tmp_path / "cache"
    first, how = snapshot.load_dataset(valid_tree.paths, folder)
    assert how == "validated" and first.ok and len(snapshots(folder)) == 1
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    second, how = snapshot.load_dataset(valid_tree.paths, folder)
    assert how == "snapshot" and second.ok
    assert_same(second.dataset, load.load(valid_tree.paths).dataset)
    assert not list(valid_tree.root.rglob("*.pickle"))  # nothing written beside the data


def test_any_changed_byte_is_a_new_snapshot_and_the_old_one_is_not_read(valid_tree, tmp_path):
    folder = tmp_path / "cache"
    snapshot.load_dataset(valid_tree.paths, folder)
    events = next((valid_tree.data / "events").glob("*.yaml"))
    text = events.read_text(encoding="utf-8")
    title_at = text.index("title: ") + len("title: ")
    events.write_text(text[:title_at] + "Changed " + text[title_at:], encoding="utf-8")
    result, how = snapshot.load_dataset(valid_tree.paths, folder)
    assert how == "validated" and len(snapshots(folder)) == 2
    assert result.dataset.events["title"].str.startswith("Changed ").any()
    seed = next(valid_tree.seeds.iterdir())
    before = snapshot.content_key(valid_tree.paths)
    seed.write_bytes(seed.read_bytes() + b" ")
    assert snapshot.content_key(valid_tree.paths) != before


def test_the_code_and_today_are_part_of_the_name(valid_tree, monkeypatch):
    key = snapshot.content_key(valid_tree.paths)
    monkeypatch.setenv("DASHBOARD_TODAY", "2030-01-01")
    assert snapshot.content_key(valid_tree.paths) != key
    monkeypatch.undo()
    monkeypatch.setattr(snapshot, "_code_digest", lambda: b"other code")
    assert snapshot.content_key(valid_tree.paths) != key


def test_invalid_data_is_never_snapshotted_and_reports_its_problems_every_time(make_tree, tmp_path):
    tree = make_tree(edits=[("curated/periods.yaml", "start:", "begin:")])
    folder = tmp_path / "cache"
    for _ in range(2):
        result, how = snapshot.load_dataset(tree.paths, folder)
        assert not result.ok and result.problems and how == "validated, not snapshotted"
    assert not snapshots(folder)


def test_a_broken_snapshot_is_rebuilt(valid_tree, tmp_path):
    folder = tmp_path / "cache"
    snapshot.load_dataset(valid_tree.paths, folder)
    (path,) = snapshots(folder)
    path.write_bytes(path.read_bytes()[:100])  # truncated
    result, how = snapshot.load_dataset(valid_tree.paths, folder)
    assert how == "validated" and result.ok
    assert snapshot.read(path) is not None


def test_a_snapshot_in_a_folder_others_can_write_is_not_read(valid_tree, tmp_path):
    folder = tmp_path / "cache"
    snapshot.load_dataset(valid_tree.paths, folder)
    folder.chmod(0o777)
    result, how = snapshot.load_dataset(valid_tree.paths, folder)
    assert result.ok and how == "validated, not snapshotted"
    folder.chmod(0o700)
    (path,) = snapshots(folder)
    path.chmod(0o666)
    assert snapshot.read(path) is None
    path.chmod(0o600)
    assert snapshot.read(path) is not None
    if os.getuid() == 0:  # only root can give a file to someone else
        os.chown(path, 12345, -1)
        assert snapshot.read(path) is None


def test_only_the_most_recent_snapshots_are_kept(valid_tree, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    for i in range(snapshot.KEEP + 2):
        monkeypatch.setattr(snapshot, "_code_digest", lambda i=i: f"code {i}".encode())
        assert snapshot.load_dataset(valid_tree.paths, folder)[1] == "validated"
    assert len(snapshots(folder)) == snapshot.KEEP


def test_the_folder_comes_from_the_environment_and_can_be_turned_off(tmp_path):
    assert snapshot.cache_dir({"DASHBOARD_CACHE": "off"}) is None
    assert snapshot.cache_dir({"DASHBOARD_CACHE": str(tmp_path)}) == tmp_path
    assert snapshot.cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / snapshot.APP_NAME


def test_an_unusable_folder_still_loads(valid_tree, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result, how = snapshot.load_dataset(valid_tree.paths, blocker / "cache")
    assert result.ok and how == "validated, not snapshotted"


@pytest.mark.parametrize("command", [["validate"], ["coverage"]])
def test_validate_and_coverage_never_use_snapshots(valid_tree, tmp_path, monkeypatch, command):
    from dashboard.__main__ import main

    folder = tmp_path / "cache"
    monkeypatch.setenv("DASHBOARD_CACHE", str(folder))
    assert main([*command, "--data", str(valid_tree.data), "--seeds", str(valid_tree.seeds)]) == 0
    assert not snapshots(folder)  # validate keeps only its per-file results there (incremental.py)
    assert {p.name for p in folder.iterdir()} <= {"validation"} if folder.exists() else True
    assert main(["export", "events", "--data", str(valid_tree.data), "--seeds", str(valid_tree.seeds),
                 "-o", str(tmp_path / "events.json")]) == 0  # fmt: skip
    assert len(snapshots(folder)) == 1


def test_the_code_in_the_name_is_the_loader_and_what_it_imports_not_the_charts():
    names = {path.name for path in snapshot.loader_modules()}
    assert {"load.py", "schema.py", "dates.py", "yamlfile.py", "provenance.py", "paths.py", "snapshot.py"} <= names
    assert not names & {"filters.py", "export.py", "records.py"} and all(p.parent == snapshot.CORE for p in
                                                                          snapshot.loader_modules())  # fmt: skip
