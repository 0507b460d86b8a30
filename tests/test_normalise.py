"""One test per normalisation rule (see budgetkg.normalise), on real corpus lines."""

import random

import pytest

from budgetkg.normalise import RULES, normalise_line, normalise_lines
from conftest import CORPUS_DIR


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # bookmark residue (001 line 116)
        ("[bookmark: _Toc66962590]一、总体绩效目标", "一、总体绩效目标"),
        (
            "[bookmark: _Toc66962600][bookmark: _GoBack]8.退役军人公益岗位人员工资绩效目标表",
            "8.退役军人公益岗位人员工资绩效目标表",
        ),
        # TOC field codes (000 lines 66, 115)
        ("一、总体绩效目标 TC 总体绩效目标 \\f A \\l 1 ", "一、总体绩效目标"),
        (
            "1、计生后遗症人员医疗和生活补助经费绩效目标表"
            " TC 3、第三方评价工作经费绩效目标表 \\f C \\l 1 ",
            "1、计生后遗症人员医疗和生活补助经费绩效目标表",
        ),
        # LaTeX (003 lines 107, 121)
        ("党报党刊征订率 $\\geq 90\\%$ ；工作完成率100%", "党报党刊征订率≥90%；工作完成率100%"),
        ("党务工作完成率 \\geq 90%；组织党建活动 4 次", "党务工作完成率≥90%；组织党建活动4次"),
        ("$\\leq 5\\%$", "≤5%"),
        # Markdown residue (003 lines 75, 89)
        ("其中：**基本支出**增加 94.8 万元", "其中：基本支出增加94.8万元"),
        ("- 1、因公出国（境）支出预算 0 万元，占 0%。", "1、因公出国（境）支出预算0万元，占0%。"),
        # full-width digits
        ("２０２０年预算收入６９１.８８万元", "2020年预算收入691.88万元"),
        # spaces around cells, tabs kept (004 line 122, 001 line 1697)
        ("\t\u3000≥90%", "\t≥90%"),
        ("\t                           截止时间：2020年12月31日", "\t截止时间：2020年12月31日"),
        ("绩效目标\t1、目标 \t\t", "绩效目标\t1、目标\t\t"),
        # OCR spaces inside CJK runs (003 lines 3, 58; 002 line 1246)
        ("长江街道办事处 2020 年部门预算公开情况说明", "长江街道办事处2020年部门预算公开情况说明"),
        ("高新区长江街道 办事处\t行政", "高新区长江街道办事处\t行政"),
        ("\t合\u3000计", "\t合计"),
        ("石办字 201819 号文", "石办字201819号文"),
    ],
)
def test_rule_on_real_line(raw: str, expected: str) -> None:
    assert normalise_line(raw) == expected


def test_spaces_between_latin_words_and_numbers_are_kept() -> None:
    assert normalise_line("ISO 9001") == "ISO 9001"
    assert normalise_line("A0999 B07") == "A0999 B07"


def test_text_without_residue_is_unchanged() -> None:
    line = "2020年预算收入691.88万元，其中：一般公共预算收入449.97万元。"
    assert normalise_line(line) == line


def test_line_count_is_preserved() -> None:
    lines = ["a", "", "\t", " ", "[bookmark: x]", "$\\geq 1$"]
    assert len(normalise_lines(lines)) == len(lines)


def test_every_rule_is_documented() -> None:
    import budgetkg.normalise as module

    assert module.__doc__ is not None
    for name, _rule in RULES:
        assert f"``{name}``" in module.__doc__


def _every_rule(line: str) -> str:
    for _name, rule in RULES:
        line = rule(line)
    return line


def test_the_fast_path_equals_every_rule() -> None:
    """normalise_line skips the first five rules on lines they cannot change; on lines made of
    every character those rules react to, it must still give what applying every rule gives."""
    pieces = [
        "合计", " ", "\u3000", "\t", "-", "*", "**", "$", "\\geq", "\\%", "９０", "％",
        "[bookmark: _Toc1]", "TC 3、评价 \\f C \\l 1", "2020 年", "- ", "* ",
        "≥", "90", "%", "a", "\u00a0",
    ]  # fmt: skip
    rng = random.Random(7)
    for _ in range(20_000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert normalise_line(line) == _every_rule(line), line
        assert normalise_lines([line, line]) == (_every_rule(line),) * 2, line


def test_the_whole_text_pass_equals_line_by_line() -> None:
    """normalise_lines rewrites the text in one pass (space runs decided by their neighbours);
    on documents of random lines, and on every sample disclosure, it must give exactly what
    normalise_line gives line by line."""
    pieces = [
        "合计", " ", "  ", "\u3000", "\t", "-", "*", "$", "\\geq", "９０", "％", "（",
        "[bookmark: _Toc1]", "2020 年", "- ", "≥", "90", "%", "‰", "a", "\u00a0", "，", "",
    ]  # fmt: skip
    rng = random.Random(11)
    for _ in range(3_000):
        lines = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(0, 6))
        ]
        assert normalise_lines(lines) == tuple(map(normalise_line, lines)), lines
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        assert normalise_lines(lines) == tuple(map(normalise_line, lines)), path.name


def test_a_line_holding_a_line_break_is_normalised_on_its_own() -> None:
    lines = ["合 计\n 年", " a "]
    assert normalise_lines(lines) == ("合计\n 年", "a")
