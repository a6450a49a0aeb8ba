"""The hostile-input corpus: cases generated, never checked in, so every run sees the same files.

Each case is a small recipe: the files to write (any bytes, under any name, or a FIFO or a
symbolic link in their place) and which input of pledgecheck the principal file is (a manifest,
a policy pack, a waivers file, a baseline file, an `init --name`, an `explain` id, a schema
name, or an output target). The suite in `tests/hostile/` runs each case through every
command that takes that kind of input. Wrong types are derived from the fields of the
published manifest examples, so a field added to the schema and the examples is covered too.

Hostile text is what a terminal or a CI runner would obey: escape sequences (OSC 52 writes
the clipboard, CSI 2J clears the screen), BEL, C1 controls, bidirectional overrides, line
separators, and `::` workflow commands after a newline.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledgecheck.source import parse_yaml
from tests.support.manifests import VALID_MANIFEST
from tests.support.paths import ROOT

#: text a terminal or a log viewer could obey, each placed wherever user text goes
HOSTILE_TEXT: dict[str, str] = {
    "osc52": "x\x1b]52;c;cHduZWQ=\x07\x1b[2J\n::error file=x.yaml,line=1::injected\n::add-mask::secret",
    "csi": "red\x1b[31mtext\x1b[0m\x1b[?1049h",
    "c1": "c1\x9b31mcsi\x9d0;title\x9c and\x85nel",
    "bel-del": "ring\x07bell\x7fdel\x08bs",
    "bidi": "abc\u202edcba\u2066iso\u2069\u200fmark\u061c",
    "separators": "one\u2028::error::two\u2029three",
    "cr": "ok\r::warning::overwritten line",
    "workflow": "::add-mask::secret",
    "stop-commands": "::stop-commands::tok3n",
    "hyperlink": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "markup": "<script>alert(1)</script> **b** [x](javascript:alert(1)) |a|b| `c` <!-- x",
    "formula": '=HYPERLINK("http://evil.example","x")',
    "xml-invalid": "a\x01b\x0cc\ufffe d\x00",
}
#: the parts of HOSTILE_TEXT that must never begin a line of any output
FORGED_LINE_STARTS = (
    "::error file=x.yaml",
    "::add-mask::",
    "::stop-commands::",
    "::warning::overwritten",
    "::error::two",
)
#: characters that must never be written raw to stdout or stderr (tab and newline are fine)
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


@dataclass(frozen=True)
class Special:
    """A FIFO, or a symbolic link to `target` (relative to the case folder), in place of a file."""

    kind: str  # "fifo" | "symlink"
    target: str = ""


Content = bytes | Special | Callable[[], bytes]


@dataclass(frozen=True)
class Case:
    """One hostile input. `role` says which input of pledgecheck `main` is."""

    name: str
    role: str  # manifest | pack | waivers | baseline | output | init-name | explain-id | schema-name | many
    files: tuple[tuple[str, Content], ...] = ()
    main: str = ""  # the path given to pledgecheck (relative to the case folder), or the argument
    large: bool = False  # run through a few commands only
    many: tuple[str, ...] = ()  # role "many": several manifests given at once

    def write(self, folder: Path) -> int:
        """Write the files of the case under `folder`; returns how many were written."""
        for name, content in self.files:
            path = os.path.join(os.fsencode(folder), os.fsencode(name))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if isinstance(content, Special):
                if content.kind == "fifo":
                    os.mkfifo(path)
                else:
                    os.symlink(os.fsencode(content.target), path)
                continue
            data = content() if callable(content) else content
            with open(path, "wb") as handle:
                handle.write(data)
        return len(self.files)


# -- text helpers ----------------------------------------------------------------------------


def yaml_text(data: Any) -> str:
    """`data` as YAML: JSON is YAML 1.2, and json's `\\uXXXX` escapes are YAML escapes."""
    return json.dumps(data, indent=1, ensure_ascii=True) + "\n"


def valid_manifest() -> dict[str, Any]:
    """The smallest valid manifest as data (dates kept as text, as the loader keeps them)."""
    data: dict[str, Any] = parse_yaml(VALID_MANIFEST, file="valid").data
    return data


