"""Lookups read from the ontology (data, not code): printed labels → SKOS concepts."""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from ..resources import resource_path

_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX bkgc: <https://w3id.org/budgetkg/concept/>
SELECT ?concept ?level ?label WHERE {
  ?concept skos:inScheme bkgc:IndicatorTypes ; bkg:indicatorLevel ?level .
  { ?concept skos:prefLabel ?label } UNION { ?concept skos:altLabel ?label }
  FILTER(lang(?label) = "zh")
}
"""


@cache
def ontology_store() -> ox.Store:
    store = ox.Store()
    with open(resource_path("ontology", "budgetkg.ttl"), "rb") as fh:
        store.load(fh, format=ox.RdfFormat.TURTLE)
    return store


@cache
def indicator_concepts() -> dict[tuple[int, str], str]:
    """(level, printed zh label) → concept IRI, from the bkgc:IndicatorTypes scheme."""
    result: dict[tuple[int, str], str] = {}
    solutions = ontology_store().query(_QUERY)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        concept, level, label = row["concept"], row["level"], row["label"]
        assert isinstance(concept, ox.NamedNode) and isinstance(level, ox.Literal)
        assert isinstance(label, ox.Literal)
        result[(int(level.value), label.value)] = concept.value
    return result


def indicator_concept(level: int, label: str | None) -> str | None:
    if not label:
        return None
    return indicator_concepts().get((level, label))


_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX bkgc: <https://w3id.org/budgetkg/concept/>
SELECT ?concept ?label WHERE {
  ?concept skos:inScheme bkgc:BudgetCategories ; skos:prefLabel ?label .
  FILTER(lang(?label) = "zh")
}
"""


@cache
def _category_labels() -> dict[str, str]:
    solutions = ontology_store().query(_LABELS)
    assert isinstance(solutions, ox.QuerySolutions)
    result = {}
    for row in solutions:
        concept, label = row["concept"], row["label"]
        assert isinstance(concept, ox.NamedNode) and isinstance(label, ox.Literal)
        result[concept.value.rsplit("/", 1)[1]] = label.value
    return result


def category_label(local: str) -> str:
    """The Chinese label of a budget category (its local name if the ontology has none)."""
    return _category_labels().get(local, local)
