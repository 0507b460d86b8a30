"""SHACL validation of budget knowledge graphs: ``budgetkg validate``.

The shapes (``shapes/*.ttl``) are run with pyshacl over the data graph with the ontology's
``bkg:sumOf``, SKOS hierarchy and notation statements merged in (:data:`ONTOLOGY_PREDICATES`):
the arithmetic follows the additive structure the ontology states, which is not in the data.

A whole-graph pyshacl run takes minutes at 100k+ triples, so :func:`validate` splits the data
into one unit per disclosure and validates the units independently, in parallel (a process
pool).  Disclosures are independent except for shared nodes — department, budget units,
regions, policy documents — whose triples every unit that refers to them carries:

* a dataset whose named graphs are disclosures (TriG, N-Quads, JSON-LD from ``budgetkg
  build``) is split along its named graphs: the mapping repeats the shared nodes in each;
* anything else is split by provenance: a unit holds the nodes derived from its disclosure
  (``prov:wasDerivedFrom``) and the shared nodes reachable from them, without the links from
  shared nodes into other disclosures (``bkg:hasDuty`` of another year, for instance), which
  the other disclosure's unit checks.

The shapes only use constraints whose outcome on a shared node does not depend on how many
disclosures mention it, so the merged results equal those of one whole-graph run
(``whole_graph=True``); ``tests/test_validate.py`` checks this on the corpus.

pyshacl hands every SHACL-SPARQL query to rdflib as text, once per focus node, and rdflib parses
it each time (0.1 s per query: most of the run time).  :class:`_PreparedQueryGraph` memoises the
parsed query; results are unchanged.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
from pyshacl.graph_abstraction import RdfLibDataGraph
from rdflib import Dataset, Graph
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from .errors import InputError, UsageError
from .resources import resource_files
from .validate_report import (
    BKG,
    Document,
    Report,
    Result,
    ResultKey,
    document_info,
    results_from_report,
    sort_key,
)

Source = str | os.PathLike[str] | Graph

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
    """What one pyshacl run validates: N-Triples of one disclosure's graph (or of all)."""

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


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
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
    return [Unit(name.value, _ntriples(graphs[name])) for name in sorted(graphs, key=str)]


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
        return [Unit(None, _ntriples(triples))]
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
        units.append(Unit(d.value, _ntriples(kept)))
    rest = set(by_subject) - covered
    if rest:  # nodes no disclosure reaches: validated with all they reach, reported alone
        closure = _reach(
            rest, lambda n: (t.object for t in by_subject[n] if t.object in by_subject)
        )
        kept = (t for s in closure for t in by_subject[s])
        names = frozenset(n.value if isinstance(n, ox.NamedNode) else str(n) for n in rest)
        units.append(Unit(None, _ntriples(kept), focus=names))
    return units


def split_units(quads: Sequence[ox.Quad]) -> list[Unit]:
    """The per-disclosure units of a dataset (see the module docstring)."""
    units = _named_graph_units(quads)
    if units is not None:
        return units
    return _provenance_units([ox.Triple(q.subject, q.predicate, q.object) for q in quads])


# ---------------------------------------------------------------------------------------------
# Running pyshacl
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...]) -> Query:
    return prepareQuery(text, initNs=dict(namespaces))


class _PreparedQueryGraph(RdfLibDataGraph):
    """pyshacl's rdflib data graph, with SPARQL queries parsed once instead of per focus node."""

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str):
            init_ns = kwargs.get("initNs") or dict(self.impl.namespaces())
            key = tuple(sorted((str(p), str(n)) for p, n in init_ns.items()))
            query_object = _prepared(query_object, key)
        return super().query(query_object, *args, **kwargs)


@cache
def shapes_graph() -> Graph:
    """All shapes of ``shapes/*.ttl`` in one graph."""
    graph = Graph()
    for path in resource_files("shapes", ".ttl"):
        graph.parse(path, format="turtle")
    return graph


#: the ontology's statements the shapes use: the additive structure, the concept hierarchy,
#: labels and catalogue letters, the class hierarchy (for sh:class)
ONTOLOGY_PREDICATES = frozenset(
    {BKG.sumOf, SKOS.broader, SKOS.related, SKOS.prefLabel, SKOS.notation, RDFS.subClassOf}
)


