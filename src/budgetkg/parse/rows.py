"""Lines → rows: the two table flavours of exported disclosures.

* Word export: every cell on its own line starting with one tab, rows separated by
  blank lines; a line without a tab right after a cell continues that cell.
* PDF export: one row per line, cells separated by tabs.

A line that is neither becomes a one-cell ``text`` row, so that callers see prose
and tables in printed order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # continuation lines are joined with "\n"
    line: int

    @property
    def flat(self) -> str:
        """The text with the line breaks of a multi-line cell removed."""
        return self.text.replace("\n", "")


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    kind: Literal["table", "text"]

    @property
    def line(self) -> int:
        return self.cells[0].line

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.flat for c in self.cells)

    @property
    def filled(self) -> tuple[Cell, ...]:
        """The non-empty cells."""
        return tuple(c for c in self.cells if c.text)

    def __len__(self) -> int:
        return len(self.cells)


def lines_to_rows(lines: Sequence[str], first_line: int = 1) -> list[Row]:
    """Group normalised lines into rows; ``lines[0]`` is line ``first_line`` of the file."""
    rows: list[Row] = []
    cells: list[Cell] = []
    in_cell = False

    def flush() -> None:
        nonlocal cells
        if cells:
            rows.append(Row(tuple(cells), "table"))
            cells = []

    for number, line in enumerate(lines, first_line):
        if line == "":
            flush()
            in_cell = False
            continue
        body = line.rstrip("\t")
        if line.startswith("\t") and body.find("\t", 1) < 0:
            cells.append(Cell(body[1:], number))
            in_cell = True
        elif "\t" in body:
            flush()
            rows.append(Row(tuple([Cell(t, number) for t in body.split("\t")]), "table"))
            in_cell = False
        elif in_cell and cells:
            last = cells[-1]
            cells[-1] = Cell(f"{last.text}\n{body}" if last.text else body, last.line)
        else:
            flush()
            rows.append(Row((Cell(body, number),), "text"))
            in_cell = False
    flush()
    return rows


def rejoin_split_rows(rows: Sequence[Row], width: int) -> tuple[list[Row], list[int]]:
    """Rejoin table rows that a stray blank line cut in two.

    Word exports sometimes put a blank line inside a row, giving two short rows
    whose cell counts add up to ``width``.  Returns the rows and the line numbers
    of the rows that were rejoined.
    """
    result: list[Row] = []
    joined: list[int] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        following = rows[index + 1] if index + 1 < len(rows) else None
        if (
            following is not None
            and row.kind == following.kind == "table"
            and len(row) < width
            and len(following) < width
            and len(row) + len(following) == width
        ):
            result.append(Row(row.cells + following.cells, "table"))
            joined.append(row.line)
            index += 2
            continue
        result.append(row)
        index += 1
    return result, joined


def iter_table_rows(rows: Sequence[Row]) -> Iterator[Row]:
    """Only the table rows of ``rows``."""
    return (r for r in rows if r.kind == "table")
