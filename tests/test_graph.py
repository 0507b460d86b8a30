"""The RDF graph: parsers, determinism, IRIs, the vocabulary contract, provenance."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SKOS

from budgetkg.build import build, build_graph
from budgetkg.rdf.export import serialize
from budgetkg.rdf.stream import is_own, split_own
from budgetkg.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "hebei"
FILES = sorted(CORPUS.glob("*.txt"))
BKG = "https://w3id.org/budgetkg/ontology#"
BKGC = "https://w3id.org/budgetkg/concept/"

PREFIXES = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX bkgc: <https://w3id.org/budgetkg/concept/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, rdflib.Graph]:
    out = tmp_path_factory.mktemp("build") / "hebei.ttl"
    build([CORPUS], out)
    return out, rdflib.Graph().parse(out)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    g = rdflib.Graph().parse(resource_path("ontology", "budgetkg.ttl"))
    return g.parse(resource_path("ontology", "topics.ttl"))


def test_turtle_parses_with_rdflib_and_a_strict_parser(corpus_build) -> None:  # type: ignore[no-untyped-def]
    out, graph = corpus_build
    strict = list(ox.parse(out.read_bytes(), format=ox.RdfFormat.TURTLE))
    assert len(strict) == len(graph) > 10_000


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "nq", "jsonld"])
def test_every_format_round_trips(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"g.{fmt}"
    summary = build([CORPUS], out)
    assert summary.format == fmt
    rdf_format = {
        "ttl": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
        "nq": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    quads = list(ox.parse(out.read_bytes(), format=rdf_format))
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    assert len(triples) == summary.triples
    if fmt in {"trig", "nq", "jsonld"}:
        graphs = {q.graph_name for q in quads}
        assert len(graphs) == 5  # one named graph per disclosure


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a.trig", tmp_path / "b.trig"
    build([CORPUS], a)
    build(list(reversed(FILES)), b)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_a_file_alone_gets_the_same_iris_as_in_the_corpus(path: Path) -> None:
    alone = set(build_graph([path]).quads)
    whole = build_graph([CORPUS]).quads
    graph = next(iter(alone)).graph_name
    assert alone == {q for q in whole if q.graph_name == graph}


def test_serialisation_is_deterministic() -> None:
    quads = build_graph([CORPUS]).quads
    assert serialize(quads, "ttl") == serialize(list(reversed(quads)), "ttl")


def test_every_term_used_is_declared(corpus_build, ontology: rdflib.Graph) -> None:  # type: ignore[no-untyped-def]
    _, graph = corpus_build
    declared = set(ontology.subjects(RDF.type, OWL.Class))
    declared |= set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    declared |= set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    declared |= set(ontology.subjects(RDF.type, SKOS.Concept))
    used = {p for p in graph.predicates() if str(p).startswith(BKG)}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(BKG)}
    used |= {o for o in graph.objects() if isinstance(o, rdflib.URIRef) and str(o).startswith(BKGC)}
    assert used, "the graph uses bkg: terms"
    assert sorted(str(t) for t in used - declared) == []


def test_ontology_labels_every_term_in_zh_and_en(ontology: rdflib.Graph) -> None:
    from rdflib.namespace import RDFS

    for term in set(ontology.subjects(RDF.type, None)):
        if not str(term).startswith((BKG, BKGC)):
            continue
        labels = list(ontology.objects(term, RDFS.label)) + list(
            ontology.objects(term, SKOS.prefLabel)
        )
        langs = {getattr(label, "language", None) for label in labels}
        assert {"zh", "en"} <= langs, term


def _ask_none(graph: rdflib.Graph, where: str) -> list[rdflib.query.ResultRow]:
    return list(graph.query(PREFIXES + f"SELECT * WHERE {{ {where} }}"))  # type: ignore[arg-type]


def test_every_budget_line_has_category_amount_and_provenance(corpus_build, ontology) -> None:  # type: ignore[no-untyped-def]
    _, graph = corpus_build
    lines = set(graph.subjects(RDF.type, rdflib.URIRef(BKG + "BudgetLine")))
    assert len(lines) >= 5 * 15
    bad = _ask_none(
        graph + ontology,
        """
        ?l a bkg:BudgetLine .
        FILTER NOT EXISTS {
          ?l bkg:category ?c ; bkg:amount ?a ; prov:wasDerivedFrom ?d ; bkg:sourceLine ?n .
          ?c <http://www.w3.org/2004/02/skos/core#inScheme> bkgc:BudgetCategories .
          ?d a bkg:Disclosure .
          FILTER(datatype(?a) = xsd:decimal)
        }""",
    )
    assert bad == []


def test_every_project_links_to_its_department_and_disclosure(corpus_build) -> None:  # type: ignore[no-untyped-def]
    _, graph = corpus_build
    projects = set(graph.subjects(RDF.type, rdflib.URIRef(BKG + "Project")))
    assert len(projects) == 5 + 18 + 23 + 22 + 2
    bad = _ask_none(
        graph,
        """
        ?p a bkg:Project .
        FILTER NOT EXISTS {
          ?p bkg:department ?dep ; prov:wasDerivedFrom ?d .
          ?dep a bkg:Department . ?d a bkg:Disclosure ; bkg:hasProject ?p ; dcterms:publisher ?dep .
        }""",
    )
    assert bad == []


def test_every_extracted_node_has_provenance(corpus_build) -> None:  # type: ignore[no-untyped-def]
    _, graph = corpus_build
    bad = _ask_none(
        graph,
        """
        ?n a ?class .
        VALUES ?class { bkg:Department bkg:Duty bkg:BudgetUnit bkg:BudgetLine bkg:Project
                        bkg:PerformanceGoal bkg:Indicator bkg:ProcurementItem bkg:AssetHolding
                        bkg:SpendingCheckpoint bkg:Region bkg:PolicyDocument }
        FILTER NOT EXISTS {
          ?n prov:wasDerivedFrom ?d ; bkg:sourceLine ?line . ?d a bkg:Disclosure
        }""",
    )
    assert bad == []


def test_additive_structure_is_queryable(corpus_build, ontology: rdflib.Graph) -> None:  # type: ignore[no-untyped-def]
    """Sum the parts of every category that has parts and compare with the printed total."""
    _, graph = corpus_build
    combined = graph + ontology
    rows = list(
        combined.query(
            PREFIXES
            + """
        SELECT ?d ?total ?amount (SUM(?partAmount) AS ?sum) (COUNT(?part) AS ?parts) WHERE {
          ?line a bkg:BudgetLine ; bkg:category ?total ; bkg:amount ?amount ;
                prov:wasDerivedFrom ?d .
          ?total bkg:sumOf ?part .
          ?pl bkg:category ?part ; bkg:amount ?partAmount ; prov:wasDerivedFrom ?d .
        } GROUP BY ?d ?total ?amount"""
        )
    )
    checked = 0
    for row in rows:
        expected_parts = len(set(ontology.objects(row.total, rdflib.URIRef(BKG + "sumOf"))))
        if int(row.parts) == expected_parts:
            checked += 1
            assert row.amount.toPython() == row.sum.toPython(), row
    # e.g. TotalExpenditure = Basic + Project and Basic = Personnel + PublicOperating in all 5
    assert checked >= 10


def test_catalog_conforms_to_dcat_ap(corpus_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pyshacl

    out = tmp_path / "hebei.ttl"
    catalog = tmp_path / "catalog.ttl"
    summary = build([CORPUS], out, catalog=catalog)
    data = rdflib.Graph().parse(out)
    description = rdflib.Graph().parse(catalog)
    shapes_dir = ROOT / "tests" / "data" / "dcat-ap-3.0.1"
    for name in ("shapes.ttl", "shapes_recommended.ttl"):
        shapes = rdflib.Graph().parse(shapes_dir / name).parse(shapes_dir / "range.ttl")
        conforms, _, text = pyshacl.validate(
            data + description, shacl_graph=shapes, allow_warnings=False
        )
        assert conforms, text
    void_triples = next(description.objects(None, rdflib.URIRef("http://rdfs.org/ns/void#triples")))
    totals = {
        int(o)
        for s, o in description.subject_objects(rdflib.URIRef("http://rdfs.org/ns/void#triples"))
        if (s, RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")) in description
    }
    assert totals == {summary.triples, len(data)}
    assert int(void_triples) > 0
    sizes = [
        int(o)
        for o in description.objects(None, rdflib.URIRef("http://www.w3.org/ns/dcat#byteSize"))
    ]
    assert sizes == [out.stat().st_size]


def _own_by_filter(graph: str, triples: list[tuple[str, str, str]]) -> tuple[list, list]:
    own, shared = [], []
    for t in triples:
        (own if is_own(graph, t[0]) else shared).append(t)
    return own, shared


def test_split_own_by_bisection_equals_testing_every_subject() -> None:
    """split_own finds the document's own triples as two runs of the sorted list; subjects
    that sort between or around them (``<g0>``, ``<g.>``, ``<g>x``) must stay shared."""
    import random

    subjects = ["<g>", "<g/x>", "<g/>", "<g0>", "<g.>", "<g->", "<g/x/y>", "<f>", "<h>",
                "<g>x", "<g", "<g/\U0010ffff>", "_:b", "<g0/x>", "<g.../x>"]  # fmt: skip
    predicates = ["<p>", "<q>", "\U0010ffff", ""]
    rng = random.Random(3)
    for _ in range(5_000):
        triples = sorted(
            {(rng.choice(subjects), rng.choice(predicates), "o") for _ in range(rng.randint(0, 9))}
        )
        assert split_own("<g>", triples) == _own_by_filter("<g>", triples), triples
    for g in build_graph([CORPUS]).graphs:
        triples = g.distinct()
        assert split_own(g.graph, triples) == _own_by_filter(g.graph, triples)
