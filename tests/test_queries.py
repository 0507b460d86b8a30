"""The named SPARQL queries (queries/*.rq), their runner and the `queries` / `query` commands.

Every expected answer below was worked out from the five disclosures in corpus/hebei by hand:
the comment beside it names the file and line(s) it comes from and the arithmetic, and
``printed(key, line)`` checks that the cited line really says so.  Amounts in the graph are
yuan, so a figure printed as 691.88万元 is expected as ``wan("691.88")`` = 6918800.
Files: 000 沧州渤海新区南大港产业园区城区办事处 2020, 001 保定市徐水区城区办事处 2021,
002 三河市泃阳西大街街道办事处 2020, 003 石家庄市高新技术产业开发区长江街道办事处 2020,
004 廊坊市广阳区九州镇白家务办事处 2020.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.build import build
from budgetkg.cli import main
from budgetkg.errors import InputError, UsageError
from budgetkg.query import (
    PARAMETER_TYPES,
    Result,
    bind_parameters,
    find_query,
    format_result,
    has_vocabulary,
    library,
    load_graph_file,
    load_vocabulary,
    parse_query,
    run_query,
)
from budgetkg.store import ONTOLOGY_GRAPH

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "hebei"
OFFICE = {
    "000": "沧州渤海新区南大港产业园区城区办事处",
    "001": "保定市徐水区城区办事处",
    "002": "三河市泃阳西大街街道办事处",
    "003": "石家庄市高新技术产业开发区长江街道办事处",
    "004": "廊坊市广阳区九州镇白家务办事处",
}
TOPIC = "https://w3id.org/budgetkg/concept/topic/"
BKGC = "https://w3id.org/budgetkg/concept/"
BKG = "https://w3id.org/budgetkg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_DECIMAL = ox.NamedNode(XSD + "decimal")
Row = dict[str, str]


# --- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("queries")
    files = {fmt: out / f"hebei.{fmt}" for fmt in ("trig", "ttl")}
    for path in files.values():
        build([CORPUS], path)
    return files


@pytest.fixture(scope="module")
def store(built: dict[str, Path]) -> ox.Store:
    return load_graph_file(built["trig"])


def rows(store: ox.Store, name: str, **params: str) -> list[Row]:
    """The rows of a named query as {variable: lexical value}; unbound variables are absent."""
    result = run_query(store, name, params)
    return [
        {v: t.value for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]


def of(rows_: list[Row], **where: str) -> list[Row]:
    return [r for r in rows_ if all(r.get(k) == v for k, v in where.items())]


def one(rows_: list[Row], **where: str) -> Row:
    (row,) = of(rows_, **where)
    return row


def wan(printed: str) -> Decimal:
    """A figure printed in 万元, in yuan."""
    return Decimal(printed) * 10000


def pct(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole in percent, two decimals (no value below is an exact half)."""
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def dec(value: str) -> Decimal:
    return Decimal(value)


def parts(value: str, separator: str) -> set[str]:
    return set(value.split(separator))


def printed(key: str, line: int) -> str:
    """Line ``line`` (1-based) of corpus file ``key``, whitespace removed (OCR spaces in 003)."""
    (path,) = CORPUS.glob(f"{key}_*.txt")
    return re.sub(r"\s+", "", path.read_text(encoding="utf-8").splitlines()[line - 1])


# --- the library ---------------------------------------------------------------------------


def test_at_least_14_queries_each_with_the_full_header() -> None:
    queries = library()
    assert len(queries) >= 14
    for q in queries:
        assert q.path is not None
        head = q.text.splitlines()[:4]
        assert head[0] == f"# name: {q.name}" and q.name == q.path.stem
        assert head[1].startswith("# question (zh): ") and re.search(r"[\u4e00-\u9fff]", head[1])
        assert head[2].startswith("# question (en): ") and len(q.question_en) > 20
        assert head[3].startswith("# parameters: ")
        for p in q.parameters:
            assert p.type in PARAMETER_TYPES and f"?{p.name}" in q.text


def test_every_query_runs_and_answers_on_the_corpus(store: ox.Store) -> None:
    for q in library():
        result = run_query(store, q)  # defaults bound: every parameter is in the projection
        assert result.rows, q.name
        assert {p.name for p in q.parameters} <= set(result.variables)


def _normalised(result: Result) -> list[tuple[str, ...]]:
    """Rows as sorted tuples; GROUP_CONCAT lists (order not defined) sorted inside."""
    out = []
    for row in result.rows:
        cells = []
        for t in row:
            value = "" if t is None else t.value
            for sep in ("；", " | ", ", "):
                if sep in value:
                    value = sep.join(sorted(value.split(sep)))
            cells.append(value)
        out.append(tuple(cells))
    return sorted(out)


def test_same_answers_from_named_graphs_and_from_one_merged_turtle_graph(
    store: ox.Store, built: dict[str, Path]
) -> None:
    # TriG keeps one named graph per disclosure, Turtle is the merge of all of them: the
    # queries use GRAPH ?g only as a container, so both layouts give the same answers.
    merged = load_graph_file(built["ttl"])
    for q in library():
        assert _normalised(run_query(store, q)) == _normalised(run_query(merged, q)), q.name


# --- one test per query, expected answers from the documents ---------------------------------


