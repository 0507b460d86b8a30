"""Targets and core constraints (sh:minCount, sh:datatype, sh:in …) over a unit's index.

Semantics follow SHACL as pyshacl implements it (``tests/test_fast_engine.py`` compares the two
engines): value nodes are the distinct objects of the path; a literal is of a datatype when its
datatype matches and its lexical form is valid; sh:class and class targets follow
``rdf:type/rdfs:subClassOf*`` in the data graph (which holds the ontology's class hierarchy).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from ..rdf.terms import RDFS, TYPE
from .spec import Constraint, NodeShape, Term
from .terms import LANG_STRING, XSD_STRING, literal, number, text, well_formed

RDF_TYPE = TYPE
SUBCLASS = f"<{RDFS}subClassOf>"


class Index:
    """The distinct triples of a unit, indexed by subject and by predicate."""

    def __init__(self, triples: Iterable[tuple[Term, Term, Term]]) -> None:
        triples = set(triples)
        self.triples = triples
        out: dict[Term, dict[Term, list[Term]]] = {}
        by_predicate: dict[Term, list[tuple[Term, Term]]] = {}
        for s, p, o in triples:  # get before set: setdefault would make a container each time
            if (of_s := out.get(s)) is None:
                out[s] = {p: [o]}
            elif (objects := of_s.get(p)) is None:
                of_s[p] = [o]
            else:
                objects.append(o)
            if (pairs := by_predicate.get(p)) is None:
                by_predicate[p] = [(s, o)]
            else:
                pairs.append((s, o))
        self.out, self.by_predicate = out, by_predicate
        self._instances: dict[Term, set[Term]] | None = None
        self._subclasses: dict[Term, set[Term]] = {}

    def values(self, node: Term, path: Term) -> list[Term]:
        return self.out.get(node, {}).get(path, [])

    def subclasses(self, cls: Term) -> set[Term]:
        """``cls`` and every class below it (rdfs:subClassOf*)."""
        if cls not in self._subclasses:
            below: dict[Term, list[Term]] = {}
            for sub, sup in self.by_predicate.get(SUBCLASS, []):
                below.setdefault(sup, []).append(sub)
            seen, todo = set(), [cls]
            while todo:
                c = todo.pop()
                if c not in seen:
                    seen.add(c)
                    todo.extend(below.get(c, []))
            self._subclasses[cls] = seen
        return self._subclasses[cls]

    def instances(self, cls: Term) -> set[Term]:
        if self._instances is None:
            self._instances = {}
            for s, o in self.by_predicate.get(RDF_TYPE, []):
                self._instances.setdefault(o, set()).add(s)
        found: set[Term] = set()
        for c in self.subclasses(cls):
            found |= self._instances.get(c, set())
        return found

    def is_instance(self, node: Term, cls: Term) -> bool:
        return bool(self.subclasses(cls).intersection(self.values(node, RDF_TYPE)))


def core_targets(index: Index, shape: NodeShape) -> set[Term]:
    """The focus nodes of a shape's class, subjects-of, objects-of and node targets."""
    t = shape.targets
    focus: set[Term] = set(t.nodes)
    for cls in t.classes:
        focus |= index.instances(cls)
    for p in t.subjects_of:
        focus.update(s for s, _ in index.by_predicate.get(p, []))
    for p in t.objects_of:
        focus.update(o for _, o in index.by_predicate.get(p, []))
    return focus


# ---------------------------------------------------------------------------------------------
# Value checks: (index, value, parameter) -> conforms
# ---------------------------------------------------------------------------------------------


def _datatype(index: Index, value: Term, datatype: object) -> bool:
    lit = literal(value)
    if lit is None:
        return False
    lexical, dt, _ = lit
    return f"<{dt}>" == datatype and well_formed(lexical, dt)


def _compare(sign: int, strict: bool) -> Callable[[Index, Term, object], bool]:
    def check(index: Index, value: Term, bound: object) -> bool:
        v, b = number(value), number(str(bound))
        if v is None or b is None:
            return False
        return (v - b) * sign > 0 or (not strict and v == b)

    return check


@lru_cache(maxsize=64)
def _regex(pattern: str, flags: str) -> re.Pattern[str]:
    f = re.IGNORECASE if "i" in flags else 0
    f |= re.DOTALL if "s" in flags else 0
    f |= re.MULTILINE if "m" in flags else 0
    f |= re.VERBOSE if "x" in flags else 0
    return re.compile(pattern, f)


