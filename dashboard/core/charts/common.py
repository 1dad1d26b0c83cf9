"""Shared look of every chart: colour-blind-safe colours, tone symbols, escaped hover text,
and the title + caption (filter sentence, dataset version, sources) that every export carries."""

from __future__ import annotations

import html
import re

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


def finish(fig: go.Figure, title: str, caption: str = "", height: int | None = None) -> go.Figure:
    """Apply the house style; put the title on top and the caption under the plot."""
    fig.update_layout(
        template="plotly_white",
        title={"text": safe(title, 200), "x": 0, "xanchor": "left", "font": {"size": 18, "color": INK}},
        font={"family": FONT, "size": 13, "color": INK},
        margin={"l": 10, "r": 10, "t": 60, "b": 90 if caption else 40},
        hoverlabel={"font": {"family": FONT, "size": 13}, "align": "left"},
        legend={"font": {"size": 12}},
        meta={"caption": caption},
    )
    if height:
        fig.update_layout(height=height)
    if caption:
        fig.add_annotation(text=wrap(caption, 160), xref="paper", yref="paper", x=0, y=0, yshift=-70,
                           xanchor="left", yanchor="top", showarrow=False, align="left",
                           font={"size": 11, "color": MUTED}, name="caption")
    return fig


def caption_text(description: str, version: str, sources: list[str]) -> str:
    """'37 events · … · 2014–2026 — dataset abc123 — sources: A; B'."""
    listed = "; ".join(sources) if sources else "none"
    return f"{description} — dataset version {version} — sources: {listed}"
