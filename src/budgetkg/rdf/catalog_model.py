"""Input model of :func:`budgetkg.rdf.catalog.catalog_graph`, with its validators.

The dataclasses describing the data (:class:`DatasetStats`), the exported files
(:class:`Distribution`, :data:`FORMATS`), region geometries and the publisher, the
licence of the published graph, and the checks applied to the arguments.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from rdflib import Namespace, URIRef

__all__ = [
    "BKG",
    "DEFAULT_PUBLISHER",
    "FORMATS",
    "LICENSE",
    "DatasetStats",
    "Distribution",
    "FormatInfo",
    "Geometry",
    "Publisher",
]

BKG: Final = Namespace("https://w3id.org/budgetkg/ontology#")

_EU: Final = "http://publications.europa.eu/resource/authority/"
_IANA: Final = "http://www.iana.org/assignments/media-types/"

#: The licence of the published graph (CC BY 4.0, EU Vocabularies licence authority table).
LICENSE: Final = URIRef(_EU + "licence/CC_BY_4_0")
_LICENSE_LABEL: Final = "Creative Commons Attribution 4.0 International"
_LICENSE_TYPE: Final = URIRef("http://purl.org/adms/licencetype/Attribution")
_LICENSE_TYPE_SCHEME: Final = URIRef("http://purl.org/adms/licencetype/1.0")


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


# --- helpers -------------------------------------------------------------------------------


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


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
