"""DCAT-AP 3.0.1 catalogue and VoID description of an exported budgetkg graph.

:func:`catalog_graph` turns :class:`DatasetStats` (what the data contains) and a list of
:class:`Distribution` (the files it was exported to) into an RDF graph that describes the
export for linked-open-data portals:

* one ``dcat:Catalog`` and one ``dcat:Dataset`` with bilingual (zh/en) title, description
  and keywords, publisher, contact point, licence, access rights, themes, language,
  temporal coverage from the fiscal years and spatial coverage from the regions;
* one ``dcat:Distribution`` per file, with IANA media type, EU file type, byte size,
  optional SHA-256 checksum, licence and planned availability;
* VoID statistics.  The ``dcat:Dataset`` node is *also* typed ``void:Dataset`` rather than
  a separate node linked with ``dcterms:relation``: both descriptions are of exactly the same
  set of triples, VoID itself uses ``dcterms:`` metadata on ``void:Dataset``, and one node
  means a consumer never has to guess how the two relate.  Class and property partitions
  are their own ``void:Dataset`` nodes.

The graph aims to meet both the mandatory and the recommended DCAT-AP 3.0.1 SHACL shapes
(``shapes.ttl``, ``shapes_recommended.ttl`` and the class ranges in ``range.ttl``) when it is
validated together with the data it describes.  Two recommendations depend on input the
data cannot provide, so the caller has to supply them:

* ``dct:issued``/``dct:modified`` need ``issued`` (the function never reads the clock, so
  that its output is a pure function of its arguments);
* ``dcat:bbox``/``dcat:centroid`` of every ``dct:Location`` need ``geometries``: the
  disclosures name regions but carry no coordinates.

Data without fiscal years or regions gets no ``dct:temporal`` or ``dct:spatial`` (nothing is
invented), which leaves those recommendations unmet.

The output contains no blank nodes: every node is an IRI minted under ``base + "catalog"``
from content (a short SHA-1 where the content is itself an IRI or a file name), so the same
arguments always give the same triples.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final
from urllib.parse import quote, urlsplit

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, GEO, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.query import ResultRow
from rdflib.term import Node

__all__ = [
    "BKG",
    "DEFAULT_BASE",
    "DEFAULT_PUBLISHER",
    "FORMATS",
    "LICENSE",
    "DatasetStats",
    "Distribution",
    "FormatInfo",
    "Geometry",
    "Publisher",
    "catalog_graph",
    "compute_stats_from_graph",
]

BKG: Final = Namespace("https://w3id.org/budgetkg/ontology#")
DEFAULT_BASE: Final = "https://w3id.org/budgetkg/id/"

DCATAP: Final = Namespace("http://data.europa.eu/r5r/")
SPDX: Final = Namespace("http://spdx.org/rdf/terms#")
VCARD: Final = Namespace("http://www.w3.org/2006/vcard/ns#")

_EU: Final = "http://publications.europa.eu/resource/authority/"
_IANA: Final = "http://www.iana.org/assignments/media-types/"

#: The licence of the published graph (CC BY 4.0, EU Vocabularies licence authority table).
LICENSE: Final = URIRef(_EU + "licence/CC_BY_4_0")
_LICENSE_LABEL: Final = "Creative Commons Attribution 4.0 International"
_LICENSE_TYPE: Final = URIRef("http://purl.org/adms/licencetype/Attribution")
_LICENSE_TYPE_SCHEME: Final = URIRef("http://purl.org/adms/licencetype/1.0")

_ACCESS_PUBLIC: Final = URIRef(_EU + "access-right/PUBLIC")
_AVAILABILITY_STABLE: Final = URIRef(_EU + "planned-availability/STABLE")
_AVAILABILITY_SCHEME: Final = URIRef(_EU + "planned-availability")
_THEME_SCHEME: Final = URIRef(_EU + "data-theme")
_THEMES: Final = (
    (URIRef(_EU + "data-theme/ECON"), "Economy and finance"),
    (URIRef(_EU + "data-theme/GOVE"), "Government and public sector"),
)
_LANG_ZHO: Final = URIRef(_EU + "language/ZHO")
_LANG_ENG: Final = URIRef(_EU + "language/ENG")
_PUBLISHER_TYPE_SCHEME: Final = URIRef("http://purl.org/adms/publishertype/1.0")
#: ISO 19115 role "originator": the departments wrote the disclosures the graph is made from.
_ROLE_ORIGINATOR: Final = URIRef("http://registry.it.csiro.au/def/isotc211/CI_RoleCode/originator")
_SHA256: Final = SPDX.checksumAlgorithm_sha256

_KEYWORDS: Final = (
    ("部门预算", "zh"),
    ("预算公开", "zh"),
    ("财政透明", "zh"),
    ("绩效目标", "zh"),
    ("关联数据", "zh"),
    ("知识图谱", "zh"),
    ("budget", "en"),
    ("department budget", "en"),
    ("budget transparency", "en"),
    ("performance targets", "en"),
    ("linked data", "en"),
    ("knowledge graph", "en"),
)


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """How one export format is described: IANA media type and EU file type."""

    label: str
    media_type: str  # e.g. "text/turtle"
    file_type: str  # code in the EU file-type authority table, e.g. "RDF_TURTLE"
    quads: bool  # whether the file keeps the named graphs

    @property
    def media_type_iri(self) -> URIRef:
        return URIRef(_IANA + self.media_type)

    @property
    def file_type_iri(self) -> URIRef:
        return URIRef(_EU + "file-type/" + self.file_type)


FORMATS: Final[Mapping[str, FormatInfo]] = {
    "ttl": FormatInfo("Turtle", "text/turtle", "RDF_TURTLE", quads=False),
    "nt": FormatInfo("N-Triples", "application/n-triples", "RDF_N_TRIPLES", quads=False),
    "trig": FormatInfo("TriG", "application/trig", "RDF_TRIG", quads=True),
    "nq": FormatInfo("N-Quads", "application/n-quads", "RDF_N_QUADS", quads=True),
    "jsonld": FormatInfo("JSON-LD", "application/ld+json", "JSON_LD", quads=True),
}


@dataclass(frozen=True, slots=True)
class Distribution:
    """One exported file."""

    format: str  # a key of FORMATS: "ttl" | "nt" | "trig" | "nq" | "jsonld"
    file_name: str  # relative to the download base, e.g. "hebei.ttl"
    byte_size: int
    sha256: str | None = None  # hex digest of the file's bytes


@dataclass(frozen=True, slots=True)
class DatasetStats:
    """What the described data contains (see :func:`compute_stats_from_graph`)."""

    triples: int  # number of distinct triples in the data
    classes: Mapping[str, int]  # class IRI -> number of distinct instances
    properties: Mapping[str, int]  # property IRI -> number of triples
    distinct_subjects: int
    distinct_objects: int
    fiscal_years: Sequence[int]
    regions: Sequence[tuple[str, str]]  # (region IRI, zh name)
    publishers: Sequence[tuple[str, str]]  # (department IRI, zh name)
    documents: int  # number of source disclosures
    vocabularies: Sequence[str]  # namespace IRIs used


@dataclass(frozen=True, slots=True)
class Geometry:
    """Bounding box and centroid of a region, in WGS 84 longitude/latitude degrees."""

    west: float
    south: float
    east: float
    north: float
    lon: float
    lat: float

    def __post_init__(self) -> None:
        for v in (self.west, self.east, self.lon):
            if not -180.0 <= v <= 180.0:
                raise ValueError(f"longitude out of range: {v}")
        for v in (self.south, self.north, self.lat):
            if not -90.0 <= v <= 90.0:
                raise ValueError(f"latitude out of range: {v}")
        if self.south > self.north:
            raise ValueError(f"south {self.south} is north of north {self.north}")

    def bbox_wkt(self) -> str:
        w, s, e, n = (_num(v) for v in (self.west, self.south, self.east, self.north))
        return f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"

    def centroid_wkt(self) -> str:
        return f"POINT({_num(self.lon)} {_num(self.lat)})"


@dataclass(frozen=True, slots=True)
class Publisher:
    """The agent that publishes the catalogue and dataset, and its contact point."""

    name_zh: str = "budgetkg 项目"
    name_en: str = "The budgetkg project"
    homepage: str = "https://w3id.org/budgetkg/"
    email: str | None = None
    # dct:type from the ADMS publisher type vocabulary, with its English label.
    kind: str = "http://purl.org/adms/publishertype/NonProfitOrganisation"
    kind_label: str = "Non-Profit Organisation"


DEFAULT_PUBLISHER: Final = Publisher()


def catalog_graph(
    stats: DatasetStats,
    distributions: Sequence[Distribution],
    *,
    base: str = DEFAULT_BASE,
    issued: date | None = None,
    download_base: str | None = None,
    modified: date | None = None,
    publisher: Publisher = DEFAULT_PUBLISHER,
    geometries: Mapping[str, Geometry] | None = None,
) -> Graph:
    """Build the DCAT-AP / VoID description of the data summarised by ``stats``.

    ``base`` is the data IRI base; the catalogue's own nodes are minted under
    ``base + "catalog"``.  Download URLs are ``download_base`` (default ``base +
    "download/"``) joined with each distribution's percent-encoded ``file_name``.
    ``issued`` and ``modified`` (default: ``issued``) date the catalogue, dataset and
    distributions; without them no dates are written.  ``geometries`` maps region IRIs to
    their bounding box and centroid.  Raises :class:`ValueError` on invalid input.
    """
    _check_absolute(base, "base")
    dl_base = base + "download/" if download_base is None else download_base
    _check_absolute(dl_base, "download_base")
    if not dl_base.endswith(("/", "#", "=")):
        dl_base += "/"
    if modified is None:
        modified = issued
    if issued is not None and modified is not None and modified < issued:
        raise ValueError(f"modified {modified} is before issued {issued}")
    geometries = {} if geometries is None else geometries
    region_iris = {iri for iri, _ in stats.regions}
    unknown = sorted(set(geometries) - region_iris)
    if unknown:
        raise ValueError(f"geometries given for regions not in the data: {unknown}")
    _check_distributions(distributions)

    cat = base + "catalog"
    catalog = URIRef(cat)
    dataset = URIRef(cat + "/dataset")
    agent = URIRef(cat + "/publisher")
    contact = URIRef(cat + "/contact")
    homepage = URIRef(publisher.homepage)

    g = Graph(bind_namespaces="core")
    for prefix, ns in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("dcatap", DCATAP),
        ("foaf", FOAF),
        ("geo", GEO),
        ("prov", PROV),
        ("skos", SKOS),
        ("spdx", SPDX),
        ("vcard", VCARD),
        ("void", VOID),
        ("bkg", BKG),
    ):
        g.bind(prefix, ns)

    def add(s: URIRef, p: URIRef, o: Node) -> None:
        g.add((s, p, o))

    def add_bilingual(s: URIRef, p: URIRef, zh: str, en: str) -> None:
        add(s, p, Literal(zh, lang="zh"))
        add(s, p, Literal(en, lang="en"))

    def add_dates(s: URIRef) -> None:
        if issued is not None:
            add(s, DCTERMS.issued, Literal(issued, datatype=XSD.date))
        if modified is not None:
            add(s, DCTERMS.modified, Literal(modified, datatype=XSD.date))

    def concept(iri: URIRef, label: str, scheme: URIRef) -> URIRef:
        add(iri, RDF.type, SKOS.Concept)
        add(iri, SKOS.prefLabel, Literal(label, lang="en"))
        add(iri, SKOS.inScheme, scheme)
        return iri

    # --- shared nodes: publisher, contact point, licence, vocabulary terms -----------------
    add(agent, RDF.type, FOAF.Agent)
    add_bilingual(agent, FOAF.name, publisher.name_zh, publisher.name_en)
    add(agent, FOAF.homepage, homepage)
    kind = URIRef(publisher.kind)
    add(agent, DCTERMS.type, concept(kind, publisher.kind_label, _PUBLISHER_TYPE_SCHEME))

    add(contact, RDF.type, VCARD.Kind)
    add(contact, VCARD.fn, Literal(publisher.name_en))
    add(contact, VCARD.hasURL, homepage)
    if publisher.email is not None:
        add(contact, VCARD.hasEmail, URIRef("mailto:" + publisher.email))

    add(homepage, RDF.type, FOAF.Document)

    add(LICENSE, RDF.type, DCTERMS.LicenseDocument)
    add(LICENSE, RDFS.label, Literal(_LICENSE_LABEL, lang="en"))
    add(LICENSE, DCTERMS.type, concept(_LICENSE_TYPE, "Attribution", _LICENSE_TYPE_SCHEME))

    add(_ACCESS_PUBLIC, RDF.type, DCTERMS.RightsStatement)
    for language in (_LANG_ZHO, _LANG_ENG):
        add(language, RDF.type, DCTERMS.LinguisticSystem)
    add(_THEME_SCHEME, RDF.type, SKOS.ConceptScheme)
    add(_THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en"))
    for theme, label in _THEMES:
        concept(theme, label, _THEME_SCHEME)

    locations: list[URIRef] = []
    for iri, name in sorted(set(stats.regions)):
        loc = URIRef(iri)
        locations.append(loc)
        add(loc, RDF.type, DCTERMS.Location)
        if name:
            add(loc, RDFS.label, Literal(name, lang="zh"))
        geom = geometries.get(iri)
        if geom is not None:
            add(loc, DCAT.bbox, Literal(geom.bbox_wkt(), datatype=GEO.wktLiteral))
            add(loc, DCAT.centroid, Literal(geom.centroid_wkt(), datatype=GEO.wktLiteral))

    # --- catalogue ---------------------------------------------------------------------------
    add(catalog, RDF.type, DCAT.Catalog)
    add_bilingual(
        catalog,
        DCTERMS.title,
        "budgetkg 部门预算公开数据目录",
        "budgetkg catalogue of department budget disclosure data",
    )
    add_bilingual(
        catalog,
        DCTERMS.description,
        "budgetkg 从中国地方政府部门预算信息公开文件生成的关联数据的 DCAT 目录。",
        "DCAT catalogue of the linked data that budgetkg builds from Chinese local-government "
        "department budget disclosures.",
    )
    add(catalog, DCTERMS.publisher, agent)
    add(catalog, FOAF.homepage, homepage)
    add(catalog, DCTERMS.license, LICENSE)
    add(catalog, DCTERMS.language, _LANG_ZHO)
    add(catalog, DCTERMS.language, _LANG_ENG)
    add(catalog, DCAT.themeTaxonomy, _THEME_SCHEME)
    for loc in locations:
        add(catalog, DCTERMS.spatial, loc)
    add_dates(catalog)
    add(catalog, DCAT.dataset, dataset)

    # --- dataset -----------------------------------------------------------------------------
    years = sorted(set(stats.fiscal_years))
    departments = sorted(set(stats.publishers))
    add(dataset, RDF.type, DCAT.Dataset)
    add(dataset, RDF.type, VOID.Dataset)
    add_bilingual(
        dataset,
        DCTERMS.title,
        "部门预算信息公开知识图谱",
        "Knowledge graph of department budget disclosures",
    )
    zh_desc, en_desc = _dataset_description(stats.documents, len(departments), years)
    add_bilingual(dataset, DCTERMS.description, zh_desc, en_desc)
    add(dataset, DCTERMS.identifier, Literal(str(dataset)))
    add(dataset, DCTERMS.publisher, agent)
    add(dataset, DCAT.contactPoint, contact)
    add(dataset, DCTERMS.license, LICENSE)
    add(dataset, DCTERMS.accessRights, _ACCESS_PUBLIC)
    add(dataset, DCTERMS.language, _LANG_ZHO)
    for theme, _ in _THEMES:
        add(dataset, DCAT.theme, theme)
    for word, lang in _KEYWORDS:
        add(dataset, DCAT.keyword, Literal(word, lang=lang))
    for loc in locations:
        add(dataset, DCTERMS.spatial, loc)
    if years:
        first, last = years[0], years[-1]
        period = URIRef(f"{cat}/period/{first}-{last}")
        add(period, RDF.type, DCTERMS.PeriodOfTime)
        add(period, DCAT.startDate, Literal(date(first, 1, 1), datatype=XSD.date))
        add(period, DCAT.endDate, Literal(date(last, 12, 31), datatype=XSD.date))
        add(dataset, DCTERMS.temporal, period)
    provenance = URIRef(cat + "/provenance")
    add(provenance, RDF.type, DCTERMS.ProvenanceStatement)
    add_bilingual(
        provenance,
        RDFS.label,
        "由 budgetkg 从各部门公开的预算信息公开文件自动抽取；金额以元为单位，"
        "每条抽取的陈述都通过 prov:wasDerivedFrom 和 bkg:sourceLine 指向原文。",
        "Extracted automatically by budgetkg from the budget disclosures the departments "
        "published; amounts are in yuan and every extracted statement points to its source "
        "text through prov:wasDerivedFrom and bkg:sourceLine.",
    )
    add(dataset, DCTERMS.provenance, provenance)
    for dept, name in departments:
        attribution = URIRef(f"{cat}/attribution/{_short_hash(dept)}")
        add(dataset, PROV.qualifiedAttribution, attribution)
        add(attribution, RDF.type, PROV.Attribution)
        add(attribution, PROV.agent, URIRef(dept))
        add(attribution, DCAT.hadRole, _ROLE_ORIGINATOR)
        if name:
            add(URIRef(dept), RDFS.label, Literal(name, lang="zh"))
    add_dates(dataset)

    # --- distributions -------------------------------------------------------------------
    for dist in sorted(distributions, key=lambda d: (d.file_name, d.format)):
        info = FORMATS[dist.format]
        node = URIRef(f"{cat}/distribution/{_slug(dist.file_name)}")
        url = URIRef(dl_base + quote(dist.file_name, safe="/-._~"))
        add(dataset, DCAT.distribution, node)
        add(dataset, VOID.dataDump, url)
        add(node, RDF.type, DCAT.Distribution)
        add_bilingual(
            node,
            DCTERMS.title,
            f"部门预算信息公开知识图谱（{info.label}）",
            f"Knowledge graph of department budget disclosures ({info.label})",
        )
        add_bilingual(
            node,
            DCTERMS.description,
            f"完整知识图谱的 {info.label} 格式下载文件 {dist.file_name}"
            + ("，每份公开文件一个命名图。" if info.quads else "。"),
            f"Full dump of the knowledge graph as {info.label}, file {dist.file_name}"
            + (", one named graph per source disclosure." if info.quads else "."),
        )
        add(node, DCAT.accessURL, url)
        add(node, DCAT.downloadURL, url)
        add(node, DCAT.mediaType, info.media_type_iri)
        add(info.media_type_iri, RDF.type, DCTERMS.MediaType)
        add(node, DCTERMS.format, info.file_type_iri)
        add(info.file_type_iri, RDF.type, DCTERMS.MediaTypeOrExtent)
        add(node, DCAT.byteSize, Literal(str(dist.byte_size), datatype=XSD.nonNegativeInteger))
        add(node, DCTERMS.license, LICENSE)
        add(node, DCATAP.availability, _AVAILABILITY_STABLE)
        if dist.sha256 is not None:
            checksum = URIRef(str(node) + "/checksum")
            add(node, SPDX.checksum, checksum)
            add(checksum, RDF.type, SPDX.Checksum)
            add(checksum, SPDX.algorithm, _SHA256)
            add(checksum, SPDX.checksumValue, Literal(dist.sha256.lower(), datatype=XSD.hexBinary))
        add_dates(node)
    if distributions:
        concept(_AVAILABILITY_STABLE, "stable", _AVAILABILITY_SCHEME)

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
    return g


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


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _slug(file_name: str) -> str:
    """The file name when it is a safe IRI segment, else a short hash of it."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", file_name):
        return file_name
    return "f" + _short_hash(file_name)


