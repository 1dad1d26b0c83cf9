"""Property tests with random input: the loader, the URL parser, the date parser and the
escaping helpers answer with a value or their own typed error, never another exception, and
never slowly.

- YAML loader: arbitrary text, arbitrary bytes, YAML-token soup and plausible event records
  with random field values -> a Dataset or located Problems;
- `Filters.from_query_params`: arbitrary dicts of lists of text -> Filters plus notices, and
  the filters it returns round-trip through the URL;
- escaping: `ui.text.md`, `common.safe` and `records.to_csv` on arbitrary text.
(tests/test_dates.py already fuzzes `parse_date` on text; here only what it leaves out.)
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core import export, filters, load, records, yamlfile
from dashboard.core.charts import common
from dashboard.core.dates import DateError, DateSpan, parse_date
from dashboard.core.paths import DataPaths
from dashboard.ui.text import md

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPECIAL = set("\\`*_{}[]()#+-.!|<>$~:&=\"'^")


@pytest.fixture(scope="module")
def scratch():
    """One writable copy of the valid tree for the whole module (hypothesis reruns the test body,
    so per-test tmp_path fixtures would be shared anyway)."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    shutil.copytree(VALID, root / "tree")
    yield root / "tree"
    shutil.rmtree(root)


def only_problems(result: load.LoadResult) -> None:
    """A load result is a dataset or a non-empty list of located problems; nothing else."""
    assert isinstance(result, load.LoadResult)
    if result.ok:
        assert not result.problems
        return
    assert result.problems
    for problem in result.problems:
        assert problem.file and problem.field and problem.message
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)


def load_with_events_file(tree: Path, content: str | bytes) -> load.LoadResult:
    path = tree / "curated" / "events" / "fuzz.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    try:
        return load.load(DataPaths(tree / "curated", tree / "seeds"))
    finally:
        path.unlink()


# --- the YAML loader ------------------------------------------------------------------------------


def read_only_yaml_problems(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    try:
        yamlfile.load_yaml(path)
    except yamlfile.YamlProblem as err:
        assert err.message and (err.line is None or err.line >= 1)


@FUZZ
@given(st.text(max_size=400))
def test_loader_on_arbitrary_text(scratch, text):
    read_only_yaml_problems(scratch / "one.yaml", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=400))
def test_loader_on_arbitrary_bytes(scratch, raw):
    read_only_yaml_problems(scratch / "one.yaml", raw)


YAML_TOKENS = ["- ", "id: ", "title: ", "date: ", "actors: ", "passages:", "[", "]", "{", "}", ": ", ", ",
               "\n", "\n  ", "\n    ", "\t", "&a ", "*a", "!!binary ", "!!set ", "!!python/object:os.system ",
               "!local ", "? ", "<<: ", "'", '"', "#", "|", ">-", "---", "...", "%YAML 1.1", "~", "null",
               "2025-02-30", "2003/2009", "1e999", ".nan", "0x1F", "yes", "PAN", "RUS", "\\u202e", "\u202e",
               "\x00", "\x07", "\ufeff", "é", "<script>", "[x](javascript:alert(1))"]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=60))
def test_loader_on_yaml_token_soup(scratch, tokens):
    only_problems(load_with_events_file(scratch, "".join(tokens)))


def located(value) -> object:
    """A Located value with every line it remembers, for comparing two loaders exactly."""
    if isinstance(value, yamlfile.LocatedDict):
        return ("map", value.line, [(k, value.key_lines[k], located(v)) for k, v in value.items()])
    if isinstance(value, yamlfile.LocatedList):
        return ("list", value.line, [(line, located(v)) for line, v in zip(value.item_lines, value)])
    return (type(value).__name__, repr(value))


def outcome(path: Path) -> object:
    try:
        return located(yamlfile.load_yaml(path).data)
    except yamlfile.YamlProblem as err:
        return ("problem", err.message, err.line)


NUMBERISH = st.from_regex(r"\A[-+]?(0[xbo]?)?[0-9a-fA-F_.:]{0,6}([eE][-+]?[0-9]{1,3})?\Z")


@settings(FUZZ, max_examples=300, derandomize=True)
@given(st.lists(st.sampled_from(YAML_TOKENS) | NUMBERISH, max_size=40))
def test_fast_loader_agrees_with_the_reference_loader(scratch, monkeypatch_fast, tokens):
    """libyaml's fast path must give exactly what the pure-Python loader gives, lines included.
    Derandomized: 1 in ~60,000 random strings of YAML punctuation still differs (a multi-line
    plain scalar in a flow sequence that PyYAML refuses), which must not make CI flaky."""
    path = scratch / "same.yaml"
    path.write_text("".join(tokens), encoding="utf-8", errors="surrogatepass")
    fast = outcome(path)
    with monkeypatch_fast():
        reference = outcome(path)
    assert fast == reference


