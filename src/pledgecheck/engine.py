"""Evaluate a policy pack against a validated manifest: one Finding per control and scope.

How a verdict is reached (docs/methodology.md says the same for people):
- a control the pack's applicability does not ask of the scope is not applicable;
- a control about safeguard kinds judges every safeguard of those kinds that covers the scope
  and keeps the one that satisfies the most checks (best evidence wins); none documented is a
  gap; only planned is a gap; only declared not applicable is the organisation's claim, shown
  with its justification and flagged for review;
- each check passes, fails, or is unverified when its input is not stated; a decisive check
  that fails makes a gap; otherwise all verified checks passing is met, none is a gap, and
  anything between is partial. Unverified checks count for neither side unless
  `Rules.unverified_fails`;
- a control may name equivalent practice (sets of kinds): when all of one set are implemented
  for the scope, the control is met through them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import NamedTuple

from pledgecheck.assessment import Assessment, CheckResult, Finding, compute_scores
from pledgecheck.policy.model import Control, Pack
from pledgecheck.policy.operators import evaluate as evaluate_test
from pledgecheck.rules import DEFAULT_RULES, Rules
from pledgecheck.scope import SafeguardRef, Scope, index_by_kind
from pledgecheck.source import Document
from pledgecheck.waivers import (
    WAIVER_WARNING_DAYS,
    WaiverEntry,
    apply_waivers,
    check_waivers,
    expiry_warnings,
    index_waivers,
)


def evaluate(
    doc: Document,
    pack: Pack,
    *,
    as_of: dt.date,
    extra_waivers: tuple[WaiverEntry, ...] = (),
    warn_days: int = WAIVER_WARNING_DAYS,
    rules: Rules = DEFAULT_RULES,
) -> Assessment:
    """Judge every control of `pack` for `doc` at the date `as_of`."""
    data = doc.data
    if data.get("manifest_version") == 1:
        # version 1 meant "absent is no": a check on an unstated input failed, as it still does
        rules = dataclasses.replace(rules, unverified_fails=True)
    waivers = tuple(WaiverEntry(w, doc, f"/waivers/{i}") for i, w in enumerate(data.get("waivers", []))) + extra_waivers
    check_waivers(waivers, pack, data)
    waiver_index = index_waivers(waivers)
    systems = [(i, s) for i, s in enumerate(data.get("systems", [])) if s.get("lifecycle") != "retired"]
    by_kind = index_by_kind(data.get("safeguards", []))
    organisation = Scope(doc, None, systems, by_kind, as_of, pack)
    per_system = [Scope(doc, system, systems, by_kind, as_of, pack) for system in systems]
    findings: list[Finding] = []
    memo: dict[tuple[int, int], _Verdict] = {}  # verdicts that do not depend on the scope
    free, conditions = _scope_free(pack), _conditions(pack)
    reasons: dict[tuple[int, int], str] = {}  # (condition, scope): controls share conditions
    for order, control in enumerate(pack.controls):
        scopes = per_system if control.scope == "system" else [organisation]
        if not scopes:  # a per-system control of an organisation with no assessed system
            scopes = [organisation]
        shared = memo if free[order] else None
        for scope in scopes:
            key = (conditions[order], id(scope))
            reason = reasons.get(key)
            if reason is None:
                reason = reasons[key] = scope.not_applicable(control.applies)
            finding = _Judge(control, order, scope, rules, shared).finding(reason)
            findings.append(apply_waivers(finding, waiver_index, as_of) if waiver_index else finding)
    ordered = tuple(sorted(findings, key=_pack_order))
    scores = compute_scores(pack, ordered, waivers=True)
    unwaived = any(f.status != f.evaluated_status for f in ordered)
    return Assessment(
        file=doc.file,
        organisation=str(data["organisation"]["name"]),
        as_of=as_of.isoformat(),
        pack=pack,
        findings=ordered,
        scores=scores,
        # without a waived finding the two are the same sums
        scores_without_waivers=compute_scores(pack, ordered, waivers=False) if unwaived else scores,
        warnings=tuple(expiry_warnings(waivers, as_of, warn_days)),
        jurisdictions=tuple(data["organisation"].get("jurisdictions", [])),
        markets=tuple((s["id"], tuple(s["markets"])) for _, s in systems if s.get("markets")),
    )


class _Verdict(NamedTuple):
    status: str
    results: tuple[CheckResult, ...]
    pointer: str  # the node to show: the first failing check's, else the safeguard's
    safeguard: SafeguardRef | None = None


class _Judge:
    """Judges one control for one scope."""

    def __init__(
        self, control: Control, order: int, scope: Scope, rules: Rules, memo: dict[tuple[int, int], _Verdict] | None
    ) -> None:
        self.control, self.order, self.scope, self.rules, self.memo = control, order, scope, rules, memo

    def finding(self, reason: str) -> Finding:
        """The finding, given why the control's applicability excludes the scope ("" if not)."""
        control, scope = self.control, self.scope
        if scope.system is None and control.scope == "system":
            return self._result(
                _Verdict("not-applicable", (), scope.anchor), ["the organisation declares no assessed system"]
            )
        if reason:
            return self._result(_Verdict("not-applicable", (), scope.anchor), [reason])
        if not control.kinds:
            return self._judged(self._checks(None))
        candidates = scope.covering(control.kinds)
        usable = [c for c in candidates if c.status in ("implemented", "partial")]
        if usable:
            best = max((self._checks(c) for c in usable), key=_strength)
            return self._judged(best, candidates=candidates)
        equivalent = self._equivalent()
        if equivalent is not None:
            return equivalent
        planned = next((c for c in candidates if c.status == "planned"), None)
        if planned is not None:
            result = CheckResult(f"'{planned.id}' is implemented", False, scope.planned_message(planned))
            verdict = _Verdict("gap", (result,), planned.pointer + "/status", planned)
            return self._result(verdict, [result.message], candidates=candidates)
        if candidates:
            return self._declared(candidates[0], candidates)
        kinds = " or ".join(f"'{k}'" for k in control.kinds)
        message = f"not documented in this manifest: no {kinds} safeguard covering {scope.name}"
        result = CheckResult(f"a {kinds} safeguard covering {scope.name} is documented", False, message)
        return self._result(_Verdict("gap", (result,), scope.missing_anchor), [message])

    def _checks(self, safeguard: SafeguardRef | None) -> _Verdict:
        """Evaluate the control's checks with `/safeguard` bound to `safeguard`, once per
        safeguard when the checks read nothing that depends on the scope."""
        if self.memo is None or safeguard is None:
            return self._evaluate_checks(safeguard)
        key = (self.order, safeguard.index)
        verdict = self.memo.get(key)
        if verdict is None:
            verdict = self.memo[key] = self._evaluate_checks(safeguard)
        return verdict

    def _evaluate_checks(self, safeguard: SafeguardRef | None) -> _Verdict:
        results: list[CheckResult] = []
        failing_pointer = ""
        decisive_failed = False
        if safeguard is not None:
            implemented = safeguard.status == "implemented"
            failed = "" if implemented else f"'{safeguard.id}' is declared partial"
            results.append(CheckResult(f"'{safeguard.id}' is implemented", implemented, failed))
            if not implemented:
                failing_pointer = safeguard.pointer + "/status"
        context = self.scope.context(safeguard)
        for check in self.control.checks:
            outcome = evaluate_test(check.test, context)
            passed = outcome.passed
            if passed is None and self.rules.unverified_fails:
                passed = False
            if passed is None:
                results.append(CheckResult(check.title, False, "", verified=False))
                continue
            results.append(CheckResult(check.title, passed, "" if passed else check.fail))
            if not passed:
                decisive_failed = decisive_failed or check.decisive
                failing_pointer = failing_pointer or outcome.pointer
        verified = [r for r in results if r.verified]
        passed_count = sum(r.passed for r in verified)
        if decisive_failed or (verified and passed_count == 0):
            status = "gap"
        elif passed_count == len(verified):
            status = "met"
        else:
            status = "partial"
        pointer = failing_pointer or (safeguard.pointer if safeguard else self.scope.anchor)
        return _Verdict(status, tuple(results), pointer, safeguard)

    def _judged(self, verdict: _Verdict, *, candidates: tuple[SafeguardRef, ...] = ()) -> Finding:
        if verdict.status != "met":
            equivalent = self._equivalent()
            if equivalent is not None:
                return equivalent
        messages = [r.message for r in verdict.results if r.verified and not r.passed]
        return self._result(verdict, messages, candidates=candidates)

    def _equivalent(self) -> Finding | None:
        """The control met through equivalent practice, when one set is fully implemented."""
        for kinds in self.control.equivalent:
            found = [self.scope.implemented(kind) for kind in kinds]
            if all(found):
                refs = [f for f in found if f is not None]
                results = tuple(
                    CheckResult(f"'{ref.id}' ({kind}) is implemented, as equivalent practice", True, "")
                    for ref, kind in zip(refs, kinds, strict=True)
                )
                verdict = _Verdict("met", results, refs[0].pointer, refs[0])
                return self._result(verdict, [], equivalent=tuple(r.id for r in refs))
        return None

    def _declared(self, safeguard: SafeguardRef, candidates: tuple[SafeguardRef, ...]) -> Finding:
        """The organisation says the control does not apply, though the pack says it does."""
        justification = safeguard.justification or "(no justification given)"
        status = "gap" if self.rules.declared_na_as_gap else "not-applicable"
        message = f"declared not applicable by the organisation in '{safeguard.id}': {justification}"
        review = (
            f"the pack's applicability asks {self.control.id} of {self.scope.name}; "
            "the organisation's claim that it does not apply needs review"
        )
        verdict = _Verdict(status, (), safeguard.pointer + "/status", safeguard)
        return self._result(verdict, [message], candidates=candidates, declared=justification, review=review)

    def _result(
        self,
        verdict: _Verdict,
        messages: list[str],
        *,
        candidates: tuple[SafeguardRef, ...] = (),
        equivalent: tuple[str, ...] = (),
        declared: str = "",
        review: str = "",
    ) -> Finding:
        control, scope, judged = self.control, self.scope, verdict.safeguard
        line, column = scope.doc.locate(verdict.pointer)
        return Finding(
            order=self.order,
            system=scope.system_id,
            control=control.id,
            principle=control.principle,
            pillar=control.pillar,
            title=control.title,
            severity=control.severity,
            status=verdict.status,
            evaluated_status=verdict.status,
            messages=tuple(messages),
            pointer=verdict.pointer,
            line=line,
            column=column,
            safeguard=judged.id if judged else "",
            assurance=judged.assurance if judged else "",
            checks=verdict.results,
            candidates=tuple(c.id for c in candidates),
            equivalent=equivalent,
            declared=declared,
            review=review,
        )


