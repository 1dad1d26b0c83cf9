"""Reading curated YAML safely, remembering the line of every key and list item.

Decisions: the safe loader only (no Python objects); timestamps stay text (our date parser reads
them); duplicate keys are errors, not last-one-wins; anchors and aliases are refused outright,
which makes "billion laughs" documents impossible; files over MAX_BYTES are refused unread;
nesting deeper than MAX_DEPTH is refused before PyYAML's recursive composer can overflow.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_BYTES = 5_000_000
MAX_DEPTH = 50  # curated records nest 4 levels; PyYAML recursion fails near 300


class YamlProblem(Exception):
    """A file that cannot be read as curated YAML; carries the 1-based line when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


class LocatedDict(dict):
    """A mapping that knows the line of each key (`key_lines`) and of itself (`line`)."""

    line: int = 0
    key_lines: dict


class LocatedList(list):
    """A sequence that knows the line of each item (`item_lines`) and of itself (`line`)."""

    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    pass


def _no_alias(self, *args, **kwargs):
    raise YamlProblem(
        "anchors and aliases (&name, *name) are not allowed in curated files",
        self.peek_event().start_mark.line + 1,
    )


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    result = LocatedDict()
    result.line, result.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise YamlProblem("a mapping key must be plain text", key_node.start_mark.line + 1)
        if key in result:
            raise YamlProblem(
                f"duplicate key {key!r} (first on line {result.key_lines[key]})",
                key_node.start_mark.line + 1,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
def _int_or_problem(loader: _Loader, node: yaml.ScalarNode) -> int:
    try:
        return loader.construct_yaml_int(node)
    except ValueError:  # PyYAML's resolver calls `0x_` an int that int() then refuses
        raise YamlProblem(f"malformed YAML: {node.value!r} is not a number; quote it if it is text",
                          node.start_mark.line + 1) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _int_or_problem)


class _NoAliasLoader(_Loader):
    _depth = 0

    def fetch_flow_collection_start(self, token_class):
        # The scanner tracks every open "[" or "{" (quadratic in their number): stop it early.
        if self.flow_level >= MAX_DEPTH:
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", self.get_mark().line + 1)
        super().fetch_flow_collection_start(token_class)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            _no_alias(self)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise YamlProblem(
                "anchors and aliases (&name, *name) are not allowed in curated files",
                event.start_mark.line + 1,
            )
        if self._depth >= MAX_DEPTH:
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", event.start_mark.line + 1)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a YamlProblem when it is too large or cannot be read (permissions...)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlProblem(f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit")
        return path.read_bytes()
    except OSError as err:
        raise YamlProblem(f"cannot be read: {err.strerror or err}") from None


def read_text(path: Path) -> str:
    """The file as UTF-8 text, or a YamlProblem that says why not."""
    return decode_text(read_bytes(path))


def decode_text(raw: bytes) -> str:
    """Bytes as UTF-8 text, or a YamlProblem naming the first byte that is not."""
    if b"\x00" in raw:
        raise YamlProblem("file is binary (contains NUL bytes), not YAML text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlProblem(f"not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded", line) from None


# -- Fast path: libyaml's events straight to Located values ------------------------------------
# The pure-Python loader above is the reference; it takes ~3 ms per event record, too slow for
# 100,000 events. The fast path reads libyaml's event stream (C) into the same Located values
# and hands anything unusual (errors, tags, anchors, aliases, duplicate keys, several
# documents, deep nesting, non-printable characters) back to the reference loader, so messages
# and results stay exactly the same.

_SLOW = object()  # "let the reference loader decide"
_HEADER_THEN_HASH = re.compile(r"[|>][-+0-9]*#").search


def _libyaml_differs(text: str) -> bool:
    """Where libyaml accepts what the pure-Python loader refuses (or reads differently), found by
    tests/test_fuzz.py: tabs, a byte order mark after the start, `#` right after a block scalar
    header. Plain substring tests first: one regex with all three took 18 ms per 1,000 events."""
    return "\t" in text or text.find("\ufeff", 1) != -1 or ("#" in text and _HEADER_THEN_HASH(text) is not None)


_FAST_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_AS_TEXT = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
_RESOLVER, _CONSTRUCTOR = yaml.resolver.Resolver(), yaml.constructor.SafeConstructor()
_RESOLVED_FIRST = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)  # first chars of non-str


