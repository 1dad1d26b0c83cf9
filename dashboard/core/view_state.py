"""What a page shows besides the sidebar filters, as query parameters: the Timeline's lane mode,
the Compare page's preset, focal actor and partners, the Themes page's theme and pair, the Sources
page's document, search and "only cited" / "not yet cited" toggles, and the selected event on every page.

Read like the filters (`filters.Filters.from_query_params`): untrusted, so an unknown value is
dropped with a notice (never an exception), a repeated single value uses the first, and lists
are capped. Only what differs from a page's defaults is written, so links stay short; each page
writes only its own parameters (`PAGE_PARAMS`), plus the selected event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .filters import MAX_TEXT, MAX_VALUES

LANE_MODES = ("actors", "theme")
MAX_PARTNERS = 8  # the Compare page's own limit
CUSTOM = "custom"  # the Compare page's "your own choice"
PAGE_PARAMS = {  # page url path -> the parameters it writes ("" is the Timeline, the default page)
    "": ("lanes",), "compare": ("preset", "focal", "partner"), "themes": ("topic", "pair"),
    "sources": ("doc", "find", "cited", "uncited"),
}  # fmt: skip
VIEW_PARAMS = frozenset({"event", *(name for names in PAGE_PARAMS.values() for name in names)})


@dataclass(frozen=True)
class View:
    lanes: str = "actors"
    preset: str | None = None  # a preset id, CUSTOM, or None (the page's default)
    focal: str | None = None
    partners: tuple[str, ...] = ()
    topic: str | None = None  # the Themes page's chosen theme id
    pair: str | None = None  # the Themes page's pair, "FOCAL-PARTNER" of analysis.preset_pairs
    doc: str | None = None  # the Sources page's document (a source id)
    find: str = ""  # the Sources page's search in the document
    only_cited: bool = False
    only_uncited: bool = False  # the Sources page's "not yet cited" view (excludes only_cited)
    event: str | None = None

    def with_(self, **changes) -> View:
        return replace(self, **changes)


@dataclass(frozen=True)
class Choices:
    """What the data allows, for checking a link: ids and, for presets, their (focal, partners)."""

    actors: frozenset[str]
    themes: frozenset[str]
    sources: frozenset[str]
    events: frozenset[str]
    presets: Mapping[str, tuple[str, tuple[str, ...]]]
    pairs: frozenset[str]


def choices_of(dataset) -> Choices:
    """What a link's view parameters may name in this dataset (a `load.Dataset`)."""
    from . import analysis  # analysis imports filters, as this module does; kept out of its import time

    return Choices(
        actors=frozenset(dataset.actors["id"]), themes=frozenset(dataset.themes["id"]),
        sources=frozenset(dataset.sources["id"]), events=frozenset(dataset.events["id"]),
        presets={key: (p.focal, tuple(p.partners)) for key, p in analysis.PRESETS.items()},
        pairs=frozenset(f"{focal}-{partner}" for focal, partner in analysis.preset_pairs()),
    )  # fmt: skip


def split(params: Mapping[str, Sequence[str] | str]) -> tuple[dict, dict]:
    """(filter parameters, view parameters) of a query string's parameters."""
    values = {k: [v] if isinstance(v, str) else list(v) for k, v in params.items()}
    return ({k: v for k, v in values.items() if k not in VIEW_PARAMS},
            {k: v for k, v in values.items() if k in VIEW_PARAMS})  # fmt: skip


def _single(name: str, values: Mapping[str, list[str]], notices: list[str]) -> str | None:
    raw = values.get(name) or []
    if len(raw) > 1:
        notices.append(f"“{name}” was given {len(raw)} times; the first was used.")
    return str(raw[0])[:MAX_TEXT] if raw else None


def _known(name: str, value: str | None, allowed, notices: list[str]) -> str | None:
    if value is None or value in allowed:
        return value
    notices.append(f"Ignored unknown {name} “{value[:40]}”.")
    return None


