"""Model → RDF: every disclosure becomes one named graph.

IRIs are minted from content keys only (department name, fiscal year, project
code or sequence and number, ordinals; see ``docs/iris.md``), so the same input
gives the same IRIs on any machine and whether a file is built alone or within a
corpus.  Every extracted node carries ``prov:wasDerivedFrom`` (its disclosure)
and ``bkg:sourceLine``.  One small function per part of the disclosure.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..model import Disclosure, Indicator
from .graph import (
    DocGraph,
    cite,
    department_iri,
    disclosure_iri,
    project_term,
    region_iri,
    resolve_titles,
    served_duty,
    tag_topics,
)
from .terms import (
    DATA,
    DCTERMS,
    LABEL,
    ORG,
    TYPE,
    bkg,
    bkgc,
    child,
    decimal,
    gyear,
    integer,
    key,
    ref,
    string,
    xsd_date,
    zh,
)
from .vocab import category_label, indicator_concept

_KINDS = {"goods": "Goods", "works": "Works", "services": "Services"}


class _Context:
    """What every part of one disclosure's mapping needs."""

    def __init__(self, d: Disclosure, base: str) -> None:
        self.d = d
        self.base = base
        self.disc = ref(disclosure_iri(d, base).value)
        self.dept = ref(department_iri(d.department, base).value)
        self.year = gyear(d.fiscal_year)
        self.g = DocGraph(self.disc)
        self.titles = resolve_titles(d)

    def owned(self, iri: str, cls: str, line: int | None, *, year: bool = True) -> None:
        """A node of this department and year."""
        self.g.node(iri, cls, line)
        self.g.add(iri, bkg("department"), self.dept)
        if year:
            self.g.add(iri, bkg("fiscalYear"), self.year)


def _header(c: _Context) -> None:
    d, g, disc, dept = c.d, c.g, c.disc, c.dept
    g.add(disc, TYPE, bkg("Disclosure"))
    g.add(disc, LABEL, zh(d.title))
    g.add(disc, f"<{DCTERMS}title>", zh(d.title))
    g.add(disc, bkg("sourceFile"), string(d.source_file))
    g.add(disc, bkg("sha256"), string(d.sha256))
    g.add(disc, bkg("fiscalYear"), c.year)
    g.add(disc, f"<{DCTERMS}publisher>", dept)
    g.add(disc, bkg("sourceLine"), integer(d.line))
    if d.issued:
        g.add(disc, f"<{DCTERMS}issued>", xsd_date(d.issued))
    for code in d.unit_codes:
        g.add(disc, bkg("unitCode"), string(code))
    g.node(dept, "Department", d.line)
    g.add(dept, LABEL, zh(d.department))
    if d.department_code:
        g.add(dept, bkg("departmentCode"), string(d.department_code))
    parent: str | None = None
    names: list[str] = []
    for region in d.regions:
        names.append(region.name)
        r = ref(region_iri(names, c.base).value)
        g.add(r, TYPE, bkg("Region"))
        g.source(r, d.line)  # read from the department name
        g.add(r, LABEL, zh(region.name))
        g.add(r, bkg("regionLevel"), string(region.level))
        if parent is not None:
            g.add(r, bkg("partOf"), parent)
        parent = r
    if parent is not None:
        g.add(dept, bkg("region"), parent)
    cite(g, disc, (d.opening,), c.base, c.titles, d.opening_line or d.line)
    cite(g, disc, (d.mandate,), c.base, c.titles, d.mandate_line or d.line)


def _duties_and_units(c: _Context) -> list[tuple[str, tuple[str, ...]]]:
    """Duties (with their topics, returned for :func:`served_duty`) and budget units."""
    g, dept = c.g, c.dept
    duty_topics = []
    for duty in c.d.duties:
        iri = child(c.disc, f"/duty/{duty.ordinal}")
        c.owned(iri, "Duty", duty.line)
        g.add(dept, bkg("hasDuty"), iri)
        g.add(iri, LABEL, zh(duty.title or duty.text))
        g.add(iri, f"<{DCTERMS}description>", zh(duty.text))
        g.add(iri, bkg("ordinal"), integer(duty.ordinal))
        full = f"{duty.title}：{duty.text}" if duty.title else duty.text
        duty_topics.append((iri, tag_topics(g, iri, full)))
    for unit in c.d.units:
        iri = child(dept, f"/unit/{key(unit.name, unit.nature or '')}")
        g.node(iri, "BudgetUnit", unit.line)
        g.add(dept, f"<{ORG}hasUnit>", iri)
        g.add(iri, f"<{ORG}unitOf>", dept)
        g.add(iri, LABEL, zh(unit.name))
        g.add(iri, bkg("ordinal"), integer(unit.ordinal))
        g.add(iri, bkg("unitNature"), string(unit.nature) if unit.nature else None)
        g.add(iri, bkg("unitRank"), string(unit.rank) if unit.rank else None)
        g.add(iri, bkg("fundingForm"), string(unit.funding) if unit.funding else None)
    return duty_topics


