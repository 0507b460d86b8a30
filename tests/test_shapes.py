"""The SHACL shapes: one valid and one invalid example for every shape, and their hygiene.

``tests/data/shapes/valid.ttl`` is a small, complete disclosure that validates without a single
result.  Every invalid example (``tests/data/shapes/invalid-cases.txt`` and
:func:`special_cases`) is a copy of one of its nodes — or of the whole disclosure — with one
thing changed; all of them are validated together in one run, and the run
must report exactly the expected (focus node, shape, path, severity) results: nothing missing,
nothing extra.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import rdflib.namespace as ns
from rdflib import Graph, Literal, Namespace, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from budgetkg.validate import (
    ONTOLOGY_PREDICATES,
    data_graph,
    ontology_graph,
    shapes_graph,
    validate,
)
from budgetkg.validate_pyshacl import _PreparedQueryGraph
from budgetkg.validate_report import Report, Result

DATA = Path(__file__).resolve().parent / "data" / "shapes"
BKG = Namespace("https://w3id.org/budgetkg/ontology#")
BKGC = Namespace("https://w3id.org/budgetkg/concept/")
BKGSH = Namespace("https://w3id.org/budgetkg/shapes#")
TOPIC = Namespace("https://w3id.org/budgetkg/concept/topic/")
ID = "https://w3id.org/budgetkg/id/"
DISC = URIRef(ID + "disclosure/test-2020")


def n(local: str) -> URIRef:
    """A node of valid.ttl: ``n("line/BasicExpenditure")``, ``n("department/test")``."""
    if not local:
        return DISC
    if local.split("/")[0] in {"department", "region", "document"}:
        return URIRef(ID + local)
    return URIRef(f"{DISC}/{local}")


def s(text: str) -> Literal:
    return Literal(text)


def dec(value: str) -> Literal:
    return Literal(value, datatype=ns.XSD.decimal)


# ---------------------------------------------------------------------------------------------
# Building the invalid examples
# ---------------------------------------------------------------------------------------------

Triple = tuple[Node, Node, Node]
Expected = tuple[str, str, str | None, str]  # focus, shape, path, severity
Edits = dict[URIRef, list[Node]]


@dataclass
class Case:
    """An invalid example: a copy of ``node`` named ``name`` with one thing changed."""

    name: str
    node: URIRef
    expect: list[tuple[str, str | None, str]]  # (shape, path, severity) on the copy
    drop: list[Node] = field(default_factory=list)
    set: Edits = field(default_factory=dict)
    add: Edits = field(default_factory=dict)
    own_disclosure: bool = True  #: point prov:wasDerivedFrom at the case's own disclosure


TURTLE_PREFIXES = "".join(
    f"@prefix {p}: <{iri}> . "
    for p, iri in {
        "bkg": BKG,
        "bkgc": BKGC,
        "topic": TOPIC,
        "dcterms": ns.DCTERMS,
        "org": ns.ORG,
        "prov": ns.PROV,
        "rdfs": ns.RDFS,
        "xsd": ns.XSD,
    }.items()
)


def _terms(text: str) -> list[Node]:
    """Turtle terms (``"x"@zh, 5.0, bkgc:Goods, <line/X>``), relative IRIs as :func:`n`."""
    text = re.sub(r"<([^>:]*)>", lambda m: f"<{n(m.group(1))}>", text)
    graph = Graph().parse(data=f"{TURTLE_PREFIXES}<urn:s> <urn:p> {text} .", format="turtle")
    return sorted(graph.objects(), key=str)


def _term(text: str) -> Node:
    (term,) = _terms(text)
    return term


def _case(header: str, edits: str) -> Case:
    name, node, expect = (part.strip() for part in header.split("|"))
    expected = []
    for item in expect.split(", "):
        shape, path, severity = item.split()
        expected.append((shape, None if path == "-" else str(_term(path)), severity))
    case = Case(name, URIRef(str(_term(node))), expected)
    for edit in edits.split(" ; "):
        if edit == "own-disclosure=no":
            case.own_disclosure = False
        elif edit.startswith("-"):
            case.drop.append(_term(edit[1:]))
        else:
            prop, op, values = edit.partition(" += " if " += " in edit else " = ")
            target = case.add if op == " += " else case.set
            target[URIRef(str(_term(prop)))] = _terms(values)
    return case


def load_cases() -> list[Case]:
    lines = [
        x.rstrip() for x in (DATA / "invalid-cases.txt").read_text(encoding="utf-8").splitlines()
    ]
    lines = [x for x in lines if x and not x.startswith("#")]
    return [_case(h, e.strip()) for h, e in zip(lines[::2], lines[1::2], strict=True)]


def _case_disclosure(valid: Graph, name: str) -> tuple[URIRef, list[Triple]]:
    """A disclosure of its own for a case, so that copies never meet the original's figures."""
    iri = URIRef(f"{ID}disclosure/case-{name}")
    links = {BKG.hasBudgetLine, BKG.hasProject, BKG.hasGoal, BKG.hasProcurementItem}
    links |= {BKG.hasAssetHolding, BKG.cites}
    return iri, [(iri, p, o) for p, o in valid.predicate_objects(DISC) if p not in links]


