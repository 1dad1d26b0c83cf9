"""`validate` with a per-file cache: after editing one events file, only that file is validated again.

What one events file's checks depend on, and so the cache key: the file's bytes and name, the
loader's code (`snapshot.loader_modules`, this module included), actors.yaml and themes.yaml
(ids, naming words), and for each source the file quotes whether it exists and the SHA-256 of its
seed's text (checked on every read, so an edited seed or a changed sources.yaml entry re-validates
the files that quote it). The entry holds the file's problems (YAML, shape) and per event its id,
line, the problems of `load.check_event` (references, inferences, quotes) and how many passages
were found, and with `check_grounding` its grounding findings and declared inferences
(`grounding.py`; the key then also holds each source's evidence kind and published date). Reference files, seeds, clutter and not-event spans are checked afresh every time
(they are small), and so are the cross-file checks: unique ids over all files, and "no events".
The problems are those of `load.load`, problem for problem (tested); `--no-cache` is `load.load`.

Entries are pickles in `<cache_dir>/validation/` (the snapshots' folder, never under the data or
seed folders), read only when this user owns them and no one else can write them.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from . import grounding, load, snapshot
from .load import Problem, Record
from .paths import DataPaths

HERE = Path(__file__).resolve()


@dataclass(frozen=True)
class Validated:
    problems: list[Problem]
    counts: dict[str, int] | None  # None when there are problems
    version: str | None
    reused: int  # events files whose cached result was used
    checked: int  # events files validated again
    grounding: grounding.Report | None = None  # with check_grounding, as `load.load` gives it


def _code_digest() -> bytes:
    digest = hashlib.sha256(snapshot._code_digest())
    digest.update(HERE.read_bytes())
    return digest.digest()


def _state(sid: str, recs, texts: dict[str, str], digests: dict[str, str]) -> str:
    if sid not in recs["sources"]:
        return "unknown"
    return digests.get(sid, "no text")


def _file_key(code: bytes, rel: str, raw: bytes, refs: bytes) -> str:
    return hashlib.sha256(code + b"\0" + rel.encode() + b"\0" + refs + hashlib.sha256(raw).digest()).hexdigest()


def _read_entry(path: Path) -> dict | None:
    if not (snapshot._trusted(path.parent, folder=True) and snapshot._trusted(path, folder=False)):
        return None
    try:
        with path.open("rb") as handle:
            entry = pickle.load(handle)  # noqa: S301 - our own file, in a folder only we can write
    except Exception:  # a broken entry is rebuilt, whatever broke it
        return None
    return entry if isinstance(entry, dict) and "events" in entry else None


def _write_entry(path: Path, entry: dict) -> None:
    snapshot.write_pickle(path, entry, ".entry-")


class _Grounding:
    """The grounder, built only when a file is validated again (it reads every seed's sentences)."""

    def __init__(self, recs, texts):
        self.recs, self.texts, self.built = recs, texts, None

    def check(self, rec: Record, rows: list[tuple]):
        if self.built is None:
            self.built = load.grounder_for(self.recs, self.texts)
        return load.ground_event(*self.built, rec, [(r[3], r[5], r[6]) for r in rows])


def _check_file(path: Path, rel: str, recs, texts, digests, grounder: _Grounding | None) -> dict:
    """One events file validated: its problems and, per event, what the cross-file pass needs
    (with a grounder, the event's grounding findings and declared inferences too)."""
    problems: list[Problem] = []
    events = []
    quoted: set[str] = set()
    for rec in load._records(path, rel, problems):
        own: list[Problem] = []
        rows = load.check_event(rec, recs, texts, own)
        grounded = grounder.check(rec, rows) if grounder else None
        events.append((rec.model.id, rec.line, rec.raw.key_lines.get("id", rec.line), own, len(rows), grounded))
        quoted.update(p.source for p in rec.model.passages)
    return {"problems": problems, "events": events,
            "sources": {sid: _state(sid, recs, texts, digests) for sid in sorted(quoted)}}  # fmt: skip


def _grounding_inputs(recs) -> bytes:
    """What grounding reads of sources.yaml: each source's evidence kind and published date."""
    return repr(sorted((sid, rec.model.evidence, rec.model.published) for sid, rec in recs["sources"].items())).encode()


def validate(paths: DataPaths, folder: Path | None = None, check_grounding: bool = True) -> Validated:
    """The problems `load.load(paths, check_grounding)` finds (and its grounding report), reusing
    each events file's cached result when its key and the states of the sources it quotes are
    unchanged."""
    folder = folder if folder is not None else snapshot.cache_dir()
    problems: list[Problem] = []
    if not paths.data.is_dir():
        return Validated(load.sorted_problems([Problem(str(paths.data), None, "(folder)",
                                                       "curated data folder does not exist")]), None, None, 0, 0)  # fmt: skip
    grouped: dict[str, list[Record]] = {n.removesuffix(".yaml"): [] for n in load.REFERENCE_FILES}
    event_files = []
    for path, rel, kind in load.listed_files(paths.data, problems):
        if kind == "events":
            event_files.append((path, rel))
        else:
            grouped[kind].extend(load._records(path, rel, problems))
    recs = {kind: load._check_unique(items, kind.removesuffix("s"), problems) for kind, items in grouped.items()}
    texts, _ = load.check_references(recs, paths, problems)
    theme_rows = sum(len(load._passages_of(rec, "themes", texts, recs["sources"], problems)) for rec in recs["themes"].values())
    digests = {sid: hashlib.sha256(text.encode("utf-8")).hexdigest() for sid, text in texts.items()}
    refs = b"".join(_bytes(paths.data / name) for name in ("actors.yaml", "themes.yaml"))
    grounder = _Grounding(recs, texts) if check_grounding and texts else None
    if grounder:
        refs += b"\0grounding\0" + _grounding_inputs(recs)
    report = grounding.Report() if grounder else None
    code = _code_digest()
    seen: dict[str, tuple[str, int]] = {}
    n_events, n_passages, reused, checked = 0, theme_rows, 0, 0
    for path, rel in event_files:
        raw = _bytes(path)
        entry_path = folder / "validation" / f"{_file_key(code, rel, raw, refs)}.pickle" if folder else None
        entry = _read_entry(entry_path) if entry_path else None
        if entry is None or any(_state(s, recs, texts, digests) != v for s, v in entry["sources"].items()):
            entry = _check_file(path, rel, recs, texts, digests, grounder)
            checked += 1
            if entry_path and raw == _bytes(path):  # unchanged while read: the key says what is inside
                _write_entry(entry_path, entry)
        else:
            reused += 1
        problems += entry["problems"]
        for event_id, line, id_line, own, rows, grounded in entry["events"]:
            n_events += 1
            if event_id in seen:
                first = seen[event_id]
                problems.append(Problem(rel, id_line, "id",
                                        f"duplicate event id {event_id!r} (first in {first[0]}:{first[1]})"))  # fmt: skip
                continue
            seen[event_id] = (rel, line)
            problems += own
            n_passages += rows
            if report is not None and grounded is not None:
                report.findings += grounded[0]
                report.declared += grounded[1]
                report.checked += 1
    load.check_some_events(n_events > 0, problems)
    if report is not None:
        problems += load.grounding_problems(report.findings)
    if problems:
        return Validated(load.sorted_problems(problems), None, None, reused, checked, report)
    counts = {"events": len(seen), "passages": n_passages, "sources": len(recs["sources"]), "actors": len(recs["actors"]),
              "themes": len(recs["themes"]), "periods": len(recs["periods"])}  # fmt: skip
    return Validated([], counts, load.fingerprint(paths), reused, checked, report)


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"\0unreadable"


def summary(counts: dict[str, int]) -> str:
    """As `Dataset.summary`."""
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())
