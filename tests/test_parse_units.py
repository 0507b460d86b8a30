"""The small pure functions of the parser, each on its own."""

from decimal import Decimal

import pytest

from budgetkg.parse.amounts import format_decimal, parse_decimal, to_yuan
from budgetkg.parse.finance import OVERVIEW, THREE_PUBLIC
from budgetkg.parse.projects import split_goal_statements
from budgetkg.parse.prose import events_to_lines, join_lines, text_to_events
from budgetkg.parse.rows import lines_to_rows, rejoin_split_rows
from budgetkg.parse.sections import heading_section, split_sections
from budgetkg.parse.targets import parse_target


def test_word_rows_cells_and_continuations() -> None:
    lines = [
        "\t序号",
        "\t单位名称",
        "",
        "\t1",
        "\t保定市徐水区",
        "城区办事处",
        "\t行政",
        "",
        "正文",
    ]
    rows = lines_to_rows(lines, first_line=21)
    assert [r.texts for r in rows] == [
        ("序号", "单位名称"),
        ("1", "保定市徐水区城区办事处", "行政"),
        ("正文",),
    ]
    assert rows[1].cells[1].text == "保定市徐水区\n城区办事处"
    assert rows[1].line == 24
    assert rows[2].kind == "text" and rows[2].line == 29


def test_pdf_rows_and_trailing_tabs() -> None:
    rows = lines_to_rows(
        ["一级指标\t二级指标", "\t质量指标\t合格率", "绩效目标\t\t\t\t"], first_line=1
    )
    assert rows[0].texts == ("一级指标", "二级指标")
    assert rows[1].texts == ("", "质量指标", "合格率")
    assert rows[2].kind == "text" and rows[2].texts == ("绩效目标",)


def test_rows_cut_by_a_blank_line_are_rejoined() -> None:
    rows = lines_to_rows(["\t产出指标", "", "\tb", "\tc", "\td", "\te", "\tf"], first_line=1)
    joined, lines = rejoin_split_rows(rows, 6)
    assert len(joined) == 1 and joined[0].texts == ("产出指标", "b", "c", "d", "e", "f")
    assert lines == [1]


@pytest.mark.parametrize(
    ("line", "current", "expected"),
    [
        ("一、部门职责及机构设置情况", 0, 1),
        ("第二部分：部门预算安排的总体情况", 1, 2),
        ("五、绩效预算信息", 4, 5),
        ("一、总体绩效目标", 5, None),  # nested heading inside section 五
        ("第一部分部门整体绩效目标", 5, None),
        ("七、国有资产信息", 6, 7),
        ("\t六、政府采购", 5, None),  # a table cell is never a heading
    ],
)
def test_heading_section(line: str, current: int, expected: int | None) -> None:
    assert heading_section(line, current) == expected


def test_split_sections_keeps_line_numbers() -> None:
    sections = split_sections(["标题", "一、部门职责", "x", "二、部门预算安排的总体情况", "y"])
    assert [(s.number, s.first_line, s.body_start) for s in sections] == [
        (0, 1, 1),
        (1, 2, 3),
        (2, 4, 5),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("691.88", "691.88"), ("1,207,013.28", "1207013.28"), ("0", "0"), ("—", None), ("12a", None)],
)
def test_parse_decimal(text: str, value: str | None) -> None:
    assert parse_decimal(text) == (Decimal(value) if value else None)


def test_to_yuan_is_exact() -> None:
    assert to_yuan(Decimal("691.88"), "万元") == Decimal("6918800")
    assert format_decimal(to_yuan(Decimal("0.015"), "万元")) == "150"
    assert format_decimal(Decimal("1207013.280")) == "1207013.28"


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("≥95%", "≥", "95", "%"),
        ("=100%", "=", "100", "%"),
        ("≥95百分比", "≥", "95", "%"),
        ("70次以上", "≥", "70", "次"),
        ("70000人以上", "≥", "70000", "人"),
        ("≤10万元", "≤", "10", "万元"),
        ("≥664 人", "≥", "664", "人"),
        ("不低于90%", "≥", "90", "%"),
        ("不超过5%", "≤", "5", "%"),
        ("100", "=", "100", None),
        ("4类", "=", "4", "类"),
        ("≥100%", "≥", "100", "%"),
    ],
)
def test_numeric_targets(text: str, comparator: str, value: str, unit: str | None) -> None:
    t = parse_target(text)
    assert (t.comparator, t.value, t.unit, t.problem) == (comparator, Decimal(value), unit, None)


