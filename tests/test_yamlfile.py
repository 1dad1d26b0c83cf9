"""yamlfile: safe loading, text timestamps, line numbers, refused duplicates and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard.core import yamlfile
from dashboard.core.yamlfile import LocatedDict, LocatedList, YamlProblem, line_of, load_yaml, read_text


def write(tmp_path, text: str | bytes, name: str = "doc.yaml"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def problem_of(path) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        load_yaml(path)
    return info.value


# --- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        ("2025-04-07", "2025-04-07"),  # a YAML timestamp: stays the text as written
        ("2025-4-7", "2025-4-7"),  # also matches YAML's timestamp pattern
        ("2025-04-07T10:30:00Z", "2025-04-07T10:30:00Z"),
        ("2025-04-07 10:30:00", "2025-04-07 10:30:00"),
        ('"2025-04-07"', "2025-04-07"),
        ("2025-04", "2025-04"),
        ("2003/2009", "2003/2009"),
        ("2025", 2025),  # an int; the schema turns it into text
        ('"2025"', "2025"),
    ],
)
def test_dates_are_never_converted(tmp_path, yaml_value, expected):
    data = load_yaml(write(tmp_path, f"date: {yaml_value}\n")).data
    assert data["date"] == expected
    assert type(data["date"]) is type(expected)


def test_plain_yaml_types_still_work(tmp_path):
    data = load_yaml(write(tmp_path, "a: [1, 2.5, true, null, text]\nb: {c: d}\n")).data
    assert data == {"a": [1, 2.5, True, None, "text"], "b": {"c": "d"}}
    assert isinstance(data, LocatedDict) and isinstance(data["b"], LocatedDict)
    assert isinstance(data["a"], LocatedList)


def test_empty_file_is_none(tmp_path):
    assert load_yaml(write(tmp_path, "# only a comment\n")).data is None


def test_python_tags_are_refused(tmp_path):
    problem = problem_of(write(tmp_path, "a: !!python/object/apply:os.system ['true']\n"))
    assert problem.message.startswith("malformed YAML")
    assert problem.line == 1


# --- line numbers ---------------------------------------------------------------------------

DOC = """\
# comment line 1
- id: first
  actors:
    - PAN
    - RUS
  passages:
    - source: alpha
      quote: one

    - source: beta
      quote: two
- id: second
  themes: [a, b]
