"""The tally of the hostile-input suite: files generated, runs, failures by class, the slowest
cases. Written to test-artifacts/hostile-summary.json when the session ends, so the figures
a closing note quotes are the ones the last run saw."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile.observe import FAILURE_CLASSES, Outcome
from tests.support.paths import ROOT

SUMMARY = ROOT / "test-artifacts" / "hostile-summary.json"


@dataclass
class Tally:
    files: int = 0
    runs: int = 0
    in_process: int = 0
    processes: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    slowest: list[Outcome] = field(default_factory=list)
    by_command: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.runs += 1
        if outcome.process:
            self.processes += 1
        else:
            self.in_process += 1
        self.by_command[outcome.args[0] if outcome.args else "?"] += 1
        for kind, _ in outcome.failures:
            self.failures[kind] += 1
        kept = dataclasses.replace(outcome, stdout="", stderr="", reports={})  # not their streams
        self.slowest = sorted([*self.slowest, kept], key=lambda o: -o.seconds)[:5]

    def summary(self) -> dict[str, object]:
        return {
            "files_generated": self.files,
            "runs": self.runs,
            "runs_in_process": self.in_process,
            "runs_as_process": self.processes,
            "runs_by_command": dict(sorted(self.by_command.items())),
            "failures": {kind: self.failures.get(kind, 0) for kind in FAILURE_CLASSES},
            "slowest": [
                {
                    "case": o.case,
                    "args": [a if len(a) < 80 else a[:77] + "..." for a in o.args],
                    "seconds": round(o.seconds, 3),
                    "peak_mib": round(o.peak_bytes / 2**20, 1),
                    "memory_measure": "max RSS of the process"
                    if o.process
                    else "growth of the peak RSS in the test process",
                }
                for o in self.slowest
            ],
        }


@pytest.fixture(scope="session")
def pack_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pack cache for the whole suite (as a user's machine has): the corpus tests the
    inputs, not the first compilation of the default pack, which other tests cover."""
    return tmp_path_factory.mktemp("hostile-cache")


@pytest.fixture(scope="session")
def tally() -> Iterator[Tally]:
    counts = Tally()
    yield counts
    if counts.runs:
        SUMMARY.parent.mkdir(exist_ok=True)
        SUMMARY.write_text(json.dumps(counts.summary(), indent=2, ensure_ascii=True) + "\n", encoding="utf-8")