def test_office_overview(store: ox.Store) -> None:
    got = rows(store, "office-overview")
    # (total, basic, project, personnel) in 万元 as printed in the 支出说明 of each file
    printed_figures = {
        "000": ("691.88", "357.51", "334.37", "333.18"),  # 000 line 47
        "001": ("1925.35", "288.59", "1636.76", "256.9"),  # 001 lines 42-44, 46
        "002": ("2999.85", "1251.46", "1748.39", "1114.26"),  # 002 line 25
        "003": ("3805.77", "1304.85", "2500.92", "1117.2"),  # 003 line 71
        "004": ("3632.47", "2715.66", "916.81", "2633.56"),  # 004 line 68
    }
    assert "2020年部门支出预算为691.88万元，其中基本支出357.51万元" in printed("000", 47)
    assert "基本支出1304.85万元，包括人员经费1117.2万元" in printed("003", 71)
    assert len(got) == 5
    for key, (total, basic, project, personnel) in printed_figures.items():
        row = one(got, office=OFFICE[key])
        assert dec(row["total"]) == wan(total)
        for name, figure in (("basic", basic), ("project", project), ("personnel", personnel)):
            assert dec(row[name]) == wan(figure)
            assert dec(row[f"{name}Share"]) == pct(wan(figure), wan(total)), (key, name)
    # e.g. 000: 357.51 / 691.88 = 51.67 %, 334.37 / 691.88 = 48.33 %, 333.18 / 691.88 = 48.16 %
    assert one(got, office=OFFICE["000"])["basicShare"] == "51.67"


def test_three_public_expenses(store: ox.Store) -> None:
    got = rows(store, "three-public-expenses")
    assert "“三公”经费预算安排6.67万元" in printed("002", 32)
    # 002 line 32: 6.67 (−1.1), 出国 0 (持平), 用车 5.92 (−0.6; 购置 0 持平, 运行 5.92 −0.6),
    # 接待 0.75 (−0.5); previous = amount − change, e.g. 6.67 + 1.1 = 7.77万
    expected = {
        "ThreePublicExpenses": ("6.67", "-1.1"),
        "OverseasTravel": ("0", "0"),
        "VehiclePurchaseAndOperation": ("5.92", "-0.6"),
        "VehiclePurchase": ("0", "0"),
        "VehicleOperation": ("5.92", "-0.6"),
        "OfficialReception": ("0.75", "-0.5"),
    }
    office = of(got, office=OFFICE["002"])
    assert len(office) == 6
    for item, (amount, change) in expected.items():
        row = one(office, item=BKGC + item)
        assert (dec(row["amount"]), dec(row["change"])) == (wan(amount), wan(change))
        assert dec(row["previous"]) == wan(amount) - wan(change)
    assert one(office, item=BKGC + "OfficialReception")["itemLabel"] == "公务接待费"
    # 001 lines 65-99: a table with 2020 and 2021 columns; 公务用车运行经费 6 / 6 / 0, 合计 6 / 6;
    # it prints no 公务用车购置及运行维护费 row, so that item has no row (not printed ≠ 0)
    office = of(got, office=OFFICE["001"])
    assert {r["item"].removeprefix(BKGC) for r in office} == set(expected) - {
        "VehiclePurchaseAndOperation"
    }
    row = one(office, item=BKGC + "VehicleOperation")
    assert (row["amount"], row["change"], row["previous"]) == ("60000", "0", "60000")
    # 000 lines 57-58: 0万元, 比2019年减少0.79万元 (the vehicles were given away)
    row = one(got, office=OFFICE["000"], item=BKGC + "ThreePublicExpenses")
    assert (dec(row["amount"]), dec(row["change"])) == (0, wan("-0.79"))


def test_shared_documents(store: ox.Store) -> None:
    got = rows(store, "shared-documents")
    # The opening paragraphs: 000 line 4 《中华人民共和国预算法》…;
    # 001 line 4 《中华人民共和国预算法》、《地方预决算公开操作规程》;
    # 002 line 2 《预算法》(short form)、《地方预决算公开操作规程》、《河北省省级预算公开办法》;
    # 004 line 3 the same three in full.  003 has no such paragraph.
    # No project or indicator document is cited by two offices.
    assert "《预算法》、《地方预决算公开操作规程》和《河北省省级预算公开办法》" in printed("002", 2)
    expected = {
        "中华人民共和国预算法": {"000", "001", "002", "004"},
        "地方预决算公开操作规程": {"001", "002", "004"},
        "河北省省级预算公开办法": {"002", "004"},
    }
    assert {r["title"] for r in got} == set(expected)
    assert len(got) == sum(len(v) for v in expected.values())
    for title, keys in expected.items():
        cited = of(got, title=title)
        assert {r["office"] for r in cited} == {OFFICE[k] for k in keys}
        assert all(r["offices"] == str(len(keys)) for r in cited)
        # cited in the opening paragraph only, so nothing is funded under them
        assert all(r["citedIn"] == "Disclosure" and r["projects"] == "0" for r in cited)
        assert all("projectAmount" not in r for r in cited)


