"""The shapes graph compiled into plain data for the fast engine.

:func:`compile_shapes` reads the SHACL shapes (``shapes/*.ttl``) into frozen dataclasses: node
shapes with their targets, property shapes with their constraints, SHACL-SPARQL constraints
with their queries and messages.  It supports exactly the SHACL features budgetkg's shapes use
(and a few more that are as simple); a shape using anything else raises
:class:`UnsupportedShape`, so that an edited shape is never silently skipped — the pyshacl
engine (``budgetkg validate --engine pyshacl``) runs any shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from ..errors import UsageError

#: terms are N-Triples text: ``<iri>``, ``_:label``, ``"lexical"^^<datatype>``, ``"text"@zh``
Term = str

#: shape predicates the engine understands (anything else in the sh: namespace is refused)
_KNOWN = {
    SH.message, SH.property, SH.severity, SH.path, SH.maxCount, SH.minCount, SH.datatype,
    SH["class"], SH["in"], SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
    SH.minLength, SH.maxLength, SH.pattern, SH.flags, SH.languageIn, SH.nodeKind, SH.hasValue,
    SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target,
    SH.sparql, SH.select, SH.prefixes, SH.declare, SH.prefix, SH.namespace, SH.name,
    SH.description, SH.order, SH.group,
}  # fmt: skip


class UnsupportedShape(UsageError):
    """A shape uses a SHACL feature the fast engine does not implement (use ``pyshacl``)."""

    def __init__(self, message: str) -> None:
        super().__init__(f"{message}; validate with --engine pyshacl")


def nt(node: Node) -> Term:
    """An rdflib term as N-Triples text, as Oxigraph writes it (xsd:string literals plain)."""
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node)).n3()
    return node.n3()


@dataclass(frozen=True, slots=True)
class Constraint:
    """One core constraint of a property shape: its component and parameter."""

    component: str  #: local name, e.g. "MinCount" (sh:MinCountConstraintComponent)
    parameter: object  #: int, Term, tuple of Terms/strings, or (pattern, flags)


@dataclass(frozen=True, slots=True)
class PropertyShape:
    iri: Term
    path: Term
    severity: str
    messages: tuple[tuple[str, str], ...]  #: (language, text)
    constraints: tuple[Constraint, ...]


@dataclass(frozen=True, slots=True)
class SparqlConstraint:
    iri: Term
    select: str
    messages: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Targets:
    classes: tuple[Term, ...] = ()
    subjects_of: tuple[Term, ...] = ()
    objects_of: tuple[Term, ...] = ()
    nodes: tuple[Term, ...] = ()
    selects: tuple[str, ...] = ()  #: SPARQL targets (sh:SPARQLTarget)


@dataclass(frozen=True, slots=True)
class NodeShape:
    iri: Term
    severity: str
    targets: Targets
    properties: tuple[PropertyShape, ...]
    sparql: tuple[SparqlConstraint, ...]


@dataclass(frozen=True, slots=True)
class ShapeSet:
    shapes: tuple[NodeShape, ...]
    prefixes: tuple[tuple[str, str], ...]  #: SPARQL prefixes (sh:declare)


def _check_known(graph: Graph, node: Node) -> None:
    for p in graph.predicates(node):
        if str(p).startswith(str(SH)) and p not in _KNOWN:
            raise UnsupportedShape(f"{node.n3()}: {p.n3()} is not supported by the fast engine")


def _severity(graph: Graph, node: Node) -> str:
    value = graph.value(node, SH.severity)
    return str(value).rsplit("#", 1)[-1] if value is not None else "Violation"


def _messages(graph: Graph, node: Node) -> tuple[tuple[str, str], ...]:
    found = [m for m in graph.objects(node, SH.message) if isinstance(m, Literal)]
    return tuple(sorted((m.language or "", str(m)) for m in found))


def _one(graph: Graph, node: Node, predicate: URIRef) -> Node:
    values = list(graph.objects(node, predicate))
    if len(values) != 1:
        raise UnsupportedShape(f"{node.n3()}: expected one {predicate.n3()}, found {len(values)}")
    return values[0]


def _constraints(graph: Graph, shape: Node) -> tuple[Constraint, ...]:
    out: list[Constraint] = []
    simple = {
        SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.minLength: "MinLength",
        SH.maxLength: "MaxLength",
    }  # fmt: skip
    for predicate, name in simple.items():
        for value in graph.objects(shape, predicate):
            out.append(Constraint(name, int(value)))  # type: ignore[call-overload]
    terms = {
        SH.datatype: "Datatype", SH["class"]: "Class", SH.minInclusive: "MinInclusive",
        SH.maxInclusive: "MaxInclusive", SH.minExclusive: "MinExclusive",
        SH.maxExclusive: "MaxExclusive", SH.nodeKind: "NodeKind", SH.hasValue: "HasValue",
    }  # fmt: skip
    for predicate, name in terms.items():
        for value in graph.objects(shape, predicate):
            out.append(Constraint(name, nt(value)))
    for value in graph.objects(shape, SH["in"]):
        out.append(Constraint("In", frozenset(nt(v) for v in Collection(graph, value))))
    for value in graph.objects(shape, SH.languageIn):
        out.append(Constraint("LanguageIn", tuple(str(v) for v in Collection(graph, value))))
    for value in graph.objects(shape, SH.pattern):
        flags = graph.value(shape, SH.flags)
        out.append(Constraint("Pattern", (str(value), str(flags) if flags else "")))
    return tuple(out)


def _property(graph: Graph, node: Node) -> PropertyShape:
    _check_known(graph, node)
    path = _one(graph, node, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"{node.n3()}: only predicate paths are supported")
    if (node, SH.sparql, None) in graph or (node, SH.property, None) in graph:
        raise UnsupportedShape(f"{node.n3()}: nested constraints in a property shape")
    return PropertyShape(
        nt(node), nt(path), _severity(graph, node), _messages(graph, node),
        _constraints(graph, node),
    )  # fmt: skip


def _sparql(graph: Graph, node: Node) -> SparqlConstraint:
    _check_known(graph, node)
    return SparqlConstraint(nt(node), str(_one(graph, node, SH.select)), _messages(graph, node))


def _targets(graph: Graph, shape: Node) -> Targets:
    selects = []
    for target in graph.objects(shape, SH.target):
        if (target, RDF.type, SH.SPARQLTarget) not in graph:
            raise UnsupportedShape(f"{shape.n3()}: only SPARQL targets are supported")
        selects.append(str(_one(graph, target, SH.select)))
    return Targets(
        classes=tuple(nt(c) for c in graph.objects(shape, SH.targetClass)),
        subjects_of=tuple(nt(p) for p in graph.objects(shape, SH.targetSubjectsOf)),
        objects_of=tuple(nt(p) for p in graph.objects(shape, SH.targetObjectsOf)),
        nodes=tuple(nt(n) for n in graph.objects(shape, SH.targetNode)),
        selects=tuple(sorted(selects)),
    )


def compile_shapes(graph: Graph) -> ShapeSet:
    """The node shapes of ``graph`` (those with targets) compiled for the fast engine."""
    shapes: list[NodeShape] = []
    for node in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str):
        _check_known(graph, node)
        if (node, RDF.type, RDFS.Class) in graph or _constraints(graph, node):
            raise UnsupportedShape(f"{node.n3()}: implicit class targets or node constraints")
        if isinstance(node, BNode):
            raise UnsupportedShape("node shapes must have IRIs")
        shapes.append(
            NodeShape(
                iri=nt(node),
                severity=_severity(graph, node),
                targets=_targets(graph, node),
                properties=tuple(
                    _property(graph, p) for p in sorted(graph.objects(node, SH.property), key=str)
                ),
                sparql=tuple(
                    _sparql(graph, c) for c in sorted(graph.objects(node, SH.sparql), key=str)
                ),
            )
        )
    prefixes = {
        (str(graph.value(d, SH.prefix)), str(graph.value(d, SH.namespace)))
        for d in graph.objects(None, SH.declare)
    }
    return ShapeSet(tuple(shapes), tuple(sorted(prefixes)))


__all__ = [
    "Constraint",
    "NodeShape",
    "PropertyShape",
    "ShapeSet",
    "SparqlConstraint",
    "Targets",
    "Term",
    "UnsupportedShape",
    "compile_shapes",
    "nt",
]
