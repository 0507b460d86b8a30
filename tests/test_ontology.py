"""Tests of the OWL/SKOS ontology file ``ontology/budgetkg.ttl``.

The vocabulary contract of DESIGN.md is listed here explicitly: these terms are the public
interface of the graph, so a rename or a lost declaration must fail a test.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "budgetkg.ttl"

BKG = Namespace("https://w3id.org/budgetkg/ontology#")
BKGC = Namespace("https://w3id.org/budgetkg/concept/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
# a plain Namespace: rdflib's XSD warns when pytest probes module attributes
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_IRI = URIRef("https://w3id.org/budgetkg/ontology")

# --- the vocabulary contract (DESIGN.md) ----------------------------------------------------

CONTRACT_CLASSES = [
    "Disclosure",
    "Department",
    "Region",
    "Duty",
    "BudgetUnit",
    "BudgetLine",
    "Project",
    "PerformanceGoal",
    "Indicator",
    "PolicyDocument",
    "ProcurementItem",
    "AssetHolding",
]

CONTRACT_OBJECT_PROPERTIES = [
    "department",
    "region",
    "partOf",
    "hasDuty",
    "category",
    "hasIndicator",
    "level1",
    "level2",
    "cites",
    "topic",
]

CONTRACT_DATATYPE_PROPERTIES = [
    "fiscalYear",
    "sourceFile",
    "sha256",
    "ordinal",
    "amount",
    "changeFromPreviousYear",
    "projectCode",
    "targetText",
    "comparator",
    "targetValue",
    "unit",
    "basisText",
    "documentNumber",
    "issuerCode",
    "issueYear",
    "serialNumber",
    "sourceLine",
]

CONTRACT_BUDGET_CATEGORIES = [
    "TotalIncome",
    "GeneralPublicBudgetIncome",
    "GovernmentFundIncome",
    "StateCapitalIncome",
    "FiscalSpecialAccountIncome",
    "OtherIncome",
    "TotalExpenditure",
    "BasicExpenditure",
    "PersonnelExpenditure",
    "PublicOperatingExpenditure",
    "ProjectExpenditure",
    "OperatingExpenses",
    "ThreePublicExpenses",
    "OverseasTravel",
    "VehiclePurchaseAndOperation",
    "VehiclePurchase",
    "VehicleOperation",
    "OfficialReception",
    "GovernmentProcurement",
    "FixedAssets",
]

# --- further terms the ontology declares (the rest of the design) ---------------------------

MORE_CLASSES = ["SpendingCheckpoint"]

MORE_OBJECT_PROPERTIES = [
    "hasProject",
    "hasGoal",
    "hasBudgetLine",
    "hasProcurementItem",
    "hasAssetHolding",
    "hasSpendingCheckpoint",
    "project",
    "procurementKind",
    "assetClass",
    "servesDuty",
    "sumOf",
    "disclosure",
]

# datatype property -> expected rdfs:range
DATATYPE_RANGES = {
    "fiscalYear": XSD.gYear,
    "sourceFile": XSD.string,
    "sha256": XSD.string,
    "sourceLine": XSD.integer,
    "ordinal": XSD.integer,
    "amount": XSD.decimal,
    "changeFromPreviousYear": XSD.decimal,
    "previousYearAmount": XSD.decimal,
    "printedAmount": XSD.string,
    "projectCode": XSD.string,
    "departmentCode": XSD.string,
    "unitCode": XSD.string,
    "fiscalAmount": XSD.decimal,
    "otherFundsAmount": XSD.decimal,
    "declaredUnit": XSD.string,
    "purpose": XSD.string,
    "goalStatement": RDF.langString,
    "projectSequence": XSD.string,
    "level3": RDF.langString,
    "targetText": RDF.langString,
    "basisText": RDF.langString,
    "comparator": XSD.string,
    "targetValue": XSD.decimal,
    "unit": XSD.string,
    "goalText": RDF.langString,
    "indicatorText": RDF.langString,
    "indicatorDescription": RDF.langString,
    "documentNumber": XSD.string,
    "issuerCode": XSD.string,
    "issueYear": XSD.gYear,
    "serialNumber": XSD.integer,
    "numberRecovered": XSD.boolean,
    "citedAs": XSD.string,
    "unitNature": XSD.string,
    "unitRank": XSD.string,
    "fundingForm": XSD.string,
    "regionLevel": XSD.string,
    "catalogCode": XSD.string,
    "quantity": XSD.decimal,
    "quantityUnit": XSD.string,
    "unitPrice": XSD.decimal,
    "projectName": XSD.string,
    "projectBudget": XSD.decimal,
    "fundSource": XSD.string,
    "asOfDate": XSD.date,
    "checkpointLabel": XSD.string,
    "checkpointMonth": XSD.integer,
    "cumulativePercent": XSD.decimal,
    "indicatorLevel": XSD.integer,
}

# object property -> (domain classes, range)
OBJECT_SIGNATURES = {
    "department": (
        {"BudgetLine", "Project", "ProcurementItem", "AssetHolding", "PerformanceGoal", "Duty"},
        BKG.Department,
    ),
    "region": ({"Department"}, BKG.Region),
    "partOf": ({"Region"}, BKG.Region),
    "hasDuty": ({"Department"}, BKG.Duty),
    "category": ({"BudgetLine"}, SKOS.Concept),
    "hasIndicator": ({"Project", "PerformanceGoal"}, BKG.Indicator),
    "level1": ({"Indicator"}, SKOS.Concept),
    "level2": ({"Indicator"}, SKOS.Concept),
    "cites": ({"Disclosure", "Project", "Indicator", "PerformanceGoal"}, BKG.PolicyDocument),
    "topic": ({"Duty", "Project", "PerformanceGoal"}, SKOS.Concept),
    "hasProject": ({"Disclosure"}, BKG.Project),
    "hasGoal": ({"Disclosure"}, BKG.PerformanceGoal),
    "hasBudgetLine": ({"Disclosure"}, BKG.BudgetLine),
    "hasProcurementItem": ({"Disclosure"}, BKG.ProcurementItem),
    "hasAssetHolding": ({"Disclosure"}, BKG.AssetHolding),
    "hasSpendingCheckpoint": ({"Project"}, BKG.SpendingCheckpoint),
    "project": ({"ProcurementItem"}, BKG.Project),
    "procurementKind": ({"ProcurementItem"}, SKOS.Concept),
    "assetClass": ({"AssetHolding"}, SKOS.Concept),
    "servesDuty": ({"Project"}, BKG.Duty),
    "sumOf": (set(), SKOS.Concept),  # domain skos:Concept, checked separately
}

# category -> the categories it is the sum of
SUM_OF = {
    "TotalIncome": {
        "GeneralPublicBudgetIncome",
        "GovernmentFundIncome",
        "StateCapitalIncome",
        "FiscalSpecialAccountIncome",
        "OtherIncome",
    },
    "TotalExpenditure": {"BasicExpenditure", "ProjectExpenditure"},
    "BasicExpenditure": {"PersonnelExpenditure", "PublicOperatingExpenditure"},
    "ThreePublicExpenses": {"OverseasTravel", "VehiclePurchaseAndOperation", "OfficialReception"},
    "VehiclePurchaseAndOperation": {"VehiclePurchase", "VehicleOperation"},
}

INDICATOR_LEVELS = {
    "OutputIndicator": 1,
    "OutcomeIndicator": 1,
    "SatisfactionIndicator": 1,
    "CostIndicatorLevel1": 1,
    "QuantityIndicator": 2,
    "QualityIndicator": 2,
    "TimelinessIndicator": 2,
    "CostIndicator": 2,
    "SocialBenefitIndicator": 2,
    "EconomicBenefitIndicator": 2,
    "EcologicalBenefitIndicator": 2,
    "SustainabilityIndicator": 2,
    "ServiceSatisfactionIndicator": 2,
}

PROCUREMENT_KINDS = {"Goods": "A", "Works": "B", "Services": "C"}

ASSET_CLASSES = [
    "TotalAssets",
    "Buildings",
    "OfficeSpace",
    "Vehicles",
    "GeneralEquipment",
    "SpecialEquipment",
    "HighValueEquipment",
    "HighValueGeneralEquipment",
    "HighValueSpecialEquipment",
    "CulturalRelics",
    "BooksAndArchives",
    "Books",
    "Furniture",
    "OtherFixedAssets",
]

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@lru_cache(maxsize=1)
def _graph() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _local(iri: URIRef, ns: Namespace) -> str:
    return str(iri)[len(str(ns)) :]


def _declared_bkg_terms(g: Graph) -> set[URIRef]:
    types = (OWL.Class, *PROPERTY_TYPES)
    return {
        s
        for t in types
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(BKG))
    }


def _declared_bkg_properties(g: Graph) -> set[URIRef]:
    return {
        s
        for t in PROPERTY_TYPES
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(BKG))
    }


def _bkgc_resources(g: Graph) -> set[URIRef]:
    return {
        s
        for t in (SKOS.Concept, SKOS.ConceptScheme)
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(BKGC))
    }


def _languages(g: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def _domain_classes(g: Graph, prop: URIRef) -> set[URIRef]:
    """The classes of a property's rdfs:domain, unfolding an owl:unionOf list."""
    classes: set[URIRef] = set()
    for d in g.objects(prop, RDFS.domain):
        union = g.value(d, OWL.unionOf)
        if union is not None:
            classes.update(URIRef(c) for c in Collection(g, union))
        else:
            classes.add(URIRef(d))
    return classes


