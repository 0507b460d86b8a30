"""The fast SHACL engine: one unit (a disclosure's triples) at a time, no rdflib graph.

Core constraints run in Python over an :class:`~budgetkg.shacl.core.Index` of the unit's
N-Triples.  SPARQL targets and SHACL-SPARQL constraints run in their native forms
(:mod:`.native`: every query of budgetkg's shapes has one, registered under the digest of its
text) over the same index; a query without a native form, or one whose native form declines the
data, runs in Oxigraph over an in-memory store of the unit's triples (with the ontology
statements the shapes use), made when first needed.  A constraint's query runs once per unit
with its focus nodes in a ``VALUES ?this`` block rather than once per focus node with ``$this``
pre-bound (which is what costs pyshacl most of its time); every query of budgetkg's shapes
names ``$this`` in its top-level pattern, where the two are the same.

The engine produces the same :class:`~budgetkg.validate_report.Result` records as the pyshacl
engine (``tests/test_fast_engine.py`` checks this on the corpus and on broken graphs), with one
difference of form: a number a query computes (a sum, a difference) is written in the canonical
XSD form in the message (``45000``), where rdflib keeps the scale of its operands
(``45000.0``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from ..rdf.terms import DERIVED, LABEL, TYPE, bkg
from ..validate_report import Document, Result
from . import native
from .core import Index, core_targets, property_failures
from .native_values import ConstraintForm, TargetForm, ox_text
from .spec import NodeShape, ShapeSet, SparqlConstraint, Term
from .terms import XSD_STRING, literal, number, text

SH = "http://www.w3.org/ns/shacl#"
_LINE = bkg("sourceLine")
_FILE = bkg("sourceFile")
_DISCLOSURE = bkg("Disclosure")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_THIS = re.compile(r"\$this\b")


def _n3(term: Term) -> str:
    """A term as rdflib's ``n3()`` writes it (what the pyshacl engine reports)."""
    lit = literal(term)
    if lit is None:
        return term
    lexical, datatype, lang = lit
    if lang is not None:
        return RdfLiteral(lexical, lang=lang).n3()
    return RdfLiteral(lexical, datatype=None if datatype == XSD_STRING else URIRef(datatype)).n3()


@dataclass
class Unit:
    """A unit being validated: its index, its Oxigraph store (made when first needed)."""

    ntriples: bytes
    index: Index
    extra: bytes  #: ontology statements (N-Triples) loaded with the data
    native: bool = True  #: use the native forms of :mod:`.native` (False: SPARQL only)
    _store: ox.Store | None = None
    _forms: dict[tuple[str, Decimal], Term] | None = None

    def data_form(self, term: Term) -> Term:
        """A number as the data writes it: Oxigraph returns numbers in canonical form (``"50"``
        for ``"50.0"``); the reported value is the data's own literal."""
        lit = literal(term)
        if lit is None or (value := number(term)) is None:
            return term
        if self._forms is None:
            self._forms = {}
            for o in sorted({o for _, _, o in self.index.triples}, reverse=True):
                if (n := number(o)) is not None and (data := literal(o)) is not None:
                    self._forms[(data[1], n)] = o
        return self._forms.get((lit[1], value), term)

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            self._store = ox.Store()
            self._store.load(self.ntriples + self.extra, format=ox.RdfFormat.N_TRIPLES)
        return self._store


def _select(
    unit: Unit, query: str, prefixes: dict[str, str], **kw: object
) -> list[dict[str, Term]]:
    """The solutions of a SELECT query over the unit, as {variable: term} (unbound left out)."""
    solutions = unit.store.query(query, prefixes=prefixes, use_default_graph_as_union=True, **kw)  # type: ignore[arg-type]
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [
        {n: ox_text(t) for n, t in zip(names, s, strict=True) if t is not None} for s in solutions
    ]


@lru_cache(maxsize=256)
def _native_target(query: str) -> TargetForm | None:
    return native.TARGETS.get(native.query_digest(query))


@lru_cache(maxsize=256)
def _native_constraint(query: str) -> ConstraintForm | None:
    return native.CONSTRAINTS.get(native.query_digest(query))


def _sparql_targets(unit: Unit, shape: NodeShape, prefixes: dict[str, str]) -> set[Term]:
    found: set[Term] = set()
    for query in shape.targets.selects:
        form = _native_target(query) if unit.native else None
        nodes = form(unit.index) if form is not None else None
        if nodes is None:
            nodes = {s["this"] for s in _select(unit, query, prefixes) if "this" in s}
        found |= nodes
    return found


