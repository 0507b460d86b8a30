"""The fast engine (budgetkg.shacl) reports exactly what pyshacl reports.

Compared record by record — focus, shape, path, value, severity, messages (numbers a query
computes may differ in form: 45000 and 45000.0), location — on every
invalid example of tests/test_shapes.py, the valid example, the corpus, a corrupted corpus file
and a graph split by provenance; plus the engine's own pieces.
"""

from __future__ import annotations

import itertools
import multiprocessing
import re
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from budgetkg.build import build_graph
from budgetkg.ingest import split_lines
from budgetkg.rdf.export import serialize
from budgetkg.shacl import UnsupportedShape, compile_shapes
from budgetkg.shacl.run import fast_validate_unit
from budgetkg.shacl.terms import literal, number, split_line, split_text, text, well_formed
from budgetkg.validate import shapes_graph, validate
from budgetkg.validate_report import Report, Result
from budgetkg.validate_stream import (
    _group_lines,
    _rest_of_run,
    byte_ranges,
    graph_label,
    validate_nquads,
)
from conftest import CORPUS_DIR
from test_shapes import invalid, valid  # noqa: F401  (fixtures)
from test_validate import _corrupt, corpus_trig  # noqa: F401  (fixture)

_DECIMAL = re.compile(r"(\d+)\.(\d*?)0*(?!\d)")


def _canonical(r: Result) -> Result:
    """Numbers in messages in canonical form (the one difference the engines may show)."""

    def canonical(message: str) -> str:
        return _DECIMAL.sub(lambda m: m[1] + (f".{m[2]}" if m[2] else ""), message)

    return replace(r, message_en=canonical(r.message_en), message_zh=canonical(r.message_zh))


def _same(fast: Report, reference: Report) -> None:
    assert [_canonical(r) for r in fast.results] == [_canonical(r) for r in reference.results]
    assert fast.documents == reference.documents
    assert fast.triples == reference.triples


def test_the_invalid_examples(invalid: tuple[Graph, set[object]]) -> None:  # noqa: F811
    fast = validate(invalid[0], whole_graph=True, engine="fast")
    assert len(fast.results) > 100
    _same(fast, validate(invalid[0], whole_graph=True, engine="pyshacl"))


def test_the_valid_example(valid: Graph) -> None:  # noqa: F811
    fast = validate(valid, engine="fast")
    assert fast.results == ()
    _same(fast, validate(valid, engine="pyshacl"))


def test_the_corpus(corpus_trig: Path) -> None:  # noqa: F811
    fast = validate(corpus_trig, engine="fast", jobs=2)
    assert fast.counts == {"Violation": 0, "Warning": 82, "Info": 122}
    _same(fast, validate(corpus_trig, engine="pyshacl", jobs=2))


def test_a_corrupted_disclosure_split_by_provenance(tmp_path: Path) -> None:
    """A flat N-Triples file (no named graphs): the units are cut along prov:wasDerivedFrom."""
    corrupted = _corrupt(tmp_path, "000", "基本支出357.51万元→基本支出358.51万元", line=47)
    quads = build_graph([corrupted, *sorted(CORPUS_DIR.glob("00[34]*.txt"))]).quads
    flat = tmp_path / "flat.nt"
    flat.write_bytes(
        ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
            format=ox.RdfFormat.N_TRIPLES,
        )
        or b""
    )
    fast = validate(flat, engine="fast", jobs=1)
    assert fast.counts["Violation"] == 2 and len(fast.documents) == 3
    _same(fast, validate(flat, engine="pyshacl", jobs=1))


def test_unknown_engine_is_a_usage_error(valid: Graph) -> None:  # noqa: F811
    from budgetkg.errors import UsageError

    with pytest.raises(UsageError, match="unknown validation engine"):
        validate(valid, engine="jena")


# ---------------------------------------------------------------------------------------------
# The engine's pieces
# ---------------------------------------------------------------------------------------------