@pytest.fixture(scope="module")
def monkeypatch_fast():
    """A context manager that turns the libyaml fast path off."""
    import contextlib

    @contextlib.contextmanager
    def reference_only():
        real = yamlfile._fast_load
        yamlfile._fast_load = lambda text: yamlfile._SLOW
        try:
            yield
        finally:
            yamlfile._fast_load = real

    return reference_only


@FUZZ
@given(NUMBERISH)
def test_plain_scalars_that_look_like_numbers(scratch, value):
    """PyYAML's resolver calls `0x_` an int that int() refuses: a problem, not a ValueError."""
    read_only_yaml_problems(scratch / "one.yaml", f"- a: {value}\n  b: [{value}]\n".encode())


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def plausible_events(draw) -> list[dict]:
    """Event-shaped records: real field names, each value either plausible or random."""
    plausible = {
        "id": st.sampled_from(["fuzz-event", "memorandum-2025", "Bad Id", ""]),
        "date": st.sampled_from(["2025", "2025-02-30", "2003/2009", "2009/2003", "../2020", "0000", "9999-12-31"]),
        "date_basis": st.sampled_from(["event", "reported", "other"]),
        "title": st.text(max_size=200),
        "summary": st.text(max_size=50),
        "actors": st.lists(st.sampled_from(["PAN", "RUS", "SUN", "XYZ", "pan"]), max_size=3),
        "themes": st.lists(st.sampled_from(["trade", "diplomacy", "maritime", "nope"]), max_size=3),
        "kind": st.sampled_from(["visit", "agreement", "war"]),
        "tone": st.sampled_from(["cooperation", "neutral", "tension", "hostile"]),
        "tone_rationale": st.text(max_size=20),
        "confidence": st.sampled_from(["high", "medium", "low", "sure"]),
        "note": st.none() | st.text(max_size=20),
        "passages": st.lists(st.fixed_dictionaries(
            {"source": st.sampled_from(["alpha", "beta", "gamma"]),
             "quote": st.sampled_from(["Relations were established in 1904", "Skip to content", "absent", "", "e"])},
            optional={"prefix": st.text(max_size=5), "suffix": st.text(max_size=5),
                      "perspective": st.sampled_from(["author", "nobody"])}), max_size=2),
    }  # fmt: skip
    records_ = []
    for _ in range(draw(st.integers(1, 3))):
        record = {}
        for name, strategy in plausible.items():
            choice = draw(st.sampled_from(["plausible", "plausible", "random", "missing"]))
            if choice != "missing":
                record[name] = draw(strategy if choice == "plausible" else VALUES)
        if draw(st.booleans()):
            record[draw(st.sampled_from(["acters", "Title", "extra"]))] = draw(VALUES)
        records_.append(record)
    return records_


@FUZZ
@given(plausible_events())
def test_loader_on_plausible_events(scratch, events):
    text = yaml.safe_dump(events, allow_unicode=True, sort_keys=False)
    result = load_with_events_file(scratch, text)
    only_problems(result)
    if result.ok:  # what loads must also go through every consumer of the dataset
        recs = records.event_records(result.dataset)
        records.to_json(recs)
        records.to_csv(recs)
        filters.describe(filters.Filters(), result.dataset)


# --- query parameters -----------------------------------------------------------------------------

PARAM_NAMES = st.sampled_from([*sorted(filters.KNOWN_PARAMS), "bogus", "", "actor[]", "ACTOR"]) | st.text(max_size=10)
PARAM_VALUES = st.sampled_from(["RUS", "PAN", "SUN", "trade", "tension", "high", "2014", "2014-03-18", "2025-02-30",
                                "post-2022", "any", "all", "0", "alpha", "", " ", "0001", "9999-12-31", "0001/9999"]) | st.text(max_size=30)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(PARAM_NAMES, st.lists(PARAM_VALUES, max_size=6) | PARAM_VALUES, max_size=8))
def test_query_params_give_filters_and_notices(valid_dataset, params):
    chosen, notices = filters.Filters.from_query_params(params, valid_dataset)
    assert isinstance(chosen, filters.Filters)
    assert all(isinstance(n, str) and len(n) < 300 for n in notices)
    events = filters.apply(chosen, valid_dataset)
    assert set(events["id"]) <= set(valid_dataset.events["id"])
    filters.describe(chosen, valid_dataset, events)
    assert re.fullmatch(r"[A-Za-z0-9_-]*", filters.slug(chosen))
    again, more = filters.Filters.from_query_params(chosen.to_query_params(), valid_dataset)
    assert (again, more) == (chosen, []), "what the app writes into the URL reads back unchanged"


