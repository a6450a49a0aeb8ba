"""Untrusted text made inert, one function per kind of output, used by every reporter.

Manifests (and packs) come from other organisations: what they say is shown, never obeyed.
The terminal rule (`errors.inert`: control characters shown as `\\xNN`, no `::` workflow
command at the start of a line) is the base of every other kind; each format then escapes
its own syntax. File names are untrusted text too.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from pledgecheck.errors import UNSAFE_CHARS, inert

__all__ = [
    "csv_cell",
    "github_data",
    "github_property",
    "inert",
    "json_inert",
    "markdown_code",
    "markdown_text",
    "one_line",
    "safe_link",
    "terminal_lines",
    "text_lines",
    "xml_text",
]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"  # RFC 3986 reserved and `%`: kept; anything else is encoded
_LINE_COMMAND = re.compile(r"^(\s*):(?=:)", re.MULTILINE)
#: what json.dumps(ensure_ascii=False) leaves raw that a terminal could obey or UTF-8 cannot carry
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def one_line(text: str) -> str:
    """Prose folded onto one line (runs of whitespace, newlines included, become one space),
    then made inert: the form of pack prose and messages in the line-based formats."""
    return inert(" ".join(text.split()))


def terminal_lines(text: str) -> str:
    """Several lines of pack or manifest text for a terminal (`explain`, `rules`): each line
    made inert, the newlines kept, so no line can start an escape or a `::` command."""
    return "\n".join(inert(line) for line in text.split("\n"))


def text_lines(report: str) -> str:
    """A finished text report with no line a CI runner would read as a workflow command: the
    reporter never writes one, so a line starting `::` (after wrapping) is user text."""
    return _LINE_COMMAND.sub(r"\1\\x3a", report)


def json_inert(text: str) -> str:
    """Encoded JSON with C1 controls, bidi controls, line separators and lone surrogates
    written as `\\uXXXX` escapes (json.dumps already escapes C0): the same data, inert."""
    if text.isascii() and "\x7f" not in text:  # DEL is the one ASCII character it escapes
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def markdown_text(text: str) -> str:
    """Untrusted text as inert inline Markdown: emphasis, code, link and table punctuation
    escaped, HTML shown as text, folded onto one line (so no block syntax can start)."""
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_code(text: str) -> str:
    """Untrusted text inside a Markdown code span (a file name): one line, no backtick."""
    return inert(text).replace("`", "'")


def xml_text(text: str, *, multiline: bool = False) -> str:
    """Text XML 1.0 can carry and a CI log shows inert: every line made inert (so characters
    XML forbids, lone surrogates included, are shown, never written); newlines kept only in
    `multiline` element text. ElementTree escapes the markup characters."""
    return terminal_lines(text) if multiline else inert(text)


def github_data(text: str) -> str:
    """The message part of a workflow command: inert, then `%`, CR and LF encoded as the
    runner requires, so no text can end the command or start another."""
    return inert(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value (file, title, ...) of a workflow command: `:` and `,` encoded too."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def csv_cell(value: object) -> str:
    """A CSV cell that cannot start a formula (OWASP's advice: a leading single quote), also
    when a space, a newline or a full-width sign comes first; control characters shown."""
    raw = "" if value is None else str(value)
    text = inert(raw)
    probe = unicodedata.normalize("NFKC", raw).lstrip()
    risky = probe.startswith(_FORMULA_START) or raw.startswith(_FORMULA_START) or text.startswith(_FORMULA_START)
    return "'" + text if risky else text


def safe_link(url: str) -> str:
    """Only http, https and relative links are emitted, percent-encoded so they are valid
    URIs (a quote never ends an attribute or breaks SARIF's `helpUri`); anything else is "".
    A backslash counts as a slash, as browsers read it (`/\\host` is another host)."""
    url = url.strip()
    if not url or UNSAFE_CHARS.search(url):
        return ""
    probe = url.replace("\\", "/").lower()
    first = probe.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]  # a scheme lives here
    if not probe.startswith(("http://", "https://")) and (probe.startswith("//") or ":" in first):
        return ""
    return quote(url, safe=_URL_SAFE)
