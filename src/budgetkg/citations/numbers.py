"""Finding and normalising document numbers (文号), bracketed and bracket-less.

See :mod:`budgetkg.citations` for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from .patterns import (
    _ADDRESS_END,
    _BARE_NUMBER,
    _BRACKET_NUMBER,
    _BRACKET_YEAR_MAX,
    _BRACKET_YEAR_MIN,
    _CLOSE,
    _CONJUNCTION_AFTER_CUT,
    _ISSUER_CHAR,
    _ISSUER_CUT,
    _OPEN,
    _TO_HALF,
    YEAR_MAX,
    YEAR_MIN,
    _int,
    _skip_back,
    _strip_lead_words,
)

# ------------------------------------------------------------------------------ public


def canonical_number(issuer: str, year: int, serial: int) -> str:
    """The GB/T 9704 form of a document number: ``发文机关代字〔年份〕序号号``.

    >>> canonical_number("冀组发", 2018, 14)
    '冀组发〔2018〕14号'
    """
    code = issuer.strip().translate(_TO_HALF)
    if not code or any(c.isspace() or c in _OPEN or c in _CLOSE for c in code):
        raise ValueError(f"invalid issuer code: {issuer!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year must have four digits: {year}")
    if serial < 1:
        raise ValueError(f"serial must be positive: {serial}")
    return f"{code}〔{year}〕{serial}号"


# ----------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _Number:
    start: int  # start of the issuer
    end: int  # just after 号
    issuer: str
    year: int | None
    serial: int | None
    recovered: bool

    @property
    def number(self) -> str | None:
        if self.year is None or self.serial is None:
            return None
        return canonical_number(self.issuer, self.year, self.serial)


def _issuer_before(text: str, pos: int) -> tuple[int, str] | None:
    """The issuer code ending just before ``pos`` (OCR spaces skipped): (start, code)."""
    i = _skip_back(text, pos)
    j = i
    while j > 0 and i - j < 60 and _ISSUER_CHAR.match(text[j - 1]):
        j -= 1
    run = text[j:i]
    off = 0
    for m in _ISSUER_CUT.finditer(run):
        off = m.end()
    if off > 0 and run.startswith(_CONJUNCTION_AFTER_CUT, off) and off + 1 < len(run):
        off += 1
    off = _strip_lead_words(run, off, len(run))
    if off >= len(run):
        return None
    return j + off, run[off:].translate(_TO_HALF)


def _find_numbers(text: str) -> list[_Number]:
    numbers: list[_Number] = []
    taken: list[tuple[int, int]] = []
    for m in _BRACKET_NUMBER.finditer(text):
        year, serial = _int(m["year"]), _int(m["serial"])
        if not _BRACKET_YEAR_MIN <= year <= _BRACKET_YEAR_MAX or serial < 1:
            continue
        found = _issuer_before(text, m.start())
        if found is None:
            continue
        start, issuer = found
        numbers.append(_Number(start, m.end(), issuer, year, serial, recovered=False))
        taken.append((start, m.end()))

    for m in _BARE_NUMBER.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        found = _issuer_before(text, m.start())
        if found is None:
            continue
        start, issuer = found
        if issuer.endswith("第"):
            issuer = issuer[:-1]
        if (
            len(issuer) < 2
            or issuer.endswith(_ADDRESS_END)
            or "备" in issuer
            or "ICP" in issuer.upper()
        ):
            continue
        groups = m["digits"].split()
        digits = "".join(groups).translate(_TO_HALF)
        if not 5 <= len(digits) <= 8:
            continue
        year, serial_digits = int(digits[:4]), digits[4:]
        aligned = len(groups) == 1 or (len(groups) == 2 and len(groups[0]) == 4)
        plausible = YEAR_MIN <= year <= YEAR_MAX and int(serial_digits) >= 1
        if aligned and plausible:
            numbers.append(_Number(start, m.end(), issuer, year, int(serial_digits), True))
        else:
            numbers.append(_Number(start, m.end(), issuer, None, None, recovered=False))
        taken.append((start, m.end()))

    numbers.sort(key=lambda n: n.start)
    return numbers
