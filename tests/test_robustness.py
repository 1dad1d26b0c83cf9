"""Bad data never crashes anything: every defect comes back as Problems (file, line, field,
message), `python -m dashboard validate` exits 1 with one `path:line: field: message` line per
problem, and the app shows its error panel.

tests/test_load.py pins the exact message of each basic defect on the valid fixture. This file
covers the hostile and unusual ones (alias bombs, deep nesting, huge, binary or unreadable
files, odd YAML tags and keys, folders of the wrong shape) and runs every case through the
command line too, so "never a traceback" is checked end to end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.__main__ import main as cli_main
from dashboard.core import load, yamlfile
from dashboard.core.load import Problem

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app.py"
EV = "curated/events/sample.yaml"
SRC = "curated/sources.yaml"
ACT = "curated/actors.yaml"
THM = "curated/themes.yaml"
PER = "curated/periods.yaml"
PROBLEM_LINE = re.compile(r"^.+:\d+: \S.*: .+$")
MEMO_DATE = "date: 2025-04-07"
RELATIONS = "  actors: [PAN, RUS]\n  themes: [diplomacy]"


def line_containing(path: Path, needle: str | bytes) -> int:
    """1-based number of the only line of path that holds needle."""
    needle = needle.encode("utf-8") if isinstance(needle, str) else needle
    lines = [i for i, line in enumerate(path.read_bytes().split(b"\n"), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines} of {path}, expected exactly one"
    return lines[0]


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def nested(kind: str, depth: int) -> str:
    if kind == "flow-list":
        return "- " + "[" * depth + "]" * depth + "\n"
    if kind == "flow-map":
        return "- " + "{a: " * depth + "1" + "}" * depth + "\n"
    if kind == "compact":
        return "- " * depth + "x\n"
    return "".join("  " * i + "- \n" for i in range(depth))  # block lists, one per line


@dataclass(frozen=True)
class Expect:
    file: str  # relative to the data folder; "<data>"/"<seeds>" for the folders themselves
    field: str
    fragment: str  # in the message
    anchor: str | bytes | None = None  # the problem's line is the one line of `file` holding this


@dataclass(frozen=True)
class Case:
    name: str
    expect: tuple[Expect, ...]
    edits: tuple = ()
    files: dict = field(default_factory=dict)
    remove: tuple = ()
    replace: dict = field(default_factory=dict)  # path -> a file with this content, or None: a folder


CASES = [
    # -- malformed text -----------------------------------------------------------------------
    Case("unclosed-quote",
         (Expect("events/bad.yaml", "(file)", "malformed YAML"),),
         files={"curated/events/bad.yaml": '- id: x\n  title: "never closed\n  kind: visit\n'}),
    Case("two-documents",
         (Expect("events/two.yaml", "(file)", "malformed YAML: expected a single document"),),
         files={"curated/events/two.yaml": "- id: a\n---\n- id: b\n"}),
    Case("duplicate-key-in-passage",
         (Expect("events/sample.yaml", "(file)", "duplicate key 'source'", "      source: beta"),),
         edits=((EV, "      perspective: russian-media", "      perspective: russian-media\n      source: beta"),)),
    Case("billion-laughs-in-reference-file",
         (Expect("themes.yaml", "(file)", "anchors and aliases", "lol0: &lol0"),),
         files={THM: billion_laughs()}),
    Case("deeply-nested-flow-list",
         (Expect("events/deep.yaml", "(file)", f"nested more than {yamlfile.MAX_DEPTH} levels deep"),),
         files={"curated/events/deep.yaml": nested("flow-list", 5000)}),
    Case("deeply-nested-flow-map",
         (Expect("events/deep.yaml", "(file)", f"nested more than {yamlfile.MAX_DEPTH} levels deep"),),
         files={"curated/events/deep.yaml": nested("flow-map", 5000)}),
    Case("deeply-nested-compact-list",
         (Expect("events/deep.yaml", "(file)", "levels deep"),),
         files={"curated/events/deep.yaml": nested("compact", 5000)}),
    Case("deeply-nested-block",
         (Expect("events/deep.yaml", "(file)", "levels deep"),),
         files={"curated/events/deep.yaml": nested("block", 2000)}),
    # -- bytes that are not UTF-8 text ----------------------------------------------------------
    Case("utf16-with-bom",
         (Expect("periods.yaml", "(file)", "binary"),),
         files={PER: "- id: p\n  label: P\n".encode("utf-16")}),
    Case("latin1",
         (Expect("actors.yaml", "(file)", "not UTF-8: byte 0xe1", b"Panam\xe1"),),
         edits=((ACT, b"name: Panama", b"name: Panam\xe1"),)),
    Case("seed-is-binary",
         (Expect("sources.yaml", "file", "beta: seed beta.txt: file is binary", "file: beta.txt"),
          Expect("sources.yaml", "sha256", "has changed since curation", "sha256: 8c471ba5")),
         files={"seeds/beta.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}),
    Case("seed-over-size-limit",
         (Expect("sources.yaml", "file", "over the 5,000,000-byte limit", "file: beta.txt"),),
         files={"seeds/beta.txt": "x" * (yamlfile.MAX_BYTES + 1)}),
    Case("seed-emptied",
         (Expect("sources.yaml", "sha256", "beta: seed beta.txt has changed since curation", "sha256: 8c471ba5"),
          Expect("themes.yaml", "passages[0].quote", "quote not found in beta", "remain pragmatic"),
          Expect("events/sample.yaml", "passages[1].quote", "quote not found in beta", "Russian media reported")),
         files={"seeds/beta.txt": ""}),
    # -- the wrong shape ------------------------------------------------------------------------
    Case("top-level-scalar",
         (Expect("periods.yaml", "(file)", "must be a YAML list of records"),),
         files={PER: "just a sentence\n"}),
    Case("top-level-number",
         (Expect("events/n.yaml", "(file)", "must be a YAML list of records"),),
         files={"curated/events/n.yaml": "42\n"}),
    Case("list-of-lists",
         (Expect("events/l.yaml", "[0]", "each record must be a mapping", "- [a, b]"),),
         files={"curated/events/l.yaml": "- [a, b]\n"}),
    Case("null-record",
         (Expect("events/l.yaml", "[0]", "each record must be a mapping", "- null"),),
         files={"curated/events/l.yaml": "- null\n"}),
    Case("empty-record",
         (Expect("events/e.yaml", "id", "required field is missing", "- {}"),
          Expect("events/e.yaml", "passages", "required field is missing", "- {}")),
         files={"curated/events/e.yaml": "- {}\n"}),
    Case("complex-key",
         (Expect("events/sample.yaml", "(file)", "a mapping key must be plain text", "? [x, y]"),),
         edits=((EV, "  kind: trade\n", "  kind: trade\n  ? [x, y]\n  : z\n"),)),
    Case("number-as-key",
         (Expect("events/sample.yaml", "[1]", "Keys should be strings", "  1: one"),),
         edits=((EV, "  kind: trade\n", "  kind: trade\n  1: one\n"),)),
    Case("merge-key-without-alias",
         (Expect("events/sample.yaml", "(file)", "malformed YAML: could not determine a constructor for the tag "
                 "'tag:yaml.org,2002:merge'", "<<: {tone: neutral}"),),
         edits=((EV, "  kind: trade\n", "  kind: trade\n  <<: {tone: neutral}\n"),)),
    Case("binary-tag-not-text",
         (Expect("events/sample.yaml", "title", "valid string", "!!binary"),),
         edits=((EV, "title: Trade grows steadily", "title: !!binary /w=="),)),
    # -- wrong types and values -------------------------------------------------------------------
    Case("hex-without-digits",
         (Expect("events/sample.yaml", "(file)", "'0x_' is not a number; quote it if it is text", "note: 0x_"),),
         edits=((EV, "  confidence: high\n  passages:\n    - source: alpha\n      quote: Trade grew",
                 "  confidence: high\n  note: 0x_\n  passages:\n    - source: alpha\n      quote: Trade grew"),)),
    Case("date-is-a-list",
         (Expect("events/sample.yaml", "date", "Input should be a valid string", "date: [2025, 4]"),),
         edits=((EV, MEMO_DATE, "date: [2025, 4]"),)),
    Case("date-with-time",
         (Expect("events/sample.yaml", "date", "is not a date", "date: 2025-04-07T10:00:00"),),
         edits=((EV, MEMO_DATE, "date: 2025-04-07T10:00:00"),)),
    Case("yes-is-not-a-tone",
         (Expect("events/sample.yaml", "tone", "Input should be 'cooperation', 'neutral' or 'tension'",
                 "tone: yes"),),
         edits=((EV, "  tone: neutral", "  tone: yes"),)),
    Case("nan-as-text",
         (Expect("events/sample.yaml", "summary", "Input should be a valid string", "summary: .nan"),),
         edits=((EV, "summary: Officials said trade grew steadily over these years.", "summary: .nan"),)),
    Case("unknown-field-case-typo",
         (Expect("events/sample.yaml", "Title", "unknown field `Title` (did you mean `title`?)", "Title:"),
          Expect("events/sample.yaml", "title", "required field is missing", "- id: trade-growth-2003-2009")),
         edits=((EV, "title: Trade grows steadily", "Title: Trade grows steadily"),)),
    Case("unknown-field-in-source",
         (Expect("sources.yaml", "sha265", "unknown field `sha265` (did you mean `sha256`?)", "sha265:"),
          Expect("sources.yaml", "sha256", "required field is missing", "- id: beta")),
         edits=((SRC, "  sha256: 8c471ba5", "  sha265: 8c471ba5"),)),
    Case("impossible-date-in-range",
         (Expect("events/sample.yaml", "date", "day 30 does not exist in February 2025", "2025-02-01/2025-02-30"),),
         edits=((EV, MEMO_DATE, "date: 2025-02-01/2025-02-30"),)),
    Case("not-a-leap-year",
         (Expect("events/sample.yaml", "date", "day 29 does not exist in February 2023", "2023-02-29"),),
         edits=((EV, MEMO_DATE, "date: 2023-02-29"),)),
    Case("day-range-backwards",
         (Expect("events/sample.yaml", "date", "the range ends before it starts", "2025-04-07/2025-04-06"),),
         edits=((EV, MEMO_DATE, "date: 2025-04-07/2025-04-06"),)),
    # -- cross-references -------------------------------------------------------------------------
    Case("duplicate-actor-id",
         (Expect("actors.yaml", "id", "duplicate actor id 'PAN'", "id: PAN, name: Panama again"),),
         edits=((ACT, "- {id: RUS,", "- {id: PAN, name: Panama again, kind: state, region: X, color: \"#000000\"}\n"
                                   "- {id: RUS,"),)),
    Case("duplicate-theme-id",
         (Expect("themes.yaml", "id", "duplicate theme id 'trade'", "label: Trade again"),),
         edits=((THM, "- id: maritime\n", "- {id: trade, label: Trade again, description: x, color: \"#000000\"}\n"
                                         "- id: maritime\n"),)),
    Case("dangling-successor",
         (Expect("actors.yaml", "successor", "SUN: unknown actor 'RUX'", "successor: RUX"),),
         edits=((ACT, "successor: RUS", "successor: RUX"),)),
    Case("quote-ignores-a-paragraph-break",
         (Expect("events/sample.yaml", "passages[0].quote", "quote not found in alpha", "both sides. Relations"),),
         edits=((EV, "quote: Relations were established in 1904 and restored later.",
                 "quote: by both sides. Relations were established in 1904"),)),
    Case("not-event-quote-ambiguous",
         (Expect("sources.yaml", "not_events[0].quote", "alpha: quote occurs 2 times", '- quote: "2025 the"'),),
         edits=((SRC, '- quote: "(1948)"', '- quote: "2025 the"'),)),
    Case("quote-in-the-wrong-seed",
         (Expect("events/sample.yaml", "passages[0].quote", "quote not found in beta", "quote: Trade grew"),),
         edits=((EV, "    - source: alpha\n      quote: Trade grew", "    - source: beta\n      quote: Trade grew"),)),
    # -- folders of the wrong shape ---------------------------------------------------------------
    Case("empty-curated-tree",
         (*(Expect(name, "(file)", "required file is missing")
            for name in ("sources.yaml", "actors.yaml", "themes.yaml", "periods.yaml")),
          Expect("events/", "(folder)", "no events")),
         remove=("curated/sources.yaml", "curated/actors.yaml", "curated/themes.yaml", "curated/periods.yaml",
                 "curated/events")),
    Case("events-is-a-file",
         (Expect("events/", "(folder)", "`events` is a file"),),
         replace={"curated/events": "- not a folder\n"}),
    Case("folder-named-like-a-yaml-file",
         (Expect("events/folder.yaml", "(file)", "is not a regular file"),),
         files={"curated/events/folder.yaml/inside.txt": "x"}),
    Case("seeds-is-a-file",
         (Expect("<seeds>", "(folder)", "seeds folder does not exist"),),
         replace={"seeds": "not a folder"}),
    Case("seed-is-a-folder",
         (Expect("sources.yaml", "file", "beta: seed", "file: beta.txt"),),
         replace={"seeds/beta.txt": None}),
]  # fmt: skip


def located(problem: Problem) -> bool:
    """Every problem says where: a file, a field, a message, and a line that is a number or absent."""
    return (bool(problem.file) and bool(problem.field) and bool(problem.message)
            and (problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)))  # fmt: skip


def case_tree(make_tree, case: Case):
    """The valid tree with the case's edits; `replace` then swaps a path for a file or a folder."""
    tree = make_tree(edits=case.edits, files=case.files, remove=case.remove)
    for rel, content in case.replace.items():
        target = tree.root / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
        if content is None:
            target.mkdir()
            (target / "inside.txt").write_text("x", encoding="utf-8")
        else:
            target.write_text(content, encoding="utf-8")
    return tree


