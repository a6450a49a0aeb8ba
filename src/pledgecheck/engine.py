"""Evaluate a policy pack against a validated manifest: one Finding per control and scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pledgecheck.assessment import (
    Assessment,
    CheckResult,
    Finding,
    compute_scores,
)
from pledgecheck.pointer import join_pointer, split_pointer
from pledgecheck.policy.applicability import not_applicable_reason
from pledgecheck.policy.model import Control, Pack
from pledgecheck.policy.operators import Lookup
from pledgecheck.policy.operators import evaluate as evaluate_test
from pledgecheck.source import Document
from pledgecheck.vocabulary import ASSURANCE_RANK
from pledgecheck.waivers import WAIVER_WARNING_DAYS, WaiverEntry, apply_waivers, check_waivers, expiry_warnings

_STATUS_RANK = {"implemented": 0, "partial": 1, "planned": 2, "not-applicable": 3}


def evaluate(
    doc: Document,
    pack: Pack,
    *,
    as_of: dt.date,
    extra_waivers: tuple[WaiverEntry, ...] = (),
    warn_days: int = WAIVER_WARNING_DAYS,
) -> Assessment:
    """Judge every control of `pack` for `doc` at the date `as_of`."""
    data = doc.data
    waivers = tuple(WaiverEntry(w, doc, f"/waivers/{i}") for i, w in enumerate(data.get("waivers", []))) + extra_waivers
    check_waivers(waivers, pack, data)
    systems = [(i, s) for i, s in enumerate(data.get("systems", [])) if s.get("lifecycle") != "retired"]
    by_kind: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, safeguard in enumerate(data.get("safeguards", [])):
        by_kind.setdefault(safeguard["kind"], []).append((index, safeguard))
    findings: list[Finding] = []
    for order, control in enumerate(pack.controls):
        scopes: list[tuple[int, dict[str, Any]] | None] = list(systems) if control.scope == "system" else [None]
        for scope in scopes or [None]:
            judge = _Judge(doc, control, order, scope, as_of, systems, by_kind)
            findings.append(apply_waivers(judge.finding(), waivers, as_of))
    ordered = tuple(sorted(findings))
    return Assessment(
        file=doc.file,
        organisation=str(data["organisation"]["name"]),
        as_of=as_of.isoformat(),
        pack=pack,
        findings=ordered,
        scores=compute_scores(pack, ordered, waivers=True),
        scores_without_waivers=compute_scores(pack, ordered, waivers=False),
        warnings=tuple(expiry_warnings(waivers, as_of, warn_days)),
    )


class _Judge:
    """Judges one control for one scope; also the context its checks resolve paths in."""

    def __init__(
        self,
        doc: Document,
        control: Control,
        order: int,
        scope: tuple[int, dict[str, Any]] | None,
        as_of: dt.date,
        systems: list[tuple[int, dict[str, Any]]],
        by_kind: dict[str, list[tuple[int, dict[str, Any]]]],
    ) -> None:
        self.doc, self.control, self.order, self.as_of = doc, control, order, as_of
        self.by_kind = by_kind
        self.data: dict[str, Any] = doc.data
        self.system = scope[1] if scope else None
        self.anchor = f"/systems/{scope[0]}" if scope else "/organisation"
        self.systems = systems
        self.scope_name = f"system '{self.system['id']}'" if self.system else "the organisation"

    def finding(self) -> Finding:
        control = self.control
        if self.system is None and control.scope == "system":
            return self._result("not-applicable", ["the organisation declares no assessed system"], self.anchor)
        reason = not_applicable_reason(
            control.applies, self.data["organisation"], self.system, [s for _, s in self.systems]
        )
        if reason:
            return self._result("not-applicable", [reason], self.anchor)
        results: list[CheckResult] = []
        pointer = self.anchor
        safeguard_id = assurance = ""
        if control.safeguard:
            found = self._best(control.safeguard)
            if found is None:
                message = f"no '{control.safeguard}' safeguard covers {self.scope_name}"
                return self._result("gap", [message], self._missing_anchor())
            index, safeguard = found
            pointer = f"/safeguards/{index}"
            safeguard_id, assurance = safeguard["id"], _best_assurance(safeguard)
            status = safeguard["status"]
            if status == "not-applicable":
                message = f"declared not applicable in '{safeguard_id}': {safeguard.get('justification', '')}"
                return self._result("not-applicable", [message], pointer, safeguard_id, assurance)
            if status == "planned":
                return self._result("gap", [self._planned(safeguard)], pointer + "/status", safeguard_id, assurance)
            title = f"a '{control.safeguard}' safeguard covering {self.scope_name} is implemented"
            failed = f"'{safeguard_id}' is declared partial" if status == "partial" else ""
            results.append(CheckResult(title, status == "implemented", failed))
        failing_pointer = pointer + "/status" if results and not results[0].passed else ""
        for check in control.checks:
            outcome = evaluate_test(check.test, self)
            results.append(CheckResult(check.title, outcome.passed, "" if outcome.passed else check.fail))
            if not outcome.passed and not failing_pointer:
                failing_pointer = outcome.pointer
        passed = sum(r.passed for r in results)
        status = "met" if passed == len(results) else "gap" if passed == 0 else "partial"
        messages = [r.message for r in results if not r.passed]
        return self._result(status, messages, failing_pointer or pointer, safeguard_id, assurance, tuple(results))

    # -- the scope view, for checks ---------------------------------------------------------
    def lookup(self, path: str) -> Lookup:
        parts = split_pointer(path)
        root, rest = (parts[0], parts[1:]) if parts else ("", [])
        nodes: list[tuple[Any, str]] = []
        if root == "organisation":
            nodes = [(self.data["organisation"], "/organisation")]
        elif root == "systems":
            nodes = [(self.data.get("systems", []), "/systems")]
        elif root == "system" and self.system is not None:
            nodes = [(self.system, self.anchor)]
        elif root in ("safeguard", "safeguards"):
            kind = self.control.safeguard if root == "safeguard" else (rest.pop(0) if rest else "")
            found = self._best(kind)
            nodes = [(found[1], f"/safeguards/{found[0]}")] if found else []
        nearest = nodes[0][1] if nodes else self._missing_anchor()
        for part in rest:
            nodes, nearest = _step(nodes, part, nearest)
        return Lookup([v for v, _ in nodes], [p for _, p in nodes], nearest)

    # -- helpers ----------------------------------------------------------------------------
    def _best(self, kind: str) -> tuple[int, dict[str, Any]] | None:
        candidates = [(i, safeguard) for i, safeguard in self.by_kind.get(kind, ()) if self._covers(safeguard)]
        if not candidates:
            return None
        return min(
            candidates,
            key=lambda c: (_STATUS_RANK[c[1]["status"]], bool(c[1].get("systems")), c[0]),
        )

    def _covers(self, safeguard: dict[str, Any]) -> bool:
        covered = safeguard.get("systems") or []
        return self.system is None or not covered or self.system["id"] in covered

    def _missing_anchor(self) -> str:
        return (
            self.anchor
            if self.system is not None
            else ("/safeguards" if "safeguards" in self.data else "/organisation")
        )

    def _planned(self, safeguard: dict[str, Any]) -> str:
        due = safeguard.get("due", "")
        if due and dt.date.fromisoformat(due) < self.as_of:
            return f"'{safeguard['id']}' is only planned and overdue: it was due on {due}"
        return f"'{safeguard['id']}' is only planned (due {due})"

    def _result(
        self,
        status: str,
        messages: list[str],
        pointer: str,
        safeguard: str = "",
        assurance: str = "",
        checks: tuple[CheckResult, ...] = (),
    ) -> Finding:
        control = self.control
        line, column = self.doc.locate(pointer)
        return Finding(
            order=self.order,
            system=self.system["id"] if self.system else "",
            control=control.id,
            principle=control.principle,
            pillar=control.pillar,
            title=control.title,
            severity=control.severity,
            status=status,
            evaluated_status=status,
            messages=tuple(messages),
            pointer=pointer,
            line=line,
            column=column,
            safeguard=safeguard,
            assurance=assurance,
            checks=checks,
        )


def _step(nodes: list[tuple[Any, str]], part: str, nearest: str) -> tuple[list[tuple[Any, str]], str]:
    following: list[tuple[Any, str]] = []
    for value, pointer in nodes:
        if part == "*" and isinstance(value, list):
            following.extend((item, join_pointer(pointer, i)) for i, item in enumerate(value))
        elif part == "*" and isinstance(value, dict):
            following.extend((item, join_pointer(pointer, k)) for k, item in value.items())
        elif isinstance(value, dict) and part in value:
            following.append((value[part], join_pointer(pointer, part)))
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            following.append((value[int(part)], join_pointer(pointer, part)))
    if following:
        nearest = following[0][1]
    elif nodes:
        nearest = nodes[0][1]
    return following, nearest


def _best_assurance(safeguard: dict[str, Any]) -> str:
    levels = [e.get("assurance", "self-attested") for e in safeguard.get("evidence", [])]
    return max(levels, key=ASSURANCE_RANK.__getitem__) if levels else ""
