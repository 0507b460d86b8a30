"""One regression test per parser bug found, each on the smallest input that showed it."""

from pathlib import Path

from budgetkg.parse.duties import lines_to_duties
from budgetkg.parse.projects import ProjectBlock, block_to_project
from budgetkg.topics import assign_topics


def test_duty_title_is_split_from_its_text() -> None:
    # 001 line 8 and 004 line 7 kept "社区建设：" inside Duty.text, unlike 003.
    duties = lines_to_duties(
        ["（一）社区建设：指导社区居委会拓展社区服务；", "政务服务职责：负责政务公开。"], 8
    )
    assert [(d.title, d.text) for d in duties] == [
        ("社区建设", "指导社区居委会拓展社区服务；"),
        ("政务服务职责", "负责政务公开。"),
    ]


def test_goal_statements_after_a_blank_line_are_kept() -> None:
    # 001 lines 1187-1191: a blank line inside the 绩效目标 cell dropped statements 2 and 3.
    lines = (
        "\t绩效目标",
        "\t1.保障民兵训练。",
        "",
        "2.根据上级要求完成训练任务。",
        "3.圆满完成各项工作任务。",
        "",
        "\t一级指标",
        "\t二级指标",
        "\t三级指标",
        "\t绩效指标描述",
        "\t指标值",
        "\t指标值确定依据",
    )
    block = ProjectBlock(13, "乡镇武装工作经费", "预算项目", 1186, lines)
    project, _ = block_to_project(block, "f")
    assert project.goals == (
        "保障民兵训练。",
        "根据上级要求完成训练任务。",
        "圆满完成各项工作任务。",
    )


def test_city_government_is_not_municipal_works() -> None:
    # 002 line 9: 市政 (municipal works) matched inside 市政府 (the city government).
    duty = "根据市委、市政府对全市发展的总体要求，研究街道办事处社会发展中的重大问题"
    assert "UrbanManagementAndHousing" not in assign_topics(duty)


def test_project_serves_the_most_specific_duty() -> None:
    # 004: 非公办教师经费 (Education) was linked to duty 14 政务管理职责, which mentions education
    # among other things, instead of duty 16 义务教育职责.
    from pyoxigraph import NamedNode

    from budgetkg.rdf.mapping import served_duty

    duties = [
        (NamedNode("urn:d14"), ("Education", "VillageAffairs", "OfficeAdministration")),
        (NamedNode("urn:d16"), ("Education",)),
    ]
    assert served_duty(("Education",), duties) == NamedNode("urn:d16")
    assert served_duty(("VillageAffairs",), duties) == NamedNode("urn:d14")
    assert served_duty(("PartyBuilding",), duties) is None


def test_goal_indicator_comparator_words() -> None:
    # 004 line 85: 用户满意度高于95% was read with comparator "=".
    from budgetkg.parse.goals import split_indicator_text

    found = split_indicator_text("用户满意度高于95%；宣传覆盖面积达到95%以上", 85)
    assert [(i.name, i.comparator, str(i.value)) for i in found] == [
        ("用户满意度", ">", "95"),
        ("宣传覆盖面积", "≥", "95"),
    ]


def test_opening_sentence_is_not_taken_for_the_department() -> None:
    # found by the property tests: with line 1 unusable, the title pattern took the opening
    # sentence "按照《中华人民共和国预算法》…现将X2020年部门预算…" as the department name.
    from budgetkg.parse.header import find_header

    header = find_header(
        ["\t乱码", "按照《预算法》规定，现将某某街道办事处2020年部门预算公开如下："]
    )
    assert header is not None
    assert (header.department, header.fiscal_year) == ("某某街道办事处", 2020)


def test_codes_before_a_town_name_are_read() -> None:
    # found by the synthetic corpus: "438002 XX镇" lost its codes (only 办事处/街道/… endings).
    from budgetkg.parse.header import find_codes

    assert find_codes(["438某某镇", "\t438002某某乡"]) == ("438", ("438002",))


def test_budget_line_labels_are_chinese() -> None:
    # the label was "<department> 2020 BasicExpenditure"@zh: an English name tagged zh.
    from budgetkg.parse.disclosure import parse_file
    from budgetkg.rdf.mapping import disclosure_graph
    from budgetkg.rdf.terms import LABEL

    path = Path(__file__).resolve().parents[1] / "corpus" / "hebei" / "000_b9b1c81c3101a224.txt"
    g = disclosure_graph(parse_file(path))
    labels = [o for s, p, o in g.triples if p == LABEL and "/line/BasicExpenditure>" in s]
    assert labels == ['"沧州渤海新区南大港产业园区城区办事处 2020 基本支出"@zh']


def test_a_line_separator_in_a_literal_does_not_split_the_triple(tmp_path: Path) -> None:
    # U+2028 and U+0085 may stand unescaped in an N-Triples literal (only CR and LF must be
    # escaped) and disclosures keep them (ingest splits at CR and LF only).  Validation split
    # the unit with str.splitlines() and stopped with a traceback; replacing a graph in a
    # store split its SPARQL update the same way and failed with a SyntaxError.
    import pyoxigraph as ox
    from click.testing import CliRunner

    from budgetkg.cli import main
    from budgetkg.store import replace_graph

    corpus = Path(__file__).resolve().parents[1] / "corpus" / "hebei"
    text = sorted(corpus.iterdir())[0].read_text(encoding="utf-8")
    at = text.index("解决退休干部的实际困难") + 4
    (tmp_path / "a.txt").write_text(text[:at] + "\u2028\x85" + text[at:], encoding="utf-8")
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "a.nq")])
    assert built.exit_code == 0
    assert "\u2028\x85" in (tmp_path / "a.nq").read_text(encoding="utf-8")
    fast = runner.invoke(main, ["validate", str(tmp_path / "a.nq")])
    reference = runner.invoke(main, ["validate", "--engine", "pyshacl", str(tmp_path / "a.nq")])
    assert fast.exception is None and fast.exit_code == reference.exit_code == 0
    assert fast.stdout.splitlines()[-1] == reference.stdout.splitlines()[-1]

    store, graph = ox.Store(), ox.NamedNode("http://example.org/g")
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    replace_graph(store, graph, [ox.Quad(s, p, ox.Literal("old"), graph)])
    new = ox.Quad(s, p, ox.Literal("a\u2028b\x85c"), graph)
    assert replace_graph(store, graph, [new])
    assert list(store) == [new]
