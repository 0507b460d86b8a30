"""Pure text variations of one disclosure, used by ``generate.py``.

Every function takes text (or its lines) and returns new text.  All of them keep the
line structure — the TAB-prefixed cells and blank-line row separators of a Word export,
the TAB-separated rows of a PDF export — and all but :func:`arrange_projects` keep every
line where it is, so that cells found once in a template (:func:`analyse`) can be edited
by line and cell index in any variant.

:func:`analyse` finds the cells with budgetkg's own section, row and project readers, on
the normalised lines the parser sees: the generator changes exactly the cells the parser
reads as money, as 指标值 or as project-table titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from random import Random

from budgetkg.ingest import source_from_bytes
from budgetkg.normalise import normalise_lines
from budgetkg.parse.disclosure import parse_source
from budgetkg.parse.header import find_header
from budgetkg.parse.projects import split_project_blocks
from budgetkg.parse.rows import Row, lines_to_rows, rejoin_split_rows
from budgetkg.parse.sections import Section, split_sections

#: (0-based line index, index of the cell in ``line.split("\t")``)
CellRef = tuple[int, int]

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_BARE = re.compile(rf"^\s*{_NUMBER}\s*$")
_CELL_NUMBER = re.compile(rf"^(\s*)({_NUMBER})(\s*)$")
#: a money figure in running text or in a cell: the number before 元/万元/亿元, or before a
#: 万 that ends the phrase (``40 万，``) or comes before 市级/区级 (``140 万市级惠民资金``)
_MONEY = re.compile(
    rf"(?<![\d.,]){_NUMBER}(?=\s*(?:亿元|万元|元|万(?![\u4e00-\u9fff])|万(?=市级|区级)))"
)
#: a threshold in an asset-row label (``单价在20万元以上``) is no figure of the department
_THRESHOLD = re.compile(r"单价\s*在?\s*$")
#: project-table keys whose right-hand cell is an amount (as in budgetkg.parse.projects)
_AMOUNT_KEYS = frozenset(("预算数", "其中：财政资金", "其中:财政资金", "财政资金", "其他资金"))
#: 文号 numbers: ``[2018]14号``, ``【2019】第192号``, ``[2019]54 号``; the OCR form whose
#: brackets were lost (``石办字 201819 号`` → ``201819 号``)
CITATION = re.compile(
    r"[【\[〔［]\s*(?:19|20)\d{2}\s*[】\]〕］]\s*第?\s*\d{1,5}\s*号"
    r"|(?<=[\u4e00-\u9fff] )(?:19|20)\d{3,5} 号"
)
_BRACKETED = re.compile(
    r"^(?P<open>[【\[〔［]\s*)(?P<year>\d{4})(?P<mid>\s*[】\]〕］]\s*第?\s*)(?P<serial>\d+)"
    r"(?P<tail>\s*号)$"
)
_OCR_NUMBER = re.compile(r"^(?P<open>)(?P<year>\d{4})(?P<mid>)(?P<serial>\d+)(?P<tail> 号)$")
_PERCENT = re.compile(r"^(?P<cmp>≥|>|)(?P<value>\d{1,3})(?P<unit>%|百分比)(?P<suffix>以上)?$")
_COUNT = re.compile(
    r"^(?P<cmp>≥|>|)(?P<value>\d{1,6})(?P<space>\s*)(?P<unit>[次个人户件类本份块条名项])"
    r"(?P<suffix>以上)?$"
)
_GARBLED = re.compile(r"^(?P<cmp>≥|>|)(?P<value>\d{1,3})100%$")
_PERCENT_CHOICES = (80, 85, 90, 95, 98, 100)
_TITLE_NUMBER = re.compile(r"^((?:\[bookmark:[^\]]*\])*[ \u3000]*)\d+")


@dataclass(frozen=True, slots=True)
class Block:
    """One 绩效目标表: its title line and the lines up to the next title (blank lines included)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Balance:
    """The project table that keeps a template's rounding gap when its amounts are scaled.

    A disclosure prints its projects' amounts (here in 元, to the fen) and their total rounded
    to the printed place (``1636.76万元``); 001's projects add up to 16,367,627.07 yuan, 27.07
    yuan off — within the rounding tolerance.  Multiplying every figure by ``k`` multiplies that
    gap too (216.56 yuan for k = 8, beyond half a 0.01 万元); :func:`balance_projects` takes
    ``(k - 1) × gap`` off this project's amount, so that the scaled projects are ``gap`` yuan
    off the scaled total, like the template's: the total is still their correct rounding.
    """

    start: int  # its table's lines (0-based, end exclusive)
    end: int
    printed: str  # its 预算数 as printed in the template (``2546773.88``)
    unit: Decimal  # yuan per printed unit: 1 (元) or 10000 (万元)
    gap: Decimal  # the template's projects' sum minus its project expenditure, in yuan


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the variations of one template need to know about its structure."""

    fiscal_year: int
    pdf: bool  # PDF-export flavour (one TAB-separated row per line)
    money: tuple[CellRef, ...]  # bare-number table cells holding money
    targets: tuple[tuple[CellRef, str], ...]  # 指标值 cells of the project tables, as printed
    garbled: tuple[tuple[CellRef, str], ...]  # two merged 指标值 cells (``≥95100%``)
    blocks: tuple[Block, ...]  # the project tables of the last numbering sequence
    fixed_projects: bool  # those tables print amounts: their set must stay as it is
    citations: tuple[str, ...]  # distinct printed 文号 numbers, in order of appearance
    balance: Balance | None = None  # where the projects' rounding gap is kept (None: no gap)


# ---------------------------------------------------------------------------- analysis


def _is_word_cell(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line.rstrip("\t")[1:]


def cell_refs(row: Row, lines: Sequence[str]) -> list[CellRef]:
    """Where each cell of ``row`` (read from ``lines``, first line number 1) is printed."""
    refs: list[CellRef] = []
    position: dict[int, int] = {}
    for cell in row.cells:
        index = cell.line - 1
        if _is_word_cell(lines[index]):
            refs.append((index, 1))
        else:
            refs.append((index, position.get(index, 0)))
            position[index] = position.get(index, 0) + 1
    return refs


def _rows(section: Section) -> list[Row]:
    return [r for r in lines_to_rows(section.lines, section.body_start) if r.kind == "table"]


def _is_money_column(section: int, column: int) -> bool:
    """三公 table (四): every column; procurement (六): all but 数量; fixed assets (七): 价值."""
    return column != 5 if section == 6 else column == 2 if section == 7 else True


def _money_cells(sections: Mapping[int, Section], lines: Sequence[str]) -> list[CellRef]:
    """The bare-number money cells of the tables of sections 四, 六 and 七."""
    found: list[CellRef] = []
    for number in (4, 6, 7):
        for row in _rows(sections[number]) if number in sections else ():
            refs = cell_refs(row, lines)
            for i, cell in enumerate(row.cells):
                # a value broken over two lines (``220`` / ``2``): only its first line
                if _is_money_column(number, i) and _BARE.match(cell.text.split("\n")[0]):
                    found.append(refs[i])
    return found


def _project_cells(
    section: Section, lines: Sequence[str]
) -> tuple[list[CellRef], list[CellRef], list[Block], dict[int, CellRef]]:
    """Amount cells and 指标值 cells of every 绩效目标表; the blocks of the last sequence; the
    预算数 cell of each table, by its title's line index."""
    money: list[CellRef] = []
    targets: list[CellRef] = []
    budgets: dict[int, CellRef] = {}
    _start, found = split_project_blocks(section.lines, section.body_start)
    for block in found:
        rows = [r for r in lines_to_rows(block.lines, block.body_start) if r.kind == "table"]
        header = next((k for k, r in enumerate(rows) if r.texts[:1] == ("一级指标",)), len(rows))
        for row in rows[:header]:
            refs, texts = cell_refs(row, lines), row.texts
            money += [refs[i + 1] for i in range(len(texts) - 1) if texts[i] in _AMOUNT_KEYS]
            if "预算数" in texts[:-1]:
                budgets.setdefault(block.line - 1, refs[texts.index("预算数") + 1])
        indicator_rows, _joined = rejoin_split_rows([r for r in rows[header:] if any(r.texts)], 6)
        for row in indicator_rows:
            if len(row) == 6 and row.texts[0] != "一级指标":
                targets.append(cell_refs(row, lines)[4])
    money = [ref for ref in money if _BARE.match(lines[ref[0]].split("\t")[ref[1]])]
    blocks: list[Block] = []
    if found:
        end = section.body_start - 1 + len(section.lines)
        first = len(found)
        while first > 0 and found[first - 1].sequence == found[-1].sequence:
            first -= 1
        starts = [b.line - 1 for b in found[first:]] + [end]
        blocks = [Block(starts[k], starts[k + 1]) for k in range(len(starts) - 1)]
    return money, targets, blocks, budgets