def test_every_shape_is_compiled() -> None:
    compiled = compile_shapes(shapes_graph())
    g = shapes_graph()
    assert {s.iri[1:-1] for s in compiled.shapes} == {
        str(s) for s in g.subjects(RDF.type, SH.NodeShape)
    }
    properties = {p.iri for s in compiled.shapes for p in s.properties}
    assert {p[1:-1] for p in properties} == {str(p) for p in g.objects(None, SH.property)}
    assert sum(len(s.sparql) for s in compiled.shapes) == len(set(g.objects(None, SH.sparql)))


@pytest.mark.parametrize(
    "feature",
    [(SH["or"], RDF.nil), (SH.qualifiedValueShape, URIRef("urn:x")), (SH.equals, RDF.type)],
)
def test_a_shape_with_an_unsupported_feature_is_refused(feature: tuple[URIRef, URIRef]) -> None:
    g = Graph()
    g += shapes_graph()
    g.add((URIRef("https://w3id.org/budgetkg/shapes#labelOne"), *feature))
    with pytest.raises(UnsupportedShape, match="not supported"):
        compile_shapes(g)


def test_a_property_shape_with_a_path_expression_is_refused() -> None:
    g = Graph()
    g += shapes_graph()
    shape = URIRef("https://w3id.org/budgetkg/shapes#labelOne")
    g.remove((shape, SH.path, None))
    g.add((shape, SH.path, Literal("not a path")))
    with pytest.raises(UnsupportedShape, match="predicate paths"):
        compile_shapes(g)


def test_lines_and_literals() -> None:
    assert split_line('<a> <b> "x y"@zh .') == ("<a>", "<b>", '"x y"@zh')
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert split_line(f'<a> <b> "x"^^<{xsd}string> .') == ("<a>", "<b>", '"x"')
    assert split_line("# comment") is None
    assert split_line('<a>\t<b>  "x y"@zh\t.') == ("<a>", "<b>", '"x y"@zh')  # regression
    assert split_line("<a> <b> <c>.") == ("<a>", "<b>", "<c>")
    with pytest.raises(SyntaxError, match="not an N-Triples line"):
        split_line("<a> <b> .")
    assert literal(r'"a\"b\u4E2D\n"') == ('a"b中\n', xsd + "string", None)
    assert literal(f'"1.50"^^<{xsd}decimal>') == ("1.50", xsd + "decimal", None)
    assert text("<http://x/y>") == "http://x/y" and text('"t"@en') == "t"
    assert number(f'"1.50"^^<{xsd}decimal>') == number(f'"3"^^<{xsd}integer>') / 2
    assert number(f'"1,5"^^<{xsd}decimal>') is None and number('"1.5"') is None


def _split_each_line(text: str) -> list[tuple[str, str, str]]:
    return [t for t in map(split_line, split_lines(text)) if t is not None]


def test_split_text_equals_splitting_each_line(corpus_nq: Path) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    lines = corpus_nq.read_text(encoding="utf-8").split("\n")[:3000]
    canonical = "".join(line.rsplit(" ", 2)[0] + " .\n" for line in lines if line)
    assert len(split_text(canonical)) == canonical.count("\n") > 2000
    variants = {
        "canonical": canonical,
        "xsd:string": canonical.replace('"@zh .', f'"^^<{xsd}string> .', 40),
        "U+2028 in a literal": canonical.replace('"@zh .', '\u2028x"@zh .', 1),
        "CRLF": canonical.replace(".\n", ".\r\n", 7),
        "comment and blank line": canonical.replace(".\n", ".\n# note\n\n", 3),
        "two spaces": canonical.replace("> <", ">  <", 5),
        "tabs": canonical.replace("> <", ">\t<", 5).replace("> .\n", ">\t.\n", 5),
        "no final newline": canonical[:-1],
        "space before the dot": canonical.replace(" .\n", "   .\n", 9),
        "empty": "",
    }
    for name, data in variants.items():
        assert split_text(data) == _split_each_line(data), name
    for name in ("CRLF", "two spaces", "tabs", "no final newline", "space before the dot"):
        assert split_text(variants[name]) == split_text(canonical), name  # the same triples