def _pattern(index: Index, value: Term, parameter: object) -> bool:
    assert isinstance(parameter, tuple)
    pattern, flags = parameter
    return not value.startswith("_:") and _regex(pattern, flags).search(text(value)) is not None


def _language_in(index: Index, value: Term, ranges: object) -> bool:
    lit = literal(value)
    if lit is None or lit[2] is None:
        return False
    tag = lit[2].lower()
    return any(
        r == "*" or tag == r.lower() or tag.startswith(r.lower() + "-")
        for r in ranges  # type: ignore[attr-defined]
    )


def _node_kind(index: Index, value: Term, kind: object) -> bool:
    k = str(kind).rsplit("#", 1)[-1].rstrip(">")
    is_iri, is_blank = value.startswith("<"), value.startswith("_:")
    is_literal = not (is_iri or is_blank)
    allowed = {
        "IRI": is_iri, "BlankNode": is_blank, "Literal": is_literal,
        "BlankNodeOrIRI": not is_literal, "BlankNodeOrLiteral": not is_iri,
        "IRIOrLiteral": not is_blank,
    }  # fmt: skip
    return allowed[k]


VALUE_CHECKS: dict[str, Callable[[Index, Term, object], bool]] = {
    "Datatype": _datatype,
    "Class": lambda index, v, cls: not literal(v) and index.is_instance(v, str(cls)),
    "In": lambda index, v, allowed: v in allowed,  # type: ignore[operator]
    "MinInclusive": _compare(1, strict=False),
    "MaxInclusive": _compare(-1, strict=False),
    "MinExclusive": _compare(1, strict=True),
    "MaxExclusive": _compare(-1, strict=True),
    "MinLength": lambda index, v, n: not v.startswith("_:") and len(text(v)) >= n,  # type: ignore[operator]
    "MaxLength": lambda index, v, n: not v.startswith("_:") and len(text(v)) <= n,  # type: ignore[operator]
    "Pattern": _pattern,
    "LanguageIn": _language_in,
    "NodeKind": _node_kind,
}


#: components checked on the set of values as a whole (the others check each value)
_COUNTS = {"MinCount", "MaxCount", "HasValue"}


def property_failures(
    index: Index, focus: Iterable[Term], path: Term, constraints: Iterable[Constraint]
) -> list[tuple[Term, Constraint, Term | None]]:
    """(focus node, constraint, value node or None) of every result of a property shape's core
    constraints on every focus node.  The value nodes are the distinct objects of ``path`` (the
    index holds distinct triples); the count components (:data:`_COUNTS`) give one result with
    no value node; every other component checks each distinct value once (values repeat across
    focus nodes: a department, a datatype's literals) and goes through the focus nodes only when
    a value fails.  The results come in the order of the constraints, then of ``focus``."""
    out_of, none = index.out, dict[Term, list[Term]]()
    values_of = {f: out_of.get(f, none).get(path, []) for f in focus}
    out: list[tuple[Term, Constraint, Term | None]] = []
    sizes: list[int] | None = None
    distinct: set[Term] | None = None
    for c in constraints:
        if c.component in _COUNTS:
            n = c.parameter
            if sizes is None:
                sizes = list(map(len, values_of.values()))
            if c.component == "MinCount":
                if sizes and min(sizes) < n:  # type: ignore[operator]
                    out.extend((f, c, None) for f, vs in values_of.items() if len(vs) < n)  # type: ignore[operator]
            elif c.component == "MaxCount":
                if sizes and max(sizes) > n:  # type: ignore[operator]
                    out.extend((f, c, None) for f, vs in values_of.items() if len(vs) > n)  # type: ignore[operator]
            else:
                out.extend((f, c, None) for f, vs in values_of.items() if n not in vs)
            continue
        if distinct is None:
            distinct = set().union(*values_of.values())
        check, parameter = VALUE_CHECKS[c.component], c.parameter
        failing = {v for v in distinct if not check(index, v, parameter)}
        if failing:  # rare: look for the focus nodes that have them, in order
            out.extend((f, c, v) for f, vs in values_of.items() for v in vs if v in failing)
    return out


__all__ = ["LANG_STRING", "XSD_STRING", "Index", "core_targets", "property_failures"]