def example_manifests() -> dict[str, dict[str, Any]]:
    """The bundled examples as data: the richest valid manifests, the bases of the mutations."""
    return {
        path.stem: parse_yaml(path.read_text(encoding="utf-8"), file=path.name).data
        for path in sorted((ROOT / "examples").glob("*.yaml"))
    }


def _manifest(data: Any) -> tuple[tuple[str, Content], ...]:
    return (("manifest.yaml", yaml_text(data).encode()),)


def _m(name: str, content: Content, *, large: bool = False) -> Case:
    return Case(name, "manifest", (("manifest.yaml", content),), "manifest.yaml", large=large)


# -- manifests -------------------------------------------------------------------------------

MALFORMED: dict[str, bytes] = {
    "unclosed-quote": b'manifest_version: 1\norganisation:\n  name: "Example\n',
    "unclosed-flow": b"manifest_version: 1\norganisation: {name: x, roles: [model-developer\n",
    "tab-indent": b"manifest_version: 1\norganisation:\n\tname: x\n",
    "bad-escape": b'manifest_version: 1\norganisation: {name: "a\\qb"}\n',
    "stray-bracket": b"]\n",
    "two-colons": b"manifest_version: 1\norganisation:\n  name: a: b\n",
    "raw-nul": b"manifest_version: 1\norganisation:\n  name: a\x00b\n",
    "raw-escape-char": b"manifest_version: 1\norganisation:\n  name: a\x1b[2Jb\n",
    "yaml-1.3": b"%YAML 1.3\n---\nmanifest_version: 1\n",
    "two-documents": VALID_MANIFEST.encode() + b"---\n" + VALID_MANIFEST.encode(),
    "python-tag": b"manifest_version: !!python/object:os.system {}\n",
    "binary-tag": b"manifest_version: !!binary aGVsbG8=\n",
    "str-tag-on-map": b"organisation: !!str {name: x}\n",
    "custom-tag": b"organisation: !evil {name: x}\n",
    "self-alias": b"a: &x [*x]\n",
    "missing-anchor": b"a: *nowhere\n",
    "merge-scalar": b"a:\n  <<: 1\n",
    "complex-key": b"? [a, b]\n: 1\n",
    "alias-key": b"a: &k x\n*k : 1\n",
    "utf16": "manifest_version: 1\n".encode("utf-16"),
    "invalid-utf8": b"manifest_version: 1\norganisation:\n  name: \xff\xfe\n",
    "bom-then-list": b"\xef\xbb\xbf- a\n- b\n",
    "crlf": VALID_MANIFEST.replace("\n", "\r\n").encode(),
    "empty": b"",
    "only-comment": b"# nothing\n",
    "scalar-top": b"42\n",
    "huge-int": b"manifest_version: " + b"9" * 5000 + b"\n",
    "huge-float": b"manifest_version: 1e999999\n",
    "nan": b"manifest_version: .nan\n",
    "bad-octal": b"manifest_version: 0o9\n",
    "null-key": b"~: 1\nmanifest_version: 1\n",
    "int-key": b"1: x\nmanifest_version: 1\n",
    "u2028-plain": "manifest_version: 1\norganisation:\n  name: a\u2028b\n".encode(),
    "nel-plain": "manifest_version: 1\norganisation: {name: a\x85b}\n".encode(),
    "colon-in-flow": b"manifest_version: 1\norganisation: {name: x, url: https://x}\n",
}


def _bombs() -> Iterator[Case]:
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    laughs += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    yield _m("bomb-billion-laughs", ("\n".join(laughs) + "\n").encode())
    yield _m("bomb-quadratic", ("a: &a " + "x" * 100_000 + "\nb: [" + ", ".join(["*a"] * 2000) + "]\n").encode())
    yield _m(
        "bomb-merge",
        (
            "a: &a {"
            + ", ".join(f"k{i}: {i}" for i in range(2000))
            + "}\n"
            + "".join(f"b{i}: {{<<: *a}}\n" for i in range(100))
        ).encode(),
    )
    for depth in (100, 10_000, 200_000):
        yield _m(f"deep-flow-{depth}", b"a: " + b"[" * depth + b"]" * depth + b"\n", large=depth > 10_000)
        yield _m(f"deep-map-{depth}", b"a: " + b"{a: " * depth + b"1" + b"}" * depth + b"\n", large=depth > 10_000)
    block = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    yield _m("deep-block-200", block.encode())


