"""Disclosures from other provinces' templates: read as far as they go, with warnings.

The texts below follow templates seen outside Hebei (different headings, 第X部分 with
nested numbering, tables flattened into lines). The parser must find at least the
department, the year and the headline totals, warn about what it did not understand, and
invent nothing.
"""

from decimal import Decimal

from budgetkg.ingest import source_from_bytes
from budgetkg.parse.disclosure import parse_source

SICHUAN = """成都市锦江区督院街街道办事处2021年部门预算
第一部分 部门概况
一、主要职能
负责辖区社区建设、城市管理、社会治安综合治理等工作。
二、机构设置
本部门为一级预算单位。
第二部分 2021年部门预算情况说明
一、收支预算总体情况
2021年收入总计2345.67万元，支出总计2345.67万元。
二、支出预算情况说明
2021年一般公共预算支出2345.67万元，其中：基本支出1500.12万元，项目支出845.55万元。
三、“三公”经费预算情况说明
2021年“三公”经费预算数为3.2万元，其中公务接待费1.2万元，公务用车运行维护费2万元。
"""

FLATTENED = """某市某区人民政府办公室
2022年部门预算公开
一、部门职责
（一）负责政府日常运转。
二、部门预算收支总体情况
收入预算 1,200.50万元 支出预算 1,200.50万元
表1 收支总表 单位：万元 项目 金额 一般公共预算拨款收入 1,200.50 合计 1,200.50
"""


def _parse(text: str, name: str):  # type: ignore[no-untyped-def]
    return parse_source(source_from_bytes(text.encode("utf-8"), name))


def test_other_template_gives_department_year_and_totals() -> None:
    d = _parse(SICHUAN, "sichuan.txt")
    assert (d.department, d.fiscal_year) == ("成都市锦江区督院街街道办事处", 2021)
    found = {bl.category: bl.amount for bl in d.budget_lines}
    assert found["TotalIncome"] == found["TotalExpenditure"] == Decimal("23456700")
    assert found["BasicExpenditure"] == Decimal("15001200")
    assert found["ProjectExpenditure"] == Decimal("8455500")
    assert found["ThreePublicExpenses"] == Decimal("32000")
    # 一般公共预算支出 is expenditure by source, not the income category
    assert "GeneralPublicBudgetIncome" not in found
    # a region outside the gazetteer is not guessed
    assert d.regions == ()
    codes = {w.code for w in d.warnings}
    assert "missing-section" in codes and "no-duties" in codes


def test_flattened_tables_are_not_turned_into_structure() -> None:
    d = _parse(FLATTENED, "flat.txt")
    assert (d.department, d.fiscal_year) == ("某市某区人民政府办公室", 2022)
    found = {bl.category: bl.amount for bl in d.budget_lines}
    assert found["TotalIncome"] == found["TotalExpenditure"] == Decimal("12005000")
    assert d.projects == () and d.procurement == () and d.assets == ()
    assert [duty.text for duty in d.duties] == ["负责政府日常运转。"]
    assert any(w.code == "missing-section" for w in d.warnings)
