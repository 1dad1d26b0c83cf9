"""The briefing document of one view: what it holds, in order, computed from the data.

A `Brief` is plain data (no HTML, no PDF): the title made from the filters, the filter sentence,
the dataset version, the date it was made and the share link; key figures counted from the
events (every share with its count, and the sources it rests on); the page's charts with their
summaries; a chronology with one numbered footnote per passage; the sources cited, with what
the dataset does not cover. `brief_html` renders it; `pdf` prints that.

Decisions:
- No invented prose: every sentence is a template filled with counts and labels from the data.
  A superlative ("busiest pair") needs at least MIN_FOR_MOST events; below that the brief lists
  the counts.
- The chronology lists at most MAX_ENTRIES events, the first in date order, and says how many it
  left out and which filters would narrow the view.
- Footnotes are numbered from 1 in chronology order; each is the exact quote, the work as a
  reader cites it, where in it (paragraph or footnote) and the character offsets.
- Charts come from the same builders as the pages. One that would be unreadable on paper (more
  than MAX_PAPER_LANES lanes) is replaced by its counts, and the brief says so.
"""

from __future__ import annotations

import html
import itertools
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from . import analysis, citations, coverage, evidence, view_state
from .bundle import CLI_FLAGS
from .charts import compare as compare_charts
from .charts import themes as theme_charts
from .charts import timeline as timeline_charts
from .charts.common import TONE_LABEL
from .filters import Description, Filters, actor_group, apply, description
from .frames import is_in
from .load import Dataset
from .schema import PERSPECTIVES

MAX_ENTRIES = 500  # events in the chronology
MIN_FOR_MOST = 5  # events needed before a figure names the busiest pair or theme
MAX_PAPER_LANES = 60  # timeline lanes readable on paper (in parts of PAPER_HEIGHT)
PAPER_HEIGHT = 1090  # layout px of a chart one printed page holds at the text's width (A4 and letter)
NAMED_SOURCES = 3  # sources named after a figure; the rest are counted
PAGES = ("timeline", "compare", "themes", "data", "sources", "about")
PAGE_TITLES = {"timeline": "Timeline", "compare": "Compare actors", "themes": "Themes", "data": "Data",
               "sources": "Sources", "about": "About"}  # fmt: skip
PAGE_PATHS = {"timeline": "", "compare": "compare", "themes": "themes", "data": "data", "sources": "sources",
              "about": "about"}  # Streamlit's URL of each page  # fmt: skip
APP_PAGES = {"compare", "themes", "sources", "data", "about"}  # url paths of the app's other pages
VIEW_PAGES = ("data", "sources", "about")  # pages briefed as the filtered view (the Timeline's charts)
NARROWERS = (("date_from", "a date range (--from/--to)"), ("actors", "actors (--actor)"),
             ("themes", "a theme (--theme)"), ("sources", "a source (--source)"), ("tones", "a tone (--tone)"),
             ("q", "a text search (--q)"))  # fmt: skip


@dataclass(frozen=True)
class View:
    """What the page shows besides the filters: Timeline's lanes, Compare's focal actor, partners
    and tone-over-time bins, the theme and pair chosen on Themes, the document open on Sources
    (None: the page's default)."""

    page: str = "timeline"
    lanes: str = "actors"
    focal: str | None = None
    partners: tuple[str, ...] = ()
    theme: str | None = None
    pair: str | None = None  # Themes: 'FOCAL-PARTNER' (view_state's pair): only the theme's events of that pair
    bins: str = "periods"  # Compare: tone over time by named periods or 10- or 5-year bins
    doc: str | None = None  # Sources: the document open in the reader


def from_view_state(page: str, state: view_state.View, bins: str = "periods") -> View:
    """The brief's View of a page whose choices are a `view_state.View` (the URL's, or the command
    line's read the same way)."""
    return View(page, lanes=state.lanes, focal=state.focal, partners=tuple(state.partners), theme=state.topic,
                pair=state.pair, bins=bins, doc=state.doc)


@dataclass(frozen=True)
class KeyFigure:
    label: str  # 'Events'
    value: str  # '128 events'
    basis: str = ""  # 'Sources behind this: …'


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    summary: str
    figure: go.Figure | None  # None when replaced by its counts
    note: str = ""  # why the chart is not drawn, or how to read it
    counts: tuple[tuple[str, int], ...] = ()  # (label, events): the counts view


@dataclass(frozen=True)
class Note:
    number: int
    quote: str
    work: str  # the source as a reader cites it (citations.source_work)
    where: str  # 'paragraph 5', 'footnote 27' ('' when the seed text is not loaded)
    machine: str  # 'characters 863–1062 of 001_….txt'
    perspective: str  # whose view the passage reports ('' for the author's own)


