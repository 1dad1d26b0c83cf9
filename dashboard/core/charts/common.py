"""Shared look of every chart: colour-blind-safe colours, tone symbols, escaped hover text,
and the title + caption (filter sentence, dataset version, sources) that every export carries."""

from __future__ import annotations

import html
import math
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import margins

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


def screen_figure(spec: dict) -> go.Figure:
    """The figure of a `screen_spec`, not validated again: it is the layout of a figure that was
    (`figure`), and validating it once more took a quarter of a new view's server time. Tests
    validate every screen spec instead (test_charts_screen)."""
    return go.Figure(spec, _validate=False)


# -- On screen: a layout for the reader's width ---------------------------------------------
#
# The page learns the width class of the reader's window from the browser (ui.browser) and lays
# each chart out for the narrowest width of its class, so that it holds at every width of the
# class and stays readable beyond (a turned phone, a resized window: plotly redraws it to the new
# width, and the page reruns when the class changes). On screen the title and caption are page
# text around the chart (they wrap as text does) and stay in the figure only for exports, whose
# width is known; the legend wraps to the figure's width under a row kept free for the toolbar,
# with the room its rows need at that width; and charts whose labels would take half a phone's
# width say in `layout.meta["narrow"]` what to draw there instead (lane codes such as
# "PAN – RUS", with their full names in the hover and in a key under the chart).

NARROW = "narrow"  # layout.meta key: layout settings (merged one level deep) for narrow screens
TITLE = "title"  # layout.meta key of a screen figure: its title, which the page draws as text
CODES = "codes"  # layout.meta key: {code: full name} of the codes the narrow labels use
NARROW_BELOW_PX = 760  # chart widths under this are narrow (a 768 px window's is 736)
PHONE_BELOW_PX = 560  # and under this a phone's: the legend goes under the chart
MODEBAR_PX = 30  # the toolbar's row at the top of a figure: the legend starts below it
NARROW_PX = 320  # the narrowest chart the layout is made for (a 352 px window)
LEGEND_FONT_PX, LEGEND_ROW_PX, LEGEND_TITLE_ROW_PX = 12, 20, 17
LEGEND_ITEM_PX = 46  # a legend item's symbol and gaps besides its text (plotly: itemwidth 30, gaps)
CAPTION_BELOW_PX = 8  # what stays under the x axis once the caption is page text
#: A range slider: plotly adds SLIDER_PUSH_PX to the bottom margin for it (taken from the plot),
#: and it ends SLIDER_BOTTOM_PX under the plot (measured in chromium for our 40 px slider).
SLIDER_PUSH_PX, SLIDER_BOTTOM_PX = 79, 104
SUBPLOT_TITLE_PX = 22  # a subplot's title over its plot (13 px text)
TITLE_PX = 40  # what the title takes of the top margin (`finish_spec`); on screen it is page text