def _partners(raw: list[str], focal: str | None, choices: Choices, notices: list[str]) -> tuple[str, ...]:
    if len(raw) > MAX_VALUES:
        notices.append(f"Only the first {MAX_VALUES} “partner” values were read.")
    values = list(dict.fromkeys(str(v)[:MAX_TEXT] for v in raw[:MAX_VALUES]))  # each once, in order
    kept = [v for v in values if v in choices.actors and v != focal]
    if len(kept) > MAX_PARTNERS:
        notices.append(f"Only the first {MAX_PARTNERS} partners were used (the page compares at most {MAX_PARTNERS}).")
    notices += [f"Ignored unknown partner “{v[:40]}”." for v in values if v not in choices.actors]
    return tuple(kept[:MAX_PARTNERS])


def _comparison(values: Mapping[str, list[str]], choices: Choices, notices: list[str]) -> dict:
    """preset, focal and partners: a preset alone brings its actors; actors alone are 'your own
    choice', unless they are exactly a preset's."""
    preset = _known("preset", _single("preset", values, notices), {*choices.presets, CUSTOM}, notices)
    focal = _known("focal actor", _single("focal", values, notices), choices.actors, notices)
    partners = _partners(values.get("partner") or [], focal, choices, notices)
    if preset in choices.presets and focal is None and not partners:
        focal, partners = choices.presets[preset]
    elif focal or partners:
        if preset in choices.presets:
            focal, partners = focal or choices.presets[preset][0], partners or choices.presets[preset][1]
        match = [p for p, (f, ps) in choices.presets.items() if (f, tuple(ps)) == (focal, partners)]
        preset = match[0] if match else CUSTOM
    return {"preset": preset, "focal": focal, "partners": partners}


def _switch(name: str, values: Mapping[str, list[str]], notices: list[str]) -> bool:
    """A toggle's parameter: 1 (on) or 0 (off, the default); anything else is ignored with a notice."""
    value = _single(name, values, notices)
    if value not in (None, "0", "1"):
        notices.append(f"Ignored {name}=“{value[:40]}”: use 1 or 0.")
    return value == "1"


def from_query_params(params: Mapping[str, Sequence[str] | str], choices: Choices) -> tuple[View, list[str]]:
    """Parse the view parameters of untrusted query parameters (others are left to the filters);
    return the view and a notice per value ignored."""
    notices: list[str] = []
    values = split(params)[1]
    lanes = _known("lane mode", _single("lanes", values, notices), LANE_MODES, notices) or "actors"
    cited, uncited = _switch("cited", values, notices), _switch("uncited", values, notices)
    if cited and uncited:
        notices.append("Ignored uncited=1: it excludes cited=1 (only paragraphs with citations are shown).")
        uncited = False
    view = View(
        lanes=lanes, **_comparison(values, choices, notices),
        topic=_known("theme", _single("topic", values, notices), choices.themes, notices),
        pair=_known("pair", _single("pair", values, notices), choices.pairs, notices),
        doc=_known("document", _single("doc", values, notices), choices.sources, notices),
        find=(_single("find", values, notices) or "").strip(), only_cited=cited, only_uncited=uncited,
        event=_known("event", _single("event", values, notices), choices.events, notices),
    )  # fmt: skip
    return view, notices


def to_query_params(view: View, page: str | None = None) -> dict[str, list[str]]:
    """The parameters of `view` that differ from the defaults: those of `page` (a url path, see
    PAGE_PARAMS; None: every page's) and the selected event."""
    every = {
        "lanes": [view.lanes] if view.lanes != "actors" else [],
        "preset": [view.preset] if view.preset else [],
        "focal": [view.focal] if view.focal and view.preset == CUSTOM else [],
        "partner": list(view.partners) if view.preset == CUSTOM else [],
        "topic": [view.topic] if view.topic else [], "pair": [view.pair] if view.pair else [],
        "doc": [view.doc] if view.doc else [], "find": [view.find] if view.find else [],
        "cited": ["1"] if view.only_cited else [], "uncited": ["1"] if view.only_uncited else [],
    }  # fmt: skip
    names = [n for names in PAGE_PARAMS.values() for n in names] if page is None else PAGE_PARAMS.get(page, ())
    params = {name: every[name] for name in names if every[name]}
    if view.event:
        params["event"] = [view.event]
    return params
