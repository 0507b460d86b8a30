"""Namespaces, deterministic IRIs and N-Triples term helpers."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from ..parse.amounts import format_decimal

BKG = "https://w3id.org/budgetkg/ontology#"
BKGC = "https://w3id.org/budgetkg/concept/"
DATA = "https://w3id.org/budgetkg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

PREFIXES = {
    "bkg": BKG,
    "bkgc": BKGC,
    "topic": BKGC + "topic/",
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "prov": PROV,
    "dcterms": DCTERMS,
    "org": ORG,
    "skos": SKOS,
}

_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def key(*parts: str) -> str:
    """A stable ASCII key for content that may be Chinese: 16 hex digits of SHA-256."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def safe_segment(text: str) -> str:
    """``text`` itself when it is a safe ASCII IRI segment (project codes), else its key."""
    return text if _SAFE.match(text) else key(text)


# Terms are N-Triples text: an IRI is "<…>", a literal '"…"@zh' or '"…"^^<datatype>'.
# Writing quads as text and letting Oxigraph's parser build them in bulk is an order of
# magnitude faster than constructing pyoxigraph terms one by one from Python.

_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def ref(iri: str) -> str:
    """An IRI term; raises ValueError for characters N-Triples does not allow in IRIs."""
    if _IRI_FORBIDDEN.search(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def child(node: str, suffix: str) -> str:
    """The IRI term ``node`` + ``suffix`` (``child("<…/d>", "/line/X")`` → ``<…/d/line/X>``)."""
    return f"{node[:-1]}{suffix}>"


def value_of(node: str) -> str:
    """The IRI of an IRI term."""
    return node[1:-1]


@cache
def bkg(local: str) -> str:
    return f"<{BKG}{local}>"


@cache
def bkgc(local: str) -> str:
    return f"<{BKGC}{local}>"


TYPE = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
DERIVED = f"<{PROV}wasDerivedFrom>"


@lru_cache(maxsize=1 << 16)
def quote(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def zh(text: str) -> str:
    return quote(text) + "@zh"


def string(text: str) -> str:
    return quote(text)


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{XSD}{datatype}>'


def decimal(value: Decimal) -> str:
    return _typed(format_decimal(value), "decimal")


def integer(value: int) -> str:
    return _typed(str(value), "integer")


def gyear(year: int) -> str:
    return _typed(f"{year:04d}", "gYear")


def xsd_date(value: date) -> str:
    return _typed(value.isoformat(), "date")


def boolean(value: bool) -> str:
    return _typed("true" if value else "false", "boolean")
