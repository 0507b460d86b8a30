"""SHACL validation of budget knowledge graphs: ``budgetkg validate``.

:func:`validate` reads the input (:mod:`.validate_units`), splits it into one unit per
disclosure — a named graph of a built dataset, or a disclosure's nodes and the shared nodes
they reach — and validates the units independently, in parallel (a process pool), with one of
two engines that give the same results:

* ``fast`` (default, :mod:`budgetkg.shacl`): compiled shapes, core constraints in Python,
  SHACL-SPARQL in native forms checked against their queries (in Oxigraph once per unit where
  a form declines the data) — some 25 ms per disclosure;
* ``pyshacl`` (the reference, :mod:`.validate_pyshacl`): pyshacl over an rdflib graph — some
  two seconds per disclosure.

The shapes only use constraints whose outcome on a shared node (department, budget units,
regions, policy documents) does not depend on how many disclosures mention it, so the merged
results equal those of one whole-graph run (``whole_graph=True``); ``tests/test_validate.py``
checks this on the corpus, ``tests/test_fast_engine.py`` that the engines agree.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import UsageError
from .validate_pyshacl import (
    ONTOLOGY_PREDICATES,
    data_graph,
    ontology_graph,
    run_pyshacl,
    shapes_graph,
    validate_unit,
)
from .validate_report import Document, Report, Result, ResultKey, sort_key
from .validate_stream import validate_nquads
from .validate_units import GRAPH_FORMATS, Source, Unit, load_quads, ntriples, split_units

#: the validation engines: ``fast`` (default) and ``pyshacl`` (the reference)
ENGINES = ("fast", "pyshacl")

Outcome = tuple[list[Result], list[Document]]


def _engine(name: str) -> Callable[[Unit], Outcome]:
    if name == "pyshacl":
        return validate_unit
    if name == "fast":
        from .shacl.run import fast_validate_unit, prepare

        prepare()  # before the workers fork, so that they inherit the compiled shapes
        return fast_validate_unit
    raise UsageError(f"unknown validation engine {name!r} (choose from {', '.join(ENGINES)})")


def _pool_context() -> BaseContext:
    """``fork`` on Linux, so that workers inherit the parsed shapes and query plans; else spawn."""
    fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else "spawn")


def _run(units: Sequence[Unit], jobs: int, run: Callable[[Unit], Outcome]) -> list[Outcome]:
    if jobs == 1 or len(units) == 1:
        return [run(u) for u in units]
    # largest first, so that the last to finish is a small one; the smallest is validated here
    # first, which parses the shapes and the queries once for all the (forked) workers
    order = sorted(range(len(units)), key=lambda i: -len(units[i].ntriples))
    outcomes: list[Outcome] = [([], [])] * len(units)
    outcomes[order[-1]] = run(units[order[-1]])
    rest = order[:-1]
    workers = min(jobs, len(rest))
    chunk = max(1, len(rest) // (workers * 16))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        done = pool.map(run, [units[i] for i in rest], chunksize=chunk)
        for i, outcome in zip(rest, done, strict=True):
            outcomes[i] = outcome
    return outcomes


def validate(
    *sources: Source, jobs: int | None = None, whole_graph: bool = False, engine: str = "fast"
) -> Report:
    """Validate built graphs and/or disclosures against the shapes.

    ``sources`` are built graph files (.ttl .nt .trig .nq .jsonld), disclosure files or
    directories (built in memory), or rdflib graphs.  Each disclosure is validated on its own,
    ``jobs`` at a time (default: one per CPU); ``whole_graph=True`` validates everything in
    one run instead.  ``engine`` is ``"fast"`` or ``"pyshacl"`` (the reference; same results).
    Raises :class:`InputError` for unreadable input, :class:`UsageError` for bad options.
    """
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    run = _engine(engine)
    jobs = jobs or os.cpu_count() or 1
    streamed = None
    nquads = [Path(p) for p in sources if not isinstance(p, Graph)]
    if (
        not whole_graph
        and len(nquads) == len(sources)
        and all(p.suffix.lower() == ".nq" and p.is_file() for p in nquads)
    ):
        streamed = validate_nquads(nquads, jobs, run, _pool_context())
    if streamed is not None:
        outcomes, triple_count = streamed
    else:
        quads = load_quads(sources)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        units = [Unit(None, ntriples(triples))] if whole_graph else split_units(quads)
        del quads
        triple_count = len(triples)
        outcomes = _run(units, jobs, run)
    merged: dict[ResultKey, Result] = {}
    documents: dict[str, Document] = {}
    for results, docs in outcomes:
        for doc in docs:
            documents.setdefault(doc.iri, doc)
        for r in results:  # a result on a shared node: the first disclosure's record
            if r.key not in merged or (r.document or "") < (merged[r.key].document or ""):
                merged[r.key] = r
    ordered_docs = sorted(documents.values(), key=lambda d: (d.source_file or "", d.iri))
    return Report(
        results=tuple(sorted(merged.values(), key=sort_key)),
        documents=tuple(ordered_docs),
        triples=triple_count,
    )


__all__ = [
    "ENGINES",
    "GRAPH_FORMATS",
    "ONTOLOGY_PREDICATES",
    "Document",
    "Report",
    "Result",
    "Unit",
    "data_graph",
    "load_quads",
    "ontology_graph",
    "run_pyshacl",
    "shapes_graph",
    "split_units",
    "validate",
    "validate_unit",
]
