"""Ingest: a file's bytes → normalised text lines whose numbers match the original.

Encodings are detected, not guessed from the locale: a UTF-8 or UTF-16 byte-order
mark wins; UTF-16 without a BOM is recognised by its NUL bytes; otherwise strict
UTF-8 is tried, then GB18030 (a superset of GBK and GB2312).  Binary and empty
files are refused with an :class:`~budgetkg.errors.InputError` naming the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .normalise import normalise_lines

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class SourceText:
    """The normalised lines of one file; ``lines[i]`` is line ``i + 1`` of the file."""

    name: str  # file name as reported in messages and stored in the graph
    sha256: str  # hex SHA-256 of the raw bytes
    encoding: str
    lines: tuple[str, ...]

    def line(self, number: int) -> str:
        """Line ``number`` (1-based)."""
        return self.lines[number - 1]


def _text_score(text: str) -> float:
    """Share of characters that are CJK, ASCII printable or common whitespace."""
    good = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\t\r\n")
    return good / max(1, len(text))


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes in the text and a clean decoding in one byte order."""
    if b"\x00" not in data or len(data) % 2:
        return None
    sample = data[:8192]
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            score = _text_score(sample.decode(encoding, errors="strict"))
        except UnicodeDecodeError:
            continue
        if score > 0.9 and (best is None or score > best[0]):
            best = (score, encoding)
    return best[1] if best else None


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)`` or raises :class:`InputError`."""
    if not data.strip():
        raise InputError(name, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif (utf16 := _looks_utf16(data)) is not None:
        candidates = [utf16]
    else:
        if b"\x00" in data:
            raise InputError(name, "binary file (contains NUL bytes), not a text disclosure")
        candidates = ["utf-8", "gb18030"]
    error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = error or exc
            continue
        if not text.strip():
            raise InputError(name, "empty file")
        controls = len(_CONTROL.findall(text))
        if controls > max(8, len(text) // 200):
            raise InputError(name, f"binary file ({controls} control characters), not text")
        return text, encoding
    assert error is not None
    line = data[: error.start].count(b"\n") + 1
    raise InputError(
        name,
        f"cannot decode as UTF-8, UTF-16 or GB18030 (bad byte 0x{data[error.start]:02x})",
        line,
    )


def split_lines(text: str) -> list[str]:
    """Split on CR, LF or CRLF only, never on the other breaks ``str.splitlines`` knows
    (U+2028, U+0085 …): they may stand in a line of text, and unescaped in an N-Triples literal."""
    lines = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def source_from_bytes(data: bytes, name: str) -> SourceText:
    text, encoding = decode(data, name)
    lines = normalise_lines(split_lines(text))
    if not any(_CJK.search(line) for line in lines):
        raise InputError(name, "no Chinese text found; not a budget disclosure")
    return SourceText(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        lines=lines,
    )


def load(
    path: str | Path, decode: Callable[[bytes, str], SourceText] = source_from_bytes
) -> SourceText:
    """Read ``path`` and ``decode`` its bytes; errors name the file as the user gave it."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError(str(p), "is a directory") from None
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from None
    try:
        return decode(data, p.name)
    except InputError as exc:
        raise InputError(str(p), exc.reason, exc.line) from None


def read_source(path: str | Path) -> SourceText:
    """Read and normalise one text file."""
    return load(path)