# --- parsing ---------------------------------------------------------------------------------


def test_parses_with_rdflib() -> None:
    g = Graph().parse(ONTOLOGY, format="turtle")
    assert len(g) > 500


def test_parses_with_pyoxigraph_and_agrees_with_rdflib() -> None:
    with ONTOLOGY.open("rb") as fh:
        quads = list(pyoxigraph.parse(fh, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(_graph())


def test_ontology_header() -> None:
    g = _graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert {"zh", "en"} <= _languages(g, ONTOLOGY_IRI, DCTERMS.title)
    assert g.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert g.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("budgetkg")


# --- declarations ----------------------------------------------------------------------------


def test_contract_terms_are_declared() -> None:
    g = _graph()
    missing = [c for c in CONTRACT_CLASSES if (BKG[c], RDF.type, OWL.Class) not in g]
    missing += [
        p for p in CONTRACT_OBJECT_PROPERTIES if (BKG[p], RDF.type, OWL.ObjectProperty) not in g
    ]
    missing += [
        p for p in CONTRACT_DATATYPE_PROPERTIES if (BKG[p], RDF.type, OWL.DatatypeProperty) not in g
    ]
    assert missing == []


def test_further_terms_are_declared() -> None:
    g = _graph()
    missing = [c for c in MORE_CLASSES if (BKG[c], RDF.type, OWL.Class) not in g]
    missing += [
        p for p in MORE_OBJECT_PROPERTIES if (BKG[p], RDF.type, OWL.ObjectProperty) not in g
    ]
    missing += [p for p in DATATYPE_RANGES if (BKG[p], RDF.type, OWL.DatatypeProperty) not in g]
    assert missing == []


def test_every_bkg_term_used_is_declared() -> None:
    """Catches typos: a bkg: IRI anywhere in the file must be a declared term."""
    g = _graph()
    used = {
        term
        for triple in g
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(BKG))
    }
    assert sorted(used - _declared_bkg_terms(g)) == []


def test_no_term_has_two_kinds() -> None:
    g = _graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    clashes = [t for t in _declared_bkg_terms(g) if sum((t, RDF.type, k) in g for k in kinds) != 1]
    assert clashes == []


def test_every_bkg_term_has_zh_and_en_labels() -> None:
    g = _graph()
    terms = _declared_bkg_terms(g)
    assert len(terms) >= len(CONTRACT_CLASSES) + len(DATATYPE_RANGES)
    bad = [t for t in terms if not {"zh", "en"} <= _languages(g, t, RDFS.label)]
    assert sorted(bad) == []


def test_every_bkg_term_has_an_english_comment_and_is_defined_by_the_ontology() -> None:
    g = _graph()
    no_comment = [t for t in _declared_bkg_terms(g) if "en" not in _languages(g, t, RDFS.comment)]
    assert sorted(no_comment) == []
    not_defined = [
        t for t in _declared_bkg_terms(g) if (t, RDFS.isDefinedBy, ONTOLOGY_IRI) not in g
    ]
    assert sorted(not_defined) == []


def test_every_bkg_property_has_a_comment() -> None:
    g = _graph()
    props = _declared_bkg_properties(g)
    assert len(props) >= len(CONTRACT_OBJECT_PROPERTIES) + len(CONTRACT_DATATYPE_PROPERTIES)
    assert sorted(p for p in props if g.value(p, RDFS.comment) is None) == []


def test_datatype_property_ranges() -> None:
    g = _graph()
    wrong = {
        p: list(g.objects(BKG[p], RDFS.range))
        for p, rng in DATATYPE_RANGES.items()
        if list(g.objects(BKG[p], RDFS.range)) != [rng]
    }
    assert wrong == {}


def test_every_datatype_property_is_listed_in_the_test() -> None:
    g = _graph()
    declared = {_local(p, BKG) for p in g.subjects(RDF.type, OWL.DatatypeProperty)}
    assert declared == set(DATATYPE_RANGES)


def test_object_property_domains_and_ranges() -> None:
    g = _graph()
    wrong = {}
    for p, (domain, rng) in OBJECT_SIGNATURES.items():
        got_domain = {_local(c, BKG) for c in _domain_classes(g, BKG[p]) if c in BKG}
        if domain and got_domain != domain:
            wrong[p] = ("domain", sorted(got_domain))
        if list(g.objects(BKG[p], RDFS.range)) != [rng]:
            wrong[p] = ("range", list(g.objects(BKG[p], RDFS.range)))
    assert wrong == {}
    assert _domain_classes(g, BKG.sumOf) == {SKOS.Concept}


def test_union_domains_name_declared_classes() -> None:
    g = _graph()
    classes = set(g.subjects(RDF.type, OWL.Class))
    external = {SKOS.Concept}
    bad = {
        p: sorted(c for c in _domain_classes(g, p) if c not in classes and c not in external)
        for p in _declared_bkg_properties(g)
    }
    assert {p: cs for p, cs in bad.items() if cs} == {}


def test_alignments() -> None:
    g = _graph()
    assert (BKG.Department, RDFS.subClassOf, ORG.Organization) in g
    assert (BKG.BudgetUnit, RDFS.subClassOf, ORG.OrganizationalUnit) in g
    assert (BKG.Disclosure, RDFS.subClassOf, PROV.Entity) in g
    assert (BKG.PolicyDocument, RDFS.subClassOf, ELI.LegalResource) in g
    assert (BKG.Region, RDFS.subClassOf, DCTERMS.Location) in g
    assert (BKG.amount, RDFS.subPropertyOf, OBEU_MEASURE.amount) in g
    assert (BKG.disclosure, RDFS.subPropertyOf, PROV.wasDerivedFrom) in g
    assert g.value(BKG.disclosure, RDFS.range) == BKG.Disclosure


def test_external_terms_are_not_redeclared() -> None:
    g = _graph()
    redeclared = [
        s
        for s, _, t in g.triples((None, RDF.type, None))
        if t in (OWL.Class, *PROPERTY_TYPES)
        and isinstance(s, URIRef)
        and not str(s).startswith(str(BKG))
    ]
    assert redeclared == []


# --- SKOS concept schemes --------------------------------------------------------------------


def test_every_bkgc_resource_used_is_declared() -> None:
    g = _graph()
    used = {
        term
        for triple in g
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(BKGC))
    }
    used.discard(URIRef(str(BKGC)))  # rdfs:seeAlso of the namespace itself
    assert sorted(used - _bkgc_resources(g)) == []


