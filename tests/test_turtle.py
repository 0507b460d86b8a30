"""budgetkg.rdf.turtle writes the bytes Oxigraph's Turtle serializer writes, or declines."""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build import build_graph
from budgetkg.rdf.graph import Triple
from budgetkg.rdf.mapping import disclosure_graph
from budgetkg.rdf.stream import _strip_prefixes, render, split_own
from budgetkg.rdf.terms import BKGC, PREFIXES, RDF, XSD
from budgetkg.rdf.turtle import turtle_text
from conftest import CORPUS_DIR

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate


def oxigraph_turtle(triples: Sequence[Triple]) -> bytes:
    """What the build wrote before: Oxigraph's parse of the N-Triples, serialised as Turtle."""
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")
    data = ox.serialize(
        ox.parse(text, format=ox.RdfFormat.N_TRIPLES),
        format=ox.RdfFormat.TURTLE,
        prefixes=PREFIXES,
    )
    assert data is not None
    return _strip_prefixes(data)


def _documents(paths: Sequence[Path]) -> list[tuple[list[Triple], list[Triple]]]:
    from budgetkg.parse.disclosure import parse_file

    parts = []
    for path in paths:
        doc = disclosure_graph(parse_file(path))
        parts.append(split_own(doc.graph, doc.distinct()))
    return parts


def test_the_sample_corpus_and_synthetic_disclosures_are_written_as_oxigraph_writes_them(
    tmp_path: Path,
) -> None:
    paths = [*sorted(CORPUS_DIR.glob("*.txt")), *generate.generate(24, tmp_path)]
    shared: set[Triple] = set()
    for own, others in _documents(paths):
        shared.update(others)
        written = turtle_text(own)
        assert written is not None  # the build's terms are all in the writer's forms
        assert written == oxigraph_turtle(own)
    assert turtle_text(sorted(shared)) == oxigraph_turtle(sorted(shared))


INT = f"<{XSD}integer>"
D = f"<{XSD}decimal>"
B = f"<{XSD}boolean>"
TYPE = f"<{RDF}type>"
#: objects the writer handles: every bare form and its near misses, escapes, prefixed names
HANDLED = [
    '"a\\"b\\\\c\\nd\\re\\tf"', '"x"', '"多行\\n文本"@zh', '"y"@zh-hans',
    f'"667"^^{INT}', f'"-3"^^{INT}', f'"+3"^^{INT}', f'"03"^^{INT}', f'"3.0"^^{INT}',
    f'"2.5"^^{D}', f'".5"^^{D}', f'"5."^^{D}', f'"0"^^{D}', f'"-0.25"^^{D}', f'"1e3"^^{D}',
    f'"true"^^{B}', f'"false"^^{B}', f'"1"^^{B}', f'"2019"^^<{XSD}gYear>',
    f'"2018-12-31"^^<{XSD}date>', '"z"^^<http://e/dt>',
    f"<{BKGC}Buildings>", f"<{BKGC}topic/Education>", f"<{BKGC}topic/教育>", f"<{BKGC}a_b-c>",
    TYPE, "<http://e/o>", "<https://w3id.org/budgetkg/id/disclosure/x-2019/line/A>",
]  # fmt: skip
#: terms the writer leaves to Oxigraph
DECLINED = [
    "_:b0", '"\\u0001"', f'"1e3"^^<{XSD}double>', '"x"@ZH', f"<{BKGC}a/b>", f"<{BKGC}a.b>",
    f"<{BKGC}-a>", f"<{BKGC}a%20b>", f"<{BKGC}>",
]  # fmt: skip
SUBJECTS = ["<http://e/s>", "<http://e/t>", f"<{BKGC}Buildings>", TYPE]
PREDICATES = ["<http://e/p>", "<http://e/q>", TYPE, f"<{RDF}value>"]


@pytest.mark.parametrize("term", HANDLED)
def test_each_handled_object_is_written_as_oxigraph_writes_it(term: str) -> None:
    triples = sorted({(s, p, term) for s in SUBJECTS[:2] for p in PREDICATES[:3]})
    assert turtle_text(triples) == oxigraph_turtle(triples)


@pytest.mark.parametrize("term", DECLINED)
def test_other_terms_are_left_to_oxigraph(term: str) -> None:
    cases = [[("<http://e/s>", "<http://e/p>", term)]]
    if term.startswith(("<", "_:")):
        cases.append([(term, "<http://e/p>", '"x"')])
    for triples in cases:
        assert turtle_text(triples) is None
        assert render(triples, None, "ttl") == oxigraph_turtle(triples)


def test_random_graphs_are_written_as_oxigraph_writes_them() -> None:
    """Whatever the mix of subjects, predicates and objects, the writer either declines or
    writes Oxigraph's bytes; render() gives Oxigraph's bytes in both cases."""
    rng = random.Random(5)
    objects = HANDLED + DECLINED
    written = 0
    for _ in range(300):
        triples = sorted(
            {
                (rng.choice(SUBJECTS), rng.choice(PREDICATES), rng.choice(objects))
                for _ in range(rng.randint(1, 12))
            }
        )
        expected = oxigraph_turtle(triples)
        fast = turtle_text(triples)
        if fast is not None:
            written += 1
            assert fast == expected, triples
        assert render(triples, None, "ttl") == expected, triples
    assert written > 50  # the mixes without a declined term were written by the writer


def test_a_turtle_build_still_parses_to_the_built_graph(tmp_path: Path) -> None:
    from budgetkg.build import build

    out = tmp_path / "all.ttl"
    build([CORPUS_DIR], output=out, jobs=1)
    built = {(q.subject, q.predicate, q.object) for q in build_graph([CORPUS_DIR]).quads}
    parsed = {(q.subject, q.predicate, q.object) for q in ox.parse(path=out)}
    assert parsed == built
