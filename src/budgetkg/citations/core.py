"""The :class:`Citation` value, :func:`find_citations` and :func:`document_key`.

Joins the numbers found by :mod:`.numbers` with the titles found by :mod:`.titles`;
see :mod:`budgetkg.citations` for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .numbers import _find_numbers
from .patterns import _CLOSING_PAREN, _skip_back
from .titles import _find_bare_titles, _find_book_titles, _title_before


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference to a policy document found in a text."""

    raw: str  # the citation text exactly as it appears in the input
    start: int  # offset of raw in the input
    end: int  # offset just after raw
    number: str | None  # canonical 文号, e.g. "冀组发〔2018〕14号"
    issuer: str | None  # 发文机关代字, e.g. "冀组发"
    year: int | None  # 2018
    serial: int | None  # 14
    title: str | None  # title without 《》, canonicalised through the alias table
    recovered: bool = False  # the number was rebuilt from a bracket-less OCR form


def document_key(c: Citation) -> str:
    """A stable identity for the cited document.

    The canonical number when there is one; otherwise ``"title:" + title`` (followed by
    ``"#<year>-<serial>"`` for an issue such as 《市长办公会议纪要》2017年19期); for a
    bare number that could not be rebuilt and has no title, ``"raw:"`` + the raw text
    without whitespace.
    """
    if c.number is not None:
        return c.number
    if c.title is not None:
        if c.year is not None and c.serial is not None:
            return f"title:{c.title}#{c.year}-{c.serial}"
        return f"title:{c.title}"
    return "raw:" + "".join(c.raw.split())


def find_citations(text: str) -> list[Citation]:
    """Every citation of a policy document in ``text``, in order of position."""
    return list(_find_cached(text))


@lru_cache(maxsize=65536)
def _find_cached(text: str) -> tuple[Citation, ...]:
    """Memoised: the same basis cell is often printed on every row of a table."""
    return tuple(_find(text))


def _find(text: str) -> list[Citation]:
    numbers = _find_numbers(text)
    titles = _find_book_titles(text)
    by_end = {t.end: t for t in titles if t.year is None}
    merged_titles: set[int] = set()
    out: list[Citation] = []

    for n in numbers:
        # where a title would end: before the issuer, or before an opening parenthesis
        k = _skip_back(text, n.start)
        wrapped = k > 0 and text[k - 1] in "（("
        b = _skip_back(text, k - 1) if wrapped else k
        title: str | None = None
        title_start = n.start
        t = by_end.get(b)
        if t is not None and t.start not in merged_titles:
            merged_titles.add(t.start)
            title, title_start = t.title, t.start
        else:
            found = _title_before(text, b)
            if found is not None:
                title_start, title = found
        end = n.end
        if title is not None and wrapped:
            m = _CLOSING_PAREN.match(text, end)
            if m is not None:
                end = m.end()
        out.append(
            Citation(
                raw=text[title_start:end],
                start=title_start,
                end=end,
                number=n.number,
                issuer=n.issuer,
                year=n.year,
                serial=n.serial,
                title=title,
                recovered=n.recovered,
            )
        )

    for t in titles:
        if t.start in merged_titles:
            continue
        out.append(
            Citation(
                raw=text[t.start : t.end],
                start=t.start,
                end=t.end,
                number=None,
                issuer=None,
                year=t.year,
                serial=t.serial,
                title=t.title,
            )
        )

    spans = [(c.start, c.end) for c in out]
    for start, end, title in _find_bare_titles(text):
        if any(start < e and s < end for s, e in spans):
            continue
        spans.append((start, end))
        out.append(Citation(text[start:end], start, end, None, None, None, None, title))

    out.sort(key=lambda c: (c.start, c.end))
    return out
