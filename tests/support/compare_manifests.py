"""Manifests for the compare tests: a generator of many valid variations of the examples,
and a manifest with an XSS and escape-sequence payload in every string field it accepts."""

from __future__ import annotations

import copy
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pledgecheck.errors import InputError
from pledgecheck.loading import load_manifest
from pledgecheck.source import load_yaml
from tests.support.paths import EXAMPLES

AS_OF = "2026-11-01"

#: each payload tries to run script (setting document.title or window.__pwned), to start a
#: formula in a spreadsheet or to drive a terminal.
PAYLOADS = (
    "<script>document.title='pwned';window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1;document.title='pwned'\">",
    "javascript:window.__pwned=1",
    '"><svg onload="window.__pwned=1"><circle r=9 /></svg>',
    "<style>*{background:url(javascript:window.__pwned=1)}</style>x",
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\x1b[31mred\x1b]0;pwned\x07 \x1b[2J",
    '[click](javascript:window.__pwned=1) <a href="javascript:window.__pwned=1">a</a>',
    '</td></tr></table><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "' onmouseover='window.__pwned=1' x='",
)


def example_data() -> list[dict[str, Any]]:
    return [load_yaml(str(p)).data for p in sorted(EXAMPLES.glob("*.yaml"))]


def write_data(path: Path, data: dict[str, Any]) -> Path:
    """JSON is YAML: dates stay strings, every escape is explicit. The examples' evidence
    files go beside it, since the evidence paths the examples cite must exist."""
    with_evidence(path.parent)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def with_evidence(directory: Path) -> Path:
    """`directory` with a copy of the examples' evidence folder in it."""
    target = directory / "evidence"
    if not target.exists():
        shutil.copytree(EXAMPLES / "evidence", target)
    return directory


def variation(base: dict[str, Any], index: int, rng: random.Random) -> dict[str, Any]:
    data = copy.deepcopy(base)
    organisation = data["organisation"]
    organisation["name"] = f"Organisation {index:03d}"
    organisation["contact"] = f"safety{index}@org{index}.example"
    reporting = organisation.setdefault("reporting", {})
    reporting["cadence"] = rng.choice(["quarterly", "semiannual", "yearly"])
    if rng.random() < 0.2:
        reporting["progress_reports"] = []
    else:
        date = f"{rng.choice([2025, 2026])}-{rng.randint(1, 10):02d}-15"
        reporting["progress_reports"] = [{"date": date, "url": f"https://org{index}.example/report"}]
    kept = []
    for safeguard in data.get("safeguards", []):
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.3 and safeguard["status"] == "implemented":
            safeguard["status"] = "partial"
        kept.append(safeguard)
    data["safeguards"] = kept
    return data


def generate(directory: Path, count: int, seed: int = 5) -> list[Path]:
    """`count` valid manifests varied from the examples, deterministic for a seed."""
    rng = random.Random(seed)
    bases = example_data()
    directory.mkdir(parents=True, exist_ok=True)
    return [write_data(directory / f"org-{i:03d}.yaml", variation(bases[i % len(bases)], i, rng)) for i in range(count)]


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    elif isinstance(node, str):
        yield path


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _dollar(leaf: tuple[Any, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in leaf)


def _problem_paths(path: Path) -> list[str]:
    try:
        load_manifest(str(path))
    except InputError as exc:
        return [p.path for p in exc.problems]
    return []


def poisoned(directory: Path, base: dict[str, Any]) -> tuple[Path, int]:
    """A valid manifest with a payload in every string field that still validates with one
    (names, descriptions, justifications, evidence titles, URLs, contacts...): inject
    everywhere, then put back the originals where the schema objects, until it validates.
    Returns the path and how many fields carry a payload."""
    data = json.loads(json.dumps(base))  # aliases in the YAML would share nodes
    target = directory / "poisoned.yaml"
    originals: dict[tuple[Any, ...], str] = {}
    for number, leaf in enumerate(list(_leaves(data))):
        original = data
        for part in leaf:
            original = original[part]
        originals[leaf] = original
        payload = PAYLOADS[number % len(PAYLOADS)]
        _set(data, leaf, f"{payload} {original}" if leaf[-1] == "name" else payload)
    for _ in range(20):
        problems = _problem_paths(write_data(target, data))
        if not problems:
            break
        for leaf, original in list(originals.items()):
            where = _dollar(leaf)
            if any(where == p or where.startswith((p + ".", p + "[")) for p in problems):
                _set(data, leaf, original)
                del originals[leaf]
    assert not _problem_paths(write_data(target, data))
    return target, len(originals)
