"""A `Brief` as one self-contained HTML page: the PDF is this page printed, and `-o FILE.html` is
this page as it is.

Decisions:
- Every text from data goes through `html.escape` inside a `<bdi>`: markup in the data shows
  as text, and a right-to-left override in a title or quote cannot reorder anything outside it.
  Long words break (`overflow-wrap: anywhere`) instead of running off the page.
- Nothing is fetched: no script, no web font, no stylesheet link; charts are inline SVG drawn by
  kaleido (vector in the PDF), with plotly's random element ids replaced by fixed ones so the
  same brief gives the same bytes. Fonts are the system's DejaVu Sans (Chromium embeds a subset).
- Body text 10 pt, notes 9 pt. Tone is a symbol and a word (▲ cooperation), never colour alone.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from . import brief as brief_mod
from .brief import Brief, Chart, Entry, Note
from .charts import margins

PAPER_CSS_PX = {"a4": 794 - 2 * 67, "letter": 816 - 2 * 67}  # page width minus margins, CSS px
CHART_WIDTH = 900  # layout px of a chart drawn for paper (scaled to the text width: text stays >= 7 pt)
TITLE_LINE = 1.3  # a wrapped chart title's line height, in font sizes
_UID = re.compile(r'id="defs-([0-9a-z]+)"')
ET.register_namespace("", "http://www.w3.org/2000/svg")
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

CSS = """
@page { size: __PAPER__; }
html { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-size: 10pt; line-height: 1.38;
       color: #1f2430; font-variant-ligatures: none; }  /* 'fi' stays two letters for every text extractor */
body { margin: 0; overflow-wrap: anywhere; word-break: normal; }
bdi { unicode-bidi: isolate; }
h1 { font-size: 19pt; line-height: 1.2; margin: 0 0 6pt; }
h2 { font-size: 14pt; margin: 18pt 0 6pt; border-bottom: 1px solid #c9ccd3; padding-bottom: 2pt;
     break-after: avoid; }
h3 { font-size: 11pt; margin: 12pt 0 2pt; break-after: avoid; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: 9pt; color: #4a5160; margin: 0 0 4pt; }
.sentence { font-size: 11pt; margin: 0 0 6pt; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 10pt; font-size: 9pt; margin: 8pt 0; }
dl.meta dt { color: #4a5160; } dl.meta dd { margin: 0; }
nav ol { font-size: 9pt; margin: 4pt 0; padding-left: 16pt; }
a { color: #0b4f8a; }
table.figures { border-collapse: collapse; width: 100%; }
table.figures th { text-align: left; vertical-align: top; width: 25%; padding: 4pt 8pt 4pt 0; font-weight: 600; }
table.figures td { padding: 4pt 0; vertical-align: top; }
table.figures tr { border-top: 1px solid #e1e3e8; break-inside: avoid; }
.basis { display: block; font-size: 9pt; color: #4a5160; }
figure.chart { margin: 10pt 0 14pt; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; max-height: 8.6in; display: block; }
figure.chart figcaption { font-size: 9pt; color: #4a5160; margin-top: 3pt; }
table.counts { border-collapse: collapse; font-size: 9pt; }
table.counts td { padding: 1pt 10pt 1pt 0; border-bottom: 1px solid #eceef2; }
table.counts td.n { text-align: right; font-variant-numeric: tabular-nums; }
.entry { border-top: 1px solid #e1e3e8; padding: 6pt 0 4pt; }
.entry h3 { margin: 0 0 2pt; }
.when { font-weight: 600; } .dating { color: #4a5160; font-size: 9pt; }
.facts { margin: 2pt 0; } .facts span.k { color: #4a5160; }
.summary { margin: 2pt 0; }
ol.notes { font-size: 9pt; margin: 3pt 0 0; padding-left: 22pt; }
ol.notes li { margin: 2pt 0; }
ol.notes .quote { font-style: normal; }
sup a { text-decoration: none; font-size: 8pt; }
.inferred { font-size: 9pt; margin: 2pt 0; }
.warning { border-left: 3px solid #D55E00; padding: 2pt 8pt; background: #fbf1ea; }
.sources li { margin: 0 0 5pt; } .sources .note { display: block; font-size: 9pt; color: #4a5160; }
.empty { font-size: 12pt; margin-top: 18pt; }
"""


def esc(value: object) -> str:
    """Data text as HTML text, isolated from the text around it (bidi)."""
    return f"<bdi>{html.escape(str(value), quote=True)}</bdi>" if str(value) else ""


def fixed_ids(svg: str, prefix: str) -> str:
    """Plotly's random per-figure id ('2333a8' in defs-2333a8, clip2333a8xy, …) replaced by a fixed
    one, so two charts in one page never clash and the same chart gives the same bytes."""
    found = _UID.search(svg)
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    return svg.replace(found.group(1), prefix) if found else svg


def canonical_svg(svg: str, prefix: str) -> str:
    """The SVG with fixed ids and every element's attributes in name order: plotly writes them in
    the order it happened to set them, which differs between a fresh page and a reused one."""
    root = ET.fromstring(fixed_ids(svg, prefix))  # noqa: S314 (kaleido's output of our own figure)
    for element in root.iter():
        ordered = sorted(element.attrib.items())
        element.attrib.clear()
        element.attrib.update(ordered)
    return ET.tostring(root, encoding="unicode")


def wrapped_title(title: str, size: float, room: float) -> list[str]:
    """A chart title (plotly's escaped HTML, maybe with <br>) as lines no wider than `room` px at
    `size` px, broken between words (a word wider than the room gets a line of its own)."""
    lines: list[str] = []
    for part in re.split(r"<br\s*/?>", title):
        line = ""
        for word in part.split(" "):
            trial = f"{line} {word}" if line else word
            if line and margins.text_width(html.unescape(re.sub(r"<[^>]+>", "", trial)), round(size)) > room:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def paper_figure(fig) -> dict:
    """The figure laid out CHART_WIDTH wide (then scaled to the text width by CSS), its title
    wrapped to that width: plotly draws a title on one line, and a long one ran off the paper's
    right edge. Each added line adds its height above the plot."""
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    layout["width"] = CHART_WIDTH
    title = layout.get("title") or {}
    if isinstance(title, dict) and title.get("text"):
        size = float((title.get("font") or {}).get("size") or 18)
        margin = layout.get("margin") or {}
        room = CHART_WIDTH - float(margin.get("l") or 0) - float(margin.get("r") or 0) - 8
        lines = wrapped_title(str(title["text"]), size, room)
        if len(lines) > 1:
            extra = round((len(lines) - 1) * size * TITLE_LINE)
            title["text"] = "<br>".join(lines)
            layout["margin"] = {**margin, "t": float(margin.get("t") or 80) + extra}
            layout["height"] = float(layout.get("height") or 450) + extra
    for number, trace in enumerate(spec.get("data", [])):
        trace["uid"] = f"t{number:05d}"  # else random, and written into the SVG's class names
    return spec


def _link(link: str) -> str:
    if re.fullmatch(r"https?://[^\s<>\"']+", link):
        return f'<a href="{html.escape(link, quote=True)}">{esc(link)}</a>'
    if link:
        return f"<code>{esc(link)}</code> (append it to the dashboard's address)"
    return "the dashboard's start page"


def cover(b: Brief) -> str:
    page = brief_mod.PAGE_TITLES.get(b.page, b.page)
    rows = [("Dataset version", esc(b.version)), ("Made", esc(b.made.isoformat())), ("Share link", _link(b.link)),
            ("Rebuild", f"<code>{esc(b.rebuild)}</code>")]  # fmt: skip
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<header><p class="kicker">Briefing · {esc(page)} page</p><h1>{esc(b.title)}</h1>'
            f'<p class="sentence">{esc(b.description)}</p><p>{esc(b.choices)}</p><dl class="meta">{meta}</dl>'
            "</header>")


def contents(b: Brief) -> str:
    items = [("figures", "Key figures")] + ([("charts", "Charts")] if b.charts else []) + [
        ("chronology", "Chronology"), ("sources", "Sources"), ("limits", "What the dataset does not cover")]
    return "<nav><ol>" + "".join(f'<li><a href="#{a}">{t}</a></li>' for a, t in items) + "</ol></nav>"


def figures_section(b: Brief) -> str:
    rows = "".join(f"<tr><th>{esc(f.label)}</th><td>{esc(f.value)}"
                   + (f'<span class="basis">{esc(f.basis)}</span>' if f.basis else "") + "</td></tr>"
                   for f in b.figures)  # fmt: skip
    return f'<section id="figures"><h2>Key figures</h2><table class="figures">{rows}</table></section>'


def chart_block(chart: Chart, svg: str | None, index: int) -> str:
    parts = [f"<h3>{esc(chart.title)}</h3>"]
    if chart.note:
        parts.append(f"<p>{esc(chart.note)}</p>")
    if svg:
        parts.append(canonical_svg(svg, f"c{index:05d}"))
    if chart.counts:
        shown = chart.counts[:40]
        rows = "".join(f'<tr><td>{esc(label)}</td><td class="n">{n:,}</td></tr>' for label, n in shown)
        more = chart.counts[40:]
        tail = (f"<p>{len(more):,} more lanes with {sum(n for _, n in more):,} events between them.</p>"
                if more else "")
        parts.append(f'<table class="counts"><tr><th>Lane</th><th>Events</th></tr>{rows}</table>{tail}')
    parts.append(f"<figcaption>{esc(chart.summary)}</figcaption>")
    return f'<figure class="chart" id="chart-{esc(chart.chart_id)}">' + "".join(parts) + "</figure>"


def charts_section(b: Brief, svgs: list[str | None], problem: str) -> str:
    if not b.charts:
        return ""
    warn = f'<p class="warning">{esc(problem)}</p>' if problem else ""
    blocks = "".join(chart_block(c, s, i) for i, (c, s) in enumerate(zip(b.charts, svgs)))
    return f'<section id="charts"><h2>Charts</h2>{warn}{blocks}</section>'


def note_item(note: Note) -> str:
    where = f", {esc(note.where)}" if note.where else ""
    view = f" Reporting the view of {esc(note.perspective)}." if note.perspective else ""
    return (f'<li id="n{note.number}" value="{note.number}">“<span class="quote">{esc(note.quote)}</span>” — '
            f"{esc(note.work)}{where} ({esc(note.machine)}).{view} "
            f'<a href="#r{note.number}" aria-label="back to the text">↩</a></li>')


def entry_block(entry: Entry, index: int) -> str:
    refs = ("<sup>" + ",".join(f'<a id="r{n.number}" href="#n{n.number}">{n.number}</a>' for n in entry.notes)
            + "</sup>") if entry.notes else ""  # '1,2,3', never '123' (nor a year: '2021' for notes 20 and 21)
    confidence = esc(entry.confidence) + (f" — {esc(entry.confidence_note)}" if entry.confidence_note else "")
    inferred = "".join(f'<p class="inferred">Declared inference: {esc(line)}</p>' for line in entry.inferred)
    notes = ('<ol class="notes">' + "".join(note_item(n) for n in entry.notes) + "</ol>") if entry.notes else (
        '<p class="dating">No source passage recorded.</p>')
    return (f'<article class="entry" id="e{index}"><p><span class="when">{esc(entry.date)}</span> '
            f'<span class="dating">({esc(entry.dating)})</span></p>'
            f"<h3>{esc(entry.title)}{refs}</h3>"
            f'<p class="summary">{esc(entry.summary)}</p>'
            f'<p class="facts"><span class="k">Actors:</span> {esc(entry.actors)} · <span class="k">Themes:</span> '
            f"{esc(entry.themes)}"
            + (f' · <span class="k">Kind:</span> {esc(entry.kind)}' if entry.kind else "") + "</p>"
            f'<p class="facts"><span class="k">Tone:</span> {esc(entry.tone)} — {esc(entry.tone_rationale)}</p>'
            f'<p class="facts"><span class="k">Confidence:</span> {confidence}</p>{inferred}{notes}</article>')


def chronology_section(b: Brief) -> str:
    listed = len(b.entries)
    lead = (f"All {brief_mod.plural(listed, 'event')} {b.listed_as} in date order, each with a numbered note per "
            "source passage: the exact quote, the work, where in it (paragraph or footnote, as the Sources "
            "page numbers them) and the character offsets in the seed file.")
    if b.left_out:
        lead = (f"The first {listed:,} of {b.n_events:,} events in date order; {b.left_out:,} more are left out. "
                f"{b.narrow} " + lead.split(" in date order, ", 1)[1].capitalize())
        lead = f'<p class="warning">{esc(lead)}</p>'
    else:
        lead = f"<p>{esc(lead)}</p>"
    body = "".join(entry_block(e, i) for i, e in enumerate(b.entries))
    return f'<section id="chronology"><h2>Chronology</h2>{lead}{body}</section>'


def sources_section(b: Brief) -> str:
    items = "".join(f"<li>{esc(s.citation)}" + (f'<span class="note">{esc(s.note)}</span>' if s.note else "")
                    + "</li>" for s in b.sources)  # fmt: skip
    more = (f"<p>{brief_mod.plural(b.other_sources, 'further source')} behind the events left out of the "
            "chronology are not listed.</p>") if b.other_sources else ""
    return f'<section id="sources"><h2>Sources</h2><ul class="sources">{items}</ul>{more}</section>'


def limits_section(b: Brief) -> str:
    items = "".join(f"<li>{esc(line)}</li>" for line in b.limits)
    return f'<section id="limits"><h2>What the dataset does not cover</h2><ul>{items}</ul></section>'


def render(b: Brief, *, paper: str = "a4", svg_of: Callable | None = None, problem: str = "") -> str:
    """The brief as one HTML page. `svg_of(figure) -> str` draws a chart; without it (or with a
    `problem` saying why not) charts are described but not drawn."""
    svgs = [svg_of(paper_figure(c.figure)) if svg_of and c.figure is not None else None for c in b.charts]
    if b.charts and svg_of is None and not problem:
        problem = "Charts not drawn in this copy."
    head = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(b.title)}</title>'
            f'<meta name="generator" content="python -m dashboard brief"><style>{CSS.replace("__PAPER__", paper.upper())}'
            "</style></head><body>")
    if not b.n_events:
        body = (cover(b) + f'<p class="empty">No events match this view: {esc(b.description)}. Widen the filters '
                "to get a brief with key figures, charts and a chronology.</p>")
    else:
        body = (cover(b) + contents(b) + figures_section(b) + charts_section(b, svgs, problem)
                + chronology_section(b) + sources_section(b) + limits_section(b))
    return head + body + "</body></html>"
