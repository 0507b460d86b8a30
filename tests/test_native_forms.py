"""The native forms of the arithmetic and quality constraints (budgetkg.shacl.native_sums,
native_quality) give what their SPARQL gives in Oxigraph, result for result.

The corpus disclosures add up, so their figures are edited here until every constraint reports
something; the engine is then run with and without native forms and the results compared.  The
numbers the messages quote are computed by :class:`~budgetkg.shacl.native_values.Num`, compared
with Oxigraph's own arithmetic.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import product

import pyoxigraph as ox
import pytest

from budgetkg.build import build_graph
from budgetkg.shacl import native, native_quality, native_sums
from budgetkg.shacl.native_values import Num, num, printed_half
from budgetkg.shacl.run import compiled_shapes
from budgetkg.shacl.syntax import plain_terms
from budgetkg.shacl.terms import number, text
from budgetkg.validate_report import Result
from conftest import CORPUS_KEYS, corpus_path
from test_native import _results, _unit

BKG = "https://w3id.org/budgetkg/ontology#"
BKGC = "https://w3id.org/budgetkg/concept/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
Triple = tuple[str, str, str]

_SHIFTED = ("amount", "changeFromPreviousYear", "fiscalAmount", "quantity", "cumulativePercent")


def _decimal(value: Decimal) -> str:
    return f'"{value}"^^<{XSD}decimal>'


def _edited(triples: list[Triple]) -> list[Triple]:
    """The disclosure with figures off by more than rounding, targets above 100%, document
    numbers and catalogue codes that disagree with their parts, level-1 types moved, parents
    removed, printed forms changed, an integer figure, a second amount on a line, a project
    without its indicator table."""
    levels = sorted({o for _, p, o in triples if p == f"<{BKG}level1>"})
    projects = {s for s, p, o in triples if p == RDF_TYPE and o == f"<{BKG}Project>"}
    bare = min(s for s, p, _ in triples if p == f"<{BKG}hasIndicator>" and s in projects)
    out: list[Triple] = []
    for i, (s, p, o) in enumerate(sorted(triples)):
        name = p[len(BKG) + 1 : -1] if p.startswith(f"<{BKG}") else ""
        value = number(o)
        if name in _SHIFTED and value is not None and i % 3 == 0:
            o = _decimal(value * Decimal("1.1") + Decimal("123.45"))
        elif name == "amount" and value is not None and i % 7 == 1 and value == int(value):
            o = f'"{int(value)}"^^<{XSD}integer>'
        elif name == "amount" and value is not None and i % 11 == 2:
            out.append((s, p, _decimal(value + 1)))  # a second amount: a second group
        elif name == "targetValue" and value is not None and i % 4 == 0:
            o = _decimal(value + 150)
        elif name == "serialNumber" and value is not None and i % 2 == 0:
            o = f'"{int(value) + 1}"^^<{XSD}integer>'
        elif name == "issueYear" and i % 3 == 1:
            continue
        elif name == "catalogCode" and i % 2 == 0:
            o = f'"Z{text(o)[1:]}"'
        elif name == "level1" and i % 5 == 0:
            o = levels[(levels.index(o) + 1) % len(levels)]
        elif (name == "partOf" and i % 2 == 0) or (name == "hasIndicator" and s == bare):
            continue
        elif name == "printedAmount" and i % 4 == 1:
            o = '"1234.5678万元"' if i % 8 == 1 else '"12.345万元"'
        elif name == "printedAmount" and i % 4 == 2:
            continue
        elif name == "documentNumber" and i % 2 == 0:
            out.append((s, f"<{BKG}numberRecovered>", f'"true"^^<{XSD}boolean>'))
        out.append((s, p, o))
    return out


def _native_constraint_shapes() -> set[str]:
    return {
        shape.iri.strip("<>")
        for shape in compiled_shapes().shapes
        for c in shape.sparql
        if native.query_digest(c.select) in native.CONSTRAINTS
    }


def test_every_sparql_constraint_has_a_native_form() -> None:
    shapes = compiled_shapes().shapes
    assert all(
        native.query_digest(c.select) in native.CONSTRAINTS for s in shapes for c in s.sparql
    )
    assert all(native.query_digest(q) in native.TARGETS for s in shapes for q in s.targets.selects)


def test_native_equals_sparql_on_edited_figures() -> None:
    reported: set[str] = set()
    for key in CORPUS_KEYS:
        edited = _edited(build_graph([corpus_path(key)]).graphs[0].distinct())
        fast = _results(edited, use_native=True)
        assert fast == _results(edited, use_native=False), key
        reported |= {r.shape for r in fast}
    # every native constraint was exercised by some result (the comparison is not vacuous)
    assert _native_constraint_shapes() - reported == set()


def test_the_store_is_not_made_when_every_form_is_native() -> None:
    from budgetkg.shacl.engine import validate_index

    unit = _unit(_edited(build_graph([corpus_path("001")]).graphs[0].distinct()), True)
    assert validate_index(unit, compiled_shapes(), None)
    assert unit._store is None


def _line_with(triples: list[Triple], predicate: str) -> str:
    return next(s for s, p, _ in sorted(triples) if p == f"<{BKG}{predicate}>")


@pytest.mark.parametrize(
    "edit",
    ["same value twice", "double", "blank focus", "two categories", "upper-case tag"],
)
def test_a_form_declines_what_the_store_would_see_otherwise(edit: str) -> None:
    """Data where Oxigraph's view differs from the index's (equal literals merged, other
    numeric types, blank nodes, tags it lower-cases): the form declines and the SPARQL runs."""
    triples = _edited(build_graph([corpus_path("001")]).graphs[0].distinct())
    line = _line_with(triples, "printedAmount")
    if edit == "same value twice":  # "1.5" and "1.50": one literal in the store
        amount = next(o for s, p, o in triples if s == line and p == f"<{BKG}amount>")
        lexical = text(amount) + ("0" if "." in text(amount) else ".0")
        triples.append((line, f"<{BKG}amount>", f'"{lexical}"^^<{XSD}decimal>'))
    elif edit == "double":
        triples.append((line, f"<{BKG}amount>", f'"1.5E3"^^<{XSD}double>'))
    elif edit == "blank focus":
        triples += [("_:b", p, o) for s, p, o in triples if s == line]
    elif edit == "two categories":
        triples.append((line, f"<{BKG}category>", f"<{BKGC}TotalExpenditure>"))
    else:
        project = _line_with(triples, "hasIndicator")
        triples.append((project, f"<{BKG}level1>", f"<{BKGC}OutputIndicator>"))
        triples.append((project, f"<{BKG}level2>", f"<{BKGC}SatisfactionIndicator>"))
        label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
        triples.append((f"<{BKGC}SatisfactionIndicator>", label, '"满意"@ZH'))
    index = _unit(triples, True).index
    if edit == "upper-case tag":
        assert native_quality.indicator_levels(index, {project}) is None
    else:
        assert native_sums.amount_sum(index, {"_:b" if edit == "blank focus" else line}) is None
    assert _anonymous(_results(triples, True)) == _anonymous(_results(triples, False))


def _anonymous(results: list[Result]) -> list[Result]:
    """The results with the focus of a blank node unnamed (each store names its own)."""
    return sorted(
        (r if r.focus.startswith("http") else replace(r, focus="_:") for r in results), key=str
    )


_LITERALS = [
    '"50"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"+007"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"-3"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"0.005"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"1234.50"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"-0.0"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '".5"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"100"^^<http://www.w3.org/2001/XMLSchema#decimal>',
]


def _oxigraph(expression: str, a: str, b: str) -> str:
    query = f"SELECT ({expression} AS ?x) WHERE {{ BIND({a} AS ?a) BIND({b} AS ?b) }}"
    (solution,) = ox.Store().query(query)  # type: ignore[misc]
    return str(solution["x"])


@pytest.mark.parametrize(("a", "b"), list(product(_LITERALS, repeat=2)))
def test_arithmetic_terms_are_oxigraphs(a: str, b: str) -> None:
    x, y = num(a), num(b)
    assert (x + y).term == _oxigraph("?a + ?b", a, b)
    assert (x - y).term == _oxigraph("?a - ?b", a, b)
    assert (x * y).term == _oxigraph("?a * ?b", a, b)
    assert abs(x - y).term == _oxigraph("ABS(?a - ?b)", a, b)
    assert x.term == _oxigraph("?a", a, b)


@pytest.mark.parametrize(
    ("printed", "half"),
    [(None, "50"), ('"691.88万元"', "50"), ('"6万元"', "50"), ('"1.234万元"', "5"),
     ('"1.2345万元"', "0.5"), ('"357元"', "0.005"), ('"12.5"', "0.005")],
)  # fmt: skip
def test_the_printed_half_is_the_shapes_bind_chain(printed: str | None, half: str) -> None:
    tp = printed or '"万元"'
    expression = (
        f'IF(CONTAINS({tp}, "万元"), IF(STRLEN(STRAFTER(REPLACE({tp}, "[^0-9.]", ""), ".")) <= 2,'
        f' 50, IF(STRLEN(STRAFTER(REPLACE({tp}, "[^0-9.]", ""), ".")) = 3, 5, 0.5)), 0.005)'
    )
    assert printed_half(printed).term == _oxigraph(expression, "1", "1")
    assert printed_half(printed).value == Decimal(half)


def test_num_keeps_the_xsd_type() -> None:
    assert num('"5"^^<http://www.w3.org/2001/XMLSchema#integer>') == Num(Decimal(5), True)
    assert num('"5.0"^^<http://www.w3.org/2001/XMLSchema#decimal>').integer is False


@pytest.mark.parametrize(
    "term",
    ["<https://w3id.org/budgetkg/onto{logy#x>", '"x"@zh-', "<relative>", '"a\\u0041"',
     "<https://a.example/%zz>", '"x"^^<urn:x>', "<https://a.example/a b>", '"a\x01"',
     "<https://a.example/\\u0041>", '"\\u4E2D"@zh', '"x"@ZH', '"x"@zh-CN', '"it\\\'s"',
     '"a\tb"'],
)  # fmt: skip
def test_syntax_fast_path_sends_other_terms_and_spellings_to_the_parser(term: str) -> None:
    good = ("<https://a.example/s>", "<https://a.example/p>", '"冀组发〔2018〕14号"@zh')
    assert plain_terms([good])
    assert not plain_terms([(*good[:2], term)])


def test_the_cycle_collector_is_paused_only_inside_the_block() -> None:
    import gc

    from budgetkg.gcpause import cycle_collector_paused

    assert gc.isenabled()
    with cycle_collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
