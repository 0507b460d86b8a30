"""The synthetic benchmark corpus (``benchmarks/generate.py``) passes the arithmetic shapes.

Every money figure of a synthetic document is its template's times ``k``, except where a
template adds up only within rounding: 001's projects (printed in 元) are 27.07 yuan over its
项目支出 (1636.76万元), and ``k`` × 27.07 would be beyond the tolerance of
bkgsh:ProjectExpenditureSum (50.09 yuan), so the generator keeps the gap at 27.07 yuan by
printing the largest project's amount ``(k - 1)`` × 27.07 yuan lower.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from budgetkg.build import build_graph
from budgetkg.ingest import source_from_bytes
from budgetkg.model import Disclosure
from budgetkg.parse.disclosure import parse_source
from budgetkg.rdf.export import serialize
from budgetkg.validate import validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate
import variations

GAP = Decimal("27.07")  # 16,367,627.07 yuan of projects − 1636.76万元 in template 001


def _parse(text: str, name: str) -> Disclosure:
    return parse_source(source_from_bytes(text.encode("utf-8"), name))


def _project_total(d: Disclosure) -> Decimal:
    line = next(b for b in d.budget_lines if b.category == "ProjectExpenditure")
    assert line.amount is not None
    return line.amount


def _project_sum(d: Disclosure) -> Decimal:
    amounts = [p.amount for p in d.projects]
    assert amounts and None not in amounts
    return sum((a for a in amounts if a is not None), Decimal(0))


def test_only_001_needs_balancing() -> None:
    balances = {t.key: t.analysis.balance for t in generate.load_templates()}
    assert [key for key, b in balances.items() if b is not None] == ["001"]
    balance = balances["001"]
    assert balance is not None
    assert (balance.printed, balance.unit, balance.gap) == ("2546773.88", 1, GAP)


def test_001_keeps_its_rounding_gap_for_every_k() -> None:
    template = generate.template_named("001")
    original = _parse(template.text, "001.txt")
    assert _project_sum(original) - _project_total(original) == GAP
    for k in range(2, 10):
        variant = _parse(generate._scaled(template, k, 2021), f"001-k{k}.txt")
        assert _project_total(variant) == _project_total(original) * k
        assert _project_sum(variant) - _project_total(variant) == GAP, k
        changed = []
        for old, new in zip(original.projects, variant.projects, strict=True):
            assert new.other_amount == (old.other_amount or 0) * k
            assert new.fiscal_amount == new.amount  # 预算数 = 财政资金 + 其他资金 (0)
            if new.amount != (old.amount or 0) * k:
                changed.append(new.name)
                assert new.amount == (old.amount or 0) * k - (k - 1) * GAP
        assert changed == ["城区办退役士官再就业经费"], k  # the largest project only
        # its amount quoted in its spending plan moves with it, printed with two decimals
        assert f"项目预算资金{(Decimal('2546773.88') * k - (k - 1) * GAP):.2f}万元" in (
            generate._scaled(template, k, 2021)
        )


def test_balance_is_a_no_op_without_a_gap() -> None:
    template = generate.template_named("001")
    scaled = variations.scale_amounts(template.text, 1, template.analysis.money)
    assert variations.balance_projects(scaled, 1, template.analysis.balance) == template.text
    assert variations.balance_projects(scaled, 5, None) == scaled


def test_small_corpus_has_no_violation(tmp_path: Path) -> None:
    """Ten documents (each template twice, k ≠ 1) build and validate without a Violation."""
    paths = generate.generate(10, tmp_path / "corpus")
    plans = [generate.plan_document(i) for i in range(10)]
    assert sorted({p.template for p in plans}) == ["000", "001", "002", "003", "004"]
    assert all(p.k != 1 for p in plans)

    graph = tmp_path / "corpus.nq"
    graph.write_bytes(serialize(build_graph(paths).quads, "nq"))
    report = validate(graph, jobs=2)

    assert len(report.documents) == 10
    violations = [
        f"{r.location} {r.shape.rsplit('#', 1)[-1]}: {r.message_en}"
        for r in report.results
        if r.severity == "Violation"
    ]
    assert violations == []
    assert report.conforms
