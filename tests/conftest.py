"""Shared fixtures: a frozen "today", a clean environment, and copies of the valid fixture tree.

`make_tree` (a fixture) copies tests/fixtures/valid into a temporary folder and applies edits, so every
invalid case is the valid tree plus exactly one defect.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: reproducible (derandomize), no timing assertions (deadline), no example files.
settings.register_profile("repo", derandomize=True, deadline=None, database=None)
settings.load_profile("repo")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `pytest` as well as `python -m pytest`
    sys.path.insert(0, str(REPO))

from dashboard.core.paths import DataPaths  # noqa: E402

# Test modules do not import this file (tests/e2e has a conftest.py of its own): everything
# shared is a fixture.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
TODAY = "2026-11-23"


@dataclass(frozen=True)
class Tree:
    """A copy of the fixture tree: root holds curated/ and seeds/."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "curated"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def paths(self) -> DataPaths:
        return DataPaths(self.data, self.seeds)


def apply_edit(path: Path, old: str | bytes, new: str | bytes) -> None:
    """Replace old by new in path; old must occur exactly once, so a fixture change cannot make
    a test vacuous without failing it."""
    raw = path.read_bytes()
    old_b = old.encode("utf-8") if isinstance(old, str) else old
    new_b = new.encode("utf-8") if isinstance(new, str) else new
    count = raw.count(old_b)
    assert count == 1, f"{old!r} occurs {count} times in {path}, expected once"
    path.write_bytes(raw.replace(old_b, new_b))


def build_tree(
    dest: Path,
    edits: Iterable[tuple[str, str | bytes, str | bytes]] = (),
    files: Mapping[str, str | bytes] | None = None,
    remove: Iterable[str] = (),
) -> Tree:
    """Copy the valid tree to dest/tree, then apply edits (path, old, new), write files and remove paths.
    Paths are relative to the tree root, e.g. "curated/events/sample.yaml" or "seeds"."""
    root = dest / "tree"
    shutil.copytree(VALID, root)
    for rel, old, new in edits:
        apply_edit(root / rel, old, new)
    for rel, content in (files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for rel in remove:
        target = root / rel
        assert target.exists(), f"{rel} is not in the fixture tree"
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    return Tree(root)


@pytest.fixture(autouse=True)
def frozen_environment(monkeypatch):
    """Open ranges end on a fixed 'today'; the data location comes only from each test; no dataset
    snapshots are read or written (tests of core.snapshot give their own folder)."""
    monkeypatch.setenv("DASHBOARD_TODAY", TODAY)
    monkeypatch.setenv("DASHBOARD_CACHE", "off")
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    monkeypatch.delenv("DASHBOARD_SEEDS", raising=False)


@pytest.fixture
def make_tree(tmp_path):
    """make_tree(edits=[(path, old, new)], files={path: content}, remove=[path]) -> Tree."""

    def make(edits=(), files=None, remove=()) -> Tree:
        return build_tree(tmp_path, edits, files, remove)

    return make


@pytest.fixture(name="build_tree")
def build_tree_fixture():
    """build_tree(dest, edits, files, remove), for tests that need several trees."""
    return build_tree


@pytest.fixture
def valid_tree(make_tree) -> Tree:
    return make_tree()


@pytest.fixture(scope="session")
def valid_dataset():
    """The valid fixture loaded once (read-only use only)."""
    from dashboard.core import load

    mp = pytest.MonkeyPatch()
    mp.setenv("DASHBOARD_TODAY", TODAY)
    try:
        result = load.load(DataPaths(VALID / "curated", VALID / "seeds"))
    finally:
        mp.undo()
    assert result.ok, "\n".join(map(str, result.problems))
    return result.dataset


@pytest.fixture(scope="session")
def real():
    """The bundled curated data, loaded once for the whole run (read-only, like the app's cache)."""
    from dashboard.core import load, paths

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DASHBOARD_TODAY", "2026-11-23")
        result = load.load(paths.resolve(env={}))
    assert result.ok, result.problems[:3]
    return result.dataset
