"""Shared look of every chart: colour-blind-safe colours, tone symbols, escaped hover text,
and the title + caption (filter sentence, dataset version, sources) that every export carries."""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

FONT = '"Source Sans 3", "Source Sans Pro", Arial, sans-serif'  # quoted: "Source Sans 3" unquoted is invalid CSS
TICK_PX = 13  # tick labels take the figure's font size
INK = "#1f2430"
MUTED = "#4a5160"  # 8.2:1 on white
TONE_SYMBOL = {"cooperation": "triangle-up", "neutral": "circle", "tension": "triangle-down"}
TONE_COLOR = {"cooperation": "#0072B2", "neutral": "#6b6b6b", "tension": "#D55E00"}  # Okabe–Ito
TONE_LABEL = {"cooperation": "▲ cooperation", "neutral": "● neutral", "tension": "▼ tension"}
#: plotly_white with the defaults of only the trace types our charts use: the template is copied
#: into every figure, and the full one costs about twice as much (14 ms against 8 ms a figure).
HOUSE_TEMPLATE = go.layout.Template(
    layout=pio.templates["plotly_white"].layout,
    data={kind: getattr(pio.templates["plotly_white"].data, kind) for kind in ("scatter", "scattergl", "bar", "heatmap")},
)
#: Axis settings for tick labels the margins already hold: plotly's default ("hide past div")
#: measures every tick label's box in the browser on every draw to hide those that stick out of
#: the figure; on the timeline's 40 lane labels that was about a third of its drawing time.
TICKS_AS_DRAWN = {"ticklabeloverflow": "allow"}
PERIOD_FILL = "rgba(68, 119, 170, 0.08)"
#: Explicit bidi embeddings, overrides and isolates (U+202A-E, U+2066-9): they could reorder the
#: text around them ("Trojan Source" spoofing) and have no use in our curated text.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def safe(text: object, limit: int = 300) -> str:
    """Data text for hover labels and ticks: HTML-escaped (plotly renders a subset of HTML)."""
    value = BIDI_CONTROLS.sub("", str(text))
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return html.escape(value, quote=True).replace("$", "&#36;")


def wrap(text: str, width: int = 60) -> str:
    """Escape, then break long hover lines with <br> at word boundaries."""
    words, lines, line = safe(text, 600).split(" "), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def safe_column(values: pd.Series, limit: int = 300) -> pd.Series:
    """`safe` for a whole column, vectorised: bidi controls dropped, truncated, HTML-escaped."""
    text = values.astype(str).str.replace(BIDI_CONTROLS, "", regex=True)
    text = text.where(text.str.len() <= limit, text.str.slice(0, limit - 1) + "…")
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"),
                         ("$", "&#36;")):  # fmt: skip
        text = text.str.replace(raw, escaped, regex=False)
    return text


def whole_step(largest: float, ticks: int = 5) -> int:
    """A tick step for a count axis up to `largest`: a whole number (1, 2, 5, 10, 20, ...) giving at
    most about `ticks` ticks, so an axis of one event never reads 0, 0.2, 0.4 (or 2025 five times)."""
    step = 1
    while largest / step > ticks:
        for factor in (2, 2.5, 2):  # 1, 2, 5, 10, 20, 50, ...
            step = int(step * factor)
            if largest / step <= ticks:
                break
    return max(1, step)


def finish(fig: go.Figure, title: str, caption: str = "", height: int | None = None,
           caption_width: int = 110, export_title: str = "", export_subtitle: str = "") -> go.Figure:
    """Apply the house style; the title on top and the caption under the plot, wrapped to
    `caption_width` characters with room for all its lines (the figure grows, the plot keeps its size)."""
    fig.layout = finish_spec({"layout": fig.layout.to_plotly_json()}, title, caption, height, caption_width,
                             export_title, export_subtitle)["layout"]
    return fig  # the traces untouched: only the layout is built anew


def finish_spec(spec: dict, title: str, caption: str = "", height: int | None = None,
                caption_width: int = 110, export_title: str = "", export_subtitle: str = "") -> dict:
    """`finish` on a figure's plain-dict form ({"data": [...], "layout": {...}}), for builders
    that compose dicts and build the figure once at the end (see `figure`). `export_title`: what
    the chart shows, said from the filters (`titles.view_title`): the title of its PNG, SVG and
    HTML files, over `export_subtitle` (else `title`) as their subtitle (`export.prepared`); kept in layout.meta."""
    layout = spec.get("layout", {})
    text = wrap(caption, caption_width) if caption else ""
    bottom = 80 + 15 * (text.count("<br>") + 1) if caption else 40
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    base = height or layout.get("height") or 450
    notes = list(layout.get("annotations", []))
    if caption:
        notes.append({"text": text, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -70,
                      "xanchor": "left", "yanchor": "top", "showarrow": False, "align": "left",
                      "font": {"size": 11, "color": MUTED}, "name": "caption"})  # fmt: skip
    return merged(spec, {
        "template": HOUSE_TEMPLATE,
        # The title sits at the very top of the figure, clear of a legend row above the plot.
        "title": {"text": safe(title, 200), "x": 0, "xanchor": "left", "y": 1, "yref": "container",
                  "yanchor": "top", "pad": {"t": 14}, "font": {"size": 18, "color": INK}},
        "font": {"family": FONT, "size": 13, "color": INK},
        "margin": {"l": 10, "r": 10, "t": 96, "b": bottom},
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "align": "left"},
        "legend": {"font": {"size": 12}},
        "meta": {**meta, "caption": caption, **({"export_title": export_title,
                                                  "export_subtitle": export_subtitle or title} if export_title else {})},
        "height": base + bottom - 90 if caption else base,
        "annotations": notes,
    })


REPLACED = {"template", "meta", "annotations", "shapes"}  # layout keys whose new value replaces the old one whole


def merged(spec: dict, layout: dict) -> dict:
    """A new spec with `layout` merged into the old layout, one level deep (a given dict is
    merged with the old dict of that key, as `update_layout` does; REPLACED keys are replaced)."""
    old = spec.get("layout", {})
    new = {key: ({**old[key], **value} if isinstance(value, dict) and isinstance(old.get(key), dict)
                 and key not in REPLACED else value) for key, value in layout.items()}  # fmt: skip
    return {**spec, "layout": {**old, **new}}


def figure(spec: dict) -> go.Figure:
    """The plotly figure of a plain-dict spec, validated once. Building a figure from dicts is
    several times faster than updating a built one (each `update_layout` walks and re-validates)."""
    return go.Figure(data=spec.get("data", []), layout=spec.get("layout", {}))
