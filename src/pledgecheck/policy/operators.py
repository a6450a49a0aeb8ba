"""The check language: twelve type-strict operators over a scope view.

Each operator takes its argument (already validated by the policy schema) and a context that
resolves paths, and returns an Outcome: passed or not, and the manifest pointer of the node it
looked at (or the nearest parent that exists), so a failing check can be located.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pledgecheck.registry import resolve
from pledgecheck.vocabulary import ASSURANCE_RANK

_HERE = "pledgecheck.policy.operators:"
OPERATORS: dict[str, str] = {
    "exists": _HERE + "exists",
    "equals": _HERE + "equals",
    "one_of": _HERE + "one_of",
    "contains": _HERE + "contains",
    "min_items": _HERE + "min_items",
    "at_least": _HERE + "at_least",
    "at_most": _HERE + "at_most",
    "max_age_days": _HERE + "max_age_days",
    "min_assurance": _HERE + "min_assurance",
    "all": _HERE + "all_of",
    "any": _HERE + "any_of",
    "not": _HERE + "not_",
}


@dataclass(frozen=True, slots=True)
class Lookup:
    values: list[Any]
    pointers: list[str]  # manifest pointers of the values found
    nearest: str  # manifest pointer of the deepest node that exists, when nothing was found


class Context(Protocol):
    as_of: dt.date

    def lookup(self, path: str) -> Lookup: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    passed: bool
    pointer: str


def evaluate(test: dict[str, Any], context: Context) -> Outcome:
    """Evaluate one test (`{operator: argument}`)."""
    ((name, argument),) = test.items()
    operator: Callable[[Any, Context], Outcome] = resolve(OPERATORS[name])
    return operator(argument, context)


def _some(path: str, context: Context, predicate: Callable[[Any], bool]) -> Outcome:
    found = context.lookup(path)
    for value, pointer in zip(found.values, found.pointers, strict=True):
        if predicate(value):
            return Outcome(True, pointer)
    return Outcome(False, found.pointers[0] if found.pointers else found.nearest)


def _same(left: Any, right: Any) -> bool:
    return type(left) is type(right) and bool(left == right)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def exists(path: str, context: Context) -> Outcome:
    return _some(path, context, lambda v: v is not None and v != "" and v != [] and v != {})


def equals(arg: dict[str, Any], context: Context) -> Outcome:
    return _some(arg["path"], context, lambda v: _same(v, arg["value"]))


def one_of(arg: dict[str, Any], context: Context) -> Outcome:
    return _some(arg["path"], context, lambda v: any(_same(v, x) for x in arg["values"]))


def contains(arg: dict[str, Any], context: Context) -> Outcome:
    wanted = arg["value"]
    return _some(arg["path"], context, lambda v: isinstance(v, list) and any(_same(i, wanted) for i in v))


def min_items(arg: dict[str, Any], context: Context) -> Outcome:
    return _some(arg["path"], context, lambda v: isinstance(v, list) and len(v) >= arg["count"])


def at_least(arg: dict[str, Any], context: Context) -> Outcome:
    return _some(arg["path"], context, lambda v: _number(v) and v >= arg["value"])


def at_most(arg: dict[str, Any], context: Context) -> Outcome:
    return _some(arg["path"], context, lambda v: _number(v) and v <= arg["value"])


def max_age_days(arg: dict[str, Any], context: Context) -> Outcome:
    def fresh(value: Any) -> bool:
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return False
        # evidence dated after the assessment date did not exist yet on that date
        return day is not None and 0 <= (context.as_of - day).days <= arg["days"]

    return _some(arg["path"], context, fresh)


def min_assurance(arg: dict[str, Any], context: Context) -> Outcome:
    level = ASSURANCE_RANK[arg["level"]]

    def strong(value: Any) -> bool:
        items = value if isinstance(value, list) else [value]
        return any(
            isinstance(i, dict) and ASSURANCE_RANK.get(i.get("assurance", "self-attested"), 0) >= level for i in items
        )

    return _some(arg["path"], context, strong)


def all_of(tests: list[dict[str, Any]], context: Context) -> Outcome:
    outcomes = [evaluate(t, context) for t in tests]
    failed = next((o for o in outcomes if not o.passed), None)
    return failed or outcomes[0]


def any_of(tests: list[dict[str, Any]], context: Context) -> Outcome:
    outcomes = [evaluate(t, context) for t in tests]
    passed = next((o for o in outcomes if o.passed), None)
    return passed or outcomes[0]


def not_(test: dict[str, Any], context: Context) -> Outcome:
    outcome = evaluate(test, context)
    return Outcome(not outcome.passed, outcome.pointer)
