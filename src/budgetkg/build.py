"""``budgetkg build``: disclosures → one RDF file (+ an optional DCAT/VoID catalog)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from .api import expand_paths
from .errors import InputError, UsageError
from .model import Diagnostic, Disclosure
from .parse.disclosure import parse_file
from .rdf.catalog import DatasetStats, Distribution, Geometry, catalog_graph
from .rdf.export import format_for, serialize, triples_of, write_atomic
from .rdf.mapping import department_iri, disclosure_quads, region_iri
from .rdf.terms import DATA, RDF
from .store import StoreSummary, check_store_directory, load_into_store

_TYPE = RDF + "type"


@dataclass
class BuildResult:
    disclosures: list[Disclosure] = field(default_factory=list)
    quads: list[ox.Quad] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for disc in self.disclosures for d in disc.diagnostics]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity != "info"]


@dataclass(frozen=True, slots=True)
class BuildSummary:
    documents: int
    triples: int
    quads: int
    warnings: int
    output: Path | None  # None when only a store was written
    format: str | None
    bytes: int
    catalog: Path | None = None
    store: StoreSummary | None = None

    def line(self) -> str:
        targets = []
        if self.output is not None:
            targets.append(f"{self.output} ({self.format}, {self.bytes} bytes)")
        if self.store is not None:
            targets.append(
                f"store {self.store.directory} ({self.store.added} graph(s) added, "
                f"{self.store.replaced} replaced, {self.store.graphs} in total)"
            )
        return (
            f"{self.documents} document(s), {self.triples} triples, {self.warnings} warning(s) "
            f"→ {'; '.join(targets)}"
        )


def build_graph(paths: Iterable[str | Path], base: str = DATA) -> BuildResult:
    """Parse and map every disclosure under ``paths``."""
    if not base.endswith(("/", "#")) or "://" not in base:
        raise InputError(base, "--base must be an absolute IRI ending in / or #")
    result = BuildResult()
    seen: dict[str, str] = {}
    for path in expand_paths(paths):
        disclosure = parse_file(path)
        graph_key = f"{disclosure.department}/{disclosure.fiscal_year}"
        if graph_key in seen:
            raise InputError(
                str(path),
                f"same department and year as {seen[graph_key]} "
                f"({disclosure.department}, {disclosure.fiscal_year}); build one of them",
            )
        seen[graph_key] = str(path)
        result.disclosures.append(disclosure)
        result.quads.extend(disclosure_quads(disclosure, base))
    return result


def dataset_stats(result: BuildResult, base: str = DATA) -> DatasetStats:
    """VoID/DCAT statistics of the built data (for :mod:`budgetkg.rdf.catalog`)."""
    triples = triples_of(result.quads)
    classes: dict[str, set[str]] = {}
    properties: Counter[str] = Counter()
    subjects: set[str] = set()
    objects: set[str] = set()
    for t in triples:
        properties[t.predicate.value] += 1
        subjects.add(str(t.subject))
        objects.add(str(t.object))
        if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode):
            classes.setdefault(t.object.value, set()).add(str(t.subject))
    vocabularies = sorted({_namespace(p) for p in properties} | {_namespace(c) for c in classes})
    regions: dict[str, str] = {}
    publishers: dict[str, str] = {}
    for d in result.disclosures:
        # spatial coverage is stated at province level, where the extent is known
        if d.regions and d.regions[0].name in region_extents():
            regions[region_iri([d.regions[0].name], base).value] = d.regions[0].name
        publishers[department_iri(d.department, base).value] = d.department
    return DatasetStats(
        triples=len(triples),
        classes={c: len(s) for c, s in sorted(classes.items())},
        properties=dict(sorted(properties.items())),
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        fiscal_years=sorted({d.fiscal_year for d in result.disclosures}),
        regions=sorted(regions.items()),
        publishers=sorted(publishers.items()),
        documents=len(result.disclosures),
        vocabularies=vocabularies,
    )


@cache
def region_extents() -> dict[str, tuple[float, float, float, float]]:
    """Province name → (west, south, east, north), from ``data/region_extent.tsv``."""
    text = (files("budgetkg") / "data" / "region_extent.tsv").read_text(encoding="utf-8")
    extents = {}
    for raw in text.splitlines():
        if raw.strip() and not raw.startswith("#"):
            name, *box = raw.split("\t")
            west, south, east, north = (float(v) for v in box)
            extents[name] = (west, south, east, north)
    return extents


def _geometries(stats: DatasetStats) -> dict[str, Geometry]:
    result = {}
    for iri, name in stats.regions:
        west, south, east, north = region_extents()[name]
        result[iri] = Geometry(west, south, east, north, (west + east) / 2, (south + north) / 2)
    return result


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def catalog_turtle(
    result: BuildResult,
    outputs: Sequence[tuple[str, Path]],
    base: str = DATA,
    issued: date | None = None,
) -> bytes:
    """The DCAT-AP/VoID description of the built data and its distributions."""
    stats = dataset_stats(result, base)
    distributions = [
        Distribution(
            format=fmt,
            file_name=path.name,
            byte_size=path.stat().st_size,
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for fmt, path in outputs
    ]
    if issued is None:
        dates = [d.issued for d in result.disclosures if d.issued]
        issued = max(dates) if dates else None
    graph = catalog_graph(
        stats, distributions, base=base, issued=issued, geometries=_geometries(stats)
    )
    text = graph.serialize(format="turtle")
    return text.encode("utf-8")


def build(
    paths: Iterable[str | Path],
    output: Path | None = None,
    fmt: str | None = None,
    base: str = DATA,
    catalog: Path | None = None,
    store: Path | None = None,
) -> BuildSummary:
    """Build ``paths`` into ``output`` (atomically) and/or into the store ``store``.

    At least one of ``output`` and ``store`` is required.  The catalog describes
    ``output``, so it needs it.  Loading a store replaces the named graph of every
    disclosure built (see :mod:`budgetkg.store`).
    """
    if output is None and store is None:
        raise UsageError("nothing to write: give an output file (-o) and/or --store DIR")
    if catalog is not None and output is None:
        raise UsageError("--catalog describes the output file: give -o as well")
    if output is not None:
        fmt = format_for(output, fmt)
    if store is not None:
        check_store_directory(store)  # fail early, before the (long) parse
    result = build_graph(paths, base)
    data = b""
    if output is not None:
        assert fmt is not None
        data = serialize(result.quads, fmt)
        write_atomic(output, data)
        if catalog is not None:
            write_atomic(catalog, catalog_turtle(result, [(fmt, output)], base))
    store_summary = load_into_store(store, result) if store is not None else None
    return BuildSummary(
        documents=len(result.disclosures),
        triples=len(triples_of(result.quads)),
        quads=len(set(result.quads)),
        warnings=len(result.warnings),
        output=output,
        format=fmt if output is not None else None,
        bytes=len(data),
        catalog=catalog,
        store=store_summary,
    )
