"""Rich draws the text report's layout blocks (reporters/text_layout.py): in colour on a
terminal, and wherever the plain layout declines (a grid that must shrink to fit)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pledgecheck.reporters.base import ReportOptions
from pledgecheck.reporters.text_layout import BLANK, RULE, Block, Grid, Styled


def rich_layout(blocks: list[Block], options: ReportOptions) -> str:
    """The blocks printed by a rich Console of `options.width`, every line right-stripped."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
    )
    for block in blocks:
        if block == BLANK:
            console.print()
        elif block == RULE:
            console.rule()
        elif isinstance(block, Grid):
            console.print(_table(block))
        else:
            console.print(_text(block))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _text(pieces: Styled) -> Text:
    text = Text()
    for piece, style in pieces:
        text.append(piece, style=style or None)
    return text


def _table(grid: Grid) -> Table:
    if grid.table:
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    else:
        table = Table.grid(padding=(0, 1))
    for c in grid.columns:
        table.add_column(
            c.header,
            justify=c.justify,
            no_wrap=c.no_wrap,
            width=c.width,
            min_width=c.min_width,
            max_width=c.max_width,
            overflow=c.overflow,
            ratio=c.ratio,
            style=c.style or None,
        )
    for row in grid.rows:
        table.add_row(*(_text(cell) for cell in row))
    return table
