"""The check language: twelve type-strict operators over a scope view, declared in one table.

Each operator takes its argument (already validated by the policy schema) and a context that
resolves paths, and returns an Outcome: passed or not, and the manifest pointer of the node it
looked at (or the nearest parent that exists), so a failing check can be located. `OPERATORS`
is the one declaration: the engine evaluates through it; the policy schema's `$defs/test`,
`explain` and the docs' operator table are generated from it (a drift test guards them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, get_args

from pledgecheck.dates import period
from pledgecheck.vocabulary import ASSURANCE_RANK, Assurance

PATH: dict[str, Any] = {"$ref": "#/$defs/path"}
TEST: dict[str, Any] = {"$ref": "#/$defs/test"}


class Lookup(NamedTuple):
    """What a path found. (Lookups, outcomes and check results are named tuples: every check
    of every manifest makes one of each, and a tuple is built in C, a frozen dataclass field
    by field.)"""

    values: list[Any]
    pointers: list[str]  # manifest pointers of the values found
    nearest: str  # manifest pointer of the deepest node that exists, when nothing was found
    undocumented: bool = False  # the path starts at a safeguard kind the manifest does not document


class Context(Protocol):
    as_of: dt.date
    windows: dict[str, int]  # the pack's named freshness windows
    cadences: dict[str, int]  # the pack's reporting cadences, in days

    def lookup(self, path: str) -> Lookup: ...


class Outcome(NamedTuple):
    passed: bool | None  # None: unverified, the manifest does not state the input
    pointer: str


@dataclass(frozen=True, slots=True)
class Operator:
    """One operator: what evaluates it, what its argument may be, and how people read it."""

    name: str
    function: Callable[[Any, Context], Outcome]
    argument: dict[str, Any]  # JSON Schema of the argument, a fragment of the policy schema
    phrase: str | Callable[[Any], str]  # a format string over the argument's keys ({path} for a bare path)

    @property
    def passes_when(self) -> str:
        """When a check passes, from the function's docstring ("Passes when ...")."""
        return (self.function.__doc__ or "").removeprefix("Passes when ").rstrip(".")


def evaluate(test: dict[str, Any], context: Context) -> Outcome:
    """Evaluate one test (`{operator: argument}`)."""
    ((name, argument),) = test.items()
    return OPERATORS[name].function(argument, context)


def describe(test: dict[str, Any]) -> str:
    """One test in words (its operator's phrase), for people reading `explain`."""
    ((name, argument),) = test.items()
    phrase = OPERATORS[name].phrase
    if callable(phrase):
        return phrase(argument)
    return phrase.format_map(argument if isinstance(argument, dict) else {"path": argument})


def _some(path: str, context: Context, predicate: Callable[[Any], bool | None]) -> Outcome:
    """Passed when some value at `path` satisfies `predicate`; failed when values are stated
    and none does; unverified when nothing is stated there (or no value can be decided)."""
    found = context.lookup(path)
    undecided = ""
    for value, pointer in zip(found.values, found.pointers, strict=True):
        verdict = predicate(value) if value is not None else None
        if verdict:
            return Outcome(True, pointer)
        if verdict is None:
            undecided = undecided or pointer
    if found.undocumented:  # no safeguard of that kind: a stated absence, not an unknown detail
        return Outcome(False, found.nearest)
    if undecided or not found.pointers:
        return Outcome(None, undecided or found.nearest)
    return Outcome(False, found.pointers[0])


def _same(left: Any, right: Any) -> bool:
    return type(left) is type(right) and bool(left == right)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def exists(path: str, context: Context) -> Outcome:
    """Passes when the value is present and not empty (absent: unverified)."""
    return _some(path, context, lambda v: v != "" and v != [] and v != {})


def equals(arg: dict[str, Any], context: Context) -> Outcome:
    """Passes when the value equals `value`, same type."""
    return _some(arg["path"], context, lambda v: _same(v, arg["value"]))


def one_of(arg: dict[str, Any], context: Context) -> Outcome:
    """Passes when the value equals one of `values`."""
    return _some(arg["path"], context, lambda v: any(_same(v, x) for x in arg["values"]))


def contains(arg: dict[str, Any], context: Context) -> Outcome:
    """Passes when the list contains `value`."""
    wanted = arg["value"]
    return _some(arg["path"], context, lambda v: isinstance(v, list) and any(_same(i, wanted) for i in v))


def min_items(arg: dict[str, Any], context: Context) -> Outcome:
    """Passes when the list has at least `count` items."""
    return _some(arg["path"], context, lambda v: isinstance(v, list) and len(v) >= arg["count"])


def at_least(arg: dict[str, Any], context: Context) -> Outcome:
    """Passes when the number is ≥ `value`."""
    return _some(arg["path"], context, lambda v: _number(v) and v >= arg["value"])


def at_most(arg: dict[str, Any], context: Context) -> Outcome:
    """Passes when the number is ≤ `value` (and present)."""
    return _some(arg["path"], context, lambda v: _number(v) and v <= arg["value"])


