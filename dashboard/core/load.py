"""Curated YAML + seeds -> a validated Dataset of pandas DataFrames, or every problem found.

Validation runs in passes and collects everything, so a curator fixes a whole batch at once:
1. files: present, readable, UTF-8, well-formed YAML, a list of records;
2. shape: each record against its model in ``schema.py`` (types, required and unknown fields,
   dates);
3. cross-references: unique ids across files, actors/themes/sources that exist, seeds present
   and unchanged (checksum), quotes found exactly once, clutter and not-event mentions present.
Each problem names file, line and field. The dataset is built only when there is no error.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import hashlib
import os
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from . import grounding, provenance, schema
from .dates import parse_date
from .paths import DataPaths
from .yamlfile import LocatedDict, YamlProblem, decode_text, line_of, load_yaml, read_bytes

REFERENCE_FILES = ("sources.yaml", "actors.yaml", "themes.yaml", "periods.yaml")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the curated data, located for the curator."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or 1}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Record:
    """A validated record and where it came from."""

    model: schema.Strict
    file: str
    line: int
    raw: LocatedDict


@dataclass
class Dataset:
    """The curated data as tables. Quote offsets are character offsets into `seed_texts`."""

    events: pd.DataFrame
    event_actors: pd.DataFrame
    event_themes: pd.DataFrame
    passages: pd.DataFrame
    sources: pd.DataFrame
    actors: pd.DataFrame
    themes: pd.DataFrame
    periods: pd.DataFrame
    seed_texts: dict[str, str]
    version: str

    def counts(self) -> dict[str, int]:
        return {
            "events": len(self.events),
            "passages": len(self.passages),
            "sources": len(self.sources),
            "actors": len(self.actors),
            "themes": len(self.themes),
            "periods": len(self.periods),
        }

    def summary(self) -> str:
        return ", ".join(f"{n:,} {name}" for name, n in self.counts().items())


@dataclass
class LoadResult:
    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    grounding: grounding.Report | None = None  # when the grounding checks ran

    @property
    def ok(self) -> bool:
        return self.dataset is not None


# ---------------------------------------------------------------------------------------------
# Pass 1 and 2: files and record shapes


def curated_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "events"
    events = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")) if folder.is_dir() else []
    return [data_dir / name for name in REFERENCE_FILES] + events


def _readable_name(path: Path, data_dir: Path) -> str:
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _loc_text(loc: Iterable) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(record)"


def _model_at(model: type[schema.Strict], loc: Iterable) -> type[schema.Strict]:
    """The (nested) model that holds the field at loc, e.g. Passage for passages[0].qoute."""
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        nested = _strict_in(info.annotation) if info else None
        if nested is None:
            break
        model = nested
    return model


def _strict_in(annotation) -> type[schema.Strict] | None:
    if isinstance(annotation, type) and issubclass(annotation, schema.Strict):
        return annotation
    for arg in typing.get_args(annotation):
        if found := _strict_in(arg):
            return found
    return None


def _error_message(err: dict, model: type[schema.Strict]) -> str:
    kind, loc = err["type"], err["loc"]
    if kind == "extra_forbidden":
        fields = _model_at(model, loc[:-1]).model_fields
        guess = difflib.get_close_matches(str(loc[-1]), list(fields), n=1)
        hint = f" (did you mean `{guess[0]}`?)" if guess else ""
        return f"unknown field `{loc[-1]}`{hint}"
    if kind == "missing":
        return "required field is missing"
    message = err["msg"].removeprefix("Value error, ")
    if kind not in ("value_error",) and "input" in err and not isinstance(err["input"], dict):
        message += f" (got {err['input']!r:.60})"
    return message


def _records(path: Path, rel: str, problems: list[Problem], model: type[schema.Strict] | None = None) -> Iterator[Record]:
    model = model or schema.model_for(rel)
    try:
        doc = load_yaml(path)
    except YamlProblem as err:
        problems.append(Problem(rel, err.line, "(file)", err.message))
        return
    if doc.data is None:
        return
    if not isinstance(doc.data, list):
        line = getattr(doc.data, "line", 1)
        problems.append(Problem(rel, line, "(file)", "must be a YAML list of records (- id: ...)"))
        return
    for index, raw in enumerate(doc.data):
        line = doc.data.item_lines[index]
        if not isinstance(raw, LocatedDict):
            problems.append(Problem(rel, line, f"[{index}]", "each record must be a mapping of fields"))
            continue
        try:
            yield Record(model.model_validate(raw), rel, line, raw)
        except ValidationError as err:
            for e in err.errors():
                where = line_of(raw, e["loc"]) or line
                label = f"{raw.get('id', f'[{index}]')}: " if "id" in raw else ""
                problems.append(Problem(rel, where, _loc_text(e["loc"]), label + _error_message(e, model)))


def read_records(data_dir: Path, problems: list[Problem]) -> dict[str, list[Record]]:
    """Every record of every curated file, grouped by kind (sources, actors, ..., events)."""
    grouped: dict[str, list[Record]] = {n.removesuffix(".yaml"): [] for n in REFERENCE_FILES}
    grouped["events"] = []
    if not data_dir.is_dir():
        problems.append(Problem(str(data_dir), None, "(folder)", "curated data folder does not exist"))
        return grouped
    for path, rel, kind in listed_files(data_dir, problems):
        grouped[kind].extend(_records(path, rel, problems))
    check_some_events(bool(grouped["events"]), problems)
    return grouped


def check_some_events(any_events: bool, problems: list[Problem]) -> None:
    if not any_events and not any(p.file.startswith("events/") for p in problems):
        problems.append(Problem("events/", None, "(folder)", "no events: add at least one events/*.yaml file"))


def listed_files(data_dir: Path, problems: list[Problem]) -> list[tuple[Path, str, str]]:
    """(path, name relative to the data folder, kind) of every curated file that is there; problems
    for the folder and for missing files."""
    if not data_dir.is_dir():
        problems.append(Problem(str(data_dir), None, "(folder)", "curated data folder does not exist"))
        return []
    if (data_dir / "events").exists() and not (data_dir / "events").is_dir():
        problems.append(Problem("events/", None, "(folder)", "`events` is a file; it must be a folder of *.yaml files"))
    try:
        files = curated_files(data_dir)
    except OSError as err:  # events/ cannot be listed (permissions)
        problems.append(Problem("events/", None, "(folder)", f"cannot be read: {err.strerror or err}"))
        files = [data_dir / name for name in REFERENCE_FILES]
    found = []
    for path in files:
        rel = _readable_name(path, data_dir)
        if not path.is_file():
            missing = "is not a regular file" if path.exists() else "required file is missing"
            problems.append(Problem(rel, None, "(file)", missing))
            continue
        found.append((path, rel, "events" if rel.startswith("events/") else rel.removesuffix(".yaml")))
    return found


# ---------------------------------------------------------------------------------------------
# Pass 3: cross-references


def _check_unique(records: list[Record], what: str, problems: list[Problem]) -> dict[str, Record]:
    seen: dict[str, Record] = {}
    for rec in records:
        key = rec.model.id
        if key in seen:
            first = seen[key]
            problems.append(Problem(rec.file, rec.raw.key_lines.get("id", rec.line), "id",
                                    f"duplicate {what} id {key!r} (first in {first.file}:{first.line})"))
        else:
            seen[key] = rec
    return seen


def _ref_problem(rec: Record, field_name: str, value: str, known: Iterable[str], what: str) -> Problem:
    guess = difflib.get_close_matches(value, list(known), n=1)
    hint = f" (did you mean {guess[0]!r}?)" if guess else f" (add it to {what}s.yaml)"
    return Problem(rec.file, rec.raw.key_lines.get(field_name, rec.line), field_name,
                   f"{rec.model.id}: unknown {what} {value!r}{hint}")


def _check_actor_links(recs: dict[str, dict[str, Record]], problems: list[Problem]) -> None:
    actors = recs["actors"]
    for rec in recs["actors"].values():
        for link in ("predecessor", "successor"):
            value = getattr(rec.model, link)
            if value and value not in actors:
                problems.append(_ref_problem(rec, link, value, actors, "actor"))


def check_event(rec: Record, recs: dict[str, dict[str, Record]], texts: dict[str, str], problems: list[Problem]) -> list[tuple]:
    """Everything checked of one event against the reference files and the seeds (actors and themes
    exist, inferences, quotes found); its passage rows. It depends on nothing else, so the
    per-file validation cache (`incremental.py`) keeps its result per events file."""
    actors, themes = recs["actors"], recs["themes"]
    for value in rec.model.actors:
        if value not in actors:
            problems.append(_ref_problem(rec, "actors", value, actors, "actor"))
    for value in rec.model.themes:
        if value not in themes:
            problems.append(_ref_problem(rec, "themes", value, themes, "theme"))
    _check_inferred_actors(rec, problems)
    return _passages_of(rec, "events", texts, recs["sources"], problems)


def _check_inferred_actors(rec: Record, problems: list[Problem]) -> None:
    """An inferred actor must be one of the event's actors (the inference says why it is there)."""
    for i, item in enumerate(rec.model.inferred):
        if item.field == "actors" and item.value not in rec.model.actors:
            loc = ("inferred", i, "value")
            problems.append(Problem(rec.file, line_of(rec.raw, loc) or rec.line, _loc_text(loc),
                                    f"{rec.model.id}: inferred actor {item.value!r} is not one of the event's "
                                    f"actors ({', '.join(rec.model.actors)}): add it to `actors` or remove the entry"))


