"""指标值 → comparator, value and unit.

A target parses only when the *whole* cell is a number with an optional
comparator and unit (``≥95%``, ``70次以上``, ``不低于90%``, ``≤10万元``).  Anything
else (``解决实际困难``, ``满意``) stays text.  Two cells merged by the export
(``≥95100%``, ``100100%``) are recognised and reported, never read as a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .amounts import NUMBER, parse_decimal

_PREFIX = {
    "≥": "≥",
    "≧": "≥",
    ">=": "≥",
    "≤": "≤",
    "≦": "≤",
    "<=": "≤",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
    "=": "=",
    "＝": "=",
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "至少": "≥",
    "大于等于": "≥",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "不超过": "≤",
    "不高于": "≤",
    "不大于": "≤",
    "不多于": "≤",
    "小于等于": "≤",
    "小于": "<",
    "低于": "<",
    "达到": "≥",
    "达": "≥",
}
_SUFFIX = {"以上": "≥", "及以上": "≥", "以下": "≤", "及以下": "≤", "以内": "≤"}
_UNIT_ALIASES = {"百分比": "%", "％": "%", "平方米": "㎡", "m2": "㎡", "m²": "㎡"}

_prefixes = "|".join(sorted(map(re.escape, _PREFIX), key=len, reverse=True))
_suffixes = "|".join(sorted(map(re.escape, _SUFFIX), key=len, reverse=True))
#: regex alternations of the comparator words before and after a number (shared with goals)
COMPARATOR_BEFORE = _prefixes
COMPARATOR_AFTER = _suffixes
_TARGET = re.compile(
    rf"^(?P<cmp>{_prefixes})?\s*(?P<num>{NUMBER})\s*"
    rf"(?P<unit>%|％|‰|百分比|㎡|m2|m²|[\u4e00-\u9fff]{{1,3}}?)?\s*(?P<suffix>{_suffixes})?$"
)
_MERGED_PERCENT = re.compile(r"^(?P<first>\d{1,3})(?P<second>100)$")


@dataclass(frozen=True, slots=True)
class Target:
    comparator: str | None
    value: Decimal | None
    unit: str | None
    problem: str | None = None  # why a number-like target stays text


def parse_target(text: str) -> Target:
    """Parse a 指标值 cell; see the module docstring."""
    cell = text.strip()
    m = _TARGET.match(cell)
    if not m:
        return Target(None, None, None)
    value = parse_decimal(m.group("num"))
    if value is None:  # pragma: no cover - NUMBER only matches numbers
        return Target(None, None, None)
    unit = m.group("unit")
    unit = _UNIT_ALIASES.get(unit, unit) if unit else None
    if unit == "%" and value > 100:
        merged = _MERGED_PERCENT.match(m.group("num"))
        if merged and int(merged.group("first")) <= 100:
            return Target(
                None,
                None,
                None,
                f"looks like two merged cells ({merged.group('first')} and 100%)",
            )
    if (
        m.group("cmp")
        and m.group("suffix")
        and (_PREFIX[m.group("cmp")] != _SUFFIX[m.group("suffix")])
    ):
        return Target(None, None, None, "contradictory comparators before and after the number")
    comparator = (
        _PREFIX[m.group("cmp")]
        if m.group("cmp")
        else _SUFFIX[m.group("suffix")]
        if m.group("suffix")
        else "="
    )
    return Target(comparator, value, unit)


def is_numeric_target(text: str) -> bool:
    """True when the target contains a digit (the denominator of the parse rate)."""
    return any(ch.isdigit() for ch in text)
