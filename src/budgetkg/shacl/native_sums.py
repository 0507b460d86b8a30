"""Native forms of the arithmetic shapes (``shapes/arithmetic.ttl``) for the fast engine.

Each function stands for one SHACL-SPARQL constraint: it enumerates the solutions of the
query's graph pattern for the focus nodes, as Oxigraph would (OPTIONAL → one unbound row when
nothing matches; a sequence path through one intermediate node), groups and aggregates them,
and returns the projected bindings as Oxigraph writes them.  Where the multiplicities of a
property path or the store's merging of equal literals would matter, the form declines
(:class:`~budgetkg.shacl.native_values.Decline`) and the engine runs the SPARQL.
"""

from __future__ import annotations

from collections.abc import Callable

from .core import Index
from .native_values import (
    FIFTY,
    ConstraintForm,
    Decline,
    Num,
    Row,
    Solutions,
    declining,
    focus_nodes,
    integer,
    iri,
    numbers,
    one_or_none,
    printed_half,
    total,
    unit_half,
)
from .spec import Term

_BKG = "https://w3id.org/budgetkg/ontology#"
_BKGC = "https://w3id.org/budgetkg/concept/"
_AMOUNT = f"<{_BKG}amount>"
_CHANGE = f"<{_BKG}changeFromPreviousYear>"
_PREVIOUS = f"<{_BKG}previousYearAmount>"
_CATEGORY = f"<{_BKG}category>"
_SUM_OF = f"<{_BKG}sumOf>"
_HAS_LINE = f"<{_BKG}hasBudgetLine>"
_HAS_PROJECT = f"<{_BKG}hasProject>"
_HAS_ITEM = f"<{_BKG}hasProcurementItem>"
_PRINTED = f"<{_BKG}printedAmount>"
_UNIT = f"<{_BKG}declaredUnit>"
_FISCAL = f"<{_BKG}fiscalAmount>"
_OTHER = f"<{_BKG}otherFundsAmount>"
_QUANTITY = f"<{_BKG}quantity>"
_PRICE = f"<{_BKG}unitPrice>"
_MONTH = f"<{_BKG}checkpointMonth>"
_PERCENT = f"<{_BKG}cumulativePercent>"
_CHECKPOINT = f"<{_BKG}hasSpendingCheckpoint>"
_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
_PROJECT_EXPENDITURE = f"<{_BKGC}ProjectExpenditure>"
_PROCUREMENT = f"<{_BKGC}GovernmentProcurement>"


def _home(index: Index, node: Term) -> list[Term]:
    """The disclosure of a sequence path ``prov:wasDerivedFrom/…`` (a path through two
    disclosures would raise the question of duplicate solutions: declined)."""
    homes = index.values(node, _DERIVED)
    if len(homes) > 1:
        raise Decline
    return homes


#: one solution of a sum query: the part's figure (None: OPTIONAL unbound) and its rounding half
Rows = list[tuple[Num | None, Num]]


def _grouped_total(
    index: Index, this: Term, via: Term, member_rows: list[Rows]
) -> dict[tuple[Num, Num], Rows]:
    """GROUP BY $this ?total ?totalHalf over ``$this <via> ?total`` × the members' rows ×
    ``OPTIONAL { $this bkg:printedAmount ?totalPrinted }``."""
    groups: dict[tuple[Num, Num], Rows] = {}
    rows = [row for one in member_rows for row in one]
    if not rows:
        return groups
    for value in numbers(index, this, via):
        for printed in one_or_none(index.values(this, _PRINTED)):
            groups.setdefault((value, printed_half(printed)), []).extend(rows)
    return groups


def _unequal_sums(
    index: Index, this: Term, via: Term, member_rows: list[Rows]
) -> list[tuple[Row, int]]:
    """The groups whose every solution has a figure (``COUNT(?figure) = COUNT(?member)``) and
    whose total is not their sum within ``?totalHalf + SUM(?memberHalf)``: the projected
    bindings and the number of solutions."""
    found: list[tuple[Row, int]] = []
    for (value, half), rows in _grouped_total(index, this, via, member_rows).items():
        figures = [f for f, _ in rows if f is not None]
        if len(figures) != len(rows):
            continue
        tolerance = half + total(h for _, h in rows)
        s = total(figures)
        if abs(value - s).value > tolerance.value:
            row = {
                "this": iri(this), "path": via, "value": value.term, "sum": s.term,
                "diff": (value - s).term, "tolerance": tolerance.term,
            }  # fmt: skip
            found.append((row, len(rows)))
    return found


def _category_sum(via: Term) -> ConstraintForm:
    """``CategorySum`` (``via`` bkg:amount) or ``CategoryChangeSum``
    (bkg:changeFromPreviousYear): the line's figure against the sum of its parts' figures."""

    def part_rows(index: Index, home: Term, part: Term) -> Rows:
        """``OPTIONAL { ?disclosure bkg:hasBudgetLine ?partLine . ?partLine bkg:category ?part ;
        <via> ?figure . OPTIONAL { ?partLine bkg:printedAmount ?partPrinted } }``."""
        return [
            (figure, printed_half(printed))
            for line in index.values(home, _HAS_LINE)
            if part in index.values(line, _CATEGORY)
            for figure in numbers(index, line, via)
            for printed in one_or_none(index.values(line, _PRINTED))
        ] or [(None, printed_half(None))]

    @declining
    def form(index: Index, focus: set[Term]) -> Solutions:
        out: Solutions = []
        for this in focus_nodes(focus):
            categories = index.values(this, _CATEGORY)
            if len(categories) > 1:
                raise Decline
            parts = [p for c in categories for p in index.values(c, _SUM_OF)]
            homes = index.values(this, _DERIVED)
            members = [part_rows(index, home, part) for part in parts for home in homes]
            out += [(this, row) for row, _ in _unequal_sums(index, this, via, members)]
        return out

    return form


