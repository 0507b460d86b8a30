"""Model → RDF: every disclosure becomes one named graph of pyoxigraph quads.

IRIs are minted from content keys only (department name, fiscal year, project
code or sequence and number, ordinals), so the same input gives the same IRIs on
any machine and whether a file is built alone or within a corpus.  Every
extracted node carries ``prov:wasDerivedFrom`` (its disclosure) and
``bkg:sourceLine``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from ..citations import Citation, document_key, find_citations
from ..model import Disclosure, Indicator, Project
from ..topics import TOPIC_NS, assign_topics
from .terms import (
    DATA,
    DCTERMS,
    DERIVED,
    LABEL,
    ORG,
    TYPE,
    bkg,
    bkgc,
    boolean,
    decimal,
    gyear,
    integer,
    key,
    safe_segment,
    string,
    xsd_date,
    zh,
)
from .vocab import indicator_concept

_KINDS = {"goods": "Goods", "works": "Works", "services": "Services"}


@dataclass
class _Graph:
    graph: NamedNode
    source: NamedNode
    quads: list[Quad] = field(default_factory=list)

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal | None) -> None:
        if o is not None:
            self.quads.append(Quad(s, p, o, self.graph))

    def node(self, s: NamedNode, cls: str, line: int | None) -> None:
        """Type an extracted node and give it its provenance."""
        self.add(s, TYPE, bkg(cls))
        self.add(s, DERIVED, self.source)
        if line is not None:
            self.add(s, bkg("sourceLine"), integer(line))


def department_iri(name: str, base: str = DATA) -> NamedNode:
    return NamedNode(f"{base}department/{key(name)}")


def disclosure_iri(d: Disclosure, base: str = DATA) -> NamedNode:
    return NamedNode(f"{base}disclosure/{key(d.department)}-{d.fiscal_year}")


def region_iri(names: Iterable[str], base: str = DATA) -> NamedNode:
    return NamedNode(f"{base}region/{key(*names)}")


def document_iri(document_key: str, base: str = DATA) -> NamedNode:
    return NamedNode(f"{base}document/{key(document_key)}")


def project_iri(disclosure: NamedNode, p: Project) -> NamedNode:
    local = safe_segment(p.code) if p.code else f"{key(p.sequence)[:6]}-{p.ordinal}"
    return NamedNode(f"{disclosure.value}/project/{local}")


def _resolve_titles(citations: list[Citation]) -> dict[str, str]:
    """Within one disclosure, a title cited with a number elsewhere → that number's key."""
    by_title: dict[str, str] = {}
    for c in citations:
        if c.title and c.number:
            by_title.setdefault(c.title, c.number)
    return by_title


def _cite(
    g: _Graph,
    subject: NamedNode,
    texts: Iterable[str | None],
    line: int,
    base: str,
    titles: dict[str, str],
) -> None:
    for text in texts:
        if not text:
            continue
        for c in find_citations(text):
            doc_key = document_key(c)
            if not c.number and c.title in titles:
                doc_key = titles[c.title]
            doc = document_iri(doc_key, base)
            g.add(subject, bkg("cites"), doc)
            g.add(doc, TYPE, bkg("PolicyDocument"))
            g.add(doc, bkg("citedAs"), string(c.raw))
            if c.title:
                g.add(doc, NamedNode(DCTERMS + "title"), zh(c.title))
                g.add(doc, LABEL, zh(c.title))
            if c.number:
                g.add(doc, bkg("documentNumber"), string(c.number))
                g.add(doc, LABEL, zh(c.number))
                if c.issuer:
                    g.add(doc, bkg("issuerCode"), string(c.issuer))
                if c.year:
                    g.add(doc, bkg("issueYear"), gyear(c.year))
                if c.serial:
                    g.add(doc, bkg("serialNumber"), integer(c.serial))
                if c.recovered:
                    g.add(doc, bkg("numberRecovered"), boolean(True))
            elif not c.title:
                g.add(doc, LABEL, zh(c.raw))