def test_projects_under_document(store: ox.Store) -> None:
    # 003 cites 冀组发[2018]14号 as the 指标值确定依据 of every row of three tables:
    # 村党组织活动经费 (lines 377-381, 5 rows), 服务群众专项经费 (418-421, 4 rows),
    # 离任村干部工资 (512-515, 4 rows).  003's tables print no 预算数, so no amount.
    assert "冀组发[2018]14号文" in printed("003", 377)
    got = rows(store, "projects-under-document")  # the default document
    assert {(r["projectName"], r["indicators"]) for r in got} == {
        ("村党组织活动经费", "5"),
        ("服务群众专项经费", "4"),
        ("离任村干部工资", "4"),
    }
    assert all(r["office"] == OFFICE["003"] and r["citedBy"] == "indicator" for r in got)
    assert all("amount" not in r and r["document"] == "冀组发〔2018〕14号" for r in got)
    # 002 line 322 cites 中共三河市委组织部关于社区基础党组织规范化建设的意见（三组发[2018]9号）;
    # within one disclosure a title printed with its number elsewhere is the same document, so
    # every table whose rows cite that title is under 三组发〔2018〕9号 too: lines 130-158
    # (《…》), 226-254, 274-302, 322-350 (with the number), 845-873, 1033-1061 (no 《》), 5 rows
    # each.  The 基层 (not 基础) variant in 655-683 and 751-779 is a different title.
    assert "三组发[2018]9号" in printed("002", 322) and "基础党组织" in printed("002", 1033)
    assert "基层党组织" in printed("002", 655)
    got = rows(store, "projects-under-document", document="三组发〔2018〕9号")
    assert {(r["projectName"], r["indicators"]) for r in got} == {
        ("社区党组织服务群众专项经费", "5"),
        ("社区办公经费", "5"),
        ("社区租赁费", "5"),
        ("整治老旧小区环境卫生工程", "5"),
        ("社区临时救助金", "5"),
        ("辖区住宅小区健身器材安装工程", "5"),
    }
    assert {r["office"] for r in got} == {OFFICE["002"]}


def test_project_money_by_topic(store: ox.Store) -> None:
    got = rows(store, "project-money-by-topic")
    # Topics by the definitions in ontology/topics.ttl.  001's veterans/militia projects:
    # 退役军人公益岗位人员工资 240000.00 (line 745), 城区办供销社退役士兵经费 480339.60 (998),
    # 乡镇武装工作经费 30000.00 (1166), 城区办退役士官再就业经费 2546773.88 (1251), 单位：元
    # → 240000 + 480339.60 + 30000 + 2546773.88 = 3297113.48
    assert printed("001", 998) == "480339.60"
    row = one(got, topic=TOPIC + "VeteransAndMilitary", office=OFFICE["001"])
    assert (row["projects"], row["withAmount"]) == ("4", "4")
    assert dec(row["amount"]) == Decimal("3297113.48")
    assert row["topicLabel"] == "退役军人事务与征兵武装"
    # 000: 小区安防工程经费 267.02万 (line 387) is public security; 计生后遗症… 11万 (126) family
    # planning; 环保工作经费 1万 (213) environmental protection
    for topic, figure in (
        ("PublicSecurity", "267.02"),
        ("HealthAndFamilyPlanning", "11"),
        ("EnvironmentalProtection", "1"),
    ):
        row = one(got, topic=TOPIC + topic, office=OFFICE["000"])
        assert (row["projects"], dec(row["amount"])) == ("1", wan(figure))
    # 002: 征兵工作经费 and 退役军人服务站工作经费 (lines 1064, 923) print no 预算数
    row = one(got, topic=TOPIC + "VeteransAndMilitary", office=OFFICE["002"])
    assert (row["projects"], row["withAmount"]) == ("2", "0") and "amount" not in row


def test_offices_on_topic(store: ox.Store) -> None:
    got = rows(store, "offices-on-topic")  # default topic: VeteransAndMilitary
    # 001 duty (三) 征兵工作管理 (line 10) + the four projects above;
    # 002 duty (四) 拥军优属…民兵、预备役…征兵 (line 11) + 退役军人服务站工作经费, 征兵工作经费;
    # 003 duty 8 社会治安综合治理事务 (lines 39-43: 优抚对象, 义务兵家庭优待) + 退役人员经费 (562).
    # 000 and 004 have no such duty or project.
    assert "征兵工作管理" in printed("001", 10) and "征兵" in printed("002", 11)
    assert "义务兵家庭优待" in printed("003", 43)
    veterans_001 = {"退役军人公益岗位人员工资", "城区办供销社退役士兵经费", "乡镇武装工作经费"}
    expected = {
        "001": ("3", veterans_001 | {"城区办退役士官再就业经费"}),
        "002": ("4", {"退役军人服务站工作经费", "征兵工作经费"}),
        "003": ("8", {"退役人员经费"}),
    }
    assert {r["office"] for r in got} == {OFFICE[k] for k in expected}
    for key, (duty, projects) in expected.items():
        row = one(got, office=OFFICE[key])
        assert (row["duties"], row["dutyOrdinals"]) == ("1", duty)
        assert parts(row["projectNames"], "；") == projects
        assert row["projects"] == str(len(projects))
    assert dec(one(got, office=OFFICE["001"])["amount"]) == Decimal("3297113.48")
    # the parameter takes a full IRI or a topic: prefixed name, with the same answer
    assert rows(store, "offices-on-topic", topic="topic:VeteransAndMilitary") == got
    assert rows(store, "offices-on-topic", topic=TOPIC + "VeteransAndMilitary") == got


