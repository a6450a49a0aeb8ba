"""Turn a stream of YAML events into plain data and a position map, iteratively.

No recursion (a file nested 100,000 deep cannot overflow the stack) and every limit is
checked as the events arrive, so hostile input is rejected after reading only a prefix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pledgecheck.pointer import join_pointer, pointer_to_path

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


@dataclass(slots=True)
class _Frame:
    value: dict[str, Any] | list[Any]
    pointer: str
    anchor: str | None
    size: int = 1
    key: str | None = None
    key_mark: Any = None
    merge_next: bool = False
    merges: list[dict[str, Any]] = field(default_factory=list)


#: what one recorded position costs, beside its pointer's characters (a dict entry, a tuple)
POSITION_COST = 100


def position_budget(characters: int) -> int:
    """The cost of positions a text of `characters` may record: a manifest records about ten
    times its size, so this bounds memory by the size limit, never by a product of counts (a
    400 KB key with 200,000 children would otherwise store 200,000 pointers of 400 KB)."""
    return 32 * characters + (1 << 20)


class Builder:
    def __init__(self, *, max_depth: int, alias_budget: int, position_budget: int | None = None) -> None:
        self.max_depth = max_depth
        self.alias_budget = alias_budget
        #: positions past this cost are not recorded: those nodes are located at a parent
        self.position_budget = position_budget
        self.expanded = 0
        self.result: Any = None
        self.positions: dict[str, tuple[int, int]] = {}
        self._stack: list[_Frame] = []
        self._anchors: dict[str, tuple[Any, int]] = {}
        self._documents = 0

    def run(self, events: Iterable[Any]) -> None:
        for event in events:
            name = type(event).__name__
            if name == "ScalarEvent":
                self._scalar(event)
            elif name in ("MappingStartEvent", "SequenceStartEvent"):
                self._open(event, {} if name == "MappingStartEvent" else [])
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                self._close()
            elif name == "AliasEvent":
                self._alias(event)
            elif name == "DocumentStartEvent":
                self._documents += 1
                if self._documents > 1:
                    raise BuildError(event.start_mark, "only one YAML document is allowed per file")
        if self._documents == 0 or self.result is None:
            raise BuildError(_Mark(0, 0), "file is empty: expected a mapping of manifest keys")

    # -- containers -------------------------------------------------------------------------
    def _open(self, event: Any, value: dict[str, Any] | list[Any]) -> None:
        self._check_tag(event, "map" if isinstance(value, dict) else "seq")
        pointer = self._child_pointer(event)
        if len(self._stack) >= self.max_depth:
            message = f"nesting is deeper than the limit of {self.max_depth} levels"
            raise BuildError(event.start_mark, message)
        self._record(pointer, event.start_mark)
        self._stack.append(_Frame(value, pointer, event.anchor))

    def _close(self) -> None:
        frame = self._stack.pop()
        if isinstance(frame.value, dict):
            for merged in frame.merges:
                for key, item in merged.items():
                    frame.value.setdefault(key, item)
        if frame.anchor is not None:
            self._anchors[frame.anchor] = (frame.value, frame.size)
        self._place(frame.value, frame.size, None)

    # -- leaves -----------------------------------------------------------------------------
    def _scalar(self, event: Any) -> None:
        top = self._stack[-1] if self._stack else None
        tag = self._resolve_tag(event)
        if top is not None and isinstance(top.value, dict) and top.key is None:
            self._key(top, event, tag)
            return
        value = _convert(event, tag)
        pointer = self._child_pointer(event)
        self._record(pointer, event.start_mark)
        if event.anchor is not None:
            self._anchors[event.anchor] = (value, 1)
        self._place(value, 1, event)

    def _key(self, frame: _Frame, event: Any, tag: str) -> None:
        if tag == _CORE + "merge":
            frame.merge_next = True
            frame.key, frame.key_mark = "<<", event.start_mark
            return
        key = event.value
        if key in frame.value:
            first = self.positions.get(join_pointer(frame.pointer, key), (0, 0))[0]
            message = f"duplicate key '{key}' (first defined on line {first})"
            raise BuildError(event.start_mark, message, frame.pointer)
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
        if top is not None and isinstance(top.value, dict) and top.key is None:
            raise BuildError(event.start_mark, "an alias cannot be used as a mapping key")
        self._record(self._child_pointer(event), event.start_mark)
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
        if isinstance(top.value, list):
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

    def _child_pointer(self, event: Any) -> str:
        if not self._stack:
            return ""
        top = self._stack[-1]
        part: str | int
        if isinstance(top.value, list):
            part = len(top.value)
        elif top.merge_next:  # merged keys are located as members of the mapping itself
            return top.pointer
        elif top.key is None:
            raise BuildError(event.start_mark, "mapping keys must be plain text, not collections")
        else:
            part = top.key
        if self.position_budget is not None and self.position_budget < 0:
            return top.pointer  # past the budget nothing is recorded: no pointer is built either
        return join_pointer(top.pointer, part)

    def _record(self, pointer: str, mark: Any) -> None:
        if self.position_budget is not None:
            if self.position_budget < 0:
                return
            self.position_budget -= len(pointer) + POSITION_COST
        top = self._stack[-1] if self._stack else None
        if top is not None and isinstance(top.value, dict) and top.key_mark is not None:
            mark = top.key_mark  # a mapping member is located at its key
        self.positions.setdefault(pointer, (mark.line + 1, mark.column + 1))

    def _resolve_tag(self, event: Any) -> str:
        if event.tag is not None and event.tag != "!":
            self._check_tag(event, "str")
            return str(event.tag)
        value: str = event.value
        if not event.implicit[0] or (value and value[0] not in _FIRST):  # quoted, or plainly text
            return _CORE + "str"
        return next((tag for tag, pattern in _PLAIN if pattern.match(value)), _CORE + "str")

    def _check_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag in _ALLOWED_TAGS[kind]:
            return
        shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
        if any(tag in allowed for allowed in _ALLOWED_TAGS.values()):
            raise BuildError(event.start_mark, f"the tag '{shown}' does not fit {_NODE_NAMES[kind]}; remove it")
        raise BuildError(event.start_mark, f"the tag '{shown}' is not allowed; remove it")


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
