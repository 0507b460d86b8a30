"""The synthetic corpus generator of the benchmarks (``benchmarks/generate.py``).

Generated documents must be reproducible byte for byte, varied (departments, years, both
text flavours), read by the parser exactly like their template — the same warnings, every
figure the template's times ``k`` — and still add up wherever the template adds up.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from random import Random

import pytest
import rdflib

from budgetkg.build import build_graph
from budgetkg.ingest import source_from_bytes
from budgetkg.model import Disclosure
from budgetkg.parse.disclosure import parse_file, parse_source
from budgetkg.regions import region_chain
from budgetkg.resources import resource_path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate
import variations

#: documents generated once for the module: parsed and checked one by one
N = 60
MONEY_UNITS = ("元", "万元")
#: rows of the fixed-asset table that add up to its total (unless printed as 其中：…)
TOP_ASSET_ROWS = (
    "Buildings",
    "Vehicles",
    "GeneralEquipment",
    "SpecialEquipment",
    "CulturalRelics",
    "BooksAndArchives",
    "Furniture",
    "OtherFixedAssets",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate.generate(N, tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="module")
def parsed(corpus: list[Path]) -> list[Disclosure]:
    return [parse_file(path) for path in corpus]


@pytest.fixture(scope="module")
def templates() -> dict[str, Disclosure]:
    return {
        t.key: parse_source(source_from_bytes(t.text.encode("utf-8"), f"{t.key}.txt"))
        for t in generate.load_templates()
    }


def cases(
    parsed: list[Disclosure], templates: dict[str, Disclosure]
) -> Iterator[tuple[generate.Plan, Disclosure, Disclosure]]:
    """(plan, template, variant) of every generated document."""
    for index, variant in enumerate(parsed):
        plan = generate.plan_document(index)
        yield plan, templates[plan.template], variant


# ------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = generate.generate(12, tmp_path / "a")
    second = generate.generate(12, tmp_path / "b", seed=0)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    prefix = generate.generate(4, tmp_path / "c")  # document i depends only on (seed, i)
    assert [p.read_bytes() for p in prefix] == [p.read_bytes() for p in first[:4]]
    other = generate.generate(12, tmp_path / "d", seed=7)
    assert any(a.read_bytes() != b.read_bytes() for a, b in zip(first, other, strict=True))


def test_department_year_pairs_are_unique_for_any_seed() -> None:
    for seed in (0, 1, 12345):
        pairs = [generate.office_and_year(i, seed) for i in range(20_000)]
        assert len({(office.name, year) for office, year in pairs}) == len(pairs)
        assert {year for _office, year in pairs} == set(generate.YEARS)


def test_generated_names_read_as_their_region() -> None:
    for index in range(0, 20_000, 37):
        office, _year = generate.office_and_year(index, 0)
        word = generate.KINDS[office.kind][1]
        town = [f"{office.stem}{word}"] if word in ("镇", "乡") else []
        chain = [r.name for r in region_chain(office.name)]
        assert chain == ["河北省", office.city, office.district, *town], office.name


def test_cli_writes_the_documents_and_reports_the_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert generate.main(["--docs", "3", "--out", str(tmp_path), "--seed", "2"]) == 0
    assert len(list(tmp_path.glob("*.txt"))) == 3
    assert "documents/s" in capsys.readouterr().out


# ---------------------------------------------------------------------------- variety


def test_twenty_documents_have_distinct_offices_and_both_flavours(
    corpus: list[Path], parsed: list[Disclosure]
) -> None:
    first = parsed[:20]
    assert len({(d.department, d.fiscal_year) for d in first}) == 20
    assert {d.fiscal_year for d in first} <= set(generate.YEARS)
    assert all(d.regions[:2] and d.regions[1].name in generate.DISTRICTS for d in first)
    pdf = [variations.analyse(path.read_text(encoding="utf-8")).pdf for path in corpus[:20]]
    assert any(pdf) and not all(pdf)


def test_projects_are_varied_and_renumbered(parsed: list[Disclosure]) -> None:
    orders = set()
    for index, d in enumerate(parsed):
        plan = generate.plan_document(index)
        template = generate.template_named(plan.template)
        varied = d.projects[len(d.projects) - len(plan.projects) :]
        assert [p.ordinal for p in varied] == list(range(1, len(plan.projects) + 1))
        assert len({p.name for p in varied}) == len(varied)
        if template.analysis.fixed_projects:
            assert sorted(b for b, _ in plan.projects) == list(range(len(template.analysis.blocks)))
        orders.add(tuple(b for b, _ in plan.projects))
    assert len(orders) > N // 2


def test_plans_vary_targets_citations_and_garbled_cells() -> None:
    plans = [generate.plan_document(i) for i in range(N)]
    assert sum(len(p.targets) for p in plans) > N
    assert sum(len(p.citations) for p in plans) > N // 3
    garbled = [p.fix_garbled for p in plans if p.template == "001"]
    assert True in garbled and False in garbled
    assert {p.k for p in plans} == set(range(2, 10))


# ------------------------------------------------------------------- parse like template


def test_variants_parse_without_errors_and_with_the_templates_warnings(
    parsed: list[Disclosure], templates: dict[str, Disclosure]
) -> None:
    for plan, template, variant in cases(parsed, templates):
        assert not [d for d in variant.diagnostics if d.severity == "error"], plan.file_name
        expected = {d.code for d in template.warnings}
        if plan.fix_garbled:
            expected.discard("garbled-target")
        assert {d.code for d in variant.warnings} == expected, plan.file_name
        assert variant.department == plan.office.name
        assert variant.fiscal_year == plan.year


def _times(value: Decimal | None, k: int) -> Decimal | None:
    return None if value is None else value * k


def test_every_figure_is_the_templates_times_k(
    parsed: list[Disclosure], templates: dict[str, Disclosure]
) -> None:
    for plan, template, variant in cases(parsed, templates):
        k, name = plan.k, plan.file_name
        assert [bl.category for bl in variant.budget_lines] == [
            bl.category for bl in template.budget_lines
        ], name
        for old, new in zip(template.budget_lines, variant.budget_lines, strict=True):
            assert new.amount == _times(old.amount, k), (name, old.category)
            assert new.change == _times(old.change, k), (name, old.category)
            assert new.previous == _times(old.previous, k), (name, old.category)
        assert [
            (i.amount, i.project_budget, i.unit_price, i.quantity) for i in variant.procurement
        ] == [
            (i.amount * k, _times(i.project_budget, k), _times(i.unit_price, k), i.quantity)
            for i in template.procurement
        ], name
        assert [(a.asset_class, a.quantity, a.amount) for a in variant.assets] == [
            (a.asset_class, a.quantity, _times(a.amount, k)) for a in template.assets
        ], name
        analysis = generate.template_named(plan.template).analysis
        if analysis.fixed_projects:
            assert _project_money(variant) == sorted(
                _balanced(tuple(_times(v, k) for v in t), analysis.balance, k)
                for t in _project_money(template)
            ), name


def _balanced(
    money: tuple[Decimal | None, ...], balance: variations.Balance | None, k: int
) -> tuple[Decimal | None, ...]:
    """A project's amounts times ``k``; the balancing project's 预算数 and 财政资金 less
    ``(k - 1) ×`` the template's rounding gap (:func:`variations.balance_projects`)."""
    if balance is None or k == 1:
        return money
    scaled = Decimal(balance.printed.replace(",", "")) * balance.unit * k
    if money[0] != scaled:
        return money
    less = scaled - (k - 1) * balance.gap
    return (less, less if money[1] == scaled else money[1], *money[2:])


