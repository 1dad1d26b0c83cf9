"""Text from data and from links is shown as text, never run as markup.

tests/fixtures/hostile is a valid tree whose titles, summaries, names, labels, quotes and seed
hold HTML (`<script>`, `<img onerror>`), Markdown links and images (`javascript:` and remote),
`$maths$`, Streamlit `:red[directives]`, a right-to-left override, zero-width characters,
spreadsheet formulas and 100 KB lines. Checked here:
- `ui.text.md` escapes every one of them (and strips bidi controls);
- chart hover, tick and title text (`common.safe`, and every chart in the registry) holds no raw
  `<` from data and no `$...$` (`common.safe` also strips bidi controls);
- `records.to_csv` defuses formulas; `export.safe_filename` makes harmless names;
- every page, run with AppTest on the hostile tree, raises nothing and shows the hostile strings
  only escaped; hostile links (unknown, malformed, huge or repeated parameters) are ignored with
  a notice.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import export, filters, load, records
from dashboard.core.charts import REGISTRY, common
from dashboard.core.paths import DataPaths
from dashboard.ui.text import fill, highlighted, md

TESTS = Path(__file__).resolve().parent
HOSTILE = TESTS / "fixtures" / "hostile"
APP = TESTS.parent / "dashboard" / "app.py"
PAGES = ["timeline", "compare", "themes", "sources", "data", "about"]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
IMAGE = "![x](http://evil/x.png)"
MATH = "$\\frac{1}{2}$"
DIRECTIVE = ":red[directive]"
RLO = "\u202e"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060"
FORMULA = '=HYPERLINK("http://evil/","click")'
HOSTILE_STRINGS = {"script": SCRIPT, "img": IMG, "link": LINK, "image": IMAGE, "math": MATH, "directive": DIRECTIVE,
                   "formula": FORMULA, "rlo": f"{RLO}reversed", "zero-width": f"a{ZERO_WIDTH}b"}  # fmt: skip
#: What an unescaped hostile string leaves behind once every backslash escape is removed.
TELLTALES = ("<script", "<img", "](javascript", "](http://evil", "red[directive", "{1}{2}", RLO)
SPECIAL = set("\\`*_{}[]()#+-.!|<>$~:&=\"'^")


def unescaped(markdown: str) -> str:
    """Markdown minus its backslash escapes: what Streamlit would interpret."""
    return re.sub(r"\\.", "", markdown, flags=re.DOTALL)


def telltales(markdown: str) -> list[str]:
    left = unescaped(markdown)
    return [t for t in TELLTALES if t in left]


@pytest.fixture(scope="module")
def hostile_dataset(monkeypatch_module):
    result = load.load(DataPaths(HOSTILE / "curated", HOSTILE / "seeds"))
    assert result.ok, "\n".join(map(str, result.problems))
    return result.dataset


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    mp.setenv("DASHBOARD_TODAY", "2026-11-23")
    yield mp
    mp.undo()


def all_text(dataset) -> list[str]:
    """Every text cell of every table, and every seed."""
    out = list(dataset.seed_texts.values())
    for frame in (dataset.events, dataset.sources, dataset.actors, dataset.themes, dataset.periods, dataset.passages):
        for column in frame.columns:
            for value in frame[column]:
                if isinstance(value, str):
                    out.append(value)
                elif isinstance(value, (list, tuple)):
                    out += [v for v in value if isinstance(v, str)]
    return out


def test_the_fixture_is_valid_and_really_hostile(hostile_dataset):
    """Guards the other tests against a fixture that lost its teeth."""
    text = "\n".join(all_text(hostile_dataset))
    for value in (SCRIPT, IMG, LINK, IMAGE, MATH, DIRECTIVE, FORMULA, RLO, ZERO_WIDTH):
        assert value in text, value
    assert max(len(line) for line in text.splitlines()) > 100_000
    assert hostile_dataset.events["title"].str.startswith("=").any()


# --- Markdown -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE_STRINGS.values(), ids=HOSTILE_STRINGS.keys())
def test_md_escapes_each_hostile_string(value):
    out = md(value)
    assert not SPECIAL & set(unescaped(out)), out
    assert not telltales(out)
    if value not in (f"a{ZERO_WIDTH}b",):
        assert value not in out


def test_md_strips_bidi_controls_and_keeps_zero_width_characters():
    assert md(f"{RLO}abc\u2066d\u2069") == "abcd"
    assert md(f"a{ZERO_WIDTH}b") == f"a{ZERO_WIDTH}b", "zero-width joiners are needed in some scripts and emoji"


def test_md_escapes_every_text_of_the_hostile_dataset(hostile_dataset):
    texts = all_text(hostile_dataset)
    started = time.perf_counter()
    for text in texts:
        out = md(text)
        assert not SPECIAL & set(unescaped(out)) and not telltales(out), text[:80]
    assert time.perf_counter() - started < 2.0, "escaping 100 KB lines stays fast"


def test_highlighted_quote_leaves_only_its_own_directive(hostile_dataset):
    text = hostile_dataset.seed_texts["hostile"]
    quote = f"the ministers met behind {IMG} and posted {LINK} with {IMAGE}."
    at = text.index(quote)
    out = highlighted(text[:at], quote, text[at + len(quote):])
    head, tail = fill("QUOTE", "quote").split("QUOTE")  # the quote's shape (a constant image), fill and bold
    assert out.count(head) == 1 and out.count(tail) == 1 and out.endswith(md(text[at + len(quote):]))
    body = out.replace(head, "", 1).replace(tail, "", 1)
    assert not SPECIAL & set(unescaped(body)) and not telltales(out)


# --- Charts ---------------------------------------------------------------------------------------


def strings_in(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings_in(value)]
    if isinstance(node, (list, tuple)):
        return [s for value in node for s in strings_in(value)]
    return []


def markup_from_data(figure_json: dict) -> list[str]:
    """Strings of a figure that would let data become plotly markup or MathJax. `layout.meta`
    (the raw caption kept for exports) is skipped: plotly never draws it, and its HTML export
    escapes `<` in the embedded JSON (checked below)."""
    bad = []
    shown = {**figure_json, "layout": {k: v for k, v in figure_json.get("layout", {}).items() if k != "meta"}}
    for text in strings_in(shown):
        if "<script" in text.lower() or "<img" in text.lower():
            bad.append(text[:120])
        elif len(text) > 1 and text.startswith("$") and text.endswith("$"):
            bad.append(text[:120])
    return bad


@pytest.mark.parametrize("value", HOSTILE_STRINGS.values(), ids=HOSTILE_STRINGS.keys())
def test_safe_and_wrap_leave_no_markup(value):
    for out in (common.safe(value), common.wrap(value), common.wrap(value * 50, 40)):
        assert "<" not in out.replace("<br>", "") and "$" not in out and RLO not in out


@pytest.mark.parametrize("chart_id", sorted(REGISTRY))
def test_every_chart_escapes_hostile_text(chart_id, hostile_dataset):
    fig = REGISTRY[chart_id](hostile_dataset, filters.Filters())
    figure_json = fig.to_plotly_json()
    assert strings_in(figure_json), "the chart shows something"
    assert not markup_from_data(figure_json)


def test_html_export_embeds_hostile_text_inertly(hostile_dataset):
    for chart_id in sorted(REGISTRY):
        page = export.figure_html(REGISTRY[chart_id](hostile_dataset, filters.Filters())).decode("utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page and RLO not in page, chart_id


# --- Files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\n=1"), ("a\r\nb", "a\nb"), ("plain", "plain"), ("", ""), (" =1", " =1"), ("'=1", "'=1"),
    (7, 7), (None, None),
])  # fmt: skip
def test_spreadsheet_safe(value, expected):
    assert records.spreadsheet_safe(value) == expected


def test_csv_defuses_formulas_and_json_keeps_the_text(hostile_dataset):
    recs = records.event_records(hostile_dataset)
    rows = list(csv.DictReader(io.StringIO(records.to_csv(recs), newline="")))
    assert len(rows) == len(recs) == len(hostile_dataset.events)
    by_id = {row["id"]: row for row in rows}
    assert by_id["formula-2022"]["title"] == "'" + FORMULA
    assert by_id["formula-2022"]["summary"] == "'@SUM(A1:A2) +1 -1"
    assert all(not cell.startswith(records.FORMULA_START) for row in rows for cell in row.values())
    exact = {rec["id"]: rec["title"] for rec in json.loads(records.to_json(recs))}
    assert exact["formula-2022"] == FORMULA


@pytest.mark.parametrize("parts", [
    ("../../etc/passwd",), ("CON",), ("nul",), ("COM¹",), (SCRIPT, LINK), ("\x00\n\r\t",), (RLO + "gpj.exe",),
    ("a" * 10_000,), ("",), ("—",), ("timeline", FORMULA), ("-rf", "--help"), (".hidden",),
])  # fmt: skip
def test_safe_filename_is_harmless(parts):
    name = export.safe_filename(*parts, ext="png")
    stem = name.removesuffix(".png")
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", stem), name
    assert len(name) <= 130 and stem.upper() not in export.WINDOWS_RESERVED


# --- Pages ----------------------------------------------------------------------------------------


def page_texts(at) -> list[tuple[str, str]]:
    """(kind, text) of every element whose text Streamlit renders as Markdown."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        out += [(kind, str(element.value)) for element in getattr(at, kind)]
    out += [("latex", str(element.value)) for element in at.latex]
    out += [("expander", element.label or "") for element in at.expander]
    out += [("tab", element.label or "") for element in at.tabs]
    for kind in ("radio", "selectbox", "multiselect", "checkbox", "toggle", "button", "text_input", "date_input"):
        for element in getattr(at, kind):
            out.append((kind, element.label or ""))
            if kind == "radio":
                out += [("radio option", str(option)) for option in element.options]
    return out


