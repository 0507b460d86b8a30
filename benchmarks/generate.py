"""A deterministic generator of synthetic disclosure corpora for the benchmarks.

Each document is a variant of one of the real disclosures in ``corpus/hebei`` (taken in
turn, so both text flavours occur) with

* another office — a real Hebei city and one of its districts or counties, and an office
  name from the pools below — whose name replaces every printed form of the template's
  department; department and fiscal year (2019–2023) form a unique pair per corpus (a
  bijection of the document index), the previous year moving with the fiscal year;
* every money figure multiplied by one integer ``k`` (2..9), exactly, so that everything
  that added up still adds up (:func:`variations.scale_amounts`) — except where a template's
  parts add up to its printed total only within rounding: 001's projects (in 元) are 27.07
  yuan over its 项目支出 (1636.76万元), and ``k`` × that gap would exceed the rounding
  tolerance, so the largest project's amount is printed ``(k - 1) × 27.07`` yuan lower and
  the scaled projects stay 27.07 yuan over the scaled total, which is still their correct
  rounding (:func:`variations.balance_projects`);
* project tables permuted (tables that print amounts) or dropped and duplicated under a
  new name (tables without amounts), renumbered 1..n;
* some 指标值 changed (``≥90%`` → ``≥95%``, ``4次`` → ``6次``), merged cells such as
  ``≥95100%`` repaired in some documents and kept in others;
* some 文号 renumbered in their printed form (``[2018]14号`` → ``[2019]7号``; the OCR form
  ``石办字 201819 号`` kept, renumbered or bracketed).

Document ``i`` depends only on ``(seed, i)``: its choices come from
``random.Random(seed + i)``, so the same ``(n, seed)`` gives byte-identical files on any
machine, and a smaller corpus is a prefix of a larger one.

    python benchmarks/generate.py --docs 1000 --out /tmp/corpus-1000 [--seed 0]

Import from elsewhere with ``benchmarks/`` on ``sys.path`` (``import generate``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from random import Random

from variations import (
    Analysis,
    CellRef,
    analyse,
    arrange_projects,
    balance_projects,
    citation_numbers,
    edit_cells,
    fix_garbled,
    renumber_citation,
    replace_literals,
    scale_amounts,
    shift_years,
    vary_target,
)

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus" / "hebei"
YEARS = (2019, 2020, 2021, 2022, 2023)

#: districts and counties of the prefecture-level cities (names the region reader splits
#: unambiguously: no 新区/园区, no 镇/乡 inside)
DISTRICTS: dict[str, tuple[str, ...]] = {
    "石家庄市": ("长安区", "桥西区", "新华区", "裕华区", "藁城区", "鹿泉区", "栾城区", "正定县",
             "行唐县", "灵寿县", "赞皇县", "平山县", "元氏县", "赵县", "井陉县"),
    "唐山市": ("路南区", "路北区", "古冶区", "开平区", "丰南区", "丰润区", "曹妃甸区", "滦南县",
            "乐亭县", "迁西县", "玉田县"),
    "秦皇岛市": ("海港区", "山海关区", "北戴河区", "抚宁区", "昌黎县", "卢龙县"),
    "邯郸市": ("邯山区", "丛台区", "复兴区", "永年区", "临漳县", "成安县", "大名县", "涉县",
            "磁县", "邱县", "鸡泽县", "广平县", "馆陶县", "魏县", "曲周县"),
    "邢台市": ("襄都区", "信都区", "任泽区", "南和区", "临城县", "内丘县", "隆尧县", "宁晋县",
            "巨鹿县", "新河县", "广宗县", "威县", "清河县", "临西县"),
    "保定市": ("竞秀区", "莲池区", "满城区", "清苑区", "徐水区", "涞水县", "阜平县", "定兴县",
            "唐县", "高阳县", "容城县", "涞源县", "望都县", "易县", "曲阳县", "蠡县", "顺平县",
            "博野县", "雄县"),
    "张家口市": ("桥东区", "宣化区", "万全区", "崇礼区", "张北县", "康保县", "沽源县", "尚义县",
             "蔚县", "阳原县", "怀安县", "怀来县", "涿鹿县", "赤城县"),
    "承德市": ("双桥区", "双滦区", "承德县", "兴隆县", "滦平县", "隆化县"),
    "沧州市": ("运河区", "沧县", "青县", "东光县", "海兴县", "盐山县", "肃宁县", "南皮县",
            "吴桥县", "献县"),
    "廊坊市": ("安次区", "广阳区", "固安县", "永清县", "香河县", "大城县", "文安县"),
    "衡水市": ("桃城区", "冀州区", "枣强县", "武邑县", "武强县", "饶阳县", "安平县", "故城县",
            "景县", "阜城县"),
}  # fmt: skip
#: office names before the office kind (no 区/县/市/旗/镇/乡/园: the region reader splits on them)
STEMS = (
    "建华", "东风", "胜利", "和平", "光明", "振兴", "民主", "团结", "中华", "解放", "育才", "跃进",
    "前进", "东关", "西关", "南关", "北关", "城东", "城西", "城南", "城北", "大营", "石桥", "柳林",
    "杨庄", "李村", "王庄", "张庄", "刘家", "马头", "河东", "河西", "东湖", "西湖", "长青", "永安",
    "安宁", "太平", "兴华", "富强", "文明", "翠屏", "龙泉", "凤凰", "金桥", "银河", "白塔", "青山",
    "碧水", "古城", "双塔", "北苑", "南苑", "东苑", "桃源", "杏林", "槐树", "松山", "枫林", "滨河",
    "滨湖", "临河", "清水", "泉水", "东升", "西营", "北辛", "南辛", "八里", "五里", "三里", "大王",
)  # fmt: skip
#: (suffix of the full name, kind word, short form)
KINDS = (
    ("街道办事处", "街道", "街道办"),
    ("镇人民政府", "镇", "镇政府"),
    ("乡人民政府", "乡", "乡政府"),
    ("镇", "镇", "镇"),
    ("乡", "乡", "乡"),
)
#: every printed form of each template's department, with the part of the new name it becomes
NAME_FORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "000": (("沧州渤海新区南大港产业园区城区办事处", "full"), ("城区办事处", "office"),
            ("城区办", "short")),
    "001": (("保定市徐水区城区办事处", "full"), ("保定市徐水区", "city_district"),
            ("城区办事处", "office"), ("城区办", "short")),
    "002": (("三河市泃阳西大街街道办事处", "full"), ("泃阳西大街街道", "stem_kind")),
    "003": (("石家庄市高新技术产业开发区长江街道办事处", "full"),
            ("石家庄高新技术产业开发区长江街道办事处", "full"),
            ("高新区长江街道 办事处", "district_office_ocr"),
            ("高新区长江街道办事处", "district_office"), ("长江街道办事处", "office")),
    "004": (("廊坊市广阳区九州镇白家务办事处", "full"), ("廊坊市广阳区白家务办事处", "full"),
            ("廊坊市广阳区", "city_district"), ("白家务办事处", "office"), ("广阳区", "district")),
}  # fmt: skip
#: added to the name of a duplicated project table
QUALIFIERS = ("（二期）", "（续建）", "（追加）", "（提标改造）", "（新增）")
_PLACES = tuple((city, d) for city, districts in DISTRICTS.items() for d in districts)
_PAIRS = len(_PLACES) * len(STEMS) * len(KINDS) * len(YEARS)
_STRIDE = 1_000_003  # a prime above _PAIRS: index ↦ pair is a bijection modulo _PAIRS


@dataclass(frozen=True, slots=True)
class Office:
    city: str
    district: str
    stem: str
    kind: int  # index into KINDS

    @property
    def name(self) -> str:
        return self.form("full")

    def form(self, role: str) -> str:
        suffix, word, short = KINDS[self.kind]
        office = f"{self.stem}{suffix}"
        local = f"{self.district}{office}"
        return {
            "full": f"{self.city}{local}",
            "city_district": f"{self.city}{self.district}",
            "district": self.district,
            "district_office": local,
            "district_office_ocr": f"{local[:-3]} {local[-3:]}",
            "office": office,
            "short": f"{self.stem}{short}",
            "stem_kind": f"{self.stem}{word}",
        }[role]


@dataclass(frozen=True, eq=False)
class Template:
    key: str  # "000" … the file name's prefix
    text: str
    analysis: Analysis


@dataclass(frozen=True, slots=True)
class Plan:
    """Every choice made for one synthetic document."""

    index: int
    template: str
    office: Office
    year: int
    k: int
    fix_garbled: bool
    projects: tuple[tuple[int, str], ...]  # (template block, qualifier of a copy)
    targets: tuple[tuple[CellRef, str, str], ...]  # (cell, printed, new)
    citations: tuple[tuple[str, str], ...]  # (printed 文号 number, new)

    @property
    def file_name(self) -> str:
        return f"{self.index:06d}_{self.template}.txt"


@cache
def load_templates(corpus: Path = CORPUS_DIR) -> tuple[Template, ...]:
    """The corpus files that have name forms in :data:`NAME_FORMS`, analysed once."""
    found = []
    for path in sorted(corpus.glob("*.txt")):
        key = path.name.split("_")[0]
        if key in NAME_FORMS:
            text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")  # any checkout
            found.append(Template(key, text, analyse(text)))
    if not found:
        raise FileNotFoundError(f"no template disclosures in {corpus}")
    return tuple(found)


def template_named(key: str, corpus: Path = CORPUS_DIR) -> Template:
    """The template whose file name starts with ``key`` (``"003"``)."""
    return next(t for t in load_templates(corpus) if t.key == key)


def office_and_year(index: int, seed: int) -> tuple[Office, int]:
    """A (department, fiscal year) pair that no other index of the same seed gets (for up to
    :data:`_PAIRS` = 228,600 documents)."""
    if not 0 <= index < _PAIRS:
        raise ValueError(f"at most {_PAIRS} documents can have distinct departments and years")
    pair = (index * _STRIDE + seed * 7919) % _PAIRS
    pair, year = divmod(pair, len(YEARS))
    pair, kind = divmod(pair, len(KINDS))
    place, stem = divmod(pair, len(STEMS))
    city, district = _PLACES[place]
    return Office(city, district, STEMS[stem], kind), YEARS[year]


def _project_order(template: Template, rng: Random) -> tuple[tuple[int, str], ...]:
    count = len(template.analysis.blocks)
    if template.analysis.fixed_projects:  # amounts must still add up: permute only
        order = list(range(count))
        if rng.random() < 0.5:
            rng.shuffle(order)
        return tuple((b, "") for b in order)
    kept = sorted(rng.sample(range(count), rng.randint(max(1, count // 2), count)))
    copies = rng.sample(kept, rng.randint(0, min(2, len(kept))))
    qualifiers = dict(zip(copies, rng.sample(QUALIFIERS, len(copies)), strict=True))
    result: list[tuple[int, str]] = []
    for block in kept:
        result.append((block, ""))
        if block in qualifiers:
            result.append((block, qualifiers[block]))
    return tuple(result)


def _targets(template: Template, rng: Random, fix: bool) -> tuple[tuple[CellRef, str, str], ...]:
    edits: list[tuple[CellRef, str, str]] = []
    for ref, printed in template.analysis.targets:
        if rng.random() < 0.2 and (new := vary_target(printed, rng)) is not None:
            edits.append((ref, printed, new))
    for ref, printed in template.analysis.garbled if fix else ():
        edits.append((ref, printed, fix_garbled(printed)))
    return tuple(edits)


def _citations(template: Template, rng: Random, year: int) -> tuple[tuple[str, str], ...]:
    result = []
    for printed in template.analysis.citations:
        if rng.random() < 0.5:
            continue  # as printed
        issued, _serial = citation_numbers(printed)
        new_year = min(issued + rng.choice((0, 1, 1, 2)), max(issued, year - 1))
        repair = printed[0].isdigit() and rng.random() < 0.4  # the OCR form, bracketed
        result.append(
            (printed, renumber_citation(printed, new_year, rng.randint(1, 99), repair=repair))
        )
    return tuple(result)


def plan_document(index: int, seed: int = 0, corpus: Path = CORPUS_DIR) -> Plan:
    """The choices for document ``index`` of the corpus generated with ``seed``."""
    templates = load_templates(corpus)
    template = templates[index % len(templates)]
    office, year = office_and_year(index, seed)
    rng = Random(seed + index)
    k = rng.randint(2, 9)
    fix = bool(template.analysis.garbled) and rng.random() < 0.5
    return Plan(
        index=index,
        template=template.key,
        office=office,
        year=year,
        k=k,
        fix_garbled=fix,
        projects=_project_order(template, rng),
        targets=_targets(template, rng, fix),
        citations=_citations(template, rng, year),
    )


@lru_cache(maxsize=512)
def _scaled(template: Template, k: int, year: int) -> str:
    scaled = scale_amounts(template.text, k, template.analysis.money)
    scaled = balance_projects(scaled, k, template.analysis.balance)
    return shift_years(scaled, template.analysis.fiscal_year, year)


def render(template: Template, plan: Plan) -> str:
    """The text of the document that ``plan`` describes."""
    text = _scaled(template, plan.k, plan.year)
    names = {printed: plan.office.form(role) for printed, role in NAME_FORMS[template.key]}
    text = replace_literals(text, {**names, **dict(plan.citations)})  # no name has a digit
    lines = edit_cells(text.split("\n"), {ref: (old, new) for ref, old, new in plan.targets})
    return "\n".join(arrange_projects(lines, template.analysis.blocks, plan.projects))


def generate(n: int, out_dir: Path, seed: int = 0, corpus: Path = CORPUS_DIR) -> list[Path]:
    """Write ``n`` synthetic disclosures into ``out_dir``; their paths in index order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n):
        plan = plan_document(index, seed, corpus)
        path = out_dir / plan.file_name
        path.write_bytes(render(template_named(plan.template, corpus), plan).encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    args = parser.parse_args(argv)
    if args.docs < 0:
        parser.error("--docs must not be negative")
    start = time.perf_counter()
    paths = generate(args.docs, args.out, args.seed)
    elapsed = time.perf_counter() - start
    rate = len(paths) / elapsed if elapsed > 0 else float("inf")
    print(f"{len(paths)} documents → {args.out} in {elapsed:.2f} s ({rate:.0f} documents/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