def _balance(
    text: str, raw: Sequence[str], blocks: Sequence[Block], budgets: Mapping[int, CellRef]
) -> Balance | None:
    """Where to keep the gap between the projects' amounts and the printed project expenditure
    (the largest project of the last sequence); None when they add up exactly or cannot be
    compared (a project without an amount, no project expenditure printed)."""
    disclosure = parse_source(source_from_bytes(text.encode("utf-8"), "template.txt"))
    total = next(
        (b.amount for b in disclosure.budget_lines if b.category == "ProjectExpenditure"), None
    )
    amounts = [p.amount for p in disclosure.projects]
    if total is None or not amounts or None in amounts:
        return None
    gap = sum((a for a in amounts if a is not None), Decimal(0)) - total
    starts = {b.start: b for b in blocks}
    candidates = [p for p in disclosure.projects if p.line - 1 in starts and p.line - 1 in budgets]
    if not gap or not candidates:
        return None
    project = max(candidates, key=lambda p: p.amount or 0)  # the first of the largest
    ref = budgets[project.line - 1]
    printed = raw[ref[0]].split("\t")[ref[1]].strip()
    if not _BARE.match(printed) or not Decimal(printed.replace(",", "")):
        return None
    unit = (project.amount or Decimal(0)) / Decimal(printed.replace(",", ""))
    if unit not in (1, 10000):
        return None
    block = starts[project.line - 1]
    return Balance(block.start, block.end, printed, unit, gap)