def _huge() -> Iterator[Case]:
    base = valid_manifest()

    def flow_line() -> bytes:  # one 4 MiB line: a flow list of short strings
        return b"manifest_version: 1\nnotes: [" + b"aaaaaaa, " * (4 * 1024 * 1024 // 9) + b"z]\n"

    yield _m("flow-line-4mib", flow_line, large=True)
    for where in ("top", "organisation", "details", "system"):
        yield _m(f"keys-100k-{where}", _keys_100k(base, where), large=True)
    yield _m("systems-2000", lambda: yaml_text(_many_systems(valid_manifest(), 2000)).encode(), large=True)
    yield _m("long-explicit-key", _long_explicit_key, large=True)
    yield _m("long-key-children", _long_key_children, large=True)
    yield _m(
        "over-size-limit", lambda: b"manifest_version: 1\nx: '" + b"a" * (5 * 1024 * 1024 + 10) + b"'\n", large=True
    )
    yield _m("long-scalar-1mib", lambda: yaml_text({**valid_manifest(), "notes": "n" * (1 << 20)}).encode(), large=True)
    yield _m("waiver-fanout", lambda: yaml_text(fanout_manifest(systems=300)).encode(), large=True)


def _keys_100k(base: dict[str, Any], where: str) -> Callable[[], bytes]:
    def build() -> bytes:
        data = json.loads(json.dumps(base))
        keys = {f"k{i}": i for i in range(100_000)}
        target = {
            "top": data,
            "organisation": data["organisation"],
            "system": data["systems"][0],
            "details": data["safeguards"][0].setdefault("details", {}),
        }[where]
        target.update(keys)
        return json.dumps(data, separators=(",", ":")).encode() + b"\n"

    return build


def _many_systems(data: dict[str, Any], count: int) -> dict[str, Any]:
    template = data["systems"][0]
    data["systems"] = [{**template, "id": f"system-{i}", "name": f"System {i}"} for i in range(count)]
    data["safeguards"][0]["systems"] = [f"system-{i}" for i in range(0, count, 2)]
    return data


def fanout_manifest(*, systems: int, reason_chars: int = 280_000) -> dict[str, Any]:
    """Many systems and a waiver without `system` for every control: each waiver of a
    per-system control covers every system. The first of those has a long justification."""
    from pledgecheck.policy.loader import load_pack

    data = _many_systems(valid_manifest(), systems)
    pack = load_pack(None)
    first = next(c.id for c in pack.controls if c.scope == "system")
    data["waivers"] = [
        {
            "control": control.id,
            "justification": ("r" * reason_chars) if control.id == first else "accepted for now; " + "reason " * 40,
            "approver": "Head of Trust and Safety",
            "expires": "2099-12-31",
        }
        for control in pack.controls
    ]
    return data


def _long_explicit_key() -> bytes:
    """`? <400 KB key>` whose value holds many children: a pointer per child repeats the key."""
    key = "k" * 400_000
    return b"manifest_version: 1\n? " + key.encode() + b"\n: [" + b"0, " * 200_000 + b"0]\n"


def _long_key_children() -> bytes:
    key = "q" * 4000
    body = "".join(f"  c{i}: {{a: 1, b: 2}}\n" for i in range(20_000))
    return f"manifest_version: 1\n{key}:\n{body}".encode()


def _hostile_placements() -> Iterator[Case]:
    """Each hostile text as an unknown key, a duplicate key, an undeclared system id, the
    organisation name (valid: it reaches every report), a waiver reason, an id, a URL, ..."""
    for label, text in HOSTILE_TEXT.items():
        data = valid_manifest()
        data["organisation"][text] = 1
        yield Case(f"unknown-key-{label}", "manifest", _manifest(data), "manifest.yaml")
        data = valid_manifest()
        data["safeguards"][0]["evidence"][0][text] = "x"
        yield Case(f"unknown-nested-key-{label}", "manifest", _manifest(data), "manifest.yaml")
        quoted = json.dumps(text)
        dup = f"manifest_version: 1\n{quoted}: 1\n{quoted}: 2\n".encode()
        yield _m(f"duplicate-key-{label}", dup)
        data = valid_manifest()
        data["safeguards"][0]["systems"] = [text]
        yield Case(f"undeclared-system-{label}", "manifest", _manifest(data), "manifest.yaml")
        data = valid_manifest()
        data["organisation"]["name"] = text
        yield Case(f"organisation-name-{label}", "manifest", _manifest(data), "manifest.yaml")
        data = valid_manifest()
        data["systems"][0]["name"] = text
        data["waivers"] = [
            {
                "control": "DEV2-01",
                "system": "atlas-image",
                "justification": text,
                "approver": text,
                "expires": "2099-01-01",
            }
        ]
        yield Case(f"waiver-reason-{label}", "manifest", _manifest(data), "manifest.yaml")
        data = valid_manifest()
        data["waivers"] = [{"control": text, "justification": "x", "approver": "y", "expires": "2099-01-01"}]
        yield Case(f"waiver-control-{label}", "manifest", _manifest(data), "manifest.yaml")
        data = valid_manifest()
        data["safeguards"][0]["id"] = text
        data["safeguards"][0]["kind"] = text
        data["safeguards"][0]["evidence"][0]["url"] = text
        yield Case(f"bad-values-{label}", "manifest", _manifest(data), "manifest.yaml")


#: a wrong value for a field, by the type of the valid value there (never one the schema allows)
def _wrong_values(value: Any) -> list[Any]:
    if isinstance(value, bool):
        return ["true", 1]
    if isinstance(value, (int, float)):
        return ["1", [value]]
    if isinstance(value, str):
        return [12345, {"text": value}]
    if isinstance(value, list):
        return ["not a list", {"0": value[:1]}]
    if isinstance(value, dict):
        return [["not", "a", "mapping"], None]
    return [{"x": 1}]


def _pointers(value: Any, pointer: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if pointer:
        yield pointer, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _pointers(item, (*pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:1]):  # the first item stands for the rest
            yield from _pointers(item, (*pointer, index))


def _published_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((ROOT / "schemas" / "manifest.schema.json").read_text(encoding="utf-8"))
    return schema


def _definition(schema: dict[str, Any], node: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The definition a property refers to (directly or as its list's items), if any."""
    node = node.get("items", node)
    ref = node.get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    return (name, schema["$defs"][name]) if ref else None


def _wrong_for(node: dict[str, Any]) -> Any:
    """A value of a type the property's schema does not allow."""
    kind = node.get("type")
    if "$ref" in node or kind == "object":
        return ["not", "a", "mapping"]
    if kind == "array":
        return "not a list"
    if kind in ("integer", "number"):
        return "12"
    if kind == "boolean":
        return "yes"
    return 12345  # text, a choice, a date


def schema_fields() -> Iterator[tuple[tuple[Any, ...], str, str, Any, str]]:
    """(container path, definition, property, wrong value, safeguard kind) for every property
    of every definition of the published schema, placed where the schema nests it."""
    schema = _published_schema()
    pending: list[tuple[tuple[Any, ...], str, dict[str, Any], str]] = [((), "Manifest", schema, "")]
    seen: set[str] = set()
    while pending:
        path, name, node, kind = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        for key, sub in node.get("properties", {}).items():
            yield path, name, key, _wrong_for(sub), kind
            found = _definition(schema, sub)
            if found:
                inner = (*path, key, 0) if "items" in sub else (*path, key)
                pending.append((inner, found[0], found[1], kind))
        for rule in node.get("allOf", []):  # a safeguard's details, by kind
            details = rule.get("then", {}).get("properties", {}).get("details")
            kinds = rule.get("if", {}).get("properties", {}).get("kind", {}).get("enum", [])
            if details and kinds:
                found = _definition(schema, details)
                if found:
                    pending.append(((*path, "details"), found[0], found[1], kinds[0]))


def _placed(path: tuple[Any, ...], key: str, value: Any, kind: str) -> dict[str, Any]:
    data = valid_manifest()
    node: Any = data
    if kind:
        data["safeguards"][0]["kind"] = kind
    for part, after in zip(path, (*path[1:], None)[: len(path)], strict=True):
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            node = node[part]
            continue
        if part not in node or not isinstance(node[part], (dict, list)):
            node[part] = [] if isinstance(after, int) else {}
        node = node[part]
    node[key] = value
    return data


def wrong_type_cases() -> Iterator[Case]:
    """Every property of every definition of the published schema with a value of a wrong
    type, then every field of every example manifest set in turn to a wrong value."""
    for path, definition, key, wrong, kind in schema_fields():
        name = f"schema-{definition}-{key}"
        yield Case(name, "wrong-type", _manifest(_placed(path, key, wrong, kind)), "manifest.yaml")
    for stem, data in example_manifests().items():
        for place, (pointer, value) in enumerate(_pointers(data)):
            wrongs = _wrong_values(value)
            for number, wrong in [(place % len(wrongs), wrongs[place % len(wrongs)])]:  # one each, in turn
                mutated = json.loads(json.dumps(data))
                parent = mutated
                for part in pointer[:-1]:
                    parent = parent[part]
                parent[pointer[-1]] = wrong
                name = f"wrong-{stem}-{'.'.join(map(str, pointer))}-{number}"
                yield Case(name, "wrong-type", _manifest(mutated), "manifest.yaml")


# -- file names and special files ------------------------------------------------------------

HOSTILE_NAMES = {
    "name-escape": "m\x1b[2J\x1b]52;c;eA==\x07.yaml",
    "name-cr": "m\r::warning::x.yaml",
    "name-newline": "m\n::error file=x.yaml,line=1::injected.yaml",
    "name-bidi": "m\u202egnp.yaml",
    "name-not-utf8": os.fsdecode(b"m\xff\xfe.yaml"),
    "name-markup": "m<b>&'\"*[x].yaml",
    "name-dash": "-m.yaml",
    "name-spaces": " m  ::x.yaml",
}


def _names() -> Iterator[Case]:
    for label, name in HOSTILE_NAMES.items():
        yield Case(label, "manifest", ((name, VALID_MANIFEST.encode()),), name)
        yield Case(label + "-invalid", "manifest", ((name, b"manifest_version: 1\nx: 1\n"),), name)


def _special() -> Iterator[Case]:
    valid = VALID_MANIFEST.encode()
    yield Case("fifo-manifest", "manifest", (("manifest.yaml", Special("fifo")),), "manifest.yaml")
    yield Case(
        "symlink-manifest",
        "manifest",
        (("real.yaml", valid), ("manifest.yaml", Special("symlink", "real.yaml"))),
        "manifest.yaml",
    )
    yield Case(
        "symlink-to-fifo",
        "manifest",
        (("pipe", Special("fifo")), ("manifest.yaml", Special("symlink", "pipe"))),
        "manifest.yaml",
    )
    yield Case(
        "dangling-symlink", "manifest", (("manifest.yaml", Special("symlink", "nowhere.yaml")),), "manifest.yaml"
    )
    yield Case("directory-manifest", "manifest", (("manifest.yaml/x", b""),), "manifest.yaml")
    yield Case("device-manifest", "manifest", (), "/dev/zero")
    yield Case("fifo-waivers", "waivers", (("waivers.yaml", Special("fifo")),), "waivers.yaml")
    yield Case(
        "symlink-fifo-waivers",
        "waivers",
        (("p", Special("fifo")), ("waivers.yaml", Special("symlink", "p"))),
        "waivers.yaml",
    )
    yield Case("fifo-baseline", "baseline", (("baseline.json", Special("fifo")),), "baseline.json")
    yield Case("device-baseline", "baseline", (), "/dev/zero")
    for name in ("fifo", "symlink", "dangling-symlink", "directory"):
        files: tuple[tuple[str, Content], ...] = {
            "fifo": (("out/report", Special("fifo")),),
            "symlink": (("out/real", b"keep me\n"), ("out/report", Special("symlink", "real"))),
            "dangling-symlink": (("out/report", Special("symlink", "nowhere")),),
            "directory": (("out/report/x", b""),),
        }[name]
        yield Case(f"output-{name}", "output", files, "out/report")
    yield Case("output-is-input", "output", (), "manifest.yaml")


# -- policy packs ----------------------------------------------------------------------------


def _pack_files(change: Callable[[dict[str, str]], None]) -> tuple[tuple[str, Content], ...]:
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "policies").iterdir()) if p.is_file()}
    change(files)
    return tuple((f"pack/{name}", text.encode()) for name, text in files.items())


def _packs() -> Iterator[Case]:
    def hostile_title(files: dict[str, str]) -> None:
        text = HOSTILE_TEXT["osc52"] + HOSTILE_TEXT["c1"] + HOSTILE_TEXT["bidi"]
        quoted = json.dumps(text)
        files["MNT2.md"] = files["MNT2.md"].replace(
            "title: Fund research on new harm vectors and countermeasures", f"title: {quoted}", 1
        )
        files["MNT2.md"] = files["MNT2.md"].replace("Offenders adapt", text.replace("\n", " ") + " Offenders adapt", 1)

    def hostile_prose(files: dict[str, str]) -> None:
        files["MNT2.md"] = files["MNT2.md"].replace(
            "Offenders adapt", HOSTILE_TEXT["osc52"] + "\n" + HOSTILE_TEXT["separators"] + "\nOffenders adapt", 1
        )

    def emphasis_flood(files: dict[str, str]) -> None:
        files["MNT2.md"] = files["MNT2.md"].replace("Offenders adapt", "*_" * 100_000 + "\n\nOffenders adapt", 1)

    def bracket_flood(files: dict[str, str]) -> None:
        files["MNT2.md"] = files["MNT2.md"].replace(
            "Offenders adapt", "[" * 100_000 + "](" * 50_000 + "\n\nOffenders adapt", 1
        )

    def malformed_control(files: dict[str, str]) -> None:
        files["MNT2.md"] = files["MNT2.md"].replace("severity: low", "severity: [low\n", 1)

    def unknown_operator(files: dict[str, str]) -> None:
        files["MNT2.md"] = files["MNT2.md"].replace("min_items:", json.dumps(HOSTILE_TEXT["osc52"]) + ":", 1)

    def broken_pack_yaml(files: dict[str, str]) -> None:
        files["pack.yaml"] = "id: [\n"

    def hostile_pack_title(files: dict[str, str]) -> None:
        files["pack.yaml"] = files["pack.yaml"].replace(
            "title: Safety by Design for Generative AI — default pack", "title: " + json.dumps(HOSTILE_TEXT["osc52"]), 1
        )

    def hostile_reference(files: dict[str, str]) -> None:
        files["MNT2.md"] = files["MNT2.md"].replace(
            "  - https://www.thorn.org/blog/generative-ai-principles/\n",
            '  - "https://x.example/a\\"><script>alert(1)</script>"\n'
            '  - "javascript:alert(1)"\n  - "/\\\\evil.example/x"\n',
            1,
        )

    changes = {
        "hostile-title": hostile_title,
        "hostile-prose": hostile_prose,
        "emphasis-flood": emphasis_flood,
        "bracket-flood": bracket_flood,
        "malformed-control": malformed_control,
        "unknown-operator": unknown_operator,
        "broken-pack-yaml": broken_pack_yaml,
        "hostile-pack-title": hostile_pack_title,
        "hostile-reference": hostile_reference,
    }
    for label, change in changes.items():
        yield Case(f"pack-{label}", "pack", _pack_files(change), "pack", large="flood" in label)
    fifo = tuple((n, Special("fifo") if n == "pack/MNT2.md" else c) for n, c in _pack_files(lambda f: None))
    yield Case("pack-fifo-principle", "pack", fifo, "pack")
    link = tuple(
        (n, Special("symlink", "/dev/zero") if n == "pack/MNT2.md" else c) for n, c in _pack_files(lambda f: None)
    )
    yield Case("pack-device-principle", "pack", link, "pack")
    yield Case("pack-empty-folder", "pack", (("pack/.keep", b""),), "pack")


# -- waivers and baselines -------------------------------------------------------------------


def _waivers() -> Iterator[Case]:
    def w(name: str, content: bytes) -> Case:
        return Case(f"waivers-{name}", "waivers", (("waivers.yaml", content),), "waivers.yaml")

    good = {"control": "DEV2-01", "system": "atlas-image", "approver": "CTO", "expires": "2099-01-01"}
    for label, text in HOSTILE_TEXT.items():
        yield w(f"reason-{label}", yaml_text({"waivers": [{**good, "justification": text}]}).encode())
        yield w(f"key-{label}", yaml_text({"waivers": [{**good, "justification": "x", text: 1}]}).encode())
    yield w("not-a-list", b"waivers: {control: DEV2-01}\n")
    yield w("list-top", b"- control: DEV2-01\n")
    yield w("unknown-control", yaml_text({"waivers": [{**good, "control": "ZZZ9-99", "justification": "x"}]}).encode())
    yield w(
        "wrong-types",
        yaml_text({"waivers": [{"control": 1, "system": [], "justification": {}, "expires": 5}]}).encode(),
    )
    yield Case(
        "waivers-many",
        "waivers",
        (
            (
                "waivers.yaml",
                yaml_text({"waivers": [{**good, "justification": f"r{i}"} for i in range(20_000)]}).encode(),
            ),
        ),
        "waivers.yaml",
        large=True,
    )
    yield w(
        "bomb",
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [" + ", ".join(["*a" if i == 0 else f"*a{i - 1}"] * 10) + "]\n" for i in range(8))
        ).encode(),
    )
    yield w("malformed", b"waivers: [\n")


