"""Validation results: read from pyshacl's report graph, and rendered as text, JSON or Turtle.

A :class:`Result` is one SHACL validation result with what a reader needs to act on it: the
node's name, the source file and line it was read from, the message in English and Chinese.
pyshacl drops the language tag of a SHACL-SPARQL message once it has filled in the message's
``{?variables}``, so each message is matched back to the ``sh:message`` template it came from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

BKG = Namespace("https://w3id.org/budgetkg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")

#: severities from the most to the least serious (local names of sh:Violation …)
SEVERITIES = ("Violation", "Warning", "Info")

_PLACEHOLDER = re.compile(r"\{[?$]\w+\}")
_CJK = re.compile(r"[\u3400-\u9fff]")

ResultKey = tuple[str, str, str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class Result:
    """One validation result, located in its source document."""

    severity: str  #: "Violation", "Warning" or "Info"
    focus: str  #: IRI (or blank node label) of the node that failed
    path: str | None  #: sh:resultPath (a property IRI), if any
    value: str | None  #: sh:value in N3 (``<iri>``, ``"text"@zh``, ``"5"^^xsd:decimal``)
    shape: str  #: sh:sourceShape: the shape (check) that failed
    component: str  #: sh:sourceConstraintComponent
    constraint: str | None  #: sh:sourceConstraint (the SHACL-SPARQL constraint), if any
    message_en: str
    message_zh: str
    label: str | None = None  #: rdfs:label of the focus node
    document: str | None = None  #: IRI of the disclosure the result belongs to
    source_file: str | None = None  #: bkg:sourceFile of that disclosure
    source_line: int | None = None  #: bkg:sourceLine of the focus node

    @property
    def key(self) -> ResultKey:
        """What identifies a result, whatever graph it was found in."""
        return (
            self.focus,
            self.path or "",
            self.value or "",
            self.shape,
            self.component,
            self.constraint or "",
            self.severity,
        )

    @property
    def location(self) -> str:
        """``file:line`` (or what is known of it)."""
        where = self.source_file or "?"
        return f"{where}:{self.source_line}" if self.source_line is not None else where


@dataclass(frozen=True, slots=True)
class Document:
    """A validated disclosure."""

    iri: str
    source_file: str | None
    label: str | None


@dataclass(frozen=True)
class Report:
    """The results of validating one or more disclosures."""

    results: tuple[Result, ...]
    documents: tuple[Document, ...] = ()
    triples: int = 0

    @property
    def conforms(self) -> bool:
        """True when no result is a Violation (warnings and infos do not fail)."""
        return not any(r.severity == "Violation" for r in self.results)

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for r in self.results if r.severity == s) for s in SEVERITIES}

    def by_document(self) -> dict[str | None, list[Result]]:
        """Results grouped by disclosure IRI (None: not attributable), documents in order."""
        groups: dict[str | None, list[Result]] = {d.iri: [] for d in self.documents}
        for r in self.results:
            groups.setdefault(r.document, []).append(r)
        return groups


def sort_key(r: Result) -> tuple[str, int, int, str, str, str]:
    return (
        r.source_file or "\uffff",
        r.source_line if r.source_line is not None else 1 << 30,
        SEVERITIES.index(r.severity),
        r.focus,
        r.shape,
        r.value or "",
    )


# ---------------------------------------------------------------------------------------------
# Reading pyshacl's report graph
# ---------------------------------------------------------------------------------------------


def _local(iri: Node) -> str:
    text = str(iri)
    return text[max(text.rfind("#"), text.rfind("/")) + 1 :]


def _template_matches(message: str, template: str) -> bool:
    parts = _PLACEHOLDER.split(template)
    pattern = "(?:.*?)".join(re.escape(p) for p in parts)
    return re.fullmatch(pattern, message, flags=re.DOTALL) is not None


def message_language(message: Literal, templates: Iterable[Literal]) -> str:
    """The language of a result message: its tag, else that of the template it matches."""
    if message.language:
        return message.language
    for template in templates:
        if template.language and _template_matches(str(message), str(template)):
            return template.language
    return "zh" if _CJK.search(str(message)) else "en"


def _messages(report: Graph, result: Node, shapes: Graph, sources: list[Node]) -> tuple[str, str]:
    templates = [
        m for s in sources for m in shapes.objects(s, SH.message) if isinstance(m, Literal)
    ]
    texts: dict[str, list[str]] = {"en": [], "zh": []}
    for message in sorted(report.objects(result, SH.resultMessage), key=str):
        if isinstance(message, Literal):
            lang = message_language(message, templates)
            texts.setdefault(lang, []).append(str(message))
    return " ".join(texts["en"]), " ".join(texts["zh"])


def _first(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    values = sorted(graph.objects(subject, predicate), key=str)
    return values[0] if values else None


def _label(graph: Graph, node: Node) -> str | None:
    labels = [v for v in graph.objects(node, RDFS.label) if isinstance(v, Literal)]
    labels.sort(key=lambda v: (v.language != "zh", str(v)))
    return str(labels[0]) if labels else None


def _line(graph: Graph, node: Node) -> int | None:
    """The node's source line (the first, if a shared node has several; None if not a number)."""
    lines = [v.toPython() for v in graph.objects(node, BKG.sourceLine) if isinstance(v, Literal)]
    numbers = [n for n in lines if isinstance(n, int) and not isinstance(n, bool)]
    return min(numbers) if numbers else None