def _num(v: float) -> str:
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _check_absolute(iri: str, what: str) -> None:
    parts = urlsplit(iri)
    if not parts.scheme or not parts.netloc or any(c in iri for c in ' <>"{}|\\^`'):
        raise ValueError(f"{what} must be an absolute IRI, got {iri!r}")


def _check_distributions(distributions: Sequence[Distribution]) -> None:
    seen: set[str] = set()
    for d in distributions:
        if d.format not in FORMATS:
            raise ValueError(f"{d.file_name}: unknown format {d.format!r}, not in {list(FORMATS)}")
        segments = d.file_name.split("/")
        if (
            not d.file_name
            or d.file_name.startswith("/")
            or urlsplit(d.file_name).scheme
            or any(s in ("", ".", "..") for s in segments)
            or any(ord(c) < 0x20 or c == "\x7f" for c in d.file_name)
        ):
            raise ValueError(f"file_name must be a relative path, got {d.file_name!r}")
        if d.file_name in seen:
            raise ValueError(f"duplicate distribution file_name {d.file_name!r}")
        seen.add(d.file_name)
        if d.byte_size < 0:
            raise ValueError(f"{d.file_name}: negative byte_size {d.byte_size}")
        if d.sha256 is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", d.sha256):
            raise ValueError(f"{d.file_name}: sha256 must be 64 hex digits, got {d.sha256!r}")


def _dataset_description(documents: int, departments: int, years: Sequence[int]) -> tuple[str, str]:
    zh = (
        "从中国地方政府部门预算信息公开文件中抽取的关联数据知识图谱：部门职责与机构设置、"
        "预算收支、项目与绩效目标及指标、政府采购、国有资产，以及公开文件所引用的政策文件。"
        f"包含 {documents} 份公开文件、{departments} 个部门"
    )
    en = (
        "Linked-data knowledge graph extracted from Chinese local-government department budget "
        "disclosures: department duties and units, budget income and expenditure, projects, "
        "performance goals and indicators, government procurement, state assets, and the "
        "policy documents the disclosures cite. It covers "
        f"{documents} disclosure{'s' if documents != 1 else ''} from {departments} "
        f"department{'s' if departments != 1 else ''}"
    )
    if years:
        span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
        zh += f"，财政年度 {span}"
        en += f", fiscal year{'s' if len(years) > 1 else ''} {span}"
    zh += "。金额以元为单位。"
    en += ". Amounts are in yuan."
    return zh, en