@dataclass(frozen=True)
class Entry:
    event_id: str
    date: str  # as the data gives it: '7 April 2025', 'c. 2014', '1999 – open'
    dating: str  # 'day precision; date of the event' / '…; date of a report that mentions it'
    title: str
    summary: str
    actors: str
    themes: str
    tone: str  # '▲ cooperation'
    tone_rationale: str
    confidence: str
    confidence_note: str
    inferred: tuple[str, ...]  # declared inferences, as 'actors: RUS — reason'
    notes: tuple[Note, ...]
    kind: str = ""  # the event's kind ('statement', 'visit', …), as the Data page lists it


@dataclass(frozen=True)
class SourceEntry:
    source_id: str
    citation: str
    note: str


@dataclass(frozen=True)
class Brief:
    title: str
    page: str
    description: str  # the filter sentence
    choices: str  # what the page chose besides the filters ('' on Timeline)
    version: str
    made: date
    link: str
    rebuild: str  # the command line that writes the same brief
    n_events: int
    figures: tuple[KeyFigure, ...]
    charts: tuple[Chart, ...]
    entries: tuple[Entry, ...]
    left_out: int
    narrow: str  # which filters would narrow the view ('' when nothing is left out)
    sources: tuple[SourceEntry, ...]
    limits: tuple[str, ...]
    other_sources: int = 0  # sources behind events left out of the chronology only
    listed_as: str = "of the view"  # which events the chronology lists: 'in these pairs' on Compare, …
    warnings: tuple[str, ...] = field(default=())

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(note for entry in self.entries for note in entry.notes)


# -- Words ------------------------------------------------------------------------------------


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def pair_label(pair: str, dataset: Dataset) -> str:
    """'Panama – Russia' of 'PAN-RUS' (a lane's name on the Themes chart)."""
    focal, partner = pair.split("-", 1)
    return analysis.lane_names(dataset, [(focal, partner)])[0]


def title_of(said: Description, dataset: Dataset, view: View) -> str:
    """'Russia and Panama · Sanctions and compliance · 2014–2026': what the filters chose and their
    span (the parts of the filter sentence, without its count and its date caveat, which stay in the
    sentence under the title; the span is that of the events briefed). The page's own choice leads: on Compare the comparison ('Panama with
    Russia and China · 2014–2026'), on Themes the theme and pair ('Sanctions and compliance · Panama
    – Russia · 2014–2026', the sidebar's same single theme not said twice)."""
    lead: list[str] = []
    chosen = list(said.chosen)
    if view.page == "compare" and view.focal:
        names = analysis.actor_names(dataset)
        partners = [names.get(p, p) for p in view.partners]
        listed = ", ".join(partners[:-1]) + " and " + partners[-1] if len(partners) > 1 else "".join(partners)
        lead.append(f"{names.get(view.focal, view.focal)} with {listed}")
    elif view.page == "themes" and view.theme:
        labels = dict(zip(dataset.themes["id"], dataset.themes["label"]))
        lead.append(labels.get(view.theme, view.theme))
        chosen = [(field, words) for field, words in chosen if not (field == "themes" and words == lead[0])]
        if view.pair:
            lead.append(pair_label(view.pair, dataset))
    parts = [*lead, *(words for _, words in chosen), said.span]
    if len(parts) == 1:  # only the span: say what the whole is
        parts.insert(0, "All events")
    return " · ".join(parts)


def _page_params(view: View) -> dict[str, list[str]]:
    """The page's own choices as the URL holds them (core.view_state)."""
    if view.page == "compare":
        preset = next((key for key, p in analysis.PRESETS.items()
                       if (p.focal, tuple(p.partners)) == (view.focal, tuple(view.partners))), None)  # fmt: skip
        state = (view_state.View(preset=preset) if preset else
                 view_state.View(preset=view_state.CUSTOM, focal=view.focal, partners=tuple(view.partners)))
    elif view.page == "themes":
        state = view_state.View(topic=view.theme, pair=view.pair)
    elif view.page == "sources":
        state = view_state.View(doc=view.doc)
    else:
        state = view_state.View(lanes=view.lanes)
    return view_state.to_query_params(state, PAGE_PATHS.get(view.page, ""))


def share_link(filters: Filters, view: View, app_url: str = "") -> str:
    """The address that reopens the same view (filters and the page's own choices): absolute when
    the app's address is known, else the page path and query to append to it."""
    params = {**filters.to_query_params(), **_page_params(view)}
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    base = app_url.split("?")[0].rstrip("/")
    path = PAGE_PATHS.get(view.page, "")
    if base and base.rsplit("/", 1)[-1] in APP_PAGES:
        base = base.rsplit("/", 1)[0]  # the app's address was a page's: keep its root
    where = f"{base}/{path}" if base else f"/{path}"
    return where + (f"?{query}" if query else "")