def analyse(text: str) -> Analysis:
    """Find the money cells, 指标值 cells, project blocks and 文号 of a template."""
    lines = normalise_lines(text.split("\n"))
    header = find_header(lines)
    if header is None:
        raise ValueError("not a disclosure: no title with a department and a year")
    sections = {s.number: s for s in split_sections(lines)}
    money = _money_cells(sections, lines)
    targets: list[CellRef] = []
    blocks: list[Block] = []
    budgets: dict[int, CellRef] = {}
    if 5 in sections:
        more, targets, blocks, budgets = _project_cells(sections[5], lines)
        money += more
    raw = text.split("\n")  # the cells as printed, for edit_cells
    cell = {ref: raw[ref[0]].split("\t")[ref[1]].strip() for ref in targets}
    in_blocks = {i for b in blocks for i in range(b.start, b.end)}
    return Analysis(
        fiscal_year=header.fiscal_year,
        pdf=any(sum(1 for p in line.split("\t") if p) >= 3 for line in lines),
        money=tuple(sorted(set(money))),
        targets=tuple((ref, cell[ref]) for ref in targets if not _GARBLED.match(cell[ref])),
        garbled=tuple((ref, cell[ref]) for ref in targets if _GARBLED.match(cell[ref])),
        blocks=tuple(blocks),
        fixed_projects=any(ref[0] in in_blocks for ref in money),
        citations=tuple(dict.fromkeys(m.group(0) for m in CITATION.finditer(text))),
        balance=_balance(text, raw, blocks, budgets) if blocks else None,
    )


