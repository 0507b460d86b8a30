"""StoreLoader: new graphs are spooled and bulk loaded at close, known ones replaced."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg.store
import budgetkg.store_digests
from budgetkg.errors import InputError
from budgetkg.store import ONTOLOGY_GRAPH, StoreLoader, open_store
from budgetkg.store_digests import DIGEST_FILE

P = ox.NamedNode("urn:p")


def nquads(graph: str, *values: str) -> bytes:
    data = ox.serialize(
        [ox.Quad(ox.NamedNode("urn:s"), P, ox.Literal(v), ox.NamedNode(graph)) for v in values],
        format=ox.RdfFormat.N_QUADS,
    )
    assert data is not None
    return data


def contents(directory: Path) -> dict[str, set[str]]:
    """Every data graph of the store (the ontology left out) with its literal values."""
    store = open_store(directory, read_only=True)
    return {
        g.value: {q.object.value for q in store.quads_for_pattern(None, None, None, g)}
        for g in store.named_graphs()
        if g != ONTOLOGY_GRAPH
    }


def test_new_graphs_are_loaded_at_close_and_known_ones_replaced(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    first = StoreLoader(directory)
    first.add("urn:g1", nquads("urn:g1", "a", "b"))
    first.add("urn:g2", nquads("urn:g2", "c"))
    assert not contents_of(first.store)  # spooled, not loaded yet
    summary = first.close()
    assert (summary.added, summary.replaced, summary.graphs) == (2, 0, 3)
    assert contents(directory) == {"urn:g1": {"a", "b"}, "urn:g2": {"c"}}

    second = StoreLoader(directory)
    second.add("urn:g3", nquads("urn:g3", "d"))
    second.add("urn:g1", nquads("urn:g1", "a", "e"))
    summary = second.close()
    assert (summary.added, summary.replaced, summary.graphs) == (1, 1, 4)
    assert summary.quads > 3  # the ontology's quads are counted too
    assert contents(directory) == {"urn:g1": {"a", "e"}, "urn:g2": {"c"}, "urn:g3": {"d"}}
    assert not [p for p in directory.iterdir() if p.name.startswith(".load-")]


def test_the_same_graph_twice_holds_the_last_version(tmp_path: Path) -> None:
    loader = StoreLoader(tmp_path / "store")
    loader.add("urn:g", nquads("urn:g", "old", "kept"))
    loader.add("urn:g", nquads("urn:g", "new", "kept"))
    summary = loader.close()
    assert (summary.added, summary.replaced) == (1, 1)
    assert contents(tmp_path / "store") == {"urn:g": {"new", "kept"}}


def test_a_loader_that_is_not_closed_adds_no_graph(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    StoreLoader(directory).close()
    loader = StoreLoader(directory)
    loader.add("urn:g", nquads("urn:g", "a"))
    del loader  # a failed build: the spool and the store are closed unloaded
    gc.collect()
    assert contents(directory) == {}
    assert not [p for p in directory.iterdir() if p.name.startswith(".load-")]


def contents_of(store: ox.Store) -> set[ox.NamedNode | ox.BlankNode]:
    return {g for g in store.named_graphs() if g != ONTOLOGY_GRAPH}


def _watch_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data graphs that the loader reads back to compare (the ontology's left out)."""
    compared: list[str] = []
    real = budgetkg.store.write_difference

    def compare(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> bool:
        if graph != ONTOLOGY_GRAPH:
            compared.append(graph.value)
        return real(store, graph, quads)

    monkeypatch.setattr(budgetkg.store, "write_difference", compare)
    return compared


def test_a_graph_budgetkg_left_unchanged_is_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "store"
    first = StoreLoader(directory)
    first.add("urn:g1", nquads("urn:g1", "a", "b"))
    first.add("urn:g2", nquads("urn:g2", "c"))
    first.close()
    assert (directory / DIGEST_FILE).is_file()
    open_store(directory, read_only=True).query("SELECT * WHERE { ?s ?p ?o }")  # a reader
    gc.collect()

    compared = _watch_comparisons(monkeypatch)
    second = StoreLoader(directory)
    second.add("urn:g1", nquads("urn:g1", "a", "b"))  # the same quads, rendered alike
    summary = second.close()
    assert compared == []
    assert (summary.added, summary.replaced, summary.unchanged) == (0, 1, 1)
    assert "1 replaced (1 unchanged)" in summary.line()
    assert contents(directory) == {"urn:g1": {"a", "b"}, "urn:g2": {"c"}}


def test_a_changed_graph_is_still_replaced_when_the_digests_are_valid(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    first = StoreLoader(directory)
    first.add("urn:g1", nquads("urn:g1", "a", "b"))
    first.close()
    second = StoreLoader(directory)
    second.add("urn:g1", nquads("urn:g1", "a", "z"))
    summary = second.close()
    assert (summary.replaced, summary.unchanged) == (1, 0)
    assert contents(directory) == {"urn:g1": {"a", "z"}}


def test_another_programs_write_voids_the_digests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph edited by another program since budgetkg wrote it is compared and restored,
    although the build's digest equals the one budgetkg recorded for it."""
    directory = tmp_path / "store"
    first = StoreLoader(directory)
    first.add("urn:g1", nquads("urn:g1", "a", "b"))
    first.close()
    other = ox.Store(str(directory))
    other.update('DELETE DATA { GRAPH <urn:g1> { <urn:s> <urn:p> "b" } }')
    del other
    gc.collect()
    assert contents(directory) == {"urn:g1": {"a"}}

    compared = _watch_comparisons(monkeypatch)
    second = StoreLoader(directory)
    second.add("urn:g1", nquads("urn:g1", "a", "b"))
    summary = second.close()
    assert compared == ["urn:g1"] and (summary.replaced, summary.unchanged) == (1, 0)
    assert contents(directory) == {"urn:g1": {"a", "b"}}


def test_a_loader_that_is_not_closed_leaves_no_digests(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    first = StoreLoader(directory)
    first.add("urn:g1", nquads("urn:g1", "a"))
    first.close()
    loader = StoreLoader(directory)
    assert not (directory / DIGEST_FILE).exists()  # removed before anything is written
    loader.add("urn:g1", nquads("urn:g1", "b"))
    del loader  # a failed build
    gc.collect()
    assert not (directory / DIGEST_FILE).exists()


def test_a_store_directory_that_refuses_the_digest_file_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(budgetkg.store_digests, "write_atomic", refuse)
    directory = tmp_path / "store"
    loader = StoreLoader(directory)
    loader.add("urn:g1", nquads("urn:g1", "a"))
    assert loader.close().added == 1
    assert contents(directory) == {"urn:g1": {"a"}}
    assert not (directory / DIGEST_FILE).exists()  # the next build compares every graph


def test_a_store_another_writer_holds_keeps_its_digests(tmp_path: Path) -> None:
    """A build that cannot open the store (another process writes to it) leaves the digests
    of the store as they were."""
    directory = tmp_path / "store"
    first = StoreLoader(directory)
    first.add("urn:g1", nquads("urn:g1", "a"))
    first.close()
    digests = (directory / DIGEST_FILE).read_bytes()
    writer = ox.Store(str(directory))
    with pytest.raises(InputError, match="another process"):
        StoreLoader(directory)
    assert (directory / DIGEST_FILE).read_bytes() == digests
    del writer
