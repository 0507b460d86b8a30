"""DCAT-AP 3.0.1 / VoID catalogue: validated with the official SHACL shapes.

The shapes in ``tests/data/dcat-ap-3.0.1`` are used unchanged (see ATTRIBUTION.md there):

* ``shapes.ttl`` (mandatory) + ``range.ttl`` (class ranges): every constraint is
  ``sh:Violation`` except one ``sh:Warning`` on ``dcat:DatasetSeries``, a class the catalogue
  does not use.  The test requires no results at all, which includes "no ``sh:Violation``".
* ``shapes_recommended.ttl`` (+ ``range.ttl``): every constraint there is ``sh:Warning``
  (checked below), so "conforms" has to mean *no result of any severity*; pyshacl is run with
  ``allow_warnings=False``, under which a warning makes ``conforms`` false.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SH, VOID

from budgetkg.rdf.catalog import (
    BKG,
    DEFAULT_BASE,
    FORMATS,
    SPDX,
    DatasetStats,
    Distribution,
    Geometry,
    catalog_graph,
    compute_stats_from_graph,
)

SHAPES = Path(__file__).parent / "data" / "dcat-ap-3.0.1"
MANDATORY = ("shapes.ttl", "range.ttl")
RECOMMENDED = ("shapes_recommended.ttl", "range.ttl")

# Plain namespaces: rdflib's DefinedNamespace versions warn when pytest probes module globals.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
D = Namespace(DEFAULT_BASE)
BKGC = Namespace("https://w3id.org/budgetkg/concept/")
ISSUED = date(2024, 3, 1)

REGIONS = {  # local name -> (zh name, parent)
    "region/hebei": ("河北省", None),
    "region/hebei/baoding": ("保定市", "region/hebei"),
    "region/hebei/baoding/xushui": ("徐水区", "region/hebei/baoding"),
    "region/hebei/langfang": ("廊坊市", "region/hebei"),
    "region/hebei/langfang/sanhe": ("三河市", "region/hebei/langfang"),
}
# Approximate bounding boxes and centres (WGS 84), good enough as test fixtures only.
GEOMETRIES = {
    str(D["region/hebei"]): Geometry(113.45, 36.05, 119.85, 42.62, 115.66, 39.00),
    str(D["region/hebei/baoding"]): Geometry(113.67, 38.17, 116.33, 40.00, 115.46, 38.87),
    str(D["region/hebei/baoding/xushui"]): Geometry(115.35, 38.95, 115.90, 39.30, 115.65, 39.02),
    str(D["region/hebei/langfang"]): Geometry(116.10, 38.47, 117.25, 40.10, 116.68, 39.54),
    str(D["region/hebei/langfang/sanhe"]): Geometry(116.75, 39.80, 117.25, 40.10, 117.07, 39.98),
}
DEPARTMENTS = {  # local name -> (zh name, region)
    "dept/xushui-chengqu": ("保定市徐水区城区办事处", "region/hebei/baoding/xushui"),
    "dept/sanhe-juyang-xidajie": ("三河市泃阳西大街街道办事处", "region/hebei/langfang/sanhe"),
}
DISCLOSURES = {  # local name -> (department, fiscal year, source file)
    "disclosure/xushui-chengqu-2020": ("dept/xushui-chengqu", 2020, "xushui_2020.txt"),
    "disclosure/xushui-chengqu-2021": ("dept/xushui-chengqu", 2021, "001_19b141d18f0b593e.txt"),
    "disclosure/sanhe-juyang-xidajie-2020": (
        "dept/sanhe-juyang-xidajie",
        2020,
        "002_e1031f8433d6dfbe.txt",
    ),
}
POLICY = D["policy/ji-zu-fa-2018-14"]


def _quads() -> list[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]:
    """A small but real data graph: one named graph per disclosure, plus a shared graph."""
    shared = D["graph/regions"]
    q: list[tuple[URIRef, URIRef, URIRef | Literal, URIRef]] = []
    for local, (name, parent) in REGIONS.items():
        q.append((D[local], RDF.type, BKG.Region, shared))
        q.append((D[local], RDFS.label, Literal(name, lang="zh"), shared))
        if parent is not None:
            q.append((D[local], BKG.partOf, D[parent], shared))
    for local, (name, region) in DEPARTMENTS.items():
        q.append((D[local], RDF.type, BKG.Department, shared))
        q.append((D[local], RDFS.label, Literal(name, lang="zh"), shared))
        q.append((D[local], BKG.region, D[region], shared))
    for n, (local, (dept, year, source)) in enumerate(sorted(DISCLOSURES.items()), start=1):
        doc = D[local]
        gy = Literal(str(year), datatype=XSD.gYear)
        graph = D["graph/" + local]
        q += [
            (doc, RDF.type, BKG.Disclosure, graph),
            (doc, RDFS.label, Literal(f"{year}年部门预算信息公开", lang="zh"), graph),
            (doc, BKG.fiscalYear, gy, graph),
            (doc, DCTERMS.publisher, D[dept], graph),
            (doc, BKG.sourceFile, Literal(source), graph),
            (doc, BKG.sha256, Literal(f"{n:064x}"), graph),
            (doc, BKG.cites, POLICY, graph),
            # the department also appears in each disclosure graph: a duplicate triple
            (D[dept], RDF.type, BKG.Department, graph),
            (POLICY, RDF.type, BKG.PolicyDocument, graph),
            (POLICY, BKG.documentNumber, Literal("冀组发〔2018〕14号"), graph),
        ]
        for line, (category, amount) in enumerate(
            [("TotalExpenditure", "6918800.00"), ("PersonnelExpenditure", "4210000.50")],
            start=40,
        ):
            bl = D[f"{local}/budget-line/{category}"]
            q += [
                (bl, RDF.type, BKG.BudgetLine, graph),
                (bl, BKG.category, BKGC[category], graph),
                (bl, BKG.amount, Literal(amount, datatype=XSD.decimal), graph),
                (bl, BKG.fiscalYear, gy, graph),
                (bl, BKG.department, D[dept], graph),
                (bl, PROV.wasDerivedFrom, doc, graph),
                (bl, BKG.sourceLine, Literal(line), graph),
            ]
        unit = D[f"{dept}/unit/1"]
        q += [
            (D[dept], ORG.hasUnit, unit, graph),
            (unit, RDF.type, BKG.BudgetUnit, graph),
            (unit, RDFS.label, Literal(DEPARTMENTS[dept][0], lang="zh"), graph),
        ]
    return q


def data_dataset() -> Dataset:
    ds = Dataset()
    for s, p, o, g in _quads():
        ds.graph(g).add((s, p, o))
    return ds


def data_graph() -> Graph:
    g = Graph()
    for s, p, o, _g in _quads():
        g.add((s, p, o))
    return g


SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
DISTRIBUTIONS = [
    Distribution("ttl", "hebei.ttl", 123_456, SHA),
    Distribution("nt", "hebei.nt", 234_567),
    Distribution("trig", "hebei.trig", 130_000, SHA.upper()),
    Distribution("nq", "hebei.nq", 250_000),
    Distribution("jsonld", "hebei.jsonld", 345_678),
]


@pytest.fixture(scope="module")
def data() -> Graph:
    return data_graph()


@pytest.fixture(scope="module")
def stats(data: Graph) -> DatasetStats:
    return compute_stats_from_graph(data)


@pytest.fixture(scope="module")
def full(stats: DatasetStats) -> Graph:
    """Catalogue with everything the caller can supply: dates and region geometry."""
    return catalog_graph(stats, DISTRIBUTIONS, issued=ISSUED, geometries=GEOMETRIES)


Result = tuple[str, str, str, str]  # severity, focus node, path, source shape


def _validate(graph: Graph, files: tuple[str, ...]) -> tuple[bool, list[Result], str]:
    shapes = Graph()
    for name in files:
        shapes.parse(SHAPES / name, format="turtle")
    conforms, report, text = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=False,
        abort_on_first=False,
    )
    assert isinstance(report, Graph)
    results = sorted(
        (
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
            str(report.value(r, SH.sourceShape)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )
    return bool(conforms), results, str(text)


def _union(*graphs: Graph) -> Graph:
    u = Graph()
    for g in graphs:
        u += g
    return u


# --- the shapes themselves -----------------------------------------------------------------


def test_shape_severities() -> None:
    def severities(name: str) -> Counter[str]:
        g = Graph().parse(SHAPES / name, format="turtle")
        return Counter(str(o).rsplit("#", 1)[-1] for o in g.objects(None, SH.severity))

    assert set(severities("shapes_recommended.ttl")) == {"Warning"}
    mandatory = severities("shapes.ttl") + severities("range.ttl")
    assert mandatory["Violation"] > 100
    # the only warnings are on dcat:DatasetSeries, which the catalogue does not use
    assert mandatory["Warning"] == 2


# --- validation against DCAT-AP 3.0.1 ------------------------------------------------------


def test_mandatory_shapes_with_defaults(data: Graph, stats: DatasetStats) -> None:
    """Default arguments (no dates, no geometry) already meet every mandatory constraint."""
    cat = catalog_graph(stats, DISTRIBUTIONS)
    conforms, results, text = _validate(_union(cat, data), MANDATORY)
    assert not [r for r in results if r[0] == "Violation"], text
    assert conforms and not results, text


def test_mandatory_shapes_full(data: Graph, full: Graph) -> None:
    conforms, results, text = _validate(_union(full, data), MANDATORY)
    assert conforms and not results, text


def test_recommended_shapes_full(data: Graph, full: Graph) -> None:
    conforms, results, text = _validate(_union(full, data), RECOMMENDED)
    assert conforms and not results, text


def test_recommended_gaps_are_only_what_the_caller_must_supply(
    data: Graph, stats: DatasetStats
) -> None:
    """Without ``issued`` and ``geometries`` exactly these recommendations are unmet."""
    cat = catalog_graph(stats, DISTRIBUTIONS)
    conforms, results, text = _validate(_union(cat, data), RECOMMENDED)
    assert not conforms
    assert {r[0] for r in results} == {"Warning"}, text
    catalog = DEFAULT_BASE + "catalog"
    expected = {(catalog, str(DCTERMS.issued)), (catalog, str(DCTERMS.modified))}
    for region in GEOMETRIES:
        expected |= {(region, str(DCAT.bbox)), (region, str(DCAT.centroid))}
    assert {(r[1], r[2]) for r in results} == expected, text


# --- content ---------------------------------------------------------------------------------


def _dataset(cat: Graph) -> URIRef:
    (ds,) = cat.subjects(RDF.type, DCAT.Dataset)
    assert isinstance(ds, URIRef)
    return ds


def _int(g: Graph, s: URIRef, p: URIRef) -> int:
    v = g.value(s, p)
    assert isinstance(v, Literal)
    return int(v)


def test_void_statistics_match_the_data(data: Graph, stats: DatasetStats, full: Graph) -> None:
    ds = _dataset(full)
    assert (ds, RDF.type, VOID.Dataset) in full
    assert _int(full, ds, VOID.triples) == len(data) == stats.triples
    assert _int(full, ds, VOID.distinctSubjects) == len(set(data.subjects()))
    assert _int(full, ds, VOID.distinctObjects) == len(set(data.objects()))
    # class partitions: one per class, entity counts computed independently of SPARQL
    instances: Counter[str] = Counter(str(o) for o in data.objects(None, RDF.type))
    parts = {
        str(full.value(p, VOID["class"])): _int(full, p, VOID.entities)  # type: ignore[arg-type]
        for p in full.objects(ds, VOID.classPartition)
    }
    assert parts == dict(instances)
    assert parts[str(BKG.Department)] == 2  # the duplicate type triples count once
    assert _int(full, ds, VOID.classes) == len(instances)
    props: Counter[str] = Counter(str(p) for p in data.predicates())
    pparts = {
        str(full.value(p, VOID.property)): _int(full, p, VOID.triples)  # type: ignore[arg-type]
        for p in full.objects(ds, VOID.propertyPartition)
    }
    assert pparts == dict(props)
    assert sum(pparts.values()) == len(data)
    vocabularies = {str(v) for v in full.objects(ds, VOID.vocabulary)}
    assert vocabularies == {
        str(BKG),
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        str(RDFS),
        str(DCTERMS),
        str(PROV),
        str(ORG),
    }
    assert set(full.objects(ds, VOID.dataDump)) == {
        URIRef(DEFAULT_BASE + "download/" + d.file_name) for d in DISTRIBUTIONS
    }


def test_one_distribution_per_format(full: Graph) -> None:
    ds = _dataset(full)
    dists = list(full.objects(ds, DCAT.distribution))
    assert len(dists) == len(DISTRIBUTIONS) == len(FORMATS)
    by_media = {full.value(d, DCAT.mediaType): d for d in dists}
    for spec in DISTRIBUTIONS:
        info = FORMATS[spec.format]
        d = by_media[info.media_type_iri]
        assert isinstance(d, URIRef)
        assert full.value(d, DCTERMS.format) == info.file_type_iri
        assert (info.media_type_iri, RDF.type, DCTERMS.MediaType) in full
        assert (info.file_type_iri, RDF.type, DCTERMS.MediaTypeOrExtent) in full
        size = full.value(d, DCAT.byteSize)
        assert size == Literal(str(spec.byte_size), datatype=XSD.nonNegativeInteger)
        url = URIRef(DEFAULT_BASE + "download/" + spec.file_name)
        assert full.value(d, DCAT.downloadURL) == url == full.value(d, DCAT.accessURL)
        checksum = full.value(d, SPDX.checksum)
        if spec.sha256 is None:
            assert checksum is None
        else:
            assert full.value(checksum, SPDX.checksumValue) == Literal(SHA, datatype=XSD.hexBinary)
    expected_media = {
        "http://www.iana.org/assignments/media-types/text/turtle",
        "http://www.iana.org/assignments/media-types/application/n-triples",
        "http://www.iana.org/assignments/media-types/application/trig",
        "http://www.iana.org/assignments/media-types/application/n-quads",
        "http://www.iana.org/assignments/media-types/application/ld+json",
    }
    assert {str(m) for m in by_media} == expected_media


def test_temporal_coverage_from_fiscal_years(stats: DatasetStats, full: Graph) -> None:
    assert list(stats.fiscal_years) == [2020, 2021]
    (period,) = full.objects(_dataset(full), DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in full
    assert full.value(period, DCAT.startDate) == Literal(date(2020, 1, 1), datatype=XSD.date)
    assert full.value(period, DCAT.endDate) == Literal(date(2021, 12, 31), datatype=XSD.date)


def test_spatial_publisher_keywords_and_dates(stats: DatasetStats, full: Graph) -> None:
    ds = _dataset(full)
    assert set(full.objects(ds, DCTERMS.spatial)) == {D[r] for r in REGIONS}
    for r in REGIONS:
        assert (D[r], RDF.type, DCTERMS.Location) in full
    for p in (DCTERMS.title, DCTERMS.description):
        assert {v.language for v in full.objects(ds, p) if isinstance(v, Literal)} == {"zh", "en"}
    keywords = {str(k) for k in full.objects(ds, DCAT.keyword)}
    assert {"部门预算", "预算公开", "budget", "linked data"} <= keywords
    assert full.value(ds, DCTERMS.issued) == Literal(ISSUED, datatype=XSD.date)
    assert full.value(ds, DCTERMS.modified) == Literal(ISSUED, datatype=XSD.date)
    gove = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
    assert (ds, DCAT.theme, gove) in full
    originators = {full.value(a, PROV.agent) for a in full.objects(ds, PROV.qualifiedAttribution)}
    assert originators == {D[d] for d in DEPARTMENTS}


def test_no_blank_nodes(full: Graph, stats: DatasetStats) -> None:
    for g in (full, catalog_graph(stats, DISTRIBUTIONS)):
        assert not [t for t in g if any(isinstance(n, BNode) for n in t)]
        catalog_nodes = {str(n) for t in g for n in t if isinstance(n, URIRef)}
        minted = {n for n in catalog_nodes if n.startswith(DEFAULT_BASE + "catalog")}
        assert DEFAULT_BASE + "catalog" in minted and len(minted) > 20


def test_deterministic(stats: DatasetStats, full: Graph) -> None:
    again = catalog_graph(
        compute_stats_from_graph(data_graph()),
        DISTRIBUTIONS,
        issued=ISSUED,
        geometries=GEOMETRIES,
    )
    # input order does not matter either
    shuffled = DatasetStats(
        triples=stats.triples,
        classes=dict(reversed(list(stats.classes.items()))),
        properties=dict(reversed(list(stats.properties.items()))),
        distinct_subjects=stats.distinct_subjects,
        distinct_objects=stats.distinct_objects,
        fiscal_years=list(reversed(stats.fiscal_years)),
        regions=list(reversed(stats.regions)),
        publishers=list(reversed(stats.publishers)),
        documents=stats.documents,
        vocabularies=list(reversed(stats.vocabularies)),
    )
    third = catalog_graph(
        shuffled, list(reversed(DISTRIBUTIONS)), issued=ISSUED, geometries=GEOMETRIES
    )

    def nt(g: Graph) -> list[str]:
        return sorted(g.serialize(format="nt").splitlines())

    for other in (again, third):
        assert isomorphic(full, other)
        assert nt(full) == nt(other)
        assert full.serialize(format="turtle") == other.serialize(format="turtle")


def test_download_base_and_custom_base(stats: DatasetStats) -> None:
    base = "https://example.org/budget/"
    cat = catalog_graph(
        DatasetStats(
            triples=0,
            classes={},
            properties={},
            distinct_subjects=0,
            distinct_objects=0,
            fiscal_years=[],
            regions=[],
            publishers=[],
            documents=0,
            vocabularies=[],
        ),
        [Distribution("ttl", "河北 2020.ttl", 10)],
        base=base,
        download_base="https://files.example.org/dumps",
    )
    ds = _dataset(cat)
    assert str(ds).startswith(base + "catalog/")
    (dist,) = cat.objects(ds, DCAT.distribution)
    assert cat.value(dist, DCAT.downloadURL) == URIRef(
        "https://files.example.org/dumps/%E6%B2%B3%E5%8C%97%202020.ttl"
    )
    assert str(dist).isascii()
    assert cat.value(ds, DCTERMS.temporal) is None  # no fiscal years, no period
    assert cat.value(ds, DCTERMS.issued) is None  # no date given, none invented


# --- reference statistics ------------------------------------------------------------------


def test_stats_from_dataset_union_counts_distinct_triples(stats: DatasetStats) -> None:
    ds = data_dataset()
    assert sum(1 for _ in ds.quads((None, None, None, None))) > stats.triples
    assert compute_stats_from_graph(ds) == stats


def test_stats_content(stats: DatasetStats) -> None:
    assert stats.documents == 3
    assert stats.regions == sorted((str(D[k]), v[0]) for k, v in REGIONS.items())
    assert stats.publishers == sorted((str(D[k]), v[0]) for k, v in DEPARTMENTS.items())
    assert stats.classes[str(BKG.BudgetLine)] == 6


def test_stats_region_labels() -> None:
    g = data_graph()
    unlabelled = D["region/unlabelled"]
    g.add((unlabelled, RDF.type, BKG.Region))
    g.add((D["region/hebei"], RDFS.label, Literal("Hebei", lang="en")))
    g.add((D["region/hebei"], RDFS.label, Literal("冀")))
    stats = compute_stats_from_graph(g)
    names = dict(stats.regions)
    assert str(unlabelled) not in names
    assert names[str(D["region/hebei"])] == "河北省"


def test_stats_rejects_bad_fiscal_year() -> None:
    g = data_graph()
    g.add((D["disclosure/bad"], RDF.type, BKG.Disclosure))
    g.add((D["disclosure/bad"], BKG.fiscalYear, Literal("二〇二〇")))
    with pytest.raises(ValueError, match="fiscalYear"):
        compute_stats_from_graph(g)


# --- invalid input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dists", "kwargs", "message"),
    [
        ([Distribution("rdfxml", "a.rdf", 1)], {}, "unknown format"),
        ([Distribution("ttl", "a.ttl", -1)], {}, "negative"),
        ([Distribution("ttl", "a.ttl", 1, "abc")], {}, "sha256"),
        ([Distribution("ttl", "a.ttl", 1), Distribution("nt", "a.ttl", 1)], {}, "duplicate"),
        ([Distribution("ttl", "/etc/a.ttl", 1)], {}, "relative"),
        ([Distribution("ttl", "../a.ttl", 1)], {}, "relative"),
        ([Distribution("ttl", "https://x.org/a.ttl", 1)], {}, "relative"),
        ([], {"base": "budgetkg/id/"}, "absolute"),
        ([], {"download_base": "dumps/"}, "absolute"),
        ([], {"issued": date(2024, 2, 1), "modified": date(2024, 1, 1)}, "before"),
        ([], {"geometries": {"https://x.org/r": Geometry(0, 0, 1, 1, 0.5, 0.5)}}, "regions"),
    ],
)
def test_invalid_input(
    stats: DatasetStats, dists: list[Distribution], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        catalog_graph(stats, dists, **kwargs)  # type: ignore[arg-type]


def test_geometry_validation_and_wkt() -> None:
    with pytest.raises(ValueError):
        Geometry(0, 10, 1, 5, 0.5, 7)
    with pytest.raises(ValueError):
        Geometry(0, 0, 200, 1, 0.5, 0.5)
    g = Geometry(113.45, 36.05, 119.85, 42.62, 115.66, 39.0)
    assert g.bbox_wkt() == (
        "POLYGON((113.45 36.05, 119.85 36.05, 119.85 42.62, 113.45 42.62, 113.45 36.05))"
    )
    assert g.centroid_wkt() == "POINT(115.66 39)"