def max_age_days(arg: dict[str, Any], context: Context) -> Outcome:
    """Passes when the date is on or before the assessment date and at most `days` before it."""
    days = window_days(arg["days"], context)
    if days is None:  # the cadence it depends on is not stated, or the pack has no window for it
        return Outcome(None, context.lookup(arg["path"]).nearest)
    oldest = context.as_of - dt.timedelta(days=days)

    def fresh(value: Any) -> bool | None:
        found = period(value)
        if found is None:
            return None
        first, last = found
        # evidence dated after the assessment date did not exist yet on that date
        if oldest <= first and last <= context.as_of:
            return True
        if last < oldest or first > context.as_of:
            return False
        return None  # a month or year that straddles the line cannot be decided

    return _some(arg["path"], context, fresh)


def window_days(days: int | str | dict[str, str], context: Context) -> int | None:
    """A freshness window: a number of days, a window the pack names, or the pack's days for
    the cadence stated at a path (`{cadence: /organisation/reporting/cadence}`)."""
    if isinstance(days, int):
        return days
    if isinstance(days, str):
        return context.windows[days]  # the loader has checked the name
    stated = context.lookup(days["cadence"]).values
    return context.cadences.get(stated[0]) if stated and isinstance(stated[0], str) else None


def min_assurance(arg: dict[str, Any], context: Context) -> Outcome:
    """Passes when some evidence item in the list has that assurance or better."""
    level = ASSURANCE_RANK[arg["level"]]

    def strong(value: Any) -> bool | None:
        items = value if isinstance(value, list) else [value]
        if not items:
            return None  # no evidence at all: how strong it is is not stated
        return any(
            isinstance(i, dict) and ASSURANCE_RANK.get(i.get("assurance", "self-attested"), 0) >= level for i in items
        )

    return _some(arg["path"], context, strong)


def all_of(tests: list[dict[str, Any]], context: Context) -> Outcome:
    """Passes when every test passes (fails when one fails; else unverified if one is)."""
    outcomes = [evaluate(t, context) for t in tests]
    return _first(outcomes, False) or _first(outcomes, None) or outcomes[0]


def any_of(tests: list[dict[str, Any]], context: Context) -> Outcome:
    """Passes when some test passes (else unverified if one is; else fails)."""
    outcomes = [evaluate(t, context) for t in tests]
    return _first(outcomes, True) or _first(outcomes, None) or outcomes[0]


def not_(test: dict[str, Any], context: Context) -> Outcome:
    """Passes when the test fails (an unverified test stays unverified)."""
    outcome = evaluate(test, context)
    return Outcome(None if outcome.passed is None else not outcome.passed, outcome.pointer)


def _first(outcomes: list[Outcome], state: bool | None) -> Outcome | None:
    return next((o for o in outcomes if o.passed is state), None)


def _on_path(**properties: dict[str, Any]) -> dict[str, Any]:
    """The schema of an argument `{path, ...}` whose keys are all required."""
    required, schemas = ["path", *properties], {"path": PATH, **properties}
    return {"type": "object", "additionalProperties": False, "required": required, "properties": schemas}


_TESTS: dict[str, Any] = {"type": "array", "minItems": 1, "items": TEST}
_COUNT: dict[str, Any] = {"type": "integer", "minimum": 0}
_NUMBER: dict[str, Any] = {"type": "number"}
_STRICT: dict[str, Any] = {"description": "Compared strictly: same type and value."}
_WINDOW: dict[str, Any] = {
    "oneOf": [
        _COUNT,
        {"type": "string", "pattern": "^[a-z][a-z-]*$", "description": "A window named in pack.yaml `windows`."},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["cadence"],
            "properties": {"cadence": PATH},
            "description": "The pack's `cadences` days for the cadence stated at this path.",
        },
    ]
}
_ASSURED: dict[str, Any] = _on_path(level={"enum": list(get_args(Assurance))})


def _age_phrase(arg: dict[str, Any]) -> str:
    days = arg["days"]
    if isinstance(days, int):
        return f"{arg['path']} is at most {days} days old"
    if isinstance(days, str):
        return f"{arg['path']} is within the pack's '{days}' window"
    return f"{arg['path']} is within the reporting cadence stated at {days['cadence']}"


OPERATORS: dict[str, Operator] = {
    operator.name: operator
    for operator in (
        Operator("exists", exists, PATH, "{path} is present"),
        Operator("equals", equals, _on_path(value=_STRICT), "{path} is {value!r}"),
        Operator("one_of", one_of, _on_path(values={"type": "array", "minItems": 1}), "{path} is one of {values}"),
        Operator("contains", contains, _on_path(value={}), "{path} contains {value!r}"),
        Operator("min_items", min_items, _on_path(count=_COUNT), "{path} has at least {count} item(s)"),
        Operator("at_least", at_least, _on_path(value=_NUMBER), "{path} is at least {value}"),
        Operator("at_most", at_most, _on_path(value=_NUMBER), "{path} is at most {value}"),
        Operator("max_age_days", max_age_days, _on_path(days=_WINDOW), _age_phrase),
        Operator("min_assurance", min_assurance, _ASSURED, "{path} has evidence that is {level} or better"),
        Operator("all", all_of, _TESTS, lambda tests: "(" + " and ".join(map(describe, tests)) + ")"),
        Operator("any", any_of, _TESTS, lambda tests: "(" + " or ".join(map(describe, tests)) + ")"),
        Operator("not", not_, TEST, lambda test: f"not {describe(test)}"),
    )
}
