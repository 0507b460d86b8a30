"""``budgetkg validate`` on the corpus: no violation, every warning explained, the per-disclosure
parallel run equal to one whole-graph pyshacl run, and corrupted disclosures caught at the right
file and line."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from budgetkg.build import build_graph
from budgetkg.cli import main
from budgetkg.rdf.export import serialize
from budgetkg.validate import load_quads, split_units, validate
from budgetkg.validate_report import Report, render_text
from conftest import CORPUS_DIR, corpus_path

SHAPES = "https://w3id.org/budgetkg/shapes#"
BKG = Namespace("https://w3id.org/budgetkg/ontology#")
VALID = Path(__file__).resolve().parent / "data" / "shapes" / "valid.ttl"


@pytest.fixture(scope="session")
def corpus_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph") / "hebei.trig"
    out.write_bytes(serialize(build_graph([CORPUS_DIR]).quads, "trig"))
    return out


@pytest.fixture(scope="session")
def corpus_report(corpus_trig: Path) -> Report:
    """The corpus validated the default way: one unit per named graph, two processes."""
    return validate(corpus_trig, jobs=2)


def _tally(report: Report, severity: str) -> Counter[tuple[str, str]]:
    return Counter(
        ((r.source_file or "?")[:3], r.shape.removeprefix(SHAPES))
        for r in report.results
        if r.severity == severity
    )


def test_the_corpus_has_no_violation(corpus_report: Report) -> None:
    assert corpus_report.conforms
    assert corpus_report.counts["Violation"] == 0
    assert [d.source_file for d in corpus_report.documents] == sorted(
        p.name for p in CORPUS_DIR.glob("*.txt")
    )


#: Every warning the corpus raises, per document and shape, and why it is right.
EXPECTED_WARNINGS = {
    # 001 prints its performance tables with the 指标值 cell merged into the next cell, so the
    # parser reads "≥95100%" / ">95100%" / "100100%" (≥95% and 100% run together) and keeps it as
    # text: a target with digits and no value is garbled (the parser's garbled-target warnings
    # name the same 64 rows).
    ("001", "GarbledTargetShape"): 64,
    # 001 copies two indicator tables across its projects: 9 projects share one table
    # (控制资金支出 100100% / 正常运行率 ≥95100% / 社会影响力 ≥95100% …) and 5 another
    # (保证工作正常进行 / 实发人数比率 / 支付及时率 …): boilerplate, not project-specific targets.
    ("001", "BoilerplateTableShape"): 14,
    # 002 prints four rows whose 一级指标 cell is empty above a row that says 效果指标 (lines
    # 524, 572, 997, 1091): the parser fills the empty merged cell from the row above (产出指标),
    # which contradicts the printed 二级指标 (社会效益 / 可持续影响 are 效果 types).
    ("002", "IndicatorLevelsShape"): 4,
}


def test_every_corpus_warning_is_listed_with_its_reason(corpus_report: Report) -> None:
    assert _tally(corpus_report, "Warning") == Counter(EXPECTED_WARNINGS)
    warnings = [r for r in corpus_report.results if r.severity == "Warning"]
    garbled = [r for r in warnings if r.shape.endswith("#GarbledTargetShape")]
    assert all(re.fullmatch(r'"[≥>]?(95|100)100%"@zh', r.value or "") for r in garbled)
    copied = Counter(
        re.search(r"that of (\d+) other", r.message_en).group(1)  # type: ignore[union-attr]
        for r in warnings
        if r.shape.endswith("#BoilerplateTableShape")
    )
    assert copied == {"8": 9, "4": 5}  # a group of 9 and a group of 5 identical tables
    levels = sorted(
        (r.source_line, r.label) for r in warnings if r.shape.endswith("#IndicatorLevelsShape")
    )
    assert levels == [
        (524, "排查整改率"),
        (572, "普及率"),
        (997, "可持续使用年限"),
        (1091, "兵役登记时限"),
    ]


def test_corpus_observations(corpus_report: Report) -> None:
    """Infos: projects printed without code or amount (002, 003, 004 print neither in their
    project tables), qualitative targets, and 003's 文号 whose brackets were lost."""
    assert _tally(corpus_report, "Info") == Counter(
        {
            ("000", "QualitativeTargetShape"): 7,
            ("003", "QualitativeTargetShape"): 18,
            ("004", "QualitativeTargetShape"): 2,
            ("002", "Project-codePrinted"): 23,
            ("003", "Project-codePrinted"): 22,
            ("004", "Project-codePrinted"): 2,
            ("002", "Project-amountPrinted"): 23,
            ("003", "Project-amountPrinted"): 22,
            ("004", "Project-amountPrinted"): 2,
            ("003", "RecoveredNumberShape"): 1,
        }
    )
    (recovered,) = [r for r in corpus_report.results if r.shape.endswith("#RecoveredNumberShape")]
    assert recovered.value == '"石办字〔2018〕19号"'


