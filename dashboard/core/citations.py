"""Ready citations for every source and every event: plain text, BibTeX and CSL-JSON.

Decisions:
- Names are given as the source states them (never inverted: "W. Alejandro Sanchez" stays so),
  titles as curated ("[bracketed]" when the curators supplied them). A missing author moves the
  title first; a missing date is "n.d."; nothing is invented (no URL unless curated).
- A source without a URL names the seed file that holds its text, with its SHA-256, so the
  citation can be checked against the data (the citation bundle contains the same identifiers).
- An event is cited as a record of this dataset (with its version) and quotes every passage
  that grounds it, naming the source of each; its BibTeX `related` field lists the sources' keys.
- A passage is located as a reader finds it: "footnote 12" inside a seed's numbered notes, else
  "paragraph 7", counting the seed's non-blank lines from 1 exactly as the source reader numbers
  them (¶ 7). The character offsets follow as the machine locator ("characters 863–1062 of
  001_….txt"). The seeds carry no page breaks, so no page is ever given.
- BibTeX values are escaped (\\ { } & % $ # _ ~ ^), titles are double-braced to keep their
  capitals, and page ranges use `--`. Keys are `src-<source id>` and `event-<event id>`.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

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


# -- Where a passage is, as a reader finds it -------------------------------------------------

_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a non-blank line, trimmed (the source reader's paragraphs)
_NOTE_MARK = re.compile(r"(\d{1,4})\.(?:\s+(\d{1,4})\.)?")  # '7.' or '8. 7.' (list item, note number)


@dataclass(frozen=True)
class Place:
    """Where a passage starts: its paragraph (the source reader's ¶) and footnote, if inside one."""

    paragraph: int
    footnote: int | None = None

    def __str__(self) -> str:
        return f"footnote {self.footnote}" if self.footnote else f"paragraph {self.paragraph}"


@lru_cache(maxsize=1024)
def _layout(text: str) -> tuple[list[int], list[int | None]]:
    """Start of each paragraph and the footnote it belongs to. A note runs from its number (a line
    of its own) over the indented lines after it, up to the next number or an unindented line."""
    starts: list[int] = []
    notes: list[int | None] = []
    note = None
    for line in _LINE.finditer(text):
        mark = _NOTE_MARK.fullmatch(line.group())
        indented = line.start() > 0 and text[line.start() - 1] != "\n"
        if mark:
            note = int(mark.group(2) or mark.group(1))
        elif not indented:
            note = None
        starts.append(line.start())
        notes.append(note)
    return starts, notes


def place(text: str, start: int) -> Place:
    """Where offset `start` of a seed's text lies, as a reader finds it."""
    starts, notes = _layout(text)
    index = bisect_right(starts, start) - 1
    if index < 0:
        return Place(1)
    return Place(index + 1, notes[index])


def machine_locator(start: int, end: int, file: str) -> str:
    return f"characters {start}–{end} of {file}"


Locate = Callable[[str, int], Place | None]  # (source id, start offset) -> where, if the text is known


def locator_for(dataset: Dataset) -> Locate:
    """`place` over the dataset's seed texts; None for a source whose text is not loaded."""
    texts = dataset.seed_texts

    def locate(source_id: str, start: int) -> Place | None:
        text = texts.get(source_id)
        return place(text, int(start)) if text is not None else None

    return locate


def source_work(source: Mapping) -> str:
    """The work as a reader cites it in a note: 'Sergey Sukhankin, “Title,” Eurasia Daily Monitor,
    Jamestown, 2 February 2026' (the parts that are known; 'n.d.' when no date is stated)."""
    authors, title = names(source.get("authors")), text(source.get("title")) or "[Untitled]"
    published = text(source.get("published"))
    try:
        when = parse_date(published).human() if published else "n.d."
    except DateError:
        when = published
    parts = [_and(authors)] if authors else []
    parts += [f"“{title}”", _where(source), text(source.get("publisher")), when, text(source.get("url"))]
    return ", ".join(p for p in parts if p)


def passage_note(source: Mapping, quote: str, start: int, end: int, where: Place | None) -> str:
    """'<work>, paragraph 5: “quote” (characters 863–1062 of 001_….txt)': a footnote's text."""
    located = f", {where}" if where else ""
    file = text(source.get("file")) or text(source.get("id"))
    return f"{source_work(source)}{located}: “{text(quote)}” ({machine_locator(start, end, file)})"


def passage_citation(source: Mapping, quote: str, start: int, end: int, where: Place | None) -> Citation:
    """'Cite this passage': the source's full citation, where the passage is, the exact quote and
    the machine locator. BibTeX and CSL-JSON are the source's entry with the locator and quote."""
    base = source_citation(source)
    file = text(source.get("file")) or text(source.get("id"))
    located = f"{str(where).capitalize()}: " if where else ""
    plain = f"{base.plain} {located}“{text(quote)}” ({machine_locator(start, end, file)})."
    note = "; ".join(p for p in (str(where) if where else "", machine_locator(start, end, file),
                                 f"quoted: “{text(quote)}”") if p)  # fmt: skip
    key = f"{base.key}-{start}-{end}"
    bibtex = base.bibtex.replace("{" + base.key + ",", "{" + key + ",", 1).replace(
        "\n  note = {", f"\n  addendum = {{{bibtex_escape(note)}}},\n  note = {{", 1)
    csl = dict(base.csl, id=key)
    if where:
        csl |= {"locator": str(where.footnote or where.paragraph), "label": "note" if where.footnote else "paragraph"}
    csl["note"] = "; ".join(p for p in (csl.get("note", ""), machine_locator(start, end, file),
                                        f"quoted: “{text(quote)}”") if p)  # fmt: skip
    return Citation(csl["id"], plain, bibtex, csl)


def for_passage(dataset: Dataset, source_id: str, start: int, end: int, quote: str) -> Citation:
    source = sources_by_id(dataset)[source_id]
    return passage_citation(source, quote, int(start), int(end), locator_for(dataset)(source_id, start))


# -- Events ------------------------------------------------------------------------------------


def _date_label(record: Mapping) -> str:
    try:
        return parse_date(record["date"]).human()
    except (DateError, KeyError):
        return text(record.get("date")) or "n.d."


def _grounds(record: Mapping, sources: Mapping[str, Mapping], works: Mapping[str, str],
             locate: Locate | None) -> list[str]:
    """One sentence per passage: the work (author, title, where, date), where in it, whose view,
    and the exact quote with its character offsets."""
    lines = []
    for p in record.get("passages", ()):
        source = sources.get(p["source"], {"id": p["source"], "title": p["source"]})
        work = works.get(p["source"]) or source_work(source)
        where = locate(p["source"], p["start"]) if locate else None
        perspective = p.get("perspective") or "author"
        view = "" if perspective == "author" else f", reporting the view of {PERSPECTIVES.get(perspective, perspective)}"
        file = text(source.get("file")) or p["source"]
        lines.append(f"{work}{f', {where}' if where else ''}{view}: “{text(p['quote'])}” "
                     f"({machine_locator(p['start'], p['end'], file)})")
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
        ("note", bibtex_escape("Grounded in: " + "; ".join(event.grounds))),
        ("related", event.related),
    ]  # fmt: skip
    return _bibtex_entry("misc", event_key(event.id), fields)


