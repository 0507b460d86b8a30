"""What ``budgetkg validate`` reads, split into units: one per disclosure.

A dataset whose named graphs are disclosures (TriG, N-Quads, JSON-LD from ``budgetkg build``)
is split along its named graphs: the mapping repeats the shared nodes — department, budget
units, regions, policy documents — in each.  Anything else is split by provenance: a unit holds
the nodes derived from its disclosure (``prov:wasDerivedFrom``) and the shared nodes reachable
from them, without the links from shared nodes into other disclosures (``bkg:hasDuty`` of
another year, for instance), which the other disclosure's unit checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from .errors import InputError
from .validate_report import BKG

Source = str | Path | Graph

#: built-graph file suffixes and their formats
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}

_TYPE = ox.NamedNode(str(RDF.type))
_DISCLOSURE = ox.NamedNode(str(BKG.Disclosure))
_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True, slots=True)
class Unit:
    """What one engine run validates: N-Triples of one disclosure's graph (or of all)."""

    document: str | None
    ntriples: bytes
    #: report only results on these nodes (the unit of nodes no disclosure reaches)
    focus: frozenset[str] | None = None


# ---------------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------------


def _as_quads(items: Iterable[ox.Quad | ox.Triple]) -> Iterable[ox.Quad]:
    for item in items:
        if isinstance(item, ox.Triple):
            yield ox.Quad(item.subject, item.predicate, item.object, ox.DefaultGraph())
        else:
            yield item


def _read_graph_file(path: Path) -> list[ox.Quad]:
    fmt = GRAPH_FORMATS[path.suffix.lower()]
    try:
        return list(_as_quads(ox.parse(path=str(path), format=fmt)))
    except SyntaxError as exc:
        raise InputError(str(path), f"not valid {fmt.name}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read the graph: {exc}") from None


def _rdflib_quads(graph: Graph) -> list[ox.Quad]:
    if isinstance(graph, Dataset):
        data = graph.serialize(format="nquads", encoding="utf-8")
        return list(_as_quads(ox.parse(data, format=ox.RdfFormat.N_QUADS)))
    data = graph.serialize(format="nt", encoding="utf-8")
    return list(_as_quads(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))


def load_quads(sources: Sequence[Source]) -> list[ox.Quad]:
    """The quads of built graph files, rdflib graphs, and disclosures (built in memory)."""
    from .build import build_graph

    quads: list[ox.Quad] = []
    disclosures: list[Path] = []
    for source in sources:
        if isinstance(source, Graph):
            quads.extend(_rdflib_quads(source))
            continue
        path = Path(source)
        if not path.exists():
            raise InputError(str(path), "no such file or directory")
        if path.is_file() and path.suffix.lower() in GRAPH_FORMATS:
            quads.extend(_read_graph_file(path))
        elif path.is_dir() or path.suffix.lower() in (".txt", ".text"):
            disclosures.append(path)
        else:
            known = ", ".join(sorted({*GRAPH_FORMATS, ".txt"}))
            raise InputError(str(path), f"cannot validate this kind of file (expected {known})")
    if disclosures:
        quads.extend(build_graph(disclosures).quads)
    if not quads:
        first = str(sources[0]) if sources else "input"
        raise InputError(first, "no triples to validate")
    return quads


# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    data = ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data


def _named_graph_units(quads: Sequence[ox.Quad]) -> list[Unit] | None:
    """One unit per named graph, if every quad is in the named graph of a disclosure."""
    graphs: dict[ox.NamedNode, set[ox.Triple]] = defaultdict(set)
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode):
            return None
        graphs[q.graph_name].add(ox.Triple(q.subject, q.predicate, q.object))
    for name, triples in graphs.items():
        if ox.Triple(name, _TYPE, _DISCLOSURE) not in triples:
            return None
    return [Unit(name.value, ntriples(graphs[name])) for name in sorted(graphs, key=str)]


def _reach(start: Iterable[Term], step: Any) -> set[Term]:
    seen: set[Term] = set()
    todo = list(start)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(step(node))
    return seen


def _provenance_units(triples: Sequence[ox.Triple]) -> list[Unit]:
    """One unit per disclosure: its nodes and the shared nodes they reach (module docstring)."""
    by_subject: dict[Term, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        by_subject[t.subject].append(t)
    disclosures = {t.subject for t in triples if t.predicate == _TYPE and t.object == _DISCLOSURE}
    if not disclosures:
        return [Unit(None, ntriples(triples))]
    owners: dict[Term, set[Term]] = {d: {d} for d in disclosures}
    for t in triples:
        if t.predicate == _DERIVED and t.object in disclosures:
            owners.setdefault(t.subject, set()).add(t.object)
    derived: dict[Term, list[Term]] = defaultdict(list)
    for node, of in owners.items():
        for d in of:
            derived[d].append(node)

    def outside(node: Term, disclosure: Term) -> bool:
        """Whether ``node`` belongs to other disclosures only."""
        return node in owners and disclosure not in owners[node]

    units: list[Unit] = []
    covered: set[Term] = set()
    for d in sorted(disclosures, key=str):
        members = _reach(
            derived[d],
            lambda n, d=d: (
                t.object
                for t in by_subject[n]
                if t.object in by_subject and not outside(t.object, d)
            ),
        )
        covered |= members
        kept = (t for s in members for t in by_subject[s] if not outside(t.object, d))
        assert isinstance(d, ox.NamedNode)
        units.append(Unit(d.value, ntriples(kept)))
    rest = set(by_subject) - covered
    if rest:  # nodes no disclosure reaches: validated with all they reach, reported alone
        closure = _reach(
            rest, lambda n: (t.object for t in by_subject[n] if t.object in by_subject)
        )
        kept = (t for s in closure for t in by_subject[s])
        names = frozenset(n.value if isinstance(n, ox.NamedNode) else str(n) for n in rest)
        units.append(Unit(None, ntriples(kept), focus=names))
    return units


def split_units(quads: Sequence[ox.Quad]) -> list[Unit]:
    """The per-disclosure units of a dataset (see the module docstring)."""
    units = _named_graph_units(quads)
    if units is not None:
        return units
    return _provenance_units([ox.Triple(q.subject, q.predicate, q.object) for q in quads])


__all__ = ["GRAPH_FORMATS", "Source", "Unit", "load_quads", "ntriples", "split_units"]
