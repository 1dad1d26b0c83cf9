"""Shared look of every chart: colour-blind-safe colours, tone symbols, escaped hover text,
and the title + caption (filter sentence, dataset version, sources) that every export carries."""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

FONT = '"Source Sans 3", "Source Sans Pro", Arial, sans-serif'  # quoted: "Source Sans 3" unquoted is invalid CSS
INK = "#1f2430"
MUTED = "#4a5160"  # 8.2:1 on white
TONE_SYMBOL = {"cooperation": "triangle-up", "neutral": "circle", "tension": "triangle-down"}
TONE_COLOR = {"cooperation": "#0072B2", "neutral": "#6b6b6b", "tension": "#D55E00"}  # Okabe–Ito
TONE_LABEL = {"cooperation": "▲ cooperation", "neutral": "● neutral", "tension": "▼ tension"}
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


def source_titles(events: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """Titles of the sources the given events cite, in sources.yaml order (for captions)."""
    cited = set(events["sources"].explode().dropna()) if not events.empty else set()
    return [title for sid, title in zip(sources["id"], sources["title"]) if sid in cited]


def finish(fig: go.Figure, title: str, caption: str = "", height: int | None = None,
           caption_width: int = 110) -> go.Figure:
    """Apply the house style; the title on top and the caption under the plot, wrapped to
    `caption_width` characters with room for all its lines (the figure grows, the plot keeps its size)."""
    text = wrap(caption, caption_width) if caption else ""
    bottom = 80 + 15 * (text.count("<br>") + 1) if caption else 40
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(
        template="plotly_white",
        # The title sits at the very top of the figure, clear of a legend row above the plot.
        title={"text": safe(title, 200), "x": 0, "xanchor": "left", "y": 1, "yref": "container",
               "yanchor": "top", "pad": {"t": 14}, "font": {"size": 18, "color": INK}},
        font={"family": FONT, "size": 13, "color": INK},
        margin={"l": 10, "r": 10, "t": 96, "b": bottom},
        hoverlabel={"font": {"family": FONT, "size": 13}, "align": "left"},
        legend={"font": {"size": 12}},
        meta={**meta, "caption": caption},
    )
    base = height or fig.layout.height or 450
    fig.update_layout(height=base + bottom - 90 if caption else base)
    if caption:
        fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, yshift=-70,
                           xanchor="left", yanchor="top", showarrow=False, align="left",
                           font={"size": 11, "color": MUTED}, name="caption")
    return fig


def caption_text(description: str, version: str, sources: list[str]) -> str:
    """'37 events · … · 2014–2026 — dataset abc123 — sources: A; B'."""
    listed = "; ".join(sources) if sources else "none"
    return f"{description} — dataset version {version} — sources: {listed}"
