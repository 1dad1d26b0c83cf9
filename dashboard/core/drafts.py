"""Draft events for the date mentions of a seed that no passage covers yet, for a person to review.

Decisions: one draft per uncovered date mention (the coverage report's to-do list), so nothing on
the list is skipped; a range ("from 1990 to 1995", "1990–1995") is one draft. The quote is the
sentence (or footnote) holding the mention, verbatim, with a `prefix`/`suffix` when it occurs more
than once. The date is read from the mention with its precision (day, month, year, range, "after
1999" as an open start), `date_basis: reported` when the mention is a citation's date (inside
"(Source, date)" or after a quoted title). Actors are every actor whose naming words occur in the
quote (`naming.py`), themes those whose keywords occur. Tone neutral, confidence low, a note that
says it is a draft; title, summary and tone rationale are placeholders the validator refuses
(`schema.PLACEHOLDER`), so a draft can never pass as an event by mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import naming, provenance, schema
from .coverage import uncovered_mentions
from .dates import MONTHS, DateError, parse_date
from .load import Dataset
from .provenance import Span
from .yamlfile import scalar_text

_MONTH_NUMBER = {name.lower(): i for i, name in enumerate(MONTHS) if name}
_MONTH_NUMBER |= {name[:3]: i for name, i in list(_MONTH_NUMBER.items())} | {"sept": 9}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,? (\d{4})$")
_DOTTED = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_OPEN_AFTER = re.compile(r"\b(?:after|since|from|beginning in|starting in|as of)\s+(?:the\s+year\s+)?$", re.I)
_OPEN_BEFORE = re.compile(r"\b(?:before|until|till|up to|prior to)\s+$", re.I)
_RANGE_JOIN = re.compile(r"^\s*(?:[-–—/]|to|until|till|and|through)\s*$", re.I)
_RANGE_OPENER = re.compile(r"\b(?:from|between)\s+$", re.I)
#: Where a sentence does not end although a full stop is followed by a space: initials and
#: abbreviations ("N. Zinoviev", "Ibid., 85", "U.S. officials", "no. 3").
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\bno|\bIbid|\bet al|\bed|\beds|\bvol|\bpp|\bp|\bMr|\bMrs|\bDr|\bSt|\bJr|\bU\.S|\bi\.e|\be\.g)\.$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+|\n+")
DRAFT_NOTE = "Draft by `python -m dashboard draft` from the date mention {mention!r} (seed line {line}): check every field."


@dataclass(frozen=True)
class Mention:
    """A date mention of a seed, read as a date: `date` in the events format."""

    span: Span
    text: str
    date: str


def _point(mention: str) -> str | None:
    """'7 April 2025' -> '2025-04-07'; 'April 2025' -> '2025-04'; '1999' -> '1999'."""
    text = mention.strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    if m := _DOTTED.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    elif m := _DAY_MONTH_YEAR.match(text):
        day, month, year = int(m.group(1)), _MONTH_NUMBER.get(m.group(2).lower()), m.group(3)
    elif m := _MONTH_DAY_YEAR.match(text):
        day, month, year = int(m.group(2)), _MONTH_NUMBER.get(m.group(1).lower()), m.group(3)
    elif m := _MONTH_YEAR.match(text):
        month = _MONTH_NUMBER.get(m.group(1).lower())
        return f"{m.group(2)}-{month:02d}" if month else None
    else:
        return None
    if not month:
        return None
    value = f"{year}-{month:02d}-{day:02d}"
    try:
        parse_date(value)
    except DateError:
        return None
    return value


def read_mentions(text: str, found: list[tuple[Span, str]]) -> list[Mention]:
    """Uncovered mentions (in text order) as dates; two years joined by "–", "to", "and" after
    "from"/"between" become one range; "after 1999" an open start, "before 1999" an open end."""
    out: list[Mention] = []
    i = 0
    while i < len(found):
        span, mention = found[i]
        value = _point(mention)
        if value is None:
            i += 1
            continue
        before = text[max(0, span.start - 30) : span.start]
        if i + 1 < len(found):
            nxt_span, nxt = found[i + 1]
            between = text[span.end : nxt_span.start]
            end_value = _point(nxt)
            if end_value and _RANGE_JOIN.match(between) and (between.strip() in "-–—/" or _RANGE_OPENER.search(before)):
                if parse_date(end_value).end >= parse_date(value).start:
                    out.append(Mention(Span(span.start, nxt_span.end), text[span.start : nxt_span.end],
                                       f"{value}/{end_value}"))  # fmt: skip
                    i += 2
                    continue
        if _OPEN_AFTER.search(before) and not re.match(r"\s*(?:to|until|[-–—])", text[span.end : span.end + 8]):
            value = f"{value}/.."
        elif _OPEN_BEFORE.search(before):
            value = f"../{value}"
        out.append(Mention(span, mention, value))
        i += 1
    return out


def sentence_at(text: str, span: Span, clutter: list[Span] = ()) -> Span:
    """The sentence (or footnote line) around span, whitespace trimmed, clutter at either end
    left out. A sentence that would begin with the mention takes in the one before on its line
    ("…’, ITAR-TASS. 11 September 2007." is one citation)."""
    start, end, previous = 0, len(text), 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= span.start:
            if "\n" in m.group():
                start = previous = m.end()
            elif not _NOT_AN_END.search(text[max(0, m.start() - 6) : m.start() + 1]):
                previous, start = start, m.end()
        elif m.start() >= span.end:
            if "\n" in m.group() or not _NOT_AN_END.search(text[max(0, m.start() - 6) : m.start() + 1]):
                end = m.start() + len(m.group().rstrip())
                break
    if start == span.start:
        start = previous
    line_start = text.rfind("\n", 0, span.start) + 1
    if line_start < start and re.search(r"‘[^’\n]{3,}’", text[line_start : span.start]):
        start = line_start  # a citation: from its author and quoted title on, whatever the full stops
    for cut in clutter:
        if span.end <= cut.start < end:
            end = cut.start
        if start < cut.end <= span.start:
            start = cut.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _fit(text, Span(start, end), span)


def _fit(text: str, sentence: Span, mention: Span) -> Span:
    """A quote no longer than the schema allows: the clause around the mention, else a window."""
    if sentence.end - sentence.start <= schema.MAX_QUOTE:
        return sentence
    left = max(text.rfind(sep, sentence.start, mention.start) for sep in (";", ",", ":"))
    right = [p for p in (text.find(sep, mention.end, sentence.end) for sep in (";", ",", ":")) if p != -1]
    start = left + 1 if left >= sentence.start else sentence.start
    end = min(right) if right else sentence.end
    if end - start > schema.MAX_QUOTE:
        start = max(start, mention.start - schema.MAX_QUOTE // 2)
        end = min(end, start + schema.MAX_QUOTE)
    while start < end and text[start].isspace():
        start += 1
    return Span(start, end)


def _disambiguate(text: str, quote: Span) -> dict:
    """prefix/suffix, as short as makes the quote unique (whole words where possible)."""
    needle = text[quote.start : quote.end]
    if len(provenance.occurrences(text, needle)) <= 1:
        return {}
    for size in (20, 40, 80, 160, 320):
        prefix = text[max(0, quote.start - size) : quote.start]
        suffix = text[quote.end : quote.end + size]
        try:
            provenance.locate(text, needle, prefix or None, suffix or None)
        except (provenance.QuoteAmbiguous, provenance.QuoteNotFound):
            continue
        return {"prefix": prefix or None, "suffix": suffix or None}
    return {}


_FOOTNOTE = re.compile(r"^(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\.?\s+\S")


def is_reported(text: str, quote: Span, mention: Span) -> bool:
    """A citation's date: in a footnote, inside "(RIA Novosti, March 2, 2025)", or after a quoted title
    ("‘Week of Russia…’, ITAR-TASS 19 February 2008")."""
    if _FOOTNOTE.match(text[quote.start : quote.end]):
        return True
    opened = text.rfind("(", quote.start, mention.start)
    if opened != -1 and text.find(")", opened, mention.start) == -1 and "," in text[opened : mention.start]:
        return True
    head = text[quote.start : mention.start]
    return bool(re.search(r"[‘“\"'][^‘“\"']{3,}[’”\"'],?\s", head)) and bool(re.search(r",\s*$|\s[A-Z][\w-]+\s*$", head))


def theme_keywords(themes: pd.DataFrame) -> dict[str, re.Pattern]:
    """Theme id -> a whole-word, case-insensitive pattern of its keywords (plurals included)."""
    out = {}
    for row in themes.to_dict("records"):
        words = [w for w in (row.get("keywords") if isinstance(row.get("keywords"), list | tuple) else []) if w]
        if words:
            body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            out[row["id"]] = re.compile(rf"(?<!\w)(?:{body})(?:e?s)?(?!\w)", re.I)
    return out


_KINDS = [  # the first whose words occur; a draft's kind is a guess the curator checks
    ("sanction", r"sanction"), ("visit", r"visit|trip to|travell?ed to"), ("agreement", r"agreement|signed|memorand|treaty|accord"),
    ("diplomatic-relations", r"diplomatic relations|embass"), ("recognition", r"recogni[sz]"),
    ("registration", r"regist|flag"), ("arms", r"arms|weapon|helicopter|aircraft"), ("trade", r"trade|export|import"),
    ("election", r"elect"), ("membership", r"member|joined"), ("aid", r"\baid\b|donat|vaccine"),
    ("military", r"military|naval|warship"), ("statement", r"said|stated|declared|announced"),
]  # fmt: skip


def guess_kind(quote: str) -> str:
    for kind, words in _KINDS:
        if re.search(words, quote, re.I):
            return kind
    return "report"


def _draft_id(source_id: str, line: int, k: int) -> str:
    return f"draft-{source_id}-line-{line}" + (f"-{k}" if k > 1 else "")


def draft_events(dataset: Dataset, source_id: str, actor_patterns=None, themes=None) -> list[dict]:
    """A draft event (a dict in the events format, fields in the template's order) for every date
    mention of the source no passage covers."""
    source = dataset.sources.set_index("id").loc[source_id]
    text = dataset.seed_texts[source_id]
    actor_patterns = actor_patterns if actor_patterns is not None else naming.patterns(dataset.actors)
    themes = themes if themes is not None else theme_keywords(dataset.themes)
    found = uncovered_mentions(dataset, {"id": source_id, **source.to_dict()})
    drafts, per_line = [], {}
    for mention in read_mentions(text, found):
        quote = sentence_at(text, mention.span, list(source["clutter_spans"]))
        quoted = text[quote.start : quote.end]
        line = text.count("\n", 0, mention.span.start) + 1
        per_line[line] = per_line.get(line, 0) + 1
        passage = {"source": source_id, "quote": quoted, **_disambiguate(text, quote), "perspective": "author"}
        drafts.append({
            "id": _draft_id(source_id, line, per_line[line]),
            "date": mention.date,
            "date_basis": "reported" if is_reported(text, quote, mention.span) else "event",
            "title": schema.PLACEHOLDER + " write a short factual title",
            "summary": schema.PLACEHOLDER + " summarise the passage in your own words",
            "actors": sorted(naming.named_actors(quoted, actor_patterns)),
            "themes": [t for t, pattern in themes.items() if pattern.search(quoted)],
            "kind": guess_kind(quoted),
            "tone": "neutral",
            "tone_rationale": schema.PLACEHOLDER + " why this tone",
            "confidence": "low",
            "note": DRAFT_NOTE.format(mention=mention.text, line=line),
            "passages": [passage],
        })  # fmt: skip
    return drafts


_QUOTED = {"date", "title", "summary", "tone_rationale", "note", "quote", "prefix", "suffix"}


def _field_lines(key: str, value, indent: str, lead: str) -> list[str]:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        lines = [f"{lead}{key}:"]
        for item in value:
            lines += _record_lines(item, indent + "    ", indent + "  - ")
        return lines
    if isinstance(value, list):
        return [f"{lead}{key}: [{', '.join(scalar_text(v) for v in value)}]"]
    return [f"{lead}{key}: {scalar_text(value, quoted=key in _QUOTED and value is not None)}"]


def _record_lines(record: dict, indent: str, first: str) -> list[str]:
    lines: list[str] = []
    for key, value in record.items():
        lines += _field_lines(key, value, indent, first if not lines else indent)
    return lines


def to_yaml(drafts: list[dict], source_id: str, seed_file: str) -> str:
    """The drafts as an events file (the events' own style), with a header saying what they are."""
    head = [
        f"# Draft events for {source_id} (seeds/{seed_file}), written by `python -m dashboard draft {source_id}`.",
        "# Drafts are never loaded into the app; `validate` checks their shape only. For each draft: read",
        "# the passage, fix date, actors and themes, write title, summary and tone_rationale (they start",
        f"# with {schema.PLACEHOLDER!r}, which validation refuses in an event), set kind, tone and confidence, then",
        "# cut and paste it into curated/events/*.yaml, where every check applies. Delete the drafts you reject.",
    ]
    body = []
    for draft in drafts:
        body += ["", *_record_lines(draft, "  ", "- ")]
    return "\n".join(head + (body or ["", "[]"])) + "\n"


def check_drafts(data_dir: Path) -> list:
    """Shape problems of every curated/drafts/*.yaml (load.Problem), never cross-references."""
    from .load import Problem, _records  # the loader's own record reader, with a draft model

    folder = data_dir / "drafts"
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
        rel = path.relative_to(data_dir).as_posix()
        for _ in _records(path, rel, problems, schema.DraftEvent):
            pass
    return problems