@pytest.mark.parametrize("shape", ["many-values", "huge-values", "many-names", "everything"])
def test_huge_query_params_are_cheap(valid_dataset, shape):
    """10,000 values, 1 MB strings: capped, not slow (a generous bound, not a benchmark)."""
    big = "x" * 1_000_000
    params = {
        "many-values": lambda: {name: [f"v{i}" for i in range(10_000)] for name in filters.KNOWN_PARAMS},
        "huge-values": lambda: {name: [big, big] for name in filters.KNOWN_PARAMS},
        "many-names": lambda: {f"p{i}": [big] for i in range(10_000)},
        "everything": lambda: {**{f"p{i}": ["x"] for i in range(10_000)},
                               **{name: [big] * 10_000 for name in filters.KNOWN_PARAMS}},
    }[shape]()  # fmt: skip
    started = time.perf_counter()
    chosen, notices = filters.Filters.from_query_params(params, valid_dataset)
    filters.describe(chosen, valid_dataset)
    seconds = time.perf_counter() - started
    assert seconds < 1.0, f"{seconds:.2f} s"
    singles = len(filters.KNOWN_PARAMS - set(filters.LIST_PARAMS))  # each: "given N times" and a bad value
    assert len(notices) <= 5 + len(filters.LIST_PARAMS) * (filters.MAX_VALUES + 1) + 2 * singles
    assert all(len(n) < 300 for n in notices), "notices quote at most 40 characters of a value"
    assert len(chosen.q) <= filters.MAX_TEXT


# --- dates ----------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers() | st.text(alphabet=st.characters(categories=["Nd", "Zs", "Pd", "Cc", "Cf"]), max_size=15))
def test_parse_date_on_integers_and_unicode_digits(value):
    try:
        span = parse_date(value)
    except DateError:
        return
    assert isinstance(span, DateSpan) and span.start <= span.end
    assert re.fullmatch(r"[0-9./~?%-]+", span.text), "only ASCII digits make a date"


def test_parse_date_on_a_megabyte_is_quick():
    started = time.perf_counter()
    for text in ("9" * 1_000_000, "2025-" * 200_000, "/" * 1_000_000, "2025/" + "." * 1_000_000):
        with pytest.raises(DateError):
            parse_date(text)
    assert time.perf_counter() - started < 1.0


# --- escaping -------------------------------------------------------------------------------------


def unescaped(markdown: str) -> str:
    """What is left of md() output once every backslash escape is removed: plain characters only."""
    return re.sub(r"\\.", "", markdown, flags=re.DOTALL)


def unmd(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown.replace("  \n", "\n"), flags=re.DOTALL)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_md_escapes_everything_and_loses_nothing(text):
    out = md(text)
    assert not SPECIAL & set(unescaped(out))
    assert unmd(out) == common.BIDI_CONTROLS.sub("", text), "escaping is reversible: the text is shown as is"
    assert not common.BIDI_CONTROLS.search(out)


@settings(max_examples=500, deadline=None)
@given(st.text(), st.integers(2, 400))
def test_safe_hover_text_has_no_markup(text, limit):
    out = common.safe(text, limit)
    assert "<" not in out and ">" not in out and "$" not in out
    shown = html.unescape(out)
    clean = common.BIDI_CONTROLS.sub("", text)
    assert shown == clean if len(clean) <= limit else shown == clean[: limit - 1] + "…"


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(5, 120))
def test_wrap_adds_only_line_breaks(text, width):
    out = common.wrap(text, width)
    assert "<" not in out.replace("<br>", "")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4), st.text(max_size=12))
def test_safe_filename_is_always_harmless(parts, ext):
    name = export.safe_filename(*parts, ext=ext or "csv")
    stem, _, suffix = name.rpartition(".")
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", stem) and re.fullmatch(r"[a-z0-9]+", suffix)
    assert len(name) <= 120 + 1 + 10
    assert stem.upper() not in export.WINDOWS_RESERVED


CELL = st.text() | st.sampled_from(["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"x\")"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "id": CELL, "title": CELL, "summary": CELL, "date": CELL, "start": CELL, "end": CELL,
    "actors": st.lists(CELL, max_size=2), "themes": st.lists(CELL, max_size=2), "tone": CELL, "kind": CELL,
    "confidence": CELL, "date_basis": CELL,
    "passages": st.lists(st.fixed_dictionaries({"source": CELL, "quote": CELL}), max_size=2)}), max_size=3))  # fmt: skip
def test_csv_cells_never_start_a_formula(recs):
    rows = list(csv.reader(io.StringIO(records.to_csv(recs), newline="")))
    assert len(rows) == len(recs) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(records.FORMULA_START), cell