def build_case(valid: Graph, case: Case) -> tuple[list[Triple], set[Expected]]:
    copy = URIRef(f"{case.node}-{case.name}")
    triples: list[Triple] = [(copy, p, o) for p, o in valid.predicate_objects(case.node)]
    if case.own_disclosure and (case.node, ns.PROV.wasDerivedFrom, None) in valid:
        home, home_triples = _case_disclosure(valid, case.name)
        triples = [t for t in triples if t[1] != ns.PROV.wasDerivedFrom] + home_triples
        triples.append((copy, ns.PROV.wasDerivedFrom, home))
    changed = {*case.drop, *case.set}
    triples = [t for t in triples if not (t[0] == copy and t[1] in changed)]
    for edits in (case.set, case.add):
        triples += [(copy, p, o) for p, values in edits.items() for o in values]
    return triples, {(str(copy), shape, path, sev) for shape, path, sev in case.expect}


def clone_disclosure(valid: Graph, name: str) -> tuple[list[Triple], Callable[[str], URIRef]]:
    """A copy of the whole disclosure (every node minted under its IRI), for the sums."""
    old, new = str(DISC), f"{ID}disclosure/{name}-2020"

    def rename(term: Node) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(old):
            return URIRef(new + str(term)[len(old) :])
        return term

    triples = [(rename(a), b, rename(c)) for a, b, c in valid if str(a).startswith(old)]
    return triples, lambda local: URIRef(f"{new}/{local}")


V, W = "Violation", "Warning"


def special_cases(valid: Graph) -> tuple[list[Triple], set[Expected]]:
    """The checks that need several nodes: sums, spending plans, copied tables."""
    triples: list[Triple] = []
    expected: set[Expected] = set()
    for name, node, edits, expect in [
        # 70 万元 ≠ 51 + 20 (and Total = 70 + 30 still holds)
        (
            "sum",
            "line/PersonnelExpenditure",
            {BKG.amount: [dec("510000")]},
            [("line/BasicExpenditure", "CategorySumShape", BKG.amount)],
        ),
        (
            "chg",
            "line/PersonnelExpenditure",
            {BKG.changeFromPreviousYear: [dec("35000")]},
            [("line/BasicExpenditure", "CategoryChangeSumShape", BKG.changeFromPreviousYear)],
        ),
        (
            "pes",
            "project/P2",
            {BKG.amount: [dec("210000")]},
            [("line/ProjectExpenditure", "ProjectExpenditureSumShape", BKG.amount)],
        ),
        (
            "gp",
            "procurement/2",
            {BKG.amount: [dec("25000")]},
            [("line/GovernmentProcurement", "ProcurementSumShape", BKG.amount)],
        ),
    ]:
        more, mapped = clone_disclosure(valid, name)
        target = mapped(node)
        triples += [t for t in more if not (t[0] == target and t[1] in edits)]
        triples += [(target, p, o) for p, values in edits.items() for o in values]
        expected |= {(str(mapped(f)), shape, str(path), V) for f, shape, path in expect}
    # a project whose spending plan falls from 50% (June) to 40% (September)
    plan, base = _spending_plan(valid)
    triples += plan
    expected.add((f"{base}/plan/9", "SpendingPlanCumulativeShape", str(BKG.cumulativePercent), V))
    # two projects of one disclosure with the same indicator table
    twins, projects = _twin_projects(valid, "twins", same=True)
    triples += twins
    expected |= {(p, "BoilerplateTableShape", str(BKG.hasIndicator), W) for p in projects}
    # … and two that only share their first row: checked, and not copies
    near, _ = _twin_projects(valid, "near", same=False)
    return triples + near, expected


