"""The streaming build: parallel = serial, batch behaviour, atomic output, statistics."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from budgetkg.build import build, build_graph, stats_of
from budgetkg.cli import main
from budgetkg.errors import InputError
from budgetkg.rdf.void import compute_stats_from_graph

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hebei"


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "nq", "jsonld"])
def test_parallel_and_serial_builds_are_byte_identical(fmt: str, tmp_path: Path) -> None:
    serial, parallel = tmp_path / f"s.{fmt}", tmp_path / f"p.{fmt}"
    build([CORPUS], serial, jobs=1)
    build([CORPUS], parallel, jobs=2)
    assert serial.read_bytes() == parallel.read_bytes()


def test_streamed_jsonld_is_the_whole_dataset_serialised(tmp_path: Path) -> None:
    """JSON-LD is written document by document (budgetkg.rdf.stream.jsonld_members), no
    longer held in memory: the file is byte for byte Oxigraph's serialisation of the whole
    dataset, and an empty build is an empty array."""
    nq, jsonld = tmp_path / "g.nq", tmp_path / "g.jsonld"
    build([CORPUS], nq, jobs=2)
    build([CORPUS], jsonld, jobs=2)
    whole = ox.serialize(ox.parse(path=str(nq)), format=ox.RdfFormat.JSON_LD)
    assert jsonld.read_bytes() == whole
    assert len(json.loads(jsonld.read_bytes())) == 5  # one graph object per disclosure


def test_streamed_statistics_equal_an_independent_count(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    summary = build([CORPUS], out, jobs=2)
    reference = compute_stats_from_graph(rdflib.Graph().parse(out))
    streamed = stats_of(build_graph([CORPUS])).stats()
    assert summary.triples == reference.triples == streamed.triples
    assert streamed.distinct_subjects == reference.distinct_subjects
    assert streamed.distinct_objects == reference.distinct_objects
    assert streamed.classes == reference.classes
    assert streamed.properties == reference.properties


@pytest.mark.parametrize("fmt", ["ttl", "nq"])
def test_the_triple_count_does_not_depend_on_the_catalog(fmt: str, tmp_path: Path) -> None:
    """Regression: statistics are gathered only for a catalog; the count is kept without one."""
    plain = build([CORPUS], tmp_path / f"a.{fmt}", jobs=2)
    described = build([CORPUS], tmp_path / f"b.{fmt}", catalog=tmp_path / "c.ttl", jobs=2)
    union = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(tmp_path / f"a.{fmt}"))}
    assert plain.triples == described.triples == len(union) > 10_000


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("000_b9b1c81c3101a224.txt", "004_d62c5ad780f3e02c.txt"):
        shutil.copy(CORPUS / name, folder / name)
    (folder / "broken.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200))
    return folder


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "g.nq")])
    assert result.exit_code == 2
    assert "broken.txt: binary file" in result.stderr
    assert "2 document(s)" in result.stdout and "1 file(s) failed" in result.stdout
    graphs = {
        q.graph_name for q in ox.parse((tmp_path / "g.nq").read_bytes(), ox.RdfFormat.N_QUADS)
    }
    assert len(graphs) == 2


def test_strict_stops_and_writes_nothing(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    with pytest.raises(InputError, match=r"broken\.txt"):
        build([folder], tmp_path / "g.ttl", strict=True, store=tmp_path / "store")
    assert not (tmp_path / "g.ttl").exists()
    assert not (tmp_path / "store").exists()
    result = CliRunner().invoke(
        main, ["build", str(folder), "-o", str(tmp_path / "g.ttl"), "--strict"]
    )
    assert result.exit_code == 2
    assert not list(tmp_path.glob("g.ttl*")) and not list(tmp_path.glob(".g.ttl*"))


def test_nothing_readable_is_an_error_with_no_output(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        build([tmp_path / "a.txt"], tmp_path / "g.ttl")
    assert not (tmp_path / "g.ttl").exists()


def test_an_interrupted_build_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    # jobs=1 maps in this process; Ctrl-C arrives while the documents are being mapped
    monkeypatch.setattr("budgetkg.pipeline.disclosure_graph", boom)
    with pytest.raises(KeyboardInterrupt):
        build([CORPUS], tmp_path / "g.ttl", jobs=1)
    assert list(tmp_path.iterdir()) == []


def test_duplicate_department_and_year_is_reported(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        shutil.copy(CORPUS / "000_b9b1c81c3101a224.txt", tmp_path / name)
    summary = build([tmp_path], tmp_path / "out" / "g.ttl")
    assert summary.documents == 1
    assert len(summary.failures) == 1 and "same department and year" in summary.failures[0].reason


def test_no_progress_bar_when_not_a_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(CORPUS), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 0
    assert "building" not in result.stderr  # CliRunner's stderr is not a terminal
