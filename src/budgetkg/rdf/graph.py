"""The graph builder of one disclosure: IRIs, provenance, citations and topics.

Quads are collected as N-Triples text (see :mod:`budgetkg.rdf.terms`); Oxigraph
parses them in bulk when objects are needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pyoxigraph import NamedNode

from ..citations import Citation, document_key, find_citations
from ..model import Disclosure, Project
from ..topics import TOPIC_NS, assign_topics
from .terms import (
    DATA,
    DCTERMS,
    DERIVED,
    LABEL,
    TYPE,
    bkg,
    boolean,
    child,
    gyear,
    integer,
    key,
    ref,
    safe_segment,
    string,
    zh,
)

Triple = tuple[str, str, str]


@dataclass
class DocGraph:
    """The triples of one disclosure's named graph, as N-Triples terms."""

    graph: str  # the graph IRI term, "<…>" (= the disclosure IRI)
    triples: list[Triple] = field(default_factory=list)
    _sourced: set[str] = field(default_factory=set)

    def add(self, s: str, p: str, o: str | None) -> None:
        if o is not None:
            self.triples.append((s, p, o))

    def node(self, s: str, cls: str, line: int | None) -> None:
        """Type an extracted node and give it its provenance."""
        self.add(s, TYPE, bkg(cls))
        self.add(s, DERIVED, self.graph)
        if line is not None:
            self.add(s, bkg("sourceLine"), integer(line))

    def source(self, s: str, line: int) -> None:
        """Provenance of a shared node: this disclosure, and the line of its first mention."""
        if s not in self._sourced:
            self._sourced.add(s)
            self.add(s, DERIVED, self.graph)
            self.add(s, bkg("sourceLine"), integer(line))

    def distinct(self) -> list[Triple]:
        """The triples without repeats, sorted (so output never depends on build order)."""
        return sorted(set(self.triples))

    def nquads(self) -> str:
        return "".join(f"{s} {p} {o} {self.graph} .\n" for s, p, o in self.distinct())


# public IRIs of the nodes other components look up (pyoxigraph terms)


def department_iri(name: str, base: str = DATA) -> NamedNode:
    return NamedNode(f"{base}department/{key(name)}")


def disclosure_iri(d: Disclosure, base: str = DATA) -> NamedNode:
    return NamedNode(f"{base}disclosure/{key(d.department)}-{d.fiscal_year}")


def region_iri(names: Iterable[str], base: str = DATA) -> NamedNode:
    return NamedNode(f"{base}region/{key(*names)}")


def document_iri(document_key: str, base: str = DATA) -> NamedNode:
    return NamedNode(f"{base}document/{key(document_key)}")


def project_term(disclosure: str, p: Project) -> str:
    local = safe_segment(p.code) if p.code else f"{key(p.sequence)[:6]}-{p.ordinal}"
    return child(disclosure, f"/project/{local}")


def resolve_titles(d: Disclosure) -> dict[str, str]:
    """Within one disclosure, a title cited with a number elsewhere → that number's key."""
    texts = [d.opening, *(p.name for p in d.projects)]
    texts += [i.basis_text for p in d.projects for i in p.indicators]
    by_title: dict[str, str] = {}
    for text in texts:
        for c in find_citations(text) if text else ():
            if c.title and c.number:
                by_title.setdefault(c.title, c.number)
    return by_title


def _document(g: DocGraph, doc: str, c: Citation, line: int) -> None:
    g.add(doc, TYPE, bkg("PolicyDocument"))
    g.source(doc, line)
    g.add(doc, bkg("citedAs"), string(c.raw))
    if c.title:
        g.add(doc, f"<{DCTERMS}title>", zh(c.title))
        g.add(doc, LABEL, zh(c.title))
    if c.number:
        g.add(doc, bkg("documentNumber"), string(c.number))
        g.add(doc, LABEL, zh(c.number))
        if c.issuer:
            g.add(doc, bkg("issuerCode"), string(c.issuer))
        if c.year:
            g.add(doc, bkg("issueYear"), gyear(c.year))
        if c.serial:
            g.add(doc, bkg("serialNumber"), integer(c.serial))
        if c.recovered:
            g.add(doc, bkg("numberRecovered"), boolean(True))
    elif not c.title:
        g.add(doc, LABEL, zh(c.raw))


def cite(
    g: DocGraph,
    subject: str,
    texts: Iterable[str | None],
    base: str,
    titles: dict[str, str],
    line: int,
) -> None:
    """``subject bkg:cites`` every policy document found in ``texts`` (printed at ``line``)."""
    for text in texts:
        for c in find_citations(text) if text else ():
            doc_key = document_key(c)
            if not c.number and c.title in titles:
                doc_key = titles[c.title]
            doc = ref(document_iri(doc_key, base).value)
            g.add(subject, bkg("cites"), doc)
            _document(g, doc, c, line)


def tag_topics(g: DocGraph, subject: str, text: str) -> tuple[str, ...]:
    """``subject bkg:topic`` each topic of ``text``; returns the topics, best first."""
    topics = assign_topics(text)
    for t in topics:
        g.add(subject, bkg("topic"), f"<{TOPIC_NS}{t}>")
    return topics


D = TypeVar("D")


def served_duty(project: tuple[str, ...], duties: Sequence[tuple[D, tuple[str, ...]]]) -> D | None:
    """The duty a project serves: the best agreement of the two ranked topic lists.

    Each shared topic scores ``1/(1+rank in project) + 1/(1+rank in duty)``, so a duty whose
    main topic is the project's main topic beats one that mentions it in passing; ties go
    to the more specific duty (fewer topics), then to the duty printed first.
    """
    best: tuple[float, int, int] | None = None
    chosen: D | None = None
    for index, (duty, topics) in enumerate(duties):
        score = sum(
            1 / (1 + project.index(t)) + 1 / (1 + topics.index(t)) for t in project if t in topics
        )
        if score > 0 and (best is None or (score, -len(topics), -index) > best):
            best, chosen = (score, -len(topics), -index), duty
    return chosen
