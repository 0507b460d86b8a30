"""Section 五, part one: the overall goal and the numbered sub-goals."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Diagnostic, Indicator, PerformanceGoal
from .prose import join_lines
from .targets import COMPARATOR_AFTER, COMPARATOR_BEFORE, parse_target

_OVERALL = re.compile(r"总体绩效目标")
_SUB = re.compile(r"分项绩效目标")
_GUARANTEE = re.compile(r"工作保障措施|保障措施")
_SUB_TITLE = re.compile(r"^(?:\d+\s*[、.．]|[（(]\s*\d+\s*[）)])\s*(?P<title>.+)$")
_GOAL = re.compile(r"^绩效目标\s*[:：]\s*(?P<text>.*)$")
_INDICATOR = re.compile(r"^绩效指标\s*[:：]\s*(?P<text>.*)$")
_LEADING_NUMBER = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．])\s*")
_TRAILING_TARGET = re.compile(
    rf"(?P<target>(?:{COMPARATOR_BEFORE})?\s*\d+(?:\.\d+)?\s*"
    rf"(?:%|百分比|[\u4e00-\u9fff]{{1,2}}?)?(?:{COMPARATOR_AFTER})?)$"
)


def split_indicator_text(text: str, line: int) -> tuple[Indicator, ...]:
    """``党报党刊征订率≥90%；工作完成率100%`` → one indicator per item.

    An item whose text ends with a number gets it as its target; others keep
    only their name.
    """
    items = [t.strip(" 。.，,、") for t in re.split(r"[；;]", text)]
    result: list[Indicator] = []
    for item in items:
        if not item:
            continue
        name, target_text = item, None
        m = _TRAILING_TARGET.search(item)
        if m and m.start() > 0:
            candidate = m.group("target").strip()
            if parse_target(candidate).value is not None:
                name, target_text = item[: m.start()].strip(), candidate
        target = parse_target(target_text) if target_text else None
        result.append(
            Indicator(
                ordinal=len(result) + 1,
                level1=None,
                level2=None,
                name=name,
                description=None,
                target_text=target_text,
                comparator=target.comparator if target else None,
                value=target.value if target else None,
                unit=target.unit if target else None,
                basis_text=None,
                line=line,
            )
        )
    return tuple(result)


@dataclass
class _Draft:
    title: str
    line: int
    goal: list[str] = field(default_factory=list)
    ind: list[str] = field(default_factory=list)
    ind_line: int | None = None
    part: str = "goal"

    def finish(self, ordinal: int) -> PerformanceGoal:
        goal_text = join_lines(self.goal, 1).text.replace("\n", "") or None
        ind_text = join_lines(self.ind, 1).text.replace("\n", "") or None
        return PerformanceGoal(
            ordinal=ordinal,
            title=self.title,
            goal_text=goal_text,
            indicator_text=ind_text,
            line=self.line,
            indicators=split_indicator_text(ind_text, self.ind_line or self.line)
            if ind_text
            else (),
        )


def _is_heading(line: str, pattern: re.Pattern[str]) -> bool:
    return len(line) <= 20 and pattern.search(line) is not None


def lines_to_goals(
    lines: Sequence[str], first_line: int, file: str
) -> tuple[list[PerformanceGoal], list[Diagnostic]]:
    """The overall goal (ordinal 0) and the sub-goals (1…n), from part one of section 五."""
    drafts: list[_Draft] = []
    diagnostics: list[Diagnostic] = []
    mode = ""
    overall: list[str] = []
    overall_line = 0
    for offset, raw in enumerate(lines):
        line = raw.strip("\t")
        number = first_line + offset
        if not line:
            continue
        if _is_heading(line, _OVERALL):
            mode = "overall"
            rest = line.split("：", 1)[1] if "：" in line else ""
            if rest:
                overall.append(rest)
                overall_line = number
            continue
        if _is_heading(line, _SUB):
            mode = "sub"
            continue
        if _is_heading(line, _GUARANTEE):
            mode = "guarantee"
            continue
        current = drafts[-1] if drafts else None
        if mode == "overall":
            overall_line = overall_line or number
            overall.append(line)
        elif mode != "sub":
            continue
        elif (m := _GOAL.match(line)) and current is not None:
            current.goal.append(m.group("text"))
            current.part = "goal"
        elif (m := _INDICATOR.match(line)) and current is not None:
            current.ind.append(m.group("text"))
            current.ind_line = current.ind_line or number
            current.part = "ind"
        elif (m := _SUB_TITLE.match(line)) and len(line) <= 40 and "：" not in line[:6]:
            drafts.append(_Draft(m.group("title").strip(), number))
        elif current is not None:
            (current.goal if current.part == "goal" else current.ind).append(line)
        else:
            diagnostics.append(
                Diagnostic(file, number, "warning", "goal-text", "text before the first sub-goal")
            )
    goals = [d.finish(k + 1) for k, d in enumerate(drafts)]
    if overall:
        text = join_lines(overall, 1).text
        goals.insert(0, PerformanceGoal(0, "总体绩效目标", text, None, overall_line or first_line))
    return goals, diagnostics
