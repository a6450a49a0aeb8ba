"""Checking a manifest leaves no reference cycle behind: each manifest's objects are freed as
soon as its report is written, so memory stays flat over thousands of files without waiting
for the garbage collector (a self-calling closure once held every document until it ran)."""

from __future__ import annotations

import gc
from collections import Counter

from pledgecheck.pipeline import Pipeline, Settings
from pledgecheck.registry import reporter
from pledgecheck.reporters.base import ReportOptions
from tests.support.paths import EXAMPLES


def test_assessing_and_rendering_leaves_no_cyclic_garbage() -> None:
    pipeline = Pipeline.open(Settings(as_of="2026-12-01"))
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    formats = ("text", "json")
    for name in formats:  # first use fills caches that live for the whole process
        "".join(reporter("check", name)([pipeline.assess_file(files[0])], ReportOptions()))
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(3):
            for file in files:
                assessment = pipeline.assess_file(file)
                for name in formats:
                    "".join(reporter("check", name)([assessment], ReportOptions()))
        del assessment
        gc.collect()
        left = Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not left, left.most_common(5)
