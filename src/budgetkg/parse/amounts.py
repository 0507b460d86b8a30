"""Exact amounts: printed figures → :class:`~decimal.Decimal` yuan."""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "亿元": Decimal(100000000),
}

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUMBER_ONLY = re.compile(rf"^[+-]?{NUMBER}$")
_DECLARED_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元|亿元)")
#: unlimited precision: scaling and normalising a printed figure never rounds it, however
#: many digits it has (the default context's 28 digits rounded long figures and made
#: ``quantize`` raise InvalidOperation)
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def parse_decimal(text: str) -> Decimal | None:
    """``"1,207,013.28"`` → ``Decimal("1207013.28")``; None unless the text is a number."""
    text = text.strip()
    if not _NUMBER_ONLY.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Convert ``value`` printed in ``unit`` (元/万元/亿元) to yuan, exactly."""
    return normalise_decimal(_EXACT.multiply(value, UNIT_FACTORS[unit]))


def normalise_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation."""
    if value == value.to_integral_value(context=_EXACT):
        return value.quantize(Decimal(1), context=_EXACT)
    return value.normalize(context=_EXACT)


def format_decimal(value: Decimal) -> str:
    """The canonical lexical form used in the graph and JSON (``6918800``, ``0.5``)."""
    return format(normalise_decimal(value), "f")


def declared_unit(text: str) -> str | None:
    """The unit a table declares (``单位：万元``, ``价值（金额单位：万元）``)."""
    m = _DECLARED_UNIT.search(text)
    return m.group(1) if m else None