def _read_seed(rec: Record, seeds_dir: Path, problems: list[Problem]) -> str | None:
    source = rec.model
    path = seeds_dir / source.file
    where = rec.raw.key_lines.get("file", rec.line)
    if not path.is_file():
        problems.append(Problem(rec.file, where, "file", f"{source.id}: seed {path} does not exist"))
        return None
    try:
        raw = read_bytes(path)  # size-checked before anything is read
    except YamlProblem as err:
        problems.append(Problem(rec.file, where, "file", f"{source.id}: seed {source.file}: {err.message}"))
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != source.sha256:
        problems.append(Problem(rec.file, rec.raw.key_lines.get("sha256", rec.line), "sha256",
                                f"{source.id}: seed {source.file} has changed since curation "
                                f"(sha256 is now {digest}); re-check its quotes, then update sha256"))
    try:
        return decode_text(raw)
    except YamlProblem as err:
        problems.append(Problem(rec.file, where, "file", f"{source.id}: seed {source.file}: {err.message}"))
        return None


def _quote_line(rec: Record, loc: tuple) -> int:
    return line_of(rec.raw, (*loc, "quote")) or rec.line


def _id_label(rec: Record) -> str:
    return f"{rec.model.id}: " if hasattr(rec.model, "id") else ""


def _locate_quote(item, text: str, rec: Record, loc: tuple, problems: list[Problem]):
    try:
        return provenance.locate(text, item.quote, item.prefix, item.suffix)
    except provenance.QuoteNotFound as err:
        where, label = _quote_line(rec, loc), _id_label(rec)
        message = f"{label}quote not found in {getattr(item, 'source', 'the seed')}"
        if found := len(provenance.occurrences(text, item.quote)):
            message += f": it occurs {found} time(s), but never with this exact `prefix`/`suffix`"
        elif err.suggestion:
            diff = provenance.first_difference(item.quote, err.suggestion)
            message += f"; closest passage: {err.suggestion[:160]!r} ({diff})"
        problems.append(Problem(rec.file, where, _loc_text((*loc, "quote")), message))
    except provenance.QuoteAmbiguous as err:
        where, label = _quote_line(rec, loc), _id_label(rec)
        problems.append(Problem(rec.file, where, _loc_text((*loc, "quote")),
                                f"{label}quote occurs {err.count} times; add an exact `prefix` or `suffix`"))
    return None


