"""The per-file validation cache finds the same problems as `load.load`, problem for problem:
on the real data, on every invalid fixture case, and on a synthetic tree edited after its results
were cached; only the edited files are validated again."""

from __future__ import annotations

import shutil

import pytest

from benchmarks import synth
from dashboard import __main__ as cli
from dashboard.core import incremental, load, yamlfile
from dashboard.core.paths import BUNDLED_DATA, BUNDLED_SEEDS, DataPaths
from tests.test_load import CASES, Case


def _same(paths: DataPaths, folder, check_grounding: bool = False) -> incremental.Validated:
    fresh = load.load(paths, check_grounding)
    checked = incremental.validate(paths, folder, check_grounding)
    assert sorted(checked.problems) == sorted(fresh.problems)
    assert len(checked.problems) == len(fresh.problems)
    if fresh.grounding is None:
        assert checked.grounding is None
    else:
        assert checked.grounding.findings == fresh.grounding.findings
        assert checked.grounding.declared == fresh.grounding.declared
        assert checked.grounding.checked == fresh.grounding.checked
    if fresh.ok:
        assert checked.counts == fresh.dataset.counts()
        assert checked.version == fresh.dataset.version
    else:
        assert checked.counts is None
    return checked


def test_real_data_same_with_and_without_cache(tmp_path):
    paths = DataPaths(BUNDLED_DATA, BUNDLED_SEEDS)
    cold = _same(paths, tmp_path)
    warm = _same(paths, tmp_path)
    assert cold.checked > 0 and cold.reused == 0
    assert warm.reused == cold.checked and warm.checked == 0


def test_grounding_findings_are_cached_and_the_same(tmp_path):
    paths = DataPaths(BUNDLED_DATA, BUNDLED_SEEDS)
    cold = _same(paths, tmp_path, check_grounding=True)
    warm = _same(paths, tmp_path, check_grounding=True)
    assert cold.grounding.checked > 0 and warm.checked == 0 and warm.reused == cold.checked
    assert _same(paths, tmp_path).checked == cold.checked  # without grounding: entries of their own


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_invalid_case_same_cold_and_warm(case: Case, make_tree, monkeypatch, tmp_path):
    if case.max_bytes:
        monkeypatch.setattr(yamlfile, "MAX_BYTES", case.max_bytes)
    tree = make_tree(edits=case.edits, files=case.files, remove=case.remove)
    assert not load.load(tree.paths).ok
    _same(tree.paths, tmp_path / "cache")
    _same(tree.paths, tmp_path / "cache")
    _same(tree.paths, tmp_path / "cache", check_grounding=True)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> DataPaths:
    root = tmp_path_factory.mktemp("synth")
    synth.build(2000, root)
    return DataPaths(root / "curated", root / "seeds")


def _edit(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_synthetic_tree_edited_after_caching(synthetic, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(synthetic.data.parent, tree)
    paths = DataPaths(tree / "curated", tree / "seeds")
    cache = tmp_path / "cache"
    first = _same(paths, cache)
    _same(paths, cache, check_grounding=True)
    files = sorted((paths.data / "events").glob("synthetic-*.yaml"))
    n_files = len(list((paths.data / "events").glob("*.yaml")))
    assert first.problems == [] and first.checked == n_files >= 3
    # A title edited in one file: valid, one file validated again.
    _edit(files[0], "  title: ", "  title: Edited ")
    edited = _same(paths, cache)
    assert (edited.checked, edited.reused) == (1, n_files - 1)
    grounded = _same(paths, cache, check_grounding=True)
    assert (grounded.checked, grounded.reused) == (1, n_files - 1)
    # An id of another file repeated in the edited one: a cross-file problem found from the cache.
    other_id = next(line for line in files[1].read_text().splitlines() if line.startswith("- id: "))[6:]
    _edit(files[0], "- id: ", f"- id: {other_id}\n  was_id: ")
    _edit(files[0], f"- id: {other_id}\n  was_id: ", "- id: ")  # undo: back to the cached bytes
    mine = next(line for line in files[0].read_text().splitlines() if line.startswith("- id: "))[6:]
    _edit(files[0], f"- id: {mine}\n", f"- id: {other_id}\n")
    duplicate = _same(paths, cache)
    assert any("duplicate event id" in p.message for p in duplicate.problems)
    assert duplicate.checked == 1
    # A quote broken: the quote problem, from the one file validated again.
    _edit(files[2], '    quote: ', '    quote: Not in the seed ')
    broken = _same(paths, cache)
    assert any("quote not found" in p.message for p in broken.problems)
    _same(paths, cache, check_grounding=True)


def test_edited_seed_revalidates_the_files_that_quote_it(synthetic, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(synthetic.data.parent, tree)
    paths = DataPaths(tree / "curated", tree / "seeds")
    cache = tmp_path / "cache"
    _same(paths, cache)
    seed = sorted(paths.seeds.glob("synthetic_*.txt"))[0]
    seed.write_text("Everything replaced.\n", encoding="utf-8")
    changed = _same(paths, cache)
    assert any("has changed since curation" in p.message for p in changed.problems)
    assert changed.checked >= 1


def test_validate_command_with_and_without_cache(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE", str(tmp_path / "cache"))
    assert cli.main(["validate"]) == 0
    cached = capsys.readouterr().out
    assert cli.main(["validate", "--no-cache"]) == 0
    assert capsys.readouterr().out == cached
    assert (tmp_path / "cache" / "validation").is_dir()
    assert not any(p.suffix == ".pickle" for p in BUNDLED_DATA.rglob("*"))  # never under the data folder
