"""The fast engine on a :class:`~budgetkg.validate_units.Unit` (what the process pool calls)."""

from __future__ import annotations

from functools import cache

from ..rdf.terms import TYPE, bkg
from ..validate_pyshacl import ontology_statements, shapes_graph
from ..validate_report import Document, Result
from ..validate_units import Unit
from .core import Index
from .engine import Locator, validate_index
from .engine import Unit as EngineUnit
from .spec import ShapeSet, compile_shapes
from .syntax import canonical, plain_terms
from .terms import split_text

_DISCLOSURE = bkg("Disclosure")


@cache
def compiled_shapes() -> ShapeSet:
    return compile_shapes(shapes_graph())


@cache
def _ontology() -> tuple[bytes, tuple[tuple[str, str, str], ...]]:
    """The ontology statements loaded with each unit: as N-Triples, and split into terms."""
    data = ontology_statements().serialize(format="nt", encoding="utf-8")
    return data, tuple(split_text(data.decode("utf-8")))


def prepare() -> None:
    """Compile the shapes and serialise the ontology statements (cached)."""
    compiled_shapes()
    _ontology()


def fast_validate_unit(unit: Unit) -> tuple[list[Result], list[Document]]:
    """Validate one unit with the fast engine; its results and the disclosures it holds."""
    extra, extra_triples = _ontology()
    ntriples = unit.ntriples
    triples = split_text(ntriples.decode("utf-8"))
    if not plain_terms(triples):  # possibly invalid, or a term spelled another way
        ntriples = canonical(ntriples)
        triples = split_text(ntriples.decode("utf-8"))
    index = Index([*triples, *extra_triples])
    results = validate_index(EngineUnit(ntriples, index, extra), compiled_shapes(), unit.document)
    if unit.focus is not None:
        results = [r for r in results if r.focus in unit.focus]
    where = Locator(index, unit.document)
    if unit.document is not None:
        iris = [unit.document]
    else:
        iris = sorted(s[1:-1] for s, p, o in index.triples if p == TYPE and o == _DISCLOSURE)
    return results, [where.document_info(iri) for iri in iris]


__all__ = ["compiled_shapes", "fast_validate_unit", "prepare"]
