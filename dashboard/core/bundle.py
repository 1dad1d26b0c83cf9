"""The citation bundle: one zip with everything needed to check, reuse and cite a filtered view.

Inside one folder named like the zip:
  README.md           the filter sentence, the share link, the dataset version, how to cite
                      each source and the selection, and the command that rebuilds the bundle
  events.json         the events with their passages (the shape of `records.event_records`)
  events.csv          the same, one row per event
  passages.csv        one row per quoted passage: event_id, source, file, quote, start, end, perspective
  sources.csv         metadata of the quoted sources, with a ready citation each
  citations.bib       BibTeX for every quoted source and every event
  citations.json      the same as CSL-JSON (Zotero, pandoc, citeproc)
  datapackage.json    a Frictionless Data Package describing each table (fields, types, keys)
  charts/             the page's charts as standalone HTML (offline), and PNG where a browser is
                      available to draw them

Pure: the share query string and the export date come in as arguments. The zip is
deterministic (fixed entry order and timestamps): the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import zipfile
from collections.abc import Mapping
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from . import citations, evidence, export, records
from .filters import Filters, apply, describe, slug
from .load import Dataset

PACKAGE_NAME = "russia-panama-events"
PASSAGE_COLUMNS = ["event_id", "source", "file", "quote", "start", "end", "perspective"]
SOURCE_COLUMNS = ["id", "title", "authors", "publisher", "container", "volume", "issue", "pages", "published",
                  "kind", "language", "url", "file", "sha256", "citation"]  # fmt: skip
CLI_FLAGS = {"from": "--from", "to": "--to", "theme": "--theme", "actor": "--actor", "source": "--source",
             "tone": "--tone", "confidence": "--confidence", "q": "--q", "period": "--period",
             "match": "--match", "basis": "--basis", "perspective": "--perspective", "kind": "--kind"}  # fmt: skip
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~$|])")  # what Markdown would render inline


def bundle_name(filters: Filters) -> str:
    """'citation-bundle_RUS-PAN_sanctions_2014-2026.zip'."""
    return export.safe_filename("citation-bundle", slug(filters), ext="zip")


# -- Tables ------------------------------------------------------------------------------------


def _csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: records.spreadsheet_safe(row.get(key)) for key in columns})
    return buffer.getvalue()


def passages_csv(event_records: list[dict]) -> str:
    rows = [{"event_id": rec["id"], **p} for rec in event_records for p in rec["passages"]]
    return _csv(rows, PASSAGE_COLUMNS)


def sources_csv(sources: list[Mapping]) -> str:
    rows = [{**{key: citations.text(s.get(key)) for key in SOURCE_COLUMNS}, "authors": "; ".join(
        citations.names(s.get("authors"))), "citation": citations.source_plain(s)} for s in sources]
    return _csv(rows, SOURCE_COLUMNS)


# -- Data package ------------------------------------------------------------------------------


def _field(name: str, kind: str, description: str, **constraints) -> dict:
    field = {"name": name, "type": kind, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _events_schema(within: bool = False) -> dict:
    s = "string"
    return {"fields": [
        _field("id", s, "Stable event id.", required=True, unique=True),
        _field("title", s, "Short title, as curated."), _field("summary", s, "One or two sentences, as curated."),
        _field("date", s, "The curated date: YYYY, YYYY-MM or YYYY-MM-DD, ~ approximate, ? uncertain, A/B a range."),
        _field("start", "date", "First day the date covers; empty for an open start ('../2022')."),
        _field("end", "date", "Last day the date covers."),
        _field("actors", s, "Actor ids, separated by ';'."), _field("themes", s, "Theme ids, primary first, ';'."),
        _field("tone", s, "Tone of the event.", enum=["cooperation", "neutral", "tension"]),
        _field("kind", s, "Kind of event."),
        _field("confidence", s, "Curators' confidence.", enum=["high", "medium", "low"]),
        _field("date_basis", s, "Whether the date is the event's or a report's.", enum=["event", "reported"]),
        _field("passages", s, "Quoted passages as `source: quote`, separated by ' | ' (see passages.csv)."),
        _field("inferred", s, "Claims the curators inferred, as `field value: reason`, separated by ' | '."),
        *([_field("within_dates", "boolean", "false when the event's date only overlaps the date filter: it may "
                  "fall outside it.")] if within else []),
    ], "primaryKey": ["id"]}  # fmt: skip


def _passages_schema() -> dict:
    s = "string"
    return {"fields": [
        _field("event_id", s, "The event the passage grounds.", required=True),
        _field("source", s, "Id of the quoted source (sources.csv).", required=True),
        _field("file", s, "Seed file that holds the source's text."),
        _field("quote", s, "Exact quote from the seed.", required=True),
        _field("start", "integer", "Character offset where the quote starts in the seed (0-based).", minimum=0),
        _field("end", "integer", "Character offset just after the quote.", minimum=0),
        _field("perspective", s, "Whose view the passage reports."),
    ], "foreignKeys": [
        {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["id"]}},
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}},
    ]}  # fmt: skip


def _sources_schema() -> dict:
    described = {"id": "Stable source id.", "title": "Title as the text states it; [bracketed] when supplied.",
                 "authors": "Authors as the text names them, separated by '; '.", "published": "Partial date, or empty.",
                 "url": "Empty unless known; never invented.", "sha256": "Checksum of the seed file.",
                 "citation": "A ready plain-text citation."}  # fmt: skip
    fields = [_field(name, "string", described.get(name, name.capitalize() + ", or empty when not stated."))
              for name in SOURCE_COLUMNS]
    fields[0]["constraints"] = {"required": True, "unique": True}
    return {"fields": fields, "primaryKey": ["id"]}


def _table(name: str, path: str, title: str, schema: dict) -> dict:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "title": title, "schema": schema}  # fmt: skip


def datapackage(description: str, version: str, sources: list[Mapping], exported: date | None,
                within: bool = False) -> dict:
    """The Frictionless descriptor (Data Package v1 profiles) of the bundle's tables."""
    package = {
        "profile": "data-package", "name": PACKAGE_NAME, "title": citations.DATASET_TITLE,
        "description": (f"Selection: {description}. Dataset version {version} (a hash of the curated data and "
                        "the seed documents). CSV cells that begin with = + - @ carry a leading ' so that "
                        "spreadsheets do not run them as formulas."),
        "version": version,
        "sources": [{"title": citations.source_plain(s), **({"path": s["url"]} if citations.text(s.get("url"))
                                                            else {})} for s in sources],
        "resources": [
            _table("events", "events.csv", "Events", _events_schema(within)),
            _table("passages", "passages.csv", "Passages quoted from the sources", _passages_schema()),
            _table("sources", "sources.csv", "Sources", _sources_schema()),
            {"name": "events-json", "path": "events.json", "format": "json", "mediatype": "application/json",
             "title": "Events with their passages (nested JSON)"},
        ],
    }  # fmt: skip
    if exported:
        package["created"] = f"{exported.isoformat()}T00:00:00Z"
    return package


