"""The build's worker side: parse, map and render one file, in a worker process.

Each worker returns a :class:`Mapped` record with the document's summary, its
N-Quads (for N-Quads, JSON-LD and the store), the chunk of the requested output
format already rendered, and its share of the VoID statistics — so the main
process only writes bytes in order and de-duplicates the few nodes that several
disclosures share.  Failures are records too: one unreadable file never stops the
others.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from .errors import BudgetKGError, InputError
from .model import Diagnostic, Region
from .parse.disclosure import parse_file
from .rdf.graph import DocGraph, Triple
from .rdf.mapping import disclosure_graph
from .rdf.stats import term_digest
from .rdf.stream import SharedTriples, is_own, jsonld_members, render, split_own
from .rdf.terms import TYPE, value_of
from .spool import Payload, spool_bytes
from .store_digests import nquads_digest


@dataclass(frozen=True, slots=True)
class Plan:
    """What the main process needs from each document."""

    base: str
    fmt: str | None = None  # output format, if an output file is written
    nquads: bool = False  # N-Quads text (for JSON-LD and the store)
    stats: bool = False  # VoID statistics (for the catalog)
    spool: str | None = None  # directory for hand-over files (parallel builds; see .spool)


@dataclass(frozen=True, slots=True)
class DocStats:
    """A document's own share of the statistics (see :mod:`budgetkg.rdf.stats`)."""

    triples: int
    subjects: int
    objects: int
    classes: Counter[str]
    properties: Counter[str]
    shared_objects: frozenset[bytes]  # digests of objects that may occur in other documents


@dataclass(frozen=True, slots=True)
class Mapped:
    path: str
    error: str | None = None  # why the file could not be built (its path not included)
    error_line: int | None = None
    source_file: str = ""
    department: str = ""
    fiscal_year: int = 0
    regions: tuple[Region, ...] = ()
    issued: date | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    graph: str = ""  # graph IRI term
    chunk: Payload = b""  # the output format's rendering of the document's own triples
    triples: int = 0  # own triples (subject under the disclosure's IRI)
    shared: tuple[Triple, ...] = ()  # shared triples (de-duplicated by the main process)
    shared_digests: tuple[bytes, ...] = ()  # their SharedTriples.digest, in the same order
    nquads: Payload = b""
    nquads_digest: str = ""  # of the N-Quads (see budgetkg.store_digests)
    stats: DocStats | None = field(default=None)


def doc_stats(doc: DocGraph, triples: Sequence[Triple], shared: Sequence[Triple]) -> DocStats:
    """Statistics of the document's own ``triples``.

    An own node that is also the object of a ``shared`` triple is left to the main
    process, which counts the objects of shared triples.
    """
    objects_of_shared = {o for _, _, o in shared}
    own_subjects: set[str] = set()
    own_objects: set[str] = set()
    shared_objects: set[str] = set()
    classes: Counter[str] = Counter()
    properties: Counter[str] = Counter()
    for s, p, o in triples:
        own_subjects.add(s)
        properties[value_of(p)] += 1
        if o.startswith("<") and is_own(doc.graph, o) and o not in objects_of_shared:
            own_objects.add(o)
        else:
            shared_objects.add(o)
        if p == TYPE:
            classes[value_of(o)] += 1
    return DocStats(
        len(triples),
        len(own_subjects),
        len(own_objects),
        classes,
        properties,
        frozenset(map(term_digest, shared_objects)),
    )


def map_path(path: Path, plan: Plan) -> Mapped:
    """Parse, map and render one file (runs in a worker process)."""
    try:
        d = parse_file(path)
        doc = disclosure_graph(d, plan.base)
    except InputError as exc:
        return Mapped(str(path), error=exc.reason, error_line=exc.line)
    except BudgetKGError as exc:
        return Mapped(str(path), error=str(exc))
    except Exception as exc:  # a parser bug must not stop the other files
        return Mapped(
            str(path), error=f"internal error, please report ({type(exc).__name__}: {exc})"
        )
    triples = doc.distinct()
    own, others = split_own(doc.graph, triples)
    shared = tuple(others)
    text = b""
    if plan.fmt in {"nt", "ttl"}:
        text = render(own, None, plan.fmt)
    elif plan.fmt in {"nq", "trig"}:
        text = render(triples, doc.graph, plan.fmt)
    elif plan.fmt == "jsonld":
        text = jsonld_members(render(triples, doc.graph, "nq"))
    chunk: Payload = text
    if plan.spool is not None and text:
        chunk = spool_bytes(plan.spool, text)
    nquads: Payload = b""
    digest = ""
    if plan.nquads:  # the same bytes as an N-Quads chunk (sent once)
        if plan.fmt == "nq":
            nquads = chunk
            digest = nquads_digest(text)
        else:
            data = render(triples, doc.graph, "nq")
            digest = nquads_digest(data)
            nquads = data if plan.spool is None else spool_bytes(plan.spool, data)
    return Mapped(
        path=str(path),
        source_file=d.source_file,
        department=d.department,
        fiscal_year=d.fiscal_year,
        regions=d.regions,
        issued=d.issued,
        diagnostics=d.diagnostics,
        graph=doc.graph,
        chunk=chunk,
        triples=len(own),
        shared=shared,
        shared_digests=tuple(map(SharedTriples.digest, shared)),
        nquads=nquads,
        nquads_digest=digest,
        stats=doc_stats(doc, own, shared) if plan.stats else None,
    )


def iter_mapped(
    paths: Sequence[Path], plan: Plan, jobs: int, window: int = 64
) -> Generator[Mapped, None, None]:
    """Map ``paths`` in order, in ``jobs`` worker processes (1: in this process).

    At most ``window`` documents are in flight: the pool's feeder waits until the
    consumer has taken results, so memory stays bounded when writing is slower
    than parsing.
    """
    if jobs <= 1 or len(paths) < 2:
        yield from (map_path(p, plan) for p in paths)
        return
    slots = threading.BoundedSemaphore(window)

    def feed() -> Iterator[Path]:
        for path in paths:
            slots.acquire()
            yield path

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["budgetkg.pipeline"])
    with context.Pool(min(jobs, len(paths))) as pool:
        for mapped in pool.imap(partial(map_path, plan=plan), feed(), chunksize=2):
            slots.release()
            yield mapped
