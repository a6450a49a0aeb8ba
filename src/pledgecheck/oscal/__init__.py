"""OSCAL output (NIST OSCAL 1.2.1, the version compliance-trestle 5.2 models): the pack as a
catalog, assessments as assessment-results, the framework crosswalk as a mapping-collection.

Every UUID is a version-5 UUID derived from the content it names, and every timestamp is the
assessment date at midnight UTC, so the same input and date give the same bytes.
"""

from __future__ import annotations

import uuid
from typing import Any

from pledgecheck import __version__

OSCAL_VERSION = "1.2.1"
#: the namespace of pledgecheck's own OSCAL properties (props with `ns`)
NAMESPACE = "https://pledgecheck.dev/ns/oscal"
_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)


def content_uuid(*parts: str) -> str:
    """A version-5 UUID of `parts`: the same content always gets the same UUID."""
    text = "\x1f".join(parts).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return str(uuid.uuid5(_ROOT, text))  # a file name that is not UTF-8 gets a UUID too


def timestamp(as_of: str) -> str:
    """The assessment date as an OSCAL date-time with a time zone."""
    return f"{as_of}T00:00:00Z"


def metadata(title: str, *, as_of: str, version: str, remarks: str = "") -> dict[str, Any]:
    """The metadata block every document needs; `version` is the document's own version."""
    block: dict[str, Any] = {
        "title": title,
        "last-modified": timestamp(as_of),
        "version": version,
        "oscal-version": OSCAL_VERSION,
        "props": [prop("generator", f"pledgecheck {__version__}")],
    }
    if remarks:
        block["remarks"] = remarks
    return block


def prop(name: str, value: str) -> dict[str, str]:
    """A pledgecheck property (OSCAL values are non-empty, without outer spaces)."""
    return {"name": name, "ns": NAMESPACE, "value": " ".join(value.split()) or "none"}


def oneline(text: str) -> str:
    """Text for an OSCAL field that refuses leading or trailing white space."""
    return " ".join(text.split()) or "-"