def _budget_lines(c: _Context) -> None:
    g, d = c.g, c.d
    for bl in d.budget_lines:
        iri = child(c.disc, f"/line/{bl.category}")
        c.owned(iri, "BudgetLine", bl.line if bl.amount is not None else bl.change_line)
        g.add(c.disc, bkg("hasBudgetLine"), iri)
        g.add(iri, bkg("category"), bkgc(bl.category))
        g.add(iri, LABEL, zh(f"{d.department} {d.fiscal_year} {category_label(bl.category)}"))
        if bl.amount is not None:
            g.add(iri, bkg("amount"), decimal(bl.amount))
        if bl.printed:
            g.add(iri, bkg("printedAmount"), string(bl.printed))
        if bl.change is not None:
            g.add(iri, bkg("changeFromPreviousYear"), decimal(bl.change))
        if bl.previous is not None:
            g.add(iri, bkg("previousYearAmount"), decimal(bl.previous))


def _indicator(c: _Context, owner: str, ind: Indicator) -> None:
    g = c.g
    iri = child(owner, f"/indicator/{ind.ordinal}")
    g.add(owner, bkg("hasIndicator"), iri)
    g.node(iri, "Indicator", ind.line)
    g.add(iri, LABEL, zh(ind.name))
    g.add(iri, bkg("ordinal"), integer(ind.ordinal))
    g.add(iri, bkg("level3"), zh(ind.name))
    for level, printed in ((1, ind.level1), (2, ind.level2)):
        concept = indicator_concept(level, printed)
        if concept is not None:
            g.add(iri, bkg(f"level{level}"), ref(concept))
    if ind.description:
        g.add(iri, bkg("indicatorDescription"), zh(ind.description))
    if ind.target_text:
        g.add(iri, bkg("targetText"), zh(ind.target_text))
    if ind.comparator:
        g.add(iri, bkg("comparator"), string(ind.comparator))
    if ind.value is not None:
        g.add(iri, bkg("targetValue"), decimal(ind.value))
    if ind.unit:
        g.add(iri, bkg("unit"), string(ind.unit))
    if ind.basis_text:
        g.add(iri, bkg("basisText"), zh(ind.basis_text))
    cite(g, iri, (ind.basis_text, ind.description), c.base, c.titles, ind.line)


def _goals(c: _Context) -> None:
    g = c.g
    for goal in c.d.goals:
        iri = child(c.disc, f"/goal/{goal.ordinal}")
        c.owned(iri, "PerformanceGoal", goal.line)
        g.add(c.disc, bkg("hasGoal"), iri)
        g.add(iri, LABEL, zh(goal.title))
        g.add(iri, bkg("ordinal"), integer(goal.ordinal))
        g.add(iri, bkg("goalText"), zh(goal.goal_text) if goal.goal_text else None)
        g.add(iri, bkg("indicatorText"), zh(goal.indicator_text) if goal.indicator_text else None)
        tag_topics(g, iri, f"{goal.title} {goal.goal_text or ''}")
        cite(g, iri, (goal.goal_text, goal.indicator_text), c.base, c.titles, goal.line)
        for ind in goal.indicators:
            _indicator(c, iri, ind)


