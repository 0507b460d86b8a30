"""A persistent Oxigraph store: one named graph per disclosure, plus the ontology.

``budgetkg build … --store DIR`` loads a build into an on-disk store
(:class:`pyoxigraph.Store`, RocksDB).  Every disclosure is one named graph whose
IRI is the disclosure IRI, minted from department and fiscal year, so a revised
disclosure of the same office and year lands in the same graph: loading it
**replaces exactly that graph** and leaves every other graph untouched.

Replacing a graph writes only the difference between the stored and the new
version, as one SPARQL update (``DELETE DATA`` + ``INSERT DATA``) that Oxigraph
applies as a single transaction: a crash leaves either the old or the new
version of the disclosure, never half of one or none, and a revision that
changes one figure writes a handful of quads.  SPARQL cannot delete blank nodes
by label, so the ontology (OWL restrictions are blank nodes) is canonicalised
(RDFC-1.0: the same labels on every load, so an unchanged ontology is a no-op)
and, when it did change, replaced with ``remove_graph`` + ``extend``.

A graph that budgetkg itself left holding exactly the build's quads is not even read:
the store directory keeps the digest of each graph's N-Quads, valid only while no other
program has written to the store (:mod:`budgetkg.store_digests`).  Rebuilding a store from
an unchanged corpus of 1,000 disclosures took 49.6 s with every graph compared, 13.8–15.4 s
with the digests.

The ontology (``ontology/budgetkg.ttl`` and ``topics.ttl``) is kept in the named
graph :data:`ONTOLOGY_GRAPH` and replaced on every load, so class and concept
labels are queryable next to the data.

Readers open the store read-only.  A read-only RocksDB instance sees the store
as it was when it was opened, and Oxigraph calls opening it while another
process writes undefined behaviour.  ``budgetkg serve`` serves a snapshot
(checkpoint) taken at start-up: loading while it runs is fine, except during
its start-up; restart it to serve the new data.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from .errors import InputError, UsageError
from .ingest import split_lines
from .rdf.export import FORMATS, format_for
from .resources import resource_path
from .spool import Payload, append_payload, payload_bytes, payload_lines
from .store_digests import discard_digests, nquads_digest, read_digests, write_digests

if TYPE_CHECKING:  # build imports this module
    from .build import BuildResult

#: the named graph holding the ontology and the topic scheme
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/budgetkg/graph/ontology")
#: the ontology files loaded into :data:`ONTOLOGY_GRAPH`
ONTOLOGY_FILES = ("budgetkg.ttl", "topics.ttl")

_NOT_A_STORE = "not a budgetkg store (no Oxigraph database here); create one with build --store"


@dataclass(frozen=True, slots=True)
class StoreSummary:
    """What :func:`load_into_store` did."""

    directory: Path
    added: int  # disclosure graphs that were not in the store before
    replaced: int  # disclosure graphs that were replaced
    quads: int  # quads written (disclosures and ontology)
    graphs: int  # named graphs in the store afterwards, the ontology graph included
    unchanged: int = 0  # of the replaced graphs, those that already held the build's quads

    def counts(self) -> str:
        """``5 graph(s) added, 1 replaced (1 unchanged)``."""
        same = f" ({self.unchanged} unchanged)" if self.unchanged else ""
        return f"{self.added} graph(s) added, {self.replaced} replaced{same}"

    def line(self) -> str:
        return f"store {self.directory}: {self.counts()}, {self.graphs} named graph(s) in total"


def is_store(directory: Path) -> bool:
    """Whether ``directory`` holds an Oxigraph (RocksDB) database."""
    return directory.is_dir() and (directory / "CURRENT").is_file()


def check_store_directory(directory: Path) -> None:
    """Raise :class:`InputError` unless ``directory`` is a store, empty or absent.

    Creates nothing: :func:`budgetkg.build.build` calls it before parsing.
    """
    directory = Path(directory)
    if directory.exists() and not is_store(directory):
        if not directory.is_dir():
            raise InputError(str(directory), "exists and is not a directory")
        if any(directory.iterdir()):
            raise InputError(
                str(directory),
                "exists, is not empty and is not a budgetkg store; refusing to write",
            )


def open_store(directory: Path, read_only: bool = False) -> ox.Store:
    """Open the store in ``directory``.

    Read-only: the directory must already be a store.  Read-write: it is created
    when missing or empty; an existing directory with other content is refused,
    so that a mistyped ``--store`` never scatters database files into it.
    Failures raise :class:`InputError` naming the directory.
    """
    directory = Path(directory)
    if read_only:
        if not is_store(directory):
            raise InputError(str(directory), _NOT_A_STORE)
    else:
        check_store_directory(directory)
    try:
        if read_only:
            return ox.Store.read_only(str(directory))
        directory.parent.mkdir(parents=True, exist_ok=True)  # Oxigraph makes only the last
        return ox.Store(str(directory))
    except OSError as exc:
        hint = "" if read_only else " (is another process using the store?)"
        raise InputError(str(directory), f"cannot open store{hint}: {exc}") from None


def ontology_quads() -> list[ox.Quad]:
    """The ontology and the topic scheme as quads in :data:`ONTOLOGY_GRAPH`.

    Blank nodes get canonical (RDFC-1.0) labels, so every call gives the same quads.
    """
    dataset = ox.Dataset()
    for name in ONTOLOGY_FILES:
        path = resource_path("ontology", name)
        for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            dataset.add(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset)


def graphs_of(quads: Iterable[ox.Quad]) -> dict[ox.NamedNode, list[ox.Quad]]:
    """Distinct quads grouped by named graph, in first-seen order of the graphs."""
    graphs: dict[ox.NamedNode, dict[ox.Quad, None]] = {}
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode):
            raise ValueError(f"quad outside a named graph: {q}")
        graphs.setdefault(q.graph_name, {})[q] = None
    return {g: list(qs) for g, qs in graphs.items()}


def _has_blank_nodes(quads: Iterable[ox.Quad]) -> bool:
    return any(
        isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads
    )


def _data_block(quads: Iterable[ox.Quad]) -> str:
    """``GRAPH <g> { … }`` blocks of ``quads`` for INSERT DATA / DELETE DATA."""
    body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert body is not None
    lines = split_lines(body.decode("utf-8"))  # not splitlines(): literals may hold U+2028
    # N-Quads line: "<s> <p> <o> <g> ." -> the graph is the last term before the dot
    blocks: dict[str, list[str]] = {}
    for line in lines:
        head, _, graph = line[: -len(" .")].rpartition(" ")
        blocks.setdefault(graph, []).append(head + " .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in blocks.items())


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> bool:
    """Make ``graph`` hold exactly ``quads`` (all in ``graph``); True if it existed before.

    Only the difference is written, as one update (``DELETE DATA`` + ``INSERT
    DATA``), i.e. one transaction.  SPARQL cannot delete blank nodes by label, so
    a difference with blank nodes is written as ``remove_graph`` + ``extend``.
    """
    if not store.contains_named_graph(graph):
        _check_graph(graph, quads)
        store.extend(quads)  # one transaction
        return False
    write_difference(store, graph, quads)
    return True


def _check_graph(graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
    if any(q.graph_name != graph for q in quads):
        raise ValueError(f"a quad is not in graph {graph}")


def write_difference(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> bool:
    """Write what makes the existing ``graph`` hold exactly ``quads``; False if it already did."""
    _check_graph(graph, quads)
    new = set(quads)
    old = set(store.quads_for_pattern(None, None, None, graph))
    removed, added = old - new, new - old
    if not removed and not added:
        return False
    if _has_blank_nodes(removed) or _has_blank_nodes(added):
        store.remove_graph(graph)
        store.extend(quads)
        return True
    operations = []
    if removed:
        operations.append(f"DELETE DATA {{\n{_data_block(removed)}\n}}")
    if added:
        operations.append(f"INSERT DATA {{\n{_data_block(added)}\n}}")
    store.update(" ;\n".join(operations))
    return True


class StoreLoader:
    """Load disclosures one by one into the store in ``directory`` (created if needed).

    A disclosure whose graph is new is spooled to an anonymous temporary file in
    the store directory, and :meth:`close` bulk loads all of them with one
    :meth:`pyoxigraph.Store.bulk_load`: one bulk load of the whole build pipelines
    parsing and index writing on several threads and ingests a few large sorted
    files instead of many small ones (in 64 MiB batches, loading 1,000 synthetic
    disclosures took ~1.5x as long and left a store ~1.6x as big, awaiting
    compaction).  The spool is on disk, not in memory, and disappears with the
    loader, so a build that fails before :meth:`close` adds no graph.  A
    disclosure that the store already holds is replaced at once by
    :func:`replace_graph`.  :meth:`close` also replaces the ontology graph and
    returns the summary.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        # what budgetkg last wrote, if nothing else wrote since (see budgetkg.store_digests)
        self.digests = read_digests(self.directory) if is_store(self.directory) else {}
        self.store = open_store(self.directory, read_only=False)
        discard_digests(self.directory)
        self.added = self.replaced = self.unchanged = self.written = 0
        self._spool: IO[bytes] | None = None  # N-Quads of the new graphs, not yet loaded
        self._spooled: set[str] = set()  # their graph IRIs

    def add(self, graph_iri: str, nquads: Payload, digest: str | None = None) -> None:
        """The named graph ``graph_iri`` is to hold exactly the quads of ``nquads``.

        ``digest`` is :func:`~budgetkg.store_digests.nquads_digest` of ``nquads`` (computed
        here when not given): a graph that budgetkg left with the same digest, in a store
        nobody wrote to since, is not read back.
        """
        graph = ox.NamedNode(graph_iri)
        if graph == ONTOLOGY_GRAPH:
            raise ValueError(f"a disclosure cannot use the ontology graph {graph}")
        digest = digest or nquads_digest(payload_bytes(nquads))
        self.written += payload_lines(nquads)
        if graph_iri in self._spooled:  # the same graph twice: load the first, replace it
            self.flush()
        known = self.digests.get(graph_iri)
        self.digests[graph_iri] = digest
        if self.store.contains_named_graph(graph):
            self.replaced += 1
            if known == digest:
                self.unchanged += 1
                return
            quads = ox.parse(payload_bytes(nquads), format=ox.RdfFormat.N_QUADS)
            if not write_difference(self.store, graph, list(quads)):
                self.unchanged += 1
            return
        self.added += 1
        if self._spool is None:
            # anonymous where the OS allows (Linux: O_TMPFILE), so nothing is left behind
            self._spool = tempfile.TemporaryFile(  # noqa: SIM115 (closed by flush)
                dir=self.directory, prefix=".load-", suffix=".nq"
            )
        append_payload(self._spool, nquads)
        self._spooled.add(graph_iri)

    def flush(self) -> None:
        """Bulk load the spooled graphs."""
        spool, self._spool, self._spooled = self._spool, None, set()
        if spool is None:
            return
        with spool:
            spool.seek(0)
            # lenient: the spool holds only N-Quads the build wrote from terms it minted and
            # escaped itself (or serialised with Oxigraph), so re-validating every IRI is
            # redundant; it is a quarter of the loading time (22 → 17 s for 2.16 M quads)
            self.store.bulk_load(spool, format=ox.RdfFormat.N_QUADS, lenient=True)

    def close(self) -> StoreSummary:
        self.flush()
        ontology = ontology_quads()
        replace_graph(self.store, ONTOLOGY_GRAPH, ontology)
        self.written += len(ontology)
        self.store.flush()
        graphs = sum(1 for _ in self.store.named_graphs())
        del self.store  # closes the database (if the files still change, the digests are void)
        write_digests(self.directory, self.digests)
        return StoreSummary(
            self.directory, self.added, self.replaced, self.written, graphs, self.unchanged
        )