# ----------------------------------------------------------------------------- amounts


def scale_figure(printed: str, k: int) -> str:
    """``"50.7"`` × 3 → ``"152.1"``: exact, with the printed decimals and digit grouping."""
    value = Decimal(printed.replace(",", "")) * k
    return format(value, ",f" if "," in printed else "f")


def _scale_cell(cell: str, k: int) -> str:
    m = _CELL_NUMBER.match(cell)
    return f"{m.group(1)}{scale_figure(m.group(2), k)}{m.group(3)}" if m else cell


def edit_cells(lines: Sequence[str], edits: Mapping[CellRef, tuple[str, str]]) -> list[str]:
    """Replace cells ``old`` → ``new`` (spaces around the text kept; other cells untouched)."""
    result = list(lines)
    for (index, part), (old, new) in edits.items():
        parts = result[index].split("\t")
        if part < len(parts) and parts[part].strip() == old:
            parts[part] = parts[part].replace(old, new, 1)
            result[index] = "\t".join(parts)
    return result


def scale_amounts(text: str, k: int, cells: Sequence[CellRef] | None = None) -> str:
    """Multiply every money figure by ``k``: figures with a unit anywhere in the text, and the
    bare-number table cells ``cells`` (by default those :func:`analyse` finds)."""
    if cells is None:
        cells = analyse(text).money
    lines = text.split("\n")
    for index, part in cells:
        parts = lines[index].split("\t")
        parts[part] = _scale_cell(parts[part], k)
        lines[index] = "\t".join(parts)

    def scale(m: re.Match[str]) -> str:
        if _THRESHOLD.search(m.string, max(0, m.start() - 6), m.start()):
            return m.group(0)
        return scale_figure(m.group(0), k)

    return _MONEY.sub(scale, "\n".join(lines))


def balance_projects(text: str, k: int, balance: Balance | None) -> str:
    """Keep the template's rounding gap in ``text`` scaled by ``k`` (:class:`Balance`): every
    printing of the balancing project's scaled amount in its table (预算数, 财政资金, the
    amount quoted in its plan) loses ``(k - 1) × gap`` yuan, printed to the template's place."""
    if balance is None or k == 1:
        return text
    scaled = scale_figure(balance.printed, k)
    figure = Decimal(scaled.replace(",", ""))
    value = figure - (k - 1) * balance.gap / balance.unit
    if value <= 0:
        return text
    place = Decimal(1).scaleb(int(figure.as_tuple().exponent))  # 0.01 for ``2546773.88``
    if value == value.quantize(place):  # the gap is in printed places: print as many
        value = value.quantize(place)
    new = format(value, ",f" if "," in balance.printed else "f")
    printed = re.compile(rf"(?<![\d.,]){re.escape(scaled)}(?![\d]|[.,]\d)")
    lines = text.split("\n")
    for index in range(balance.start, balance.end):
        lines[index] = printed.sub(new, lines[index])
    return "\n".join(lines)


# ------------------------------------------------------------------ names, years, 文号


def shift_years(text: str, old: int, new: int) -> str:
    """The fiscal year ``old`` → ``new`` and the previous year with it, wherever followed by 年."""
    if old == new:
        return text
    pattern = re.compile(rf"(?<!\d)(?:{old}|{old - 1})(?=\s*年)")
    return pattern.sub(lambda m: str(int(m.group(0)) + new - old), text)


def replace_literals(text: str, replacements: Mapping[str, str]) -> str:
    """Replace every occurrence of each key (longest first, in one pass)."""
    if not replacements:
        return text
    pattern = re.compile("|".join(map(re.escape, sorted(replacements, key=len, reverse=True))))
    return pattern.sub(lambda m: replacements[m.group(0)], text)