def figure_specs(at) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


@pytest.fixture
def hostile_app(monkeypatch):
    """An AppTest factory on the hostile tree (the shared cache is cleared before and after)."""
    from dashboard.ui import data_io

    monkeypatch.setenv("DASHBOARD_DATA", str(HOSTILE / "curated"))
    monkeypatch.setenv("DASHBOARD_SEEDS", str(HOSTILE / "seeds"))
    data_io._load.clear()

    def run(page_name: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=90)
        for key, value in params.items():
            at.query_params[key] = value
        if page_name:
            at.switch_page(f"app_pages/{page_name}.py")
        return at.run()

    yield run
    data_io._load.clear()


def existing(page_name: str) -> str:
    if not (APP.parent / "app_pages" / f"{page_name}.py").is_file():
        pytest.skip(f"app_pages/{page_name}.py does not exist yet")
    return page_name


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("event", ["script-2024", "long-2020"])
def test_page_shows_hostile_text_only_escaped(page_name, event, hostile_app):
    params = {"event": event} if event else {}
    at = hostile_app(existing(page_name), **params)
    assert not at.exception, [e.value for e in at.exception]
    texts = page_texts(at)
    assert texts, "the page rendered something"
    bad = [(kind, text[:200]) for kind, text in texts if telltales(text)]
    assert not bad
    assert not at.latex, "no data is ever rendered as maths"
    for spec in figure_specs(at):
        assert not markup_from_data(spec)