def test_satisfaction_targets(store: ox.Store) -> None:
    got = {r["office"]: r for r in rows(store, "satisfaction-targets")}
    # 000: 5 tables, each with one 满意度指标 row ≥80% (lines 198, 285, 372, 459, 546)
    # 001: 18 tables without any 满意度指标 row (they end with 效益指标)
    # 002: 23 tables, one row each; ≥80 in 纪检 (588), 奇特商城火灾 (825), 团组织 (919), the
    #      rest 90 or 95 (社区租赁费 line 301 prints a bare "95")
    # 003: 22 tables, one row each; ≥90 or ≥95 except 社区工作者工资保险 (546, text) and
    #      社区党建惠民工程 (560, "满意")
    # 004: 2 tables: ≥90% (150), ≥95% (200)
    expected = {
        "000": ("5", "5", "5", "5", "80", "80"),
        "001": ("18", "0", "0", "0", None, None),
        "002": ("23", "23", "23", "23", "80", "95"),
        "003": ("22", "22", "22", "20", "90", "95"),
        "004": ("2", "2", "2", "2", "90", "95"),
    }
    columns = ("projects", "withSatisfaction", "indicators", "numeric", "minTarget", "maxTarget")
    for key, values in expected.items():
        assert tuple(got[OFFICE[key]].get(c) for c in columns) == values, key
    assert parts(got[OFFICE["003"]]["textTargets"], " | ") == {
        "满意",
        "社区工作者对工资发放情况基本满意",
    }
    assert printed("003", 560).endswith("满意满意度调查问卷")


def test_vague_targets(store: ox.Store) -> None:
    got = rows(store, "vague-targets")
    # 000: 7 of 30 rows have words only: 所有符合计生后遗症认定条件的人员 (163), 解决实际困难 (191),
    #      能对环境保护… (278), 解决退休干部的实际困难 (365), 足够覆盖居民小区 (424),
    #      足够保障居民生命财产安全 (452), 打造和谐稳定社区氛围… (539) → 23.33 %
    # 001: merged cells ≥95100% / 100100% / >95100% in 15 of 18 tables: 4 rows in 9 of the
    #      10 "绩效评价次数" tables, 3 in the tenth (选任专职人民调解员, lines 1643-1657), 5 in
    #      each of the 5 "实发人数比率" tables → 36 + 3 + 25 = 64 of 90 → 71.11 %
    # 002: 社区租赁费 (lines 273-301) prints 100, 50, 10, 100, 95 without units → 5 of 115
    # 003: one text target in 18 of the 22 tables (e.g. 保障居委会正常办公… line 325) → 18 of 95
    # 004: 逐步提高党员党性修养和服务意识 (129), 基本保障 (136) → 2 of 11
    assert printed("001", 287) == "≥95100%" and printed("002", 273) == "100"
    expected = {
        "000": ("text-only", 7, 5, 30),
        "001": ("unparsed-number", 64, 15, 90),
        "002": ("no-unit", 5, 1, 115),
        "003": ("text-only", 18, 18, 95),
        "004": ("text-only", 2, 1, 11),
    }
    assert len(got) == len(expected)
    for key, (reason, indicators, projects, total) in expected.items():
        row = one(got, office=OFFICE[key])
        assert (row["reason"], row["indicators"], row["projects"]) == (
            reason,
            str(indicators),
            str(projects),
        )
        assert dec(row["share"]) == pct(Decimal(indicators), Decimal(total))
    assert parts(one(got, office=OFFICE["001"])["examples"], " | ") == {
        "≥95100%",
        "100100%",
        ">95100%",
    }


def test_boilerplate_indicators(store: ox.Store) -> None:
    got = rows(store, "boilerplate-indicators")
    # 社会影响力 is the 三级指标 of rows in three offices: 000 lines 189, 276, 363, 450, 537;
    # 001 lines 306, 390, 474, 726, 979, 1147, 1232, 1402, 1486, 1571, 1655; 003 406, 572
    # → 18 projects, the only name used by three offices
    lines = {
        "000": (189, 276, 363, 450, 537),
        "001": (306, 390, 474, 726, 979, 1147, 1232, 1402, 1486, 1571, 1655),
        "003": (406, 572),
    }
    for key, numbers in lines.items():
        assert all("社会影响力" in printed(key, n) for n in numbers)
    assert got[0]["indicator"] == "社会影响力"
    assert (got[0]["offices"], got[0]["projects"]) == ("3", "18")
    assert parts(got[0]["officeNames"], "；") == {OFFICE[k] for k in lines}
    # 服务对象满意度: 000 (196, 283, 370, 457, 544) and 003 (326, 421, 460, 515, 601) → 2 / 10
    # 覆盖率: 001 (194) and 002 (429, 579, 673, 809, 910, 1192) → 2 / 7
    # 绩效评价次数 "按季度评价资金使用程度 4次" in 10 of 001's tables (e.g. 278, 362, 446 …)
    for name, offices, projects in (
        ("服务对象满意度", "2", "10"),
        ("覆盖率", "2", "7"),
        ("绩效评价次数", "1", "10"),
    ):
        row = one(got, indicator=name)
        assert (row["offices"], row["projects"]) == (offices, projects), name
    assert one(got, indicator="绩效评价次数")["targets"] == "4次"


