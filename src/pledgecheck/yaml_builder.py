"""Turn a stream of YAML events into plain data and a position map, iteratively.

No recursion (a file nested 100,000 deep cannot overflow the stack) and every limit is
checked as the events arrive, so hostile input is rejected after reading only a prefix.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from pledgecheck.pointer import join_pointer, pointer_to_path
from pledgecheck.positions import Node, Positions

_CORE = "tag:yaml.org,2002:"
# the core-schema tags each kind of node may carry: `!!str {a: 1}` is refused, not ignored
_ALLOWED_TAGS = {
    "map": {_CORE + "map"},
    "seq": {_CORE + "seq"},
    "str": {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge")},
}
_NODE_NAMES = {"map": "a mapping", "seq": "a list", "str": "a single value"}

# Plain scalars resolved by the YAML 1.2 core schema (as ruamel.yaml does), so `NO` and `yes`
# stay strings. Timestamps are not resolved: dates stay text and the schema checks them.
# Written out here because ruamel's versioned resolver costs more than parsing itself.
_PLAIN = [
    (_CORE + "null", re.compile(r"^(?:~|null|Null|NULL|)$")),
    (_CORE + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (_CORE + "int", re.compile(r"^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$")),
    (
        _CORE + "float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
    (_CORE + "merge", re.compile(r"^<<$")),
]
_FIRST = set("~nNtTfF0123456789+-.<")
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


class BuildError(Exception):
    def __init__(self, mark: Any, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.line = mark.line + 1
        self.column = mark.column + 1
        self.message = message
        self.path = pointer_to_path(pointer)


class _Frame:
    """An open mapping or list: its value, the positions of its children (None once nothing
    more is recorded beneath it), and how to name it in a message."""

    __slots__ = ("anchor", "children", "is_map", "key", "key_mark", "merge_next", "merges", "part", "size", "value")

    def __init__(self, value: Any, children: Any, part: str | int | None, anchor: str | None) -> None:
        self.value = value
        self.children = children
        self.is_map = isinstance(value, dict)
        self.part = part  # the key or index under its parent; None for the root and merged values
        self.anchor = anchor
        self.size = 1
        self.key: str | None = None
        self.key_mark: Any = None
        self.merge_next = False
        self.merges: list[dict[str, Any]] = []


#: what one recorded position costs (a tuple and a slot in its parent's children)
POSITION_COST = 100


def position_budget(characters: int) -> int:
    """The cost of positions a text of `characters` may record: a manifest records far less,
    so this bounds memory by the size limit, never by a count the text can inflate."""
    return 32 * characters + (1 << 20)


class Builder:
    def __init__(self, *, max_depth: int, alias_budget: int, position_budget: int | None = None) -> None:
        self.max_depth = max_depth
        self.alias_budget = alias_budget
        #: how many more positions may be recorded: nodes past it are located at a parent
        self.left = sys.maxsize if position_budget is None else position_budget // POSITION_COST
        self.expanded = 0
        self.result: Any = None
        self._root: Node | None = None
        self._stack: list[_Frame] = []
        self._anchors: dict[str, tuple[Any, int]] = {}
        self._documents = 0

    @property
    def positions(self) -> Positions:
        return Positions(self._root)

    def run(self, events: Iterable[Any]) -> None:
        """Consume the events of one stream. Scalars, most of any file, are handled inline."""
        stack, anchors, str_tag = self._stack, self._anchors, _CORE + "str"
        for event in events:
            kind = type(event)
            if kind is not ScalarEvent:
                if kind is MappingStartEvent or kind is SequenceStartEvent:
                    self._open(event, {} if kind is MappingStartEvent else [])
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    self._close()
                elif kind is AliasEvent:
                    self._alias(event)
                elif kind is DocumentStartEvent:
                    self._documents += 1
                    if self._documents > 1:
                        raise BuildError(event.start_mark, "only one YAML document is allowed per file")
                continue
            top = stack[-1] if stack else None
            tag = None if event.ctag is None else event.tag  # `tag` is a property over `ctag`
            if top is not None and top.is_map and top.key is None:
                key = event.value
                if tag is not None or (key == "<<" and event.implicit[0]) or key in top.value:
                    self._key(top, event)  # a tag to check, a merge, or a duplicate
                else:
                    top.key, top.key_mark = key, event.start_mark
                continue
            if tag is not None and tag != "!":
                self._check_tag(event, "str")
            elif not event.implicit[0]:  # quoted: text whatever it reads
                tag = str_tag
            else:
                text = event.value
                tag = str_tag if text and text[0] not in _FIRST else _plain_tag(text)
            if top is None or top.merge_next:
                self._place(_convert(event, tag), 1, event)
                continue
            if top.is_map:
                value = event.value if tag == str_tag else _convert(event, tag)
                top.value[top.key] = value
                mark = top.key_mark  # a mapping member is located at its key
                children = top.children
                if children is not None and self.left > 0:
                    self.left -= 1
                    children[top.key] = (mark.line + 1, mark.column + 1, None)
                top.key = None
            else:
                value = event.value if tag == str_tag else _convert(event, tag)
                children = top.children
                if children is not None and self.left > 0:
                    self.left -= 1
                    mark = event.start_mark
                    children.append((mark.line + 1, mark.column + 1, None))
                top.value.append(value)
            top.size += 1
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
        if self._documents == 0 or self.result is None:
            raise BuildError(_Mark(0, 0), "file is empty: expected a mapping of manifest keys")

    # -- containers -------------------------------------------------------------------------
    def _open(self, event: Any, value: dict[str, Any] | list[Any]) -> None:
        self._check_tag(event, "map" if isinstance(value, dict) else "seq")
        stack = self._stack
        if len(stack) >= self.max_depth:
            message = f"nesting is deeper than the limit of {self.max_depth} levels"
            raise BuildError(event.start_mark, message)
        children: Any = {} if isinstance(value, dict) else []
        part, recorded = self._slot(event, children)
        stack.append(_Frame(value, children if recorded else None, part, event.anchor))

    def _close(self) -> None:
        frame = self._stack.pop()
        if frame.is_map:
            for merged in frame.merges:
                for key, item in merged.items():
                    frame.value.setdefault(key, item)
        if frame.anchor is not None:
            self._anchors[frame.anchor] = (frame.value, frame.size)
        self._place(frame.value, frame.size, None)

    def _slot(self, event: Any, children: dict[str, Node] | list[Node] | None) -> tuple[str | int | None, bool]:
        """Where a node that starts now goes (its key or index under the open container), and
        whether its position is recorded, with `children` to fill in as its own."""
        top = self._stack[-1] if self._stack else None
        if top is None:
            self._root = (event.start_mark.line + 1, event.start_mark.column + 1, children)
            return None, True
        if top.is_map:
            if top.merge_next:  # merged keys are located at the mapping that merges them
                return None, False
            if top.key is None:
                raise BuildError(event.start_mark, "mapping keys must be plain text, not collections")
            part: str | int = top.key
            mark = top.key_mark
        else:
            part, mark = len(top.value), event.start_mark
        if top.children is None or self.left <= 0:
            return part, False
        self.left -= 1
        node = (mark.line + 1, mark.column + 1, children)
        if top.is_map:
            top.children[part] = node
        else:
            top.children.append(node)
        return part, True

    # -- leaves -----------------------------------------------------------------------------
    def _key(self, frame: _Frame, event: Any) -> None:
        tag = event.tag
        if tag is not None and tag != "!":
            self._check_tag(event, "str")
        elif event.implicit[0] and event.value == "<<":
            tag = _CORE + "merge"
        if tag == _CORE + "merge":
            frame.merge_next = True
            frame.key, frame.key_mark = "<<", event.start_mark
            return
        key = event.value
        if key in frame.value:
            first = frame.children.get(key) if frame.children is not None else None
            message = f"duplicate key '{key}' (first defined on line {first[0] if first else 0})"
            raise BuildError(event.start_mark, message, self._pointer())
        frame.key, frame.key_mark = key, event.start_mark

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if any(f.anchor == name for f in self._stack):
            raise BuildError(event.start_mark, f"alias '*{name}' refers to itself")
        if name not in self._anchors:
            raise BuildError(event.start_mark, f"alias '*{name}' has no anchor before it")
        value, size = self._anchors[name]
        self.expanded += size
        if self.expanded > self.alias_budget:
            message = (
                f"aliases expand to more than {self.alias_budget} nodes; "
                "refusing to expand further (possible alias bomb)"
            )
            raise BuildError(event.start_mark, message)
        top = self._stack[-1] if self._stack else None
        if top is not None and top.is_map and top.key is None:
            raise BuildError(event.start_mark, "an alias cannot be used as a mapping key")
        self._slot(event, None)
        self._place(value, size, event)

    # -- helpers ----------------------------------------------------------------------------
    def _place(self, value: Any, size: int, event: Any) -> None:
        if not self._stack:
            if value is None:
                raise BuildError(_Mark(0, 0), "file is empty: expected a mapping of manifest keys")
            if not isinstance(value, dict):
                kind = "a list" if isinstance(value, list) else "a single value"
                mark = event.start_mark if event is not None else _Mark(0, 0)
                raise BuildError(mark, f"the top level must be a mapping of keys, not {kind}")
            self.result = value
            return
        top = self._stack[-1]
        top.size += size
        if not top.is_map:
            top.value.append(value)
            return
        if top.merge_next:
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merged):
                raise BuildError(top.key_mark, "'<<' must merge a mapping or a list of mappings")
            top.merges.extend(merged)
            top.merge_next = False
        else:
            assert top.key is not None
            top.value[top.key] = value
        top.key = None

    def _pointer(self) -> str:
        """The pointer of the innermost open container, for a message."""
        return join_pointer("", *(f.part for f in self._stack if f.part is not None))

    def _check_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag in _ALLOWED_TAGS[kind]:
            return
        shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
        if any(tag in allowed for allowed in _ALLOWED_TAGS.values()):
            raise BuildError(event.start_mark, f"the tag '{shown}' does not fit {_NODE_NAMES[kind]}; remove it")
        raise BuildError(event.start_mark, f"the tag '{shown}' is not allowed; remove it")


def _plain_tag(text: str) -> str:
    """The core-schema tag of a plain scalar that may be more than text."""
    return next((tag for tag, pattern in _PLAIN if pattern.match(text)), _CORE + "str")


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int
    column: int


def _convert(event: Any, tag: str) -> Any:
    text: str = event.value
    kind = tag[len(_CORE) :]
    try:
        if kind == "int":
            cleaned = text.replace("_", "")
            return int(cleaned, 0) if cleaned.lower().startswith(("0x", "0o", "0b")) else int(cleaned)
        if kind == "float":
            return _SPECIAL_FLOATS.get(text.lower()) or float(text.replace("_", ""))
        if kind == "bool":
            if text.lower() not in ("true", "false"):
                raise ValueError(text)
            return text.lower() == "true"
        if kind == "null":
            return None
    except ValueError:
        raise BuildError(event.start_mark, f"'{text}' is not a valid {kind}") from None
    return text  # str, and timestamps (kept as text: the schema checks `format: date`)
