"""Tables that fit the terminal: columns wrap, and below a width the rows are laid out vertically.

A table whose columns cannot all be shown at the console's width without cutting a number is
printed one record per block, each field on its own line (``field  value``), as ``psql \\x``
does; text wraps inside its column instead of ending in "…". Every table of the command line
(reports, `jcg measures`, `jcg import --dry-run`) is printed through `print_fitted`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

Justify = Literal["left", "right"]


@dataclass(frozen=True)
class Col:
    title: str  # may hold a newline (Chinese above English)
    justify: Justify = "left"


def _grid(
    title: str | None,
    columns: Sequence[Col],
    rows: Sequence[Sequence[str]],
    lines: bool,
    bold_last: bool,
) -> Table:
    table = Table(title=title, show_lines=lines)
    for column in columns:
        numeric = column.justify == "right"
        table.add_column(
            column.title,
            justify=column.justify,
            no_wrap=numeric,
            overflow="fold",
        )
    for index, row in enumerate(rows):
        style = "bold" if bold_last and index == len(rows) - 1 else None
        table.add_row(*(Text(c) for c in row), style=style)  # text, never rich markup
    return table


def _vertical(
    console: Console, title: str | None, columns: Sequence[Col], rows: Sequence[Sequence[str]]
) -> None:
    if title:
        console.print(Text(title, style="bold"))
    labels = [c.title.replace("\n", " ") for c in columns]
    label_width = max(cell_len(label) for label in labels[1:]) if len(labels) > 1 else 1
    for row in rows:
        # Each record under a rule titled by its first field (a code, a row number).
        console.rule(Text(f"{labels[0]}: {row[0]}", style="bold"), align="left", style="dim")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="bold", min_width=label_width)
        grid.add_column(overflow="fold")
        for label, value in zip(labels[1:], row[1:], strict=False):
            if value:
                grid.add_row(Text(label), Text(value))
        console.print(grid)


# A text column may wrap at spaces, but narrower than this it would cut Chinese names apart.
MIN_TEXT = 12


def minimum_width(columns: Sequence[Col], rows: Sequence[Sequence[str]]) -> int:
    """The narrowest the table can be printed readably: numbers whole, words whole (up to
    `MIN_TEXT` cells; a longer word may fold), borders and padding included."""
    total = 1
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows if index < len(row)]
        if column.justify == "right":
            width = max((cell_len(c) for c in [*cells, *column.title.split()]), default=1)
        else:
            words = [w for c in [*cells, column.title] for w in c.split()]
            width = min(MIN_TEXT, max((cell_len(w) for w in words), default=1))
        total += width + 3
    return total


def print_fitted(
    console: Console,
    title: str | None,
    columns: Sequence[Col],
    rows: Sequence[Sequence[str]],
    *,
    lines: bool = False,
    bold_last: bool = False,
    vertical_below: int = 0,
) -> None:
    """Print a table that fits ``console.width``; vertically when it cannot, or when the
    console is narrower than ``vertical_below``."""
    table = _grid(title, columns, rows, lines, bold_last)
    if console.width < vertical_below or minimum_width(columns, rows) > console.width:
        _vertical(console, title, columns, rows)
    else:
        console.print(table)