def served_duty(
    project: tuple[str, ...], duties: list[tuple[NamedNode, tuple[str, ...]]]
) -> NamedNode | None:
    """The duty a project serves: the best agreement of the two ranked topic lists.

    Each shared topic scores ``1/(1+rank in project) + 1/(1+rank in duty)``, so a duty whose
    main topic is the project's main topic beats one that mentions it in passing; ties go
    to the more specific duty (fewer topics), then to the duty printed first.
    """
    best: tuple[float, int, int] | None = None
    chosen: NamedNode | None = None
    for index, (duty, topics) in enumerate(duties):
        score = sum(
            1 / (1 + project.index(t)) + 1 / (1 + topics.index(t)) for t in project if t in topics
        )
        if score > 0 and (best is None or (score, -len(topics), -index) > best):
            best, chosen = (score, -len(topics), -index), duty
    return chosen


def _topics(g: _Graph, subject: NamedNode, text: str) -> tuple[str, ...]:
    topics = assign_topics(text)
    for t in topics:
        g.add(subject, bkg("topic"), NamedNode(TOPIC_NS + t))
    return topics


def _indicator(
    g: _Graph, iri: NamedNode, ind: Indicator, base: str, titles: dict[str, str]
) -> None:
    g.node(iri, "Indicator", ind.line)
    g.add(iri, LABEL, zh(ind.name))
    g.add(iri, bkg("ordinal"), integer(ind.ordinal))
    g.add(iri, bkg("level3"), zh(ind.name))
    for level, printed in ((1, ind.level1), (2, ind.level2)):
        concept = indicator_concept(level, printed)
        if concept is not None:
            g.add(iri, bkg(f"level{level}"), NamedNode(concept))
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
    _cite(g, iri, (ind.basis_text, ind.description), ind.line, base, titles)