# Check paths under these roots read the same node whichever scope is judged (`/system` and
# `/safeguards/KIND` depend on the scope).
_SCOPE_FREE_ROOTS = frozenset({"organisation", "systems", "safeguard"})
_FREE: dict[int, tuple[Pack, tuple[bool, ...]]] = {}


def _scope_free(pack: Pack) -> tuple[bool, ...]:
    """For each control of `pack`, whether its checks of one safeguard give the same verdict
    for every scope (computed once per pack)."""
    known = _FREE.get(id(pack))
    if known is None or known[0] is not pack:
        flags = tuple(all(_roots_free(check.test) for check in c.checks) for c in pack.controls)
        known = _FREE[id(pack)] = (pack, flags)
    return known[1]


_CONDITIONS: dict[int, tuple[Pack, tuple[int, ...]]] = {}


def _conditions(pack: Pack) -> tuple[int, ...]:
    """For each control of `pack`, a number shared by the controls whose `applies` are equal,
    so a scope's applicability is worked out once per distinct condition (once per pack)."""
    known = _CONDITIONS.get(id(pack))
    if known is None or known[0] is not pack:
        numbers: dict[str, int] = {}
        keys = (json.dumps(c.applies, sort_keys=True) for c in pack.controls)
        known = _CONDITIONS[id(pack)] = (pack, tuple(numbers.setdefault(k, len(numbers)) for k in keys))
    return known[1]


def _roots_free(node: object) -> bool:
    """No path in the test (any string starting with '/') has a scope-dependent root."""
    if isinstance(node, str):
        return not node.startswith("/") or node[1:].split("/", 1)[0] in _SCOPE_FREE_ROOTS
    if isinstance(node, dict):
        return all(_roots_free(value) for value in node.values())
    if isinstance(node, (list, tuple)):
        return all(_roots_free(value) for value in node)
    return True


def _pack_order(finding: Finding) -> tuple[int, str]:
    return (finding.order, finding.system)


def _strength(verdict: _Verdict) -> tuple[int, int, bool, int]:
    """Best evidence wins: most checks passed, then fewest failed, then the safeguard made for
    the system (not organisation-wide), then the first declared."""
    passed = sum(r.verified and r.passed for r in verdict.results)
    failed = sum(r.verified and not r.passed for r in verdict.results)
    ref = verdict.safeguard
    return (passed, -failed, bool(ref and ref.specific), -(ref.index if ref else 0))
