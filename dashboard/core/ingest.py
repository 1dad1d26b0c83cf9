"""A new source from a file: its text as a seed, its metadata as an entry of sources.yaml.

Decisions: the seed is the extracted text in UTF-8, written once and never rewritten (quotes are
checked against it); the original file's name and sha256 are recorded so anyone can extract it
again and compare. HTML's main text comes from trafilatura (boilerplate such as menus and cookie
notices left out, one paragraph a line, title/author/date/URL from the page's metadata); PDF text
from pypdf page by page (hyphenation at line ends joined, wrapped lines joined into paragraphs,
running headers and page numbers kept in the text but listed as `clutter`, footnotes kept).
Metadata is null where the file does not say: never invented. Every refusal is one
`IngestError` line and nothing is written; writes go to a temporary file, then a rename.
"""

from __future__ import annotations

import hashlib
import io
import re
import statistics
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, schema
from .dates import DateError, parse_date
from .yamlfile import MAX_BYTES, YamlProblem, atomic_write, load_yaml, scalar_text

MAX_INPUT_BYTES = 100_000_000  # the original file; the seed written must stay under MAX_BYTES
SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_PLACEHOLDER_META = re.compile(r"^(untitled|anonymous|unknown|unspecified|none|\(.*\)|microsoft word - .*)$", re.I)


class IngestError(Exception):
    """Why a file cannot become a source: one line for the curator."""


@dataclass
class Extracted:
    """A file's text and what the file itself says about it (None where it says nothing)."""

    text: str
    kind: str  # text | html | pdf
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    language: str | None = None
    clutter: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Reading the file


def read_original(path: Path) -> bytes:
    """The file's bytes, or an IngestError (missing, unreadable, empty, too large)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(f"{path}: not a regular file")
        if size > MAX_INPUT_BYTES:
            raise IngestError(f"{path}: file is {size:,} bytes, over the {MAX_INPUT_BYTES:,}-byte input limit")
        raw = path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path}: cannot be read: {err.strerror or err}") from None
    if not raw.strip():
        raise IngestError(f"{path}: file is empty")
    return raw


def extract(path: Path, raw: bytes) -> Extracted:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise IngestError(f"{path}: unsupported file type {path.suffix!r}; use .txt, .html/.htm or .pdf")
    extracted = {"text": _from_text, "html": _from_html, "pdf": _from_pdf}[kind](path, raw)
    extracted.text = _tidy(extracted.text)
    extracted.clutter = sorted(_clutter_strings(set(extracted.clutter), extracted.text))
    if not extracted.text.strip():
        raise IngestError(f"{path}: no text found in the file")
    if _RTL.search(extracted.text):
        extracted.notes.append("Contains right-to-left script; the text is stored in logical order.")
    return extracted


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw:
        raise IngestError(f"{path}: file is binary (contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise IngestError(f"{path}:{line}: not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded") from None


def _tidy(text: str) -> str:
    """Line ends as \\n, no trailing spaces, at most one blank line, one final newline. Characters
    are kept as they are (no Unicode normalisation: quotes are checked byte for byte)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


def _from_text(path: Path, raw: bytes) -> Extracted:
    return Extracted(_decode(path, raw), "text")


def _from_html(path: Path, raw: bytes) -> Extracted:
    import trafilatura  # imported here: only add-source needs it (and its lxml)

    html = _decode(path, raw)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_precision=True)  # fmt: skip
    except Exception as err:  # the library's own errors on broken markup vary
        raise IngestError(f"{path}: HTML cannot be parsed: {type(err).__name__}: {err}") from None
    if doc is None or not (doc.text or "").strip():
        raise IngestError(f"{path}: no main text found in the HTML (is it a page of only menus or scripts?)")
    authors = [a.strip() for a in re.split(r";|\band\b|,", doc.author or "") if a.strip()]
    published = _partial_date(doc.date)
    return Extracted(doc.text, "html", title=_meta(doc.title), authors=authors, published=published,
                     url=doc.url if doc.url and re.match(r"^https?://\S+$", doc.url) else None,
                     language=_language(doc.language or _html_lang(html)))  # fmt: skip