@pytest.mark.parametrize("text", ["≥95100%", "100100%", ">95100%"])
def test_merged_cells_stay_text(text: str) -> None:
    t = parse_target(text)
    assert t.value is None and t.comparator is None and t.problem is not None


@pytest.mark.parametrize(
    "text", ["解决实际困难", "满意", "项目可使用资金11万元", "保障居委会正常办公"]
)
def test_qualitative_targets_stay_text(text: str) -> None:
    t = parse_target(text)
    assert t.value is None and t.problem is None


def test_goal_statements() -> None:
    assert split_goal_statements("1.开展青少年活动\n2.使青少年更好的成长") == (
        "开展青少年活动",
        "使青少年更好的成长",
    )
    assert split_goal_statements("1、2020年投入180万元用于惠民。2、通过该项目") == (
        "2020年投入180万元用于惠民。",
        "通过该项目",
    )
    assert split_goal_statements("保障民兵训练。") == ("保障民兵训练。",)


def _lines(text: str, patterns):  # type: ignore[no-untyped-def]
    events = text_to_events(join_lines([text], 10))
    lines, diagnostics = events_to_lines(events, patterns, "f.txt")
    return {bl.category: (bl.amount, bl.change) for bl in lines}, diagnostics


def test_sentence_reader_amounts_and_changes() -> None:
    found, _ = _lines(
        "2020年部门支出预算为691.88万元，其中基本支出357.51万元，包括人员经费333.18万元和日常公用经费"
        "24.33万元；项目支出334.37万元。基本支出减少0.73万元，退役人员经费较2019年减少6.68万元。",
        OVERVIEW,
    )
    assert found["TotalExpenditure"] == (Decimal("6918800"), None)
    assert found["PersonnelExpenditure"] == (
        Decimal("3331800"),
        None,
    )  # 退役人员经费 is not 人员经费
    assert found["BasicExpenditure"] == (Decimal("3575100"), Decimal("-7300"))


def test_sentence_reader_unchanged_and_brackets() -> None:
    found, _ = _lines(
        "“三公”经费预算安排0万元，比2019年减少0.79万元。其中：\n(一)公务用车购置及运行维护费0万元（其中："
        "公务用车运行维护费0万元，公务用车购置费0万元)，比上年减少0.79万元。\n(二)公务接待费0万元，与上年持平。",
        THREE_PUBLIC,
    )
    assert found["ThreePublicExpenses"] == (Decimal(0), Decimal("-7900"))
    assert found["VehiclePurchaseAndOperation"] == (Decimal(0), Decimal("-7900"))
    assert found["VehiclePurchase"] == (Decimal(0), None)
    assert found["OfficialReception"] == (Decimal(0), Decimal(0))


def test_conflicting_amounts_warn() -> None:
    found, diagnostics = _lines("基本支出357.51万元，基本支出358万元。", OVERVIEW)
    assert found["BasicExpenditure"][0] == Decimal("3575100")
    assert [d.code for d in diagnostics] == ["amount-conflict"]


def _codes_line_by_line(lines: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """find_codes without its shortcut: every line through the three patterns."""
    from budgetkg.parse import header

    department: str | None = None
    units: list[str] = []
    for raw in lines:
        line = raw.strip("\t").split("\t")[0]
        if (m := header._DEPT_CODE.search(line)) or (m := header._BRACKET_CODE.match(line)):
            department = department or m.group("code")
        elif m := header._LEADING_CODE.match(line):
            code = m.group("code")
            if len(code) != 6:
                department = department or code
            elif code not in units:
                units.append(code)
    return department, tuple(units)


def test_find_codes_skips_only_lines_no_code_can_match() -> None:
    from budgetkg.ingest import load
    from budgetkg.parse.header import find_codes
    from conftest import CORPUS_DIR

    crafted = [
        "说明\t部门编码：436", "[913]城区办事处", "\t\t438城区办事处", "٤٣٨城区办事处",
        "438002某某乡\t合计", "部门编码 - 912", "x部门编码437", "",
    ]  # fmt: skip
    assert find_codes(crafted) == _codes_line_by_line(crafted) == ("913", ("438002",))
    for path in sorted(CORPUS_DIR.iterdir()):
        lines = list(load(path).lines)
        assert find_codes(lines) == _codes_line_by_line(lines), path.name