def rename_department(text: str, names: Mapping[str, str]) -> str:
    """Replace each printed form of the department's name by its new form."""
    return replace_literals(text, names)


def _citation_parts(printed: str) -> re.Match[str]:
    m = _BRACKETED.match(printed) or _OCR_NUMBER.match(printed)
    if m is None:
        raise ValueError(f"not a 文号 number: {printed!r}")
    return m


def citation_numbers(printed: str) -> tuple[int, int]:
    """(year, serial) of a printed 文号 number as :data:`CITATION` finds it."""
    m = _citation_parts(printed)
    return int(m.group("year")), int(m.group("serial"))


def renumber_citation(printed: str, year: int, serial: int, *, repair: bool = False) -> str:
    """The same printed form with another year and serial; ``repair`` brackets the year of a
    bracket-less OCR form (``201819 号`` → ``〔2018〕19 号``)."""
    m = _citation_parts(printed)
    if m.re is _OCR_NUMBER and repair:
        return f"〔{year}〕{serial}{m.group('tail')}"
    return f"{m.group('open')}{year}{m.group('mid')}{serial}{m.group('tail')}"


def vary_citations(text: str, replacements: Mapping[str, str]) -> str:
    """Replace 文号 numbers printed as the keys (as :data:`CITATION` finds them)."""
    return replace_literals(text, replacements)


# ---------------------------------------------------------------------- 指标值 targets


def vary_target(target: str, rng: Random) -> str | None:
    """Another plausible 指标值 of the same form (``≥90%`` → ``≥95%``, ``4次`` → ``6次``);
    None for targets that are not a percentage or a count."""
    if (m := _PERCENT.match(target)) and int(m.group("value")) <= 100:
        value = int(m.group("value"))
        top = 100 if m.group("cmp") != ">" else 99
        choices = [v for v in _PERCENT_CHOICES if v != value and v <= top]
        new = str(rng.choice(choices))
    elif m := _COUNT.match(target):
        value = int(m.group("value"))
        new = str(value + rng.randint(1, max(1, value // 2)))
    else:
        return None
    return f"{target[: m.start('value')]}{new}{target[m.end('value') :]}"


def fix_garbled(target: str) -> str:
    """``≥95100%`` (two merged cells) → ``≥95%``."""
    m = _GARBLED.match(target)
    return f"{m.group('cmp')}{m.group('value')}%" if m else target


# ---------------------------------------------------------------------------- projects


def _is_blank(line: str) -> bool:
    return not line.strip(" \u3000\u00a0")


def _renumber_title(title: str, number: int) -> str:
    m = _TITLE_NUMBER.match(title)
    return f"{m.group(1)}{number}{title[m.end() :]}" if m else title


def arrange_projects(
    lines: Sequence[str], blocks: Sequence[Block], order: Sequence[tuple[int, str]]
) -> list[str]:
    """Lay the project tables out as ``order`` says — (block index, qualifier added to the
    name of a copy, or "") — and number their titles 1..n.  The blank lines after each
    position stay as printed (a copy takes those of the table before last)."""
    if not blocks or not order:
        return list(lines)
    bodies: list[Sequence[str]] = []
    gaps: list[Sequence[str]] = []
    for block in blocks:
        end = block.end
        while end > block.start + 1 and _is_blank(lines[end - 1]):
            end -= 1
        bodies.append(lines[block.start : end])
        gaps.append(lines[end : block.end])
    result = list(lines[: blocks[0].start])
    for position, (index, qualifier) in enumerate(order, start=1):
        title = _renumber_title(bodies[index][0], position)
        if qualifier:
            title = title.replace("绩效目标表", f"{qualifier}绩效目标表", 1)
        result.append(title)
        result.extend(bodies[index][1:])
        last = position == len(order)
        result.extend(gaps[-1] if last else gaps[min(position - 1, max(0, len(gaps) - 2))])
    result.extend(lines[blocks[-1].end :])
    return result