def test_per_disclosure_run_reports_exactly_what_one_whole_graph_run_reports(
    corpus_trig: Path, corpus_report: Report
) -> None:
    whole = validate(corpus_trig, whole_graph=True)
    assert len(corpus_report.results) == 204
    assert {r.key for r in corpus_report.results} == {r.key for r in whole.results}
    assert {(r.key, r.message_en) for r in corpus_report.results} == {
        (r.key, r.message_en) for r in whole.results
    }


def test_a_flat_graph_of_two_years_is_split_by_provenance(tmp_path: Path) -> None:
    """A Turtle file has no named graphs: units are cut by prov:wasDerivedFrom.  The same
    department in two years is one node with two sources, lines and duty lists; each unit keeps
    the department without the other year's links, and the results equal a whole-graph run."""
    source = corpus_path("004")
    later = tmp_path / "004_next_year.txt"
    later.write_text(
        source.read_text(encoding="utf-8").replace("2020年", "2021年"), encoding="utf-8"
    )
    flat = tmp_path / "two-years.ttl"
    flat.write_bytes(serialize(build_graph([source, later]).quads, "ttl"))
    units = split_units(load_quads([flat]))
    assert [(u.document or "")[-4:] for u in units] == ["2020", "2021"]
    for unit in units:
        graph = Graph().parse(data=unit.ntriples, format="nt")
        derived = {
            str(o) for o in graph.objects(None, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        }
        assert derived == {unit.document}  # no link into the other year's disclosure
    split = validate(flat, jobs=2)
    whole = validate(flat, whole_graph=True)
    assert {r.key for r in split.results} == {r.key for r in whole.results}
    assert len(split.documents) == 2 and split.conforms


# ---------------------------------------------------------------------------------------------
# Corrupted copies of corpus files
# ---------------------------------------------------------------------------------------------


def _corrupt(tmp_path: Path, key: str, edit: str, line: int | None = None) -> Path:
    """A copy of a corpus file (same name) with one edit: ``old→new`` on ``line``, or
    ``delete:first-last`` (1-based, inclusive)."""
    source = corpus_path(key)
    lines = source.read_text(encoding="utf-8").split("\n")
    if edit.startswith("delete:"):
        first, last = (int(x) for x in edit.removeprefix("delete:").split("-"))
        lines[first - 1 : last] = []
    else:
        old, new = edit.split("→")
        assert line is not None and old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
    copy = tmp_path / source.name
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy


def _violations(path: Path) -> set[tuple[str, str, int | None, str]]:
    """(shape, file, line, last segment of the focus IRI) of every Violation; exit code 1."""
    result = CliRunner().invoke(main, ["validate", "--format", "json", "--jobs", "1", str(path)])
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    assert payload["conforms"] is False
    return {
        (
            r["shape"].removeprefix(SHAPES),
            r["source_file"],
            r["source_line"],
            r["focus"].rsplit("/", 1)[-1],
        )
        for doc in payload["documents"]
        for r in doc["results"]
        if r["severity"] == "Violation"
    }


def test_a_total_changed_by_one_wan_yuan(tmp_path: Path) -> None:
    # 000 line 47: 基本支出357.51万元 → 358.51万元; 357.51 = 333.18 + 24.33 and 691.88 = 357.51 +
    # 334.37 no longer hold: both sums fail, at the line of the changed figure
    path = _corrupt(tmp_path, "000", "基本支出357.51万元→基本支出358.51万元", line=47)
    name = path.name
    assert _violations(path) == {
        ("CategorySumShape", name, 47, "BasicExpenditure"),  # ≠ Personnel + PublicOperating
        ("CategorySumShape", name, 47, "TotalExpenditure"),  # ≠ Basic + Project
    }
    result = CliRunner().invoke(main, ["validate", "--jobs", "1", str(path)])
    assert result.exit_code == 1
    lines = [x for x in result.stdout.splitlines() if x.startswith("  VIOLATION")]
    assert len(lines) == 2
    assert all(x.startswith(f"  VIOLATION {name}:47 ") for x in lines)
    assert any("基本支出" in x and "3585100" in x and "3575100" in x for x in lines)


def test_a_project_amount_changed(tmp_path: Path) -> None:
    # 000's 退休干部生活补助经费 table, line 300: 预算数 50.7 → 51.7 (万元): the five projects no
    # longer add up to 项目支出 334.37万元 (line 47), and the project's own 财政资金 50.7 + 其他资金
    # 0.00 no longer make its 预算数 (reported at the project, whose table starts at line 289)
    path = _corrupt(tmp_path, "000", "50.7→51.7", line=300)
    assert _violations(path) == {
        ("ProjectExpenditureSumShape", path.name, 47, "ProjectExpenditure"),
        ("ProjectFundsShape", path.name, 289, "555-0101-JQN-HKWU"),
    }


def test_a_procurement_item_removed(tmp_path: Path) -> None:
    # 004's procurement table, lines 275-288: the 空调机 row (0.24万元) deleted; the items add up
    # to 3.57万元, not the 3.81万元 政府采购预算 stated on line 206
    path = _corrupt(tmp_path, "004", "delete:275-288")
    assert _violations(path) == {("ProcurementSumShape", path.name, 206, "GovernmentProcurement")}


# ---------------------------------------------------------------------------------------------
# The command line and the report formats
# ---------------------------------------------------------------------------------------------


def test_text_report_one_line_per_result_grouped_with_a_summary(corpus_report: Report) -> None:
    text = render_text(corpus_report)
    lines = text.splitlines()
    headers = [x for x in lines if x and not x.startswith("  ")]
    assert headers[:5] == [f"{d.source_file}  {d.label}" for d in corpus_report.documents]
    results = [x for x in lines if x.startswith("  ") and x.strip() != "ok"]
    assert len(results) == len(corpus_report.results)
    pattern = re.compile(r"  (VIOLATION|WARNING|INFO) \d{3}_\w+\.txt(:\d+)? .+ — .+ \| .+")
    assert all(pattern.fullmatch(x) for x in results), [
        x for x in results if not pattern.fullmatch(x)
    ][:3]
    assert lines[-1] == (
        f"5 document(s), {corpus_report.triples} triples: "
        "0 violation(s), 82 warning(s), 122 info(s) — conforms (no violation)"
    )


def test_cli_exit_0_and_the_shacl_report_in_turtle() -> None:
    result = CliRunner().invoke(main, ["validate", "--format", "ttl", "--jobs", "1", str(VALID)])
    assert result.exit_code == 0, result.output
    report = Graph().parse(data=result.stdout, format="turtle")
    (node,) = report.subjects(predicate=SH.conforms)
    assert report.value(node, SH.conforms).toPython() is True  # type: ignore[union-attr]


def test_cli_json_and_ttl_carry_the_same_results(tmp_path: Path) -> None:
    path = _corrupt(tmp_path, "004", "delete:275-288")
    runner = CliRunner()
    as_json = json.loads(
        runner.invoke(main, ["validate", "--format", "json", "-j", "1", str(path)]).stdout
    )
    ttl = runner.invoke(main, ["validate", "--format", "ttl", "-j", "1", str(path)])
    assert ttl.exit_code == 1
    report = Graph().parse(data=ttl.stdout, format="turtle")
    results = list(report.objects(None, SH.result))
    assert len(results) == sum(len(d["results"]) for d in as_json["documents"])
    messages = {m.language for r in results for m in report.objects(r, SH.resultMessage)}
    assert messages == {"en", "zh"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/file.ttl"], "no such file or directory"),
        (["pyproject.toml"], "cannot validate this kind of file"),
        (["BROKEN"], "not valid Turtle"),
        (["EMPTY"], "no triples to validate"),
        (["--jobs", "0", "VALID"], "Invalid value for '-j' / '--jobs'"),
    ],
)
def test_bad_input_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    empty = tmp_path / "empty.nt"
    empty.write_text("", encoding="utf-8")
    names = {"BROKEN": str(broken), "EMPTY": str(empty), "VALID": str(VALID)}
    root = Path(__file__).resolve().parents[1]
    argv = [names.get(a, str(root / a) if a == "pyproject.toml" else a) for a in args]
    result = CliRunner().invoke(main, ["validate", *argv])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_library_accepts_rdflib_graphs_and_reports_per_document() -> None:
    graph = Graph().parse(VALID, format="turtle")
    report = validate(graph, jobs=1)
    assert report.conforms and report.results == ()
    assert report.counts == {"Violation": 0, "Warning": 0, "Info": 0}
    assert report.by_document() == {"https://w3id.org/budgetkg/id/disclosure/test-2020": []}
    quads = load_quads([VALID])
    assert all(isinstance(q, ox.Quad) for q in quads)


