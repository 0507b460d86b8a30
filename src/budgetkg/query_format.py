"""Results of the named queries (:mod:`budgetkg.query`) and their output formats.

``table`` is aligned text for a terminal (prefixed names, clipped cells, numbers
right-aligned); ``csv``, ``tsv`` and ``json`` are the SPARQL 1.1 query results formats.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import pyoxigraph as ox

from .errors import UsageError

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

OUTPUT_FORMATS = ("table", "csv", "tsv", "json")
#: prefixed names in the table output; also expanded in ``iri`` query parameters
PREFIXES = {
    "bkg": "https://w3id.org/budgetkg/ontology#",
    "bkgc": "https://w3id.org/budgetkg/concept/",
    "topic": "https://w3id.org/budgetkg/concept/topic/",
    "data": "https://w3id.org/budgetkg/id/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_XSD = PREFIXES["xsd"]
_NUMERIC = {_XSD + t for t in ("integer", "decimal", "double", "float", "long", "int")}


@dataclass(frozen=True)
class Result:
    """Rows of a SELECT (CONSTRUCT/DESCRIBE: subject, predicate, object), or an ASK answer."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None


# --- output --------------------------------------------------------------------------------


def format_result(result: Result, fmt: str) -> str:
    """``table`` (aligned text), ``csv`` / ``tsv`` / ``json`` (SPARQL 1.1 results formats)."""
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(OUTPUT_FORMATS)}")
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return _json(result) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(_plain(t) for t in row)
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return _table(result)


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in parts}}
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _json(result: Result) -> str:
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    payload = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(payload, ensure_ascii=False)


def _short(term: Term | None) -> str:
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
    return " ".join(_plain(term).split())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, limit: int = 48) -> str:
    if _width(text) <= limit:
        return text
    while _width(text) > limit - 1:
        text = text[:-1]
    return text + "…"


def _table(result: Result) -> str:
    header = list(result.variables)
    cells = [[_clip(_short(t)) for t in row] for row in result.rows]
    numeric = [
        all(t is None or (isinstance(t, ox.Literal) and t.datatype.value in _NUMERIC) for t in col)
        for col in zip(*result.rows, strict=True)
    ] or [False] * len(header)
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        out = []
        for value, width, right in zip(values, widths, numeric, strict=True):
            pad = " " * (width - _width(value))
            out.append(pad + value if right else value + pad)
        return "  ".join(out).rstrip()

    lines = [line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"
