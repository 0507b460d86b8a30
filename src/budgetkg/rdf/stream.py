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
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .export import FORMATS, _umask
from .graph import DocGraph, Triple
from .terms import PREFIXES


class SharedTriples:
    """Remembers the shared triples already seen, by digest."""

    def __init__(self) -> None:
        self._seen: set[bytes] = set()

    def new(self, triple: Triple) -> bool:
        digest = hashlib.blake2b("\x00".join(triple).encode("utf-8"), digest_size=16).digest()
        if digest in self._seen:
            return False
        self._seen.add(digest)
        return True


def is_own(graph: str, subject: str) -> bool:
    """True for a node minted under the disclosure ``graph`` (not shared with others)."""
    return subject == graph or subject.startswith(graph[:-1] + "/")


def union_triples(doc: DocGraph, shared: SharedTriples) -> list[Triple]:
    """The triples of ``doc`` not yet written by an earlier document (graph formats)."""
    return [t for t in doc.distinct() if is_own(doc.graph, t[0]) or shared.new(t)]


def _strip_prefixes(data: bytes) -> bytes:
    """Drop the ``@prefix`` lines a chunk repeats (they are declared once, at the top)."""
    lines = data.split(b"\n")
    index = 0
    while index < len(lines) and lines[index].startswith(b"@prefix"):
        index += 1
    return b"\n".join(lines[index:])


class GraphWriter:
    """Write one RDF file document by document, atomically (temporary file + rename)."""

    def __init__(self, path: Path, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.path = path
        self.format = fmt
        self.shared = SharedTriples()
        self.bytes = 0
        self._chunks = 0
        self._pending: list[str] = []  # JSON-LD only
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._tmp = Path(tmp)
        self._file: BinaryIO = os.fdopen(fd, "wb")

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self.bytes += len(data)

    def add(self, doc: DocGraph) -> None:
        fmt = self.format
        if fmt == "nq":
            self._write(doc.nquads().encode("utf-8"))
        elif fmt == "jsonld":
            self._pending.append(doc.nquads())
        elif fmt == "nt":
            text = "".join(f"{s} {p} {o} .\n" for s, p, o in union_triples(doc, self.shared))
            self._write(text.encode("utf-8"))
        else:  # ttl, trig: Oxigraph's writer, one chunk per document
            if fmt == "ttl":
                text = "".join(f"{s} {p} {o} .\n" for s, p, o in union_triples(doc, self.shared))
                quads = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            else:
                quads = ox.parse(doc.nquads().encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            data = ox.serialize(quads, format=FORMATS[fmt], prefixes=PREFIXES)
            assert data is not None
            self._write(data if self._chunks == 0 else _strip_prefixes(data))
            self._chunks += 1

    def close(self) -> int:
        """Finish the file and move it into place; returns its size in bytes."""
        try:
            if self.format == "jsonld":
                quads = ox.parse("".join(self._pending).encode("utf-8"), ox.RdfFormat.N_QUADS)
                data = ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
                assert data is not None
                self._write(data)
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