def _spending_plan(valid: Graph) -> tuple[list[Triple], str]:
    home, triples = _case_disclosure(valid, "plan")
    project = URIRef(f"{n('project/P1')}-plan")
    late = URIRef(f"{project}/plan/9")
    triples += [
        (project, p, o)
        for p, o in valid.predicate_objects(n("project/P1"))
        if p not in {ns.PROV.wasDerivedFrom, BKG.hasSpendingCheckpoint}
    ]
    triples += [
        (project, ns.PROV.wasDerivedFrom, home),
        (project, BKG.hasSpendingCheckpoint, n("project/P1/plan/1")),
        (project, BKG.hasSpendingCheckpoint, late),
    ]
    triples += [
        (late, p, o)
        for p, o in valid.predicate_objects(n("project/P1/plan/2"))
        if p not in {BKG.checkpointMonth, BKG.cumulativePercent, ns.PROV.wasDerivedFrom}
    ]
    triples += [
        (late, BKG.checkpointMonth, Literal(9)),
        (late, BKG.cumulativePercent, dec("40")),
        (late, ns.PROV.wasDerivedFrom, home),
    ]
    return triples, str(project)


def _twin_projects(valid: Graph, name: str, same: bool) -> tuple[list[Triple], list[str]]:
    """Two copies of P1 in one disclosure; unless ``same``, the second's table differs after
    its first row."""
    home, triples = _case_disclosure(valid, name)
    names = []
    for suffix in ("a", "b"):
        project = URIRef(f"{n('project/P1')}-{name}-{suffix}")
        names.append(str(project))
        skip = {ns.PROV.wasDerivedFrom, BKG.projectCode}
        if suffix == "b" and not same:
            skip.add(BKG.hasIndicator)
            triples += [
                (project, BKG.hasIndicator, n("project/P1/indicator/1")),
                (project, BKG.hasIndicator, n("project/P2/indicator/1")),
            ]
        triples += [
            (project, p, o) for p, o in valid.predicate_objects(n("project/P1")) if p not in skip
        ]
        triples += [
            (project, ns.PROV.wasDerivedFrom, home),
            (home, BKG.hasProject, project),
            (project, BKG.projectCode, s(f"P1{suffix}")),
        ]
    return triples, names


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(DATA / "valid.ttl", format="turtle")


@pytest.fixture(scope="module")
def invalid(valid: Graph) -> tuple[Graph, set[Expected]]:
    graph = Graph()
    graph += valid
    expected: set[Expected] = set()
    for case in load_cases():
        triples, exp = build_case(valid, case)
        for t in triples:
            graph.add(t)
        expected |= exp
    triples, exp = special_cases(valid)
    for t in triples:
        graph.add(t)
    return graph, expected | exp


@pytest.fixture(scope="module")
def invalid_data(invalid: tuple[Graph, set[Expected]]) -> Graph:
    """The invalid examples with the ontology merged in, as the validator sees them."""
    return data_graph(invalid[0].serialize(format="nt", encoding="utf-8"))


@pytest.fixture(scope="module")
def valid_report(valid: Graph) -> Report:
    return validate(valid, whole_graph=True)


@pytest.fixture(scope="module")
def invalid_report(invalid: tuple[Graph, set[Expected]]) -> Report:
    return validate(invalid[0], whole_graph=True)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _found(results: Iterable[Result]) -> set[Expected]:
    return {(r.focus, _local(r.shape), r.path, r.severity) for r in results}


# ---------------------------------------------------------------------------------------------
# Valid and invalid examples
# ---------------------------------------------------------------------------------------------


def test_the_valid_example_has_no_result(valid_report: Report) -> None:
    assert valid_report.results == ()
    assert valid_report.conforms
    assert [d.source_file for d in valid_report.documents] == ["test.txt"]


def test_every_invalid_example_gives_exactly_its_results(
    invalid: tuple[Graph, set[Expected]], invalid_report: Report
) -> None:
    found = _found(invalid_report.results)
    expected = invalid[1]
    assert sorted(expected - found, key=str) == []  # every invalid example is caught …
    assert sorted(found - expected, key=str) == []  # … and nothing else is reported


def _message_shapes() -> list[URIRef]:
    shapes = shapes_graph()
    return sorted({x for x in shapes.subjects(ns.SH.message) if isinstance(x, URIRef)}, key=str)


def _result_shape(node: URIRef) -> str:
    """The sh:sourceShape of results of ``node`` (the node shape of a SPARQL constraint)."""
    owner = shapes_graph().value(predicate=ns.SH.sparql, object=node)
    return _local(str(owner if owner is not None else node))


def _targets(shape: Node, graph: Graph) -> set[Node]:
    g = shapes_graph()
    found: set[Node] = set()
    for cls in g.objects(shape, ns.SH.targetClass):
        found |= set(graph.subjects(ns.RDF.type, cls))
    for prop in g.objects(shape, ns.SH.targetSubjectsOf):
        found |= set(graph.subjects(prop, None))
    for target in g.objects(shape, ns.SH.target):
        query = str(g.value(target, ns.SH.select))
        found |= {row[0] for row in graph.query(PREFIXES + query)}  # type: ignore[index]
    return found