def test_reconciliation(store: ox.Store) -> None:
    got = rows(store, "reconciliation")
    amount, change = BKG + "amount", BKG + "changeFromPreviousYear"
    # Every printed identity holds: e.g. 000 line 47: 691.88 = 357.51 + 334.37 and
    # 357.51 = 333.18 + 24.33; line 50: +189.78 = −0.73 + 190.51 and −0.73 = +0.45 − 1.18;
    # 002 line 32: 6.67 = 0 + 5.92 + 0.75 and −1.1 = 0 − 0.6 − 0.5.
    assert not of(got, status="gap")
    row = one(got, office=OFFICE["000"], category=BKGC + "TotalExpenditure", measure=amount)
    assert dec(row["printed"]) == wan("691.88")
    assert dec(row["sumOfParts"]) == wan("357.51") + wan("334.37")
    assert (row["parts"], row["status"], row["gap"]) == ("2/2", "ok", "0")
    row = one(got, office=OFFICE["000"], category=BKGC + "BasicExpenditure", measure=change)
    assert dec(row["printed"]) == wan("-0.73") == wan("0.45") + wan("-1.18")
    row = one(got, office=OFFICE["002"], category=BKGC + "ThreePublicExpenses", measure=change)
    assert (dec(row["printed"]), row["status"]) == (wan("-1.1"), "ok")
    # 国有资本经营预算 income is printed only by 003 (line 67: 0 万元); elsewhere the 收入合计
    # check lacks that part (000 line 44, 001 line 40, 002 line 21, 004 line 66)
    income = of(got, category=BKGC + "TotalIncome", measure=amount)
    assert {r["office"]: r["status"] for r in income} == {
        OFFICE["000"]: "incomplete",
        OFFICE["001"]: "incomplete",
        OFFICE["002"]: "incomplete",
        OFFICE["003"]: "ok",
        OFFICE["004"]: "incomplete",
    }
    for row in of(income, status="incomplete"):
        assert (row["missing"], row["parts"], row["gap"]) == ("StateCapitalIncome", "4/5", "0")
    # 001's 三公 table (lines 65-99) has no 公务用车购置及运行维护费 row: 6 = 0 + ? + 0
    row = one(got, office=OFFICE["001"], category=BKGC + "ThreePublicExpenses", measure=amount)
    assert (row["parts"], row["status"], row["missing"]) == (
        "2/3",
        "incomplete",
        "VehiclePurchaseAndOperation",
    )
    # counted by hand: 5 amount checks per file (收入, 支出, 基本支出, 三公, 用车) but 001 has
    # no 用车 line → 24; change checks with at least one part stated: 000 3, 001 2, 002 3,
    # 003 2, 004 1 → 11
    assert len(of(got, measure=amount)) == 24 and len(of(got, measure=change)) == 11


def test_reconciliation_reports_a_gap(built: dict[str, Path]) -> None:
    # Change 000's 人员经费 from 333.18万 to 333.17万: 基本支出 357.51 ≠ 333.17 + 24.33
    store = load_graph_file(built["trig"])
    (quad,) = store.quads_for_pattern(
        None, ox.NamedNode(BKG + "amount"), ox.Literal("3331800", datatype=_XSD_DECIMAL), None
    )
    store.remove(quad)
    changed = ox.Literal("3331700", datatype=_XSD_DECIMAL)
    store.add(ox.Quad(quad.subject, quad.predicate, changed, quad.graph_name))
    (row,) = of(rows(store, "reconciliation"), status="gap")
    assert (row["office"], row["category"], row["gap"]) == (
        OFFICE["000"],
        BKGC + "BasicExpenditure",
        "100",
    )


def test_table_totals(store: ox.Store) -> None:
    got = rows(store, "table-totals")
    # 001: the 18 project tables (单位：元) print 预算数 3300, 20000, 121600, 86800, 367680, 9000,
    # 1207013.28, 240000, 2474123.57, 1415750, 480339.60, 2100000, 30000, 2546773.88,
    # 587546.74, 2100000, 2492200, 85500 (lines 156 … 1590) = 16367627.07, while line 46
    # prints 项目支出 1636.76万元 = 16367600: 27.07 yuan apart, within the 万元 rounding (±50)
    budgets = (
        "3300 20000 121600 86800 367680 9000 1207013.28 240000 2474123.57 1415750 480339.60 "
        "2100000 30000 2546773.88 587546.74 2100000 2492200 85500"
    )
    total = sum(Decimal(b) for b in budgets.split())
    assert total == Decimal("16367627.07")
    row = one(got, office=OFFICE["001"], check="projects")
    assert (dec(row["sumOfRows"]), dec(row["printedTotal"])) == (total, wan("1636.76"))
    assert (dec(row["gap"]), row["status"], row["rows"]) == (
        wan("1636.76") - total,
        "rounding",
        "18",
    )
    # 000: 11 + 1 + 50.7 + 267.02 + 4.65 = 334.37万 (lines 126 … 474 vs line 47)
    row = one(got, office=OFFICE["000"], check="projects")
    assert (dec(row["sumOfRows"]), row["status"]) == (wan("334.37"), "ok")
    # 003 procurement (lines 618-624): 8 + 13 + 6 + 5 + 1.28 + 170 + 180 = 383.28万 (line 605)
    row = one(got, office=OFFICE["003"], check="procurement")
    assert (dec(row["sumOfRows"]), row["rows"], row["status"]) == (wan("383.28"), "7", "ok")
    # 001 line 1664: 无政府采购预算, an empty table
    row = one(got, office=OFFICE["001"], check="procurement")
    assert (row["rows"], row["status"]) == ("0", "ok")
    # 002, 003, 004 project tables print no 预算数: nothing to add up
    for key in ("002", "003", "004"):
        assert one(got, office=OFFICE[key], check="projects")["status"] == "no-amounts"
    # the fixed-asset tables' 资产总额 repeat the text's figure (e.g. 004 lines 297 and 309)
    assert {r["status"] for r in of(got, check="fixed-assets")} == {"ok"}
    assert len(of(got, check="fixed-assets")) == 5