def _html_lang(html: str) -> str | None:
    match = re.search(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})\b", html[:5000], re.I)
    return match.group(1) if match else None


def _meta(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value and not _PLACEHOLDER_META.match(value) else None


def _language(value: str | None) -> str | None:
    code = (value or "").strip().lower()[:2]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _partial_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()[:10]
    try:
        parse_date(value)
    except DateError:
        return None
    return value


# ---------------------------------------------------------------------------------------------
# PDF


def _from_pdf(path: Path, raw: bytes) -> Extracted:
    pages, info = _pdf_pages(path, raw)
    if not any(page.strip() for page in pages):
        raise IngestError(f"{path}: the PDF has no text layer ({len(pages)} page(s) of images only: a scan?); "
                          "run OCR first and add the text it gives")  # fmt: skip
    lines_by_page = [[line.rstrip() for line in page.split("\n")] for page in pages]
    clutter = _page_clutter(lines_by_page)
    body = [len(line.strip()) for lines in lines_by_page for line in lines if line.strip() and line.strip() not in clutter]
    full = statistics.quantiles(body, n=10)[-1] if len(body) >= 2 else 0  # a full line's length
    text = "\n".join(_page_text(lines, clutter, full) for lines in lines_by_page)
    notes = [f"Extracted from {len(pages)} PDF page(s)."]
    created = _pdf_date(info.get("/CreationDate"))
    if created:
        notes.append(f"The PDF's document info says it was created on {created} (not necessarily published).")
    author = _meta(info.get("/Author"))
    return Extracted(text, "pdf", title=_meta(info.get("/Title")), authors=[author] if author else [],
                     clutter=sorted(clutter), notes=notes)  # fmt: skip


def _pdf_pages(path: Path, raw: bytes) -> tuple[list[str], dict]:
    import pypdf  # imported here: only add-source needs it
    from pypdf.errors import PdfReadError

    if not raw.lstrip()[:5].startswith(b"%PDF-"):
        raise IngestError(f"{path}: not a PDF (no %PDF- header)")
    if b"%%EOF" not in raw[-2048:]:
        raise IngestError(f"{path}: the PDF is truncated (no end-of-file marker); get a complete copy")
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{path}: the PDF is encrypted with a password; save a decrypted copy and add that")
        info = {k: str(v) for k, v in (reader.metadata or {}).items()}
        pages = []
        for number, page in enumerate(reader.pages, 1):
            try:
                pages.append(page.extract_text() or "")
            except Exception as err:  # pypdf raises many kinds on a broken page
                raise IngestError(f"{path}: page {number}: text cannot be extracted: {err}") from None
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise IngestError(f"{path}: the PDF cannot be read: {err}") from None
    except Exception as err:  # e.g. a missing crypto backend for AES
        raise IngestError(f"{path}: the PDF cannot be read: {type(err).__name__}: {err}") from None
    return pages, info


def _pdf_date(value: str | None) -> str | None:
    match = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?", value or "")
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


MAX_HEADER = 80  # characters: a running header or footer is short; a longer repeated line is text
_ENDS = (".", "!", "?", ";", ",", ":")  # nor does it end like a sentence

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s+of\s+\d{1,4})?$", re.I)


def _edge_lines(lines: list[str]) -> list[str]:
    """The first two and last two non-blank lines of a page, when short and not ending like a
    sentence: where headers and footers sit."""
    filled = [line.strip() for line in lines if line.strip()]
    edges = filled[:2] + filled[-2:]
    return [line for line in edges if len(line) <= MAX_HEADER and (_PAGE_NUMBER.match(line) or not line.endswith(_ENDS))]