def _focus_nodes(shape: URIRef, graph: Graph) -> set[Node]:
    g = shapes_graph()
    owners = list(g.subjects(ns.SH.property, shape)) + list(g.subjects(ns.SH.sparql, shape))
    return {f for owner in owners for f in _targets(owner, graph)}


@pytest.mark.parametrize("shape", _message_shapes(), ids=_local)
def test_every_shape_has_a_valid_and_an_invalid_example(
    shape: URIRef,
    invalid: tuple[Graph, set[Expected]],
    invalid_data: Graph,
    invalid_report: Report,
) -> None:
    name = _result_shape(shape)
    # invalid: an example fails the shape (with the result path the case states)
    assert any(e[1] == name for e in invalid[1]), f"no invalid example for {name}"
    assert any(_local(r.shape) == name for r in invalid_report.results)
    # valid: a node with a value on the path the shape checks, that does not fail it (for a
    # property shape, one of its focus nodes; a SHACL-SPARQL shape may target only candidates)
    failing = {r.focus for r in invalid_report.results if _local(r.shape) == name}
    path = shapes_graph().value(shape, ns.SH.path)
    if path is None:
        (path,) = {URIRef(str(r.path)) for r in invalid_report.results if _local(r.shape) == name}
        candidates = set(invalid_data.subjects(path, None))
    else:
        candidates = {
            f for f in _focus_nodes(shape, invalid_data) if (f, path, None) in invalid_data
        }
    assert {str(f) for f in candidates} - failing, f"no valid example for {name}"


def test_results_carry_both_messages_with_their_values_filled_in(invalid_report: Report) -> None:
    for r in invalid_report.results:
        assert r.message_en and r.message_zh, r
        assert re.search(r"[\u4e00-\u9fff]", r.message_zh), r.message_zh
        assert "{?" not in r.message_en + r.message_zh and "{$" not in r.message_en, r
        located = "/region/" not in r.focus and "/document/" not in r.focus
        if located and r.path not in (str(BKG.sourceLine), str(ns.PROV.wasDerivedFrom)):
            assert r.source_file and r.source_line is not None, r
    (basic,) = [r for r in invalid_report.results if r.shape.endswith("#CategorySumShape")]
    assert re.search(r"printed 700000(\.0)? yuan", basic.message_en), basic.message_en
    assert re.search(r"分项之和710000(\.0)?元", basic.message_zh), basic.message_zh


# ---------------------------------------------------------------------------------------------
# Hygiene of the shapes
# ---------------------------------------------------------------------------------------------


def test_every_class_of_the_ontology_has_a_node_shape() -> None:
    classes = {
        c
        for c in ontology_graph().subjects(
            ns.RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")
        )
        if isinstance(c, URIRef) and str(c).startswith(str(BKG))
    }
    targeted = set(shapes_graph().objects(None, ns.SH.targetClass))
    assert len(classes) == 13
    assert classes <= targeted


def test_every_check_has_an_english_and_a_chinese_message_and_a_severity() -> None:
    g = shapes_graph()
    checks = set(g.subjects(ns.RDF.type, ns.SH.PropertyShape)) | set(
        g.subjects(ns.RDF.type, ns.SH.SPARQLConstraint)
    )
    assert len(checks) > 100
    for check in checks:
        assert isinstance(check, URIRef), "checks are named, so that results name them"
        langs = sorted(
            m.language for m in g.objects(check, ns.SH.message) if isinstance(m, Literal)
        )
        assert langs == ["en", "zh"], check
        owner = (
            check
            if (check, ns.RDF.type, ns.SH.PropertyShape) in g
            else g.value(None, ns.SH.sparql, check)
        )
        assert g.value(owner, ns.SH.severity) in {ns.SH.Violation, ns.SH.Warning, ns.SH.Info}, check


@pytest.mark.parametrize(
    ("shape", "scheme", "level"),
    [
        ("BudgetLine-category", "BudgetCategories", None),
        ("Indicator-level1", "IndicatorTypes", 1),
        ("Indicator-level2", "IndicatorTypes", 2),
        ("ProcurementItem-procurementKind", "ProcurementKinds", None),
        ("AssetHolding-assetClass", "AssetClasses", None),
        ("topic", "Topics", None),
    ],
)
def test_concept_lists_are_exactly_the_schemes_of_the_ontology(
    shape: str, scheme: str, level: int | None
) -> None:
    g, onto = shapes_graph(), ontology_graph()
    listed = set(g.items(g.value(BKGSH[shape], ns.SH["in"])))
    members = set(onto.subjects(ns.SKOS.inScheme, BKGC[scheme]))
    if level is not None:
        members &= set(onto.subjects(BKG.indicatorLevel, Literal(level)))
    assert listed == members


