"""Sections 六 and 七: the procurement table and the fixed-asset table.

Both tables declare their own unit (``单位：万元``, ``价值（金额单位：万元）``);
amounts are converted with it.  Sub-total and total rows of the procurement table
are checked against the items, not emitted as items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ..model import AssetHolding, Diagnostic, ProcurementItem
from .amounts import declared_unit, format_decimal, parse_decimal, to_yuan
from .rows import Row

_CATALOG = re.compile(r"^\[?(?P<code>[ABC]\d{1,12})\]?\s*(?P<name>.*)$")
_KIND_WORDS = {"货物": "goods", "工程": "works", "服务": "services"}
_KIND_CODES = {"A": "goods", "B": "works", "C": "services"}
_TOTAL = re.compile(r"^(?:合计|总计|小计)$|小计$|合计$")
_FUND_HEADERS = (
    "一般公共预算拨款",
    "基金预算拨款",
    "国有资本经营预算拨款",
    "财政专户核拨",
    "其他来源收入",
    "单位资金",
    "其他渠道资金",
)


def _amount_columns(rows: Sequence[Row]) -> tuple[int | None, dict[int, str]]:
    """Index of the amount column (总计 or 合计) and of each fund column, from the header rows.

    The header is three merged rows; the widest row that names the fund columns
    aligns with the data rows.
    """
    total: int | None = None
    funds: dict[int, str] = {}
    for row in rows:
        texts = row.texts
        if any(t in _FUND_HEADERS for t in texts):
            for i, t in enumerate(texts):
                if t in _FUND_HEADERS:
                    funds[i] = t
                elif t in ("合计", "总计") and total is None:
                    total = i
    return total, funds


def rows_to_procurement(
    rows: Sequence[Row], file: str
) -> tuple[list[ProcurementItem], list[Diagnostic]]:
    """Items of the 部门政府采购预算 table; totals are checked against them."""
    diagnostics: list[Diagnostic] = []
    unit = "万元"
    for row in rows:
        for t in row.texts:
            unit = declared_unit(t) or unit
    table = [r for r in rows if r.kind == "table"]
    header_end = next((k for k, r in enumerate(table) if _TOTAL.search(r.texts[0])), None)
    if header_end is None:
        header_end = next(
            (
                k + 1
                for k, r in reversed(list(enumerate(table)))
                if any(t in _FUND_HEADERS for t in r.texts)
            ),
            len(table),
        )
    total_col, funds = _amount_columns(table[:header_end])
    items: list[ProcurementItem] = []
    totals: list[tuple[Row, Decimal]] = []
    for row in table[header_end:]:
        texts = row.texts
        if not any(texts):
            continue
        values = [parse_decimal(t) for t in texts]
        amount_col = next(
            (i for i in range(total_col or 7, len(texts)) if values[i] is not None), None
        )
        if amount_col is None:
            if _TOTAL.search(texts[0]):
                continue  # an empty total row of an empty table
            diagnostics.append(
                Diagnostic(
                    file,
                    row.line,
                    "warning",
                    "procurement-row",
                    f"procurement row without an amount: {' | '.join(t for t in texts if t)[:80]}",
                )
            )
            continue
        amount = to_yuan(values[amount_col] or Decimal(0), unit)
        if _TOTAL.search(texts[0]):
            totals.append((row, amount))
            continue
        if len(texts) < 8:
            diagnostics.append(
                Diagnostic(
                    file,
                    row.line,
                    "warning",
                    "procurement-row",
                    f"procurement row has {len(texts)} cells; expected at least 8",
                )
            )
            continue
        kind_cell, catalog_cell = texts[2], texts[3]
        kind = _KIND_WORDS.get(kind_cell)
        item_name = None if kind else (kind_cell or None)
        code = None
        if m := _CATALOG.match(catalog_cell):
            code = m.group("code")
            item_name = item_name or (m.group("name") or None)
            kind = kind or _KIND_CODES.get(code[0])
        fund = next(
            (
                funds[i]
                for i in sorted(funds)
                if i < len(values) and values[i] not in (None, Decimal(0))
            ),
            None,
        )
        budget = values[1]
        items.append(
            ProcurementItem(
                ordinal=len(items) + 1,
                project_name=texts[0],
                project_budget=to_yuan(budget, unit) if budget is not None else None,
                item_name=item_name,
                catalog_code=code,
                kind=kind,
                quantity_unit=texts[4] or None,
                quantity=values[5],
                unit_price=to_yuan(values[6], unit) if values[6] is not None else None,
                amount=amount,
                fund_source=fund,
                line=row.line,
            )
        )
    item_sum = sum((i.amount for i in items), Decimal(0))
    for row, amount in totals:
        if amount != item_sum:
            diagnostics.append(
                Diagnostic(
                    file,
                    row.line,
                    "warning",
                    "procurement-total",
                    f"{row.texts[0]} row {format_decimal(amount)} yuan but the items add up "
                    f"to {format_decimal(item_sum)} yuan",
                )
            )
    return items, diagnostics


#: row label → (asset class, quantity unit)
_ASSET_ROWS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), c)
    for p, c in (
        (r"(?:固定)?资产总额|固定资产总额|合计", "TotalAssets"),
        (r"(?:\d+[、.．])?(?:土地)?房屋.*", "Buildings"),
        (r"其中[:：]办公用房.*", "OfficeSpace"),
        (r"(?:\d+[、.．])?车辆.*|其中[:：]车辆.*", "Vehicles"),
        (r"(?:\d+[、.．])?通用设备.*", "GeneralEquipment"),
        (r"(?:\d+[、.．])?专用设备.*", "SpecialEquipment"),
        (r"其中[:：]单价50万元.*通用设备.*", "HighValueGeneralEquipment"),
        (r"单价100万元.*专用设备.*", "HighValueSpecialEquipment"),
        (r"(?:\d+[、.．]|其中[:：])?单价(?:在)?\d+万元.*设备.*", "HighValueEquipment"),
        (r"(?:\d+[、.．])?文物.*", "CulturalRelics"),
        (r"(?:\d+[、.．])?图书档案.*", "BooksAndArchives"),
        (r"其中[:：]图书资料.*", "Books"),
        (r"(?:\d+[、.．])?家具.*", "Furniture"),
        (r"(?:\d+[、.．])?其他固定资产.*", "OtherFixedAssets"),
    )
)
_QUANTITY_UNIT = re.compile(r"[（(](?P<u>平方米|台、辆|台、套|台|辆|套|㎡)[）)]")


def rows_to_assets(rows: Sequence[Row], file: str) -> tuple[list[AssetHolding], list[Diagnostic]]:
    """The fixed-asset table: one holding per recognised row."""
    diagnostics: list[Diagnostic] = []
    unit = "万元"
    holdings: list[AssetHolding] = []
    split_rows: list[tuple[int, Row, str, str]] = []
    for row in rows:
        texts = row.texts
        for t in texts:
            unit = declared_unit(t) or unit
        if row.kind != "table" or len(texts) < 2:
            continue
        label = texts[0]
        asset_class = next((c for p, c in _ASSET_ROWS if p.fullmatch(label)), None)
        if asset_class is None:
            if label not in ("项目", "项目名称") and any(parse_decimal(t) for t in texts[1:]):
                diagnostics.append(
                    Diagnostic(
                        file, row.line, "warning", "asset-row", f"unknown asset row {label!r}"
                    )
                )
            continue
        quantity = parse_decimal(texts[1])
        value_cell = row.cells[2].text if len(row.cells) > 2 else ""
        amount = parse_decimal(value_cell.replace("\n", "")) if "\n" not in value_cell else None
        if "\n" in value_cell:
            split_rows.append(
                (len(holdings), row, value_cell.split("\n")[0], value_cell.replace("\n", ""))
            )
        m = _QUANTITY_UNIT.search(label)
        holdings.append(
            AssetHolding(
                asset_class=asset_class,
                label=label,
                quantity=quantity,
                quantity_unit=m.group("u") if m else None,
                amount=to_yuan(amount, unit) if amount is not None else None,
                line=row.line,
            )
        )
    for index, row, first, joined in split_rows:
        holdings[index] = _resolve_split(
            holdings, index, row, first, joined, unit, file, diagnostics
        )
    return holdings, diagnostics


_TOP_LEVEL = (
    "Buildings",
    "Vehicles",
    "GeneralEquipment",
    "SpecialEquipment",
    "HighValueEquipment",
    "CulturalRelics",
    "BooksAndArchives",
    "Furniture",
    "OtherFixedAssets",
)


def _resolve_split(
    holdings: list[AssetHolding],
    index: int,
    row: Row,
    first: str,
    joined: str,
    unit: str,
    file: str,
    diagnostics: list[Diagnostic],
) -> AssetHolding:
    """A value cell broken over two lines: take the reading that makes the table add up.

    The candidates are the first line alone and the lines joined; the one for which
    the top-level classes sum to the printed total is kept, and a warning names the
    stray line.  If neither or both reconcile, the amount is left unknown.
    """
    holding = holdings[index]
    total = next((h.amount for h in holdings if h.asset_class == "TotalAssets"), None)
    others = sum(
        (
            h.amount or Decimal(0)
            for k, h in enumerate(holdings)
            if k != index and h.asset_class in _TOP_LEVEL and h.asset_class != "HighValueEquipment"
        ),
        Decimal(0),
    )
    fits = []
    for text in (first, joined):
        value = parse_decimal(text)
        if value is not None and total is not None and others + to_yuan(value, unit) == total:
            fits.append(text)
    cell = row.cells[2]
    shown = cell.text.replace("\n", " / ")
    if len(fits) == 1:
        diagnostics.append(
            Diagnostic(
                file,
                cell.line,
                "warning",
                "split-number",
                f"{holding.label}: value cell reads {shown!r}; took {fits[0]} {unit}, the reading "
                "with which the rows add up to the printed total",
            )
        )
        return AssetHolding(
            holding.asset_class,
            holding.label,
            holding.quantity,
            holding.quantity_unit,
            to_yuan(Decimal(fits[0]), unit),
            holding.line,
        )
    diagnostics.append(
        Diagnostic(
            file,
            cell.line,
            "warning",
            "split-number",
            f"{holding.label}: value cell reads {shown!r}; amount left unknown",
        )
    )
    return holding