def _page_clutter(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of pages that repeat (digits aside) on at least half the pages
    (two at least), and bare page numbers there."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        for shape in {re.sub(r"\d+", "#", line) for line in _edge_lines(lines)}:
            counts[shape] = counts.get(shape, 0) + 1
    repeated = {shape for shape, n in counts.items() if n >= max(2, len(pages) / 2)}
    found = set()
    for lines in pages:
        for line in _edge_lines(lines):
            if re.sub(r"\d+", "#", line) in repeated or _PAGE_NUMBER.match(line):
                found.add(line)
    return found


def _page_text(lines: list[str], clutter: set[str], full: float) -> str:
    """One page: clutter lines kept as their own lines; body lines joined into paragraphs (a line
    shorter than 80% of a full line ends its paragraph)."""
    out: list[str] = []
    paragraph = ""
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped in clutter:
            if paragraph:
                out.append(paragraph)
                paragraph = ""
            if stripped:
                out.append(stripped)
            continue
        paragraph = _join(paragraph, stripped, full) if paragraph else stripped
        if len(stripped) < 0.8 * full:  # a short line ends its paragraph
            out.append(paragraph)
            paragraph = ""
    if paragraph:
        out.append(paragraph)
    return "\n".join(out)


_FOOTNOTE_START = re.compile(r"^(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*|†)\s")


def _join(paragraph: str, line: str, full: float) -> str:
    """A wrapped line back onto its paragraph: "accor-" + "ding" -> "according"; a footnote
    starts a new line."""
    if _FOOTNOTE_START.match(line):
        return paragraph + "\n" + line
    if re.search(r"[^\W\d_]-$", paragraph) and line[:1].islower():
        return paragraph[:-1] + line
    return paragraph + " " + line


def _clutter_strings(lines: set[str], text: str) -> set[str]:
    """Each clutter line as an exact string of the seed. A bare page number ("2") would match
    every "2" in the text, so it is recorded with its line breaks ("\\n2\\n")."""
    strings = set()
    for line in lines:
        if _PAGE_NUMBER.match(line):
            strings.add(f"\n{line}\n" if f"\n{line}\n" in text else line)
        else:
            strings.add(line)
    return {s for s in strings if s in text}


# ---------------------------------------------------------------------------------------------
# Writing the seed and the entry


@dataclass(frozen=True)
class Added:
    source_id: str
    seed: Path
    entry: dict


def existing_sources(sources_path: Path) -> list[dict]:
    try:
        doc = load_yaml(sources_path)
    except YamlProblem as err:
        raise IngestError(f"{sources_path}:{err.line or 1}: cannot be read: {err.message}") from None
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        raise IngestError(f"{sources_path}:1: must be a YAML list of sources")
    return [s for s in doc.data if isinstance(s, dict)]


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:40].strip("-")


def next_seed_name(seeds_dir: Path, text: str) -> str:
    numbers = [int(m.group(1)) for p in seeds_dir.glob("*.txt") if (m := re.match(r"^(\d+)_", p.name))]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{max(numbers, default=-1) + 1:03d}_{digest}.txt"


def build_entry(source_id: str, seed_name: str, seed_bytes: bytes, original: Path, raw: bytes,
                found: Extracted, given: dict) -> dict:  # fmt: skip
    """The sources.yaml entry: what the curator gave, else what the file says, else null."""
    language = given.get("language") or found.language
    notes = [f"Added with `add-source` from {original.name} on {dates.today().isoformat()}."]
    if not given.get("kind"):
        notes.append("`kind` is a default: check it.")
    if not language:
        notes.append("`language` is a default: check it.")
    title = given.get("title") or found.title
    entry = {
        "id": source_id,
        "file": seed_name,
        "title": title or f"[Untitled: {original.name}]",
        "authors": given.get("authors") or found.authors,
        "publisher": None,
        "published": given.get("published") or found.published,
        "kind": given.get("kind") or {"html": "news", "pdf": "analysis"}.get(found.kind, "essay"),
        "language": language or "en",
        "url": given.get("url") or found.url,
        "sha256": hashlib.sha256(seed_bytes).hexdigest(),
        "original_file": original.name,
        "original_sha256": hashlib.sha256(raw).hexdigest(),
        "note": " ".join(notes + found.notes),
        "clutter": found.clutter,
        "not_events": [],
    }
    return entry


