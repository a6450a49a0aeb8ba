"""What every reporter shares: options, ordering, and escaping of untrusted text."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from pledgecheck.assessment import SEVERITIES, Finding

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class ReportOptions:
    verbose: bool = False
    color: bool = False
    width: int = 100


def severity_first(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    """Failing findings, most severe first, then gaps before partials, then pack order."""
    failing = [f for f in findings if f.failing]
    return sorted(failing, key=lambda f: (SEVERITIES.index(f.severity), f.status != "gap", f))


def display_path(file: str) -> str:
    """Paths relative to the working directory when they lie under it."""
    if os.path.isabs(file):
        relative = os.path.relpath(file)
        return file if relative.startswith("..") else relative
    return file


def plain(text: str) -> str:
    """Text safe for a terminal: control characters and escape sequences shown, not obeyed."""
    return _CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def scope_label(finding: Finding) -> str:
    return f"system {finding.system}" if finding.system else "organisation"


def safe_link(url: str) -> str:
    """Only http, https and relative links are emitted; anything else becomes ""."""
    lowered = url.strip().lower()
    if lowered.startswith(("http://", "https://")):
        return url.strip()
    if ":" in lowered.split("/", 1)[0] or lowered.startswith("//"):
        return ""
    return url.strip()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def markdown_text(text: str) -> str:
    """Untrusted text as inert inline Markdown: emphasis, code, link and table punctuation
    escaped, HTML shown as text, folded onto one line (so no block syntax can start)."""
    text = " ".join(plain(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
