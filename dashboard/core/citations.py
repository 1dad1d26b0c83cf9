"""Ready citations for every source and every event: plain text, BibTeX and CSL-JSON.

Decisions:
- Names are given as the source states them (never inverted: "W. Alejandro Sanchez" stays so),
  titles as curated ("[bracketed]" when the curators supplied them). A missing author moves the
  title first; a missing date is "n.d."; nothing is invented (no URL unless curated).
- A source without a URL names the seed file that holds its text, with its SHA-256, so the
  citation can be checked against the data (the citation bundle contains the same identifiers).
- An event is cited as a record of this dataset (with its version) and quotes every passage
  that grounds it, naming the source of each; its BibTeX `related` field lists the sources' keys.
- BibTeX values are escaped (\\ { } & % $ # _ ~ ^), titles are double-braced to keep their
  capitals, and page ranges use `--`. Keys are `src-<source id>` and `event-<event id>`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from . import records
from .dates import DateError, parse_date
from .load import Dataset
from .schema import PERSPECTIVES

DATASET_TITLE = "Russia–Panama relations: curated, passage-grounded events"
KIND_LABEL = {"essay": "Essay", "analysis": "Analysis", "journal article": "Journal article",
              "encyclopedia": "Encyclopedia entry", "news": "News report"}  # fmt: skip
CSL_TYPE = {"essay": "article", "analysis": "article", "journal article": "article-journal",
            "encyclopedia": "entry-encyclopedia", "news": "article-newspaper"}  # fmt: skip
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}  # fmt: skip
_BIBTEX_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))


@dataclass(frozen=True)
class Citation:
    key: str  # BibTeX key and CSL id
    plain: str
    bibtex: str
    csl: dict


# -- Small helpers -----------------------------------------------------------------------------


def text(value: object) -> str:
    """A metadata value as clean one-line text; '' for None and NaN (pandas' missing values)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def names(value: object) -> list[str]:
    if value is None or isinstance(value, float | str):
        return [text(value)] if text(value) else []
    return [text(v) for v in value if text(v)]


def bibtex_escape(value: object) -> str:
    """Text safe inside a braced BibTeX field: every special character escaped, one line."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group()], text(value))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _date_parts(published: str) -> tuple[str, str, list[int]]:
    """('2026', '2026, 2 February', [2026, 2, 2]) from a curated partial date; 'n.d.' when unknown."""
    if not published:
        return "n.d.", "n.d.", []
    try:
        span = parse_date(published)
    except DateError:
        return published, published, []
    point = span.lower if not span.is_range else None
    if point is None:
        return str(span.start.year), span.human(), [span.start.year]
    detail = point.human().removesuffix(str(point.year)).strip()
    label = f"{point.year}, {detail}" if detail else str(point.year)
    parts = [p for p in (point.year, point.month, point.day) if p]
    return str(point.year), label, parts


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}"


def source_key(source_id: str) -> str:
    return "src-" + re.sub(r"[^A-Za-z0-9-]+", "-", source_id)


def event_key(event_id: str) -> str:
    return "event-" + re.sub(r"[^A-Za-z0-9-]+", "-", event_id)


# -- Sources -----------------------------------------------------------------------------------


def _where(source: Mapping) -> str:
    """'Journal of Transatlantic Studies, 8(4), 362–384' (the parts that are known)."""
    where = text(source.get("container"))
    volume, issue, pages = (text(source.get(k)) for k in ("volume", "issue", "pages"))
    if volume:
        where += f", {volume}" + (f"({issue})" if issue else "")
    elif issue:
        where += f", no. {issue}"
    if pages:
        where += f", {pages}"
    return where.strip(", ")


def _held_as(source: Mapping) -> str:
    return f"Seed file {text(source.get('file'))} in {DATASET_TITLE} (SHA-256 {text(source.get('sha256'))[:16]}…)"


def source_plain(source: Mapping) -> str:
    """'W. Alejandro Sanchez (2010). “Title.” Journal, 8(4), 362–384. Publisher.'"""
    authors, title = names(source.get("authors")), text(source.get("title")) or "[Untitled]"
    _, date_label, _ = _date_parts(text(source.get("published")))
    lead = f"{_and(authors)} ({date_label}). “{title}.”" if authors else f"“{title}” ({date_label})."
    parts = [lead, _where(source), text(source.get("publisher"))]
    if not text(source.get("container")) and not text(source.get("publisher")):
        parts.append(KIND_LABEL.get(text(source.get("kind")), text(source.get("kind")).capitalize()))
    parts.append(text(source.get("url")) or _held_as(source))
    return " ".join(p if p.endswith((".", "…", "”")) else p + "." for p in parts if p)


def source_bibtex(source: Mapping) -> str:
    authors, kind = names(source.get("authors")), text(source.get("kind"))
    year, _, parts = _date_parts(text(source.get("published")))
    article = kind == "journal article" and authors and text(source.get("container"))
    fields = [
        ("author", " and ".join(bibtex_escape(a) if " and " not in a else "{" + bibtex_escape(a) + "}"
                                for a in authors)),
        ("title", "{" + bibtex_escape(source.get("title") or "[Untitled]") + "}"),
        ("journal" if article else "howpublished", bibtex_escape(source.get("container"))),
        ("volume", bibtex_escape(source.get("volume"))),
        ("number", bibtex_escape(source.get("issue"))),
        ("pages", bibtex_escape(source.get("pages")).replace("–", "--").replace("—", "--")),
        ("publisher", bibtex_escape(source.get("publisher"))),
        ("year", bibtex_escape(year)),
        ("month", str(parts[1]) if len(parts) > 1 else ""),
        ("url", bibtex_escape(source.get("url"))),
        ("langid", bibtex_escape(source.get("language"))),
        ("type", "" if article else bibtex_escape(KIND_LABEL.get(kind, kind))),
        ("note", bibtex_escape(_held_as(source))),
    ]  # fmt: skip
    return _bibtex_entry("article" if article else "misc", source_key(text(source.get("id"))), fields)


def source_csl(source: Mapping) -> dict:
    _, _, parts = _date_parts(text(source.get("published")))
    item = {
        "id": source_key(text(source.get("id"))), "type": CSL_TYPE.get(text(source.get("kind")), "document"),
        "title": text(source.get("title")) or "[Untitled]",
        "author": [{"literal": a} for a in names(source.get("authors"))],
        "container-title": text(source.get("container")), "publisher": text(source.get("publisher")),
        "volume": text(source.get("volume")), "issue": text(source.get("issue")), "page": text(source.get("pages")),
        "URL": text(source.get("url")), "language": text(source.get("language")), "note": _held_as(source),
    }  # fmt: skip
    if parts:
        item["issued"] = {"date-parts": [parts]}
    return {k: v for k, v in item.items() if v}


def source_citation(source: Mapping) -> Citation:
    """The citation of one source (a row of dataset.sources as a mapping)."""
    key = source_key(text(source.get("id")))
    return Citation(key, source_plain(source), source_bibtex(source), source_csl(source))


def source_short(source: Mapping) -> str:
    """'W. Alejandro Sanchez (2010), “Russia and Latin America…”' for naming a source in a sentence."""
    authors, title = names(source.get("authors")), text(source.get("title")) or "[Untitled]"
    year, _, _ = _date_parts(text(source.get("published")))
    return f"{_and(authors)} ({year}), “{title}”" if authors else f"“{title}” ({year})"


# -- Events ------------------------------------------------------------------------------------


def _date_label(record: Mapping) -> str:
    try:
        return parse_date(record["date"]).human()
    except (DateError, KeyError):
        return text(record.get("date")) or "n.d."


def _grounds(record: Mapping, sources: Mapping[str, Mapping], shorts: Mapping[str, str]) -> list[str]:
    """One sentence per passage: who, where, and the exact quote with its character offsets."""
    lines = []
    for p in record.get("passages", ()):
        source = sources.get(p["source"], {"id": p["source"], "title": p["source"]})
        short = shorts.get(p["source"]) or source_short(source)
        perspective = p.get("perspective") or "author"
        view = "" if perspective == "author" else f", reporting the view of {PERSPECTIVES.get(perspective, perspective)}"
        lines.append(f"{short}{view}: “{text(p['quote'])}” "
                     f"(characters {p['start']}–{p['end']} of {text(source.get('file')) or p['source']})")
    for item in record.get("inferred", ()):  # declared inferences travel with the citation
        lines.append(f"inferred by the curators: {item['field']} {text(item['value'])} — because {text(item['reason'])}")
    return lines


@dataclass(frozen=True)
class _Event:
    """What the three formats of an event's citation share, computed once."""

    id: str
    title: str
    when: str  # '7 April 2025'
    grounds: list[str]
    related: str


def event_plain(event: _Event, version: str) -> str:
    """'“Title” (7 April 2025). Event <id> in <dataset>, version <v>. Grounded in: <source>: “quote” …'"""
    lead = f"“{event.title}” ({event.when}). Event {event.id} in {DATASET_TITLE}, dataset version {version}."
    if not event.grounds:
        return lead + " No source passage recorded."
    return lead + " Grounded in: " + "; ".join(event.grounds) + "."


def event_bibtex(event: _Event, version: str) -> str:
    fields = [
        ("title", "{" + bibtex_escape(f"{event.title} ({event.when})") + "}"),
        ("howpublished", bibtex_escape(f"Event {event.id} in {DATASET_TITLE}")),
        ("version", bibtex_escape(version)),
        ("year", "n.d."),
        ("note", bibtex_escape("Grounded in: " + "; ".join(event.grounds))),
        ("related", event.related),
    ]  # fmt: skip
    return _bibtex_entry("misc", event_key(event.id), fields)


def event_csl(event: _Event, version: str) -> dict:
    return {"id": event_key(event.id), "type": "dataset", "title": f"{event.title} ({event.when})",
            "container-title": DATASET_TITLE, "version": version, "number": event.id,
            "note": "Grounded in: " + "; ".join(event.grounds)}  # fmt: skip


def event_citation(record: Mapping, sources: Mapping[str, Mapping], version: str,
                   shorts: Mapping[str, str] | None = None) -> Citation:
    """The citation of one event record (the shape of `records.event_records`). `shorts`
    (source id -> `source_short`) saves recomputing them for every event of a long list."""
    related = ",".join(dict.fromkeys(source_key(p["source"]) for p in record.get("passages", ())))
    event = _Event(record["id"], text(record["title"]), _date_label(record), _grounds(record, sources, shorts or {}),
                   related)  # fmt: skip
    return Citation(event_key(event.id), event_plain(event, version), event_bibtex(event, version),
                    event_csl(event, version))


# -- From a Dataset ----------------------------------------------------------------------------


def sources_by_id(dataset: Dataset) -> dict[str, dict]:
    return {row["id"]: row for row in dataset.sources.to_dict("records")}


def cited_source_ids(dataset: Dataset, events: pd.DataFrame) -> list[str]:
    """Ids of the sources the events quote, in sources.yaml order."""
    cited = set(dataset.passages.loc[dataset.passages["event_id"].isin(events["id"]), "source_id"])
    return [sid for sid in dataset.sources["id"] if sid in cited]


def for_source(dataset: Dataset, source_id: str) -> Citation:
    return source_citation(sources_by_id(dataset)[source_id])


def for_event(dataset: Dataset, event_id: str) -> Citation:
    rows = dataset.events[dataset.events["id"] == event_id]
    if rows.empty:
        raise KeyError(f"unknown event {event_id!r}")
    return event_citation(records.event_records(dataset, rows)[0], sources_by_id(dataset), dataset.version)


def for_events(dataset: Dataset, events: pd.DataFrame) -> tuple[list[Citation], list[Citation]]:
    """(citations of the sources the events quote, citations of the events)."""
    sources = sources_by_id(dataset)
    cited = [source_citation(sources[sid]) for sid in cited_source_ids(dataset, events)]
    shorts = {sid: source_short(source) for sid, source in sources.items()}
    events_cited = [event_citation(r, sources, dataset.version, shorts) for r in records.event_records(dataset, events)]
    return cited, events_cited


def dataset_plain(version: str, description: str, link: str = "") -> str:
    """How to cite an export as a whole: the dataset, its version, the filters and the link."""
    where = f" {link}" if link else ""
    return f"{DATASET_TITLE}, dataset version {version}. Selection: {text(description)}.{where}"


def bibtex_file(citations: Iterable[Citation]) -> str:
    return "\n\n".join(c.bibtex for c in citations) + "\n"


def csl_json(citations: Iterable[Citation]) -> str:
    return json.dumps([c.csl for c in citations], ensure_ascii=False, indent=2) + "\n"
