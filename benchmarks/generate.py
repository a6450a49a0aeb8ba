"""Generate realistic, valid manifests for benchmarks and scale tests.

    python benchmarks/generate.py OUT_DIR --count 1000 [--seed 7]

Each manifest has 2–4 systems and 25–36 safeguards with evidence (about 250–400 lines), so
the figures describe files of the size real organisations write.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from pledgecheck.vocabulary import SAFEGUARD_KINDS

ROLES = [
    "model-developer",
    "model-host",
    "application-provider",
    "search-engine",
    "content-platform",
]
OUTPUTS = [["text"], ["image"], ["text", "image"], ["video"], ["audio"], ["image", "video"]]
RELEASES = ["hosted-api", "consumer-product", "open-weights", "internal"]
STATUSES = ["implemented"] * 6 + ["partial", "planned", "not-applicable"]
ASSURANCE = ["self-attested", "publicly-documented", "independently-audited"]


def manifest(index: int, rng: random.Random) -> str:
    """One manifest as YAML text."""
    roles = sorted(rng.sample(ROLES, rng.randint(1, 3)), key=ROLES.index)
    lines = [
        "manifest_version: 2",
        "organisation:",
        f"  name: Signatory {index:04d}",
        f"  roles: [{', '.join(roles)}]",
        "  jurisdictions: [US, GB]",
        f"  contact: safety{index}@example.org",
        f"  hosts_third_party_models: {str('model-host' in roles and rng.random() < 0.5).lower()}",
        f"  hosts_user_content: {str(rng.random() < 0.5).lower()}",
        f"  operates_search: {str('search-engine' in roles).lower()}",
        "  reporting:",
        f"    cadence: {rng.choice(['quarterly', 'yearly'])}",
        "    progress_reports:",
        f"      - date: {2025 + rng.randint(0, 1)}-{rng.randint(1, 12):02d}-15",
        f"        url: https://example.org/{index}/progress",
        "systems:",
    ]
    systems = [f"system-{n}" for n in range(rng.randint(2, 4))]
    for system in systems:
        lines += [
            f"  - id: {system}",
            f"    name: Product {system}",
            "    description: A generative system used in the benchmark.",
            "    modalities:",
            "      input: [text]",
            f"      output: [{', '.join(rng.choice(OUTPUTS))}]",
            f"    release_type: {rng.choice(RELEASES)}",
            f"    audience: {rng.choice(['general', 'adults-only'])}",
        ]
    lines.append("safeguards:")
    kinds = rng.sample(list(SAFEGUARD_KINDS), rng.randint(25, len(SAFEGUARD_KINDS)))
    for number, kind in enumerate(kinds):
        status = rng.choice(STATUSES)
        lines += [
            f"  - id: sg-{number}",
            f"    kind: {kind}",
            f"    status: {status}",
            f"    description: Safeguard {number} of kind {kind}.",
        ]
        if status == "planned":
            lines.append(f"    due: 2026-{rng.randint(1, 12):02d}-01")
        if status == "not-applicable":
            lines.append("    justification: Not relevant to our products.")
        if rng.random() < 0.4:
            lines.append(f"    systems: [{rng.choice(systems)}]")
        lines += [
            "    evidence:",
            f"      - url: https://example.org/{index}/evidence/{number}",
            f"        date: {rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "        kind: report",
            f"        assurance: {rng.choice(ASSURANCE)}",
        ]
    return "\n".join(lines) + "\n"


def generate(directory: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` manifests into `directory`; the same seed gives the same files."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"signatory-{index:04d}.yaml"
        path.write_text(manifest(index, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.directory, args.count, args.seed)


if __name__ == "__main__":
    main()