def test_every_concept_and_scheme_has_zh_and_en_pref_labels() -> None:
    g = _graph()
    resources = _bkgc_resources(g)
    assert len(resources) > 50
    bad = [r for r in resources if not {"zh", "en"} <= _languages(g, r, SKOS.prefLabel)]
    assert sorted(bad) == []


def test_pref_labels_are_unique_per_language_and_disjoint_from_alt_labels() -> None:
    g = _graph()
    bad = []
    for r in _bkgc_resources(g):
        prefs = list(g.objects(r, SKOS.prefLabel))
        if len({p.language for p in prefs}) != len(prefs):
            bad.append((r, "two prefLabels in one language"))
        if set(prefs) & set(g.objects(r, SKOS.altLabel)):
            bad.append((r, "altLabel equals prefLabel"))
    assert bad == []


def test_every_concept_is_in_a_scheme_and_defined() -> None:
    g = _graph()
    schemes = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    bad = []
    for c in g.subjects(RDF.type, SKOS.Concept):
        in_schemes = set(g.objects(c, SKOS.inScheme))
        if len(in_schemes) != 1 or not in_schemes <= schemes:
            bad.append((c, "inScheme"))
        if "en" not in _languages(g, c, SKOS.definition):
            bad.append((c, "definition"))
    assert bad == []
    assert all(g.value(s, SKOS.definition) is not None for s in schemes)


