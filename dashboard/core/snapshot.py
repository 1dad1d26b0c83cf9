"""A validated Dataset kept on disk between runs, named by the exact bytes it was built from.

Loading and validating 100,000 events takes half a minute, and the result depends only on the
data and seed files and on this package's code. So once a tree validates, its Dataset is pickled
into the user's cache folder (never under curated/ or seeds/), named by a SHA-256 of every input
file's path and bytes, the loader's code (`loader_modules`) and the Python/pandas/pyarrow versions. Any change to any of
them is a new name: a stale snapshot is never read. Invalid data is never snapshotted, so its
problems are found afresh every time; `python -m dashboard validate` never reads a snapshot.

The folder is $DASHBOARD_CACHE, else $XDG_CACHE_HOME/ru-pa-dashboard, else
~/.cache/ru-pa-dashboard; DASHBOARD_CACHE=off turns snapshots off. Reading a pickle can run
code, so a snapshot is read only from a folder this user owns that no one else can write to, from a
file this user owns that no one else can write to. "Today" is part of the name too: open date
ranges ("from 1999 on") end on it. Anything wrong with a snapshot (unreadable,
truncated, from another version) means it is ignored and rebuilt, never an error for the user.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import platform
import re
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow

from . import dates, load
from .paths import DataPaths

APP_NAME = "ru-pa-dashboard"
KEEP = 4  # snapshots kept in the folder; older ones are removed when a new one is written
CORE = Path(__file__).resolve().parent


def cache_dir(env: Mapping[str, str] = os.environ) -> Path | None:
    """Where snapshots live, or None when turned off (DASHBOARD_CACHE=off)."""
    chosen = env.get("DASHBOARD_CACHE", "").strip()
    if chosen.lower() in {"off", "0", "no", "false"}:
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = env.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base).expanduser() / APP_NAME


def loader_modules() -> list[Path]:
    """The core modules a Dataset's content depends on: `load` and what it imports from the
    package, recursively (read from their import lines, so a new import is never missed), and this one."""
    found, todo = set(), ["load", "snapshot"]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        text = (CORE / f"{name}.py").read_text(encoding="utf-8")
        for line in re.findall(r"^from \.(\w*) import (.+)$", text, re.MULTILINE):
            module, names = line
            todo += [module] if module else [n.strip() for n in names.split(",")]
    return sorted(CORE / f"{name}.py" for name in found if (CORE / f"{name}.py").is_file())


def _code_digest() -> bytes:
    digest = hashlib.sha256()
    for path in loader_modules():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for part in (platform.python_version(), pd.__version__, pyarrow.__version__, str(pickle.HIGHEST_PROTOCOL)):
        digest.update(part.encode() + b"\0")
    return digest.digest()


def content_key(paths: DataPaths) -> str:
    """SHA-256 of the code, "today" (open date ranges end there) and every file under the data
    and seeds folders (paths and bytes)."""
    digest = hashlib.sha256(_code_digest() + dates.today().isoformat().encode())
    for root in (paths.data, paths.seeds):
        digest.update(b"\1" + str(root).encode())
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                digest.update(b"\2" + path.relative_to(root).as_posix().encode() + b"\0")
                try:
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
                except OSError:
                    digest.update(b"\0unreadable")
    return digest.hexdigest()


def _trusted(path: Path, *, folder: bool) -> bool:
    """Owned by this user, and writable by no one else (a folder must also be a real folder)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    kind_ok = stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)
    return kind_ok and info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(path: Path) -> load.Dataset | None:
    """The Dataset in a trusted snapshot file, or None (missing, untrusted or unreadable)."""
    if not (_trusted(path.parent, folder=True) and _trusted(path, folder=False)):
        return None
    try:
        with path.open("rb") as handle:
            dataset = pickle.load(handle)  # noqa: S301 - our own file, in a folder only we can write
    except Exception:  # a broken snapshot is rebuilt, whatever broke it
        return None
    return dataset if isinstance(dataset, load.Dataset) else None


def write_pickle(path: Path, value: object, prefix: str) -> bool:
    """Pickle `value` to `path` atomically (a reader never sees half a file) in a folder only we
    can write; False if the folder cannot be used. The snapshot and the per-file cache use it."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(path.parent, folder=True):
            return False
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError:
        return False
    return True


def write(path: Path, dataset: load.Dataset) -> bool:
    """Write the snapshot atomically; False if the folder cannot be used."""
    if not write_pickle(path, dataset, ".dataset-"):
        return False
    _prune(path.parent, keep=path)
    return True


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the KEEP most recently used snapshots."""
    try:
        found = sorted(folder.glob("dataset-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in [p for p in found if p != keep][KEEP - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()


def load_dataset(paths: DataPaths, folder: Path | bool | None = True) -> tuple[load.LoadResult, str]:
    """`load.load`, or the snapshot of the same bytes; and how it was got: "snapshot", "validated"
    (and snapshotted), or "validated, not snapshotted" (snapshots off, the folder unusable, or problems).
    `folder=True` means `cache_dir()`; None or False turns snapshots off."""
    folder = cache_dir() if folder is True else folder or None
    if folder is None:
        return load.load(paths), "validated, not snapshotted"
    key = content_key(paths)
    path = folder / f"dataset-{key}.pickle"
    dataset = read(path)
    if dataset is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: pruned last
        return load.LoadResult(dataset, []), "snapshot"
    result = load.load(paths)
    # the files must not have changed while they were read: the name must say what is inside
    if result.ok and content_key(paths) == key and write(path, result.dataset):
        return result, "validated"
    return result, "validated, not snapshotted"
