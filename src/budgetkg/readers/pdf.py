"""PDF → the lines of the PDF-export text flavour (pdfplumber).

Text outside tables is read line by line and wrapped lines are joined back into their
paragraphs (see :mod:`budgetkg.readers.pdflines`).  Ruled tables become one line per
row with the cells separated by tabs.  A cell that spans several columns is written
once; a position covered by a cell merged down from a row above is written as an empty
cell.  Some rows cannot be one tab-separated line, because the parser strips trailing
tabs and reads ``\\tX`` as a Word-export cell: rows ending in an empty cell, two-cell
rows starting with one, and rows with a cell of several paragraphs (a line break that
is not a wrap).  They are written in the Word-export flavour (one cell per line, further
paragraphs of a cell on their own lines, framed by blank lines); the parser reads both
flavours.  Rows without text are left out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pdfplumber

from ..errors import InputError
from ..ingest import SourceText
from .common import cell_text, source_from_lines, word_rows
from .pdflines import IN_CELL, Line, TextFlow, chars_to_lines, paragraphs


@dataclass(frozen=True, slots=True)
class _Table:
    page: int
    top: float
    rows: tuple[tuple[str, ...], ...]  # a cell's paragraphs joined by "\n"


def _inside(box: Sequence[float]) -> Callable[[dict[str, Any]], bool]:
    x0, top, x1, bottom = box

    def test(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return bool(x0 <= x < x1 and top <= y < bottom)

    return test


def _cell(chars: Sequence[dict[str, Any]], box: Sequence[float], page: int) -> str:
    inside = _inside(box)
    lines = chars_to_lines([c for c in chars if inside(c)], page, 0)
    if not lines:
        return ""
    left = min(line.x0 for line in lines)
    right = box[2] - (left - box[0])  # the same padding on both sides
    return cell_text(paragraphs(lines, right, left, IN_CELL))


@dataclass(frozen=True, slots=True)
class _Page:
    """What pdfplumber found on one page."""

    width: int  # rounded: pages of one layout share their margins
    chars: list[dict[str, Any]]
    tables: list[tuple[list[list[Any]], list[Any]]]  # (rows of cell boxes or None, all boxes)


def _read_pages(data: bytes, name: str) -> list[_Page]:
    pages: list[_Page] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                tables = [([row.cells for row in t.rows], t.cells) for t in page.find_tables()]
                pages.append(_Page(round(float(page.width)), list(page.chars), tables))
    except Exception as exc:  # pdfminer reports a damaged file with many exception types
        raise InputError(name, f"not a readable PDF file ({type(exc).__name__}: {exc})") from None
    return pages


def _box(cells: Sequence[Any]) -> tuple[float, float, float, float]:
    return (
        min(float(c[0]) for c in cells),
        min(float(c[1]) for c in cells),
        max(float(c[2]) for c in cells),
        max(float(c[3]) for c in cells),
    )


def _table(
    rows: list[list[Any]], boxes: list[Any], chars: list[dict[str, Any]], page: int
) -> _Table:
    """The cells of each row, left to right, with cells merged down added as empty."""
    result: list[tuple[str, ...]] = []
    for row in rows:
        present = [box for box in row if box is not None]
        row_box = _box(present)
        top = row_box[1]
        in_row = _inside(row_box)
        row_chars = [c for c in chars if in_row(c)]
        cells = [(box[0], _cell(row_chars, box, page)) for box in present]
        cells.extend((c[0], "") for c in boxes if c[1] < top - 0.5 < top + 0.5 < c[3])
        result.append(tuple(text for _x, text in sorted(cells, key=lambda cell: cell[0])))
    return _Table(page, _box(boxes)[1], tuple(result))


def _extract(data: bytes, name: str) -> list[Line | _Table]:
    """Text lines and tables in reading order."""
    items: list[Line | _Table] = []
    for number, page in enumerate(_read_pages(data, name)):
        found: list[Line | _Table] = [_table(*t, page.chars, number) for t in page.tables]
        tests = [_inside(_box(cells)) for _rows, cells in page.tables]
        outside = [c for c in page.chars if not any(test(c) for test in tests)]
        found.extend(chars_to_lines(outside, number, page.width))
        items.extend(sorted(found, key=lambda item: item.top))
    return items


def _table_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    lines: list[str] = []
    for cells in rows:
        if not any(cells):
            continue
        line = "\t".join(cells)
        if cells[-1] and "\t" in line[1:] and "\n" not in line:
            lines.append(line)
        else:
            lines.extend(word_rows([list(cells)]))
    lines.append("")
    return lines


def pdf_lines(data: bytes, name: str) -> list[str]:
    """The text lines of a PDF file (see the module documentation)."""
    items = _extract(data, name)
    flow = TextFlow([item for item in items if isinstance(item, Line)])
    lines: list[str] = []
    run: list[Line] = []
    for item in [*items, None]:
        if isinstance(item, Line):
            run.append(item)
            continue
        lines.extend(flow.paragraphs(run))
        run = []
        if item is not None:
            lines.extend(_table_lines(item.rows))
    return lines


def read_pdf(data: bytes, name: str) -> SourceText:
    """A PDF file as normalised source text; line N is line N of the extracted text."""
    return source_from_lines(pdf_lines(data, name), data, name, "pdf")