def rebuild_command(filters: Filters, view: View, output: str = "brief.pdf") -> str:
    """`python -m dashboard brief --page compare --focal PAN --partner RUS … -o brief.pdf`."""
    words = ["python", "-m", "dashboard", "brief", "--page", view.page]
    for name, values in filters.to_query_params().items():
        if name == "pred":
            words.append("--no-predecessors")
        elif name in CLI_FLAGS:
            words += [item for value in values for item in (CLI_FLAGS[name], value)]
    if view.page == "compare":
        words += ["--focal", view.focal or "", *(w for p in view.partners for w in ("--partner", p))]
        words += ["--bins", view.bins] if view.bins != "periods" else []
    elif view.page == "themes" and view.theme:
        words += ["--topic", view.theme, *(["--pair", view.pair] if view.pair else [])]
    elif view.page == "sources" and view.doc:
        words += ["--doc", view.doc]
    elif view.page == "timeline" and view.lanes != "actors":
        words += ["--lanes", view.lanes]
    return shlex.join([*words, "-o", output])


# -- Key figures ------------------------------------------------------------------------------


def _source_basis(event_ids: pd.Index, dataset: Dataset) -> str:
    """'Sources behind this: A (9 events); B (3 events).' (evidence's wording, as on the pages)."""
    return evidence.sources_behind(evidence.events_of(event_ids, dataset.events), dataset.sources, NAMED_SOURCES)


def _pair_counts(events: pd.DataFrame, dataset: Dataset, chosen: frozenset[str] = frozenset()) -> pd.DataFrame:
    """(pair, event id) for every pair of an event's actors, leaving out pairs of the `chosen`
    actors (every event of a Russia-and-Panama view is a Russia–Panama event: no finding)."""
    long = dataset.event_actors.loc[is_in(dataset.event_actors["event_id"], events["id"]), ["event_id", "actor_id"]]
    both = long.merge(long, on="event_id")
    both = both[(both["actor_id_x"] < both["actor_id_y"])
                & ~(both["actor_id_x"].isin(chosen) & both["actor_id_y"].isin(chosen))]  # fmt: skip
    names = analysis.actor_names(dataset)
    both = both.assign(pair=both["actor_id_x"].map(names).fillna(both["actor_id_x"]) + "–"
                       + both["actor_id_y"].map(names).fillna(both["actor_id_y"]))  # fmt: skip
    return both[["pair", "event_id"]].drop_duplicates()


def _busiest(groups: pd.DataFrame, column: str, total: int, what: str, dataset: Dataset) -> KeyFigure:
    """'Busiest pair: Panama–Russia (20 events), 17% of 115 events'; the plain counts instead when
    no group has evidence.MIN_EVENTS events (no superlative from a handful)."""
    counts = groups.groupby(column, sort=False).size().sort_values(ascending=False, kind="stable")
    if counts.empty:
        return KeyFigure(f"Events by {what}", f"no {what} recorded")
    found = evidence.top(counts)
    if found is None:
        listed = ", ".join(f"{label} {int(n):,}" for label, n in counts.head(6).items())
        more = f" and {len(counts) - 6:,} more" if len(counts) > 6 else ""
        return KeyFigure(f"Events by {what}", f"{listed}{more}, of {plural(total, 'event')} (none has "
                         f"{evidence.MIN_EVENTS} or more, so none is called the busiest)")
    labels, n = found
    ids = pd.Index(groups.loc[groups[column].isin(labels), "event_id"].unique())
    value = f"{evidence.top_text(counts)}, {evidence.share(n, total)}"
    return KeyFigure(f"Busiest {what}", value, _source_basis(ids, dataset))


def _tone_balance(events: pd.DataFrame) -> KeyFigure:
    """'▲ cooperation 83 (72%) · ● neutral 20 (17%) · ▼ tension 12 (10%) of 115 events' (counts
    only below evidence.MIN_EVENTS events)."""
    counts, total = events["tone"].value_counts(), len(events)
    parts = []
    for tone, label in TONE_LABEL.items():
        n = int(counts.get(tone, 0))
        parts.append(f"{label} {n:,}" + (f" ({n / total:.0%})" if evidence.enough(total) else ""))
    return KeyFigure("Tone balance", " · ".join(parts) + f" of {plural(total, 'event')}")


