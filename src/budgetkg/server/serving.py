"""The serving copy of the store: named graphs plus their merge as default graph.

Works around Oxigraph 0.5.13's union default graph counting a triple once per graph
(see :mod:`budgetkg.server`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..store import load_graph_file, ontology_quads, open_store


def prepare_serving_store(
    target: Path, graph_file: Path | None = None, store: Path | None = None
) -> None:
    """Create the serving copy in ``target``: named graphs plus their merge as default graph."""
    default = ox.DefaultGraph()
    quads: Iterable[ox.Quad | ox.Triple]
    if store is not None:
        source = open_store(store, read_only=True)  # InputError if it is not a store
        source.backup(str(target))
        serving = ox.Store(str(target))
        quads = source.quads_for_pattern(None, None, None, None)
    else:
        assert graph_file is not None
        serving = ox.Store(str(target))
        rdf_format = load_graph_file(serving, graph_file)
        quads = itertools.chain(ox.parse(path=graph_file, format=rdf_format), ontology_quads())
    serving.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in quads)
    serving.flush()