def _baselines() -> Iterator[Case]:
    def b(name: str, content: Content) -> Case:
        return Case(
            f"baseline-{name}",
            "baseline",
            (("baseline.json", content),),
            "baseline.json",
            large=name.startswith("deep"),
        )

    yield b("deep-200k", lambda: b"[" * 200_000 + b"]" * 200_000)
    yield b("deep-object-200k", lambda: b'{"a":' * 200_000 + b"1" + b"}" * 200_000)
    yield b("int-5000-digits", b'{"schema_version": ' + b"7" * 5000 + b"}")
    yield b("float-overflow", b'{"schema_version": 1e400, "findings": []}')
    yield b("not-json", b"schema_version: 2\n")
    yield b("wrong-version", b'{"schema_version": "2", "findings": []}')
    yield b("bad-entries", b'{"schema_version": 2, "findings": [1, {"control": []}]}')
    yield b("invalid-utf8", b'{"schema_version": 2, "findings": [{"control": "\xff"}]}')
    yield b("nan", b'{"schema_version": NaN, "findings": []}')
    for label, text in HOSTILE_TEXT.items():
        entry = {"manifest": text, "control": text, "system": text, "status": "gap", "title": text}
        yield b(f"text-{label}", json.dumps({"schema_version": 2, "findings": [entry]}).encode())


