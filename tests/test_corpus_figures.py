"""Acceptance: every budget figure of sections 二, 三, 四, 六 and 七 equals the printed one.

The expected values below were read off the five files of ``corpus/hebei`` by hand
(``cat -n``), never copied from the parser's output.  Each figure is written as printed
(``wan("691.88")`` for ``691.88万元``) with the source line in a comment, and converted
to exact yuan here.  ``line`` is the line on which the figure itself is printed; where
the same figure is printed twice (003 section 四 repeats the items of its first
sentence), both lines are accepted.

Changes (``比上年增减``) are signed yuan; ``None`` means the document prints no change
for that figure.  The total change of section 二 is stated for 收支 (income and
expenditure), so it belongs to both TotalIncome and TotalExpenditure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from budgetkg.model import Disclosure
from budgetkg.parse.disclosure import CATEGORY_ORDER


def wan(printed: str) -> Decimal:
    """A figure printed in 万元 → exact yuan (``wan("691.88") == Decimal("6918800")``)."""
    return Decimal(printed) * 10000


def yuan(printed: str) -> Decimal:
    """A figure printed in 元 → exact yuan."""
    return Decimal(printed)


@dataclass(frozen=True)
class Fig:
    """One expected budget line."""

    amount: Decimal | None
    line: int | tuple[int, ...]  # the line(s) where the amount is printed
    change: Decimal | None = None  # None: no change printed for this figure
    previous: Decimal | None = None  # only printed by the 三公 table of 001

    @property
    def lines(self) -> tuple[int, ...]:
        return self.line if isinstance(self.line, tuple) else (self.line,)


EXPECTED: dict[str, dict[str, Fig]] = {
    # 000_b9b1c81c3101a224.txt — 沧州渤海新区南大港产业园区城区办事处, 2020
    "000": {
        # l.44 "2020年预算收入691.88万元"; l.50 "收支安排691.88万元，较2019年预算增长189.78万元"
        "TotalIncome": Fig(wan("691.88"), 44, wan("189.78")),
        "GeneralPublicBudgetIncome": Fig(wan("449.97"), 44),  # l.44 一般公共预算收入449.97万元
        "GovernmentFundIncome": Fig(wan("241.91"), 44),  # l.44 基金预算收入241.91万元
        "FiscalSpecialAccountIncome": Fig(wan("0"), 44),  # l.44 财政专户核拨收入0万元
        "OtherIncome": Fig(wan("0"), 44),  # l.44 其他来源收入0万元
        "TotalExpenditure": Fig(wan("691.88"), 47, wan("189.78")),  # l.47 部门支出预算为691.88万元
        # l.47 基本支出357.51万元; l.50 基本支出减少0.73万元
        "BasicExpenditure": Fig(wan("357.51"), 47, wan("-0.73")),
        # l.47 人员经费333.18万元; l.50 人员经费增加0.45万元
        "PersonnelExpenditure": Fig(wan("333.18"), 47, wan("0.45")),
        # l.47 日常公用经费24.33万元; l.50 日常经费减少1.18万元
        "PublicOperatingExpenditure": Fig(wan("24.33"), 47, wan("-1.18")),
        # l.47 项目支出334.37万元; l.50 项目支出增加190.51万元
        "ProjectExpenditure": Fig(wan("334.37"), 47, wan("190.51")),
        "OperatingExpenses": Fig(wan("24.33"), 54),  # l.54 机关运行经费共计安排24.33万元
        # l.57 "三公"经费预算安排0万元，比2019年减少0.79万元
        "ThreePublicExpenses": Fig(wan("0"), 57, wan("-0.79")),
        # l.58 公务用车购置及运行维护费0万元 … 比上年减少0.79万元
        "VehiclePurchaseAndOperation": Fig(wan("0"), 58, wan("-0.79")),
        "VehicleOperation": Fig(wan("0"), 58),  # l.58 公务用车运行维护费0万元 (no change)
        "VehiclePurchase": Fig(wan("0"), 58),  # l.58 公务用车购置费0万元 (no change)
        "OfficialReception": Fig(wan("0"), 59, wan("0")),  # l.59 公务接待费0万元，与上年持平
        "OverseasTravel": Fig(wan("0"), 61, wan("0")),  # l.61 因公出国（境）费0万元，与上年持平
        "GovernmentProcurement": Fig(wan("268.52"), 551),  # l.551 政府采购预算268.52万元
        "FixedAssets": Fig(wan("16.72"), 653),  # l.653 上年末固定资产金额为16.72万元
        "FixedAssetPurchasePlan": Fig(wan("1.5"), 653),  # l.653 拟购置固定资产总额为1.5万元
    },
    # 001_19b141d18f0b593e.txt — 保定市徐水区城区办事处, 2021
    "001": {
        # l.40 2021年预算收入为1925.35万元; l.49 收支安排1925.35万元，较上年增加174.48万元
        "TotalIncome": Fig(wan("1925.35"), 40, wan("174.48")),
        "GeneralPublicBudgetIncome": Fig(wan("1925.35"), 40),  # l.40 一般公共预算收入1925.35万元
        "GovernmentFundIncome": Fig(wan("0"), 40),  # l.40 基金预算收入0万元
        "FiscalSpecialAccountIncome": Fig(wan("0"), 40),  # l.40 财政专户收入0万元
        "OtherIncome": Fig(wan("0"), 40),  # l.40 其他来源收入0万元
        # l.42 2021年部门支出预算：1925.35万元
        "TotalExpenditure": Fig(wan("1925.35"), 42, wan("174.48")),
        # l.43 基本支出288.59万元; l.49 基本支出减少17.18万元
        "BasicExpenditure": Fig(wan("288.59"), 43, wan("-17.18")),
        "PersonnelExpenditure": Fig(wan("256.9"), 44),  # l.44 其中：人员经费256.9万元
        "PublicOperatingExpenditure": Fig(wan("31.69"), 45),  # l.45 日常公用经费31.69万元
        # l.46 项目支出 1636.76万元; l.49 项目支出增加191.66万元
        "ProjectExpenditure": Fig(wan("1636.76"), 46, wan("191.66")),
        "OperatingExpenses": Fig(wan("31.69"), 52),  # l.52 机关运行经费安排31.69万元
        # 三公 table (单位：万元 l.63), columns 2020年度预算 | 2021年度预算 | 增减金额;
        # the 2021 figure is on the third line of each row.
        # l.71-74 因公出国经费 0 | 0 | 0
        "OverseasTravel": Fig(wan("0"), 73, wan("0"), previous=wan("0")),
        # l.77-80 公务用车购置经费 0 | 0 | 0
        "VehiclePurchase": Fig(wan("0"), 79, wan("0"), previous=wan("0")),
        # l.83-86 公务用车运行经费 6 | 6 | 0
        "VehicleOperation": Fig(wan("6"), 85, wan("0"), previous=wan("6")),
        # l.89-92 公务接待费支出 0 | 0 | 0
        "OfficialReception": Fig(wan("0"), 91, wan("0"), previous=wan("0")),
        # l.95-98 合计 6 | 6 | 0
        "ThreePublicExpenses": Fig(wan("6"), 97, wan("0"), previous=wan("6")),
        # (公务用车购置及运行费 as one figure is not printed by 001)
        # l.1664 "2021年，我部门无政府采购预算，空表列示。" → 0
        "GovernmentProcurement": Fig(wan("0"), 1664),
        "FixedAssets": Fig(wan("275.9"), 1694),  # l.1694 固定资产总金额为275.9万元
        "FixedAssetPurchasePlan": Fig(wan("0"), 1694),  # l.1694 拟购置金额为0
    },
    # 002_e1031f8433d6dfbe.txt — 三河市泃阳西大街街道办事处, 2020
    "002": {
        # l.21 2020年预算收入2999.85万元; l.28 收支安排2999.85万元，较2019年预算增加636.67万元
        "TotalIncome": Fig(wan("2999.85"), 21, wan("636.67")),
        "GeneralPublicBudgetIncome": Fig(wan("2981.85"), 21),  # l.21 一般公共预算收入2981.85万元
        "GovernmentFundIncome": Fig(wan("18"), 21),  # l.21 基金预算收入18万元
        "FiscalSpecialAccountIncome": Fig(wan("0"), 21),  # l.21 财政专户核拨收入0万元
        "OtherIncome": Fig(wan("0"), 21),  # l.21 其他来源收入0万元
        "TotalExpenditure": Fig(wan("2999.85"), 25, wan("636.67")),  # l.25 支出预算2999.85万元
        # l.25 基本支出1251.46万元; l.28 基本支出减少101.42万元
        "BasicExpenditure": Fig(wan("1251.46"), 25, wan("-101.42")),
        "PersonnelExpenditure": Fig(wan("1114.26"), 25),  # l.25 人员经费1114.26万元
        "PublicOperatingExpenditure": Fig(wan("137.2"), 25),  # l.25 日常公用经费137.2万元
        # l.25 项目支出1748.39万元; l.28 项目支出增加738.09万元
        "ProjectExpenditure": Fig(wan("1748.39"), 25, wan("738.09")),
        "OperatingExpenses": Fig(wan("137.2"), 30),  # l.30 机关运行经费共计安排137.2万元
        # l.32 (one long sentence): "三公"经费预算安排6.67万元 … 与2019年相比减少1.1万元
        "ThreePublicExpenses": Fig(wan("6.67"), 32, wan("-1.1")),
        # l.32 因公出国（境）费0万元 … 因公出国（境）费与2019年持平
        "OverseasTravel": Fig(wan("0"), 32, wan("0")),
        # l.32 公务用车购置及运维费5.92万元 … 公务用车购置及运维费减少0.6万元
        "VehiclePurchaseAndOperation": Fig(wan("5.92"), 32, wan("-0.6")),
        # l.32 公务用车购置费为0万元 … 公务用车购置费与2019年持平
        "VehiclePurchase": Fig(wan("0"), 32, wan("0")),
        # l.32 公务用车运维费5.92万元 … 公务用车运行费减少0.6万元
        "VehicleOperation": Fig(wan("5.92"), 32, wan("-0.6")),
        # l.32 公务接待费0.75万元 … 公务接待费减少0.5万元
        "OfficialReception": Fig(wan("0.75"), 32, wan("-0.5")),
        "GovernmentProcurement": Fig(wan("344"), 1206),  # l.1206 安排政府采购预算344万元
        "FixedAssets": Fig(wan("698.03"), 1353),  # l.1353 上年末固定资产金额为698.03万元
        "FixedAssetPurchasePlan": Fig(wan("18"), 1353),  # l.1353 拟购置固定资产总额为18万元
    },
    # 003_a5307daa3fff78f9.txt — 石家庄市高新技术产业开发区长江街道办事处, 2020 (PDF export)
    "003": {
        # l.65 2020 年度收入总计 3805.77 万元;
        # l.75 预算安排 3805.77 万元，较 2019 年增加 636.47 万元
        "TotalIncome": Fig(wan("3805.77"), 65, wan("636.47")),
        # l.65/67 "一般公共预算拨" / "款 2792.05 万元": the figure is printed on l.67
        "GeneralPublicBudgetIncome": Fig(wan("2792.05"), 67),
        "GovernmentFundIncome": Fig(wan("1013.72"), 67),  # l.67 基金预算拨款 1013.72 万元
        "StateCapitalIncome": Fig(wan("0"), 67),  # l.67 国有资本经营预算拨款 0 万元
        "FiscalSpecialAccountIncome": Fig(wan("0"), 67),  # l.67 财政专户核拨 0 万元
        "OtherIncome": Fig(wan("0"), 67),  # l.67 其他来源收入 0 万元
        # l.71 2020 年支出预算总计 3805.77 万元
        "TotalExpenditure": Fig(wan("3805.77"), 71, wan("636.47")),
        # l.71 基本支出 1304.85 万元; l.75 基本支出增加 94.8 万元
        "BasicExpenditure": Fig(wan("1304.85"), 71, wan("94.8")),
        "PersonnelExpenditure": Fig(wan("1117.2"), 71),  # l.71 人员经费 1117.2 万元
        "PublicOperatingExpenditure": Fig(wan("187.65"), 71),  # l.71 日常公用经费 187.65 万元
        # l.71 项目支出 2500.92 万元; l.75 项目支出增加 541.67 万元
        "ProjectExpenditure": Fig(wan("2500.92"), 71, wan("541.67")),
        # l.83 机关运行经费支出预算 187.65 万元 … 与 2019 年相比增长 2.49 万元
        "OperatingExpenses": Fig(wan("187.65"), 83, wan("2.49")),
        # l.87 "三公"经费财政拨款支出预算 9 万元，与上年持平
        "ThreePublicExpenses": Fig(wan("9"), 87, wan("0")),
        # l.87 因公出国（境）费支出 0 万元; l.89 因公出国（境）支出预算 0 万元 … 较上年无变化
        "OverseasTravel": Fig(wan("0"), (87, 89), wan("0")),
        # l.87 公务用车购置及运行费支出预算 6 万元 (no change printed for this figure)
        "VehiclePurchaseAndOperation": Fig(wan("6"), 87),
        # l.90 公务用车运行维护费支出预算 6 万元 … 与上年持平
        "VehicleOperation": Fig(wan("6"), 90, wan("0")),
        # l.90 公务用车购置支出预算 0 万元。与上年持平
        "VehiclePurchase": Fig(wan("0"), 90, wan("0")),
        # l.87 公务接待费 3 万元; l.91 公务接待费 3 万元 … 与上年持平
        "OfficialReception": Fig(wan("3"), (87, 91), wan("0")),
        "GovernmentProcurement": Fig(wan("383.28"), 605),  # l.605 政府采购支出预算金额 383.28 万元
        "FixedAssets": Fig(wan("404.13"), 628),  # l.628 本部门固定资产 404.13 万元
        "FixedAssetPurchasePlan": Fig(wan("6.28"), 630),  # l.630 拟购置固定资产总额为 6.28 万元
    },
    # 004_d62c5ad780f3e02c.txt — 廊坊市广阳区九州镇白家务办事处, 2020
    "004": {
        # l.66 2020年预算收入3632.47万元; l.70 收支安排3632.47万元，较2019年预算增加734.07万元
        "TotalIncome": Fig(wan("3632.47"), 66, wan("734.07")),
        "GeneralPublicBudgetIncome": Fig(wan("3632.47"), 66),  # l.66 一般公共预算收入3632.47万元
        "GovernmentFundIncome": Fig(wan("0"), 66),  # l.66 基金预算收入0万元
        "FiscalSpecialAccountIncome": Fig(wan("0"), 66),  # l.66 财政专户核拨收入0万元
        "OtherIncome": Fig(wan("0"), 66),  # l.66 其他来源收入0万元
        "TotalExpenditure": Fig(wan("3632.47"), 68, wan("734.07")),  # l.68 支出预算3632.47万元
        # l.68 基本支出2715.66万元; l.70 基本支出较少106.45万元 (较少 = 减少)
        "BasicExpenditure": Fig(wan("2715.66"), 68, wan("-106.45")),
        "PersonnelExpenditure": Fig(wan("2633.56"), 68),  # l.68 人员经费2633.56万元
        "PublicOperatingExpenditure": Fig(wan("82.10"), 68),  # l.68 日常公用经费82.10万元
        # l.68 项目支出916.81万元; l.70 项目支出增加840.52万元
        "ProjectExpenditure": Fig(wan("916.81"), 68, wan("840.52")),
        "OperatingExpenses": Fig(wan("82.10"), 72),  # l.72 机关运行经费共计安排82.10万元
        # l.74 "三公"经费预算安排4.37万元 … 与2019年相比持平，无增减变化 (said of the total)
        "ThreePublicExpenses": Fig(wan("4.37"), 74, wan("0")),
        "OverseasTravel": Fig(wan("0"), 74),  # l.74 因公出国（境）费0万元
        "VehiclePurchaseAndOperation": Fig(wan("4.37"), 74),  # l.74 公务用车购置及运维费4.37万元
        "VehiclePurchase": Fig(wan("0"), 74),  # l.74 公务用车购置费为0万元
        "VehicleOperation": Fig(wan("4.37"), 74),  # l.74 公务用车运维费4.37万元
        "OfficialReception": Fig(wan("0"), 74),  # l.74 公务接待费0万元
        "GovernmentProcurement": Fig(wan("3.81"), 206),  # l.206 安排政府采购预算3.81万元
        "FixedAssets": Fig(wan("451.31"), 297),  # l.297 上年末固定资产金额为451.31万元
        "FixedAssetPurchasePlan": Fig(wan("3.81"), 297),  # l.297 拟购置固定资产总额为3.81万元
    },
}

CASES = [(key, category) for key, figures in EXPECTED.items() for category in figures]


def _line(d: Disclosure, key: str, category: str):
    bl = d.line_for(category)
    assert bl is not None, f"{key}: {category} (printed) not found"
    return bl


def test_expected_categories_are_known() -> None:
    for figures in EXPECTED.values():
        assert set(figures) <= set(CATEGORY_ORDER)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_categories_found_are_exactly_the_printed_ones(
    corpus: dict[str, Disclosure], key: str
) -> None:
    found = [bl.category for bl in corpus[key].budget_lines]
    assert len(found) == len(set(found)), f"{key}: a category occurs twice: {found}"
    assert set(found) == set(EXPECTED[key])


@pytest.mark.parametrize(("key", "category"), CASES)
def test_amount(corpus: dict[str, Disclosure], key: str, category: str) -> None:
    assert _line(corpus[key], key, category).amount == EXPECTED[key][category].amount


@pytest.mark.parametrize(("key", "category"), CASES)
def test_change(corpus: dict[str, Disclosure], key: str, category: str) -> None:
    assert _line(corpus[key], key, category).change == EXPECTED[key][category].change


@pytest.mark.parametrize(("key", "category"), CASES)
def test_line(corpus: dict[str, Disclosure], key: str, category: str) -> None:
    assert _line(corpus[key], key, category).line in EXPECTED[key][category].lines


@pytest.mark.parametrize(
    "category",
    [
        "OverseasTravel",
        "VehiclePurchase",
        "VehicleOperation",
        "OfficialReception",
        "ThreePublicExpenses",
    ],
)
def test_001_three_public_table_previous_year(corpus: dict[str, Disclosure], category: str) -> None:
    """001 prints 三公 as a table: 2020年度预算 | 2021年度预算 | 增减金额 (l.65-98)."""
    bl = _line(corpus["001"], "001", category)
    assert bl.previous == EXPECTED["001"][category].previous
    assert bl.source == "table"


@pytest.mark.parametrize(
    ("key", "category", "change_line"),
    [
        ("000", "TotalIncome", 50),  # l.50 较2019年预算增长189.78万元
        ("000", "PublicOperatingExpenditure", 50),  # l.50 日常经费减少1.18万元
        ("000", "ThreePublicExpenses", 57),  # l.57 比2019年减少0.79万元
        ("001", "ProjectExpenditure", 49),  # l.49 项目支出增加191.66万元
        ("002", "OfficialReception", 32),  # l.32 公务接待费减少0.5万元
        ("003", "OperatingExpenses", 83),  # l.83 与 2019 年相比增长 2.49 万元
        ("003", "BasicExpenditure", 75),  # l.75 基本支出增加 94.8 万元
        ("004", "BasicExpenditure", 70),  # l.70 基本支出较少106.45万元
    ],
)
def test_change_line(
    corpus: dict[str, Disclosure], key: str, category: str, change_line: int
) -> None:
    assert _line(corpus[key], key, category).change_line == change_line


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_prose_figures_have_no_previous_year(corpus: dict[str, Disclosure], key: str) -> None:
    for bl in corpus[key].budget_lines:
        if EXPECTED[key].get(bl.category, Fig(None, 0)).previous is None:
            assert bl.previous is None, bl


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_section_two_adds_up_as_printed(corpus: dict[str, Disclosure], key: str) -> None:
    """The printed figures themselves add up (a check on the expectations above)."""
    e = EXPECTED[key]
    sources = (
        "GeneralPublicBudgetIncome",
        "GovernmentFundIncome",
        "StateCapitalIncome",
        "FiscalSpecialAccountIncome",
        "OtherIncome",
    )
    assert sum(e[c].amount for c in sources if c in e) == e["TotalIncome"].amount
    assert (
        e["BasicExpenditure"].amount + e["ProjectExpenditure"].amount
        == e["TotalExpenditure"].amount
    )
    assert (
        e["PersonnelExpenditure"].amount + e["PublicOperatingExpenditure"].amount
        == e["BasicExpenditure"].amount
    )
    assert e["BasicExpenditure"].change + e["ProjectExpenditure"].change == e["TotalIncome"].change
