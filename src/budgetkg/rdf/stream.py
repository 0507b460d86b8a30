"""Streaming output: write each disclosure's graph as it is built, never the whole corpus.

A disclosure's graph holds its own nodes (IRIs under the disclosure's IRI) and
*shared* nodes — departments, regions, policy documents — that other disclosures
repeat.  Dataset formats (TriG, N-Quads) keep the shared triples in every named
graph, which is what lets a revised disclosure replace exactly its graph; graph
formats (Turtle, N-Triples) write each shared triple once, remembered by a 16-byte
digest.  Documents are written in build order and each one's triples sorted, so
serial and parallel builds give byte-identical files.  JSON-LD cannot be streamed
and is written at the end.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..spool import Payload, append_payload, payload_size
from .export import FORMATS, _umask
from .graph import Triple
from .terms import PREFIXES
from .turtle import turtle_text


class SharedTriples:
    """Remembers the shared triples already seen, by digest."""

    def __init__(self) -> None:
        self._seen: set[bytes] = set()

    @staticmethod
    def digest(triple: Triple) -> bytes:
        """The key of ``triple`` (build workers compute it, so the main process does not)."""
        return hashlib.blake2b("\x00".join(triple).encode("utf-8"), digest_size=16).digest()

    def new(self, triple: Triple, digest: bytes | None = None) -> bool:
        """Whether ``triple`` (whose :meth:`digest` may be given) was not seen before."""
        key = self.digest(triple) if digest is None else digest
        if key in self._seen:
            return False
        self._seen.add(key)
        return True


def is_own(graph: str, subject: str) -> bool:
    """True for a node minted under the disclosure ``graph`` (not shared with others)."""
    return subject == graph or subject.startswith(graph[:-1] + "/")


_SUBJECT = itemgetter(0)


def split_own(graph: str, triples: Sequence[Triple]) -> tuple[list[Triple], list[Triple]]:
    """Sorted ``triples`` (as :meth:`DocGraph.distinct` gives them) split into the document's
    own (:func:`is_own` of the subject) and shared ones, both in their order.

    The own triples are two runs of the sorted list — subject ``graph`` itself, and every
    subject under ``graph/`` (the strings from ``…/`` up to ``…0``, ``0`` following ``/``) —
    found by bisection instead of testing every subject.
    """
    prefix = graph[:-1] + "/"
    runs = sorted(
        (
            (bisect_left(triples, graph, key=_SUBJECT), bisect_right(triples, graph, key=_SUBJECT)),
            (
                bisect_left(triples, prefix, key=_SUBJECT),
                bisect_left(triples, graph[:-1] + "0", key=_SUBJECT),
            ),
        )
    )
    own: list[Triple] = []
    shared: list[Triple] = []
    start = 0
    for lo, hi in runs:
        shared += triples[start:lo]
        own += triples[lo:hi]
        start = hi
    shared += triples[start:]
    return own, shared


def prefix_header() -> bytes:
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items()).encode("utf-8")


def _strip_prefixes(data: bytes) -> bytes:
    lines = data.split(b"\n")
    index = 0
    while index < len(lines) and lines[index].startswith(b"@prefix"):
        index += 1
    return b"\n".join(lines[index:])


def jsonld_members(nquads: bytes) -> bytes:
    """A document's N-Quads (:func:`render`) as the members of a JSON-LD document's top-level
    array.

    Oxigraph writes a dataset as ``[{"@id": g1, "@graph": [...]}, {"@id": g2, ...}]``, one
    object per run of quads of a graph, so the members of successive documents joined by
    commas inside one array are byte for byte what serialising the whole dataset at once
    gives (``tests/test_build.py``) — without holding it in memory.
    """
    if not nquads:
        return b""
    data = ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.JSON_LD)
    assert data is not None and data.startswith(b"[") and data.endswith(b"]")
    return data[1:-1]


def _lines(triples: Sequence[Triple], suffix: str) -> str:
    """One line per triple, ``suffix`` ending each (joined in C: ~1.6x a formatted loop)."""
    return suffix.join(map(" ".join, triples)) + suffix


def render(triples: Sequence[Triple], graph: str | None, fmt: str) -> bytes:
    """Triples (of ``graph`` for dataset formats) in ``fmt``, without a prefix header."""
    if not triples:
        return b""
    if fmt in {"nt", "nq", "jsonld"}:
        suffix = f" {graph} .\n" if fmt == "nq" and graph else " .\n"
        return _lines(triples, suffix).encode("utf-8")
    if fmt == "ttl" and not graph and (turtle := turtle_text(triples)) is not None:
        return turtle  # Oxigraph's bytes, without the round trip through Python terms
    text = _lines(triples, f" {graph} .\n" if graph else " .\n")
    rdf_format = ox.RdfFormat.N_QUADS if graph else ox.RdfFormat.N_TRIPLES
    target = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.TURTLE
    data = ox.serialize(
        ox.parse(text.encode("utf-8"), format=rdf_format), format=target, prefixes=PREFIXES
    )
    assert data is not None
    return _strip_prefixes(data)


class GraphWriter:
    """Write one RDF file document by document, atomically (temporary file + rename).

    Each document arrives as a chunk already rendered by a worker
    (:func:`budgetkg.pipeline.render`); graph formats add the shared triples not
    written before, once, at the end.  JSON-LD chunks are the members of the
    top-level array (:func:`jsonld_members`), written between ``[`` and ``]``.
    """

    def __init__(self, path: Path, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.path, self.format = path, fmt
        self.bytes = 0
        self._shared: list[Triple] = []
        self._members = 0  # JSON-LD graph objects written
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._tmp = Path(tmp)
        self._file: BinaryIO = os.fdopen(fd, "wb")
        if fmt in {"ttl", "trig"}:
            self._write(prefix_header())
        elif fmt == "jsonld":
            self._write(b"[")

    def _write(self, data: Payload) -> None:
        append_payload(self._file, data)
        self.bytes += payload_size(data)

    def add(self, chunk: Payload, new_shared: list[Triple]) -> None:
        """One document: its rendered ``chunk``."""
        if self.format == "jsonld" and payload_size(chunk):
            if self._members:
                self._write(b",")
            self._members += 1
        self._write(chunk)
        if self.format in {"nt", "ttl"}:
            self._shared.extend(new_shared)

    def close(self) -> int:
        """Finish the file and move it into place; returns its size in bytes."""
        try:
            if self.format == "jsonld":
                self._write(b"]")
            elif self.format in {"nt", "ttl"}:
                self._write(render(sorted(self._shared), None, self.format))
            self._file.close()
            os.chmod(self._tmp, 0o666 & ~_umask())
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise
        return self.bytes

    def abort(self) -> None:
        """Discard the output: an interrupted build leaves no partial file."""
        if not self._file.closed:
            self._file.close()
        self._tmp.unlink(missing_ok=True)
