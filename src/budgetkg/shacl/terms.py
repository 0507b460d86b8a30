"""N-Triples text: lines split into terms, literals read, lexical forms checked.

The fast engine keeps terms as the N-Triples text Oxigraph writes (``<iri>``, ``_:b``,
``"lexical"^^<datatype>``, ``"text"@zh``, plain ``"text"`` for xsd:string) and looks inside a
literal only when a constraint needs its value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..ingest import split_lines
from .spec import Term

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_STRING_SUFFIX = f"^^<{XSD_STRING}>"

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DOUBLE = re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN")
_TZ = r"(Z|[+-]\d\d:\d\d)?"
_DATE = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)" + _TZ)
_GYEAR = re.compile(r"-?\d{4,}" + _TZ)
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long")}
_NUMERIC |= {XSD + t for t in ("nonNegativeInteger", "positiveInteger", "short", "byte")}


#: a line of N-Triples: terms apart by spaces or tabs (N-Triples whitespace), the object up to
#: the final ``.``; subjects and predicates (IRIs, blank nodes) hold neither
_LINE = re.compile(r"([^ \t]+)[ \t]+([^ \t]+)[ \t]+(.*?)[ \t]*\.")


def split_line(line: str) -> tuple[Term, Term, Term] | None:
    """``s p o .`` as three terms (None for a blank or comment line).  Raises
    :class:`SyntaxError` for a line that is not three terms and a full stop."""
    body = line.strip(" \t\r\n")
    if not body or body[0] == "#":
        return None
    m = _LINE.fullmatch(body)
    if m is None or not m[3]:
        raise SyntaxError(f"not an N-Triples line: {line!r}")
    s, p, obj = m.groups()
    if obj.endswith(_STRING_SUFFIX) and obj.startswith('"'):
        obj = obj[: -len(_STRING_SUFFIX)]
    return s, p, obj


#: a line ``s p o .`` as the build and Oxigraph write it (one space between the terms; the
#: object neither starts nor ends with a space)
_CANONICAL = re.compile(r"^(\S+) (\S+) (\S(?:.*\S)?) \.$", re.MULTILINE)


def split_text(text: str) -> list[tuple[Term, Term, Term]]:
    """The triples of N-Triples ``text``: :func:`split_line` of each line.

    When every line is written ``s p o .`` with LF endings (the build's and Oxigraph's
    layout), one regular expression over the whole text splits them all; otherwise each line
    is split on its own.
    """
    found: list[tuple[Term, Term, Term]] = _CANONICAL.findall(text)
    if "\r" in text or text.count("\n") != len(found) or (text and text[-1] != "\n"):
        lines = split_lines(text)
        return [t for t in map(split_line, lines) if t is not None]
    if _STRING_SUFFIX in text:
        cut = len(_STRING_SUFFIX)
        found = [
            (s, p, o[:-cut] if o.endswith(_STRING_SUFFIX) and o.startswith('"') else o)
            for s, p, o in found
        ]
    return found


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        return chr(int(code, 16)) if code else _SIMPLE.get(m.group(3), m.group(0))

    return _ESCAPE.sub(one, text) if "\\" in text else text


@lru_cache(maxsize=1 << 16)
def literal(term: Term) -> tuple[str, str, str | None] | None:
    """(lexical form, datatype IRI, language) of a literal term; None for IRIs and blank nodes."""
    if not term.startswith('"'):
        return None
    end = term.rindex('"')
    lexical = _unescape(term[1:end])
    rest = term[end + 1 :]
    if rest.startswith("@"):
        return lexical, LANG_STRING, rest[1:]
    if rest.startswith("^^<"):
        return lexical, rest[3:-1], None
    return lexical, XSD_STRING, None


def text(term: Term) -> str:
    """The string value of a term (SPARQL STR): a literal's lexical form, an IRI's text."""
    lit = literal(term)
    if lit is not None:
        return lit[0]
    return term[1:-1] if term.startswith("<") else term[2:]


def _valid_date(lexical: str) -> bool:
    m = _DATE.fullmatch(lexical)
    if not m:
        return False
    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


_LEXICAL: dict[str, Callable[[str], object]] = {
    XSD + "integer": _INTEGER.fullmatch,
    XSD + "int": _INTEGER.fullmatch,
    XSD + "long": _INTEGER.fullmatch,
    XSD + "decimal": _DECIMAL.fullmatch,
    XSD + "double": _DOUBLE.fullmatch,
    XSD + "float": _DOUBLE.fullmatch,
    XSD + "boolean": lambda s: s in ("true", "false", "1", "0"),
    XSD + "date": _valid_date,
    XSD + "gYear": _GYEAR.fullmatch,
}


@lru_cache(maxsize=1 << 16)
def well_formed(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is a valid form of ``datatype`` (rdflib's ``ill_typed``, inverted)."""
    check = _LEXICAL.get(datatype)
    return bool(check(lexical)) if check else True


@lru_cache(maxsize=1 << 16)
def number(term: Term) -> Decimal | None:
    """The numeric value of a well-formed numeric literal, else None."""
    lit = literal(term)
    if lit is None or lit[1] not in _NUMERIC or not well_formed(lit[0], lit[1]):
        return None
    try:
        return Decimal(lit[0].replace("INF", "Infinity"))
    except InvalidOperation:
        return None


def datatype_supported(datatype: str) -> bool:
    return datatype in _LEXICAL or datatype in (XSD_STRING, LANG_STRING, XSD + "anyURI")


__all__ = ["literal", "number", "split_line", "split_text", "text", "well_formed"]
