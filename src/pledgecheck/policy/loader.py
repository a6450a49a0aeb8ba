"""Load a policy pack: pack.yaml plus Markdown files whose ```control blocks hold the controls.

Every file is validated against `schemas/policy.schema.json`; any problem stops the run with
policy-file:line:col (PackError, exit 3). Nothing in a pack is executed. The compiled form is
cached as JSON keyed by a hash of the pack's files, so an unchanged pack is not re-parsed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pledgecheck import __version__
from pledgecheck.errors import InputError, PackError, Problem, did_you_mean
from pledgecheck.policy import cache
from pledgecheck.policy.model import Check, Control, Framework, Mapping, Obligation, Pack, Principle, first_sentence
from pledgecheck.resources import default_pack_dir, schema_path
from pledgecheck.schema import schema_problems
from pledgecheck.source import Document, parse_yaml, read_text
from pledgecheck.vocabulary import PRINCIPLES

FRAMEWORKS_FILE = "frameworks.yaml"  # the pack's crosswalk to laws and standards (optional)


def load_pack(directory: str | Path | None = None, *, use_cache: bool = True) -> Pack:
    """The pack in `directory` (the bundled default pack when None)."""
    folder = Path(directory) if directory is not None else default_pack_dir()
    manifest = folder / "pack.yaml"
    if not manifest.is_file():
        where = str(folder)
        raise PackError([Problem(where, 0, 0, "not a policy pack: pack.yaml is missing")])
    key = _content_key(folder) if use_cache else ""
    compiled = cache.read(key) if use_cache else None
    if compiled is not None:
        try:
            return pack_from_json(compiled, directory=str(folder))
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # an entry that is JSON but not a compiled pack: compile again, as on a miss
    compiled = compile_pack(folder)
    if use_cache:
        cache.write(key, compiled)
    return pack_from_json(compiled, directory=str(folder))


def compile_pack(folder: Path) -> dict[str, Any]:
    """Parse and validate every file of the pack into a JSON-ready dict."""
    meta = _load_yaml_file(folder / "pack.yaml", "policy#pack")
    problems: list[Problem] = []
    controls: list[dict[str, Any]] = []
    principles: list[dict[str, Any]] = []
    for entry in meta["principles"]:
        path = folder / entry["file"]
        text = _read(path)
        description, found = _read_controls(path, text, entry, problems)
        principles.append({**entry, "description": description})
        controls.extend(found)
    _cross_check(meta, controls, problems)
    # a control that failed to load is not "unknown" to the crosswalk: name only the first cause
    known = None if problems else {c["id"] for c in controls}
    crosswalk = _load_frameworks(folder / FRAMEWORKS_FILE, known, problems)
    if problems:
        raise PackError(problems)
    return {"meta": meta, "principles": principles, "controls": controls, **crosswalk}


def pack_from_json(compiled: dict[str, Any], *, directory: str) -> Pack:
    meta = compiled["meta"]
    frameworks = {ident: _framework(ident, entry) for ident, entry in compiled["frameworks"].items()}
    provisions: dict[str, dict[str, list[str]]] = {}  # control -> framework -> provisions
    for framework in frameworks.values():
        for obligation in framework.obligations:
            for mapping in obligation.controls:
                found = provisions.setdefault(mapping.control, {}).setdefault(framework.id, [])
                if obligation.provision not in found:
                    found.append(obligation.provision)
    pillars = {p["id"]: p["pillar"] for p in compiled["principles"]}
    controls = tuple(
        Control(
            id=c["id"],
            principle=c["principle"],
            pillar=pillars[c["principle"]],
            title=c["title"],
            severity=c["severity"],
            scope=c["scope"],
            applies=c.get("applies", {}),
            kinds=_kinds(c.get("safeguard")),
            checks=tuple(
                Check(k["title"], k["fail"], k["test"], k.get("decisive", False)) for k in c.get("checks", [])
            ),
            rationale=c["rationale"],
            remediation=c["remediation"].strip(),
            references=tuple(c["references"]),
            frameworks={name: "; ".join(found) for name, found in provisions.get(c["id"], {}).items()},
            examples=tuple(c["examples"]),
            file=c["file"],
            line=c["line"],
            why=first_sentence(c["rationale"]),
            equivalent=tuple(tuple(kinds) for kinds in c.get("equivalent", [])),
        )
        for c in compiled["controls"]
    )
    principles = tuple(
        Principle(p["id"], p["pillar"], p["title"], p["description"], p["file"]) for p in compiled["principles"]
    )
    return Pack(
        id=meta["id"],
        version=meta["version"],
        title=meta["title"],
        description=meta.get("description", ""),
        directory=directory,
        sources=tuple(meta.get("sources", [])),
        frameworks=frameworks,
        principles=principles,
        controls=controls,
        examples_as_of=meta["examples"]["as_of"],
        examples_base=meta["examples"]["base"],
        windows=meta.get("windows", {}),
        cadences=meta.get("cadences", {}),
        regions={region: tuple(codes) for region, codes in compiled["regions"].items()},
    )


def _framework(ident: str, entry: dict[str, Any]) -> Framework:
    obligations = tuple(
        Obligation(
            id=o["id"],
            framework=ident,
            provision=o["provision"],
            statement=" ".join(o["statement"].split()),
            applies_from=o["applies_from"],
            applies_until=o["applies_until"],
            source=o["source"],
            evidence=tuple(o.get("evidence", [])),
            confirmed=o["confirmed"],
            note=" ".join(o.get("note", "").split()),
            controls=tuple(Mapping(m["control"], m["relationship"]) for m in o["controls"]),
        )
        for o in entry["obligations"]
    )
    return Framework(ident, entry["title"], tuple(entry["jurisdictions"]), entry["binding"], entry["url"], obligations)


def _load_frameworks(path: Path, controls: set[str] | None, problems: list[Problem]) -> dict[str, Any]:
    """The crosswalk of frameworks.yaml (optional in a pack), validated: every mapped control
    exists, obligation ids are unique, no obligation ends before it starts."""
    if not path.is_file():
        return {"frameworks": {}, "regions": {}}
    try:
        doc = parse_yaml(_read(path), file=str(path))
    except InputError as exc:
        problems.extend(exc.problems)
        return {"frameworks": {}, "regions": {}}
    found = schema_problems(doc, "policy#frameworks")
    if found:
        problems.extend(found)
        return {"frameworks": {}, "regions": {}}
    data: dict[str, Any] = doc.data
    seen: set[str] = set()
    for ident, framework in data["frameworks"].items():
        for index, obligation in enumerate(framework["obligations"]):
            here = f"/frameworks/{ident}/obligations/{index}"
            if obligation["id"] in seen:
                problems.append(doc.problem(f"{here}/id", f"duplicate obligation id '{obligation['id']}'"))
            seen.add(obligation["id"])
            start, end = obligation["applies_from"], obligation["applies_until"]
            if start and end and end < start:
                message = f"applies_until {end} is before applies_from {start}"
                problems.append(doc.problem(f"{here}/applies_until", message))
            for number, mapping in enumerate(obligation["controls"]):
                if controls is not None and mapping["control"] not in controls:
                    message = f"unknown control '{mapping['control']}'{did_you_mean(mapping['control'], controls)}"
                    problems.append(doc.problem(f"{here}/controls/{number}/control", message))
    return {"frameworks": data["frameworks"], "regions": data.get("regions", {})}


def _kinds(safeguard: str | list[str] | None) -> tuple[str, ...]:
    if not safeguard:
        return ()
    return (safeguard,) if isinstance(safeguard, str) else tuple(safeguard)


def _read_controls(
    path: Path, text: str, entry: dict[str, Any], problems: list[Problem]
) -> tuple[str, list[dict[str, Any]]]:
    from markdown_it import MarkdownIt

    lines = text.splitlines()
    tokens = MarkdownIt("commonmark").parse(text)
    controls: list[dict[str, Any]] = []
    heading: tuple[str, int] | None = None  # (heading text, line after it)
    first_h2 = len(lines)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.map:
            heading = (tokens[index + 1].content.strip(), token.map[1])
            first_h2 = min(first_h2, token.map[0])
        elif token.type == "fence" and token.info.strip() == "control" and token.map:
            start = token.map[0]
            if heading is None:
                problems.append(
                    Problem(
                        str(path),
                        start + 1,
                        1,
                        "a control block must follow a '## ID title' heading",
                    )
                )
                continue
            rationale = "\n".join(lines[heading[1] : start]).strip()
            control = _parse_control(path, token.content, start + 1, heading[0], problems)
            if control is not None:
                control.update(principle=entry["id"], rationale=rationale, file=str(path), line=start + 2)
                controls.append(control)
            heading = None
    h1 = next((t for t in tokens if t.type == "heading_open" and t.tag == "h1" and t.map), None)
    start = h1.map[1] if h1 is not None and h1.map else 0
    return "\n".join(lines[start:first_h2]).strip(), controls


def _parse_control(
    path: Path, content: str, offset: int, heading: str, problems: list[Problem]
) -> dict[str, Any] | None:
    try:  # leading newlines keep the block's positions true to the Markdown file
        doc = parse_yaml("\n" * offset + content, file=str(path))
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    found = schema_problems(doc, "policy")
    if found:
        problems.extend(found)
        return None
    data: dict[str, Any] = doc.data
    if not heading.startswith(data["id"]):
        problems.append(doc.problem("/id", f"control id '{data['id']}' does not match its heading '## {heading}'"))
    if not data.get("safeguard") and not data.get("checks"):
        problems.append(doc.problem("", "a control needs a 'safeguard' kind or at least one check"))
    data["_positions"] = {"/id": doc.locate("/id")}
    return data


def _cross_check(meta: dict[str, Any], controls: list[dict[str, Any]], problems: list[Problem]) -> None:
    seen: set[str] = set()
    for control in controls:
        positions = control.pop("_positions")
        file, (line, column) = control["file"], positions["/id"]
        if control["id"] in seen:
            problems.append(Problem(file, line, column, f"duplicate control id '{control['id']}'"))
        seen.add(control["id"])
        if not control["id"].startswith(control["principle"]):
            message = f"control '{control['id']}' is in the file of principle {control['principle']}"
            problems.append(Problem(file, line, column, message))
        windows = meta.get("windows", {})
        for name in sorted(_window_names(control.get("checks", []))):
            if name not in windows:
                known = ", ".join(sorted(windows)) or "none"
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        f"window '{name}' is not declared in pack.yaml `windows` (declared: {known})",
                    )
                )
    for entry in meta["principles"]:
        if entry["id"] not in PRINCIPLES:
            continue  # a coalition pack may add principles of its own
        if not any(c["principle"] == entry["id"] for c in controls):
            problems.append(Problem(entry["file"], 0, 0, f"principle {entry['id']} has no controls"))


def _window_names(node: Any) -> set[str]:
    """Names of pack windows the tests under `node` use (`max_age_days: {days: NAME}`)."""
    if isinstance(node, list):
        return set().union(*(_window_names(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = _window_names(list(node.values()))
    age = node.get("max_age_days")
    if isinstance(age, dict) and isinstance(age.get("days"), str):
        found.add(age["days"])
    return found


def _load_yaml_file(path: Path, schema: str) -> dict[str, Any]:
    try:
        doc: Document = parse_yaml(_read(path), file=str(path))
    except InputError as exc:
        raise PackError(exc.problems) from None
    problems = schema_problems(doc, schema)
    if problems:
        raise PackError(problems)
    data: dict[str, Any] = doc.data
    return data


def _read(path: Path) -> str:
    try:
        return read_text(str(path))
    except InputError as exc:
        raise PackError(exc.problems) from None


def _content_key(folder: Path) -> str:
    digest = hashlib.sha256(__version__.encode())
    # the folder as given is part of the key: a compiled pack records its files' paths, so two
    # folders holding the same files must not share an entry (positions would name the other)
    digest.update(str(folder).encode("utf-8", "surrogateescape") + b"\0")
    digest.update(schema_path("policy").read_bytes())
    for path in sorted(folder.iterdir()):
        if path.suffix in (".md", ".yaml") and path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
