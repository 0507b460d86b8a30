"""Section 一: duties (部门职责) in printed order, and the 机构设置 table."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import BudgetUnit, Diagnostic, Duty
from .rows import Row, lines_to_rows
from .sections import Section

_CN_NUMBER = re.compile(r"^[（(]\s*(?P<n>[一二三四五六七八九十]+)\s*[）)]\s*(?P<text>.+)$")
_DUTY_N = re.compile(r"^部门职责\s*(?P<n>\d+)\s*[.．、]\s*(?P<title>.+)$")
_NAMED = re.compile(r"^(?P<title>[^，。；：:]{2,24}?职责)\s*[:：]\s*(?P<text>.+)$")
_TITLE_IN_TEXT = re.compile(r"^(?P<title>[^，。；：:“”]{2,14})[:：](?P<rest>.+)$")
_UNITS_HEADING = re.compile(r"机构设置")
_SUBHEADING = re.compile(r"^\s*(?:部门)?(?:主要)?职责\s*$|^\s*机构设置")
_INTRO = re.compile(r"(?:主要职责是|职责如下|主要职能)[:：]?$|^部门职责[:：]?$")

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_numeral(text: str) -> int | None:
    """一 … 九十九 → int."""
    if not text:
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10
        return value + (_CN_DIGITS.get(units, 0) if units else 0)
    return _CN_DIGITS.get(text)


def _units_index(lines: Sequence[str]) -> int:
    for index, line in enumerate(lines):
        if not line.startswith("\t") and _UNITS_HEADING.search(line) and len(line) <= 20:
            return index
    return len(lines)


def lines_to_duties(lines: Sequence[str], first_line: int) -> list[Duty]:
    """Duties in printed order.

    Three styles: ``（一）…``, ``部门职责 1. 标题`` followed by text, ``XX职责：…``.
    """
    duties: list[Duty] = []
    pending: tuple[str, int] | None = None  # 部门职责 N. title awaiting its text
    pending_text: list[str] = []

    def close_pending() -> None:
        nonlocal pending, pending_text
        if pending is not None:
            title, line = pending
            duties.append(Duty(len(duties) + 1, title, "".join(pending_text) or title, line))
        pending, pending_text = None, []

    for offset, raw in enumerate(lines):
        line = raw.strip("\t")
        number = first_line + offset
        if not line or raw.startswith("\t"):
            continue
        if m := _DUTY_N.match(line):
            close_pending()
            pending = (m.group("title").strip(), number)
            continue
        if pending is not None:
            pending_text.append(line)
            continue
        if (m := _CN_NUMBER.match(line)) and not _SUBHEADING.match(m.group("text")):
            text = m.group("text").strip()
            if t := _TITLE_IN_TEXT.match(text):
                duties.append(Duty(len(duties) + 1, t.group("title"), t.group("rest"), number))
            else:
                duties.append(Duty(len(duties) + 1, None, text, number))
        elif (m := _NAMED.match(line)) and not _INTRO.search(line):
            duties.append(Duty(len(duties) + 1, m.group("title"), m.group("text"), number))
    close_pending()
    return duties


def rows_to_units(rows: Sequence[Row], file: str) -> tuple[list[BudgetUnit], list[Diagnostic]]:
    """The 机构设置 table: 单位名称 | 单位性质 | 单位规格 | 经费保障形式 (optionally 序号 first)."""
    diagnostics: list[Diagnostic] = []
    header: tuple[str, ...] | None = None
    units: list[BudgetUnit] = []
    for row in rows:
        if row.kind != "table":
            continue
        texts = row.texts
        if header is None:
            if "单位名称" in texts:
                header = texts
            continue
        if not any(texts):
            continue
        if len(texts) != len(header):
            diagnostics.append(
                Diagnostic(
                    file,
                    row.line,
                    "warning",
                    "table-row",
                    f"机构设置 row has {len(texts)} cells, the header {len(header)}; row skipped",
                )
            )
            continue
        cells = dict(zip(header, texts, strict=True))
        name = cells.get("单位名称", "")
        if not name:
            continue
        units.append(
            BudgetUnit(
                ordinal=len(units) + 1,
                name=name,
                nature=cells.get("单位性质") or None,
                rank=cells.get("单位规格") or None,
                funding=cells.get("经费保障形式") or None,
                line=row.cells[header.index("单位名称")].line,
            )
        )
    return units, diagnostics


def section_one(
    section: Section, file: str
) -> tuple[list[Duty], list[BudgetUnit], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    split = _units_index(section.lines)
    duties = lines_to_duties(section.lines[:split], section.body_start)
    if not duties:
        diagnostics.append(
            Diagnostic(file, section.first_line, "warning", "no-duties", "部门职责: no duty found")
        )
    units: list[BudgetUnit] = []
    if split < len(section.lines):
        heading_line = section.body_start + split
        rows = lines_to_rows(section.lines[split + 1 :], heading_line + 1)
        units, more = rows_to_units(rows, file)
        diagnostics.extend(more)
        if not units:
            diagnostics.append(
                Diagnostic(
                    file,
                    heading_line,
                    "warning",
                    "no-units",
                    "机构设置 heading without a readable table of budget units",
                )
            )
    return duties, units, diagnostics
