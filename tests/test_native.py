"""The fast engine's native forms (budgetkg.shacl.native) give what their SPARQL gives.

Each native form stands for the exact query text of a shape; the engine is run with and without
native forms on every corpus disclosure and on edited indicator tables, and the results must be
equal record for record.
"""

from __future__ import annotations

import pytest

from budgetkg.build import build_graph
from budgetkg.shacl import native
from budgetkg.shacl.core import Index
from budgetkg.shacl.engine import Unit, validate_index
from budgetkg.shacl.run import _ontology, compiled_shapes
from budgetkg.shacl.terms import split_text
from budgetkg.validate_report import Result
from conftest import CORPUS_KEYS, corpus_path

BKG = "https://w3id.org/budgetkg/ontology#"
Triple = tuple[str, str, str]


def _unit(triples: list[Triple], use_native: bool) -> Unit:
    extra, extra_triples = _ontology()
    ntriples = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    index = Index([*split_text(ntriples), *extra_triples])
    return Unit(ntriples.encode("utf-8"), index, extra, native=use_native)


def _results(triples: list[Triple], use_native: bool) -> list[Result]:
    return sorted(validate_index(_unit(triples, use_native), compiled_shapes(), None), key=str)


def _boilerplate(results: list[Result]) -> list[Result]:
    return [r for r in results if r.shape.endswith("#BoilerplateTableShape")]


def _triples(key: str) -> list[Triple]:
    return build_graph([corpus_path(key)]).graphs[0].distinct()


def test_every_native_form_stands_for_a_query_of_the_shapes() -> None:
    shapes = compiled_shapes().shapes
    targets = {native.query_digest(q) for s in shapes for q in s.targets.selects}
    constraints = {native.query_digest(c.select) for s in shapes for c in s.sparql}
    assert set(native.TARGETS) <= targets
    assert set(native.CONSTRAINTS) <= constraints


def test_an_edited_query_is_not_taken_for_the_native_form() -> None:
    (query,) = [
        c.select for s in compiled_shapes().shapes for c in s.sparql if "BoilerplateTable" in c.iri
    ]
    assert native.query_digest(query) in native.CONSTRAINTS
    assert native.query_digest(" \n".join(query.split())) in native.CONSTRAINTS  # layout only
    assert native.query_digest(query.replace("> 0", "> 1")) not in native.CONSTRAINTS


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_native_equals_sparql_on_the_corpus(key: str) -> None:
    triples = _triples(key)
    fast = _results(triples, use_native=True)
    assert fast == _results(triples, use_native=False)
    if key == "001":  # the corpus file whose projects copy their indicator tables
        assert len(_boilerplate(fast)) == 14


def _targets_of(triples: list[Triple], project: str) -> list[Triple]:
    indicators = {o for s, p, o in triples if s == project and p == f"<{BKG}hasIndicator>"}
    return [t for t in triples if t[0] in indicators and t[1] == f"<{BKG}targetText>"]


def test_native_equals_sparql_on_edited_tables() -> None:
    triples = _triples("001")
    before = _boilerplate(_results(triples, use_native=True))
    focus = sorted(r.focus for r in before)
    # one copied table gets one target of its own: it leaves the group of equal tables
    edited_target = _targets_of(triples, f"<{focus[0]}>")[-1]
    edited = [t for t in triples if t != edited_target]
    edited.append((*edited_target[:2], '"另一个指标值"'))
    after = _results(edited, use_native=True)
    assert after == _results(edited, use_native=False)
    assert focus[0] not in {r.focus for r in _boilerplate(after)}
    assert len(_boilerplate(after)) < len(before)


def test_a_first_row_under_another_ordinal_literal() -> None:
    """``bkg:ordinal "01"``: the SPARQL decides whether the pattern ``bkg:ordinal 1`` matches."""
    triples = _triples("001")
    ordinal = f"<{BKG}ordinal>"
    one = '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    edited = [
        (s, p, '"01"^^<http://www.w3.org/2001/XMLSchema#integer>')
        if p == ordinal and o == one
        else (s, p, o)
        for s, p, o in triples
    ]
    assert native.boilerplate_targets(_unit(edited, True).index) is None
    assert _results(edited, use_native=True) == _results(edited, use_native=False)


def test_blank_nodes_are_left_to_the_sparql() -> None:
    triples = _triples("001")
    derived = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
    edited = [(s, p, "_:home") if p == derived else (s, p, o) for s, p, o in triples]
    assert native.boilerplate_targets(_unit(edited, True).index) is None
    assert _results(edited, use_native=True) == _results(edited, use_native=False)


def _target_sets(triples: list[Triple]) -> dict[str, tuple[set[str], set[str]]]:
    """Per shape with a native SPARQL target: (native targets, SPARQL targets)."""
    from budgetkg.shacl.engine import _sparql_targets

    shapes = compiled_shapes()
    prefixes = dict(shapes.prefixes)
    out = {}
    for shape in shapes.shapes:
        if any(native.query_digest(q) in native.TARGETS for q in shape.targets.selects):
            out[shape.iri] = (
                _sparql_targets(_unit(triples, True), shape, prefixes),
                _sparql_targets(_unit(triples, False), shape, prefixes),
            )
    return out


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_native_targets_equal_the_sparql_targets(key: str) -> None:
    triples = _triples(key)
    found = _target_sets(triples)
    # BoilerplateTable, CategorySum, CategoryChangeSum, two categories, garbled and qualitative
    # targets, IndicatorLevels, PercentTarget
    assert len(found) == 9
    for shape, (fast, sparql) in found.items():
        assert fast == sparql, shape
    # edited: a third of the targets lose their values, a third of the lines their amounts
    value, amount = f"<{BKG}targetValue>", f"<{BKG}amount>"
    edited = [t for i, t in enumerate(triples) if not (t[1] in (value, amount) and i % 3 == 0)]
    edited_found = _target_sets(edited)
    for shape, (fast, sparql) in edited_found.items():
        assert fast == sparql, shape
    assert edited_found != found


def test_a_blank_node_target_is_left_to_the_sparql() -> None:
    triples = _triples("000")
    category = f"<{BKG}category>"
    edited = [
        *triples,
        ("_:line", category, "<https://w3id.org/budgetkg/concept/ProjectExpenditure>"),
    ]
    (query,) = [
        q for s in compiled_shapes().shapes for q in s.targets.selects
        if "ProjectExpenditure" in q
    ]  # fmt: skip
    assert native.TARGETS[native.query_digest(query)](_unit(edited, True).index) is None
    assert _results(edited, use_native=True) == _results(edited, use_native=False)
