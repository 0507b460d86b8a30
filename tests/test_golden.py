"""One golden graph per corpus document, compared with rdflib.compare.isomorphic.

The figures in these graphs are checked against the documents by test_corpus_*.py; the
golden files guard everything else (IRIs, literals, links) against unintended change.
Regenerate with ``python scripts/update_golden.py`` and review the diff.
"""

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from budgetkg.build import build_graph
from budgetkg.rdf.export import serialize

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "corpus" / "hebei").glob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_graph_matches_golden(path: Path) -> None:
    golden = rdflib.Graph().parse(ROOT / "tests" / "data" / "golden" / f"{path.stem}.ttl")
    built = rdflib.Graph().parse(data=serialize(build_graph([path]).quads, "ttl"), format="turtle")
    if not isomorphic(built, golden):
        _, only_built, only_golden = graph_diff(to_isomorphic(built), to_isomorphic(golden))
        extra = sorted(only_built)[:5]
        missing = sorted(only_golden)[:5]
        pytest.fail(f"graph differs from golden; new: {extra}; gone: {missing}")
