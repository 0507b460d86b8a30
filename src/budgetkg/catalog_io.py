"""The DCAT-AP/VoID description of a build's output (``budgetkg build --catalog``)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

from .rdf.catalog import DatasetStats, Distribution, Geometry, catalog_graph


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


def geometries(stats: DatasetStats) -> dict[str, Geometry]:
    """Bounding box and its centre for each region of the spatial coverage."""
    result = {}
    for iri, name in stats.regions:
        west, south, east, north = region_extents()[name]
        result[iri] = Geometry(west, south, east, north, (west + east) / 2, (south + north) / 2)
    return result


def catalog_turtle(
    stats: DatasetStats,
    outputs: Sequence[tuple[str, Path]],
    base: str,
    issued: date | None = None,
) -> bytes:
    """The catalog (Turtle) describing ``outputs`` — (format, file) pairs already written.

    ``issued`` defaults to nothing; :func:`budgetkg.build.build` passes the newest
    date printed in the disclosures, so the description is reproducible.
    """
    distributions = [
        Distribution(
            format=fmt,
            file_name=path.name,
            byte_size=path.stat().st_size,
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for fmt, path in outputs
    ]
    graph = catalog_graph(
        stats, distributions, base=base, issued=issued, geometries=geometries(stats)
    )
    return graph.serialize(format="turtle").encode("utf-8")
