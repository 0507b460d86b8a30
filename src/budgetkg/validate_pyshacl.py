"""The reference engine: pyshacl over an rdflib graph of one unit (``--engine pyshacl``).

The shapes are run with the ontology's ``bkg:sumOf``, SKOS hierarchy, label, notation and
class-hierarchy statements merged into the data (:data:`ONTOLOGY_PREDICATES`): the arithmetic
follows the additive structure the ontology states, which is not in the data.

pyshacl hands every SHACL-SPARQL query to rdflib as text, once per focus node, and rdflib parses
it each time (0.1 s per query: most of the run time).  :class:`_PreparedQueryGraph` memoises the
parsed query; results are unchanged.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import pyshacl
from pyshacl.graph_abstraction import RdfLibDataGraph
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from .resources import resource_files
from .shacl.syntax import parse_check
from .validate_report import BKG, Document, Result, document_info, results_from_report
from .validate_units import Unit


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
def ontology_statements() -> Graph:
    """The part of the ontology merged into the data (a fifth less validation time than all)."""
    graph = Graph()
    for triple in ontology_graph():
        if triple[1] in ONTOLOGY_PREDICATES:
            graph.add(triple)
    return graph


def data_graph(ntriples: bytes) -> Graph:
    """An rdflib graph of the data with the ontology statements merged in, ready for pyshacl."""
    graph = Graph()
    graph += ontology_statements()
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
    """Validate one unit; its results and the disclosures it holds.

    The unit is first parsed by Oxigraph, which raises SyntaxError on what the file reader
    and the fast engine refuse (rdflib's parser accepts some invalid IRIs with a warning)."""
    parse_check(unit.ntriples)
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


__all__ = [
    "ONTOLOGY_PREDICATES",
    "data_graph",
    "ontology_graph",
    "ontology_statements",
    "run_pyshacl",
    "shapes_graph",
    "validate_unit",
]