def _project_money(d: Disclosure) -> list[tuple[Decimal | None, ...]]:
    """Each project's amounts and money targets (in its printed unit), order-independent."""
    return sorted(
        (
            p.amount,
            p.fiscal_amount,
            p.other_amount,
            *sorted(i.value for i in p.indicators if i.unit in MONEY_UNITS and i.value),
        )
        for p in d.projects
    )


# --------------------------------------------------------------------------- add up


@pytest.fixture(scope="module")
def sum_rules() -> dict[str, list[str]]:
    """bkg:sumOf from the ontology: category → the categories it is the sum of."""
    g = rdflib.Graph().parse(resource_path("ontology", "budgetkg.ttl"))
    rules: dict[str, list[str]] = {}
    for whole, part in g.subject_objects(rdflib.URIRef("https://w3id.org/budgetkg/ontology#sumOf")):
        rules.setdefault(str(whole).rsplit("/", 1)[1], []).append(str(part).rsplit("/", 1)[1])
    return rules


def reconciled(d: Disclosure, rules: dict[str, list[str]]) -> set[str]:
    """The identities whose printed figures add up in ``d``."""
    lines = {bl.category: bl for bl in d.budget_lines}
    found = set()
    for whole, parts in rules.items():
        for measure in ("amount", "change"):
            total = getattr(lines[whole], measure) if whole in lines else None
            values = [getattr(lines[p], measure) for p in parts if p in lines]
            values = [v for v in values if v is not None]
            if total is not None and values and sum(values) == total:
                found.add(f"{whole}.{measure}")
    projects = [p.amount for p in d.projects if p.amount is not None]
    project_total = lines["ProjectExpenditure"].amount if "ProjectExpenditure" in lines else None
    if d.projects and len(projects) == len(d.projects) and sum(projects) == project_total:
        found.add("projects")
    procurement = lines.get("GovernmentProcurement")
    if d.procurement and procurement and sum(i.amount for i in d.procurement) == procurement.amount:
        found.add("procurement")
    assets = next((a.amount for a in d.assets if a.asset_class == "TotalAssets"), None)
    rows = [
        a for a in d.assets if a.asset_class in TOP_ASSET_ROWS and not a.label.startswith("其中")
    ]
    if assets is not None and assets == sum((a.amount or Decimal(0) for a in rows), Decimal(0)):
        found.add("assets")
    return found