def test_nodes_no_disclosure_reaches_are_validated_on_their_own() -> None:
    graph = Graph().parse(VALID, format="turtle")
    orphan = URIRef("https://w3id.org/budgetkg/id/region/orphan")
    graph.add((orphan, RDF.type, BKG.Region))
    graph.add((orphan, RDFS.label, Literal("某村", lang="zh")))
    graph.add((orphan, BKG.regionLevel, Literal("village")))
    units = split_units(load_quads([graph]))
    assert [u.document for u in units] == [
        "https://w3id.org/budgetkg/id/disclosure/test-2020",
        None,
    ]
    assert units[1].focus == {str(orphan)}
    found = {(r.focus, r.shape.removeprefix(SHAPES), r.severity) for r in validate(graph).results}
    assert found == {
        (str(orphan), "Region-regionLevel", "Violation"),  # no such level
        (str(orphan), "RegionChainShape", "Warning"),  # below a province, without a parent
    }


def test_a_graph_without_disclosures_is_one_unit() -> None:
    graph = Graph()
    indicator = URIRef("https://example.org/indicator")
    graph.add((indicator, RDF.type, BKG.Indicator))
    graph.add((indicator, RDFS.label, Literal("满意度", lang="zh")))
    (unit,) = split_units(load_quads([graph]))
    assert unit.document is None and unit.focus is None
    report = validate(graph)
    assert not report.conforms and report.documents == ()
    assert {r.shape.removeprefix(SHAPES) for r in report.results} == {
        "derivedFromOne",
        "sourceLineOne",
        "ordinal",
        "Indicator-level3",
    }
    assert all(r.document is None and r.source_file is None for r in report.results)
    assert render_text(report).startswith("(not attributable to a disclosure)\n  VIOLATION ?")


def test_the_turtle_report_is_the_report_graph(tmp_path: Path, corpus_report: Report) -> None:
    """``--format ttl`` is written by Oxigraph (budgetkg.validate_turtle); it is the graph of
    report_graph, values included, and so is rdflib's fallback for terms Oxigraph refuses."""
    from dataclasses import replace

    from rdflib.compare import isomorphic

    from budgetkg.validate_report import render, report_graph

    broken = validate(_corrupt(tmp_path, "004", "delete:275-288"), jobs=1)
    assert not broken.conforms
    for report in (broken, corpus_report):
        turtle = render(report, "ttl")
        assert turtle.startswith("@prefix")  # Oxigraph's writer, with the report's prefixes
        assert isomorphic(Graph().parse(data=turtle, format="turtle"), report_graph(report))
    assert sum(1 for r in corpus_report.results if r.value) > 100
    report = broken
    relative = replace(report, results=(replace(report.results[0], focus="relative"),))
    fallback = Graph().parse(
        data=render(relative, "ttl"), format="turtle", publicID="http://example.org/"
    )
    assert len(fallback) == len(report_graph(relative))
