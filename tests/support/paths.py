"""Where the tests' inputs live, declared once."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CASES = ROOT / "tests" / "cases"
#: The small policy pack of the tests (two principles, seven controls), independent of the
#: default pack's content so that editing policies/ never breaks a unit or CI test.
TEST_PACK = ROOT / "tests" / "data" / "pack"