@pytest.mark.parametrize(
    ("lexical", "datatype", "ok"),
    [
        ("12", "integer", True), ("1.5", "integer", False), ("-.5", "decimal", True),
        ("1e3", "decimal", False), ("2024-02-29", "date", True), ("2023-02-29", "date", False),
        ("2024", "gYear", True), ("24", "gYear", False), ("true", "boolean", True),
        ("yes", "boolean", False), ("anything", "string", True),
    ],
)  # fmt: skip
def test_lexical_forms(lexical: str, datatype: str, ok: bool) -> None:
    assert well_formed(lexical, "http://www.w3.org/2001/XMLSchema#" + datatype) is ok


# ---------------------------------------------------------------------------------------------
# Streaming N-Quads (budgetkg.validate_stream)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_nq(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nq") / "hebei.nq"
    out.write_bytes(serialize(build_graph([CORPUS_DIR]).quads, "nq"))
    return out


def test_a_build_nquads_file_is_streamed_in_ranges(corpus_nq: Path) -> None:
    ranges = byte_ranges(corpus_nq, chunk=200_000)
    assert len(ranges) == 5  # one per disclosure: a range never cuts a graph
    assert ranges[0][0] == 0 and ranges[-1][1] == corpus_nq.stat().st_size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    result = validate_nquads([corpus_nq], 2, fast_validate_unit, multiprocessing.get_context())
    assert result is not None and len(result[0]) == 5


def _reference_cuts(data: bytes, chunk: int) -> list[tuple[int, int]]:
    """byte_ranges as specified: from each ``chunk`` offset, the first line (after the first
    line starting at or after the offset) whose graph_label differs from the line before's."""
    lines = data.splitlines(keepends=True)
    starts = list(itertools.accumulate((len(line) for line in lines[:-1]), initial=0))
    labels = [graph_label(line) for line in lines]
    cuts, offset = [0], chunk
    while offset < len(data):
        first = next((i for i, at in enumerate(starts) if at >= offset), len(lines))
        changes = (k for k in range(first + 1, len(lines)) if labels[k] != labels[k - 1])
        cut = starts[k] if (k := next(changes, None)) is not None else len(data)
        if cut > cuts[-1]:
            cuts.append(cut)
        offset = max(cut, offset) + chunk
    if cuts[-1] != len(data):
        cuts.append(len(data))
    return list(itertools.pairwise(cuts))


@pytest.mark.parametrize("chunk", [3_000, 50_000])
def test_ranges_are_cut_where_the_graph_changes(
    corpus_nq: Path, tmp_path: Path, chunk: int
) -> None:
    """Regression companion of the fast path in _boundary (a line ending in the previous
    line's graph label is taken as the same graph without reading the label): the cuts are the
    line-by-line ones, also around a triple whose object is the graph (a default-graph line)."""
    lines = corpus_nq.read_bytes().splitlines(keepends=True)
    label = graph_label(lines[0])
    assert label is not None
    for at in range(40, len(lines), 997):
        lines.insert(at, b"<https://example.org/s> <https://example.org/p> " + label + b" .\n")
    edited = tmp_path / "edited.nq"
    edited.write_bytes(b"".join(lines))
    for path in (corpus_nq, edited):
        ranges = byte_ranges(path, chunk=chunk)
        assert ranges == _reference_cuts(path.read_bytes(), chunk)
        assert len(ranges) >= 5


def test_streamed_equals_read_whole(corpus_nq: Path, corpus_trig: Path) -> None:  # noqa: F811
    streamed = validate(corpus_nq, jobs=2)
    _same(streamed, validate(corpus_trig, jobs=2))
    assert streamed.results == validate(corpus_trig, jobs=2).results


def test_a_file_with_a_graph_in_two_places_is_read_whole(corpus_nq: Path, tmp_path: Path) -> None:
    lines = corpus_nq.read_bytes().splitlines(keepends=True)
    shuffled = tmp_path / "shuffled.nq"
    shuffled.write_bytes(b"".join(lines[1::2] + lines[0::2]))
    assert validate_nquads([shuffled], 1, fast_validate_unit, multiprocessing.get_context()) is None
    _same(validate(shuffled, jobs=1), validate(corpus_nq, jobs=1))


