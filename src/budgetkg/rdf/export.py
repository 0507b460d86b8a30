"""Serialisation with Oxigraph's writers, deterministic and atomic.

rdflib's Turtle writer is far too slow for province-scale graphs; pyoxigraph's
streaming writers (Rust) are used for every format.  Quads are sorted before
writing, so the same input always gives byte-identical output.  Files are
written to a temporary file beside the target and renamed into place, so an
interrupted run never leaves a partial output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
from .terms import PREFIXES

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"trig", "nq", "jsonld"}
_EXTENSIONS = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nq",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


def format_for(path: Path, explicit: str | None) -> str:
    """The output format: ``explicit`` or the one the file extension names."""
    if explicit:
        return explicit
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"{path}: cannot tell the format from the extension; use --format ({'|'.join(FORMATS)})"
        )
    return fmt


def _sort_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def sorted_unique(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(set(quads), key=_sort_key)


def triples_of(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union graph: distinct triples, sorted."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize(quads: Sequence[ox.Quad], fmt: str) -> bytes:
    """Serialise in ``fmt`` (one of :data:`FORMATS`)."""
    rdf_format = FORMATS[fmt]
    data: Iterable[ox.Triple] | Iterable[ox.Quad]
    data = sorted_unique(quads) if fmt in DATASET_FORMATS else triples_of(quads)
    prefixes = PREFIXES if fmt in {"ttl", "trig"} else None
    out = ox.serialize(data, format=rdf_format, prefixes=prefixes)
    assert out is not None
    return out


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
