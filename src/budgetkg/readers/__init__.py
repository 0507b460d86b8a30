"""Readers for the originals governments publish: Word, PDF, HTML and plain text.

Each reader turns a file into the text lines the parser already understands (see
:mod:`budgetkg.parse.rows`) and normalises them like a text file, so the same
disclosure gives the same model whatever its format.  For Word, PDF and HTML files a
line number in a diagnostic or a ``bkg:sourceLine`` means "line N of the extracted
text" (what ``budgetkg.readers.read_any(path).lines`` returns), not a position in the
original file.

The format is recognised by its content first (``%PDF``; a ZIP archive holding
``word/document.xml``; an HTML start tag) and by the file name's suffix second;
everything else is read as text by :func:`budgetkg.ingest.source_from_bytes`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..ingest import SourceText, load, source_from_bytes

Format = Literal["docx", "pdf", "html", "text"]

#: file name suffixes of the formats read here (directories are searched for these)
SUFFIXES = (".txt", ".text", ".docx", ".pdf", ".html", ".htm")

_HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, name: str) -> Format:
    """The format of ``data`` by its first bytes, then by the suffix of ``name``."""
    suffix = Path(name).suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            names = set()
        if "word/document.xml" in names or suffix == ".docx":
            return "docx"
        raise InputError(name, "a ZIP archive but not a Word .docx file (no word/document.xml)")
    if data.startswith(_OLE2):
        raise InputError(name, "a legacy Word .doc (or other OLE2) file; save it as .docx")
    body = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(body) or suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".docx", ".pdf"):
        raise InputError(name, f"not a {suffix[1:].upper()} file (its signature is missing)")
    return "text"


def read_bytes(data: bytes, name: str) -> SourceText:
    """``data`` (the bytes of the file called ``name``) as normalised source text."""
    if not data.strip():
        raise InputError(name, "empty file")
    fmt = sniff(data, name)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, name)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name)
    if fmt == "html":
        from .html import read_html

        return read_html(data, name)
    return source_from_bytes(data, name)


def read_any(path: str | Path) -> SourceText:
    """Read one file of any supported format (see :func:`sniff`)."""
    return load(path, read_bytes)


__all__ = ["SUFFIXES", "Format", "read_any", "read_bytes", "sniff"]