def plain(text: object) -> str:
    """Chart text (escaped HTML with <br> and tags) as plain text: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]*>", " ", str(text or ""))).replace("  ", " ").strip()


def text_px(text: str, size: float) -> float:
    """Width of chart text at `size` px (tags dropped), widest line, as chromium draws it."""
    lines = [html.unescape(re.sub(r"<[^>]*>", "", line)) for line in str(text).split("<br>")]
    return max((margins.text_width(line, round(size)) for line in lines), default=0.0)


def short_label(label: str, names_to_codes: dict[str, str], width: int = 14) -> str:
    """A lane or pair label for narrow screens: 'Panama – Russia' -> 'PAN – RUS' (every part an
    actor's name; on two lines when longer than 10 characters), else the label wrapped to lines
    of about `width` characters (two at most)."""
    parts = str(label).split(" – ")
    if all(part in names_to_codes for part in parts):
        codes = [safe(names_to_codes[part]) for part in parts]
        return (" –<br>" if len(" – ".join(codes)) > 10 else " – ").join(codes)
    return "<br>".join(wrap(label, width).split("<br>")[:2])


def codes_of(labels: list[str], actors: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """The short labels of `labels` (`short_label`) and the key of the codes they use {code: name}."""
    to_code = dict(zip(actors["name"].astype(str), actors["id"].astype(str)))
    shorts = [short_label(label, to_code) for label in labels]
    used = {part for label in labels for part in str(label).split(" – ") if part in to_code}
    return shorts, {to_code[name]: name for name in sorted(used, key=lambda n: to_code[n])}


def legend_title_lines(parts: list[str], width: float = NARROW_PX - 10, size: float = LEGEND_FONT_PX) -> str:
    """Legend title parts packed into <br>-separated lines no wider than `width` px, so the title
    never runs out of the figure; a part wider than that breaks after its bold head ('<b>Hollow:</b>')."""
    pieces: list[str] = []
    for part in parts:
        head, bold, rest = part.partition("</b> ")
        pieces += [head + "</b>", rest] if bold and rest and text_px(part, size) > width else [part]
    lines: list[str] = []
    for piece in pieces:
        if lines and text_px(f"{lines[-1]}   {piece}", size) <= width:
            lines[-1] = f"{lines[-1]}   {piece}"
        else:
            lines.append(piece)
    return "<br>".join(lines)


def _legend_items(spec: dict) -> list[str]:
    """The names a figure's legend lists (traces not hidden from it; heatmaps never are listed)."""
    layout = spec.get("layout", {})
    if layout.get("showlegend") is False:
        return []
    seen, names = set(), []
    for trace in spec.get("data", ()):
        if trace.get("showlegend") is False or trace.get("type") in ("heatmap", "histogram2d"):
            continue
        key = trace.get("legendgroup") if trace.get("legendgroup") and trace.get("showlegend") is None else id(trace)
        if key not in seen:
            seen.add(key)
            names.append(str(trace.get("name") or ""))
    return names if len(names) > 1 or any(t.get("showlegend") for t in spec.get("data", ())) else []


def legend_px(spec: dict, width: float = NARROW_PX) -> int:
    """Height in px of the figure's horizontal legend at `width` px (a phone): plotly gives every
    item of a legend that needs more than one row the widest item's width, and wraps."""
    items = _legend_items(spec)
    if not items:
        return 0
    legend = spec.get("layout", {}).get("legend") or {}
    size = (legend.get("font") or {}).get("size") or LEGEND_FONT_PX
    widest = max(text_px(name, size) for name in items) + LEGEND_ITEM_PX
    columns = max(1, int(width // widest))
    rows = -(-len(items) // columns)
    title = ((legend.get("title") or {}).get("text") or "")
    title_rows = title.count("<br>") + 1 if title else 0
    return rows * LEGEND_ROW_PX + title_rows * LEGEND_TITLE_ROW_PX + 8


def screen_spec(spec: dict, width: float = NARROW_PX) -> tuple[dict, str, str]:
    """(the spec laid out for screens `width` px wide or wider, its title, its caption) — see
    above. The plot area keeps its height: the figure's height changes by what its margins gain
    or lose."""
    layout = dict(spec.get("layout", {}))
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    title = plain((layout.get("title") or {}).get("text"))
    caption = str(meta.get("caption") or "")
    overrides = (meta.get(NARROW) or {}) if width < NARROW_BELOW_PX else {}
    old_t, old_b = (layout.get("margin") or {}).get("t", 100), (layout.get("margin") or {}).get("b", 80)
    spec = merged({**spec, "layout": layout}, {key: value for key, value in overrides.items() if key != "data"})
    for trace, changes in zip(spec.get("data", ()), overrides.get("data", ())):
        trace.update(changes or {})
    layout = spec["layout"]
    margin = dict(layout.get("margin") or {})
    notes = [dict(note) for note in layout.get("annotations", ())]
    if any(note.get("name") == "caption" for note in notes):
        notes = [note for note in notes if note.get("name") != "caption"]
        margin["b"] = min(margin.get("b") or 0, below_axis_px(layout) + CAPTION_BELOW_PX)
    legend = dict(layout.get("legend") or {})
    plot_px = width - _left_px(spec, margin) - (margin.get("r") or 0)  # plotly wraps a legend to the plot's width
    horizontal = legend.get("orientation") == "h"
    if horizontal and (legend.get("title") or {}).get("text"):  # its lines as wide as the plot at most
        parts = re.split(r"<br>|\s{2,}", legend["title"]["text"])
        legend["title"] = {**legend["title"], "text": legend_title_lines([p for p in parts if p], plot_px - 10)}
    rows_px = legend_px({**spec, "layout": {**layout, "legend": legend}}, plot_px) if horizontal else 0
    margin["t"] = max(MODEBAR_PX + 8, (overrides.get("margin") or {}).get("t") or 0, 0 if horizontal else old_t - TITLE_PX)
    if rows_px:
        for key in ("entrywidth", "entrywidthmode"):  # each item as wide as its text: plotly wraps them
            legend.pop(key, None)
        legend.update(x=0, xanchor="left", xref="paper", yref="paper")
        if width < PHONE_BELOW_PX:  # a phone: the chart first, its legend under the x axis (and slider)
            slider = has_slider(layout)
            offset = SLIDER_BOTTOM_PX if slider else below_axis_px(layout)
            margin["b"] = offset - (SLIDER_PUSH_PX if slider else 0) + rows_px + CAPTION_BELOW_PX
            plot_h = (layout.get("height") or 450) - old_t - old_b - (SLIDER_PUSH_PX if slider else 0)
            legend.update(y=-offset / max(plot_h, 1), yanchor="top")
        else:  # above the plot, and above the titles of subplots there
            lift = SUBPLOT_TITLE_PX if any(_above_plot(note) for note in notes) else 0
            plot_h = (layout.get("height") or 450) - old_t - old_b
            legend.update(y=1 + lift / max(plot_h, 1), yanchor="bottom")
            margin["t"] = max(margin["t"], MODEBAR_PX + rows_px + lift)
    toggles = int(meta.get("toggle_row_px") or 0) if layout.get("updatemenus") else 0
    if toggles:  # buttons above the plot (the timeline's tone toggles): a row under the toolbar's
        margin["t"] += toggles
    height = (layout.get("height") or 450) + margin["t"] - old_t + margin["b"] - old_b
    if toggles:  # in pixels up from the plot's top edge, as the chart places them (`timeline.place_toggles`)
        up = margin["t"] - MODEBAR_PX - toggles / 2
        layout = {**layout, "updatemenus": [{**menu, "y": 1, "yanchor": "bottom",
                                             "pad": {**(menu.get("pad") or {}), "t": 0, "b": up - 11}}
                                            for menu in layout["updatemenus"]]}
        notes = [{**note, "y": 1, "yshift": up} if note.get("name") == "tone-toggles" else note for note in notes]
    shown_title = (layout.get("title") or {}).get("text") or ""  # drawn as page text; kept in meta
    layout = {**layout, "title": {"text": ""}, "annotations": notes, "margin": margin, "legend": legend,
              "height": int(height), "meta": {**(layout.get("meta") or {}), TITLE: shown_title}}
    if not notes:  # as validation leaves it: the figure drawn (`screen_figure`) is not validated
        del layout["annotations"]
    return {**spec, "layout": layout}, title, caption


def _above_plot(note: dict) -> bool:
    """Whether an annotation sits on the plot's top edge or above it (a first subplot's title)."""
    return note.get("yref") == "paper" and (note.get("y") or 0) >= 0.999 and note.get("yanchor") == "bottom"


def _left_px(spec: dict, margin: dict) -> float:
    """The left margin the browser will draw: the layout's, or what the y labels take when plotly
    measures them (automargin)."""
    yaxis = spec["layout"].get("yaxis") or {}
    if yaxis.get("automargin") is False:
        return margin.get("l") or 0
    size = (yaxis.get("tickfont") or {}).get("size") or TICK_PX
    labels = margins.y_labels(spec)
    return max(margin.get("l") or 0, label_margin(labels, size, 20) if labels else 50)


def below_axis_px(layout: dict) -> int:
    """What the x axes take under the plot: tick labels and an axis title (a range slider's room
    plotly adds itself)."""
    axes = [value for key, value in layout.items() if re.fullmatch(r"xaxis\d*", key) and isinstance(value, dict)]
    titled = any(((axis.get("title") or {}) if isinstance(axis.get("title"), dict) else {"text": axis.get("title")})
                 .get("text") for axis in axes)
    lines = max((str(t).count("<br>") + 1 for axis in axes for t in (axis.get("ticktext") or ())), default=1)
    return 30 + 16 * (lines - 1) + (24 if titled else 0)


def has_slider(layout: dict) -> bool:
    return any((value.get("rangeslider") or {}).get("visible") for key, value in layout.items()
               if re.fullmatch(r"xaxis\d*", key) and isinstance(value, dict))


def label_margin(labels: list[str], size: float, extra: float = 14) -> int:
    """The left margin that holds y tick labels `labels` (chart text) at `size` px."""
    return math.ceil(max((text_px(label, size) for label in labels), default=0) + extra)
