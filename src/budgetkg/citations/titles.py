"""Finding and normalising document titles: 《》 titles, bare titles and the alias table.

See :mod:`budgetkg.citations` for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from .patterns import (
    _BARE_TITLE,
    _CJK_CHAR,
    _ENUMERATOR,
    _HSPACE,
    _ISSUE_SUFFIX,
    _NOT_IN_OFFICE,
    _NOTICE_SUFFIX,
    _SEGMENT_BOUNDARY,
    _TITLE_TAIL,
    _TO_HALF,
    YEAR_MAX,
    YEAR_MIN,
    _int,
    _strip_lead_words,
)

# ------------------------------------------------------------------------------ public


def canonical_title(title: str) -> str:
    """Normalise a title and map it through the alias table.

    ``《》`` around the title and whitespace are removed (a space is kept only between two
    ASCII letters or digits), ``<> ＜＞`` and nested ``《》`` become ``〈〉``, full-width ASCII
    letters and digits become ASCII.
    """
    norm = _normalise_title(title)
    return document_aliases().get(norm, norm)


@cache
def document_aliases() -> Mapping[str, str]:
    """The alias table ``budgetkg/data/document_aliases.tsv``: normalised alias → canonical.

    The file is UTF-8, one ``alias<TAB>canonical title`` per line; blank lines and lines
    starting with ``#`` are ignored.  A malformed line raises :class:`ValueError`.
    """
    path = resources.files("budgetkg") / "data" / "document_aliases.tsv"
    table: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0].strip() or not fields[1].strip():
            raise ValueError(f"document_aliases.tsv:{lineno}: expected 'alias<TAB>title'")
        alias, canonical = _normalise_title(fields[0]), _normalise_title(fields[1])
        if table.get(alias, canonical) != canonical:
            raise ValueError(f"document_aliases.tsv:{lineno}: {alias!r} mapped twice")
        table[alias] = canonical
    for alias, canonical in table.items():
        if canonical in table and table[canonical] != canonical:
            raise ValueError(f"document_aliases.tsv: {alias!r} maps to an alias {canonical!r}")
    return MappingProxyType(table)


# ----------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _Title:
    start: int
    end: int
    title: str
    year: int | None = None
    serial: int | None = None


def _normalise_title(title: str) -> str:
    s = title.strip()
    if s.startswith("《") and s.endswith("》"):
        s = s[1:-1]
    s = s.translate(_TO_HALF)
    for a, b in (("<", "〈"), (">", "〉"), ("＜", "〈"), ("＞", "〉"), ("《", "〈"), ("》", "〉")):
        s = s.replace(a, b)
    parts = s.split()
    if not parts:
        return ""
    out = [parts[0]]
    for part in parts[1:]:
        if out[-1][-1].isascii() and out[-1][-1].isalnum() and part[0].isascii():
            out.append(" ")
        out.append(part)
    return "".join(out)


def _matching_close(text: str, open_pos: int) -> int | None:
    """The index of the 》 that closes the 《 at ``open_pos``, nesting allowed."""
    depth = 0
    limit = min(len(text), open_pos + 300)
    i = open_pos
    while i < limit:
        ch = text[i]
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                return i
        elif ch == "\t" or (ch == "\n" and text.startswith("\n", i + 1)):
            return None
        i += 1
    return None


def _notice_prefix(text: str, open_pos: int) -> tuple[int, str]:
    """The ``<issuer>印发``/``转发`` run before ``《`` of a forwarding notice, if any."""
    j = open_pos
    while j > 0 and open_pos - j < 80 and (_CJK_CHAR.match(text[j - 1]) or text[j - 1] in _HSPACE):
        j -= 1
    while j < open_pos and text[j] in _HSPACE:
        j += 1
    run = text[j:open_pos]
    if not "".join(run.split()).endswith(("印发", "转发")):
        return open_pos, ""
    off = _strip_lead_words(run, 0, len(run))
    return j + off, run[off:]


def _find_book_titles(text: str) -> list[_Title]:
    titles: list[_Title] = []
    pos = 0
    while (o := text.find("《", pos)) >= 0:
        c = _matching_close(text, o)
        if c is None:
            pos = o + 1
            continue
        start, end = o, c + 1
        title = _normalise_title(text[o + 1 : c])
        notice = _NOTICE_SUFFIX.match(text, end)
        if notice is not None:
            start, prefix = _notice_prefix(text, o)
            title = _normalise_title(f"{prefix}〈{title}〉的通知")
            end = notice.end()
        year: int | None = None
        serial: int | None = None
        issue = _ISSUE_SUFFIX.match(text, end)
        if issue is not None:
            y, s = _int(issue["year"]), _int(issue["serial"])
            if YEAR_MIN <= y <= YEAR_MAX and s >= 1:
                year, serial, end = y, s, issue.end()
        if title:
            canonical = document_aliases().get(title, title)
            titles.append(_Title(start, end, canonical, year, serial))
        pos = c + 1
    return titles


def _clause_start(text: str, pos: int, end: int) -> int:
    """Skip whitespace, an enumerator (``18、``, ``（一）``) and lead verbs at ``pos``."""
    while pos < end and text[pos] in _HSPACE:
        pos += 1
    m = _ENUMERATOR.match(text, pos, end)
    if m is not None:
        pos = m.end()
    return _strip_lead_words(text, pos, end)


def _title_before(text: str, end: int) -> tuple[int, str] | None:
    """A bare document name filling its clause and ending at ``end``: (start, title)."""
    seg = max(text.rfind(ch, 0, end) for ch in _SEGMENT_BOUNDARY)
    cell_start = seg < 0 or text[seg] in "\t\n"
    start = _clause_start(text, seg + 1, end)
    cand = text[start:end]
    if not cand or any(ch in cand for ch in "《》") or _TITLE_TAIL.search(cand) is None:
        return None
    title = _normalise_title(cand)
    if len(title) > 120:
        return None
    if "关于" in title:
        if _NOT_IN_OFFICE.search(title, 0, title.find("关于")):
            return None
    elif not (cell_start and len(title) >= 8):
        return None
    return start, document_aliases().get(title, title)


def _find_bare_titles(text: str) -> list[tuple[int, int, str]]:
    """Table cells, or their first clause, that are a ``[office]关于…的<文种>`` title."""
    found: list[tuple[int, int, str]] = []
    for cell in re.finditer(r"[^\t\n]+", text):
        pos = _clause_start(text, cell.start(), cell.end())
        m = _BARE_TITLE.match(text, pos, cell.end())
        if m is None or _NOT_IN_OFFICE.search(text, m.start(), m.start() + m.group().find("关于")):
            continue
        title = _normalise_title(m.group())
        found.append((m.start(), m.end(), document_aliases().get(title, title)))
    return found