def test_schemes_are_declared() -> None:
    g = _graph()
    for scheme in ("BudgetCategories", "IndicatorTypes", "ProcurementKinds", "AssetClasses"):
        assert (BKGC[scheme], RDF.type, SKOS.ConceptScheme) in g
    assert (BKGC.Topics, RDF.type, SKOS.ConceptScheme) in g


def test_top_concepts_are_consistent() -> None:
    g = _graph()
    has_top = set(g.subject_objects(SKOS.hasTopConcept))
    top_of = {(s, c) for c, s in g.subject_objects(SKOS.topConceptOf)}
    assert has_top == top_of
    for scheme, concept in has_top:
        assert (concept, SKOS.inScheme, scheme) in g
        assert g.value(concept, SKOS.broader) is None
    # every concept without a broader concept is a top concept of its scheme
    roots = {c for c in g.subjects(RDF.type, SKOS.Concept) if g.value(c, SKOS.broader) is None}
    assert roots == {c for _, c in has_top}


def test_broader_and_narrower_are_inverse_and_stay_in_scheme() -> None:
    g = _graph()
    broader = set(g.subject_objects(SKOS.broader))
    narrower = {(n, b) for b, n in g.subject_objects(SKOS.narrower)}
    assert broader == narrower
    for child, parent in broader:
        assert g.value(child, SKOS.inScheme) == g.value(parent, SKOS.inScheme)