PASSAGE_COLUMNS = ["event_id", "theme_id", "passage_no", "source_id", "quote", "start", "end", "perspective",
                   "file", "line"]  # fmt: skip


def _passages_of(rec: Record, kind: str, texts: dict[str, str], sources, problems: list[Problem]) -> list[tuple]:
    """One row (PASSAGE_COLUMNS) per passage of an event or theme whose quote is found; problems
    for the others."""
    rows = []
    lines = getattr(rec.raw.get("passages"), "item_lines", None)
    owner = (rec.model.id, None) if kind == "events" else (None, rec.model.id)
    for i, passage in enumerate(rec.model.passages):
        loc = ("passages", i)
        if passage.source not in sources:
            problems.append(Problem(rec.file, line_of(rec.raw, (*loc, "source")), _loc_text((*loc, "source")),
                                    f"{rec.model.id}: unknown source {passage.source!r}"))
            continue
        if passage.source not in texts:
            continue  # the seed itself is reported missing
        span = _locate_quote(passage, texts[passage.source], rec, loc, problems)
        if span:
            rows.append((*owner, i, passage.source, passage.quote, span.start, span.end, passage.perspective,
                         rec.file, lines[i] if lines else line_of(rec.raw, loc)))  # fmt: skip
    return rows


def _check_source_spans(sources: dict[str, Record], texts: dict[str, str], problems) -> dict[str, list]:
    """Clutter strings must occur in their seed; not-event mentions must be found once."""
    not_event_spans: dict[str, list] = {}
    for sid, rec in sources.items():
        if sid not in texts:
            continue
        for i, clutter in enumerate(rec.model.clutter):
            if clutter not in texts[sid]:
                problems.append(Problem(rec.file, line_of(rec.raw, ("clutter", i)), f"clutter[{i}]",
                                        f"{sid}: clutter string not found in {rec.model.file}"))
        spans = []
        for i, item in enumerate(rec.model.not_events):
            span = _locate_quote(item, texts[sid], rec, ("not_events", i), problems)
            if span:
                spans.append((span, item.reason))
        not_event_spans[sid] = spans
    return not_event_spans