def entry_yaml(entry: dict) -> str:
    """The entry in the style of the hand-written ones: flow lists for authors, one clutter string
    a line, a long note folded (`>-`)."""
    out = []
    for key, value in entry.items():
        lead = "- " if not out else "  "
        if key == "authors":
            out.append(f"{lead}{key}: [{', '.join(scalar_text(a) for a in value)}]")
        elif isinstance(value, list):
            out.append(f"{lead}{key}:" + ("" if value else " []"))
            out += [f"    - {scalar_text(item)}" for item in value]
        elif key == "note" and value and len(value) > 80 and value.isprintable() and value == value.strip():
            out.append(f"{lead}{key}: >-")
            out += ["    " + line for line in textwrap.wrap(value, 88, break_long_words=False, break_on_hyphens=False)]
        else:
            out.append(f"{lead}{key}: {scalar_text(value)}")
    return "\n".join(out) + "\n"


def check_entry(entry: dict, sources: list[dict]) -> None:
    """Refuse an entry the validator would refuse, or that repeats a source."""
    for other in sources:
        if other.get("id") == entry["id"]:
            raise IngestError(f"a source with id {entry['id']!r} exists already; give another --id")
        for key in ("sha256", "original_sha256"):
            if entry[key] in (other.get("sha256"), other.get("original_sha256")):
                raise IngestError(f"this file was added already, as source {other.get('id')!r} (same sha256)")
    try:
        schema.Source.model_validate(entry)
    except Exception as err:  # pydantic's ValidationError: one line per field
        first = err.errors()[0] if hasattr(err, "errors") else {"loc": (), "msg": str(err)}
        where = ".".join(str(p) for p in first["loc"]) or "(entry)"
        raise IngestError(f"the new entry is not valid: {where}: {first['msg']}") from None


def add_source(original: Path, data_dir: Path, seeds_dir: Path, given: dict) -> Added:
    """Extract, check, then write the seed and append the entry; nothing written on refusal."""
    sources_path = data_dir / "sources.yaml"
    if not sources_path.is_file():
        raise IngestError(f"{sources_path}: no sources.yaml in the data folder")
    if not seeds_dir.is_dir():
        raise IngestError(f"{seeds_dir}: seeds folder does not exist")
    raw = read_original(original)
    sources = existing_sources(sources_path)
    original_sha = hashlib.sha256(raw).hexdigest()
    for other in sources:  # before extracting: the cheap refusal first
        if original_sha in (other.get("sha256"), other.get("original_sha256")):
            raise IngestError(f"{original}: this file was added already, as source {other.get('id')!r} (same sha256)")
    found = extract(original, raw)
    seed_bytes = found.text.encode("utf-8")
    if len(seed_bytes) > MAX_BYTES:
        raise IngestError(f"{original}: its text is {len(seed_bytes):,} bytes, over the {MAX_BYTES:,}-byte "
                          "seed size limit; split the document")  # fmt: skip
    source_id = given.get("id") or slug(given.get("title") or found.title or original.stem)
    if not source_id or not re.fullmatch(schema.SLUG, source_id):
        raise IngestError(f"cannot make an id from {original.name!r}; give one with --id (lowercase-and-hyphens)")
    seed_name = next_seed_name(seeds_dir, found.text)
    entry = build_entry(source_id, seed_name, seed_bytes, original, raw, found, given)
    check_entry(entry, sources)
    seed_path = seeds_dir / seed_name
    old = sources_path.read_bytes()
    new = old + (b"" if old.endswith(b"\n") or not old else b"\n") + entry_yaml(entry).encode("utf-8")
    atomic_write(seed_path, seed_bytes)
    try:
        atomic_write(sources_path, new)
    except BaseException:
        seed_path.unlink(missing_ok=True)
        raise
    return Added(source_id, seed_path, entry)
