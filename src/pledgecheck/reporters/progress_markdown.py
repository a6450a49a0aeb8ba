"""The progress report as Markdown (to publish) and as plain text (to read in a terminal):
one layout, two ways of writing its text. Everything it shows comes from the audience's view
(see progress.build_report); untrusted text is escaped for the format, links only http(s) or
relative."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pledgecheck import __version__
from pledgecheck.progress import PrincipleSection, ProgressReport, SafeguardItem, pillar_sections, scoring_note
from pledgecheck.reporters.base import ReportOptions, format_score, markdown_text, plain, safe_link

STATUS_WORDS = {"implemented": "in place", "partial": "partly in place", "planned": "planned"}
OPEN_WORDS = {"gap": "not met", "partial": "partly met"}
AUDIENCE_TITLE = {"public": "Public edition", "coalition": "Coalition edition", "internal": "Internal edition"}


@dataclass(frozen=True, slots=True)
class Style:
    text: Callable[[str], str]
    link: Callable[[str, str], str]
    heading: Callable[[int, str], str]
    strong: Callable[[str], str]


def _md_link(text: str, url: str) -> str:
    target = safe_link(url)
    return f"[{markdown_text(text)}](<{target}>)" if target else markdown_text(text)


def _text_link(text: str, url: str) -> str:
    target = safe_link(url)
    return f"{plain(text)} <{target}>" if target and text != url else plain(target or text)


MARKDOWN = Style(markdown_text, _md_link, lambda level, text: f"{'#' * level} {text}", lambda t: f"**{t}**")
TEXT = Style(
    lambda t: plain(" ".join(t.split())),
    _text_link,
    lambda level, text: text + "\n" + ("=" if level == 1 else "-") * min(len(text), 100) if level < 3 else text,
    lambda t: t,
)


def render(report: ProgressReport, options: ReportOptions) -> str:
    """The report as Markdown."""
    return "\n".join(lines(report, MARKDOWN)) + "\n"


def render_text(report: ProgressReport, options: ReportOptions) -> str:
    """The report as plain text."""
    return "\n".join(lines(report, TEXT)) + "\n"


def lines(report: ProgressReport, style: Style) -> list[str]:
    s = style
    pack_id, version, _ = report.pack
    out = [
        s.heading(1, f"{s.text(report.organisation)}: Safety by Design progress report"),
        "",
        f"{AUDIENCE_TITLE[report.audience]} · as of {report.as_of} · assessed against the {s.text(pack_id)} "
        f"pack {s.text(version)} with pledgecheck {__version__}",
        "",
        s.heading(2, "At a glance"),
        "",
    ]
    glance = [
        f"Overall score: {s.strong(format_score(report.overall) + ' / 100')}"
        + (f" ({report.coverage})" if report.coverage else ""),
        *(f"{pillar.capitalize()}: {format_score(score)} / 100" for pillar, score, _ in pillar_sections(report)),
        s.text(report.reporting.sentence()) if report.reporting else "",
        s.text(report.redactions.sentence()),
        s.text(scoring_note(report)),
    ]
    out += [f"- {line}" for line in glance if line]
    out.append("")
    if report.since:
        out += [s.heading(2, f"What changed since {s.text(report.since)}"), ""]
        out += [f"- {s.text(c.text)}" for c in report.changes] or ["- Nothing that this edition shows has changed."]
        out.append("")
    for pillar, score, sections in pillar_sections(report):
        out += [s.heading(2, f"{pillar.capitalize()} (score {format_score(score)})"), ""]
        for section in sections:
            out += _section(section, s)
    if report.systems:
        out += [s.heading(2, "Systems covered"), ""]
        for system in report.systems:
            facts = ", ".join(x for x in (system.release_type, system.audience, system.lifecycle) if x)
            about = f": {s.text(system.description)}" if system.description else ""
            out.append(f"- {s.strong(s.text(system.name))} ({s.text(facts)}){about}")
        out.append("")
    if report.published:
        out += [s.heading(2, "Progress reports published"), ""]
        for date, title, url in report.published:
            out.append(f"- {s.text(date or 'undated')}: {s.link(title or url, url)}")
        out.append("")
    out += [
        s.heading(2, "About this report"),
        "",
        "Generated from the organisation's safeguards manifest. Each principle's score weighs every applicable "
        "control by severity (critical 4, high 3, medium 2, low 1): met counts fully, partly met half, a gap "
        "not at all. A detail the manifest does not state is counted neither way.",
        "",
        s.text(scoring_note(report)) + " " + s.text(report.redactions.sentence()),
    ]
    return out


def _section(section: PrincipleSection, s: Style) -> list[str]:
    head = f"{section.id} {s.text(section.title)}"
    summary = f"Score {format_score(section.score)} · {section.met} of {section.applicable} controls met"
    if not section.applicable:
        summary = "Not applicable to this organisation"
    out = [s.heading(3, head), "", summary, ""]
    if section.in_place:
        out += [s.strong("What we do"), ""]
        out += [_item(item, s) for item in section.in_place]
        out.append("")
    if section.planned:
        out += [s.strong("Planned"), ""]
        out += [_item(item, s) for item in section.planned]
        out.append("")
    if section.open:
        out += [s.strong("Still open"), ""]
        out += [
            f"- {control} {s.text(title)} ({s.text(scope)}: {OPEN_WORDS.get(status, status)})"
            for control, title, scope, status in section.open
        ]
        out.append("")
    if not (section.in_place or section.planned or section.open) and section.applicable:
        out += ["Every applicable control is met.", ""]
    return out


def _item(item: SafeguardItem, s: Style) -> str:
    where = ", ".join(item.systems) if item.systems else "organisation-wide"
    state = STATUS_WORDS.get(item.status, item.status)
    if item.status == "planned" and item.due:
        state = f"planned, due {item.due}" + (", overdue" if item.overdue else "")
    name = item.meaning[:1].upper() + item.meaning[1:] if item.meaning else item.kind
    parts = [f"- {s.strong(s.text(name))} ({s.text(state)}; {s.text(where)})"]
    if item.description:
        parts.append(f": {s.text(item.description)}")
    facts = "; ".join(f"{label}: {value}" for label, value in item.details)
    if facts:
        parts.append(f" — {s.text(facts)}.")
    elif not item.description:
        parts.append(".")
    if item.notes:
        parts.append(f" Note: {s.text(item.notes)}")
    evidence = [_evidence(e, s) for e in item.evidence]
    if evidence:
        parts.append(" Evidence: " + "; ".join(evidence) + ".")
    return "".join(parts)


def _evidence(e: object, s: Style) -> str:
    from pledgecheck.progress import EvidenceItem

    assert isinstance(e, EvidenceItem)
    label = e.title or e.kind.replace("-", " ")
    shown = s.link(label, e.url) if e.url else f"{s.text(label)} ({s.text(e.path)})"
    facts = ", ".join(x for x in (e.date or "undated", e.assurance.replace("-", " ")) if x)
    return f"{shown} ({s.text(facts)})"