def _sources_used(events: pd.DataFrame, dataset: Dataset) -> KeyFigure:
    """'5 sources; 80 of 115 from one source: Title' (evidence's dominance, when one has over half)."""
    n_sources = len(evidence.source_counts(events, dataset.sources))
    if not n_sources:
        return KeyFigure("Sources used", "none")
    value = evidence.with_dominance(plural(n_sources, "source"), events, dataset.sources)
    return KeyFigure("Sources used", value, "An event that cites two sources counts for both.")


def _inferences(events: pd.DataFrame) -> KeyFigure:
    if "inferred" not in events.columns:
        return KeyFigure("Declared inferences", "not recorded in this dataset version")
    declared = events["inferred"].map(lambda v: len(v) if isinstance(v, list | tuple) else 0)
    n_events = int((declared > 0).sum())
    if not n_events:
        return KeyFigure("Declared inferences", f"none declared in these {plural(len(events), 'event')}")
    return KeyFigure("Declared inferences", f"{plural(int(declared.sum()), 'inference')} in {n_events:,} of the "
                     f"events ({evidence.share(n_events, len(events))}): claims the curators inferred rather "
                     "than quoted, each with its reason in the chronology")


def _years(events: pd.DataFrame) -> KeyFigure:
    first, last = int(events["start"].min().year), int(events["end"].max().year)
    with_events = events["year"].nunique()
    span = str(first) if first == last else f"{first}–{last}"
    return KeyFigure("Years covered", f"{span}; {plural(int(with_events), 'year')} with at least one event "
                     "(by the start of each date)")


def theme_figure(view: View, dataset: Dataset, in_view: pd.DataFrame, listed: pd.DataFrame) -> KeyFigure:
    """The Themes page's choice within the view: 'Sanctions and compliance: 20 events, 17% of 115
    events in the view; the busiest theme in the view is Diplomacy and visits (53 events)'."""
    labels = dict(zip(dataset.themes["id"], dataset.themes["label"]))
    label = labels.get(view.theme, view.theme)
    tagged = analysis.events_with_theme(in_view, dataset.event_themes, view.theme)
    value = f"{label}: {plural(len(tagged), 'event')}, {evidence.share(len(tagged), len(in_view))} in the view"
    themed = dataset.event_themes.loc[is_in(dataset.event_themes["event_id"], in_view["id"])]
    counts = themed["theme_id"].map(labels).value_counts(sort=False).reindex(list(labels.values())).dropna()
    found = evidence.top(counts.sort_values(ascending=False, kind="stable").astype(int))
    if found is not None:
        value += ("; the busiest theme in the view" if found[0] == [label] else
                  f"; the busiest theme in the view is {evidence.top_text(counts.sort_values(ascending=False, kind='stable').astype(int))}")  # fmt: skip
    if view.pair:
        value += (f"; the chronology lists the {plural(len(listed), 'event')} of it in the "
                  f"{pair_label(view.pair, dataset)} lane")
    return KeyFigure("Theme shown", value, _source_basis(pd.Index(tagged["id"]), dataset))


def document_figure(view: View, dataset: Dataset, events: pd.DataFrame) -> KeyFigure:
    """The Sources page's document within the view: '“Title” is cited by 12 events of the view (32% of
    37 events), in 20 passages'."""
    titles = dict(zip(dataset.sources["id"], dataset.sources["title"]))
    mine = dataset.passages[(dataset.passages["source_id"] == view.doc) & is_in(dataset.passages["event_id"],
                                                                                events["id"])]  # fmt: skip
    n = int(mine["event_id"].nunique())
    return KeyFigure("Document open", f"“{titles.get(view.doc, view.doc)}” is cited by {plural(n, 'event')} of the "
                     f"view ({evidence.share(n, len(events))}), in {plural(len(mine), 'passage')}")


def key_figures(events: pd.DataFrame, dataset: Dataset, view: View, pairs: pd.DataFrame | None = None,
                chosen: frozenset[str] = frozenset(), context: KeyFigure | None = None) -> tuple:
    """Events, years, the page's choice (`context`: the theme on Themes, the document on Sources),
    busiest pair, tone balance, sources, inferences. `pairs`: Compare's own pair rows; `chosen`:
    actors every event has (left out of the pairs)."""
    if events.empty:
        return (KeyFigure("Events", "0 events"), *((context,) if context else ()))
    total = len(events)
    groups = pairs if pairs is not None else _pair_counts(events, dataset, chosen)
    busiest = _busiest(groups, "pair", total, "pair" if pairs is not None or not chosen else
                       "other pair", dataset)  # fmt: skip
    return (KeyFigure("Events", plural(total, "event"), _source_basis(pd.Index(events["id"]), dataset)),
            _years(events), *((context,) if context else ()), busiest, _tone_balance(events),
            _sources_used(events, dataset), _inferences(events))  # fmt: skip