def test_budget_categories_from_the_contract_are_present() -> None:
    g = _graph()
    in_scheme = {
        _local(c, BKGC)
        for c in g.subjects(SKOS.inScheme, BKGC.BudgetCategories)
        if (c, RDF.type, SKOS.Concept) in g
    }
    assert set(CONTRACT_BUDGET_CATEGORIES) <= in_scheme
    assert in_scheme - set(CONTRACT_BUDGET_CATEGORIES) == {"FixedAssetPurchasePlan"}


def test_budget_category_labels() -> None:
    g = _graph()
    assert Literal("机关运行经费", lang="zh") in set(
        g.objects(BKGC.OperatingExpenses, SKOS.prefLabel)
    )
    assert Literal("基金预算收入", lang="zh") in set(
        g.objects(BKGC.GovernmentFundIncome, SKOS.altLabel)
    )
    assert Literal("日常经费", lang="zh") in set(
        g.objects(BKGC.PublicOperatingExpenditure, SKOS.altLabel)
    )
    assert Literal("公务用车购置及运维费", lang="zh") in set(
        g.objects(BKGC.VehiclePurchaseAndOperation, SKOS.altLabel)
    )


# --- the additive structure -----------------------------------------------------------------

PARTS_QUERY = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX bkgc: <https://w3id.org/budgetkg/concept/>
SELECT ?part WHERE { bkgc:TotalExpenditure bkg:sumOf ?part }
"""

ALL_SUMS_QUERY = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
SELECT ?whole ?part WHERE { ?whole bkg:sumOf ?part }
"""


