"""The validation report as Turtle (``budgetkg validate --format ttl``), written by Oxigraph.

The report is the graph of :func:`budgetkg.validate_report.report_graph` — an
``sh:ValidationReport`` with one blank node per result — but built as Oxigraph triples and
serialised by Oxigraph's Turtle writer: rdflib needed 25.8–28.0 s for the 30,604 results of 1,000
synthetic disclosures (most of it parsing each result's value with its N-Triples parser and
writing the Turtle), Oxigraph 1.8 s.  The values are parsed all at once.  Anything Oxigraph
refuses that rdflib accepts (a relative IRI as a focus node) makes :func:`render_turtle` fall
back to rdflib's writer, so the output is always the same graph (``tests/test_validate.py``
compares the two).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .rdf.terms import RDF, XSD
from .validate_report import REPORT_PREFIXES, Report, report_graph

_SH = REPORT_PREFIXES["sh"]
_RDF_TYPE = ox.NamedNode(RDF + "type")
_PREFIXES = {**REPORT_PREFIXES, "rdf": RDF, "xsd": XSD}
_VALUE_SUBJECT = "urn:budgetkg:value:"


def _sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(_SH + name)


def _values(forms: Iterable[str]) -> dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]:
    """Each distinct value form (``<iri>``, ``"5"^^<…#decimal>``, ``"text"@zh``) as a term,
    parsed in one document."""
    distinct = sorted(set(forms))
    document = "".join(
        f"<{_VALUE_SUBJECT}{i}> <{_VALUE_SUBJECT}p> {form} .\n" for i, form in enumerate(distinct)
    )
    terms: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
    for t in ox.parse(document, format=ox.RdfFormat.TURTLE):
        number = int(t.subject.value[len(_VALUE_SUBJECT) :])
        terms[distinct[number]] = t.object
    if len(terms) != len(distinct):
        raise ValueError("a value form is not one term")
    return terms


def _triples(report: Report) -> list[ox.Triple]:
    values = _values(r.value for r in report.results if r.value)
    root = ox.BlankNode("report")
    triples = [
        ox.Triple(root, _RDF_TYPE, _sh("ValidationReport")),
        ox.Triple(root, _sh("conforms"), ox.Literal(report.conforms)),
    ]
    result, focus_node, severity = _sh("result"), _sh("focusNode"), _sh("resultSeverity")
    shape, component, constraint = (
        _sh("sourceShape"),
        _sh("sourceConstraintComponent"),
        _sh("sourceConstraint"),
    )
    path, value, message = _sh("resultPath"), _sh("value"), _sh("resultMessage")
    for index, r in enumerate(report.results):
        node = ox.BlankNode(f"r{index}")
        focus = ox.BlankNode(r.focus[2:]) if r.focus.startswith("_:") else ox.NamedNode(r.focus)
        triples += [
            ox.Triple(root, result, node),
            ox.Triple(node, _RDF_TYPE, _sh("ValidationResult")),
            ox.Triple(node, focus_node, focus),
            ox.Triple(node, severity, _sh(r.severity)),
            ox.Triple(node, shape, ox.NamedNode(r.shape)),
            ox.Triple(node, component, ox.NamedNode(r.component)),
        ]
        if r.constraint:
            triples.append(ox.Triple(node, constraint, ox.NamedNode(r.constraint)))
        if r.path:
            triples.append(ox.Triple(node, path, ox.NamedNode(r.path)))
        if r.value:
            triples.append(ox.Triple(node, value, values[r.value]))
        for text, lang in ((r.message_en, "en"), (r.message_zh, "zh")):
            if text:
                triples.append(ox.Triple(node, message, ox.Literal(text, language=lang)))
    return triples


def render_turtle(report: Report) -> str:
    """The ``sh:ValidationReport`` of ``report`` in Turtle."""
    try:
        triples = _triples(report)
    except (SyntaxError, ValueError):  # a term Oxigraph refuses: rdflib writes the same graph
        return report_graph(report).serialize(format="turtle")
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
    assert data is not None  # no output file given: the bytes are returned
    return data.decode("utf-8")


__all__ = ["render_turtle"]