def check_expected(case: Case, tree, problems: list[Problem]) -> None:
    shown = "\n".join(map(str, problems))
    for expect in case.expect:
        file = {"<data>": str(tree.data), "<seeds>": str(tree.seeds)}.get(expect.file, expect.file)
        hits = [p for p in problems if p.file == file and p.field == expect.field and expect.fragment in p.message]
        assert hits, f"expected {file} {expect.field}: …{expect.fragment}… in:\n{shown}"
        if expect.anchor is not None:
            assert hits[0].line == line_containing(tree.data / expect.file, expect.anchor), shown


def test_case_names_are_unique():
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_gives_located_problems(case, make_tree):
    tree = case_tree(make_tree, case)
    result = load.load(tree.paths)
    assert not result.ok and result.dataset is None
    assert result.problems and all(located(p) for p in result.problems)
    check_expected(case, tree, result.problems)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_command_exits_1_with_one_line_per_problem(case, make_tree, capsys):
    tree = case_tree(make_tree, case)
    code = cli_main(["validate", "--data", str(tree.data), "--seeds", str(tree.seeds)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[-1].endswith(f"problem(s) in {tree.data}")
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), err
    assert "Traceback" not in err


def test_validate_in_a_real_process_never_prints_a_traceback(make_tree):
    """Exit status and stderr as a shell sees them, for the nastiest inputs at once."""
    tree = make_tree(files={"curated/events/deep.yaml": nested("flow-list", 20000),
                            "curated/events/lol.yaml": billion_laughs(),
                            "curated/events/blob.yaml": os.urandom(4096) + b"\x00"})  # fmt: skip
    proc = subprocess.run([sys.executable, "-m", "dashboard", "validate", "--data", str(tree.data),
                           "--seeds", str(tree.seeds)], cwd=REPO, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "levels deep" in proc.stderr and "anchors and aliases" in proc.stderr and "binary" in proc.stderr


# --- bounded time and memory --------------------------------------------------------------------


def measured(func):
    """(result, seconds, peak traced bytes) of one call."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = func()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, seconds, peak


@pytest.mark.parametrize("levels", [9, 30])
def test_billion_laughs_is_refused_quickly_in_bounded_memory(levels, make_tree):
    """A safety check, not a benchmark: expanding 10**9 'lol's would need gigabytes."""
    tree = make_tree(files={"curated/events/lol.yaml": billion_laughs(levels)})
    result, seconds, peak = measured(lambda: load.load(tree.paths))
    assert not result.ok and any("anchors and aliases" in p.message for p in result.problems)
    assert seconds < 1.0, f"{seconds:.2f} s"
    assert peak < 50_000_000, f"{peak:,} bytes"


def test_deep_nesting_is_refused_quickly_in_bounded_memory(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(nested("flow-list", 2_000_000), encoding="utf-8")  # 4 MB of brackets, under the size limit
    _, seconds, peak = measured(lambda: _problem_of(path))
    assert seconds < 1.0 and peak < 50_000_000, (seconds, peak)


def _problem_of(path: Path):
    with pytest.raises(yamlfile.YamlProblem) as info:
        yamlfile.load_yaml(path)
    assert "levels deep" in info.value.message and info.value.line == 1


def test_nesting_at_the_limit_is_still_read(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("[" * (yamlfile.MAX_DEPTH - 1) + "]" * (yamlfile.MAX_DEPTH - 1), encoding="utf-8")
    assert yamlfile.load_yaml(path).data is not None


def test_oversized_file_is_refused_unread(tmp_path):
    """The real 5 MB limit (not monkeypatched): refused from its size, without reading it."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * (yamlfile.MAX_BYTES // 10 + 1))
    _, seconds, peak = measured(lambda: _oversized(path))
    assert seconds < 1.0 and peak < 1_000_000, (seconds, peak)


def _oversized(path: Path):
    with pytest.raises(yamlfile.YamlProblem) as info:
        yamlfile.load_yaml(path)
    assert "over the 5,000,000-byte limit" in info.value.message


# --- files that cannot be read ------------------------------------------------------------------


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_a_problem(make_tree):
    tree = make_tree()
    target = tree.data / "events" / "sample.yaml"
    target.chmod(0)
    try:
        result = load.load(tree.paths)
    finally:
        target.chmod(0o644)
    assert [(p.file, p.field) for p in result.problems if "cannot be read" in p.message] == [
        ("events/sample.yaml", "(file)")]


def deny_reading(path: Path, monkeypatch) -> None:
    """Make reading one file fail as chmod 000 would for a normal user."""
    denied, real_read_bytes = path.resolve(), Path.read_bytes

    def read_bytes(self):
        if self.resolve() == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize(("victim", "expect"), [
    ("curated/events/sample.yaml", Expect("events/sample.yaml", "(file)", "cannot be read: Permission denied")),
    ("curated/actors.yaml", Expect("actors.yaml", "(file)", "cannot be read: Permission denied")),
    ("seeds/alpha.txt", Expect("sources.yaml", "file", "alpha: seed alpha.txt: cannot be read", "file: alpha.txt")),
])  # fmt: skip
def test_permission_denied_is_a_problem_even_as_root(victim, expect, make_tree, monkeypatch):
    """What chmod 000 does for a normal user, simulated so that it also runs as root."""
    tree = make_tree()
    deny_reading(tree.root / victim, monkeypatch)
    result = load.load(tree.paths)
    assert not result.ok and all(located(p) for p in result.problems)
    check_expected(Case("denied", (expect,)), tree, result.problems)


def test_unlistable_events_folder_is_a_problem(make_tree, monkeypatch):
    tree = make_tree()
    events, real_iterdir = (tree.data / "events").resolve(), Path.iterdir

    def iterdir(self):
        if self.resolve() == events:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    (problem,) = load.load(tree.paths).problems
    assert (problem.file, problem.field, problem.message) == ("events/", "(folder)", "cannot be read: Permission denied")


def test_unreadable_stray_file_does_not_stop_a_valid_dataset(make_tree, monkeypatch):
    """A file beside the data (an editor's lock file, say) only feeds the version hash."""
    tree = make_tree(files={"curated/.~lock.sample.yaml#": "locked"})
    deny_reading(tree.data / ".~lock.sample.yaml#", monkeypatch)
    result = load.load(tree.paths)
    assert result.ok, "\n".join(map(str, result.problems))


def test_files_that_only_look_like_yaml_are_ignored(make_tree):
    """Only *.yaml and *.yml are events files; `notes.yhtml` and `x.yaml~` are not read at all."""
    tree = make_tree(files={"curated/events/notes.yhtml": "- not: an event\n", "curated/events/x.yaml~": "{{{"})
    assert load.load(tree.paths).ok


def test_a_utf8_byte_order_mark_is_accepted(make_tree):
    tree = make_tree()
    path = tree.data / "periods.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = load.load(tree.paths)
    assert result.ok, "\n".join(map(str, result.problems))


def test_windows_line_endings_keep_lines_right(make_tree):
    tree = make_tree(edits=[(EV, "tone: neutral", "tone: hostile")])
    path = tree.data / "events" / "sample.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    (problem,) = load.load(tree.paths).problems
    assert (problem.field, problem.line) == ("tone", line_containing(path, "tone: hostile"))


# --- the app --------------------------------------------------------------------------------------


def _clear_cache() -> None:
    from dashboard.ui import data_io

    data_io._load.clear()


@pytest.mark.parametrize("case_name", ["deeply-nested-flow-list", "events-is-a-file", "seed-is-binary",
                                       "empty-curated-tree"])  # fmt: skip
def test_app_with_broken_data_shows_the_error_panel(case_name, make_tree, monkeypatch):
    case = next(c for c in CASES if c.name == case_name)
    tree = case_tree(make_tree, case)
    monkeypatch.setenv("DASHBOARD_DATA", str(tree.data))
    monkeypatch.setenv("DASHBOARD_SEEDS", str(tree.seeds))
    _clear_cache()
    try:
        at = AppTest.from_file(str(APP), default_timeout=60).run()
    finally:
        _clear_cache()
    assert not at.exception, [e.value for e in at.exception]
    (panel,) = at.error
    problems = load.load(tree.paths).problems
    assert f"has {len(problems)} problem(s)" in panel.value
    table = at.dataframe[0].value
    assert list(table.columns) == ["file", "line", "field", "problem"]
    assert len(table) == len(problems)
    assert not at.sidebar.multiselect, "the filters are not drawn over broken data"


def test_app_with_a_missing_data_folder_shows_the_error_panel(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path / "nowhere"))
    monkeypatch.setenv("DASHBOARD_SEEDS", str(tmp_path / "nothing"))
    _clear_cache()
    try:
        at = AppTest.from_file(str(APP), default_timeout=60).run()
    finally:
        _clear_cache()
    assert not at.exception
    assert "has 2 problem(s)" in at.error[0].value
