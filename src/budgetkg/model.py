"""The typed model of one budget disclosure.

Every item is a frozen dataclass that carries ``line``: the 1-based line of the
source text it was read from, so that every message and every triple can point
back to the printed text.  Amounts are exact :class:`~decimal.Decimal` values in
yuan (元); ``printed`` fields keep the figure as it was printed (e.g. ``691.88万元``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem or observation found while reading a file."""

    file: str
    line: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message} [{self.code}]"


@dataclass(frozen=True, slots=True)
class Region:
    """One level of the administrative chain, outermost first."""

    name: str
    level: str  # province | city | county | district | zone | town | street


@dataclass(frozen=True, slots=True)
class Duty:
    ordinal: int
    title: str | None  # e.g. "社区建设" in "（一）社区建设：…", "政务服务职责"
    text: str  # the duty without its number and title
    line: int


@dataclass(frozen=True, slots=True)
class BudgetUnit:
    """One row of the 机构设置 table."""

    ordinal: int
    name: str
    nature: str | None  # 单位性质: 行政 / 事业
    rank: str | None  # 单位规格: 正科级 …
    funding: str | None  # 经费保障形式: 财政拨款 …
    line: int


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One figure of sections 二/三/四/六/七, classified by a bkgc: category."""

    category: str  # local name in bkgc:, e.g. "TotalExpenditure"
    amount: Decimal | None  # yuan; None when only the change is printed
    line: int
    printed: str  # the figure as printed, e.g. "691.88万元"
    change: Decimal | None = None  # yuan, signed, year on year, when stated
    change_line: int | None = None
    previous: Decimal | None = None  # previous year's amount, when printed (tables)
    source: Literal["prose", "table"] = "prose"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of a performance-target table (or one item of a goal's 绩效指标 text)."""

    ordinal: int
    level1: str | None  # 一级指标 as printed: 产出指标 / 效果指标 / 效益指标 / 满意度指标
    level2: str | None  # 二级指标: 数量指标 / 质量指标 / …
    name: str  # 三级指标
    description: str | None  # 绩效指标描述
    target_text: str | None  # 指标值 as printed (cleaned of residue); None if not printed
    comparator: str | None  # ≥ ≤ > < =
    value: Decimal | None
    unit: str | None
    basis_text: str | None  # 指标值确定依据
    line: int


@dataclass(frozen=True, slots=True)
class SpendingCheckpoint:
    """One column of 资金支出计划: cumulative share spent by a month's end."""

    label: str  # "3月底"
    month: int
    percent: Decimal | None  # None when the cell is empty
    line: int


@dataclass(frozen=True, slots=True)
class Project:
    """A project performance-target table (绩效目标表)."""

    ordinal: int  # number printed in the title
    sequence: str  # heading of the numbering sequence: "预算项目", "专项资金", "资金绩效目标" …
    name: str
    line: int  # the title line
    code: str | None = None
    amount: Decimal | None = None  # 预算数, yuan
    fiscal_amount: Decimal | None = None  # 其中：财政资金, yuan
    other_amount: Decimal | None = None  # 其他资金, yuan
    declared_unit: str | None = None  # 单位：万元 / 单位：元 as declared by the table
    unit_code: str | None = None  # e.g. "520001" from "520001城区办本级"
    purpose: str | None = None
    spending_plan: tuple[SpendingCheckpoint, ...] = ()
    goals: tuple[str, ...] = ()
    goals_line: int | None = None
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True, slots=True)
class PerformanceGoal:
    """The overall goal (ordinal 0) or a numbered sub-goal of section 五."""

    ordinal: int
    title: str
    goal_text: str | None
    indicator_text: str | None
    line: int
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True, slots=True)
class ProcurementItem:
    ordinal: int
    project_name: str
    project_budget: Decimal | None  # yuan
    item_name: str | None
    catalog_code: str | None  # "A02010104", "B0899"
    kind: str | None  # goods | works | services
    quantity_unit: str | None
    quantity: Decimal | None
    unit_price: Decimal | None  # yuan
    amount: Decimal  # yuan
    fund_source: str | None  # header of the fund column carrying the amount
    line: int


@dataclass(frozen=True, slots=True)
class AssetHolding:
    """One row of the fixed-asset table (固定资产占用情况表)."""

    asset_class: str  # local name in bkgc:, e.g. "Buildings", "Vehicles", "TotalAssets"
    label: str  # row label as printed
    quantity: Decimal | None
    quantity_unit: str | None  # 平方米 / 台、辆 / …
    amount: Decimal | None  # yuan
    line: int


@dataclass(frozen=True, slots=True)
class Disclosure:
    """Everything read from one disclosure file."""

    source_file: str
    sha256: str
    title: str
    department: str
    fiscal_year: int
    line: int  # line of the department name
    regions: tuple[Region, ...] = ()
    issued: date | None = None
    issued_line: int | None = None
    department_code: str | None = None
    unit_codes: tuple[str, ...] = ()
    duties: tuple[Duty, ...] = ()
    units: tuple[BudgetUnit, ...] = ()
    budget_lines: tuple[BudgetLine, ...] = ()
    goals: tuple[PerformanceGoal, ...] = ()
    projects: tuple[Project, ...] = ()
    procurement: tuple[ProcurementItem, ...] = ()
    assets: tuple[AssetHolding, ...] = ()
    assets_as_of: date | None = None
    opening: str | None = None  # the opening paragraph (laws the disclosure follows)
    opening_line: int | None = None
    mandate: str | None = None  # 根据《…职能配置、内设机构和人员编制规定》…
    mandate_line: int | None = None
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    def line_for(self, category: str) -> BudgetLine | None:
        """The budget line of ``category`` (a bkgc: local name), if printed."""
        for bl in self.budget_lines:
            if bl.category == category:
                return bl
        return None

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity != "info")