@declining
def project_expenditure_sum(index: Index, focus: set[Term]) -> Solutions:
    """``ProjectExpenditureSum``: the project expenditure line against the projects' amounts."""
    out: Solutions = []
    for this in focus_nodes(focus):
        if _PROJECT_EXPENDITURE not in index.values(this, _CATEGORY):
            continue
        projects = [p for h in _home(index, this) for p in index.values(h, _HAS_PROJECT)]
        members: list[Rows] = [
            [
                (amount, unit_half(unit))
                for amount in one_or_none(numbers(index, project, _AMOUNT))
                for unit in one_or_none(index.values(project, _UNIT))
            ]
            for project in projects
        ]
        for row, n in _unequal_sums(index, this, _AMOUNT, members):
            out.append((this, {**row, "projects": integer(n).term}))
    return out


@declining
def procurement_sum(index: Index, focus: set[Term]) -> Solutions:
    """``ProcurementSum``: the government procurement line against the items' amounts.

    Every solution has a figure (``?item bkg:amount ?itemAmount`` is not OPTIONAL) and the
    half 50, so the shared check is the query's, with ``?totalHalf + 50 * COUNT(?item)``."""
    out: Solutions = []
    for this in focus_nodes(focus):
        if _PROCUREMENT not in index.values(this, _CATEGORY):
            continue
        items = [i for h in _home(index, this) for i in index.values(h, _HAS_ITEM)]
        members: list[Rows] = [
            [(a, FIFTY) for a in numbers(index, item, _AMOUNT)] for item in items
        ]
        for row, n in _unequal_sums(index, this, _AMOUNT, members):
            out.append((this, {**row, "items": integer(n).term}))
    return out


def _two_parts(
    first: tuple[str, Term], second: tuple[str, Term], via: Term, half: Callable[[Term | None], Num]
) -> ConstraintForm:
    """A line's amount against the sum of two figures of the same line, within three halves of
    the unit read from the optional ``via`` value (``BIND (3 * half(?via) AS ?tolerance)``)."""

    @declining
    def form(index: Index, focus: set[Term]) -> Solutions:
        out: Solutions = []
        for this in focus_nodes(focus):
            for amount in numbers(index, this, _AMOUNT):
                for a in numbers(index, this, first[1]):
                    for b in numbers(index, this, second[1]):
                        for unit in one_or_none(index.values(this, via)):
                            tolerance = integer(3) * half(unit)
                            if abs(a + b - amount).value > tolerance.value:
                                out.append((this, {
                                    "this": iri(this), "path": _AMOUNT, "value": amount.term,
                                    first[0]: a.term, second[0]: b.term,
                                    "tolerance": tolerance.term,
                                }))  # fmt: skip
        return out

    return form


#: ``PreviousYearChange``: previous year's amount + change = amount
previous_year_change = _two_parts(
    ("previous", _PREVIOUS), ("change", _CHANGE), _PRINTED, printed_half
)
#: ``ProjectFunds``: budget = fiscal funds + other funds
project_funds = _two_parts(("fiscal", _FISCAL), ("other", _OTHER), _UNIT, unit_half)


@declining
def procurement_item_price(index: Index, focus: set[Term]) -> Solutions:
    """``ProcurementItemPrice``: amount = quantity × unit price."""
    out: Solutions = []
    for this in focus_nodes(focus):
        for amount in numbers(index, this, _AMOUNT):
            for quantity in numbers(index, this, _QUANTITY):
                for price in numbers(index, this, _PRICE):
                    product = quantity * price
                    tolerance = FIFTY + FIFTY * quantity
                    if abs(product - amount).value > tolerance.value:
                        out.append((this, {
                            "this": iri(this), "path": _AMOUNT, "value": amount.term,
                            "quantity": quantity.term, "price": price.term,
                            "product": product.term, "tolerance": tolerance.term,
                        }))  # fmt: skip
    return out


@declining
def spending_plan_cumulative(index: Index, focus: set[Term]) -> Solutions:
    """``SpendingPlanCumulative``: a checkpoint below the share of an earlier month."""
    out: Solutions = []
    for this in focus_nodes(focus):
        plans = {plan for plan, cp in index.by_predicate.get(_CHECKPOINT, []) if cp == this}
        others = {o for plan in plans for o in index.values(plan, _CHECKPOINT)}
        earlier_points = [
            (month, percent)
            for other in others
            for month in numbers(index, other, _MONTH)
            for percent in numbers(index, other, _PERCENT)
        ]
        for month in numbers(index, this, _MONTH):
            for percent in numbers(index, this, _PERCENT):
                earlier = [
                    p for m, p in earlier_points
                    if m.value < month.value and p.value > percent.value
                ]  # fmt: skip
                if earlier:
                    highest = max(earlier, key=lambda n: n.value)
                    if len({n for n in earlier if n.value == highest.value}) > 1:
                        raise Decline  # MAX over equal values of two types
                    out.append((this, {
                        "this": iri(this), "path": _PERCENT, "value": percent.term,
                        "month": month.term, "earlier": highest.term,
                    }))  # fmt: skip
    return out


amount_sum = _category_sum(_AMOUNT)
change_sum = _category_sum(_CHANGE)

__all__ = [
    "amount_sum",
    "change_sum",
    "previous_year_change",
    "procurement_item_price",
    "procurement_sum",
    "project_expenditure_sum",
    "project_funds",
    "spending_plan_cumulative",
]
