"""The front matter: title, department, fiscal year, codes, issue date, opening paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

_TITLE = re.compile(
    r"^(?P<dept>.+?)(?P<year>(?:19|20)\d{2})\s*年度?(?:部门|单位)?(?:预算|决算)"
    r"(?:信息)?(?:公开)?(?:情况)?(?:说明)?.*$"
)
_YEAR_ONLY = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年度?(?:部门|单位)?(?:预算|决算)")
_OPENING_DEPT = re.compile(r"现将(?P<dept>.+?)(?P<year>(?:19|20)\d{2})年度?(?:部门)?(?:预算|决算)")
_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_DEPT_CODE = re.compile(r"部门编码\s*[-－:：]?\s*(?P<code>\d{3,6})")
_BRACKET_CODE = re.compile(r"^\[(?P<code>\d{3,6})\](?=[\u4e00-\u9fff])")
_OFFICE_END = "本级|办事处|街道|政府|局|委员会|委|办公室|办|中心|所|站|院|处|镇|乡"
_LEADING_CODE = re.compile(
    rf"^(?P<code>\d{{3}}|\d{{6}})(?=[\u4e00-\u9fff（）()]+(?:{_OFFICE_END})$)"
)
_AS_OF = re.compile(r"截[止至]\S*?(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


@dataclass(frozen=True, slots=True)
class Header:
    title: str
    department: str
    fiscal_year: int
    line: int


def find_header(lines: Sequence[str], limit: int = 12) -> Header | None:
    """The department and year from the title (one line, or the name and then the year)."""
    seen: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if line and "\t" not in line:
            seen.append((index + 1, line))
        if len(seen) >= limit:
            break
    for k, (number, line) in enumerate(seen):
        m = _TITLE.match(line)
        if m and _plausible_department(m.group("dept")):
            return Header(line, m.group("dept").strip(), int(m.group("year")), number)
        if k + 1 < len(seen) and _YEAR_ONLY.match(seen[k + 1][1]) and len(line) <= 40:
            year = _YEAR_ONLY.match(seen[k + 1][1])
            assert year is not None
            return Header(f"{line}{seen[k + 1][1]}", line, int(year.group("year")), number)
    for number, line in seen:
        m = _OPENING_DEPT.search(line)
        if m:
            return Header(line, m.group("dept").strip("，,： "), int(m.group("year")), number)
    return None


_OPENING = re.compile(r"^(?:按照|根据|依据).*公开")
_MANDATE = re.compile(r"^(?:按照|根据|依据)《[^》]*(?:职能配置|内设机构|人员编制|三定)[^》]*》")


def _first_match(
    lines: Sequence[str], pattern: re.Pattern[str], limit: int
) -> tuple[str, int] | None:
    for index, line in enumerate(lines[:limit]):
        if pattern.search(line):
            return line, index + 1
    return None


def _plausible_department(name: str) -> bool:
    """A department name, not a sentence that happens to mention a year (按照《…》…)."""
    return 3 <= len(name) <= 40 and not re.search(r"^(?:按照|根据|依据)|[，。；《》]", name)


def find_opening(lines: Sequence[str], limit: int = 40) -> tuple[str, int] | None:
    """The opening paragraph: the laws the disclosure follows (``按照《…》规定，现将…公开如下``)."""
    return _first_match(lines, _OPENING, limit)


def find_mandate(lines: Sequence[str], limit: int = 60) -> tuple[str, int] | None:
    """The sentence citing the mandate (``根据《…职能配置、内设机构和人员编制规定》``)."""
    return _first_match(lines, _MANDATE, limit)


def find_issue_date(lines: Sequence[str]) -> tuple[date, int] | None:
    """The date printed alone on one of the last lines (``2020年2月12日``)."""
    for index in range(len(lines) - 1, max(-1, len(lines) - 8), -1):
        m = _DATE.match(lines[index].strip())
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"])), index + 1
            except ValueError:
                return None
    return None


def find_codes(lines: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
    """The department code (``部门编码-436``, ``[913]``, ``438 …``) and 6-digit unit codes."""
    department: str | None = None
    units: list[str] = []
    for raw in lines:
        line = raw.strip("\t")
        first = line[:1]  # no code can match a line that starts otherwise (\d ⊂ isdigit)
        if first != "[" and not first.isdigit() and "部门编码" not in line:
            continue
        if "\t" in line:
            line = line.split("\t")[0]
        if (m := _DEPT_CODE.search(line)) or (m := _BRACKET_CODE.match(line)):
            department = department or m.group("code")
        elif m := _LEADING_CODE.match(line):
            code = m.group("code")
            if len(code) == 6:
                if code not in units:
                    units.append(code)
            else:
                department = department or code
    return department, tuple(units)


def find_as_of(text: str) -> date | None:
    m = _AS_OF.search(text)
    if not m:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