@pytest.mark.parametrize(
    ("line", "label"),
    [
        (b'<s> <p> "a b" <g> .\n', b"<g>"),
        (b"<s> <p> <o> <g> .", b"<g>"),
        (b"<s> <p> <o> .", None),
        (b'<s> <p> "x"^^<http://www.w3.org/2001/XMLSchema#decimal> .', None),
        (b'<s> <p> "a <b>"^^<dt> .', None),
        (b"<s> <p> <o> _:g .", None),
        (b"# comment", None),
        (b'<s>\t<p>\t"a b"\t<g>\t.', b"<g>"),  # regression: a tab before the label
        (b'<s> <p> "a b"\t<g> .', b"<g>"),
        (b"<s> <p>\t<o> .", None),
        (b"<s>  <p> <g> .", None),  # two terms, wider spacing: a triple whose object is <g>
    ],
)
def test_graph_label(line: bytes, label: bytes | None) -> None:
    assert graph_label(line) == label


def _wider_before_stop(line: bytes) -> bytes:
    """``line`` with three spaces before its full stop (N-Quads allows any run)."""
    return line.rstrip(b"\r\n").removesuffix(b" .") + b"   .\n"


def _reference_groups(data: bytes) -> dict[bytes, list[bytes]]:
    """Line by line: every line's graph label and ``s p o`` (what _group_lines must give)."""
    groups: dict[bytes, list[bytes]] = {}
    for line in data.splitlines():
        if not line.strip() or line.lstrip().startswith(b"#"):
            continue
        label = graph_label(line)
        assert label is not None
        body = line.rstrip()[:-1].rstrip()
        groups.setdefault(label, []).append(body[: len(body) - len(label)].rstrip())
    return groups


def _with_other_layouts(data: bytes) -> bytes:
    """Comments, blank lines, CRLF and wider spacing sprinkled through the graphs' runs."""
    lines = data.splitlines(keepends=True)
    for i in range(len(lines) - 1, 0, -97):
        lines.insert(i, b"# a comment inside a run\n\n")
    for i in range(5, len(lines), 89):
        lines[i] = lines[i].rstrip(b"\n") + b"\r\n"
    for i in range(7, len(lines), 101):
        lines[i] = _wider_before_stop(lines[i])
    return b"".join(lines)


def test_graph_runs_are_cut_as_line_by_line(corpus_nq: Path) -> None:
    data = _with_other_layouts(corpus_nq.read_bytes())
    assert _group_lines(corpus_nq, 0, corpus_nq.read_bytes()) == _reference_groups(
        corpus_nq.read_bytes()
    )
    assert _group_lines(corpus_nq, 0, data) == _reference_groups(data)


def test_a_run_with_other_spacing_but_no_blank_line_is_cut_as_line_by_line(
    corpus_nq: Path,
) -> None:
    """Regression guard for the window-by-window count in ``_rest_of_run``: a CRLF line or a
    line with wider spacing before the last line of a window that ends in the run's suffix
    must not be taken into the run (a blank line would be caught by another check)."""
    lines = corpus_nq.read_bytes().splitlines(keepends=True)
    for i in range(5, len(lines), 89):
        lines[i] = lines[i].rstrip(b"\n") + b"\r\n"
    for i in range(7, len(lines), 101):
        lines[i] = _wider_before_stop(lines[i])
    data = b"".join(lines)
    assert _group_lines(corpus_nq, 0, data) == _reference_groups(data)


def test_every_line_with_a_tab_before_its_graph_is_cut_as_line_by_line(corpus_nq: Path) -> None:
    """Regression: the label after a tab was not found, so such a file went to the whole-file
    reader (200 synthetic disclosures: 20.6 s against 3.8 s now).  No line is in the build's
    layout, so each is looked at alone."""
    lines = corpus_nq.read_bytes().splitlines(keepends=True)
    data = b"".join(b"\t<".join(line.rsplit(b" <", 1)) for line in lines)
    assert data.count(b"\t") == len(lines) > 1000
    assert _group_lines(corpus_nq, 0, data) == _reference_groups(data)