def event_csl(event: _Event, version: str) -> dict:
    return {"id": event_key(event.id), "type": "dataset", "title": f"{event.title} ({event.when})",
            "container-title": DATASET_TITLE, "version": version, "number": event.id,
            "note": "Grounded in: " + "; ".join(event.grounds)}  # fmt: skip


def event_citation(record: Mapping, sources: Mapping[str, Mapping], version: str,
                   works: Mapping[str, str] | None = None, locate: Locate | None = None) -> Citation:
    """The citation of one event record (the shape of `records.event_records`). `works` (source
    id -> `source_work`) saves recomputing them for every event of a long list; `locate` (see
    `locator_for`) adds the paragraph or footnote of each passage."""
    related = ",".join(dict.fromkeys(source_key(p["source"]) for p in record.get("passages", ())))
    event = _Event(record["id"], text(record["title"]), _date_label(record),
                   _grounds(record, sources, works or {}, locate), related)
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
    return event_citation(records.event_records(dataset, rows)[0], sources_by_id(dataset), dataset.version,
                          locate=locator_for(dataset))


def for_events(dataset: Dataset, events: pd.DataFrame) -> tuple[list[Citation], list[Citation]]:
    """(citations of the sources the events quote, citations of the events)."""
    sources = sources_by_id(dataset)
    cited = [source_citation(sources[sid]) for sid in cited_source_ids(dataset, events)]
    works, locate = {sid: source_work(source) for sid, source in sources.items()}, locator_for(dataset)
    events_cited = [event_citation(r, sources, dataset.version, works, locate)
                    for r in records.event_records(dataset, events)]
    return cited, events_cited


def dataset_plain(version: str, description: str, link: str = "") -> str:
    """How to cite an export as a whole: the dataset, its version, the filters and the link."""
    where = f" {link}" if link else ""
    return f"{DATASET_TITLE}, dataset version {version}. Selection: {text(description)}.{where}"


def bibtex_file(citations: Iterable[Citation]) -> str:
    return "\n\n".join(c.bibtex for c in citations) + "\n"


def csl_json(citations: Iterable[Citation]) -> str:
    return json.dumps([c.csl for c in citations], ensure_ascii=False, indent=2) + "\n"
