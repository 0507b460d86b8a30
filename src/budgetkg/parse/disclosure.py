"""The whole parse: :class:`~budgetkg.ingest.SourceText` → :class:`~budgetkg.model.Disclosure`."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..ingest import SourceText
from ..model import (
    AssetHolding,
    BudgetLine,
    BudgetUnit,
    Diagnostic,
    Disclosure,
    Duty,
    PerformanceGoal,
    ProcurementItem,
    Project,
)
from ..regions import region_chain
from .duties import section_one
from .finance import (
    asset_lines,
    merge_lines,
    operating_lines,
    overview_lines,
    procurement_lines,
    three_public_lines,
)
from .goals import lines_to_goals
from .header import (
    find_as_of,
    find_codes,
    find_header,
    find_issue_date,
    find_mandate,
    find_opening,
)
from .projects import block_to_project, split_project_blocks
from .rows import lines_to_rows
from .sections import SECTION_NAMES, Section, split_sections
from .tables67 import rows_to_assets, rows_to_procurement

#: sections whose absence is worth a warning
_EXPECTED = (1, 2, 3, 4, 5, 6, 7)


def parse_source(source: SourceText) -> Disclosure:
    """Parse normalised text into the model; problems become diagnostics.

    Raises :class:`InputError` only when the text is not a disclosure at all
    (no title with a department and year, and no section headings).
    """
    file = source.name
    sections = split_sections(source.lines)
    by_number: dict[int, Section] = {s.number: s for s in sections}
    header = find_header(source.lines)
    if header is None:
        raise InputError(
            file,
            "not a budget disclosure: no title naming a department and a year "
            "(…YYYY年部门预算…) in the first lines",
        )
    if len(by_number) <= 2:
        raise InputError(
            file,
            "not a budget disclosure: none of the template's section headings "
            "(部门职责, 总体情况, 机关运行经费, 三公经费, 绩效, 政府采购, 国有资产) found",
        )
    diagnostics: list[Diagnostic] = []
    for number in _EXPECTED:
        if number not in by_number:
            diagnostics.append(
                Diagnostic(
                    file,
                    1,
                    "warning",
                    "missing-section",
                    f"section {SECTION_NAMES[number]} not found",
                )
            )
    lines: list[BudgetLine] = []

    def add(result: tuple[list[BudgetLine], list[Diagnostic]]) -> None:
        nonlocal lines
        new, more = result
        diagnostics.extend(more)
        lines = merge_lines(lines, new, file, diagnostics)

    duties: list[Duty] = []
    units: list[BudgetUnit] = []
    if (s := by_number.get(1)) is not None:
        duties, units, more = section_one(s, file)
        diagnostics.extend(more)
    if (s := by_number.get(2)) is not None:
        add(overview_lines(s, file))
    if (s := by_number.get(3)) is not None:
        add(operating_lines(s, file))
    if (s := by_number.get(4)) is not None:
        add(three_public_lines(s, header.fiscal_year, file))
    goals: list[PerformanceGoal] = []
    projects: list[Project] = []
    if (s := by_number.get(5)) is not None:
        first, blocks = split_project_blocks(s.lines, s.body_start)
        goals, more = lines_to_goals(s.lines[:first], s.body_start, file)
        diagnostics.extend(more)
        for block in blocks:
            project, more = block_to_project(block, file)
            projects.append(project)
            diagnostics.extend(more)
    procurement: list[ProcurementItem] = []
    assets: list[AssetHolding] = []
    if (s := by_number.get(6)) is not None:
        add(procurement_lines(s, file))
        procurement, more = rows_to_procurement(lines_to_rows(s.lines, s.body_start), file)
        diagnostics.extend(more)
    as_of = None
    if (s := by_number.get(7)) is not None:
        add(asset_lines(s, file))
        assets, more = rows_to_assets(lines_to_rows(s.lines, s.body_start), file)
        diagnostics.extend(more)
        as_of = find_as_of("".join(s.lines))
    for category in ("TotalIncome", "TotalExpenditure"):
        if not any(bl.category == category and bl.amount is not None for bl in lines):
            diagnostics.append(
                Diagnostic(
                    file,
                    by_number[2].first_line if 2 in by_number else 1,
                    "warning",
                    "missing-figure",
                    f"{category} not found in section 二",
                )
            )
    issued = find_issue_date(source.lines)
    department_code, unit_codes = find_codes(source.lines)
    opening = find_opening(source.lines)
    mandate = find_mandate(source.lines)
    return Disclosure(
        source_file=file,
        sha256=source.sha256,
        title=header.title,
        department=header.department,
        fiscal_year=header.fiscal_year,
        line=header.line,
        regions=region_chain(header.department),
        issued=issued[0] if issued else None,
        issued_line=issued[1] if issued else None,
        department_code=department_code,
        unit_codes=unit_codes,
        duties=tuple(duties),
        units=tuple(units),
        budget_lines=tuple(sorted(lines, key=_category_order)),
        goals=tuple(goals),
        projects=tuple(projects),
        procurement=tuple(procurement),
        assets=tuple(assets),
        assets_as_of=as_of,
        opening=opening[0] if opening else None,
        opening_line=opening[1] if opening else None,
        mandate=mandate[0] if mandate else None,
        mandate_line=mandate[1] if mandate else None,
        diagnostics=tuple(sorted(diagnostics, key=lambda d: (d.line, d.code, d.message))),
    )


CATEGORY_ORDER = (
    "TotalIncome",
    "GeneralPublicBudgetIncome",
    "GovernmentFundIncome",
    "StateCapitalIncome",
    "FiscalSpecialAccountIncome",
    "OtherIncome",
    "TotalExpenditure",
    "BasicExpenditure",
    "PersonnelExpenditure",
    "PublicOperatingExpenditure",
    "ProjectExpenditure",
    "OperatingExpenses",
    "ThreePublicExpenses",
    "OverseasTravel",
    "VehiclePurchaseAndOperation",
    "VehiclePurchase",
    "VehicleOperation",
    "OfficialReception",
    "GovernmentProcurement",
    "FixedAssets",
    "FixedAssetPurchasePlan",
)


def _category_order(bl: BudgetLine) -> int:
    return (
        CATEGORY_ORDER.index(bl.category) if bl.category in CATEGORY_ORDER else len(CATEGORY_ORDER)
    )


def parse_file(path: str | Path) -> Disclosure:
    """Read and parse one disclosure file: text, Word (.docx), PDF or HTML."""
    from ..readers import read_any  # the readers import the parser's normalisation

    return parse_source(read_any(path))
