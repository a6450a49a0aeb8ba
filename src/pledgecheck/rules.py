"""How unknowns and the organisation's own declarations count in a verdict (see engine.py).

A manifest of format version 1 is always judged with `unverified_fails`: in that version an
absent detail meant "no", so a check on it failed, and its verdicts keep that meaning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rules:
    """The two choices an assessor makes; the defaults judge a public record fairly."""

    unverified_fails: bool = False  # a check on an unstated input fails (auditors, self-assessment)
    declared_na_as_gap: bool = False  # a self-declared not-applicable that the pack disputes is a gap


DEFAULT_RULES = Rules()