# -- Charts -----------------------------------------------------------------------------------


def _lane_counts(table: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    if "lane" not in table:
        return ()
    column = "events" if "events" in table else None
    counts = table.groupby("lane", sort=False)[column].sum() if column else table.groupby("lane", sort=False).size()
    return tuple((str(k), int(v)) for k, v in counts.sort_values(ascending=False, kind="stable").items())


def lane_slices(fig: go.Figure, most: float) -> list[tuple[int, int, float, float]]:
    """The lanes of a lane chart (its y axis: lane centres as tickvals, range [bottom, top]
    reversed; lane bands as charts.dodge lays them out) cut into runs that span at most `most` y units each (a lane taller than that is a run
    of its own): (first lane, last lane, bottom, top) per run, top to bottom. One run when the
    whole fits, or when the chart has no lanes to cut by."""
    axis = fig.layout.yaxis
    centres, span = list(axis.tickvals or ()), axis.range
    if len(centres) < 2 or span is None or span[0] - span[1] <= most:
        return [(0, max(len(centres) - 1, 0), *(span or (0.0, 0.0)))]
    edges = [-0.5]  # lane i spans edges[i]..edges[i+1]: bands from -0.5 down, centred (charts.dodge.lane_bands)
    for centre in centres:
        edges.append(2 * centre - edges[-1])
    if any(b <= a for a, b in itertools.pairwise(edges)) or abs(edges[-1] - span[0]) > 0.01:
        edges = [-0.5, *((a + b) / 2 for a, b in itertools.pairwise(centres)), span[0]]  # not bands: halfway
    edges[0], edges[-1] = span[1], span[0]  # the first lane's run holds the period labels above it
    runs, first = [], 0
    for lane in range(len(centres)):
        if lane > first and edges[lane + 1] - edges[first] > most:
            runs.append((first, lane - 1, edges[lane], edges[first]))
            first = lane
    runs.append((first, len(centres) - 1, span[0], edges[first]))
    return runs


def paper_parts(fig: go.Figure, title: str, summary: str, chart_id: str) -> list[Chart]:
    """A lane chart taller than a printed page can hold at the text's width drawn as several
    charts, each a run of its lanes on the same axes, colours and legend, each no taller than
    PAPER_HEIGHT: shrunk to fit one page instead, 40 lanes printed at a third of their size
    (3-point labels). The period labels above the first lane are kept in the first part only."""
    height = float(fig.layout.height or 0)
    span = fig.layout.yaxis.range
    if height <= PAPER_HEIGHT or span is None:
        return [Chart(chart_id, title, summary, fig)]
    per_unit = timeline_charts.LANE_PX
    frame = height - per_unit * (span[0] - span[1])  # margins, legend, axis, caption
    runs = lane_slices(fig, max((PAPER_HEIGHT - frame) / per_unit, 1.0))
    if len(runs) == 1:
        return [Chart(chart_id, title, summary, fig)]
    n_lanes, parts = len(fig.layout.yaxis.tickvals), []
    for number, (first, last, bottom, top) in enumerate(runs):
        part = go.Figure(fig)
        lanes = f"lanes {first + 1}–{last + 1} of {n_lanes}"
        part.update_layout(height=round(frame + per_unit * (bottom - top)), yaxis_range=[bottom, top],
                           title_text=f"{fig.layout.title.text} ({lanes})")  # fmt: skip
        if number:  # the period labels sit above the first lane
            part.layout.annotations = [a for a in part.layout.annotations if not (a.yref == "y" and a.y < top)]
        last_part = number == len(runs) - 1
        parts.append(Chart(chart_id if not number else f"{chart_id}-{number + 1}", f"{title} ({lanes})",
                           summary if last_part else "", part,
                           "" if number else f"Drawn in {len(runs)} parts of its {n_lanes} lanes, to stay readable "
                           "on paper."))  # fmt: skip
    return parts


def timeline_charts_of(dataset: Dataset, filters: Filters, events: pd.DataFrame, view: View) -> list[Chart]:
    page = timeline_charts.page_view(dataset, filters, view.lanes, None, events=events)
    lanes = _lane_counts(page.timeline_table)
    title = "Events on a time axis, by " + ("actor pair" if view.lanes == "actors" else "primary theme")
    if len(lanes) > MAX_PAPER_LANES:
        timeline = [Chart("timeline", title, page.timeline_summary, None,
                          f"The timeline has {len(lanes):,} lanes, too many to read on paper: here are its "
                          "counts, busiest lane first (the per-year chart below shows the same events).", lanes)]
    else:
        timeline = paper_parts(page.timeline, title, page.timeline_summary, "timeline")
        if page.aggregated:
            timeline[0] = replace(timeline[0], note=" ".join(filter(None, (
                "Counts per lane and year: too many events to draw one by one. Darker is more, on a log scale "
                "(1, 10, 100 events: equal steps of colour, as the colour bar shows).", timeline[0].note))))
    return [*timeline, Chart("per-year", "Events per year", page.per_year_summary, page.per_year)]


def _title_of(fig, fallback: str) -> str:
    """A figure's title as plain text: the chart builders escape data text for Plotly's HTML
    labels, and the brief escapes it once more when it writes the heading."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fig.layout.title.text or "")).strip() or fallback


def compare_charts_of(dataset: Dataset, filters: Filters, view: View) -> tuple[list[Chart], object]:
    comp = compare_charts.comparison(dataset, filters, view.focal, view.partners)
    charts = []
    for chart_id, built in (("compare-heatmap", compare_charts.heatmap_view(comp, dataset)),
                            ("compare-activity", compare_charts.activity_view(comp)),
                            ("compare-tone", compare_charts.tone_view(comp)),
                            ("compare-tone-time", compare_charts.tone_time_view(comp, dataset, view.bins))):  # fmt: skip
        fig, _, summary = built
        charts.append(Chart(chart_id, _title_of(fig, chart_id), summary, fig))
    return charts, comp


def themes_listed(dataset: Dataset, filters: Filters, events: pd.DataFrame, view: View) -> pd.DataFrame:
    """The events the Themes page lists for its choice: the theme's, and of those only the chosen
    pair's lane when a pair is chosen."""
    tagged = analysis.events_with_theme(events, dataset.event_themes, view.theme)
    return analysis.in_pair_lane(dataset, tagged, view.pair, filters.predecessors) if view.pair else tagged


def themes_charts_of(dataset: Dataset, filters: Filters, events: pd.DataFrame, view: View) -> list[Chart]:
    fig, _, summary = theme_charts.overview_view(dataset, filters, events)
    charts = [Chart("themes-overview", "Events per theme, by tone", summary, fig)]
    fig, _, summary = theme_charts.theme_activity_view(dataset, filters, view.theme, events)
    charts.append(Chart("theme-activity", _title_of(fig, "theme-activity"), summary, fig))
    return charts


# -- Chronology -------------------------------------------------------------------------------


def _dating(row) -> str:
    basis = "date of the event" if row.date_basis == "event" else "reported: the date of a report that mentions it"
    return f"{row.precision} precision; {basis}"


def _inferred_lines(value) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    lines = []
    for item in value:
        if isinstance(item, Mapping):
            what = f"{citations.text(item.get('field'))}: {citations.text(item.get('value'))}".strip(": ")
            reason = citations.text(item.get("reason"))
            lines.append(what + (f" — {reason}" if reason else ""))
        else:
            lines.append(citations.text(item))
    return tuple(lines)


def chronology(events: pd.DataFrame, dataset: Dataset, first_note: int = 1) -> tuple[Entry, ...]:
    """One entry per event (in the order given), its passages as numbered notes."""
    actor_names = analysis.actor_names(dataset)
    theme_labels = dict(zip(dataset.themes["id"], dataset.themes["label"]))
    sources = citations.sources_by_id(dataset)
    works = {sid: citations.source_work(s) for sid, s in sources.items()}
    files = {sid: citations.text(s.get("file")) for sid, s in sources.items()}
    locate = citations.locator_for(dataset)
    passages = dataset.passages[is_in(dataset.passages["event_id"], events["id"])].sort_values(
        ["event_id", "passage_no"], kind="stable")
    by_event: dict[str, list] = {}
    for p in passages.itertuples(index=False):
        by_event.setdefault(p.event_id, []).append(p)
    entries, number = [], first_note
    has_inferred = "inferred" in events.columns
    for row in events.itertuples(index=False):
        notes = []
        for p in by_event.get(row.id, ()):
            where = locate(p.source_id, p.start)
            view = "" if p.perspective in (None, "author") else PERSPECTIVES.get(p.perspective, p.perspective)
            notes.append(Note(number, citations.text(p.quote), works.get(p.source_id, p.source_id),
                              str(where) if where else "",
                              citations.machine_locator(int(p.start), int(p.end), files.get(p.source_id, p.source_id)),
                              view))  # fmt: skip
            number += 1
        note = row.note if isinstance(row.note, str) else ""
        entries.append(Entry(
            row.id, row.date_label, _dating(row), row.title, row.summary,
            ", ".join(actor_names.get(a, a) for a in row.actors), ", ".join(theme_labels.get(t, t) for t in row.themes),
            TONE_LABEL.get(row.tone, row.tone), row.tone_rationale, row.confidence, note,
            _inferred_lines(getattr(row, "inferred", None)) if has_inferred else (), tuple(notes),
            citations.text(getattr(row, "kind", "")),
        ))  # fmt: skip
    return tuple(entries)


def narrowing(filters: Filters) -> str:
    """'Narrow it with a date range (--from/--to), a theme (--theme) or a text search (--q).'"""
    unset = [label for attr, label in NARROWERS if not getattr(filters, attr)]
    if filters.date_from and filters.date_to:
        unset.insert(0, "a shorter date range (--from/--to)")
    if not unset:
        return "Narrow it with a shorter date range or a more specific text search."
    listed = ", ".join(unset[:-1]) + " or " + unset[-1] if len(unset) > 1 else unset[0]
    return f"Narrow it with {listed}, in the sidebar or on the command line."


# -- Sources and limits ----------------------------------------------------------------------


def source_entries(dataset: Dataset, source_ids: list[str]) -> tuple[SourceEntry, ...]:
    sources = citations.sources_by_id(dataset)
    return tuple(SourceEntry(sid, citations.source_plain(sources[sid]), citations.text(sources[sid].get("note")))
                 for sid in source_ids if sid in sources)  # fmt: skip


def limits(dataset: Dataset) -> tuple[str, ...]:
    """What the dataset does not cover (the About page's limits), as plain sentences."""
    lines = [
        f"No events means no evidence in these sources, not no relations: the dataset holds what "
        f"{plural(len(dataset.sources), 'document')} say; a year, a pair of actors or a theme without events is "
        "a gap in the sources.",
        "Counts measure coverage, not intensity: one source with many footnotes adds many events.",
    ]
    grounds = coverage.source_grounds(dataset)
    for row in dataset.sources.itertuples(index=False):
        n, r, u = (int(grounds.at[row.id, column]) for column in ("events", "reported", "undated"))
        if row.kind == "essay":
            lines.append(f"“{row.title}” is mostly undated narrative: it grounds {plural(n, 'event')} and "
                         f"{plural(u, 'undated passage')} cited under themes instead of as events.")
        elif row.kind == "journal article":
            lines.append(f"“{row.title}” is in the seed as its abstract and footnotes only: {r:,} of its "
                         f"{plural(n, 'event')} are dated only by the publication of a report it cites "
                         "(date basis reported).")
    undated_titles = [row.title for row in dataset.sources.itertuples(index=False) if not citations.text(row.published)]
    if undated_titles:
        lines.append("Undated sources: " + "; ".join(f"“{t}”" for t in undated_titles) + " state no publication date.")
    lines.append("Open-ended ranges (“from 1999 on”) run to today on the charts; the marker sits at the start, "
                 "where the evidence begins.")
    return tuple(lines)


# -- The whole --------------------------------------------------------------------------------


def resolved(view: View, dataset: Dataset, events: pd.DataFrame, predecessors: bool) -> View:
    """The view with the page's defaults filled in (Compare's first preset, Themes' busiest theme)
    and choices the data does not know dropped."""
    if view.page not in PAGES:
        raise ValueError(f"unknown page {view.page!r}; use one of {', '.join(PAGES)}")
    if view.page == "compare":
        preset = next(iter(analysis.PRESETS.values()))
        focal = view.focal if view.focal in set(dataset.actors["id"]) else preset.focal
        partners = analysis.valid_partners(dataset, focal, view.partners or preset.partners, predecessors)
        bins = view.bins if view.bins in analysis.BIN_CHOICES else "periods"
        return View("compare", focal=focal, partners=tuple(partners), bins=bins)
    if view.page == "themes":
        theme = view.theme if view.theme in set(dataset.themes["id"]) else None
        pair = view.pair if view.pair in {f"{f}-{p}" for f, p in analysis.preset_pairs()} else None
        return View("themes", theme=theme or analysis.busiest_theme(events, dataset.event_themes, dataset.themes),
                    pair=pair)  # fmt: skip
    lanes = view.lanes if view.lanes in ("actors", "theme") else "actors"
    if view.page == "sources":
        ids = list(dataset.sources["id"])
        return View("sources", lanes=lanes, doc=view.doc if view.doc in ids else (ids[0] if ids else None))
    return View(view.page, lanes=lanes)


def _always_there(filters: Filters, dataset: Dataset) -> frozenset[str]:
    """The chosen actors (and the predecessors standing in for them) when every event must involve
    them all (match=all), else none."""
    if filters.match != "all" or len(filters.actors) < 2:
        return frozenset()
    return frozenset().union(*(actor_group(a, dataset, filters.predecessors) for a in filters.actors))


def _choices(view: View, dataset: Dataset) -> str:
    if view.page == "compare":
        names = analysis.actor_names(dataset)
        return (f"Focal actor {names.get(view.focal, view.focal)}; partners "
                + ", ".join(names.get(p, p) for p in view.partners) + ". The sidebar's actor filter is not used "
                "on this page; every other filter applies.")  # fmt: skip
    if view.page == "themes":
        labels = dict(zip(dataset.themes["id"], dataset.themes["label"]))
        listed = (f"Pair: {pair_label(view.pair, dataset)}; the chronology lists only the theme's events in this "
                  "lane of the chart." if view.pair else "The chronology lists the theme's events, of any pair.")
        return f"Theme shown over time: {labels.get(view.theme, view.theme)}. {listed}"
    lanes = "Lanes: " + ("actor pairs." if view.lanes == "actors" else "primary themes.")
    if view.page == "data":
        return f"The Data page's table: every event of the view, one row each, as the chronology lists them. {lanes}"
    if view.page == "sources":
        titles = dict(zip(dataset.sources["id"], dataset.sources["title"]))
        return (f"Document open in the source reader: “{titles.get(view.doc, view.doc)}”. The reader shows the "
                f"whole document; the sidebar's filters choose the events briefed here. {lanes}")
    if view.page == "about":
        return ("The About page's counts cover the whole dataset; this brief covers the sidebar's filters (the "
                f"whole dataset when none is set). {lanes}")
    return lanes


def build(dataset: Dataset, filters: Filters, view: View | None = None, *, made: date, app_url: str = "",
          with_charts: bool = True, progress: Callable[[str], None] | None = None) -> Brief:
    """The brief of this view (`with_charts=False` leaves the charts out: the unit tests' speed)."""
    step = progress or (lambda _: None)
    in_view = apply(filters, dataset)
    view = resolved(view or View(), dataset, in_view, filters.predecessors)
    pairs, charts, context, chosen = None, [], None, _always_there(filters, dataset)
    if view.page == "compare":
        if with_charts:
            charts, comp = compare_charts_of(dataset, filters, view)
        else:
            comp = compare_charts.comparison(dataset, filters, view.focal, view.partners)
        scoped, in_view = comp.filters, comp.events
        events = comp.events[is_in(comp.events["id"], comp.pairs["event_id"])]
        pairs, chosen = comp.pairs[["pair", "event_id"]].astype({"pair": str}), frozenset()
    else:
        scoped, events = filters, in_view
        if view.page == "themes":
            events = themes_listed(dataset, filters, in_view, view)
            context = theme_figure(view, dataset, in_view, events)
            if view.pair:
                chosen = chosen.union(*(actor_group(a, dataset, filters.predecessors) for a in view.pair.split("-", 1)))
        elif view.page == "sources" and view.doc:
            context = document_figure(view, dataset, events)
        if with_charts and not events.empty:
            charts = (themes_charts_of(dataset, filters, in_view, view) if view.page == "themes"
                      else timeline_charts_of(dataset, filters, events, view))  # fmt: skip
    step("charts")
    listed = events.head(MAX_ENTRIES)
    entries = chronology(listed, dataset)
    step("chronology")
    cited = citations.cited_source_ids(dataset, listed)
    every = citations.cited_source_ids(dataset, events) if len(events) > len(listed) else cited
    said = description(scoped, dataset, in_view)
    sentence = str(said)
    if view.page == "compare":
        sentence += f" — {len(events):,} of them in these pairs"
    elif view.page == "themes":
        labels = dict(zip(dataset.themes["id"], dataset.themes["label"]))
        sentence += (f" — {len(events):,} of them on {labels.get(view.theme, view.theme)}"
                     + (f" in the {pair_label(view.pair, dataset)} lane" if view.pair else ""))
    return Brief(
        title=title_of(replace(said, span=description(scoped, dataset, events).span) if len(events) else said,
                       dataset, view),  # the span of the events briefed (Compare's pairs, the theme's)
        page=view.page, description=sentence,
        choices=_choices(view, dataset), version=dataset.version, made=made,
        link=share_link(scoped, view, app_url), rebuild=rebuild_command(scoped, view), n_events=len(events),
        figures=key_figures(events, dataset, view, pairs, chosen, context),
        charts=tuple(charts) if not events.empty else (),
        entries=entries, left_out=len(events) - len(listed),
        narrow=narrowing(scoped) if len(events) > len(listed) else "",
        sources=source_entries(dataset, cited), limits=limits(dataset), other_sources=len(every) - len(cited),
        listed_as={"compare": "in these pairs", "themes": "the page lists for its theme"
                   + (" and pair" if view.pair else "")}.get(view.page, "of the view"),
    )  # fmt: skip
