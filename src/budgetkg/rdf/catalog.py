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

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, GEO, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from .catalog_model import (
    _EU,
    _LICENSE_LABEL,
    _LICENSE_TYPE,
    _LICENSE_TYPE_SCHEME,
    BKG,
    DEFAULT_PUBLISHER,
    FORMATS,
    LICENSE,
    DatasetStats,
    Distribution,
    FormatInfo,
    Geometry,
    Publisher,
    _check_absolute,
    _check_distributions,
    _short_hash,
)
from .void import add_void_statistics, compute_stats_from_graph

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

DEFAULT_BASE: Final = "https://w3id.org/budgetkg/id/"

DCATAP: Final = Namespace("http://data.europa.eu/r5r/")
SPDX: Final = Namespace("http://spdx.org/rdf/terms#")
VCARD: Final = Namespace("http://www.w3.org/2006/vcard/ns#")

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
    add_void_statistics(g, dataset, stats, base=base, cat=cat)
    return g


# --- helpers -------------------------------------------------------------------------------


def _slug(file_name: str) -> str:
    """The file name when it is a safe IRI segment, else a short hash of it."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", file_name):
        return file_name
    return "f" + _short_hash(file_name)


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
