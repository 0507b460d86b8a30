"""Content negotiation, the job and answer types, and result serialisation within limits.

:func:`execute` runs in a worker process (:mod:`.workers`); results are first written as
bounded SPARQL TSV or N-Triples, then converted to the negotiated format.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..rdf.terms import PREFIXES

_TEXT = "text/plain; charset=utf-8"

#: (media type, format); the first one is the default for its kind
RESULT_TYPES: list[tuple[str, ox.QueryResultsFormat]] = [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("application/xml", ox.QueryResultsFormat.XML),
    ("text/xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
]
GRAPH_TYPES: list[tuple[str, ox.RdfFormat]] = [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/turtle", ox.RdfFormat.TURTLE),
    ("application/x-turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("text/plain", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
]


# ------------------------------------------------------------------------------------------------
# Content negotiation
# ------------------------------------------------------------------------------------------------


def _accepted(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q), best first (stable for equal q)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                with contextlib.suppress(ValueError):
                    q = float(value)
        if media and q > 0:
            ranges.append((media.lower(), q))
    return sorted(ranges, key=lambda r: -r[1])


#: deprecated aliases answered with the registered type
_ALIASES = {"application/turtle": "text/turtle", "application/x-turtle": "text/turtle"}


def negotiate(header: str | None, offers: list[tuple[str, Any]]) -> str | None:
    """The media type of ``offers`` that ``header`` prefers; None if none is acceptable."""
    for media, _ in _accepted(header):
        for offer, _ in offers:
            kind, sub = offer.split("/")
            if media in (offer, "*/*", f"{kind}/*", f"*/{sub}"):
                return _ALIASES.get(offer, offer)
    return None


# ------------------------------------------------------------------------------------------------
# Jobs, answers and serialisation
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    query: str
    results_type: str | None  # negotiated media type for SELECT/ASK
    graph_type: str | None  # negotiated media type for CONSTRUCT/DESCRIBE
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    max_bytes: int = 64 << 20


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def error(status: int, message: str, *headers: tuple[str, str]) -> Answer:
    return Answer(status, _TEXT, (message.rstrip() + "\n").encode("utf-8"), headers)


class _TooLarge(Exception):
    pass


class _LimitedWriter(io.BytesIO):
    """A buffer that fails once it holds more than ``max_lines`` lines or ``max_bytes``."""

    def __init__(self, max_lines: int, max_bytes: int) -> None:
        super().__init__()
        self.lines = 0
        self.max_lines, self.max_bytes = max_lines, max_bytes
        self.exceeded = ""

    def write(self, data: Any) -> int:
        written = super().write(data)
        self.lines += bytes(data).count(b"\n")
        if self.lines > self.max_lines:
            self.exceeded = "rows"
        elif self.tell() > self.max_bytes:
            self.exceeded = "bytes"
        if self.exceeded:
            raise _TooLarge(self.exceeded)
        return written


def _too_large(job: Job, what: str) -> Answer:
    limit = f"{job.max_rows} rows" if what == "rows" else f"{job.max_bytes} bytes"
    return error(413, f"result larger than the limit of {limit}: add a LIMIT or narrow the query")


def execute(store: ox.Store, job: Job) -> Answer:
    """Run ``job`` on ``store`` (in a worker process) and serialise the answer."""
    try:
        result = store.query(
            job.query,
            # the serving store's default graph is the merge of all graphs (see budgetkg.server)
            default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
        )
    except SyntaxError as exc:
        return error(400, f"query syntax error: {exc}")
    except ValueError as exc:  # e.g. an invalid default-graph-uri
        return error(400, f"bad request: {exc}")
    except OSError as exc:
        return error(500, f"query failed: {exc}")
    try:
        if isinstance(result, ox.QueryTriples):
            return _graph_answer(result, job)
        if job.results_type is None:
            return not_acceptable("results", RESULT_TYPES)
        fmt = dict(RESULT_TYPES)[job.results_type]
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=fmt)
        else:
            writer = _LimitedWriter(job.max_rows + 1, job.max_bytes)  # +1: the header line
            try:
                result.serialize(writer, format=ox.QueryResultsFormat.TSV)
            except (_TooLarge, OSError):
                if writer.exceeded:
                    return _too_large(job, writer.exceeded)
                raise
            body = writer.getvalue()
            if fmt != ox.QueryResultsFormat.TSV:
                parsed = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
                body = parsed.serialize(format=fmt)
        assert body is not None
        if len(body) > job.max_bytes:
            return _too_large(job, "bytes")
        return Answer(200, _content_type(job.results_type), body)
    except (OSError, ValueError, SyntaxError) as exc:
        return error(500, f"query evaluation failed: {exc}")


def _graph_answer(result: ox.QueryTriples, job: Job) -> Answer:
    if job.graph_type is None:
        return not_acceptable("graphs", GRAPH_TYPES)
    fmt = dict(GRAPH_TYPES)[job.graph_type]
    writer = _LimitedWriter(job.max_rows, job.max_bytes)
    try:
        result.serialize(writer, format=ox.RdfFormat.N_TRIPLES)
    except (_TooLarge, OSError):
        if writer.exceeded:
            return _too_large(job, writer.exceeded)
        raise
    body: bytes | None = writer.getvalue()
    if fmt != ox.RdfFormat.N_TRIPLES:
        triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
        body = ox.serialize(triples, format=fmt, prefixes=prefixes)
    assert body is not None
    if len(body) > job.max_bytes:
        return _too_large(job, "bytes")
    return Answer(200, _content_type(job.graph_type), body)


def _content_type(media: str) -> str:
    textual = media.startswith("text/") or media.endswith(("json", "xml"))
    return f"{media}; charset=utf-8" if textual else media


def not_acceptable(kind: str, offers: list[tuple[str, Any]]) -> Answer:
    types = ", ".join(media for media, _ in offers)
    return error(406, f"none of the Accept header's types is available for {kind}: {types}")