def test_procurement_by_kind(store: ox.Store) -> None:
    got = rows(store, "procurement-by-kind")
    # 003 line 607: 货物支出 20.28 万元 (A0999 8 + 6, A05010101 5, A060205 1.28) and
    # 工程支出 363 万元 (B07 13, B99 170 + 180), lines 618-624
    assert "其中货物支出20.28万元，占5.3%；工程支出363万元" in printed("003", 607)
    office = of(got, office=OFFICE["003"])
    goods = sum(dec(r["amount"]) for r in office if r["kind"] == BKGC + "Goods")
    works = sum(dec(r["amount"]) for r in office if r["kind"] == BKGC + "Works")
    assert (goods, works) == (wan("20.28"), wan("363"))
    row = one(office, catalogCode="B99")
    assert (row["items"], dec(row["amount"]), row["kindLabel"]) == ("2", wan("350"), "工程")
    # 002 lines 1276-1349: B0899 twice (54 + 90), A033626 18, B0504 102, B021502 80
    row = one(got, office=OFFICE["002"], catalogCode="B0899")
    assert (row["items"], dec(row["amount"])) == ("2", wan("144"))
    # 000 lines 606-649: three rows without a catalogue code: 1.5 + 241.91 + 25.11 = 268.52
    row = one(got, office=OFFICE["000"])
    assert "kind" not in row and "catalogCode" not in row
    assert (row["items"], dec(row["amount"])) == ("3", wan("268.52"))
    # 004 lines 247-283: 激光打印机 A0201060102 0.24, 台式计算机 A02010104 3.33, 空调机 0.24
    assert {r["catalogCode"]: dec(r["amount"]) for r in of(got, office=OFFICE["004"])} == {
        "A0201060102": wan("0.24"),
        "A02010104": wan("3.33"),
        "A0206180203": wan("0.24"),
    }
    assert not of(got, office=OFFICE["001"])  # 001: no procurement


def test_largest_projects(store: ox.Store) -> None:
    got = rows(store, "largest-projects")
    # Only 000 and 001 print project budgets.  Largest: 000 小区安防工程经费 267.02万 (line 387),
    # then 001 城区办退役士官再就业经费 2546773.88 (1251), …(老旧小区物业服务项目) 2492200 (1505),
    # 长期聘用人员人员经费和公用经费 2474123.57 (830)
    assert len(got) == 20
    top = [(r["office"], r["projectName"], dec(r["amount"])) for r in got[:4]]
    assert top == [
        (OFFICE["000"], "小区安防工程经费", wan("267.02")),
        (OFFICE["001"], "城区办退役士官再就业经费", Decimal("2546773.88")),
        (OFFICE["001"], "社区党组织服务群众专项经费(老旧小区物业服务项目)", Decimal("2492200")),
        (OFFICE["001"], "长期聘用人员人员经费和公用经费", Decimal("2474123.57")),
    ]
    # shares of 项目支出: 267.02 / 334.37 (000 line 47); 2546773.88 / 16367600 (001 line 46)
    assert dec(got[0]["share"]) == pct(wan("267.02"), wan("334.37")) == Decimal("79.86")
    assert dec(got[1]["share"]) == pct(Decimal("2546773.88"), wan("1636.76"))
    assert got[0]["code"] == "555-0101-YQN-GZ4H"  # 000 line 381


def test_fixed_assets_and_vehicles(store: ox.Store) -> None:
    got = {r["office"]: r for r in rows(store, "fixed-assets-vehicles")}
    # (资产总额, 办公用房 m², 车辆 number, 车辆 value, 公务用车运行维护费, 拟购置)
    # per the asset tables and the 三公 paragraphs: 000 lines 663-677, 58, 653;
    # 001 1703-1717, 83-86, 1694; 002 1364-1378, 32, 1353; 003 639-643, 90, 630;
    # 004 307-324, 74, 297
    expected = {
        "000": ("16.72", "0", "0", "0", "0", "1.5", None),
        "001": ("275.9", "0", "1", "7.55", "6", "0", "6"),
        "002": ("698.03", "219.12", "2", "35.11", "5.92", "18", "2.96"),
        "003": ("404.13", "2933", "2", "21.8", "6", "6.28", "3"),
        "004": ("451.31", "13673", "2", "61.28", "4.37", "3.81", "2.185"),
    }
    for key, (assets, space, cars, value, operation, plan, per_car) in expected.items():
        row = got[OFFICE[key]]
        assert dec(row["fixedAssets"]) == wan(assets)
        assert (dec(row["officeSpace"]), dec(row["vehicles"])) == (dec(space), dec(cars))
        assert dec(row["vehicleValue"]) == wan(value)
        assert dec(row["vehicleOperation"]) == wan(operation)
        assert dec(row["plannedPurchases"]) == wan(plan)
        if per_car is None:  # no vehicles: nothing to divide by
            assert "operationPerVehicle" not in row
        else:  # e.g. 004: 4.37万 / 2 vehicles = 2.185万
            assert dec(row["operationPerVehicle"]) == wan(per_car)
    assert got[OFFICE["001"]]["asOf"] == "2020-12-31"  # 001 line 1697: 截止时间：2020年12月31日