def _solutions(
    unit: Unit, c: SparqlConstraint, focus: set[Term], prefixes: dict[str, str]
) -> list[tuple[Term, dict[str, Term]]]:
    """(focus node, bindings) of every solution of the constraint's query over ``focus``."""
    form = _native_constraint(c.select) if unit.native else None
    if form is not None and (solved := form(unit.index, focus)) is not None:
        return solved
    iris = sorted(f for f in focus if f.startswith("<"))
    out: list[tuple[Term, dict[str, Term]]] = []
    where = _WHERE.search(c.select)
    if iris and where:
        query = _THIS.sub("?this", c.select)
        at = where.end()
        query = f"{query[:at]}\n VALUES ?this {{ {' '.join(iris)} }}\n{query[at:]}"
        for row in _select(unit, query, prefixes):
            if row.get("this") in focus:
                out.append((row["this"], row))
    per_node = sorted(focus) if not where else sorted(f for f in focus if not f.startswith("<"))
    for f in per_node:  # blank nodes cannot be written in VALUES: pre-bound one by one
        node = ox.BlankNode(f[2:]) if f.startswith("_:") else ox.NamedNode(f[1:-1])
        for row in _select(unit, c.select, prefixes, substitutions={ox.Variable("this"): node}):
            out.append((f, row))
    return out


def _literally(value: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: value


def _format(template: str, bindings: dict[str, Term]) -> str:
    for name, term in bindings.items():
        if "{?" + name + "}" in template or "{$" + name + "}" in template:  # else no change
            template = re.sub("{[?$]" + re.escape(name) + "}", _literally(text(term)), template)
    return template


def _messages(
    templates: Iterable[tuple[str, str]], bindings: dict[str, Term] | None
) -> tuple[str, str]:
    texts: dict[str, list[str]] = {"en": [], "zh": []}
    for lang, template in templates:
        message = _format(template, bindings) if bindings is not None else template
        texts.setdefault(lang or "en", []).append(message)
    return " ".join(sorted(texts["en"])), " ".join(sorted(texts["zh"]))


class Locator:
    """Label, source line and disclosure of focus nodes (as the pyshacl engine reports them)."""

    def __init__(self, index: Index, document: str | None) -> None:
        self.index = index
        self.document = document

    def label(self, node: Term) -> str | None:
        labels = [lit for v in self.index.values(node, LABEL) if (lit := literal(v))]
        labels.sort(key=lambda lit: (lit[2] != "zh", lit[0]))
        return labels[0][0] if labels else None

    def line(self, node: Term) -> int | None:
        numbers = []
        for v in self.index.values(node, _LINE):
            lit = literal(v)
            if lit and lit[1].endswith("#integer") and re.fullmatch(r"[+-]?\d+", lit[0]):
                numbers.append(int(lit[0]))
        return min(numbers) if numbers else None

    def source_file(self, doc: str) -> str | None:
        files = sorted(text(v) for v in self.index.values(f"<{doc}>", _FILE))
        return files[0] if files else None

    def disclosure(self, node: Term) -> str | None:
        if _DISCLOSURE in self.index.values(node, TYPE):
            return text(node)
        owners = [
            text(d)
            for d in self.index.values(node, DERIVED)
            if _DISCLOSURE in self.index.values(d, TYPE)
        ]
        owners.sort(key=lambda d: (self.source_file(d) or "", d))
        return owners[0] if owners else self.document

    def document_info(self, iri: str) -> Document:
        return Document(iri, self.source_file(iri), self.label(f"<{iri}>"))


def _result(
    where: Locator, severity: str, focus: Term, path: Term | None, value: Term | None,
    shape: Term, component: str, constraint: Term | None, messages: tuple[str, str],
) -> Result:  # fmt: skip
    doc = where.disclosure(focus)
    return Result(
        severity=severity,
        focus=text(focus),
        path=text(path) if path and path.startswith("<") else None,
        value=_n3(value) if value is not None else None,
        shape=text(shape),
        component=SH + component,
        constraint=text(constraint) if constraint else None,
        message_en=messages[0],
        message_zh=messages[1],
        label=where.label(focus),
        document=doc,
        source_file=where.source_file(doc) if doc else None,
        source_line=where.line(focus),
    )


def validate_index(unit: Unit, shapes: ShapeSet, document: str | None) -> list[Result]:
    """Every result of ``shapes`` on the unit."""
    prefixes = dict(shapes.prefixes)
    where = Locator(unit.index, document)
    results: list[Result] = []
    for shape in shapes.shapes:
        focus = core_targets(unit.index, shape) | _sparql_targets(unit, shape, prefixes)
        if not focus:
            continue
        for ps in shape.properties:
            for f, c, value in property_failures(unit.index, focus, ps.path, ps.constraints):
                results.append(_result(
                    where, ps.severity, f, ps.path, value, ps.iri,
                    f"{c.component}ConstraintComponent", None, _messages(ps.messages, None),
                ))  # fmt: skip
        for sc in shape.sparql:
            seen: set[tuple[Term, tuple[tuple[str, Term], ...]]] = set()
            for f, row in _solutions(unit, sc, focus, prefixes):
                key = (f, tuple(sorted(row.items())))
                if key in seen:
                    continue
                seen.add(key)
                bindings = {**row, "this": row.get("this", f)}
                bindings.setdefault("value", f)
                value = unit.data_form(bindings["value"])
                messages = _messages(sc.messages, bindings)
                results.append(_result(
                    where, shape.severity, bindings["this"], row.get("path"), value,
                    shape.iri, "SPARQLConstraintComponent", sc.iri, messages,
                ))  # fmt: skip
    return results


__all__ = ["Locator", "Unit", "validate_index"]