@functools.lru_cache(maxsize=8192)  # keys and enum values repeat on every record
def _plain_scalar(value: str) -> object:
    """An unquoted scalar as the safe loader reads it (2025 -> int, dates stay text)."""
    if value and value[0] not in _RESOLVED_FIRST:
        return value
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag not in _FAST_TAGS:
        return _SLOW
    return value if tag in _AS_TEXT else _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, value))


def _new_container(kind: type, line: int) -> tuple[object, object]:
    """An empty Located container for a start event, and its (empty) table of lines."""
    if kind is yaml.MappingStartEvent:
        value, lines = LocatedDict(), {}
        value.key_lines = lines
    else:
        value, lines = LocatedList(), []
        value.item_lines = lines
    value.line = line
    return value, lines


def _fast_load(text: str) -> object:
    """The document, or _SLOW when the reference loader must decide.

    One flat loop over libyaml's events (about 44 per event record, so this is the loader's hot
    path): the open container, its table of lines and the pending mapping key are locals; the
    containers around it wait on `stack`.
    """
    if not hasattr(yaml, "CSafeLoader") or yaml.reader.Reader.NON_PRINTABLE.search(text) or _libyaml_differs(text):
        return _SLOW
    get_event = yaml.CSafeLoader(text).get_event
    scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    stack: list[tuple] = []
    top = lines = key = key_line = None  # the open container, its lines, the pending key (or _SLOW)
    in_list, root, documents = False, None, 0
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar or kind is mapping_start or kind is sequence_start:
                if event.anchor or event.tag:
                    return _SLOW
                line = event.start_mark.line + 1
                if kind is scalar:
                    value = _plain_scalar(event.value) if event.implicit[0] else event.value
                    if value is _SLOW:
                        return _SLOW
                    opened = None
                else:
                    if len(stack) >= MAX_DEPTH - 1:
                        return _SLOW
                    value, opened = _new_container(kind, line)
                if top is None:
                    root = value
                elif in_list:
                    top.append(value)
                    lines.append(line)
                elif key is _SLOW:  # value is a key
                    if opened is not None or value in top:
                        return _SLOW
                    key, key_line = value, line
                else:
                    top[key] = value
                    lines[key] = key_line
                    key = _SLOW
                if opened is not None:
                    stack.append((top, lines, key, key_line, in_list))
                    top, lines, key, key_line, in_list = value, opened, _SLOW, 0, kind is sequence_start
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                top, lines, key, key_line, in_list = stack.pop()
            elif kind is yaml.StreamEndEvent:
                return root
            else:
                documents += kind is yaml.DocumentStartEvent
                if kind is yaml.AliasEvent or documents > 1:
                    return _SLOW
    except (yaml.YAMLError, ValueError):  # ValueError: `0x_`, see _int_or_problem
        return _SLOW


@dataclass
class YamlDocument:
    path: Path
    data: object


def load_yaml(path: Path) -> YamlDocument:
    """Parse one curated YAML file; raise YamlProblem with a line for anything malformed."""
    text = read_text(path)
    data = _fast_load(text)
    if data is not _SLOW:
        return YamlDocument(path, data)
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        detail = " ".join(filter(None, [err.context, err.problem]))
        raise YamlProblem(f"malformed YAML: {detail}", mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as err:  # a control character; it has a position, not a mark
        line = text[: err.position].count("\n") + 1
        raise YamlProblem(f"malformed YAML: character #x{err.character:04x} is not allowed", line) from None
    except yaml.YAMLError as err:
        raise YamlProblem(f"malformed YAML: {err}") from None
    return YamlDocument(path, data)


def line_of(data: object, loc: tuple) -> int | None:
    """The line of the deepest located node along a pydantic-style location path."""
    line = getattr(data, "line", None) or None
    node = data
    for part in loc:
        if isinstance(node, LocatedDict) and part in node:
            line, node = node.key_lines.get(part, line), node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.item_lines[part], node[part]
        else:
            break
    return line


_PLAIN = re.compile(r"[A-Za-z0-9][^:#\n\"'\\{}\[\],&*!|>%@`]*")


def scalar_text(value, *, quoted: bool = False) -> str:
    """A value as the curated files write it: null, plain text when it cannot be misread (and
    `quoted` is not asked for), else double-quoted (the files' own style)."""
    if value is None:
        return "null"
    value = str(value)
    if not quoted and _PLAIN.fullmatch(value) and value == value.strip() and yaml.safe_load(value) == value:
        return value
    return yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=10**9).strip()


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over: never half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