# -- Charts ------------------------------------------------------------------------------------


def chart_files(figures: Mapping[str, go.Figure], filters: Filters, images: bool) -> tuple[dict, list[str]]:
    """{'charts/<name>.html': bytes, ...} and notes on what could not be drawn."""
    files, notes = {}, []
    for chart_id, fig in figures.items():
        files[f"charts/{export.chart_filename(chart_id, filters, 'html')}"] = export.figure_html(fig)
        if not images:
            continue
        try:
            files[f"charts/{export.chart_filename(chart_id, filters, 'png')}"] = export.figure_image(fig, "png")
        except export.ImageExportUnavailable as err:
            notes.append(str(err))
            images = False
    if figures and not images and not notes:
        notes.append(export.image_support() or "PNG images were not requested.")
    return files, notes


# -- README ------------------------------------------------------------------------------------


def md(value: object) -> str:
    """Data text for the README: every Markdown character escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", citations.text(value))


def _link(link: str) -> str:
    if re.fullmatch(r"https?://[^\s<>`]+", link):
        return f"<{link}>"
    return f"`{link}` (append it to the dashboard's address)" if link else "the dashboard start page (no filters)"


def share_link(share_query: str, app_url: str = "") -> str:
    query = share_query.lstrip("?")
    return f"{app_url.rstrip('?')}?{query}" if query else (app_url or "")


def cli_command(filters: Filters, output: str, comparison: tuple[str, tuple[str, ...]] | None = None) -> str:
    """The command line that rebuilds this bundle: `python -m dashboard export bundle --actor RUS …`;
    from the Compare page also its focal actor and partners (`comparison`), whose pairs' events
    the bundle holds."""
    words = ["python", "-m", "dashboard", "export", "bundle"]
    for name, values in filters.to_query_params().items():
        if name == "pred":
            words.append("--no-predecessors")
        elif name == "dates":
            words.append("--within")
        elif name in CLI_FLAGS:
            words += [item for value in values for item in (CLI_FLAGS[name], value)]
    if comparison:
        words += ["--focal", comparison[0], *(item for partner in comparison[1] for item in ("--partner", partner))]
    return shlex.join([*words, "-o", output])


def readme(*, description: str, version: str, link: str, command: str, source_cits: list, n_events: int,
           chart_names: list[str], notes: list[str], exported: date | None, behind: str = "") -> str:
    lines = [f"# {md(citations.DATASET_TITLE)} — citation bundle", "",
             f"- **Selection:** {md(description)}",
             *([f"- **Sources behind this:** {md(behind.removeprefix('Sources behind this: '))}"] if behind else []),
             f"- **Share link:** {_link(link)}",
             f"- **Dataset version:** `{version}` — a hash of the curated data and the seed documents; "
             "the same version means the same data.",
             *([f"- **Exported:** {exported.isoformat()}"] if exported else []), "",
             "## How to cite", "", "This selection:", "",
             f"> {md(citations.dataset_plain(version, description, link))}", "",
             f"Each of the {n_events} events has a ready citation quoting its passages in `citations.bib` "
             "(BibTeX, keys `event-<id>`) and `citations.json` (CSL-JSON).", "",
             "### The sources quoted", ""]  # fmt: skip
    for cit in source_cits:
        lines += [f"- {md(cit.plain)}", "", "  ```bibtex", *("  " + line for line in cit.bibtex.splitlines()),
                  "  ```", ""]
    if not source_cits:
        lines += ["No source is quoted: the selection has no events.", ""]
    lines += ["## Files", "",
              "- `events.json`, `events.csv`: the events (CSV: lists joined by `;`, passages by ` | `).",
              "- `passages.csv`: every quoted passage, with its character offsets in the seed file.",
              "- `sources.csv`: the quoted sources' metadata and citations.",
              "- `datapackage.json`: a Frictionless Data Package describing the tables "
              "(`frictionless validate datapackage.json`).",
              "- `citations.bib`, `citations.json`: BibTeX and CSL-JSON for every source and event.",
              *(f"- `charts/{name}`" for name in chart_names),
              "", "The HTML charts embed plotly.js and open offline in any browser.", ""]  # fmt: skip
    lines += [f"> {md(note)}" for note in notes] + ([""] if notes else [])
    lines += ["## Rebuild", "", "From a checkout of the dashboard, with the same dataset version:", "",
              "```sh", command, "```", ""]
    return "\n".join(lines)


# -- The zip -----------------------------------------------------------------------------------


def _evidence_line(events: pd.DataFrame, dataset: Dataset) -> str:
    """'Sources behind this: A (9 events); B (3 events). 9 of 12 from one source: A.'"""
    line = evidence.sources_behind(events, dataset.sources)
    found = evidence.dominance(events, dataset.sources)
    return f"{line} {found[0].upper() + found[1:]}." if found else line


def _zip(folder: str, files: Mapping[str, str | bytes], stamp: date | None) -> bytes:
    when = (stamp.year, stamp.month, stamp.day, 0, 0, 0) if stamp and stamp.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=when)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def build(dataset: Dataset, filters: Filters, events: pd.DataFrame | None = None, *,
          figures: Mapping[str, go.Figure] | None = None, share_query: str = "", app_url: str = "",
          images: bool | None = None, exported: date | None = None,
          comparison: tuple[str, tuple[str, ...]] | None = None) -> bytes:
    """The citation bundle (zip bytes) of the filtered events and the given charts.

    `images=None` draws PNGs when a browser is available; HTML charts are always included.
    `comparison` (focal actor, partners): the events are those of the Compare page's pairs, and
    the rebuild command says so."""
    events = apply(filters, dataset) if events is None else events
    description = describe(filters, dataset, events)
    event_recs = records.event_records(dataset, events, filters)
    by_id = citations.sources_by_id(dataset)
    quoted = [by_id[sid] for sid in citations.cited_source_ids(dataset, events)]
    source_cits, event_cits = citations.for_events(dataset, events)
    images = export.image_support() is None if images is None else images
    charts, notes = chart_files(figures or {}, filters, images)
    name = bundle_name(filters)
    link = share_link(share_query, app_url)
    files = {
        "README.md": readme(description=description, version=dataset.version, link=link,
                            command=cli_command(filters, name, comparison), source_cits=source_cits, n_events=len(events),
                            chart_names=[path.removeprefix("charts/") for path in charts], notes=notes,
                            exported=exported, behind=_evidence_line(events, dataset)),
        "datapackage.json": json.dumps(datapackage(description, dataset.version, quoted, exported, filters.has_dates),
                                       ensure_ascii=False, indent=2) + "\n",
        "events.json": records.to_json(event_recs), "events.csv": records.to_csv(event_recs),
        "passages.csv": passages_csv(event_recs), "sources.csv": sources_csv(quoted),
        "citations.bib": citations.bibtex_file([*source_cits, *event_cits]),
        "citations.json": citations.csl_json([*source_cits, *event_cits]),
        **charts,
    }  # fmt: skip
    return _zip(name.removesuffix(".zip"), files, exported)
