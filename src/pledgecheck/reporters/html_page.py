"""What both HTML reports share: one self-contained page (inline CSS, a small sorting
script allowed by its hash in a Content-Security-Policy that forbids every external load),
heat-map cells with text labels, sortable tables and control explanations from Markdown."""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Protocol

from markdown_it import MarkdownIt

from pledgecheck.reporters.base import plain, safe_link

STATUS_LABEL = {
    "met": "✓ met",
    "partial": "◐ partial",
    "gap": "✗ gap",
    "not-applicable": "– n/a",
    "waived": "≈ waived",
}
STATUS_RANK = {"gap": 0, "partial": 1, "waived": 2, "met": 3, "not-applicable": 4}
STATUS_CLASS = {"met": "s-met", "partial": "s-partial", "gap": "s-gap", "not-applicable": "s-na", "waived": "s-waived"}

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;margin:0}
main{max-width:1400px;margin:0 auto;padding:1rem 1.5rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.1rem}
a{color:#0b4f9c;text-decoration:underline}
.wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #bbb;padding:.25rem .45rem;text-align:left;vertical-align:top}
thead th{background:#f2f2f2}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:#1a1a1a}
th button::after{content:" ⇅";color:#555}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
td.num{text-align:right}
thead th,.sortable td[class^="s-"]{white-space:nowrap}
.s-met,.b-high{background:#c8e6c9}.s-partial,.b-mid{background:#ffe3a8}
.s-gap,.b-low{background:#f7c6c6;font-weight:600}.s-na,.b-none{background:#eee;color:#333}
.s-waived{background:#cfe3f7}
.s-met a,.s-partial a,.s-gap a,.s-waived a{color:#1a1a1a}
.legend span{display:inline-block;padding:.1rem .4rem;margin-right:.3rem;border:1px solid #bbb}
.summary{display:flex;flex-wrap:wrap;gap:1rem;padding:0;list-style:none}
.summary li{border:1px solid #bbb;padding:.4rem .8rem}
section.control{border-top:1px solid #ddd;margin-top:1rem}
.overview{border:1px solid #bbb;padding:.5rem 1rem;margin:1rem 0}
.overview .score{font-size:1.15rem}
figure.chart{margin:.5rem 0 1rem}figure.chart svg{display:block;height:auto;max-width:800px}
li.warn{font-weight:600}
.k,th .p{display:none}
thead{display:table-header-group}
@media (max-width:700px){main{padding:.5rem}table{font-size:.8rem}}
@page{margin:12mm}
@media print{
 body{font-size:9pt}main{max-width:none;padding:0}
 .wrap{overflow:visible;max-width:none}
 table{width:100%}
 table{font-size:8.5pt}th,td{overflow-wrap:break-word;hyphens:auto}
 thead{display:table-header-group}tfoot{display:table-footer-group}
 th button{display:none}th .p{display:inline}
 th[scope=row]{white-space:nowrap}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 tr,section.control,figure.chart{break-inside:avoid}
 a{text-decoration:none}
 table.stack,table.stack tbody,table.stack tr,table.stack caption{display:block;width:auto}
 table.stack thead{display:none}
 table.stack tr{border-top:1px solid #bbb;padding:.2rem 0;break-inside:auto}
 table.stack th,table.stack td{display:inline-block;margin:.1rem;white-space:nowrap}
 table.stack th{display:block;border:0}
 table.stack .k{display:inline}
}
"""

SCRIPT = """
document.querySelectorAll("table.sortable th button").forEach(function (button) {
  button.addEventListener("click", function () {
    var th = button.closest("th"), table = th.closest("table"), body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-v"), y = b.cells[index].getAttribute("data-v");
      var nx = parseFloat(x), ny = parseFloat(y);
      var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
      return ascending ? r : -r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""


class Explained(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def rationale(self) -> str: ...
    @property
    def remediation(self) -> str: ...


class _SafeMarkdown(MarkdownIt):
    """CommonMark without raw HTML or images; links only http, https or relative."""

    def validateLink(self, url: str) -> bool:
        return bool(safe_link(url)) and bool(super().validateLink(url))


@cache
def _markdown() -> MarkdownIt:
    return _SafeMarkdown("commonmark", {"html": False}).disable("image")


def prose(text: str) -> str:
    """Markdown rendered to HTML that can carry no markup or script of its own."""
    return str(_markdown().render(text))


def esc(text: object) -> str:
    """Any manifest string as HTML text (quotes too, so it is safe in attributes)."""
    return html.escape(plain(str(text)), quote=True)


def page(title: str, body: str) -> str:
    """One self-contained HTML document; the script's hash is computed here, at render time."""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def status_cell(status: str, control: str = "", *, key: str = "") -> str:
    """A heat-map cell; `key` (the column's name) is written in the cell for the stacked
    print layout of wide tables, where the header row is not printed."""
    label = STATUS_LABEL.get(status, status)
    inner = f'<a href="#c-{esc(control)}">{label}</a>' if control and status in ("gap", "partial") else label
    prefix = f'<span class="k">{esc(key)} </span>' if key else ""
    return f'<td class="{STATUS_CLASS.get(status, "s-na")}" data-v="{STATUS_RANK.get(status, 9)}">{prefix}{inner}</td>'


def score_cell(value: float | None) -> str:
    if value is None:
        return '<td class="num b-none" data-v="-1">n/a</td>'
    band = "b-high" if value >= 80 else "b-mid" if value >= 50 else "b-low"
    return f'<td class="num {band}" data-v="{value}">{value:.1f}</td>'


def name_cell(text: str) -> str:
    return f'<th scope="row" data-v="{esc(text)}">{esc(text)}</th>'


def table(caption: str, headers: Sequence[str], rows: Iterable[str], *, label: str = "", stack: bool = False) -> str:
    """A sortable table in a focusable scroll region; `headers` are HTML-safe, `rows` are
    rendered cells (one string per row). A `stack` table is too wide for paper: printed, each
    row becomes a block of labelled cells (give its cells a `key`), so no column is cut off."""
    # Chromium prints a button as nothing in a header row it repeats on a new page, so the
    # label is written twice: in the sort button on screen, as plain text on paper
    head = "".join(
        f'<th scope="col" aria-sort="none"><button type="button">{h}</button><span class="p">{h}</span></th>'
        for h in headers
    )
    body = "\n".join(f"<tr>{row}</tr>" for row in rows)
    region = esc(label or caption)
    return (
        f'<div class="wrap" role="region" aria-label="{region}" tabindex="0">'
        f'<table class="sortable{" stack" if stack else ""}"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>"
    )


def legend() -> str:
    items = "".join(f'<span class="{STATUS_CLASS[s]}">{STATUS_LABEL[s]}</span>' for s in STATUS_LABEL)
    return f'<p class="legend">Statuses: {items}. Scores: 80+ high, 50–79 medium, under 50 low.</p>'


def explanations(controls: Iterable[Explained]) -> str:
    """One anchored section per control (`#c-ID`): why it matters and what to do."""
    parts = ['<h2 id="explanations">Controls explained</h2>']
    for control in controls:
        parts.append(
            f'<section class="control" id="c-{esc(control.id)}" aria-labelledby="h-{esc(control.id)}">'
            f'<h3 id="h-{esc(control.id)}">{esc(control.id)} {esc(control.title)}</h3>'
            f"<p>Severity: {esc(control.severity)}</p><h4>Why it matters</h4>{prose(control.rationale)}"
            f"<h4>What to do</h4>{prose(control.remediation)}</section>"
        )
    return "\n".join(parts)