def _disclosure_of(graph: Graph, node: Node, default: str | None) -> str | None:
    """The disclosure a node was read from (itself for a disclosure), else ``default``."""
    if (node, RDF.type, BKG.Disclosure) in graph:
        return str(node)
    owners = sorted(
        (
            str(d)
            for d in graph.objects(node, PROV.wasDerivedFrom)
            if (d, RDF.type, BKG.Disclosure) in graph
        ),
        key=lambda d: (str(_first(graph, URIRef(d), BKG.sourceFile) or ""), d),
    )
    return owners[0] if owners else default


def document_info(graph: Graph, iri: str) -> Document:
    node = URIRef(iri)
    source = _first(graph, node, BKG.sourceFile)
    return Document(iri, str(source) if source is not None else None, _label(graph, node))


def results_from_report(
    report: Graph, data: Graph, shapes: Graph, document: str | None = None
) -> Iterator[Result]:
    """Every top-level result of a pyshacl report, located with the help of the data graph.

    ``document`` is the disclosure whose graph was validated: nodes that are not read from a
    disclosure (regions, policy documents) are attributed to it.
    """
    for vr in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(vr, SH.result):
            focus = report.value(node, SH.focusNode)
            shape = report.value(node, SH.sourceShape)
            assert focus is not None and shape is not None
            path = report.value(node, SH.resultPath)
            value = report.value(node, SH.value)
            constraint = report.value(node, SH.sourceConstraint)
            severity = report.value(node, SH.resultSeverity)
            component = report.value(node, SH.sourceConstraintComponent)
            en, zh = _messages(report, node, shapes, [n for n in (constraint, shape) if n])
            doc = _disclosure_of(data, focus, document)
            source = _first(data, URIRef(doc), BKG.sourceFile) if doc else None
            yield Result(
                severity=_local(severity) if severity is not None else "Violation",
                focus=str(focus),
                path=str(path) if isinstance(path, URIRef) else None,
                value=value.n3() if value is not None else None,
                shape=str(shape) if not isinstance(shape, BNode) else f"_:{shape}",
                component=str(component),
                constraint=str(constraint) if constraint is not None else None,
                message_en=en,
                message_zh=zh,
                label=_label(data, focus),
                document=doc,
                source_file=str(source) if source is not None else None,
                source_line=_line(data, focus),
            )


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def _summary(report: Report) -> str:
    counts = report.counts
    verdict = "conforms (no violation)" if report.conforms else "does NOT conform"
    parts = ", ".join(f"{counts[s]} {s.lower()}(s)" for s in SEVERITIES)
    return f"{len(report.documents)} document(s), {report.triples} triples: {parts} — {verdict}"