def test_what_adds_up_in_the_template_adds_up_in_every_variant(
    parsed: list[Disclosure], templates: dict[str, Disclosure], sum_rules: dict[str, list[str]]
) -> None:
    checked = 0
    for plan, template, variant in cases(parsed, templates):
        expected = reconciled(template, sum_rules)
        assert expected <= reconciled(variant, sum_rules), plan.file_name
        checked += len(expected)
    assert len(parsed) >= 50
    assert checked >= 8 * len(parsed)  # every template reconciles its totals and tables
    assert {"projects", "procurement", "assets"} <= reconciled(templates["000"], sum_rules)
    assert {"procurement", "assets"} <= reconciled(templates["003"], sum_rules)  # PDF flavour


def test_twenty_documents_build_into_twenty_named_graphs(corpus: list[Path]) -> None:
    result = build_graph(corpus[:20])
    assert len(result.disclosures) == 20
    assert len({q.graph_name for q in result.quads}) == 20


# ----------------------------------------------------------------------- the functions


def test_scale_amounts_scales_money_only() -> None:
    text = (
        "2020年预算收入691.88万元，较2019年增长0.79万元，占 66.67%，57 人，每人每月15元，"
        "140 万市级资金，40 万，单价在20万元以上设备，冀组发[2018]14号\n\t11.00\n\t≥95%"
    )
    scaled = variations.scale_amounts(text, 3, [(1, 1)])
    assert scaled == (
        "2020年预算收入2075.64万元，较2019年增长2.37万元，占 66.67%，57 人，每人每月45元，"
        "420 万市级资金，120 万，单价在20万元以上设备，冀组发[2018]14号\n\t33.00\n\t≥95%"
    )
    assert variations.scale_figure("1,207,013.28", 2) == "2,414,026.56"
    assert variations.scale_figure("0.00", 9) == "0.00"


def test_years_names_and_citations() -> None:
    text = "石家庄市长江街道办事处 2020 年部门预算，较2019年增加；2018年；石办字 201819 号"
    assert variations.shift_years(text, 2020, 2023) == text.replace("2020 ", "2023 ").replace(
        "2019年", "2022年"
    )
    names = {"石家庄市长江街道办事处": "唐山市路南区建华镇", "长江街道办事处": "建华镇"}
    assert variations.rename_department("长江街道办事处，石家庄市长江街道办事处", names) == (
        "建华镇，唐山市路南区建华镇"
    )
    assert variations.CITATION.findall(text + "，三信访【2019】第192号") == [
        "201819 号",
        "【2019】第192号",
    ]
    assert variations.renumber_citation("【2019】第192号", 2020, 7) == "【2020】第7号"
    assert variations.renumber_citation("[2019]54 号", 2019, 3) == "[2019]3 号"
    assert variations.renumber_citation("201819 号", 2019, 5) == "20195 号"
    assert variations.renumber_citation("201819 号", 2019, 5, repair=True) == "〔2019〕5 号"
    assert variations.citation_numbers("201819 号") == (2018, 19)


def test_targets() -> None:
    rng = Random(1)
    for target in ("≥90%", "95%以上", "≥80百分比", "4次", "3 个", "70000人以上"):
        new = variations.vary_target(target, rng)
        assert new is not None and new != target
        assert new.rstrip("0123456789%次个人以上百分比 ≥") == ""
    for target in ("≥180元", "11万元", "解决实际困难", "≤5%", "≥10年", "≥95100%"):
        assert variations.vary_target(target, rng) is None
    assert variations.fix_garbled("≥95100%") == "≥95%"
    assert variations.fix_garbled("100100%") == "100%"


def test_identity_arrangement_reproduces_every_template() -> None:
    for template in generate.load_templates():
        lines = template.text.split("\n")
        blocks = template.analysis.blocks
        identity = [(b, "") for b in range(len(blocks))]
        assert variations.arrange_projects(lines, blocks, identity) == lines, template.key
        assert variations.scale_amounts(template.text, 1, template.analysis.money) == template.text


def _shape(lines: list[str]) -> list[tuple[int, bool]]:
    return [(line.count("\t"), line == "") for line in lines]


def test_table_structure_is_the_templates(corpus: list[Path]) -> None:
    """Every line keeps its TABs and every blank row separator stays (projects rearranged)."""
    for index, path in enumerate(corpus):
        plan = generate.plan_document(index)
        template = generate.template_named(plan.template)
        expected = variations.arrange_projects(
            template.text.split("\n"), template.analysis.blocks, plan.projects
        )
        assert _shape(path.read_text(encoding="utf-8").split("\n")) == _shape(expected), path.name