def test_a_run_keeps_the_lines_before_one_in_another_layout(corpus_nq: Path) -> None:
    """The run stops at the first line that does not end in the suffix; the lines before it,
    over several windows, are the run (they used to be given up when a later window held the
    odd line)."""
    lines = corpus_nq.read_bytes().splitlines(keepends=True)
    label = graph_label(lines[0])
    assert label is not None
    suffix = b" " + label + b" ."
    run = list(itertools.takewhile(lambda line: line.endswith(suffix + b"\n"), lines))
    assert len(run) > 500
    odd = 400
    lines[odd] = _wider_before_stop(lines[odd])
    data = b"".join(lines)
    found = _rest_of_run(data, 0, suffix)
    assert found is not None
    cut, pos = found
    assert 0 < len(cut) <= odd
    assert cut == [line.removesuffix(suffix + b"\n") for line in lines[: len(cut)]]
    assert pos == sum(map(len, lines[: len(cut)]))
    assert _rest_of_run(data, sum(map(len, lines[:odd])), suffix) is None


def test_other_layouts_validate_as_the_build_file(corpus_nq: Path, tmp_path: Path) -> None:
    other = tmp_path / "layouts.nq"
    other.write_bytes(_with_other_layouts(corpus_nq.read_bytes()))
    assert validate_nquads([other], 1, fast_validate_unit, multiprocessing.get_context())
    _same(validate(other, jobs=1), validate(corpus_nq, jobs=1))


def _respaced(data: bytes, separators: tuple[bytes, bytes, bytes]) -> bytes:
    """Every 7th line whose object is a literal with a space in it written with ``separators``
    between its four terms (N-Quads allows any run of spaces and tabs there)."""
    lines = data.splitlines(keepends=True)
    quads = [line.removesuffix(b" .\n").split(b" ", 2) for line in lines]  # single spaces
    spaced = [i for i, (_, _, rest) in enumerate(quads) if rest.startswith(b'"') and b" " in rest]
    a, b, c = separators
    for i in spaced[3::7]:
        s, p, rest = quads[i]
        o, g = rest.rsplit(b" ", 1)
        if b" " in o:
            lines[i] = s + a + p + b + o + c + g + b" .\n"
    return b"".join(lines)


@pytest.mark.parametrize(
    "separators",
    [
        (b"\t", b" ", b" "),
        (b"  ", b"  ", b"  "),
        (b" ", b" \t ", b"   "),
        (b" ", b" ", b"\t"),
    ],
    ids=["tab-after-subject", "two-spaces", "tab-and-three-spaces", "tab-before-graph"],
)
def test_tabs_and_wider_spacing_between_terms_validate_as_the_build_file(
    corpus_nq: Path, tmp_path: Path, separators: tuple[bytes, bytes, bytes]
) -> None:
    """Regression: in a graph's run, a line with a tab after its subject was split at its
    first space (the subject took the predicate, the predicate a word of the literal), and one
    with two spaces between its terms kept spaces in its predicate and object: false
    violations, all of them.  A tab before the graph label hid the label, so the whole file
    went to the slower whole-file reader."""
    other = tmp_path / "respaced.nq"
    other.write_bytes(_respaced(corpus_nq.read_bytes(), separators))
    assert other.read_bytes() != corpus_nq.read_bytes()
    assert validate_nquads([other], 1, fast_validate_unit, multiprocessing.get_context())
    _same(validate(other, jobs=1), validate(corpus_nq, jobs=1))


def _respelled(data: bytes) -> bytes:
    """The same quads spelled otherwise than Oxigraph writes them, on some lines: an IRI with
    a ``\\u`` escape, a literal's character as ``\\u`` escape, an upper-case language tag, an
    explicit ``^^xsd:string``."""
    xsd_string = b"^^<http://www.w3.org/2001/XMLSchema#string>"
    lines = data.splitlines(keepends=True)
    for i in range(3, len(lines), 5):
        line = lines[i]
        if i % 4 == 3 and line.startswith(b"<https://w3id.org/budgetkg/id/d"):
            line = line.replace(b"/id/d", b"/id/\\u0064", 1)  # <…/id/\u0064isclosure/…>
        elif i % 4 == 0 and b'"@zh <' in line:
            line = line.replace(b'"@zh <', b'"@ZH <', 1)
        elif i % 4 == 1 and b' "' in line:
            start = line.index(b' "') + 2
            first = line[start:].decode("utf-8")[0]
            if first not in '"\\':
                escaped = f"\\u{ord(first):04X}".encode()
                line = line[:start] + escaped + line[start + len(first.encode()) :]
        elif b'" <https://w3id.org/budgetkg/id/disclosure/' in line:
            line = line.replace(b'" <', b'"' + xsd_string + b" <", 1)
        lines[i] = line
    return b"".join(lines)