def test_parts_of_total_expenditure_via_sparql_rdflib() -> None:
    rows = _graph().query(PARTS_QUERY)
    assert {row[0] for row in rows} == {BKGC.BasicExpenditure, BKGC.ProjectExpenditure}


def test_parts_of_total_expenditure_via_sparql_pyoxigraph() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
    parts = {sol["part"].value for sol in store.query(PARTS_QUERY)}
    assert parts == {str(BKGC.BasicExpenditure), str(BKGC.ProjectExpenditure)}


def test_additive_structure_is_exactly_the_designed_one() -> None:
    found: dict[str, set[str]] = {}
    for whole, part in _graph().query(ALL_SUMS_QUERY):
        found.setdefault(_local(whole, BKGC), set()).add(_local(part, BKGC))
    assert found == SUM_OF


def test_every_sum_part_is_a_narrower_concept_of_its_whole() -> None:
    g = _graph()
    for whole, part in g.subject_objects(BKG.sumOf):
        assert (part, SKOS.broader, whole) in g
        assert g.value(whole, SKOS.inScheme) == BKGC.BudgetCategories


# --- indicator types, procurement kinds, asset classes ---------------------------------------


def test_indicator_types_and_levels() -> None:
    g = _graph()
    concepts = {_local(c, BKGC) for c in g.subjects(SKOS.inScheme, BKGC.IndicatorTypes)}
    assert concepts == set(INDICATOR_LEVELS)
    for name, level in INDICATOR_LEVELS.items():
        assert g.value(BKGC[name], BKG.indicatorLevel) == Literal(level)
        parent = g.value(BKGC[name], SKOS.broader)
        if level == 1:
            assert parent is None
        else:
            assert g.value(parent, BKG.indicatorLevel) == Literal(1)
    assert g.value(BKGC.CostIndicator, SKOS.broader) == BKGC.OutputIndicator
    assert Literal("效益指标", lang="zh") in set(g.objects(BKGC.OutcomeIndicator, SKOS.altLabel))


def test_procurement_kinds() -> None:
    g = _graph()
    concepts = {_local(c, BKGC) for c in g.subjects(SKOS.inScheme, BKGC.ProcurementKinds)}
    assert concepts == set(PROCUREMENT_KINDS)
    for name, letter in PROCUREMENT_KINDS.items():
        assert g.value(BKGC[name], SKOS.notation) == Literal(letter)


def test_asset_classes() -> None:
    g = _graph()
    concepts = {_local(c, BKGC) for c in g.subjects(SKOS.inScheme, BKGC.AssetClasses)}
    assert concepts == set(ASSET_CLASSES)
    assert (BKGC.OfficeSpace, SKOS.broader, BKGC.Buildings) in g
