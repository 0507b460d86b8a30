"""A fast SHACL engine for budgetkg's shapes (``budgetkg validate --engine fast``).

pyshacl runs every SHACL-SPARQL query once per focus node through rdflib's SPARQL engine: about
two seconds per disclosure.  This engine compiles the shapes once (:mod:`.spec`), checks the
core constraints in Python over an index of each disclosure's triples (:mod:`.core`), and the
SPARQL parts in native forms over the same index (:mod:`.native`), or in Oxigraph once per
disclosure where a query has no native form or its form declines the data (:mod:`.engine`).
Its results equal pyshacl's on budgetkg's shapes (``tests/test_fast_engine.py``); a shape using
a SHACL feature it does not implement is refused with :class:`UnsupportedShape` rather than
skipped.
"""

from __future__ import annotations

from .core import Index
from .engine import Locator, Unit, validate_index
from .spec import ShapeSet, UnsupportedShape, compile_shapes

__all__ = [
    "Index",
    "Locator",
    "ShapeSet",
    "Unit",
    "UnsupportedShape",
    "compile_shapes",
    "validate_index",
]