def test_other_spellings_of_the_same_terms_validate_as_the_build_file(
    corpus_nq: Path, tmp_path: Path
) -> None:
    """Regression: the fast engine compares terms as N-Triples text, so a node whose IRI one
    line spells with a ``\\u`` escape became a second node, and a language tag ``@ZH`` missed
    the shapes' ``@zh``: false violations (pyshacl, which parses the terms, found none).  A
    unit with a term Oxigraph would write otherwise is now written again by Oxigraph first."""
    other = tmp_path / "respelled.nq"
    other.write_bytes(_respelled(corpus_nq.read_bytes()))
    quads = set(ox.parse(path=str(other), format=ox.RdfFormat.N_QUADS))
    assert quads == set(ox.parse(path=str(corpus_nq), format=ox.RdfFormat.N_QUADS))
    for spelling in (b"/id/\\u0064", b'"@ZH <', b"#string> <", b'"\\u'):
        assert spelling in other.read_bytes(), spelling
    assert validate_nquads([other], 1, fast_validate_unit, multiprocessing.get_context())
    reference = validate(corpus_nq, jobs=1)
    assert reference.results
    respelled = validate(other, jobs=1)
    assert [_canonical(r) for r in respelled.results] == [_canonical(r) for r in reference.results]
    assert respelled.documents == reference.documents
    # the triple count is of distinct lines: a shared triple spelled two ways counts twice
    assert respelled.triples > reference.triples
    consistent = tmp_path / "upper-case.nq"  # each triple spelled one way: the exact count
    consistent.write_bytes(corpus_nq.read_bytes().replace(b'"@zh <', b'"@ZH <'))
    _same(validate(consistent, jobs=1), reference)


def test_a_triple_whose_object_is_the_graph_is_not_taken_for_a_quad(
    corpus_nq: Path, tmp_path: Path
) -> None:
    """Regression: ``<s> <p> <g> .`` (default graph) inside the run of graph <g> ends in the
    run's suffix; it must not be read as a quad of <g> with an empty object."""
    lines = corpus_nq.read_bytes().splitlines(keepends=True)
    label = graph_label(lines[0])
    assert label is not None
    lines.insert(3, b"<https://example.org/s> <https://example.org/p> " + label + b" .\n")
    mixed = tmp_path / "mixed.nq"
    mixed.write_bytes(b"".join(lines))
    assert validate_nquads([mixed], 1, fast_validate_unit, multiprocessing.get_context()) is None


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
@pytest.mark.parametrize(
    ("old", "new"),
    [(" <https://w3id.org/budgetkg/ontology#", " <https://w3id.org/budgetkg/onto{logy#"),
     ('"@zh <', '"@zh- <')],
)  # fmt: skip
def test_invalid_rdf_in_a_streamed_file_is_reported_with_its_line(
    corpus_nq: Path, tmp_path: Path, engine: str, old: str, new: str
) -> None:
    """Regression: a build-layout N-Quads file with an invalid IRI or language tag in one line
    was cut into units and the unit's parse error ended in a traceback (both engines)."""
    from click.testing import CliRunner

    from budgetkg.cli import main

    lines = corpus_nq.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if i > 300 and old in line)
    lines[at] = lines[at].replace(old, new, 1)
    bad = tmp_path / "bad.nq"
    bad.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--engine", engine, str(bad)])
    assert result.exit_code == 2 and not isinstance(result.exception, SyntaxError)
    assert f"{bad}: not valid N-Quads" in result.stderr and f"line {at + 1}" in result.stderr
