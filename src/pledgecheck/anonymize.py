"""Pseudonyms for a comparison that must not name its signatories.

A pseudonym never derives from a plain hash of the name (anyone holding the list of
signatories could hash it and match): letters are handed out in a random order drawn from
the operating system per run, or, when the user gives a secret key, in the order of
HMAC-SHA256(key, name), which is stable across runs yet unlinkable without the key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
from collections.abc import Sequence

from pledgecheck.compare import OrgResult
from pledgecheck.errors import Problem

WITHHELD = "withheld"


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, like spreadsheet columns."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def pseudonym_order(names: Sequence[str], key: str | None) -> list[int]:
    """Positions of `names` in the order pseudonyms are handed out."""
    positions = list(range(len(names)))
    if key:
        secret = key.encode("utf-8")

        def keyed(i: int) -> tuple[str, int]:
            digest = hmac.new(secret, names[i].encode("utf-8"), hashlib.sha256).hexdigest()
            return digest, i

        return sorted(positions, key=keyed)
    secrets.SystemRandom().shuffle(positions)
    return positions


def anonymize(organisations: Sequence[OrgResult], *, key: str | None = None) -> list[OrgResult]:
    """Organisations renamed "Signatory A", "Signatory B"..., stripped of file, contact and
    report link, and listed by pseudonym (the input order would betray the file names)."""
    order = pseudonym_order([o.name for o in organisations], key)
    renamed: list[OrgResult] = []
    for rank, position in enumerate(order):
        renamed.append(
            dataclasses.replace(
                organisations[position],
                name=f"Signatory {letters(rank)}",
                file=WITHHELD,
                contact="",
                report_url="",
            )
        )
    return renamed


def anonymize_problems(problems: Sequence[Problem]) -> list[Problem]:
    """Located errors of invalid manifests with the file and message withheld: messages may
    quote the manifest (a name, a URL); the line, column and path stay."""
    files = sorted({p.file for p in problems})
    label = {file: f"invalid manifest {i}" for i, file in enumerate(files, 1)}
    return [Problem(label[p.file], p.line, p.column, "invalid value (message withheld)", p.path) for p in problems]
