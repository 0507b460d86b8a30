"""The persistent store: one named graph per disclosure, replaced exactly on re-ingest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.build import BuildResult, build, build_graph
from budgetkg.cli import main
from budgetkg.errors import InputError
from budgetkg.rdf.mapping import disclosure_iri
from budgetkg.store import (
    ONTOLOGY_GRAPH,
    graphs_of,
    load_graph_file,
    load_into_store,
    ontology_quads,
    open_store,
    replace_graph,
)
from conftest import CORPUS_DIR, corpus_path

BKG = "https://w3id.org/budgetkg/ontology#"
XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.fixture(scope="module")
def corpus_build() -> BuildResult:
    return build_graph([CORPUS_DIR])


def snapshot(directory: Path) -> dict[ox.NamedNode | ox.BlankNode, set[ox.Quad]]:
    """Every named graph of the store with its quads."""
    store = open_store(directory, read_only=True)
    return {g: set(store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


def test_corpus_loads_as_one_graph_per_disclosure_plus_ontology(
    corpus_build: BuildResult, tmp_path: Path
) -> None:
    summary = load_into_store(tmp_path / "store", corpus_build)
    assert (summary.added, summary.replaced, summary.graphs) == (5, 0, 6)
    graphs = snapshot(tmp_path / "store")
    assert len(graphs) == 5 + 1
    expected = {g: set(qs) for g, qs in graphs_of(corpus_build.quads).items()}
    expected[ONTOLOGY_GRAPH] = set(ontology_quads())
    assert graphs == expected  # every quad exactly as built, no other graph
    # the graph IRI is the disclosure IRI (department + year), e.g. 000's
    assert disclosure_iri(corpus_build.disclosures[0]) in graphs


def test_reingesting_a_revised_disclosure_changes_its_figures_and_nothing_else(
    corpus_build: BuildResult, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    load_into_store(store, corpus_build)
    before = snapshot(store)

    # 000, line 44 prints the total income: 2020年预算收入691.88万元 = 6 918 800 yuan.
    # A "revised" copy (same department and year, in another folder) says 701.88万元.
    original = corpus_path("000")
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    assert "2020年预算收入691.88万元" in lines[43]
    lines[43] = lines[43].replace("691.88万元", "701.88万元")
    revised = tmp_path / "revised" / original.name
    revised.parent.mkdir()
    revised.write_bytes("".join(lines).encode("utf-8"))

    summary = load_into_store(store, build_graph([revised]))
    assert (summary.added, summary.replaced, summary.graphs) == (0, 1, 6)
    after = snapshot(store)

    assert corpus_build.disclosures[0].source_file == original.name
    graph = disclosure_iri(corpus_build.disclosures[0])
    assert set(after) == set(before)
    for g in before:
        if g != graph:
            assert after[g] == before[g], f"{g} changed"

    line = ox.NamedNode(f"{graph.value}/line/TotalIncome")

    def quad(s: ox.NamedNode, p: str, o: ox.Literal) -> ox.Quad:
        return ox.Quad(s, ox.NamedNode(BKG + p), o, graph)

    old_sha = hashlib.sha256(original.read_bytes()).hexdigest()
    new_sha = hashlib.sha256(revised.read_bytes()).hexdigest()
    assert before[graph] - after[graph] == {
        quad(line, "amount", ox.Literal("6918800", datatype=XSD_DECIMAL)),
        quad(line, "printedAmount", ox.Literal("691.88万元")),
        quad(graph, "sha256", ox.Literal(old_sha)),
    }
    assert after[graph] - before[graph] == {
        quad(line, "amount", ox.Literal("7018800", datatype=XSD_DECIMAL)),
        quad(line, "printedAmount", ox.Literal("701.88万元")),
        quad(graph, "sha256", ox.Literal(new_sha)),
    }

    # re-ingesting the original restores the store exactly
    load_into_store(store, build_graph([original]))
    assert snapshot(store) == before


def test_build_command_loads_a_store(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "store"
    result = runner.invoke(main, ["build", str(corpus_path("000")), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"store {store}" in result.output and "1 graph(s) added" in result.output
    result = runner.invoke(
        main, ["build", str(CORPUS_DIR), "--store", str(store), "-o", str(tmp_path / "all.nq")]
    )
    assert result.exit_code == 0, result.output
    assert "4 graph(s) added, 1 replaced" in result.output and "all.nq" in result.output
    assert len(snapshot(store)) == 6
    assert (tmp_path / "all.nq").is_file()


def test_a_store_in_a_directory_that_does_not_exist_yet(tmp_path: Path) -> None:
    # regression: Oxigraph creates only the store directory itself, and the missing parent
    # was reported as "cannot open store (is another process using the store?)"
    store = tmp_path / "new" / "deep" / "store"
    result = CliRunner().invoke(
        main, ["build", str(corpus_path("000")), "--store", str(store), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert len(snapshot(store)) == 2


def test_build_needs_an_output_or_a_store(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(CORPUS_DIR)])
    assert result.exit_code == 2
    assert "--store" in result.output
    with pytest.raises(Exception, match="-o"):
        build([CORPUS_DIR])


def test_build_refuses_a_directory_that_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(CORPUS_DIR), "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert str(tmp_path) in result.output and "not a budgetkg store" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_bad_input_leaves_no_store_behind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(bad), "--store", str(tmp_path / "new")])
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("make", ["missing", "empty", "file"])
def test_opening_a_non_store_read_only_names_the_directory(tmp_path: Path, make: str) -> None:
    target = tmp_path / "x"
    if make == "empty":
        target.mkdir()
    elif make == "file":
        target.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a budgetkg store") as info:
        open_store(target, read_only=True)
    assert str(target) in str(info.value)


def test_read_only_store_refuses_writes(corpus_build: BuildResult, tmp_path: Path) -> None:
    load_into_store(tmp_path / "store", corpus_build)
    store = open_store(tmp_path / "store", read_only=True)
    with pytest.raises(RuntimeError):
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_graph_file_loads_with_the_ontology(corpus_build: BuildResult, tmp_path: Path) -> None:
    trig = tmp_path / "corpus.trig"
    build([CORPUS_DIR], trig)
    store = ox.Store()
    load_graph_file(store, trig)
    graphs = set(store.named_graphs())
    assert graphs == set(graphs_of(corpus_build.quads)) | {ONTOLOGY_GRAPH}
    turtle = tmp_path / "corpus.ttl"
    build([CORPUS_DIR], turtle)
    store = ox.Store()
    load_graph_file(store, turtle)
    file_graph = ox.NamedNode(turtle.resolve().as_uri())
    assert set(store.named_graphs()) == {file_graph, ONTOLOGY_GRAPH}
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 0
    with pytest.raises(InputError, match="extension"):
        load_graph_file(ox.Store(), tmp_path / "corpus.xyz")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.ttl"):
        load_graph_file(ox.Store(), broken)


def test_replace_graph_with_and_without_blank_nodes(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store")
    g, other = ox.NamedNode("urn:g"), ox.NamedNode("urn:other")
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    keep = ox.Quad(s, p, ox.Literal("kept"), other)
    store.add(keep)
    first = [ox.Quad(s, p, ox.Literal(str(i)), g) for i in range(3)]
    assert replace_graph(store, g, first) is False
    second = [*first[1:], ox.Quad(s, p, ox.Literal('new "quoted"\nline', language="zh"), g)]
    assert replace_graph(store, g, second) is True
    assert set(store.quads_for_pattern(None, None, None, g)) == set(second)
    blank = [ox.Quad(ox.BlankNode("b0"), p, ox.Literal("x"), g), first[0]]
    replace_graph(store, g, blank)
    assert set(store.quads_for_pattern(None, None, None, g)) == set(blank)
    assert set(store.quads_for_pattern(None, None, None, other)) == {keep}
