"""Sections 二, 三, 四, 六 and 七: the printed budget figures as budget lines."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from ..model import BudgetLine, Diagnostic
from .amounts import declared_unit, parse_decimal, to_yuan
from .prose import Patterns, events_to_lines, join_lines, text_to_events
from .rows import Row, lines_to_rows
from .sections import Section


def _p(*pairs: tuple[str, str]) -> Patterns:
    return tuple((category, re.compile(regex)) for category, regex in pairs)


#: section 二 subjects (full match after the leading/trailing words are removed)
OVERVIEW = _p(
    ("GeneralPublicBudgetIncome", r"一般公共预算(?:财政)?(?:拨款)?(?:收入)?"),
    ("GovernmentFundIncome", r"(?:政府性)?基金预算(?:拨款)?(?:收入)?"),
    ("StateCapitalIncome", r"国有资本经营预算(?:拨款)?(?:收入)?"),
    ("FiscalSpecialAccountIncome", r"财政专户(?:核拨)?(?:收入)?"),
    ("OtherIncome", r"其他(?:来源)?收入"),
    ("TotalIncome", r"(?:预算)?收入(?:预算)?(?:总计|合计|总额)?(?:为)?"),
    ("BasicExpenditure", r"基本支出"),
    ("PersonnelExpenditure", r"人员(?:经费|支出)"),
    ("PublicOperatingExpenditure", r"(?:日常)?公用(?:经费|支出)|日常经费"),
    ("ProjectExpenditure", r"项目支出"),
    ("TotalExpenditure", r"(?:部门)?(?:预算)?支出(?:预算)?(?:总计|合计|总额)?"),
)
OVERVIEW_RESTATE = _p(("Total", r"(?:部门)?(?:预算)?收支(?:预算)?(?:安排|总计)?|预算安排"))
OVERVIEW_CHANGES = {"Total": ("TotalIncome", "TotalExpenditure")}

OPERATING = _p(
    ("OperatingExpenses", r"机关运行经费(?:共计|合计)?(?:支出)?(?:预算)?(?:安排)?(?:支出)?")
)

THREE_PUBLIC = _p(
    ("ThreePublicExpenses", r".*三公.*经费.*"),
    ("VehiclePurchaseAndOperation", r"公务用车购置及运(?:行维护|维|行)费?(?:支出)?(?:预算)?"),
    ("VehiclePurchase", r"公务用车购置(?:费|经费)?(?:支出)?(?:预算)?"),
    ("VehicleOperation", r"公务用车运(?:行维护|维|行)(?:费|经费)?(?:支出)?(?:预算)?"),
    ("OfficialReception", r"公务接待(?:费|经费)?(?:支出)?(?:预算)?"),
    ("OverseasTravel", r"因公出国(?:费|经费)?(?:支出)?(?:预算)?"),
)

PROCUREMENT = _p(
    ("GovernmentProcurement", r"(?:安排)?政府采购(?:支出)?(?:预算)?(?:金额|总额)?(?:安排)?"),
)

ASSETS = _p(
    (
        "FixedAssets",
        r".*(?:上年末|截止|截至).*固定资产(?:总)?(?:金额|总额|价值)?|固定资产(?:总)?(?:金额|总额)",
    ),
    ("FixedAssetPurchasePlan", r".*拟购置(?:固定资产)?(?:金额|总额)?"),
)
_NO_PROCUREMENT = re.compile(r"无政府采购(?:预算)?")


def _prose_lines(
    section: Section,
    patterns: Patterns,
    file: str,
    restate: Patterns = (),
    changes: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[list[BudgetLine], list[Diagnostic]]:
    paragraph = join_lines(section.lines, section.body_start)
    events = text_to_events(paragraph)
    return events_to_lines(events, patterns, file, restate=restate, change_targets=changes)


def overview_lines(section: Section, file: str) -> tuple[list[BudgetLine], list[Diagnostic]]:
    """Section 二: income and its sources, expenditure and its parts, the changes."""
    return _prose_lines(section, OVERVIEW, file, OVERVIEW_RESTATE, OVERVIEW_CHANGES)


def operating_lines(section: Section, file: str) -> tuple[list[BudgetLine], list[Diagnostic]]:
    """Section 三: 机关运行经费."""
    return _prose_lines(section, OPERATING, file)


_TP_ROW = _p(
    ("ThreePublicExpenses", r"合计|总计|“?三公”?经费(?:合计)?"),
    ("OverseasTravel", r"因公出国(?:（境）|\(境\))?(?:费|经费)(?:支出)?"),
    ("VehiclePurchaseAndOperation", r"公务用车购置及运(?:行维护|维|行)(?:费|经费)(?:支出)?"),
    ("VehiclePurchase", r"公务用车购置(?:费|经费)(?:支出)?"),
    ("VehicleOperation", r"公务用车运(?:行维护|维|行)(?:费|经费)(?:支出)?"),
    ("OfficialReception", r"公务接待(?:费|经费)(?:支出)?"),
)


def _classify_row(label: str, patterns: Patterns) -> str | None:
    for category, pattern in patterns:
        if pattern.fullmatch(label):
            return category
    return None


def three_public_table(
    rows: Sequence[Row], fiscal_year: int, file: str
) -> tuple[list[BudgetLine], list[Diagnostic]]:
    """A 三公 table: 项目名称 | <year-1>年度预算 | <year>年度预算 | 增减金额 | 变化原因."""
    diagnostics: list[Diagnostic] = []
    unit = "万元"
    header: tuple[str, ...] | None = None
    result: list[BudgetLine] = []
    for row in rows:
        texts = row.texts
        for t in texts:
            if (u := declared_unit(t)) is not None:
                unit = u
        if header is None:
            if any("项目" in t for t in texts) and any("预算" in t for t in texts):
                header = texts
            continue
        label = next((t for t in texts if t), "")
        category = _classify_row(label, _TP_ROW)
        if category is None:
            if any(texts):
                diagnostics.append(
                    Diagnostic(
                        file, row.line, "warning", "table-row", f"三公 table: unknown row {label!r}"
                    )
                )
            continue
        current = previous = change = None
        current_col = previous_col = change_col = None
        for index, h in enumerate(header):
            if str(fiscal_year) in h:
                current_col = index
            elif str(fiscal_year - 1) in h:
                previous_col = index
            elif "增减" in h:
                change_col = index
        values = [parse_decimal(t) for t in texts]
        if current_col is not None and current_col < len(values):
            current = values[current_col]
        if previous_col is not None and previous_col < len(values):
            previous = values[previous_col]
        if change_col is not None and change_col < len(values):
            change = values[change_col]
        if current is None:
            diagnostics.append(
                Diagnostic(
                    file,
                    row.line,
                    "warning",
                    "table-row",
                    f"三公 table: no {fiscal_year} amount in row {label!r}",
                )
            )
            continue
        result.append(
            BudgetLine(
                category=category,
                amount=to_yuan(current, unit),
                line=row.cells[current_col or 0].line,
                printed=f"{texts[current_col or 0]}{unit}",
                change=to_yuan(change, unit) if change is not None else None,
                change_line=row.cells[change_col].line
                if change is not None and change_col is not None
                else None,
                previous=to_yuan(previous, unit) if previous is not None else None,
                source="table",
            )
        )
    if header is None and any(r.kind == "table" for r in rows):
        first = next(r for r in rows if r.kind == "table")
        diagnostics.append(
            Diagnostic(
                file,
                first.line,
                "warning",
                "table-header",
                "三公 table without a recognisable header",
            )
        )
    return result, diagnostics


def three_public_lines(
    section: Section, fiscal_year: int, file: str
) -> tuple[list[BudgetLine], list[Diagnostic]]:
    """Section 四: the 三公 total and items, from prose and/or a table."""
    lines, diagnostics = _prose_lines(section, THREE_PUBLIC, file)
    rows = lines_to_rows(section.lines, section.body_start)
    if any(r.kind == "table" and len(r) >= 3 for r in rows):
        table, more = three_public_table(rows, fiscal_year, file)
        diagnostics.extend(more)
        lines = merge_lines(lines, table, file, diagnostics)
    return lines, diagnostics


def procurement_lines(section: Section, file: str) -> tuple[list[BudgetLine], list[Diagnostic]]:
    """Section 六: the procurement total (``无政府采购预算`` is a printed zero)."""
    lines, diagnostics = _prose_lines(section, PROCUREMENT, file)
    if not lines:
        for offset, text in enumerate(section.lines):
            if not text.startswith("\t") and (m := _NO_PROCUREMENT.search(text)):
                line = section.body_start + offset
                lines.append(BudgetLine("GovernmentProcurement", Decimal(0), line, m.group(0)))
                break
    return lines, diagnostics


def asset_lines(section: Section, file: str) -> tuple[list[BudgetLine], list[Diagnostic]]:
    """Section 七: fixed assets at the end of last year, and planned purchases."""
    return _prose_lines(section, ASSETS, file)


def merge_lines(
    first: Sequence[BudgetLine],
    second: Sequence[BudgetLine],
    file: str,
    diagnostics: list[Diagnostic],
) -> list[BudgetLine]:
    """Merge lines of the same categories from two readings (prose and table)."""
    merged = {bl.category: bl for bl in first}
    for bl in second:
        old = merged.get(bl.category)
        if old is None:
            merged[bl.category] = bl
            continue
        if old.amount is not None and bl.amount is not None and old.amount != bl.amount:
            diagnostics.append(
                Diagnostic(
                    file,
                    bl.line,
                    "warning",
                    "amount-conflict",
                    f"{bl.category}: {bl.printed} here but {old.printed} on line {old.line}",
                )
            )
            continue
        merged[bl.category] = replace(
            old,
            amount=old.amount if old.amount is not None else bl.amount,
            change=old.change if old.change is not None else bl.change,
            change_line=old.change_line if old.change is not None else bl.change_line,
            previous=old.previous if old.previous is not None else bl.previous,
        )
    return list(merged.values())
