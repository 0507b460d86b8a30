"""VoID statistics of an exported budgetkg graph: counts, vocabularies and partitions.

:func:`compute_stats_from_graph` computes :class:`DatasetStats` from a graph;
:func:`add_void_statistics` writes them, with one ``void:Dataset`` per class and property
partition, onto the dataset node that :func:`budgetkg.rdf.catalog.catalog_graph` builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, VOID
from rdflib.query import ResultRow
from rdflib.term import Node

from .catalog_model import BKG, DatasetStats, _short_hash

__all__ = ["add_void_statistics", "compute_stats_from_graph"]


def add_void_statistics(
    g: Graph, dataset: URIRef, stats: DatasetStats, *, base: str, cat: str
) -> None:
    """Add the VoID statistics of ``stats`` to ``dataset`` in ``g``.

    ``base`` is the data IRI base (``void:uriSpace``); the class and property partitions
    are minted under ``cat`` (the catalogue IRI, ``base + "catalog"``).
    """

    def add(s: URIRef, p: URIRef, o: Node) -> None:
        g.add((s, p, o))

    # --- VoID statistics -------------------------------------------------------------------
    add(dataset, VOID.triples, Literal(stats.triples))
    add(dataset, VOID.distinctSubjects, Literal(stats.distinct_subjects))
    add(dataset, VOID.distinctObjects, Literal(stats.distinct_objects))
    add(dataset, VOID.classes, Literal(len(stats.classes)))
    add(dataset, VOID.properties, Literal(len(stats.properties)))
    add(dataset, VOID.uriSpace, Literal(base))
    for vocab in sorted(set(stats.vocabularies)):
        add(dataset, VOID.vocabulary, URIRef(vocab))
    for cls, n in sorted(stats.classes.items()):
        part = URIRef(f"{cat}/partition/class/{_short_hash(cls)}")
        add(dataset, VOID.classPartition, part)
        add(part, RDF.type, VOID.Dataset)
        add(part, VOID["class"], URIRef(cls))
        add(part, VOID.entities, Literal(n))
    for prop, n in sorted(stats.properties.items()):
        part = URIRef(f"{cat}/partition/property/{_short_hash(prop)}")
        add(dataset, VOID.propertyPartition, part)
        add(part, RDF.type, VOID.Dataset)
        add(part, VOID.property, URIRef(prop))
        add(part, VOID.triples, Literal(n))


def compute_stats_from_graph(g: Graph | Dataset) -> DatasetStats:
    """Reference implementation of :class:`DatasetStats` with SPARQL over ``g``.

    For a :class:`~rdflib.Dataset` the statistics are over the union of all its graphs
    (default and named), each distinct triple counted once.  Regions are ``bkg:Region`` nodes
    with an ``rdfs:label``; publishers are ``bkg:Department`` nodes (name ``""`` when
    unlabelled); fiscal years come from ``bkg:fiscalYear`` of ``bkg:Disclosure`` nodes;
    documents counts ``bkg:Disclosure`` nodes.  Labels tagged ``zh`` win over others.
    """
    if isinstance(g, Dataset):
        union = Graph()
        for s, p, o, _ctx in g.quads((None, None, None, None)):
            union.add((s, p, o))
        g = union

    def count(query: str) -> int:
        (row,) = _select(g, query)
        return int(str(row[0]))

    def counts(query: str) -> dict[str, int]:
        return {
            str(r[0]): int(str(r[1])) for r in sorted(_select(g, query), key=lambda r: str(r[0]))
        }

    triples = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    subjects = count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    objects = count("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    classes = counts(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER isIRI(?c) } GROUP BY ?c"
    )
    properties = counts("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    documents = count("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a bkg:Disclosure }")

    years: set[int] = set()
    for (y,) in _select(g, "SELECT DISTINCT ?y WHERE { ?d a bkg:Disclosure ; bkg:fiscalYear ?y }"):
        m = re.fullmatch(r"\s*(-?\d{4,})(?:Z|[+-]\d\d:\d\d)?\s*", str(y))
        if not isinstance(y, Literal) or m is None:
            raise ValueError(f"bkg:fiscalYear is not a year: {y!r}")
        years.add(int(m.group(1)))

    regions = _named(_select(g, "SELECT ?r ?l WHERE { ?r a bkg:Region ; rdfs:label ?l }"))
    publishers = _named(
        _select(g, "SELECT ?d ?l WHERE { ?d a bkg:Department OPTIONAL { ?d rdfs:label ?l } }")
    )
    namespaces = {_namespace(p) for p in properties}
    namespaces.update(_namespace(c) for c in classes)

    return DatasetStats(
        triples=triples,
        classes=classes,
        properties=properties,
        distinct_subjects=subjects,
        distinct_objects=objects,
        fiscal_years=sorted(years),
        regions=regions,
        publishers=publishers,
        documents=documents,
        vocabularies=sorted(namespaces),
    )


# --- helpers -------------------------------------------------------------------------------


def _select(g: Graph, query: str) -> list[ResultRow]:
    rows: list[ResultRow] = []
    for row in g.query(query, initNs={"bkg": BKG, "rdfs": RDFS}):
        assert isinstance(row, ResultRow)
        rows.append(row)
    return rows


def _named(rows: Iterable[ResultRow]) -> list[tuple[str, str]]:
    """(IRI, name) per node, preferring a ``zh`` label, then the smallest label."""
    best: dict[str, tuple[int, str]] = {}
    for node, label in rows:
        key = str(node)
        if label is None:
            cand = (2, "")
        else:
            lang = (label.language or "") if isinstance(label, Literal) else ""
            zh = lang.lower() == "zh" or lang.lower().startswith("zh-")
            cand = (0 if zh else 1, " ".join(str(label).split()))
        if key not in best or cand < best[key]:
            best[key] = cand
    return [(key, best[key][1]) for key in sorted(best)]


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut >= 0 else iri
