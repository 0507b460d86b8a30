"""Namespaces, deterministic IRIs and literal helpers (pyoxigraph terms)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal

from pyoxigraph import Literal, NamedNode

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


def bkg(local: str) -> NamedNode:
    return NamedNode(BKG + local)


def bkgc(local: str) -> NamedNode:
    return NamedNode(BKGC + local)


TYPE = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")
DERIVED = NamedNode(PROV + "wasDerivedFrom")

_DECIMAL = NamedNode(XSD + "decimal")
_INTEGER = NamedNode(XSD + "integer")
_GYEAR = NamedNode(XSD + "gYear")
_DATE = NamedNode(XSD + "date")
_BOOLEAN = NamedNode(XSD + "boolean")


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def decimal(value: Decimal) -> Literal:
    return Literal(format_decimal(value), datatype=_DECIMAL)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=_INTEGER)


def gyear(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=_GYEAR)


def xsd_date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=_DATE)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=_BOOLEAN)


def string(text: str) -> Literal:
    return Literal(text)
