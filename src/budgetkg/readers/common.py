"""What the readers share: extracted lines → :class:`~budgetkg.ingest.SourceText`."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable

from ..errors import InputError
from ..ingest import SourceText, split_lines
from ..normalise import normalise_line, normalise_lines

_CJK = re.compile(r"[\u4e00-\u9fff]")
_BREAKS = re.compile(r"[\r\n]+")
SPACES = " \u00a0\u3000"
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def source_from_lines(lines: Iterable[str], data: bytes, name: str, encoding: str) -> SourceText:
    """Normalise extracted lines exactly as text files are normalised.

    ``data`` are the raw bytes of the original (hashed for ``bkg:sha256``); ``encoding``
    names the reader (``docx``, ``pdf``) or the character set of an HTML page.  Any line
    break left inside an extracted line starts a new line, so line ``N`` of the result is
    line ``N`` of the extracted text.
    """
    flat: list[str] = []
    for line in lines:
        flat.extend(split_lines(line) or [""])
    normalised = normalise_lines(flat)
    if not any(_CJK.search(line) for line in normalised):
        raise InputError(name, "no Chinese text found; not a budget disclosure")
    return SourceText(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        lines=normalised,
    )


def cell_text(pieces: Iterable[str]) -> str:
    """One table cell's text: its lines joined by ``\\n``.

    Tabs become spaces (a tab would start a new cell) and lines that normalise to
    nothing are dropped (a blank line would end the row).
    """
    lines = (line.replace("\t", " ") for piece in pieces for line in _BREAKS.split(piece))
    return "\n".join(line for line in lines if normalise_line(line))


def word_rows(rows: Iterable[list[str]]) -> list[str]:
    """Table rows in the Word-export flavour.

    Every cell is one line starting with a tab (further paragraphs of the cell follow
    on lines of their own), rows are separated by a blank line, and the table is
    framed by blank lines so that neither neighbouring prose nor another table can
    run into its cells.
    """
    lines: list[str] = [""]
    for cells in rows:
        if not cells:
            continue
        for cell in cells:
            first, *rest = cell.split("\n")
            lines.append("\t" + first)
            lines.extend(rest)
        lines.append("")
    return lines


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """``(text, encoding)`` of an HTML page (see :mod:`budgetkg.readers.html`)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    candidates = ["utf-8", "gb18030"]
    if m := _META.search(data[:4096]):
        try:
            declared = codecs.lookup(m.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            declared = ""
        if declared in ("gb2312", "gbk", "gb18030", "hz"):
            declared = "gb18030"
        if declared in ("latin-1", "iso8859-1", "cp1252", "ascii"):
            candidates.append(declared)  # a frequent wrong label on Chinese pages: try it last
        elif declared and not declared.startswith(("utf-16", "utf-32")):
            candidates.insert(1, declared)
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeError, LookupError, ValueError):  # also codecs that are not text
            continue
    raise InputError(name, "cannot decode the HTML page as its declared charset, UTF-8 or GB18030")