def load_into_store(directory: Path, result: BuildResult) -> StoreSummary:
    """Load a build into the store in ``directory`` (created if needed).

    Every disclosure's named graph is replaced by the build's version; graphs of
    disclosures not in this build are left as they are.  The ontology graph is
    replaced too.
    """
    loader = StoreLoader(directory)
    for graph, quads in graphs_of(result.quads).items():
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert data is not None
        loader.add(graph.value, data)
    return loader.close()


def load_graph_file(store: ox.Store, path: Path) -> ox.RdfFormat:
    """Load an RDF file written by ``budgetkg build`` into ``store``, with the ontology.

    Dataset formats (TriG, N-Quads, JSON-LD) keep their named graphs; the triples
    of Turtle and N-Triples go to one named graph, the file's ``file:`` IRI (as
    :func:`budgetkg.query.load_graph_file` does), so that ``GRAPH ?g`` finds
    them.  Returns the file's format.  Bad files raise :class:`InputError`.
    """
    path = Path(path)
    try:
        rdf_format = FORMATS[format_for(path, None)]
    except UsageError:
        raise InputError(
            str(path), "unknown RDF file extension (.ttl, .nt, .trig, .nq, .jsonld)"
        ) from None
    if not path.is_file():
        raise InputError(str(path), "no such file")
    try:
        target = None if rdf_format.supports_datasets else ox.NamedNode(path.resolve().as_uri())
        store.bulk_load(path=path, format=rdf_format, to_graph=target)
    except (SyntaxError, ValueError) as exc:
        raise InputError(str(path), f"not valid {rdf_format.name}: {exc}") from None
    replace_graph(store, ONTOLOGY_GRAPH, ontology_quads())
    return rdf_format
