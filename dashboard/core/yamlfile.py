"""Reading curated YAML safely, remembering the line of every key and list item.

Decisions: the safe loader only (no Python objects); timestamps stay text (our date parser reads
them); duplicate keys are errors, not last-one-wins; anchors and aliases are refused outright,
which makes "billion laughs" documents impossible; files over MAX_BYTES are refused unread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_BYTES = 5_000_000


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
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


class _NoAliasLoader(_Loader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            _no_alias(self)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise YamlProblem(
                "anchors and aliases (&name, *name) are not allowed in curated files",
                event.start_mark.line + 1,
            )
        return super().compose_node(parent, index)


def read_text(path: Path) -> str:
    """The file as UTF-8 text, or a YamlProblem that says why not."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlProblem(f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise YamlProblem("file is binary (contains NUL bytes), not YAML text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlProblem(f"not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded", line) from None


@dataclass
class YamlDocument:
    path: Path
    data: object


def load_yaml(path: Path) -> YamlDocument:
    """Parse one curated YAML file; raise YamlProblem with a line for anything malformed."""
    text = read_text(path)
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