@cache
def ontology_graph() -> Graph:
    """The ontology (``ontology/*.ttl``)."""
    graph = Graph()
    for path in resource_files("ontology", ".ttl"):
        graph.parse(path, format="turtle")
    return graph


@cache
def _ontology_statements() -> Graph:
    """The part of the ontology merged into the data (a fifth less validation time than all)."""
    graph = Graph()
    for triple in ontology_graph():
        if triple[1] in ONTOLOGY_PREDICATES:
            graph.add(triple)
    return graph


def data_graph(ntriples: bytes) -> Graph:
    """An rdflib graph of the data with the ontology statements merged in, ready for pyshacl."""
    graph = Graph()
    graph += _ontology_statements()
    graph.parse(data=ntriples, format="nt")
    return graph


def run_pyshacl(graph: Graph) -> Graph:
    """One pyshacl run of all shapes over ``graph``; returns the report graph."""
    _, report, text = pyshacl.validate(
        _PreparedQueryGraph(graph.store, graph),
        shacl_graph=shapes_graph(),
        advanced=True,
        inplace=True,
        allow_warnings=True,
    )
    if not isinstance(report, Graph):
        raise RuntimeError(f"the shapes could not be run: {text}")
    return report


def validate_unit(unit: Unit) -> tuple[list[Result], list[Document]]:
    """Validate one unit; its results and the disclosures it holds."""
    graph = data_graph(unit.ntriples)
    report = run_pyshacl(graph)
    results = list(results_from_report(report, graph, shapes_graph(), unit.document))
    if unit.focus is not None:
        results = [r for r in results if r.focus in unit.focus]
    if unit.document is not None:
        iris = [unit.document]
    else:
        iris = sorted(str(d) for d in graph.subjects(RDF.type, BKG.Disclosure))
    return results, [document_info(graph, iri) for iri in iris]


def _pool_context() -> BaseContext:
    """``fork`` on Linux, so that workers inherit the parsed shapes and query plans; else spawn."""
    fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else "spawn")


def _run(units: Sequence[Unit], jobs: int) -> list[tuple[list[Result], list[Document]]]:
    if jobs == 1 or len(units) == 1:
        return [validate_unit(u) for u in units]
    # largest first, so that the last to finish is a small one; the smallest is validated here
    # first, which parses the shapes and the queries once for all the (forked) workers
    order = sorted(range(len(units)), key=lambda i: -len(units[i].ntriples))
    outcomes: list[tuple[list[Result], list[Document]]] = [([], [])] * len(units)
    outcomes[order[-1]] = validate_unit(units[order[-1]])
    rest = order[:-1]
    workers = min(jobs, len(rest))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        for i, outcome in zip(rest, pool.map(validate_unit, [units[i] for i in rest]), strict=True):
            outcomes[i] = outcome
    return outcomes


def validate(*sources: Source, jobs: int | None = None, whole_graph: bool = False) -> Report:
    """Validate built graphs and/or disclosures against the shapes.

    ``sources`` are built graph files (.ttl .nt .trig .nq .jsonld), disclosure files or
    directories (built in memory), or rdflib graphs.  Each disclosure is validated on its own,
    ``jobs`` at a time (default: one per CPU); ``whole_graph=True`` validates everything in
    one pyshacl run instead.  Raises :class:`InputError` for unreadable input.
    """
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    quads = load_quads(sources)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    units = [Unit(None, _ntriples(triples))] if whole_graph else split_units(quads)
    merged: dict[ResultKey, Result] = {}
    documents: dict[str, Document] = {}
    for results, docs in _run(units, jobs or os.cpu_count() or 1):
        for doc in docs:
            documents.setdefault(doc.iri, doc)
        for r in results:
            merged.setdefault(r.key, r)
    ordered_docs = sorted(documents.values(), key=lambda d: (d.source_file or "", d.iri))
    return Report(
        results=tuple(sorted(merged.values(), key=sort_key)),
        documents=tuple(ordered_docs),
        triples=len(triples),
    )


__all__ = [
    "GRAPH_FORMATS",
    "ONTOLOGY_PREDICATES",
    "Document",
    "Report",
    "Result",
    "Unit",
    "data_graph",
    "load_quads",
    "ontology_graph",
    "run_pyshacl",
    "shapes_graph",
    "split_units",
    "validate",
    "validate_unit",
]
