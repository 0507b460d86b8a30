"""HTML pages (government CMS articles) → the lines of the Word-export text flavour.

Decoding: a byte-order mark wins; then strict UTF-8 (a page that is valid UTF-8 is
UTF-8 whatever it declares: GBK text is practically never valid UTF-8, while a UTF-8
page wrongly labelled ``gbk`` is common and would decode to nonsense); then the
``<meta charset>`` (or ``http-equiv``) declaration; then GB18030.  GB2312 and GBK are
read as GB18030, their superset, because pages labelled ``gb2312`` routinely use GBK
characters.

The article body is the smallest element that holds at least 90 % of the page's
Chinese text, counting neither link text (menus, breadcrumbs, "related articles")
nor ``script``/``style``/``nav``/``aside`` and page-level ``header``/``footer``
elements, which are skipped entirely.  Inside it, block elements and ``<br>`` start
new lines, and every ``<table>`` becomes Word-export rows: ``colspan`` cells are
written once, positions covered by a ``rowspan`` from above are written as empty
cells, and a nested table is flattened into its cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html

from ..errors import InputError
from ..ingest import SourceText
from .common import cell_text, decode_html, source_from_lines, word_rows

_SKIP = {"script", "style", "noscript", "template", "head", "title", "nav", "aside", "iframe"}
_SKIP |= {"object", "embed", "select", "button", "svg", "math", "input", "textarea"}
_PAGE_FRAME = {"header", "footer"}  # skipped unless inside an article
_BLOCKS = {"p", "div", "section", "article", "main", "li", "dt", "dd", "blockquote", "pre"}
_BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "center", "form", "hr"}
_BLOCKS |= {"address", "figure", "figcaption", "fieldset", "caption", "header", "footer"}
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SHARE = 0.9
_MAX_SPAN = 1000

Element = Any  # lxml.html elements; lxml ships no type hints


def _tag(el: Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _skipped(el: Element) -> bool:
    tag = _tag(el)
    if not tag or tag in _SKIP or _HIDDEN.search(el.get("style") or ""):
        return True
    if tag in _PAGE_FRAME:
        return not any(_tag(a) in ("article", "main") for a in el.iterancestors())
    return False


def _article(body: Element) -> Element:
    """The smallest element holding ``_SHARE`` of the Chinese text outside links."""
    total: dict[Element, int] = {}
    elements = [el for el in body.iter() if isinstance(el.tag, str)]
    for el in reversed(elements):  # children before their parents
        tag = _tag(el)
        if _skipped(el) or tag == "a":
            count = 0
        else:
            count = len(_CJK.findall(el.text or ""))
            count += sum(total.get(c, 0) for c in el)
            count += sum(len(_CJK.findall(c.tail or "")) for c in el if c.tag is not None)
        total[el] = count
    best = body
    while True:
        children = [c for c in best if c in total]
        child = max(children, key=lambda c: total[c], default=None)
        if child is None or total[child] < _SHARE * total[body] or total[body] == 0:
            return best
        best = child


class _Writer:
    """Collects lines; inline text is appended to the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, text: str | None) -> None:
        if text:
            self.current.append(_WHITESPACE.sub(" ", text))

    def newline(self) -> None:
        line = "".join(self.current).strip(" ")
        if line or self.current:
            self.lines.append(line)
        self.current = []

    def extend(self, lines: list[str]) -> None:
        self.newline()
        self.lines.extend(lines)


def _walk(root: Element, writer: _Writer, in_table: bool) -> None:
    """Write ``root``'s content; tables become rows unless already inside a table."""
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = _tag(el)
        if closing:
            if tag in _BLOCKS:
                writer.newline()
            writer.text(el.tail)
            continue
        if el is not root and _skipped(el):
            writer.text(el.tail)
            continue
        if tag == "br":
            writer.newline()
            writer.text(el.tail)
            continue
        if tag == "table":
            rows = table_rows(el)
            if in_table:
                for row in rows:
                    writer.text(" ".join(row))
                    writer.newline()
            else:
                writer.extend(word_rows(rows))
            writer.text(el.tail)
            continue
        if tag in _BLOCKS or tag in ("tr", "td", "th"):
            writer.newline()
        writer.text(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))


def _span(el: Element, attribute: str) -> int:
    value = re.match(r"\s*(\d+)", el.get(attribute) or "")
    return min(max(int(value.group(1)), 1), _MAX_SPAN) if value else 1


def _rows(table: Element) -> Iterator[Element]:
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (r for r in child if _tag(r) == "tr")


def _covered(cells: list[str], column: int, pending: dict[int, tuple[int, int]]) -> int:
    """Empty cells for the positions a ``rowspan`` above covers; returns the next column."""
    while column in pending:
        left, width = pending.pop(column)
        if left > 1:
            pending[column] = (left - 1, width)
        cells.append("")
        column += width
    return column


def table_rows(table: Element) -> list[list[str]]:
    """The cells of each row as Word's text export writes them."""
    rows: list[list[str]] = []
    pending: dict[int, tuple[int, int]] = {}  # column → (rows still covered, colspan)
    for tr in _rows(table):
        cells: list[str] = []
        column = 0
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            column = _covered(cells, column, pending)
            writer = _Writer()
            _walk(td, writer, in_table=True)
            writer.newline()
            cells.append(cell_text(writer.lines))
            width = _span(td, "colspan")
            if (height := _span(td, "rowspan")) > 1:
                pending[column] = (height - 1, width)
            column += width
        _covered(cells, column, pending)
        rows.append(cells)
    return rows


def html_lines(data: bytes, name: str) -> tuple[list[str], str]:
    """The text lines of an HTML page and the character set it was decoded with."""
    text, encoding = decode_html(data, name)
    text = text.replace("\x00", "")
    if not text.strip():
        raise InputError(name, "empty file")
    try:
        root = lxml.html.document_fromstring(
            text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise InputError(name, f"not a readable HTML page ({exc})") from None
    body = root.find("body")
    writer = _Writer()
    _walk(_article(root if body is None else body), writer, in_table=False)
    writer.newline()
    return writer.lines, encoding


def read_html(data: bytes, name: str) -> SourceText:
    """An HTML page as normalised source text; line N is line N of the extracted text."""
    lines, encoding = html_lines(data, name)
    return source_from_lines(lines, data, name, encoding)