def test_year_on_year(store: ox.Store) -> None:
    got = rows(store, "year-on-year")
    # 003 line 75 prints rounded percentages: 基本支出增加 94.8 万元，增加 7%; 项目支出增加
    # 541.67 万元，增加 27%; line 83: 机关运行经费…增长 2.49 万元，增长 1%.  previous =
    # amount − change: 94.8 / (1304.85 − 94.8) = 7.83 %, 541.67 / (2500.92 − 541.67) = 27.65 %,
    # 2.49 / (187.65 − 2.49) = 1.34 %
    assert "基本支出**增加94.8万元，增加7%" in printed("003", 75)
    for category, amount, change, printed_pct in (
        ("BasicExpenditure", "1304.85", "94.8", 7),
        ("ProjectExpenditure", "2500.92", "541.67", 27),
        ("OperatingExpenses", "187.65", "2.49", 1),
    ):
        row = one(got, office=OFFICE["003"], category=BKGC + category)
        assert dec(row["previous"]) == wan(amount) - wan(change)
        expected = pct(wan(change), wan(amount) - wan(change))
        assert dec(row["changePercent"]) == expected and int(expected) == printed_pct
    # 000 line 50: 691.88万元，较2019年预算增长189.78万元 → 189.78 / 502.10 = 37.80 %
    row = one(got, office=OFFICE["000"], category=BKGC + "TotalExpenditure")
    assert dec(row["changePercent"]) == pct(wan("189.78"), wan("502.10")) == Decimal("37.80")
    # 002 line 32: 公务接待费 0.75万, 减少0.5万 → −0.5 / 1.25 = −40 %
    row = one(got, office=OFFICE["002"], category=BKGC + "OfficialReception")
    assert dec(row["changePercent"]) == Decimal("-40")
    # a zero previous figure has no percentage (000 line 61: 因公出国（境）费0万元，与上年持平)
    assert "changePercent" not in one(got, office=OFFICE["000"], category=BKGC + "OverseasTravel")
    # the ?category parameter narrows to one category: each file states its total change
    total = rows(store, "year-on-year", category="bkgc:TotalExpenditure")
    assert {r["office"] for r in total} == set(OFFICE.values()) and len(total) == 5


def test_disclosures(store: ox.Store) -> None:
    got = {r["office"]: r for r in rows(store, "disclosures")}
    # duties as numbered in section 一, project tables in section 五 and their rows:
    # 000 (一)…(六), 5 tables × 6 rows; 001 (一)…(十), 18 × 5; 002 (一)…(七), 23 × 5;
    # 003 职责 1-10, 22 tables (1 专项资金 + 21 预算项目) with 95 rows; 004 17 职责 lines
    # (7-23), 2 tables with 6 + 5 rows
    expected = {
        "000": ("6", "5", "30"),
        "001": ("10", "18", "90"),
        "002": ("7", "23", "115"),
        "003": ("10", "22", "95"),
        "004": ("17", "2", "11"),
    }
    for key, counts in expected.items():
        row = got[OFFICE[key]]
        assert (row["duties"], row["projects"], row["indicators"]) == counts, key
        assert row["province"] == "河北省" and row["sourceFile"].startswith(key)
    assert got[OFFICE["000"]]["issued"] == "2020-02-12"  # 000 line 704: 2020年2月12日
    assert got[OFFICE["001"]]["year"] == "2021"  # 001 line 2: 2021年部门预算公开说明
    assert got[OFFICE["004"]]["region"] == "九州镇"


# --- parameters are bound, never pasted ------------------------------------------------------


MALICIOUS = '"} ; DROP ALL ; {'


def test_a_malicious_value_is_one_literal_and_matches_nothing(store: ox.Store) -> None:
    before = len(store)
    assert rows(store, "projects-under-document", document=MALICIOUS) == []
    assert rows(store, "projects-under-document", document=MALICIOUS + " } UNION { ?x ?y ?z") == []
    assert len(store) == before  # nothing was dropped or changed
    query = find_query("projects-under-document")
    (term,) = bind_parameters(query, {"document": MALICIOUS}).values()
    assert term == ox.Literal(MALICIOUS) and MALICIOUS not in query.text
    # as an IRI it is not even a term: a usage error, nothing runs
    with pytest.raises(UsageError, match="topic"):
        run_query(store, "offices-on-topic", {"topic": MALICIOUS})
    assert len(store) == before


def test_unknown_and_malformed_parameters_are_usage_errors(store: ox.Store) -> None:
    with pytest.raises(UsageError, match="no parameter colour"):
        run_query(store, "projects-under-document", {"colour": "red"})
    with pytest.raises(UsageError, match="parameters: none"):
        run_query(store, "office-overview", {"topic": "topic:PartyBuilding"})
    header = "# name: t\n# parameters: ?n integer\n# parameters: ?x decimal = 1.5\n"
    query = parse_query(header + "SELECT ?n ?x {}")
    with pytest.raises(UsageError, match="not a valid integer"):
        bind_parameters(query, {"n": "1; DROP ALL"})
    with pytest.raises(UsageError, match="not a valid decimal"):
        bind_parameters(query, {"x": "1e5"})
    terms = bind_parameters(query, {"n": "42"})
    assert terms[ox.Variable("n")] == ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))
    assert terms[ox.Variable("x")] == ox.Literal("1.5", datatype=_XSD_DECIMAL)  # the default
    # an empty value leaves the parameter unbound: the query ranges over all documents
    assert len(rows(store, "projects-under-document", document="")) > 3
    with pytest.raises(InputError, match="bad parameter declaration"):
        parse_query("# parameters: ?x float\nSELECT ?x {}")