def render_text(report: Report) -> str:
    """One line per result, ``SEVERITY file:line label — message``, grouped by document."""
    names = {d.iri: d for d in report.documents}
    lines: list[str] = []
    for iri, results in report.by_document().items():
        doc = names.get(iri) if iri else None
        if doc is not None:
            lines.append(f"{doc.source_file or doc.iri}  {doc.label or ''}".rstrip())
        else:
            lines.append("(not attributable to a disclosure)")
        if not results:
            lines.append("  ok")
        for r in results:
            message = " | ".join(m for m in (r.message_en, r.message_zh) if m)
            lines.append(f"  {r.severity.upper()} {r.location} {r.label or r.focus} — {message}")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


_RESULT_FIELDS = tuple(f.name for f in fields(Result))


def _jsonable(r: Result) -> dict[str, object]:
    # the fields are strings, numbers and None: no deep copy (dataclasses.asdict) needed
    data: dict[str, object] = {name: getattr(r, name) for name in _RESULT_FIELDS}
    data["message"] = {"en": data.pop("message_en"), "zh": data.pop("message_zh")}
    return data


def render_json(report: Report) -> str:
    names = {d.iri: d for d in report.documents}
    groups = []
    for iri, results in report.by_document().items():
        doc = names.get(iri) if iri else None
        groups.append(
            {
                "document": iri,
                "source_file": doc.source_file if doc else None,
                "label": doc.label if doc else None,
                "results": [_jsonable(r) for r in results],
            }
        )
    payload = {
        "conforms": report.conforms,
        "counts": report.counts,
        "triples": report.triples,
        "documents": groups,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _term(n3: str) -> Node:
    """An RDF term from its N-Triples form (the values stored in results)."""
    graph = Graph()
    graph.parse(data=f"<urn:s> <urn:p> {n3} .", format="nt")
    (term,) = graph.objects()
    return term


#: the prefixes the report graph is written with (both Turtle writers; rdflib adds its own)
REPORT_PREFIXES = {"sh": str(SH), "bkg": str(BKG), "bkgsh": "https://w3id.org/budgetkg/shapes#"}


def report_graph(report: Report) -> Graph:
    """The sh:ValidationReport graph of the (merged, deduplicated) results."""
    graph = Graph()
    for prefix, namespace in REPORT_PREFIXES.items():
        graph.bind(prefix, namespace)
    root = BNode("report")
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for index, r in enumerate(report.results):
        node = BNode(f"r{index}")
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        focus: Node = BNode(r.focus[2:]) if r.focus.startswith("_:") else URIRef(r.focus)
        graph.add((node, SH.focusNode, focus))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        graph.add((node, SH.sourceShape, URIRef(r.shape)))
        graph.add((node, SH.sourceConstraintComponent, URIRef(r.component)))
        if r.constraint:
            graph.add((node, SH.sourceConstraint, URIRef(r.constraint)))
        if r.path:
            graph.add((node, SH.resultPath, URIRef(r.path)))
        if r.value:
            graph.add((node, SH.value, _term(r.value)))
        for text, lang in ((r.message_en, "en"), (r.message_zh, "zh")):
            if text:
                graph.add((node, SH.resultMessage, Literal(text, lang=lang)))
    return graph


def render_ttl(report: Report) -> str:
    """The report graph in Turtle, written by Oxigraph (:mod:`budgetkg.validate_turtle`)."""
    from .validate_turtle import render_turtle  # that module builds on this one

    return render_turtle(report)


RENDERERS = {"text": render_text, "json": render_json, "ttl": render_ttl}


def render(report: Report, fmt: str = "text") -> str:
    """The report as ``text``, ``json`` or ``ttl``."""
    return RENDERERS[fmt](report)