def test_pages_show_the_hostile_strings_escaped_somewhere(hostile_app):
    """Not vacuous: the escaped forms do reach the screen."""
    shown = ""
    for page_name in PAGES:
        if (APP.parent / "app_pages" / f"{page_name}.py").is_file():
            at = hostile_app(page_name, event="script-2024")
            shown += "\n".join(text for _, text in page_texts(at))
    for value in (SCRIPT, LINK, IMAGE, MATH, DIRECTIVE):
        assert md(value) in shown, value


# --- Hostile links --------------------------------------------------------------------------------

LINKS = {
    "unknown-parameter": ({"bogus": "1", "utm_source": "x"}, "Ignored unknown parameter"),
    "malformed-date": ({"from": "2014-13-45"}, "Ignored from"),
    "from-after-to": ({"from": "2025", "to": "2003"}, "“from” is after “to”"),
    "repeated-single": ({"match": ["any", "all", "any"]}, "was given 3 times"),
    "bad-match": ({"match": "most"}, "Ignored match"),
    "unknown-values": ({"actor": ["RUS", "XXX"], "tone": "angry", "theme": "nope"}, "Ignored unknown actor"),
    "unknown-event": ({"event": "no-such-event"}, "Ignored unknown event"),
    "unknown-period": ({"period": "never"}, "Ignored unknown period"),
    "markdown-in-a-value": ({"actor": "[Log in](https://evil.example/login)", "q": IMAGE},
                            "Ignored unknown actor"),
    "html-in-a-name": ({SCRIPT: "1"}, "Ignored unknown parameter"),
    "long-value": ({"theme": "t" * 100_000}, "Ignored unknown theme"),
    "thousand-values": ({"actor": [f"A{i}" for i in range(1_000)]}, "Only the first 50"),
}  # fmt: skip