# ---------------------------------------------------------------------------------------------
# Building the tables


def _date_fields(date: str) -> dict:
    span = parse_date(date)
    return {"date_label": span.human(), "start": span.start, "end": span.end, "precision": span.precision,
            "approximate": span.approximate, "uncertain": span.uncertain}  # fmt: skip


_DATE_FIELDS = ("date_label", "start", "end", "precision", "approximate", "uncertain")


def _event_frames(events: dict[str, Record]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    if not events:
        return pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    recs = list(events.values())
    models = [rec.model for rec in recs]
    date_fields = functools.cache(_date_fields)  # per call (today() may change); dates repeat often
    dates = [date_fields(e.date) for e in models]
    # Built column by column: a frame from 100,000 row dicts takes about three times as long.
    columns = {"id": [e.id for e in models], "date": [e.date for e in models]}
    columns |= {name: [d[name] for d in dates] for name in _DATE_FIELDS}
    columns |= {name: [getattr(e, name) for e in models] for name in (
        "date_basis", "title", "summary", "kind", "tone", "tone_rationale", "confidence", "note")}  # fmt: skip
    columns |= {
        "actors": [tuple(e.actors) for e in models], "themes": [tuple(e.themes) for e in models],
        "primary_theme": [e.themes[0] for e in models],
        "sources": [tuple(dict.fromkeys(p.source for p in e.passages)) for e in models],
        "inferred": [tuple(i.model_dump() for i in e.inferred) for e in models],
        "file": [rec.file for rec in recs], "line": [rec.line for rec in recs],
    }  # fmt: skip
    frame = pd.DataFrame(columns)
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    frame["year"] = frame["start"].dt.year
    frame = frame.sort_values(["start", "id"], ignore_index=True)
    actors = [(e.id, a) for e in models for a in e.actors]
    themes = [(e.id, t, i) for e in models for i, t in enumerate(e.themes)]
    return (frame, pd.DataFrame(actors, columns=["event_id", "actor_id"]),
            pd.DataFrame(themes, columns=["event_id", "theme_id", "rank"]))  # fmt: skip


def _model_frame(records: dict[str, Record], drop: tuple[str, ...] = ()) -> pd.DataFrame:
    rows = [{k: v for k, v in rec.model.model_dump().items() if k not in drop} for rec in records.values()]
    return pd.DataFrame(rows)


def fingerprint(paths: DataPaths) -> str:
    """A short hash of every file under the data and seeds folders: the dataset's version."""
    digest = hashlib.sha256()
    for root in (paths.data, paths.seeds):
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                digest.update(path.relative_to(root).as_posix().encode())
                try:
                    digest.update(path.read_bytes())
                except OSError:  # a stray unreadable file beside the data must not stop the app
                    digest.update(b"\0unreadable")
    return digest.hexdigest()[:12]


def stat_fingerprint(paths: DataPaths) -> tuple[str, str, str]:
    """Cheap cache key: (data folder, seeds folder, a digest of every file's name, size and
    modification time); no file contents read. A digest, not the list itself: the cache hashes
    its key on every rerun, and a tuple of 600 file stats took it 0.12 s each time."""
    digest = hashlib.sha256()
    for root in (paths.data, paths.seeds):
        for path, stat in _file_stats(root):
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return str(paths.data), str(paths.seeds), digest.hexdigest()


def _file_stats(root: Path) -> list[tuple[str, os.stat_result]]:
    """(path, stat) of every regular file under root, sorted by path; [] when root is no folder.
    Each folder is read once, so a symlink back up the tree cannot loop."""
    found, folders, seen = [], [str(root)], set()
    while folders:
        folder = folders.pop()
        try:
            info = os.stat(folder)
            entries = [] if (info.st_dev, info.st_ino) in seen else list(os.scandir(folder))
        except OSError:
            continue
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            try:
                if entry.is_dir():
                    folders.append(entry.path)
                elif entry.is_file():
                    found.append((entry.path, entry.stat()))
            except OSError:  # vanished or unreadable while listed
                continue
    return sorted(found)


def build_dataset(recs, texts, passages, not_events, paths: DataPaths) -> Dataset:
    events, event_actors, event_themes = _event_frames(recs["events"])
    passages_df = pd.DataFrame(passages, columns=PASSAGE_COLUMNS)
    if not events.empty:
        quoted = passages_df.dropna(subset=["event_id"])
        # (quote + " ") summed per event: a vectorised " ".join (agg(" ".join) loops in Python per group)
        quotes = (quoted["quote"] + " ").groupby(quoted["event_id"]).sum().str[:-1]
        text = events["title"] + " " + events["summary"] + " " + events["id"].map(quotes).fillna("")
        events["search_text"] = text.str.casefold()
    sources = _model_frame(recs["sources"])
    if not sources.empty:
        sources["clutter_spans"] = [provenance.clutter_spans(texts.get(s, ""), c)
                                    for s, c in zip(sources["id"], sources["clutter"])]
        sources["not_event_spans"] = sources["id"].map(lambda s: not_events.get(s, []))
    periods = _model_frame(recs["periods"])
    if not periods.empty:
        periods["start_date"] = pd.to_datetime([parse_date(v).start for v in periods["start"]])
        periods["end_date"] = pd.to_datetime([parse_date(v).end for v in periods["end"]])
    return Dataset(
        events=events, event_actors=event_actors, event_themes=event_themes, passages=passages_df,
        sources=sources, actors=_model_frame(recs["actors"]), themes=_model_frame(recs["themes"], ("passages",)),
        periods=periods, seed_texts=texts, version=fingerprint(paths),
    )  # fmt: skip


@contextlib.contextmanager
def _without_cyclic_gc():
    """Loading makes millions of small containers and no reference cycles; the cyclic collector
    would scan the growing heap again and again (a quarter of a 100,000-event load). Only the
    caller that switched it off switches it back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------------------------------------
# Pass 4: grounding (claims inside their passages)


class _ClaimLines(Mapping):
    """Lines of an event's fields ("title", "actors:PAN", "inferred[0]"), looked up only when a
    finding needs one: most events have none, and 100,000 lookups would cost a second."""

    def __init__(self, rec: Record):
        self.rec = rec

    def __getitem__(self, key: str) -> int:
        raw, default = self.rec.raw, self.rec.line
        name, _, actor = key.partition(":")
        if actor and name != "actors":
            raise KeyError(key)  # "summary:Gref": the line of the field holding the claim is used
        if actor:
            actors = list(self.rec.model.actors)
            return line_of(raw, ("actors", actors.index(actor))) if actor in actors else raw.key_lines.get("actors", default)
        if name.startswith("inferred["):
            return line_of(raw, ("inferred", int(name[9:-1]))) or default
        if name in raw.key_lines:
            return raw.key_lines[name]
        raise KeyError(key)

    def __iter__(self):
        return iter(self.rec.raw.key_lines)

    def __len__(self) -> int:
        return len(self.rec.raw.key_lines)


def _event_claims(rec: Record, spans: list[tuple[str, int, int]], published: dict) -> grounding.EventClaims:
    event = rec.model
    return grounding.EventClaims(
        id=event.id, file=rec.file, line=rec.line, title=event.title, summary=event.summary,
        actors=tuple(event.actors), date=event.date, date_basis=event.date_basis, spans=tuple(spans),
        inferred=tuple(i.model_dump() for i in event.inferred) if event.inferred else (), lines=_ClaimLines(rec), published=published,
    )  # fmt: skip


def grounder_for(recs, texts: dict[str, str]) -> tuple[grounding.Grounder, dict]:
    """The grounder of these reference records and seeds, and each source's published date."""
    sources = {sid: rec.model for sid, rec in recs["sources"].items()}
    grounder = grounding.Grounder(
        texts, {sid: s.evidence for sid, s in sources.items()},
        [rec.model.model_dump() for rec in recs["actors"].values()],
        [rec.model.label for rec in recs["themes"].values()],
    )  # fmt: skip
    return grounder, {sid: s.published for sid, s in sources.items()}


def ground_event(grounder: grounding.Grounder, published: dict, rec: Record, found: list[tuple[str, int, int]]):
    """(findings, declared) of one event, or None when a quote is not found (reported already:
    nothing to ground against). `found`: (source, start, end) of its located passages."""
    event = rec.model
    if len(found) != len(event.passages):
        return None
    missing = grounder.missing(event.title, event.summary, event.actors, event.date, event.date_basis, found, published)
    if not missing and not event.inferred:
        return [], []  # grounded, nothing declared: no EventClaims needed
    return grounder.settle(_event_claims(rec, found, published), missing)


def ground(recs, texts: dict[str, str], passages: list[tuple]) -> grounding.Report:
    """The grounding report of every event whose quotes were all found."""
    grounder, published = grounder_for(recs, texts)
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for row in passages:
        if row[0] is not None:
            spans.setdefault(row[0], []).append((row[3], row[5], row[6]))
    report = grounding.Report()
    for event_id, rec in recs["events"].items():
        result = ground_event(grounder, published, rec, spans.get(event_id, []))
        if result is not None:
            report.findings += result[0]
            report.declared += result[1]
            report.checked += 1
    return report


def load(paths: DataPaths, check_grounding: bool = True) -> LoadResult:
    """Read, validate and build. Never raises for bad data: problems come back in the result.
    Every event's claims are checked against its passages (grounding.py; `check_grounding=False`
    leaves that pass out, for the benchmark's baseline) and each finding is a problem like any other."""
    with _without_cyclic_gc():
        return _load(paths, check_grounding)


def _load(paths: DataPaths, check_grounding: bool = True) -> LoadResult:
    problems: list[Problem] = []
    grouped = read_records(paths.data, problems)
    recs = {kind: _check_unique(items, kind.removesuffix("s"), problems) for kind, items in grouped.items()}
    texts, not_events = check_references(recs, paths, problems)
    passages = [row for rec in recs["events"].values() for row in check_event(rec, recs, texts, problems)]
    passages += [row for rec in recs["themes"].values()
                 for row in _passages_of(rec, "themes", texts, recs["sources"], problems)]  # fmt: skip
    report = None
    if check_grounding and texts:
        report = ground(recs, texts, passages)
        problems += grounding_problems(report.findings)
    if problems:
        return LoadResult(None, sorted_problems(problems), report)
    return LoadResult(build_dataset(recs, texts, passages, not_events, paths), [], report)


def grounding_problems(findings) -> list[Problem]:
    return [Problem(f.file, f.line, f.field, f"{f.event_id}: {f.message}") for f in findings]


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field))


def check_references(recs, paths: DataPaths, problems: list[Problem]) -> tuple[dict[str, str], dict[str, list]]:
    """The reference files' own cross-checks: actor links, seeds present and unchanged, clutter
    and not-event mentions found. The seed texts by source id, and the not-event spans."""
    _check_actor_links(recs, problems)
    texts: dict[str, str] = {}
    if not paths.seeds.is_dir():
        problems.append(Problem(str(paths.seeds), None, "(folder)", "seeds folder does not exist"))
    else:
        for sid, rec in recs["sources"].items():
            text = _read_seed(rec, paths.seeds, problems)
            if text is not None:
                texts[sid] = text
    return texts, _check_source_spans(recs["sources"], texts, problems)
