"""What the native forms need of SPARQL's values: numbers with their XSD type, the strings of
STR(), and every term written as Oxigraph returns it.

A native form must give the solutions Oxigraph gives, term for term, because the messages quote
them.  Oxigraph stores an ``xsd:decimal`` or ``xsd:integer`` literal by value and returns it in
canonical form (``"50.0"`` comes back ``"50"``), computes with integers as integers and with
decimals as decimals (``3 * 50`` is ``"150"^^xsd:integer``, ``3 * 0.005`` is
``"0.015"^^xsd:decimal``), and sums from an integer zero.  :class:`Num` does the same.

Data outside what budgetkg writes — a number in another XSD type or with an invalid lexical
form, a blank node, an IRI with escapes, two literals the store would merge into one — makes a
native form :class:`Decline`; the engine then runs the shape's SPARQL, whose answer is the
store's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache, wraps
from typing import NamedTuple, ParamSpec, TypeVar

import pyoxigraph as ox

from .core import Index
from .spec import Term
from .terms import LANG_STRING, XSD, XSD_STRING, literal, text, well_formed

XSD_INTEGER = XSD + "integer"
XSD_DECIMAL = XSD + "decimal"
_YEAR = re.compile(r"\d{4}")
_NOT_DIGIT_OR_DOT = re.compile(r"[^0-9.]")
_LIMIT = Decimal(10) ** 20  # Oxigraph's decimals: 128 bits, 18 fractional digits
_PLACES = -18

Row = dict[str, Term]
Solutions = list[tuple[Term, Row]]  #: (focus node, projected bindings) of a constraint
TargetForm = Callable[[Index], set[Term] | None]
ConstraintForm = Callable[[Index, set[Term]], Solutions | None]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class Decline(Exception):
    """The data is outside what a native form was written for: run the SPARQL."""


def declining(form: Callable[P, R]) -> Callable[P, R | None]:
    """``form``, returning None where it raises :class:`Decline`."""

    @wraps(form)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return form(*args, **kwargs)
        except Decline:
            return None

    return run


class Num(NamedTuple):
    """A numeric value and whether its XSD type is integer (else decimal)."""

    value: Decimal
    integer: bool

    def __add__(self, other: Num) -> Num:  # type: ignore[override]
        return _checked(self.value + other.value, self.integer and other.integer)

    def __sub__(self, other: Num) -> Num:
        return _checked(self.value - other.value, self.integer and other.integer)

    def __mul__(self, other: Num) -> Num:  # type: ignore[override]
        return _checked(self.value * other.value, self.integer and other.integer)

    def __abs__(self) -> Num:
        return Num(abs(self.value), self.integer)

    @property
    def term(self) -> Term:
        """The literal Oxigraph writes for this value."""
        if self.integer:
            return f'"{int(self.value)}"^^<{XSD_INTEGER}>'
        if self.value == 0:
            return f'"0"^^<{XSD_DECIMAL}>'
        return f'"{format(self.value.normalize(), "f")}"^^<{XSD_DECIMAL}>'


def _checked(value: Decimal, integer: bool) -> Num:
    if abs(value) >= _LIMIT or (not integer and value.as_tuple().exponent < _PLACES):  # type: ignore[operator]
        raise Decline  # beyond Oxigraph's decimals: its rounding or overflow is its own
    return Num(value, integer)


def integer(n: int) -> Num:
    return Num(Decimal(n), True)


def decimal(text_: str) -> Num:
    return Num(Decimal(text_), False)


ZERO = integer(0)


@lru_cache(maxsize=1 << 16)
def num(term: Term) -> Num:
    """The value of an ``xsd:integer`` or ``xsd:decimal`` literal (Decline for anything else)."""
    lit = literal(term)
    if lit is None or lit[1] not in (XSD_INTEGER, XSD_DECIMAL) or not well_formed(*lit[:2]):
        raise Decline
    return _checked(Decimal(lit[0]), lit[1] == XSD_INTEGER)


def total(values: Iterable[Num]) -> Num:
    """SUM: from an integer zero."""
    result = ZERO
    for v in values:
        result = result + v
    return result


def numbers(index: Index, node: Term, path: Term) -> list[Num]:
    """The numbers ``node`` has on ``path``, distinct by value as the store keeps them."""
    found = [num(t) for t in index.values(node, path)]
    if len(set(found)) != len(found):
        raise Decline  # e.g. "5.0" and "5.00": one triple in the store, two here
    return found


def iri(term: Term) -> Term:
    """An IRI or literal for the output; Decline for a blank node or an escaped IRI."""
    if term.startswith("_:") or (term.startswith("<") and "\\" in term):
        raise Decline
    return term


def focus_nodes(focus: set[Term]) -> list[Term]:
    """The focus nodes in order; Decline if one is a blank node (the SPARQL target's blank
    nodes are labelled by the store, not by the data)."""
    return sorted(iri(f) for f in focus)


def ox_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    """An Oxigraph term as the fast engine writes terms (a simple literal without its
    ``^^xsd:string``, as :func:`~budgetkg.shacl.terms.split_text` leaves it)."""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_STRING:
        return str(ox.Literal(term.value))
    return str(term)


def plain(value: str) -> Term:
    """A simple literal (what STR, CONCAT and friends return), as Oxigraph writes it."""
    return ox_text(ox.Literal(value))


@lru_cache(maxsize=1 << 16)
def written(term: Term) -> Term:
    """A term of the data as Oxigraph returns it."""
    lit = literal(iri(term))
    if lit is None:
        return term
    lexical, datatype, lang = lit
    if datatype in (XSD_INTEGER, XSD_DECIMAL):
        return num(term).term
    if datatype == XSD_STRING:
        return plain(lexical)
    if lang is not None and lang == lang.lower():
        return ox_text(ox.Literal(lexical, language=lang))
    raise Decline  # other datatypes and tags: left to the store's own forms


def string(term: Term | None, default: str | None = None) -> str:
    """SPARQL ``STR(term)`` (``COALESCE(STR(term), default)`` for an unbound term)."""
    if term is None:
        if default is None:
            raise Decline
        return default
    lit = literal(iri(term))
    if lit is None:
        return text(term)
    lexical, datatype, _ = lit
    if datatype in (XSD_STRING, LANG_STRING):
        return lexical
    if datatype in (XSD_INTEGER, XSD_DECIMAL):
        return text(num(term).term)
    if datatype == XSD + "gYear" and _YEAR.fullmatch(lexical):
        return lexical
    if datatype.startswith(XSD):
        raise Decline  # Oxigraph's canonical forms of the other XSD types
    return lexical


def plain_string(term: Term | None, default: str) -> str:
    """The text of an optional simple literal (Decline for any other term)."""
    if term is None:
        return default
    lit = literal(term)
    if lit is None or lit[1] != XSD_STRING:
        raise Decline
    return lit[0]


def one_or_none(values: list[T]) -> list[T | None]:
    """The solutions of an OPTIONAL over ``values``: each value, or one unbound."""
    return list(values) if values else [None]


def printed_half(printed: Term | None) -> Num:
    """Half a unit of the last printed place of a printed amount (the shapes' BIND chain)::

    COALESCE(?printed, "万元") AS ?tp; STRLEN(STRAFTER(REPLACE(?tp, "[^0-9.]", ""), ".")) AS ?td
    IF(CONTAINS(?tp, "万元"), IF(?td <= 2, 50, IF(?td = 3, 5, 0.5)), 0.005)
    """
    tp = plain_string(printed, "万元")
    digits = _NOT_DIGIT_OR_DOT.sub("", tp)
    places = len(digits.split(".", 1)[1]) if "." in digits else 0
    if "万元" not in tp:
        return HALF_FEN
    return FIFTY if places <= 2 else integer(5) if places == 3 else decimal("0.5")


def unit_half(unit: Term | None) -> Num:
    """``IF(COALESCE(?unit, "万元") = "元", 0.005, 50)``."""
    return HALF_FEN if plain_string(unit, "万元") == "元" else FIFTY


FIFTY = integer(50)
HALF_FEN = decimal("0.005")


__all__ = [
    "FIFTY",
    "HALF_FEN",
    "ZERO",
    "ConstraintForm",
    "Decline",
    "Num",
    "Row",
    "Solutions",
    "TargetForm",
    "decimal",
    "declining",
    "focus_nodes",
    "integer",
    "iri",
    "num",
    "numbers",
    "one_or_none",
    "ox_text",
    "plain",
    "plain_string",
    "printed_half",
    "string",
    "total",
    "unit_half",
    "written",
]