@pytest.mark.parametrize("name", LINKS)
def test_hostile_link_is_ignored_with_a_notice(name, hostile_app):
    params, fragment = LINKS[name]
    at = hostile_app(**params)
    assert not at.exception, [e.value for e in at.exception]
    assert at.warning, "the notice is shown"
    notice = at.warning[0].value
    assert fragment in notice.replace("\\", ""), notice
    assert not telltales(notice) and "](https://evil" not in unescaped(notice)
    assert len(notice) < 5_000, "a notice quotes at most 40 characters of each value and 8 notices"
    assert at.title, "the page still renders"


@pytest.mark.parametrize("params", [
    {"to": "2100"}, {"from": "1000"}, {"from": "0001", "to": "9999"}, {"from": "2100"}, {"period": "rtl"},
    {"from": "2021-02-28", "to": "2021-03-01"},
], ids=["to-2100", "from-1000", "year-1-to-9999", "from-2100", "period", "two-days"])  # fmt: skip
def test_link_dates_beyond_the_data_render(params, hostile_app):
    """Dates outside the data's span are valid filters; the date widget must widen, not raise."""
    at = hostile_app(**params)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and not at.warning
    dataset = load.load(DataPaths(HOSTILE / "curated", HOSTILE / "seeds")).dataset
    asked = filters.Filters.from_query_params(params, dataset)[0]
    shown = at.session_state["filters"]  # dates past the data's ends read back as "no limit"
    assert list(filters.apply(shown, dataset)["id"]) == list(filters.apply(asked, dataset)["id"])


def test_choosing_a_period_that_runs_past_the_data(hostile_app, monkeypatch):
    """The period widget sets the dates to the period's; a period may end after the last event."""
    valid = HOSTILE.parent / "valid"  # its period post-2022 runs to 2026, its last event is in 2025
    monkeypatch.setenv("DASHBOARD_DATA", str(valid / "curated"))
    monkeypatch.setenv("DASHBOARD_SEEDS", str(valid / "seeds"))
    at = hostile_app()
    at.sidebar.selectbox(key="f_period").set_value("post-2022").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["filters"].period == "post-2022"


def test_a_query_string_over_streamlits_limit_is_dropped_whole(hostile_app):
    """Streamlit ignores query strings over 512 KiB before the app sees them: the page renders
    with default filters and without a notice (there is nothing left to report)."""
    at = hostile_app(actor=["x" * 200_000] * 3)
    assert not at.exception and at.title
    assert at.session_state["filters"] == filters.Filters()


def test_a_valid_link_next_to_hostile_parts_still_applies(hostile_app):
    at = hostile_app(actor=["RUS", "[x](javascript:alert(1))"], tone="tension", bogus="1")
    assert not at.exception
    chosen = at.session_state["filters"]
    assert (chosen.actors, chosen.tones) == (("RUS",), ("tension",))