# ---------------------------------------------------------------------------------------------
# Query plans: every SHACL-SPARQL constraint starts from $this
# ---------------------------------------------------------------------------------------------

PREFIXES = (
    f"PREFIX bkg: <{BKG}> PREFIX bkgc: <{BKGC}> PREFIX prov: <{ns.PROV}> PREFIX skos: <{ns.SKOS}> "
)


def _check_plan(node: object, bound: set[Variable], problems: list[str]) -> set[Variable]:
    """Walk rdflib's algebra in evaluation order; report triple patterns that scan the graph.

    rdflib reorders the patterns of a basic graph pattern by how many variables they have,
    without knowing that $this is bound, and joins some groups without passing bindings on.
    A pattern is fine when its subject is bound (or a constant) or its object is $this; a
    variable bound only inside an OPTIONAL does not count as bound after it.
    """
    if isinstance(node, list | tuple):
        for item in node:
            bound = _check_plan(item, bound, problems)
        return bound
    if not isinstance(node, CompValue):
        return bound
    if node.name == "BGP":
        for subj, pred, obj in node.triples:
            if isinstance(subj, Variable) and subj not in bound and obj != Variable("this"):
                problems.append(f"{subj.n3()} {pred} {obj.n3()}")
            bound = bound | {t for t in (subj, obj) if isinstance(t, Variable)}
        return bound
    if node.name in ("Join", "LeftJoin"):
        left = _check_plan(node.p1, bound, problems)
        lazy = node.name == "LeftJoin" or bool(node.get("lazy"))
        right = _check_plan(node.p2, left if lazy else bound, problems)
        if node.name == "LeftJoin":
            if node.get("expr") is not None:
                _check_plan(node.expr, right, problems)
            return left  # what OPTIONAL binds may stay unbound
        return left | right
    if node.name == "Filter":
        inner = _check_plan(node.p, bound, problems)
        _check_plan(node.expr, inner, problems)
        return inner
    if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        _check_plan(node.graph, bound, problems)
        return bound
    for key in node:
        if key != "_vars":
            bound = _check_plan(
                getattr(node, key) if key == "graph" else node[key], bound, problems
            )
    return bound


def _constraint_queries() -> list[tuple[str, str]]:
    g = shapes_graph()
    return sorted(
        (_local(str(c)), str(q))
        for c, q in g.subject_objects(ns.SH.select)
        if (c, ns.RDF.type, ns.SH.SPARQLConstraint) in g
    )


@pytest.mark.parametrize(
    ("name", "query"), _constraint_queries(), ids=[q[0] for q in _constraint_queries()]
)
def test_constraint_queries_start_from_this_and_never_scan(name: str, query: str) -> None:
    problems: list[str] = []
    _check_plan(prepareQuery(PREFIXES + query).algebra, {Variable("this")}, problems)
    assert problems == []


def test_prepared_queries_answer_like_freshly_parsed_ones(
    invalid_data: Graph, invalid_report: Report
) -> None:
    """The memoised query plans (budgetkg.validate) change nothing but the speed."""
    graph = invalid_data
    prepared = _PreparedQueryGraph(graph.store, graph)
    for name, query in _constraint_queries():
        failing = [
            URIRef(r.focus) for r in invalid_report.results if r.constraint == str(BKGSH[name])
        ]
        focus = failing[0]  # every constraint fails somewhere in the invalid examples
        text = PREFIXES + query
        fresh = {tuple(row) for row in graph.query(text, initBindings={"this": focus})}
        again = {tuple(row) for row in prepared.query(text, initBindings={"this": focus})}
        assert fresh == again != set(), (name, focus)


def test_the_ontology_statements_the_queries_use_are_merged_into_the_data() -> None:
    g, onto = shapes_graph(), ontology_graph()
    prefixes = {"bkg": str(BKG), "skos": str(ns.SKOS), "rdfs": str(ns.RDFS), "prov": str(ns.PROV)}
    used = {
        URIRef(prefixes[p] + local)
        for query in g.objects(None, ns.SH.select)
        for p, local in re.findall(r"\b(bkg|skos|rdfs|prov):(\w+)", str(query))
    }
    stated = {p for p in used if (None, p, None) in onto}
    assert BKG.sumOf in stated
    assert stated <= ONTOLOGY_PREDICATES
