"""What each named graph of a store held when budgetkg last wrote it, to skip unchanged graphs.

Rebuilding a store from a corpus of which only a few files changed used to read every
disclosure's graph back from the store to compare it with the build's version: ~20 ms of
RocksDB string lookups per graph, whether read from Python or summed in SPARQL, so a
rebuild of 1,000 unchanged disclosures took about twice as long as building the store.

:class:`budgetkg.store.StoreLoader` therefore keeps, next to the database, the file
:data:`DIGEST_FILE`: the SHA-256 of each graph's N-Quads as the build rendered them (sorted,
distinct lines, so the same content always gives the same digest), and a fingerprint of the
database files as the loader left them.  A graph is skipped without being read only when

* the fingerprint of the database files still matches, i.e. no program has written to the
  store since (any write, even opening it read-write, adds or changes a WAL, a MANIFEST or
  an SST file; read-only opens, queries and ``budgetkg serve``'s checkpoint change none), and
* the graph's digest equals the digest of the build's N-Quads.

Otherwise the graph is compared quad by quad as before.  The file is removed before the
loader writes anything and rewritten after the database is closed, so a build that stops
half-way leaves no digests, and the next one compares every graph.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from .rdf.export import write_atomic

#: the digest file, in the store directory (RocksDB ignores files it did not create)
DIGEST_FILE = "budgetkg-graph-digests.tsv"
_HEADER = "# budgetkg graph digests v1; database fingerprint "
#: files that change without a write to the data: the info logs and the lock
_IGNORED = ("LOG", "LOCK", DIGEST_FILE)


def nquads_digest(data: bytes) -> str:
    """The digest of one graph's N-Quads, as :func:`budgetkg.rdf.stream.render` wrote them."""
    return hashlib.sha256(data).hexdigest()


def fingerprint(directory: Path) -> str:
    """A digest of the names, sizes and modification times of the database files."""
    entries = []
    for entry in os.scandir(directory):
        if entry.name.startswith((".", *_IGNORED)) or not entry.is_file():
            continue
        st = entry.stat()
        entries.append(f"{entry.name}\t{st.st_size}\t{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode("utf-8")).hexdigest()


def read_digests(directory: Path) -> dict[str, str]:
    """The digests of the graphs as budgetkg left them, if nothing wrote to the store since
    (else empty).  Read them before opening the store for writing, which changes its files;
    once it is open, :func:`discard_digests`."""
    path = Path(directory) / DIGEST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    digests: dict[str, str] = {}
    lines = text.split("\n")
    if lines[0] == _HEADER + fingerprint(directory):
        for line in lines[1:]:
            graph, _, digest = line.partition("\t")
            if graph and len(digest) == 64:
                digests[graph] = digest
    return digests


def discard_digests(directory: Path) -> None:
    """Remove the digest file: the store is about to change.  (One that cannot be removed
    will not match the database files after the change.)"""
    with contextlib.suppress(OSError):
        (Path(directory) / DIGEST_FILE).unlink(missing_ok=True)


def write_digests(directory: Path, digests: dict[str, str]) -> None:
    """Record ``digests`` (graph IRI → digest) for the store as it is now (closed).

    Best effort: the digests only save time, so a directory that cannot take the file
    (read-only, full) leaves the next build comparing every graph, as without them.
    """
    directory = Path(directory)
    body = "".join(f"{graph}\t{digest}\n" for graph, digest in sorted(digests.items()))
    text = f"{_HEADER}{fingerprint(directory)}\n{body}"
    with contextlib.suppress(OSError):
        write_atomic(directory / DIGEST_FILE, text.encode("utf-8"))