def test_unknown_query_name_lists_the_library(store: ox.Store) -> None:
    with pytest.raises(UsageError, match="office-overview"):
        run_query(store, "no-such-query")


# --- graph files and stores ----------------------------------------------------------------


def test_bad_graph_files_are_input_errors_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.ttl"):
        load_graph_file(bad)
    with pytest.raises(InputError, match="cannot tell the RDF format"):
        load_graph_file(tmp_path / "graph.xyz")
    with pytest.raises(InputError, match=r"missing\.trig: no such file"):
        load_graph_file(tmp_path / "missing.trig")
    empty = tmp_path / "empty.nt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no triples"):
        load_graph_file(empty)


def test_the_ontology_is_loaded_in_its_named_graph(store: ox.Store) -> None:
    # the layout of build --store: the vocabulary in ONTOLOGY_GRAPH, seen through the union
    assert has_vocabulary(store) and store.contains_named_graph(ONTOLOGY_GRAPH)
    bare = ox.Store()
    assert not has_vocabulary(bare)
    load_vocabulary(bare)
    assert has_vocabulary(bare)
    # without the ontology the sumOf checks find nothing to check (hence the CLI warning)
    assert run_query(ox.Store(), "reconciliation").rows == ()


# --- output formats ------------------------------------------------------------------------


def test_json_and_tsv_are_standard_sparql_results(store: ox.Store) -> None:
    result = run_query(store, "three-public-expenses")
    for fmt, rformat in (("json", ox.QueryResultsFormat.JSON), ("tsv", ox.QueryResultsFormat.TSV)):
        parsed = ox.parse_query_results(format_result(result, fmt).encode(), rformat)
        assert isinstance(parsed, ox.QuerySolutions)
        assert [v.value for v in parsed.variables] == list(result.variables)
        again = [tuple(s[v] for v in parsed.variables) for s in parsed]
        assert again == [tuple(row) for row in result.rows], fmt
    payload = json.loads(format_result(result, "json"))
    first = payload["results"]["bindings"][0]
    assert first["amount"]["datatype"].endswith("#decimal")
    assert first["office"] == {"type": "literal", "value": OFFICE["002"], "xml:lang": "zh"}


def test_table_is_aligned_with_headers(store: ox.Store) -> None:
    text = format_result(run_query(store, "office-overview"), "table")
    lines = text.splitlines()
    assert lines[0].split() == list(run_query(store, "office-overview").variables)
    assert set(lines[1].replace(" ", "")) == {"-"} and lines[-1] == "(5 rows)"
    # CJK characters take two columns: the year column starts at the same place on every row
    starts = {_display_width(line[: line.index("  20") + 2]) for line in lines[2:-1]}
    assert len(starts) == 1


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --- the command line ----------------------------------------------------------------------


def test_cli_queries_lists_them_all() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["queries", "--format", "json"])
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert len(listed) >= 14 and all(q["question_zh"] and q["question_en"] for q in listed)
    result = runner.invoke(main, ["queries"])
    assert (
        result.exit_code == 0
        and "各部门支出总额及基本支出、项目支出、人员经费占比？" in result.output
    )


def test_cli_query_csv(built: dict[str, Path]) -> None:
    result = CliRunner().invoke(
        main, ["query", "office-overview", str(built["trig"]), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.output)))
    assert table[0][:3] == ["office", "year", "total"]
    assert [OFFICE["000"], "2020", "6918800"] in [r[:3] for r in table[1:]]  # 000 line 47


def test_cli_query_params_files_and_errors(built: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "query",
            "projects-under-document",
            str(built["ttl"]),
            "--param",
            "document=三组发〔2018〕9号",
        ],
    )
    assert result.exit_code == 0 and "整治老旧小区环境卫生工程" in result.output  # 002 line 322
    own = tmp_path / "count.rq"
    own.write_text(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?p a <{BKG}Project> }} }}")
    result = runner.invoke(main, ["query", str(own), str(built["trig"]), "--format", "tsv"])
    assert result.exit_code == 0 and result.output.splitlines()[0] == "?n"
    assert "70" in result.output  # 5 + 18 + 23 + 22 + 2 project tables
    for args, message in (
        (["query", "office-overview"], "exactly one of GRAPH_FILE or --store"),
        (["query", "office-overview", str(built["trig"]), "--param", "oops"], "NAME=VALUE"),
        (["query", "nope", str(built["trig"])], "unknown query"),
        (["query", "office-overview", str(tmp_path / "none.trig")], "no such file"),
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and message in result.output, args


def test_cli_query_on_a_read_only_store(tmp_path: Path) -> None:
    runner = CliRunner()
    directory = tmp_path / "store"
    result = runner.invoke(main, ["build", str(CORPUS), "--store", str(directory)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["query", "table-totals", "--store", str(directory)])
    assert result.exit_code == 0, result.output
    assert "rounding" in result.output and "no-amounts" in result.output  # as in test_table_totals
    result = runner.invoke(main, ["query", "reconciliation", "--store", str(directory)])
    assert result.exit_code == 0 and "incomplete" in result.output and not result.stderr
    # a store without the ontology: the query runs, with a warning on stderr
    bare = tmp_path / "bare"
    writable = ox.Store(str(bare))
    writable.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("1")))
    writable.flush()
    del writable
    result = runner.invoke(main, ["query", "reconciliation", "--store", str(bare)])
    assert result.exit_code == 0 and "no budgetkg ontology" in result.stderr
    result = runner.invoke(main, ["query", "reconciliation", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2
