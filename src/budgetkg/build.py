"""``budgetkg build``: disclosures → an RDF file and/or a store (+ a DCAT/VoID catalog).

:func:`build` streams: worker processes parse and map the files
(:mod:`budgetkg.pipeline`) and the main process writes each document as it
arrives, in a fixed order, so memory is bounded by what the store holds and
serial and parallel builds give byte-identical output.  :func:`build_graph`
builds in memory for library use and tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from .api import expand_paths
from .catalog_io import catalog_turtle, region_extents
from .errors import InputError, OutputError, UsageError
from .model import Diagnostic, Disclosure
from .parse.disclosure import parse_file
from .pipeline import Mapped, Plan, doc_stats, iter_mapped
from .rdf.export import format_for, write_atomic
from .rdf.graph import DocGraph
from .rdf.mapping import disclosure_graph
from .rdf.stats import StatsAccumulator
from .rdf.stream import GraphWriter, SharedTriples, split_own
from .rdf.terms import DATA
from .spool import discard, spool_directory
from .store import StoreLoader, StoreSummary, check_store_directory

Progress = Callable[[int, int], None]  # (documents done, documents in all)


@dataclass
class BuildResult:
    """An in-memory build: the models and their graphs."""

    disclosures: list[Disclosure] = field(default_factory=list)
    graphs: list[DocGraph] = field(default_factory=list)

    @cached_property
    def quads(self) -> list[ox.Quad]:
        text = "".join(g.nquads() for g in self.graphs).encode("utf-8")
        return list(ox.parse(text, format=ox.RdfFormat.N_QUADS))

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for disc in self.disclosures for d in disc.diagnostics]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity != "info"]


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be built."""

    path: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class BuildSummary:
    documents: int
    triples: int
    warnings: int
    output: Path | None  # None when only a store was written
    format: str | None
    bytes: int
    catalog: Path | None = None
    store: StoreSummary | None = None
    failures: tuple[Failure, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def line(self) -> str:
        targets = []
        if self.output is not None:
            targets.append(f"{self.output} ({self.format}, {self.bytes} bytes)")
        if self.store is not None:
            st = self.store
            targets.append(f"store {st.directory} ({st.counts()}, {st.graphs} in total)")
        failed = f", {len(self.failures)} file(s) failed" if self.failures else ""
        return (
            f"{self.documents} document(s), {self.triples} triples, {self.warnings} warning(s)"
            f"{failed} → {'; '.join(targets)}"
        )


def check_base(base: str) -> None:
    if not base.endswith(("/", "#")) or "://" not in base or any(c in base for c in ' <>"{}|^`\\'):
        raise UsageError(f"--base {base!r} must be an absolute IRI ending in / or #")


def build_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files of ``paths`` (directories recursively), each once, in a fixed order."""
    return sorted(set(expand_paths(paths)), key=lambda p: (p.name, str(p)))


def build_graph(paths: Iterable[str | Path], base: str = DATA) -> BuildResult:
    """Parse and map every disclosure under ``paths`` in memory (raises on bad input)."""
    check_base(base)
    result = BuildResult()
    seen: dict[str, str] = {}
    for path in build_files(paths):
        disclosure = parse_file(path)
        _check_unique(seen, str(path), disclosure.department, disclosure.fiscal_year)
        result.disclosures.append(disclosure)
        result.graphs.append(disclosure_graph(disclosure, base))
    return result


def _check_unique(seen: dict[str, str], path: str, department: str, year: int) -> None:
    key = f"{department}/{year}"
    if key in seen:
        raise InputError(
            path,
            f"same department and year as {seen[key]} ({department}, {year}); build one of them",
        )
    seen[key] = path


class _Run:
    """The state of one streaming build: output file, store, statistics, failures."""

    def __init__(self, plan: Plan, output: Path | None, store: Path | None, strict: bool) -> None:
        self.plan, self.output, self.store_dir, self.strict = plan, output, store, strict
        self.out = GraphWriter(output, plan.fmt) if output is not None and plan.fmt else None
        self.stats = StatsAccumulator(plan.base, region_extents())
        self.shared = SharedTriples()
        self.triples = 0
        self.failures: list[Failure] = []
        self.diagnostics: list[Diagnostic] = []
        self.seen: dict[str, str] = {}
        self.issued: date | None = None
        self.loader: StoreLoader | None = None  # opened at the first document read
        self.held: list[Mapped] = []  # strict: loaded into the store only if all files read

    def add(self, m: Mapped) -> None:
        try:
            self._add(m)
        finally:  # the spool files of a document held for the store stay until finish
            if not self.held or self.held[-1] is not m:
                discard(m.chunk, m.nquads)

    def _add(self, m: Mapped) -> None:
        try:
            if m.error is not None:
                raise InputError(m.path, m.error, m.error_line)
            _check_unique(self.seen, m.path, m.department, m.fiscal_year)
        except InputError as exc:
            if self.strict:
                raise
            self.failures.append(Failure(str(exc).removesuffix(f": {exc.reason}"), exc.reason))
            return
        self.diagnostics.extend(m.diagnostics)
        if m.issued is not None and (self.issued is None or m.issued > self.issued):
            self.issued = m.issued
        new_shared = [
            t for t, d in zip(m.shared, m.shared_digests, strict=True) if self.shared.new(t, d)
        ]
        if self.out is not None:
            self.out.add(m.chunk, new_shared)
        self.triples += m.triples + len(new_shared)
        if (s := m.stats) is not None:
            self.stats.add_own(
                s.triples, s.subjects, s.objects, s.classes, s.properties, s.shared_objects
            )
            self.stats.add_shared(new_shared)
        self.stats.add_document(m.department, m.fiscal_year, m.regions)
        if self.store_dir is not None and self.strict:
            self.held.append(m)
        elif self.store_dir is not None:
            self.loader = self.loader or StoreLoader(self.store_dir)
            self.loader.add(m.graph[1:-1], m.nquads, m.nquads_digest)

    def finish(self, catalog: Path | None) -> BuildSummary:
        if self.stats.documents == 0:
            more = (
                f" (and {len(self.failures) - 1} more file(s) failed)"
                if len(self.failures) > 1
                else ""
            )
            raise InputError(self.failures[0].path, self.failures[0].reason + more)
        size = self.out.close() if self.out is not None else 0
        if catalog is not None and self.out is not None and self.output is not None:
            outputs = [(self.out.format, self.output)]
            turtle = catalog_turtle(self.stats.stats(), outputs, self.plan.base, self.issued)
            write_atomic(catalog, turtle)
        store_summary = None
        if self.store_dir is not None:
            if self.loader is None:
                self.loader = StoreLoader(self.store_dir)
                for m in self.held:
                    self.loader.add(m.graph[1:-1], m.nquads, m.nquads_digest)
                    discard(m.chunk, m.nquads)
            store_summary = self.loader.close()
        return BuildSummary(
            documents=self.stats.documents,
            triples=self.triples,
            warnings=sum(1 for d in self.diagnostics if d.severity != "info"),
            output=self.output,
            format=self.plan.fmt,
            bytes=size,
            catalog=catalog,
            store=store_summary,
            failures=tuple(self.failures),
            diagnostics=tuple(self.diagnostics),
        )

    def abort(self) -> None:
        if self.out is not None:
            self.out.abort()


def build(
    paths: Iterable[str | Path],
    output: Path | None = None,
    fmt: str | None = None,
    base: str = DATA,
    catalog: Path | None = None,
    store: Path | None = None,
    *,
    jobs: int | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build ``paths`` into ``output`` (atomically) and/or into the store ``store``.

    Files that cannot be read are reported in the summary's ``failures`` and the
    others are built; with ``strict`` the first failure raises
    :class:`~budgetkg.errors.InputError` and nothing is written (the store is
    loaded only once every file was read, so strict builds hold the store's input:
    in memory when serial, in spool files next to the output when parallel).
    ``jobs`` worker processes (default: all cores) parse and map in parallel and
    hand their output over in spool files (:mod:`budgetkg.spool`).
    """
    if output is None and store is None:
        raise UsageError("nothing to write: give an output file (-o) and/or --store DIR")
    if catalog is not None and output is None:
        raise UsageError("--catalog describes the output file: give -o as well")
    check_base(base)
    fmt = format_for(output, fmt) if output is not None else None
    if store is not None:
        check_store_directory(store)  # fail early, before the (long) parse
    files = build_files(paths)
    jobs = jobs or os.cpu_count() or 1
    plan = Plan(base=base, fmt=fmt, nquads=store is not None, stats=catalog is not None)
    try:
        return _build(files, plan, output, store, catalog, jobs, strict, progress)
    except OSError as exc:  # disk full, a directory where a file should be …
        where = exc.filename or output or store
        raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from None


def _build(
    files: list[Path],
    plan: Plan,
    output: Path | None,
    store: Path | None,
    catalog: Path | None,
    jobs: int,
    strict: bool,
    progress: Progress | None,
) -> BuildSummary:
    with ExitStack() as stack:
        if jobs > 1 and len(files) > 1:  # workers hand their output over in files
            near = output.parent if output is not None else Path(store or ".").parent
            plan = replace(plan, spool=stack.enter_context(spool_directory(near)))
        run = _Run(plan, output, store, strict)
        try:
            mapped = stack.enter_context(closing(iter_mapped(files, plan, jobs)))
            for done, m in enumerate(mapped, 1):
                if progress is not None:
                    progress(done, len(files))
                run.add(m)
            return run.finish(catalog)
        except BaseException:
            run.abort()  # an interrupted or failed build leaves no partial output
            raise


def stats_of(result: BuildResult, base: str = DATA) -> StatsAccumulator:
    """Statistics of an in-memory build (the same numbers :func:`build` reports)."""
    stats = StatsAccumulator(base, region_extents())
    shared = SharedTriples()
    for d, g in zip(result.disclosures, result.graphs, strict=True):
        triples = g.distinct()
        own, others = split_own(g.graph, triples)
        s = doc_stats(g, own, others)
        stats.add_own(s.triples, s.subjects, s.objects, s.classes, s.properties, s.shared_objects)
        stats.add_shared([t for t in others if shared.new(t)])
        stats.add_document(d.department, d.fiscal_year, d.regions)
    return stats
