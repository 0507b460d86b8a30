"""Split a disclosure into the nine sections of the provincial template.

Top-level headings are recognised by their keyword, not by their numbering,
because numbering styles nest (``第一部分`` is top level in one file and a
sub-heading of section 五 in another).  A heading is accepted only if its section
number is higher than the current one, so a later ``一、总体绩效目标`` inside section
五 cannot restart the sequence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分\s*[:：]?|[一二三四五六七八九十]+\s*[、.．])\s*(?P<title>.+)$"
)

#: section number → pattern its heading title must contain
SECTION_KEYS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"部门职责|机构设置")),
    (2, re.compile(r"总体情况|收支总体|预算安排")),
    (3, re.compile(r"机关运行经费")),
    (4, re.compile(r"三公")),
    (5, re.compile(r"绩效.{0,2}信息|绩效目标$")),
    (6, re.compile(r"政府采购")),
    (7, re.compile(r"国有资产|固定资产")),
    (8, re.compile(r"名词解释")),
    (9, re.compile(r"其他需?要?说明")),
)

SECTION_NAMES = {
    1: "部门职责及机构设置",
    2: "部门预算安排的总体情况",
    3: "机关运行经费",
    4: "三公经费",
    5: "预算绩效信息",
    6: "政府采购",
    7: "国有资产",
    8: "名词解释",
    9: "其他事项",
}


@dataclass(frozen=True, slots=True)
class Section:
    number: int  # 1..9; 0 for the front matter before section 一
    heading: str
    first_line: int  # line number of the heading (of line 1 for the front matter)
    lines: tuple[str, ...]  # the lines after the heading

    @property
    def body_start(self) -> int:
        """Line number of ``lines[0]``."""
        return self.first_line + (0 if self.number == 0 else 1)


def heading_section(line: str, current: int) -> int | None:
    """The section number that ``line`` opens, if it is a top-level heading."""
    if "\t" in line or len(line) > 40:
        return None
    m = _NUMBERING.match(line)
    if not m:
        return None
    title = m.group("title")
    for number, pattern in SECTION_KEYS:
        if number > current and pattern.search(title):
            return number
    return None


def split_sections(lines: Sequence[str]) -> list[Section]:
    """Split normalised lines into the front matter and the numbered sections."""
    starts: list[tuple[int, int]] = []  # (section number, 0-based index of heading)
    current = 0
    for index, line in enumerate(lines):
        number = heading_section(line, current)
        if number is not None:
            starts.append((number, index))
            current = number
    sections = []
    front_end = starts[0][1] if starts else len(lines)
    sections.append(Section(0, "", 1, tuple(lines[:front_end])))
    for k, (number, index) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(lines)
        sections.append(Section(number, lines[index], index + 1, tuple(lines[index + 1 : end])))
    return sections
