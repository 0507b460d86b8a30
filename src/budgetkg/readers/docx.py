"""Word ``.docx`` → the lines of the Word-export text flavour.

Body paragraphs become lines (a line break inside a paragraph starts a new line;
leading tabs are dropped so that prose is never mistaken for a table cell).  Real
tables become Word-export rows: one tab-prefixed line per cell, the cell's further
paragraphs on the following lines, a blank line after each row.  A cell covered by a
horizontal merge (``w:gridSpan``, legacy ``w:hMerge``) is written once; a cell
continuing a vertical merge (``w:vMerge``) is written as an empty cell, as Word's own
text export does.  Deleted revisions, field instructions and the fallback copies of
text boxes are not text.  Nested tables are flattened into their cell, one line per row.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn

from ..errors import InputError
from ..ingest import SourceText
from .common import cell_text, source_from_lines, word_rows

#: refuse archives that would inflate beyond this (zip bombs): python-docx loads every part
MAX_UNPACKED = 512 * 1024 * 1024

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_HYPHEN = qn("w:noBreakHyphen")
_TCPR, _VMERGE, _HMERGE, _VAL = qn("w:tcPr"), qn("w:vMerge"), qn("w:hMerge"), qn("w:val")
#: block-level wrappers whose children are read as if they were the container's
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:smartTag")}
#: inline content that is not printed text
_NOT_TEXT = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:instrText"),
    qn("w:delInstrText"),
    qn("w:pPr"),
    qn("w:rPr"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}

Element = Any  # lxml elements (python-docx's oxml classes); lxml ships no type hints


def _children(parent: Element, tag: str) -> Iterator[Element]:
    """Children of ``parent`` with ``tag``, looking through content controls and the like."""
    stack = list(reversed(list(parent)))
    while stack:
        child = stack.pop()
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            stack.extend(reversed(list(child)))


def _blocks(parent: Element) -> Iterator[Element]:
    """Paragraphs and tables of a body or cell, in document order."""
    stack = list(reversed(list(parent)))
    while stack:
        child = stack.pop()
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            stack.extend(reversed(list(child)))


def paragraph_text(p: Element) -> str:
    """The printed text of one paragraph: runs, tabs and line breaks."""
    parts: list[str] = []
    stack = list(reversed(list(p)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT:
            continue
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _HYPHEN:
            parts.append("-")
        else:
            if tag == _P:  # a paragraph of a text box inside this one
                parts.append("\n")
            stack.extend(reversed(list(el)))
    return "".join(parts)


def _merge(tc: Element, tag: str) -> str | None:
    tc_pr = tc.find(_TCPR)
    mark = tc_pr.find(tag) if tc_pr is not None else None
    return None if mark is None else str(mark.get(_VAL, "continue"))


def _cell(tc: Element) -> str:
    pieces: list[str] = []
    for block in _blocks(tc):
        if block.tag == _P:
            pieces.append(paragraph_text(block))
        else:  # a nested table: one line per row
            pieces.extend(" ".join(row) for row in table_rows(block))
    return cell_text(pieces)


def table_rows(tbl: Element) -> list[list[str]]:
    """The cells of each row as Word's text export writes them."""
    rows: list[list[str]] = []
    for tr in _children(tbl, _TR):
        cells: list[str] = []
        for tc in _children(tr, _TC):
            if _merge(tc, _HMERGE) == "continue":
                continue
            cells.append("" if _merge(tc, _VMERGE) == "continue" else _cell(tc))
        rows.append(cells)
    return rows


def docx_lines(data: bytes, name: str) -> list[str]:
    """The text lines of a ``.docx`` file (see the module documentation)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo("word/document.xml")
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(name, f"not a readable Word .docx file ({exc})") from None
    if unpacked > MAX_UNPACKED:
        raise InputError(name, f"Word file too large ({unpacked} bytes unpacked)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a corrupt archive can fail in zipfile, zlib or lxml in many ways
        raise InputError(name, f"not a readable Word .docx file ({exc})") from None
    root = document.element
    body = root.find(qn("w:body")) if root.tag == qn("w:document") else None
    if body is None:
        raise InputError(name, "not a readable Word .docx file (no w:document/w:body)")
    lines: list[str] = []
    for block in _blocks(body):
        if block.tag == _P:
            lines.extend(line.lstrip("\t") for line in paragraph_text(block).split("\n"))
        else:
            lines.extend(word_rows(table_rows(block)))
    return lines


def read_docx(data: bytes, name: str) -> SourceText:
    """A ``.docx`` file as normalised source text; line N is line N of the extracted text."""
    return source_from_lines(docx_lines(data, name), data, name, "docx")
