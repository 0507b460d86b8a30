"""PDF characters → text lines → paragraphs, undoing the line wrapping of the layout.

A line continues into the next one when the next line's first word (a Latin word or
number, or one character with the punctuation that may not start a line) would not
have fitted into the space left at its end, or when the next line starts with such
punctuation.  In running text the next line must also not be indented, not start
with a heading number (``5、``, ``（三）``, ``第二部分``) and, on the same page, not be
further away than the usual line gap; the last line of a page may continue on the
next page.  Inside a table cell only the width rule applies.  Wrapped lines are
joined without a separator, as Chinese text is written.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pdfplumber.utils.text import chars_to_textmap

_CLOSING = set("，。、；：？！）》」』”’%‰,.;:?!)]")
_NUMBERED = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．](?!\d)|第[一二三四五六七八九十]+部分)"
)
IN_CELL = float("inf")  # the line gap inside a table cell: not used


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    layout: int  # the page width, rounded: pages of one layout share their margins
    top: float
    bottom: float
    x0: float
    x1: float
    inner: float  # right edge without closing punctuation hanging into the margin
    text: str
    first_word: float  # width of what a line break could not have split


def _first_word(chars: Sequence[dict[str, Any]]) -> float:
    end = 1
    if chars[0]["text"].isascii() and chars[0]["text"].isalnum():
        while end < len(chars) and chars[end]["text"].isascii():
            end += 1
    while end < len(chars) and chars[end]["text"] in _CLOSING:
        end += 1
    return float(chars[end - 1]["x1"]) - float(chars[0]["x0"])


def chars_to_lines(chars: Sequence[dict[str, Any]], page: int, layout: int) -> list[Line]:
    """pdfplumber characters → text lines, top to bottom."""
    result: list[Line] = []
    if not chars:
        return result
    for line in chars_to_textmap(list(chars)).extract_text_lines(strip=True, return_chars=True):
        printed = [c for c in line["chars"] if c["text"].strip()]
        if not printed or not line["text"].strip():
            continue
        x1 = float(line["x1"])
        inner = max((float(c["x1"]) for c in printed if c["text"] not in _CLOSING), default=x1)
        top, bottom, x0 = float(line["top"]), float(line["bottom"]), float(line["x0"])
        text = line["text"].replace("\t", " ")
        result.append(Line(page, layout, top, bottom, x0, x1, inner, text, _first_word(printed)))
    return result


def continues(a: Line, b: Line, right: float, left: float, gap: float) -> bool:
    """Whether ``b`` is the wrapped continuation of ``a``'s paragraph."""
    height = a.bottom - a.top
    if right - a.x1 > b.first_word + 0.25 * height and b.text[0] not in _CLOSING:
        return False  # b's first word would have fitted: a ended its paragraph
    if gap == IN_CELL:
        return b.top > a.top
    if b.x0 > left + 0.8 * height or _NUMBERED.match(b.text):
        return False  # b is indented or numbered: a new paragraph
    if a.page == b.page:
        return a.top < b.top <= a.bottom + gap + 0.35 * height
    return b.page == a.page + 1


def paragraphs(lines: Sequence[Line], right: float, left: float, gap: float) -> list[str]:
    """The lines with every wrapped line joined to the one before."""
    result: list[str] = []
    for previous, line in zip([None, *lines], lines, strict=False):
        if previous is not None and continues(previous, line, right, left, gap):
            result[-1] += line.text
        else:
            result.append(line.text)
    return result


class TextFlow:
    """The running text of a document: its margins per layout and its usual line gap."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.right: dict[int, float] = {}
        self.left: dict[int, float] = {}
        for line in lines:
            self.right[line.layout] = max(self.right.get(line.layout, line.inner), line.inner)
            self.left[line.layout] = min(self.left.get(line.layout, line.x0), line.x0)
        gaps = [
            b.top - a.bottom
            for a, b in itertools.pairwise(lines)
            if a.page == b.page and self.right[a.layout] - a.x1 <= b.first_word
        ]
        self.gap = statistics.median(gaps) if gaps else 0.0

    def paragraphs(self, lines: Sequence[Line]) -> list[str]:
        """Consecutive lines (no table between them) → paragraphs."""
        result: list[str] = []
        for layout, run in itertools.groupby(lines, key=lambda line: line.layout):
            result.extend(paragraphs(list(run), self.right[layout], self.left[layout], self.gap))
        return result
