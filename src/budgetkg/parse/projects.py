"""Section 五, part two: one performance-target table (绩效目标表) per project.

Pipeline: :func:`split_project_blocks` (section lines → one block per titled table)
→ :func:`lines_to_rows` → :func:`rows_to_project` (header block, spending plan, goals)
and :func:`rows_to_indicators` (the indicator rows, level cells merged down).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import Diagnostic, Indicator, Project, SpendingCheckpoint
from .amounts import declared_unit, parse_decimal, to_yuan
from .rows import Row, lines_to_rows, rejoin_split_rows
from .targets import parse_target

TITLE = re.compile(r"^(?P<n>\d+)\s*[、.．]\s*(?P<name>.+?)\s*绩效目标表$")
_SEQUENCE = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[（(][一二三四五六七八九十]+[）)])?\s*"
    r"(?P<seq>[\u4e00-\u9fff]{0,6}?)绩效目标$"
)
_UNIT_CODE = re.compile(r"^(?P<code>\d{6})(?=[\u4e00-\u9fff])")
_MONTH = re.compile(r"^(?P<m>\d{1,2})月底?$")
_PERCENT = re.compile(r"^(?P<v>\d+(?:\.\d+)?)\s*%$")
_GOAL_NUMBER = "(?<![\\d.]){k}(?:、|[.．](?!\\d))"
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")


@dataclass(frozen=True, slots=True)
class ProjectBlock:
    ordinal: int
    name: str
    sequence: str
    line: int  # the title line
    lines: tuple[str, ...]  # the lines after the title

    @property
    def body_start(self) -> int:
        return self.line + 1


def split_project_blocks(lines: Sequence[str], first_line: int) -> tuple[int, list[ProjectBlock]]:
    """Split section 五 at the table titles.

    Returns the index of the first title (everything before it is part one) and
    the blocks.  The numbering sequence a table belongs to is the last heading
    ending in ``绩效目标`` before it (``专项资金绩效目标``, ``预算项目绩效目标`` …).
    """
    titles: list[tuple[int, re.Match[str], str]] = []
    sequence = ""
    for index, raw in enumerate(lines):
        if raw.startswith("\t"):
            continue
        line = raw.strip()
        if (m := _SEQUENCE.match(line)) and "整体" not in line and "总体" not in line:
            seq = m.group("seq")
            if seq not in ("", "分项"):
                sequence = seq
            continue
        if m := TITLE.match(line):
            titles.append((index, m, sequence))
    blocks = []
    for k, (index, m, seq) in enumerate(titles):
        end = titles[k + 1][0] if k + 1 < len(titles) else len(lines)
        blocks.append(
            ProjectBlock(
                ordinal=int(m.group("n")),
                name=m.group("name").strip(),
                sequence=seq or "项目",
                line=first_line + index,
                lines=tuple(lines[index + 1 : end]),
            )
        )
    first = titles[0][0] if titles else len(lines)
    return first, blocks


def split_goal_statements(text: str) -> tuple[str, ...]:
    """``1、…2、…`` (on one line or several) → the numbered statements, numbers removed."""
    flat = text.replace("\n", "").strip()
    if not flat:
        return ()
    starts: list[tuple[int, int]] = []
    position = 0
    k = 1
    while True:
        m = re.compile(_GOAL_NUMBER.format(k=k)).search(flat, position)
        if m is None or (k == 1 and flat[: m.start()].strip()):
            break
        starts.append((m.start(), m.end()))
        position = m.end()
        k += 1
    if not starts:
        return (flat,)
    statements = []
    for i, (_s, e) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(flat)
        statements.append(flat[e:end].strip())
    return tuple(s for s in statements if s)


def _target_fields(text: str) -> tuple[str | None, Decimal | None, str | None]:
    t = parse_target(text)
    return t.comparator, t.value, t.unit


def rows_to_indicators(rows: Sequence[Row], file: str) -> tuple[list[Indicator], list[Diagnostic]]:
    """Indicator rows (after the ``一级指标`` header); repeated headers are skipped."""
    indicators: list[Indicator] = []
    diagnostics: list[Diagnostic] = []
    level1: str | None = None
    level2: str | None = None
    rows, joined = rejoin_split_rows(
        [r for r in rows if r.kind == "table" and any(r.texts)], len(INDICATOR_HEADER)
    )
    for line in joined:
        diagnostics.append(
            Diagnostic(
                file,
                line,
                "info",
                "row-rejoined",
                "indicator row cut in two by a blank line; rejoined",
            )
        )
    for row in rows:
        texts = row.texts
        if row.kind != "table" or texts[:1] == ("一级指标",) or not any(texts):
            continue
        if len(texts) != len(INDICATOR_HEADER):
            diagnostics.append(
                Diagnostic(
                    file,
                    row.line,
                    "warning",
                    "indicator-row",
                    f"indicator row has {len(texts)} cells instead of 6; row skipped: "
                    f"{' | '.join(texts)[:80]}",
                )
            )
            continue
        l1, l2, name, description, target_text, basis = texts
        level1 = l1 or level1
        level2 = l2 or level2
        target = parse_target(target_text)
        cell = row.cells[4]
        if target.problem:
            diagnostics.append(
                Diagnostic(
                    file,
                    cell.line,
                    "warning",
                    "garbled-target",
                    f"target {target_text!r} kept as text: {target.problem}",
                )
            )
        indicators.append(
            Indicator(
                ordinal=len(indicators) + 1,
                level1=level1,
                level2=level2,
                name=name,
                description=description or None,
                target_text=target_text or None,
                comparator=target.comparator,
                value=target.value,
                unit=target.unit,
                basis_text=basis or None,
                line=row.cells[2].line,
            )
        )
    return indicators, diagnostics


_KEYS = {
    "项目编码": "code",
    "项目名称": "name",
    "专项资金名称": "name",
    "资金名称": "name",
    "预算数": "amount",
    "其中：财政资金": "fiscal",
    "其中:财政资金": "fiscal",
    "财政资金": "fiscal",
    "其他资金": "other",
}


def rows_to_project(
    block: ProjectBlock, rows: Sequence[Row], file: str
) -> tuple[Project, list[Diagnostic]]:
    """Read one project table."""
    diagnostics: list[Diagnostic] = []
    values: dict[str, tuple[str, int]] = {}
    unit: str | None = None
    unit_code: str | None = None
    purpose: str | None = None
    plan: list[SpendingCheckpoint] = []
    plan_labels: tuple[str, ...] | None = None
    goal_parts: list[str] = []  # the goal cell, and text rows continuing it
    goals_line: int | None = None
    in_goals = False
    header_at: int | None = None
    for index, row in enumerate(rows):
        texts = row.texts
        if "一级指标" in texts[:1]:
            header_at = index
            break
        for t in texts:
            unit = declared_unit(t) or unit
            if (m := _UNIT_CODE.match(t)) is not None:
                unit_code = m.group("code")
        if in_goals and row.kind == "text":
            # goal text after the 绩效目标 cell: the next line of a PDF export, or
            # statements a blank line cut off from the cell in a Word export
            goal_parts.append(row.cells[0].text)
            goals_line = goals_line or row.line
            continue
        in_goals = False
        if texts[0] == "绩效目标":
            in_goals = True
            if len(texts) > 1 and any(texts[1:]):
                cell = next(c for c in row.cells[1:] if c.text)
                goal_parts.append(cell.text)
                goals_line = cell.line
            continue
        if plan_labels is not None:
            for label, cell in zip(plan_labels, row.cells[1:], strict=False):
                month = _MONTH.match(label)
                pct = _PERCENT.match(cell.flat)
                plan.append(
                    SpendingCheckpoint(
                        label=label,
                        month=int(month.group("m")) if month else 0,
                        percent=Decimal(pct.group("v")) if pct else None,
                        line=cell.line,
                    )
                )
                if cell.flat and not pct:
                    diagnostics.append(
                        Diagnostic(
                            file,
                            cell.line,
                            "warning",
                            "spending-plan",
                            f"spending plan cell {cell.flat!r} is not a percentage",
                        )
                    )
            plan_labels = None
            continue
        if texts[0].startswith("资金支出计划"):
            plan_labels = texts[1:]
            continue
        for i, t in enumerate(texts[:-1]):
            key = _KEYS.get(t)
            if key is not None and key not in values:
                values[key] = (texts[i + 1], row.cells[i + 1].line)
        filled = row.filled
        if (
            row.kind == "table"
            and not texts[0]
            and len(filled) == 1
            and "amount" in values
            and purpose is None
            and declared_unit(filled[0].flat) is None
        ):
            purpose = filled[0].flat
    indicator_rows = rows[header_at + 1 :] if header_at is not None else ()
    indicators, more = rows_to_indicators(indicator_rows, file)
    diagnostics.extend(more)
    if header_at is None:
        diagnostics.append(
            Diagnostic(
                file,
                block.line,
                "warning",
                "no-indicators",
                f"绩效目标表 {block.name!r}: no indicator header (一级指标 …) found",
            )
        )

    def amount(key: str) -> Decimal | None:
        if key not in values:
            return None
        text, line = values[key]
        value = parse_decimal(text)
        if value is None:
            diagnostics.append(
                Diagnostic(
                    file, line, "warning", "project-amount", f"{key} {text!r} is not a number"
                )
            )
            return None
        if unit is None:
            diagnostics.append(
                Diagnostic(
                    file,
                    line,
                    "warning",
                    "no-unit",
                    f"{block.name}: amount {text} printed without a 单位 declaration; "
                    "not converted",
                )
            )
            return None
        return to_yuan(value, unit)

    total, fiscal, other = amount("amount"), amount("fiscal"), amount("other")
    if total is not None and fiscal is not None and other is not None and fiscal + other != total:
        diagnostics.append(
            Diagnostic(
                file,
                values["amount"][1],
                "warning",
                "project-funds",
                f"{block.name}: 财政资金 {fiscal} + 其他资金 {other} ≠ 预算数 {total} yuan",
            )
        )
    name_cell = values.get("name")
    name = name_cell[0] if name_cell and name_cell[0] else block.name
    if name_cell and name_cell[0] and name_cell[0] != block.name:
        diagnostics.append(
            Diagnostic(
                file,
                name_cell[1],
                "info",
                "project-name",
                f"table names the project {name_cell[0]!r}, its title {block.name!r}",
            )
        )
    project = Project(
        ordinal=block.ordinal,
        sequence=block.sequence,
        name=name,
        line=block.line,
        code=values["code"][0] if "code" in values and values["code"][0] else None,
        amount=total,
        fiscal_amount=fiscal,
        other_amount=other,
        declared_unit=unit,
        unit_code=unit_code,
        purpose=purpose,
        spending_plan=tuple(plan),
        goals=split_goal_statements("\n".join(goal_parts)),
        goals_line=goals_line,
        indicators=tuple(indicators),
    )
    return project, diagnostics


def block_to_project(block: ProjectBlock, file: str) -> tuple[Project, list[Diagnostic]]:
    return rows_to_project(block, lines_to_rows(block.lines, block.body_start), file)