def disclosure_quads(d: Disclosure, base: str = DATA) -> list[Quad]:
    """All quads of one disclosure, in its own named graph."""
    disc = disclosure_iri(d, base)
    g = _Graph(disc, disc)
    dept = department_iri(d.department, base)
    year = gyear(d.fiscal_year)

    # the disclosure itself
    g.add(disc, TYPE, bkg("Disclosure"))
    g.add(disc, LABEL, zh(d.title))
    g.add(disc, NamedNode(DCTERMS + "title"), zh(d.title))
    g.add(disc, bkg("sourceFile"), string(d.source_file))
    g.add(disc, bkg("sha256"), string(d.sha256))
    g.add(disc, bkg("fiscalYear"), year)
    g.add(disc, NamedNode(DCTERMS + "publisher"), dept)
    g.add(disc, bkg("sourceLine"), integer(d.line))
    if d.issued:
        g.add(disc, NamedNode(DCTERMS + "issued"), xsd_date(d.issued))
    for code in d.unit_codes:
        g.add(disc, bkg("unitCode"), string(code))

    # department and region chain
    g.node(dept, "Department", d.line)
    g.add(dept, LABEL, zh(d.department))
    if d.department_code:
        g.add(dept, bkg("departmentCode"), string(d.department_code))
    parent: NamedNode | None = None
    names: list[str] = []
    for region in d.regions:
        names.append(region.name)
        r = region_iri(names, base)
        g.add(r, TYPE, bkg("Region"))
        g.add(r, LABEL, zh(region.name))
        g.add(r, bkg("regionLevel"), string(region.level))
        if parent is not None:
            g.add(r, bkg("partOf"), parent)
        parent = r
    if parent is not None:
        g.add(dept, bkg("region"), parent)

    text_citations = [
        c
        for text in [d.opening]
        + [p.name for p in d.projects]
        + [i.basis_text for p in d.projects for i in p.indicators]
        if text
        for c in find_citations(text)
    ]
    titles = _resolve_titles(text_citations)
    _cite(g, disc, (d.opening, d.mandate), d.line, base, titles)

    # duties and units
    duty_topics: list[tuple[NamedNode, tuple[str, ...]]] = []
    for duty in d.duties:
        iri = NamedNode(f"{disc.value}/duty/{duty.ordinal}")
        g.node(iri, "Duty", duty.line)
        g.add(dept, bkg("hasDuty"), iri)
        g.add(iri, bkg("department"), dept)
        g.add(iri, LABEL, zh(duty.title or duty.text))
        g.add(iri, NamedNode(DCTERMS + "description"), zh(duty.text))
        g.add(iri, bkg("ordinal"), integer(duty.ordinal))
        g.add(iri, bkg("fiscalYear"), year)
        full = f"{duty.title}：{duty.text}" if duty.title else duty.text
        duty_topics.append((iri, _topics(g, iri, full)))
    for unit in d.units:
        iri = NamedNode(f"{dept.value}/unit/{key(unit.name, unit.nature or '')}")
        g.node(iri, "BudgetUnit", unit.line)
        g.add(dept, NamedNode(ORG + "hasUnit"), iri)
        g.add(iri, NamedNode(ORG + "unitOf"), dept)
        g.add(iri, LABEL, zh(unit.name))
        g.add(iri, bkg("ordinal"), integer(unit.ordinal))
        if unit.nature:
            g.add(iri, bkg("unitNature"), string(unit.nature))
        if unit.rank:
            g.add(iri, bkg("unitRank"), string(unit.rank))
        if unit.funding:
            g.add(iri, bkg("fundingForm"), string(unit.funding))

    # budget lines
    for bl in d.budget_lines:
        iri = NamedNode(f"{disc.value}/line/{bl.category}")
        g.node(iri, "BudgetLine", bl.line if bl.amount is not None else bl.change_line)
        g.add(disc, bkg("hasBudgetLine"), iri)
        g.add(iri, bkg("category"), bkgc(bl.category))
        g.add(iri, bkg("department"), dept)
        g.add(iri, bkg("fiscalYear"), year)
        g.add(iri, LABEL, zh(f"{d.department} {d.fiscal_year} {bl.category}"))
        if bl.amount is not None:
            g.add(iri, bkg("amount"), decimal(bl.amount))
        if bl.printed:
            g.add(iri, bkg("printedAmount"), string(bl.printed))
        if bl.change is not None:
            g.add(iri, bkg("changeFromPreviousYear"), decimal(bl.change))
        if bl.previous is not None:
            g.add(iri, bkg("previousYearAmount"), decimal(bl.previous))

    # performance goals
    for goal in d.goals:
        iri = NamedNode(f"{disc.value}/goal/{goal.ordinal}")
        g.node(iri, "PerformanceGoal", goal.line)
        g.add(disc, bkg("hasGoal"), iri)
        g.add(iri, bkg("department"), dept)
        g.add(iri, bkg("fiscalYear"), year)
        g.add(iri, LABEL, zh(goal.title))
        g.add(iri, bkg("ordinal"), integer(goal.ordinal))
        if goal.goal_text:
            g.add(iri, bkg("goalText"), zh(goal.goal_text))
        if goal.indicator_text:
            g.add(iri, bkg("indicatorText"), zh(goal.indicator_text))
        _topics(g, iri, f"{goal.title} {goal.goal_text or ''}")
        _cite(g, iri, (goal.goal_text, goal.indicator_text), goal.line, base, titles)
        for ind in goal.indicators:
            ind_iri = NamedNode(f"{iri.value}/indicator/{ind.ordinal}")
            g.add(iri, bkg("hasIndicator"), ind_iri)
            _indicator(g, ind_iri, ind, base, titles)

    # projects
    project_by_name: dict[str, NamedNode] = {}
    for p in d.projects:
        iri = project_iri(disc, p)
        project_by_name.setdefault(p.name, iri)
        g.node(iri, "Project", p.line)
        g.add(disc, bkg("hasProject"), iri)
        g.add(iri, bkg("department"), dept)
        g.add(iri, bkg("fiscalYear"), year)
        g.add(iri, LABEL, zh(p.name))
        g.add(iri, bkg("ordinal"), integer(p.ordinal))
        g.add(iri, bkg("projectSequence"), string(p.sequence))
        if p.code:
            g.add(iri, bkg("projectCode"), string(p.code))
        if p.amount is not None:
            g.add(iri, bkg("amount"), decimal(p.amount))
        if p.fiscal_amount is not None:
            g.add(iri, bkg("fiscalAmount"), decimal(p.fiscal_amount))
        if p.other_amount is not None:
            g.add(iri, bkg("otherFundsAmount"), decimal(p.other_amount))
        if p.declared_unit:
            g.add(iri, bkg("declaredUnit"), string(p.declared_unit))
        if p.unit_code:
            g.add(iri, bkg("unitCode"), string(p.unit_code))
        if p.purpose:
            g.add(iri, bkg("purpose"), string(p.purpose))
        for statement in p.goals:
            g.add(iri, bkg("goalStatement"), zh(statement))
        for index, cp in enumerate(p.spending_plan, start=1):
            cp_iri = NamedNode(f"{iri.value}/plan/{index}")
            g.node(cp_iri, "SpendingCheckpoint", cp.line)
            g.add(iri, bkg("hasSpendingCheckpoint"), cp_iri)
            g.add(cp_iri, LABEL, zh(cp.label))
            g.add(cp_iri, bkg("checkpointLabel"), string(cp.label))
            g.add(cp_iri, bkg("ordinal"), integer(index))
            if cp.month:
                g.add(cp_iri, bkg("checkpointMonth"), integer(cp.month))
            if cp.percent is not None:
                g.add(cp_iri, bkg("cumulativePercent"), decimal(cp.percent))
        served = served_duty(_topics(g, iri, p.name), duty_topics)
        if served is not None:
            g.add(iri, bkg("servesDuty"), served)
        _cite(g, iri, (p.name, p.purpose, *p.goals), p.line, base, titles)
        for ind in p.indicators:
            ind_iri = NamedNode(f"{iri.value}/indicator/{ind.ordinal}")
            g.add(iri, bkg("hasIndicator"), ind_iri)
            _indicator(g, ind_iri, ind, base, titles)

    # procurement and assets
    for item in d.procurement:
        iri = NamedNode(f"{disc.value}/procurement/{item.ordinal}")
        g.node(iri, "ProcurementItem", item.line)
        g.add(disc, bkg("hasProcurementItem"), iri)
        g.add(iri, bkg("department"), dept)
        g.add(iri, bkg("fiscalYear"), year)
        g.add(iri, LABEL, zh(item.item_name or item.project_name))
        g.add(iri, bkg("ordinal"), integer(item.ordinal))
        g.add(iri, bkg("projectName"), string(item.project_name))
        if item.project_name in project_by_name:
            g.add(iri, bkg("project"), project_by_name[item.project_name])
        g.add(iri, bkg("amount"), decimal(item.amount))
        if item.project_budget is not None:
            g.add(iri, bkg("projectBudget"), decimal(item.project_budget))
        if item.catalog_code:
            g.add(iri, bkg("catalogCode"), string(item.catalog_code))
        if item.kind:
            g.add(iri, bkg("procurementKind"), bkgc(_KINDS[item.kind]))
        if item.quantity_unit:
            g.add(iri, bkg("quantityUnit"), string(item.quantity_unit))
        if item.quantity is not None:
            g.add(iri, bkg("quantity"), decimal(item.quantity))
        if item.unit_price is not None:
            g.add(iri, bkg("unitPrice"), decimal(item.unit_price))
        if item.fund_source:
            g.add(iri, bkg("fundSource"), string(item.fund_source))
    seen: dict[str, int] = {}
    for holding in d.assets:
        n = seen[holding.asset_class] = seen.get(holding.asset_class, 0) + 1
        suffix = "" if n == 1 else f"-{n}"
        iri = NamedNode(f"{disc.value}/asset/{holding.asset_class}{suffix}")
        g.node(iri, "AssetHolding", holding.line)
        g.add(disc, bkg("hasAssetHolding"), iri)
        g.add(iri, bkg("department"), dept)
        g.add(iri, LABEL, zh(holding.label))
        g.add(iri, bkg("assetClass"), bkgc(holding.asset_class))
        if holding.quantity is not None:
            g.add(iri, bkg("quantity"), decimal(holding.quantity))
        if holding.quantity_unit:
            g.add(iri, bkg("quantityUnit"), string(holding.quantity_unit))
        if holding.amount is not None:
            g.add(iri, bkg("amount"), decimal(holding.amount))
        if d.assets_as_of:
            g.add(iri, bkg("asOfDate"), xsd_date(d.assets_as_of))
    return g.quads