# -- arguments -------------------------------------------------------------------------------


def _arguments() -> Iterator[Case]:
    names = {**HOSTILE_TEXT, "not-utf8": os.fsdecode(b"Org \xff\xfe \xc3"), "long": "N" * 10_000}
    for label, text in names.items():
        yield Case(f"init-name-{label}", "init-name", (), text)
        yield Case(f"explain-id-{label}", "explain-id", (), text)
    for label in ("osc52", "c1", "bidi"):
        yield Case(f"schema-name-{label}", "schema-name", (), HOSTILE_TEXT[label])


def cases() -> list[Case]:
    """The whole corpus, in a fixed order."""
    generated: list[Case] = [_m(f"malformed-{name}", text) for name, text in MALFORMED.items()]
    for group in (_bombs, _huge, _hostile_placements, _names, _special, _packs, _waivers, _baselines, _arguments):
        generated.extend(group())
    names = [case.name for case in generated]
    assert len(names) == len(set(names)), "case names must be unique"
    return generated


def clear(folder: Path) -> None:
    """Remove everything under `folder` (FIFOs and links included), keeping the folder."""
    for entry in os.scandir(os.fsencode(folder)):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


__all__ = ["FORGED_LINE_STARTS", "HOSTILE_TEXT", "RAW_CONTROL", "Case", "Special", "cases", "clear"]