"""


def test_lines_of_keys_and_items(tmp_path):
    data = load_yaml(write(tmp_path, DOC)).data
    assert isinstance(data, LocatedList)
    assert data.line == 2
    assert data.item_lines == [2, 12]
    first, second = data
    assert first.line == 2
    assert first.key_lines == {"id": 2, "actors": 3, "passages": 6}
    assert first["actors"].item_lines == [4, 5]
    assert first["passages"].item_lines == [7, 10]
    assert first["passages"][1].key_lines == {"source": 10, "quote": 11}
    assert second.key_lines == {"id": 12, "themes": 13}
    assert second["themes"].item_lines == [13, 13]


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        ((), 2),
        ((0,), 2),
        ((1,), 12),
        ((0, "actors"), 3),
        ((0, "actors", 1), 5),
        ((0, "passages", 1, "quote"), 11),
        ((0, "passages", 1), 10),
        ((0, "passages", 5, "quote"), 6),  # no such item: the deepest known node
        ((0, "nonexistent"), 2),
        ((1, "themes", "x"), 13),  # a string index into a list stops there
    ],
)
def test_line_of(tmp_path, loc, line):
    data = load_yaml(write(tmp_path, DOC)).data
    assert line_of(data, loc) == line


def test_line_of_plain_values_is_none():
    assert line_of({"a": 1}, ("a",)) is None
    assert line_of("text", ()) is None


# --- refused documents ----------------------------------------------------------------------


def test_duplicate_key_names_both_lines(tmp_path):
    problem = problem_of(write(tmp_path, "- id: x\n  tone: neutral\n  kind: visit\n  tone: tension\n"))
    assert problem.line == 4
    assert "duplicate key 'tone'" in problem.message
    assert "first on line 2" in problem.message


def test_duplicate_key_in_nested_mapping(tmp_path):
    problem = problem_of(write(tmp_path, "- id: x\n  passages:\n    - quote: a\n      quote: b\n"))
    assert problem.line == 4
    assert "duplicate key 'quote'" in problem.message


def test_same_key_in_different_mappings_is_fine(tmp_path):
    data = load_yaml(write(tmp_path, "- id: a\n- id: b\n")).data
    assert [d["id"] for d in data] == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- a: &x 1\n  b: 2\n", 1),  # an anchor alone
        ("- a: 1\n  b: *x\n", 2),  # an alias alone (undefined, but refused first)
        ("- a: 1\n  b: &x\n    - 1\n- c: *x\n", 2),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 1),  # merge keys need an anchor
        ("&root\n- a: 1\n", 1),
    ],
)
def test_anchors_and_aliases_are_refused(tmp_path, text, line):
    problem = problem_of(write(tmp_path, text))
    assert "anchors and aliases" in problem.message
    assert problem.line == line


def billion_laughs() -> str:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, 10):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path):
    problem = problem_of(write(tmp_path, billion_laughs()))
    assert "anchors and aliases" in problem.message
    assert problem.line == 1


def test_non_text_mapping_key(tmp_path):
    problem = problem_of(write(tmp_path, "a: 1\n? [b, c]\n: 2\n"))
    assert problem.message == "a mapping key must be plain text"
    assert problem.line == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- id: x\n  summary: The two: states\n", 2),
        ("- id: x\n  themes: [a, b\n  kind: visit\n", None),  # where PyYAML notices, not asserted
        ("a: 1\n b: 2\n", 2),
        ("- id: x\n\tkind: visit\n", 2),
    ],
)
def test_malformed_yaml_has_a_line(tmp_path, text, line):
    problem = problem_of(write(tmp_path, text))
    assert problem.message.startswith("malformed YAML: ")
    assert isinstance(problem.line, int) and problem.line >= 1
    if line is not None:
        assert problem.line == line


def test_control_character_has_a_line(tmp_path):
    problem = problem_of(write(tmp_path, "a: 1\nb: x\x01y\n"))
    assert problem.message.startswith("malformed YAML: ")
    assert "#x0001" in problem.message
    assert problem.line == 2


# --- reading bytes --------------------------------------------------------------------------


def test_read_text_accepts_utf8(tmp_path):
    assert read_text(write(tmp_path, "a: “Panamá” – ok\n")) == "a: “Panamá” – ok\n"


def test_nul_bytes_mean_binary(tmp_path):
    with pytest.raises(YamlProblem) as info:
        read_text(write(tmp_path, b"a: 1\n\x00\x01\x02"))
    assert "binary" in info.value.message
    assert info.value.line is None


def test_utf16_is_binary_not_garbage(tmp_path):
    with pytest.raises(YamlProblem) as info:
        load_yaml(write(tmp_path, "a: 1\n".encode("utf-16")))
    assert "binary" in info.value.message


def test_non_utf8_names_the_byte_and_line(tmp_path):
    with pytest.raises(YamlProblem) as info:
        load_yaml(write(tmp_path, b"a: 1\nb: 2\nc: caf\xe9\n"))
    assert "not UTF-8" in info.value.message
    assert "0xe9" in info.value.message
    assert info.value.line == 3


def test_size_limit(tmp_path, monkeypatch):
    path = write(tmp_path, "a: " + "x" * 100 + "\n")
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 50)
    with pytest.raises(YamlProblem) as info:
        load_yaml(path)
    assert "over the 50-byte limit" in info.value.message
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 104)
    assert load_yaml(path).data == {"a": "x" * 100}


# --- the fast (libyaml) path agrees with the reference loader --------------------------------


def _same(a, b, where="$"):
    assert type(a) is type(b), where
    if isinstance(a, LocatedDict):
        assert (a.line, a.key_lines) == (b.line, b.key_lines), where
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, LocatedList):
        assert (a.line, a.item_lines, len(a)) == (b.line, b.item_lines, len(b)), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


FAST_SAMPLES = [
    DOC,
    "date: 2025-04-07\nyear: 2025\nq: '2025'\nf: 1.5\nb: yes\nn: ~\nt: 2025-04-07T10:30:00Z\n",
    "- {id: PAN, aliases: [A, B], color: '#0072B2'}\n- {id: RUS, predecessor: SUN}\n",
    "text: >-\n  folded\n  lines\nlit: |\n  kept\n  lines\n",
    "[]\n",
    "{}\n",
    "just text\n",
]


@pytest.mark.parametrize("text", FAST_SAMPLES)
def test_fast_loader_matches_reference(text):
    fast = getattr(yamlfile, "_fast_load", None)
    if fast is None:
        pytest.skip("no fast path in this version of yamlfile")
    result = fast(text)
    reference = yaml.load(text, Loader=yamlfile._NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    if result is not getattr(yamlfile, "_SLOW", object()):
        _same(result, reference)


def test_fast_loader_matches_reference_on_fixture_files():
    fast = getattr(yamlfile, "_fast_load", None)
    if fast is None:
        pytest.skip("no fast path in this version of yamlfile")
    files = sorted((Path(__file__).parent / "fixtures" / "valid" / "curated").rglob("*.yaml"))
    assert len(files) == 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        result = fast(text)
        assert result is not yamlfile._SLOW, path  # plain curated files take the fast path
        _same(result, yaml.load(text, Loader=yamlfile._NoAliasLoader), path.name)  # noqa: S506
