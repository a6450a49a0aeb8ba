"""The layout of the text report, described once and drawn two ways: with rich on a terminal
(colour, any width) and by a precomputed plain layout everywhere else, which draws exactly
what rich draws without colour (the snapshots prove it) at a fraction of its cost.

A report is a list of blocks: a paragraph (`Styled` pieces), a `Grid` (the score table, or
a borderless grid of columns), `BLANK` or `RULE`. The plain layout follows rich's rules: words
(with their trailing spaces) wrap at the column width, a word longer than a line folds (or,
with `overflow="ellipsis"`, is cut with `…`), cells are padded to their column, and only the
last column of a grid wraps. Whatever it cannot draw the same way, rich draws.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rich.cells import cell_len as _rich_cell_len
from rich.cells import chop_cells, set_cell_size

#: one paragraph: (text, style) pieces; the style is rich's and only shows in colour
Styled = tuple[tuple[str, str], ...]
BLANK: Literal["blank"] = "blank"
RULE: Literal["rule"] = "rule"
_WORD = re.compile(r"\s*\S+\s*")


@dataclass(frozen=True, slots=True)
class Column:
    """The options of rich's `Table.add_column` the report uses."""

    header: str = ""
    justify: Literal["left", "right"] = "left"
    no_wrap: bool = False
    width: int | None = None
    min_width: int | None = None
    max_width: int | None = None
    overflow: Literal["fold", "ellipsis"] = "ellipsis"
    ratio: int | None = None
    style: str = ""


@dataclass(frozen=True, slots=True)
class Grid:
    """`table=True`: the score table (a header, two spaces between columns); else rich's
    `Table.grid(padding=(0, 1))` (one space between columns, no header)."""

    columns: tuple[Column, ...]
    rows: list[tuple[Styled, ...]] = field(default_factory=list)
    table: bool = False


Block = Styled | Grid | Literal["blank", "rule"]


def cell_len(text: str) -> int:
    """Terminal cells of `text` (wide characters count two); ASCII, the common case, at once."""
    return len(text) if text.isascii() else _rich_cell_len(text)


def styled(text: str, style: str = "") -> Styled:
    return ((text, style),)


def plain_layout(blocks: list[Block], width: int, *, shrink: Callable[[list[Block]], str] | None = None) -> str | None:
    """The report as rich draws it without colour at `width`, or None when a grid does not
    fit (rich would then shrink columns: let it). With `shrink`, only such a grid is drawn by
    it, so one wide table does not send a report of thousands of findings through rich."""
    out: list[str] = []
    for block in blocks:
        if block == BLANK:
            out.append("")
        elif block == RULE:
            out.append("─" * width)
        elif isinstance(block, Grid):
            lines = _grid(block, width)
            if lines is None and shrink is None:
                return None
            out += shrink([block]).splitlines() if lines is None and shrink is not None else lines or []
        else:
            out += wrap("".join(text for text, _ in block), width, "fold")
    return "".join(line.rstrip() + "\n" for line in out)


def wrap(text: str, width: int, overflow: str) -> list[str]:
    """Rich's word wrap (`rich._wrap.divide_line`, then `Text.truncate`) of one line of text."""
    return list(_wrapped(text, width, overflow))


@lru_cache(maxsize=1024)  # a control's prose repeats under each of its findings (one per system)
def _wrapped(text: str, width: int, overflow: str) -> tuple[str, ...]:
    if cell_len(text) <= width:
        return (text,)
    return tuple(_wrap(text, width, overflow))


def _wrap(text: str, width: int, overflow: str) -> list[str]:
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    current, used = "", 0
    for word in _WORD.findall(text):
        length = cell_len(word.rstrip())
        if width - used >= length:
            current, used = current + word, used + cell_len(word)
        elif length > width and overflow == "fold":
            chunks = chop_cells(word, width)
            if current:
                lines.append(current)
            lines += chunks[:-1]
            current, used = chunks[-1], cell_len(chunks[-1])
        elif current:
            lines.append(current)
            current, used = word, cell_len(word)
        else:
            current, used = word, cell_len(word)
    lines.append(current)
    return [_fit(line, width, overflow) for line in lines]


def _fit(line: str, width: int, overflow: str) -> str:
    if cell_len(line) <= width:
        return line
    line = line.rstrip() if cell_len(line.rstrip()) <= width else line
    if cell_len(line) <= width:
        return line
    return set_cell_size(line, width - 1) + "…" if overflow == "ellipsis" else set_cell_size(line, width)


def _grid(grid: Grid, width: int) -> list[str] | None:
    columns, last = grid.columns, len(grid.columns) - 1
    gap = 2 if grid.table else 1  # the space between two columns
    pads = [(0 if i == 0 or not grid.table else 1, 0 if i == last else 1) for i in range(len(columns))]
    rows = [tuple(column.header for column in columns)] if grid.table else []
    rows += [
        tuple(cell[0][0] if len(cell) == 1 else "".join([t for t, _ in cell]) for cell in row) for row in grid.rows
    ]
    lengths = [[cell_len(text) for text in row] for row in rows]  # measured once per cell
    widths = []
    for index, column in enumerate(columns):
        content = column.width if column.width is not None else max((r[index] for r in lengths), default=0)
        if column.width is None:
            content = max(content, column.min_width or 0)
            content = min(content, column.max_width) if column.max_width is not None else content
        widths.append(content)
    if columns[-1].width is None and not columns[-1].no_wrap and not grid.table:
        widths[-1] = min(widths[-1], width - sum(widths[:-1]) - gap * last)
    if sum(widths) + gap * last > width or min(widths, default=1) < 1:
        return None
    left = [" " * pad for pad, _ in pads]
    right = [" " * pad for _, pad in pads]
    blank = [" " * w for w in widths]
    indices = range(len(columns))
    lines: list[str] = []
    for row, row_lengths in zip(rows, lengths, strict=True):
        cells = [_cell(row[i], row_lengths[i], widths[i], columns[i]) for i in indices]
        for n in range(max(len(cell) for cell in cells)):
            parts = [left[i] + (cells[i][n] if n < len(cells[i]) else blank[i]) + right[i] for i in indices]
            lines.append("".join(parts))
    return lines


def _cell(text: str, length: int, width: int, column: Column) -> list[str]:
    """One cell's lines, each padded (or, right-justified, aligned) to the column width."""
    if length <= width:
        wrapped, lengths = [text], [length]
    else:
        wrapped = [_fit(text, width, column.overflow)] if column.no_wrap else wrap(text, width, column.overflow)
        lengths = [cell_len(line) for line in wrapped]
    if column.justify == "right":
        stripped = [line.rstrip() for line in wrapped]
        return [" " * (width - cell_len(line)) + line for line in stripped]
    return [line + " " * (width - n) if n < width else line for line, n in zip(wrapped, lengths, strict=True)]