def _projects(c: _Context, duty_topics: list[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """Projects with their spending plans and indicators; returns name → project term."""
    g = c.g
    by_name: dict[str, str] = {}
    for p in c.d.projects:
        iri = project_term(c.disc, p)
        by_name.setdefault(p.name, iri)
        c.owned(iri, "Project", p.line)
        g.add(c.disc, bkg("hasProject"), iri)
        g.add(iri, LABEL, zh(p.name))
        g.add(iri, bkg("ordinal"), integer(p.ordinal))
        g.add(iri, bkg("projectSequence"), string(p.sequence))
        g.add(iri, bkg("projectCode"), string(p.code) if p.code else None)
        for prop, amount in (
            ("amount", p.amount),
            ("fiscalAmount", p.fiscal_amount),
            ("otherFundsAmount", p.other_amount),
        ):
            g.add(iri, bkg(prop), decimal(amount) if amount is not None else None)
        g.add(iri, bkg("declaredUnit"), string(p.declared_unit) if p.declared_unit else None)
        g.add(iri, bkg("unitCode"), string(p.unit_code) if p.unit_code else None)
        g.add(iri, bkg("purpose"), string(p.purpose) if p.purpose else None)
        for statement in p.goals:
            g.add(iri, bkg("goalStatement"), zh(statement))
        for index, cp in enumerate(p.spending_plan, start=1):
            cp_iri = child(iri, f"/plan/{index}")
            g.node(cp_iri, "SpendingCheckpoint", cp.line)
            g.add(iri, bkg("hasSpendingCheckpoint"), cp_iri)
            g.add(cp_iri, LABEL, zh(cp.label))
            g.add(cp_iri, bkg("checkpointLabel"), string(cp.label))
            g.add(cp_iri, bkg("ordinal"), integer(index))
            g.add(cp_iri, bkg("checkpointMonth"), integer(cp.month) if cp.month else None)
            if cp.percent is not None:
                g.add(cp_iri, bkg("cumulativePercent"), decimal(cp.percent))
        g.add(iri, bkg("servesDuty"), served_duty(tag_topics(g, iri, p.name), duty_topics))
        cite(g, iri, (p.name, p.purpose, *p.goals), c.base, c.titles, p.line)
        for ind in p.indicators:
            _indicator(c, iri, ind)
    return by_name


def _procurement(c: _Context, projects: dict[str, str]) -> None:
    g = c.g
    for item in c.d.procurement:
        iri = child(c.disc, f"/procurement/{item.ordinal}")
        c.owned(iri, "ProcurementItem", item.line)
        g.add(c.disc, bkg("hasProcurementItem"), iri)
        g.add(iri, LABEL, zh(item.item_name or item.project_name))
        g.add(iri, bkg("ordinal"), integer(item.ordinal))
        g.add(iri, bkg("projectName"), string(item.project_name))
        g.add(iri, bkg("project"), projects.get(item.project_name))
        g.add(iri, bkg("amount"), decimal(item.amount))
        for prop, amount in (
            ("projectBudget", item.project_budget),
            ("quantity", item.quantity),
            ("unitPrice", item.unit_price),
        ):
            g.add(iri, bkg(prop), decimal(amount) if amount is not None else None)
        g.add(iri, bkg("catalogCode"), string(item.catalog_code) if item.catalog_code else None)
        g.add(iri, bkg("procurementKind"), bkgc(_KINDS[item.kind]) if item.kind else None)
        g.add(iri, bkg("quantityUnit"), string(item.quantity_unit) if item.quantity_unit else None)
        g.add(iri, bkg("fundSource"), string(item.fund_source) if item.fund_source else None)


def _assets(c: _Context) -> None:
    g, d = c.g, c.d
    seen: dict[str, int] = {}
    for holding in d.assets:
        n = seen[holding.asset_class] = seen.get(holding.asset_class, 0) + 1
        iri = child(c.disc, f"/asset/{holding.asset_class}{'' if n == 1 else f'-{n}'}")
        c.owned(iri, "AssetHolding", holding.line, year=False)
        g.add(c.disc, bkg("hasAssetHolding"), iri)
        g.add(iri, LABEL, zh(holding.label))
        g.add(iri, bkg("assetClass"), bkgc(holding.asset_class))
        if holding.quantity is not None:
            g.add(iri, bkg("quantity"), decimal(holding.quantity))
        if holding.quantity_unit:
            g.add(iri, bkg("quantityUnit"), string(holding.quantity_unit))
        if holding.amount is not None:
            g.add(iri, bkg("amount"), decimal(holding.amount))
        g.add(iri, bkg("asOfDate"), xsd_date(d.assets_as_of) if d.assets_as_of else None)


def disclosure_graph(d: Disclosure, base: str = DATA) -> DocGraph:
    """The named graph of one disclosure, as N-Triples terms."""
    c = _Context(d, base)
    _header(c)
    duty_topics = _duties_and_units(c)
    _budget_lines(c)
    _goals(c)
    projects = _projects(c, duty_topics)
    _procurement(c, projects)
    _assets(c)
    return c.g


def disclosure_quads(d: Disclosure, base: str = DATA) -> list[ox.Quad]:
    """All quads of one disclosure, in its own named graph (pyoxigraph terms)."""
    text = disclosure_graph(d, base).nquads().encode("utf-8")
    return list(ox.parse(text, format=ox.RdfFormat.N_QUADS))


__all__ = [
    "DocGraph",
    "department_iri",
    "disclosure_graph",
    "disclosure_iri",
    "disclosure_quads",
    "region_iri",
    "served_duty",
]
