"""The baseline: the pipeline a user would write with rdflib and pyshacl alone.

Same corpus, same parser and mapping (``read_any`` + ``parse_source`` + ``disclosure_graph``),
same shapes and queries, but none of budgetkg's engineering around them:

* build: one process, documents one after another; each document's N-Quads (the mapping's
  ``DocGraph.nquads()``) parsed into an in-memory ``rdflib.Dataset(default_union=True)``
  (``Dataset.parse(data=…, format="nquads")``), then rdflib's N-Quads serializer; for Turtle
  the same triples parsed into one ``rdflib.Graph`` and rdflib's Turtle serializer;
* validation: one ``pyshacl.validate`` over the whole graph — the data with the ontology
  statements budgetkg's validator merges in (:func:`budgetkg.validate.data_graph`), the shapes
  of :func:`budgetkg.validate.shapes_graph` — i.e. what ``validate(..., whole_graph=True)``
  runs, without its per-disclosure split, its worker processes and its memoised SHACL-SPARQL
  queries;
* queries: rdflib's SPARQL engine over the Dataset (the N-Quads file and the ontology graph,
  as in the store), default graph = union, parameters bound with ``initBindings``; each query
  runs in a forked child (sharing the loaded Dataset) and gets an equal share of what is left
  of the stage's budget, so that a query too slow for its share is recorded as a lower bound
  and the others are still measured.

Loading the graph for validation and queries is timed apart (``load_s``) and not counted in
the stage's ``seconds``: a user's script would hold the graph in memory from the build.
"""

from __future__ import annotations

import json
import os
import select
import signal
import statistics
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from stages import (
    QUERY_TIME_CAP_S,
    SLOW_QUERY_S,
    Json,
    Recorder,
    corpus_files,
    finish_queries,
    tree_bytes,
)

if TYPE_CHECKING:
    from rdflib.term import Identifier

#: lines of N-Quads parsed by rdflib at a time when loading a graph for validation
_CHUNK_LINES = 200_000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: the baseline query stage stops this long before its budget ends (to report what it has)
_MARGIN_S = 5.0
#: the least time a baseline query gets
_MIN_SHARE_S = 1.0


def _mapped_nquads(files: list[Path]) -> Iterator[tuple[str, float]]:
    """Each document's N-Quads, and the seconds spent reading, parsing and mapping it."""
    from budgetkg.parse.disclosure import parse_source
    from budgetkg.rdf.mapping import disclosure_graph
    from budgetkg.readers import read_any

    for path in files:
        t0 = time.perf_counter()
        text = disclosure_graph(parse_source(read_any(path))).nquads()
        yield text, time.perf_counter() - t0


def _as_ntriples(nquads: str) -> str:
    """N-Quads whose graph names are IRIs → N-Triples (the graph term is the last before " .")."""
    return "".join(line[:-2].rpartition(" ")[0] + " .\n" for line in nquads.splitlines())


def stage_baseline_build(params: Json, rec: Recorder) -> Json:
    """Parse and map serially, fill an rdflib Dataset (or Graph), serialize with rdflib."""
    from rdflib import Dataset, Graph

    files = corpus_files(params["corpus"])
    target = Path(params["target"])
    turtle = params["kind"] == "ttl"
    rec.mark("build")
    t0 = time.perf_counter()
    container: Graph = Graph() if turtle else Dataset(default_union=True)
    parse_map_s = fill_s = 0.0
    for text, seconds in _mapped_nquads(files):
        parse_map_s += seconds
        t = time.perf_counter()
        if turtle:
            container.parse(data=_as_ntriples(text), format="nt")
        else:
            container.parse(data=text, format="nquads")
        fill_s += time.perf_counter() - t
    rec.partial("build", "filled", {"parse_map_s": parse_map_s, "fill_s": fill_s})
    rec.mark("serialize")
    t = time.perf_counter()
    container.serialize(destination=str(target), format="turtle" if turtle else "nquads")
    serialize_s = time.perf_counter() - t
    seconds = time.perf_counter() - t0
    if isinstance(container, Dataset):
        triples = sum(1 for _ in container.quads((None, None, None, None)))
    else:
        triples = len(container)
    return {
        "seconds": seconds,
        "documents": len(files),
        "triples": triples,
        "triples_per_s": triples / seconds,
        "docs_per_s": len(files) / seconds,
        "bytes": tree_bytes(target),
        "parse_map_s": parse_map_s,
        "fill_s": fill_s,
        "serialize_s": serialize_s,
    }


def _severity_counts(report: object) -> dict[str, int]:
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    assert isinstance(report, Graph)
    counts = {"Violation": 0, "Warning": 0, "Info": 0}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rpartition("#")[2]
        counts[severity] = counts.get(severity, 0) + 1
    return counts


def stage_baseline_validate(params: Json, rec: Recorder) -> Json:
    """One whole-graph ``pyshacl.validate`` with budgetkg's shapes and ontology statements."""
    import pyshacl

    from budgetkg.validate import data_graph, shapes_graph

    t0 = time.perf_counter()
    shapes = shapes_graph()
    graph = data_graph(b"")  # the ontology statements the validator merges in
    with Path(params["source"]).open(encoding="utf-8") as f:
        chunk: list[str] = []
        for line in f:
            chunk.append(line)
            if len(chunk) >= _CHUNK_LINES:
                graph.parse(data=_as_ntriples("".join(chunk)), format="nt")
                chunk = []
        graph.parse(data=_as_ntriples("".join(chunk)), format="nt")
    load_s = time.perf_counter() - t0
    triples = len(graph)
    rec.mark("validate")
    t0 = time.perf_counter()
    conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes, advanced=True, inplace=True, allow_warnings=True
    )
    seconds = time.perf_counter() - t0
    counts = _severity_counts(report)
    return {
        "seconds": seconds,
        "load_s": load_s,
        "triples": triples,
        "triples_per_s": triples / seconds,
        "conforms": bool(conforms),
        "results": sum(counts.values()),
        "by_severity": counts,
    }


def _rdflib_term(term: object) -> Identifier:
    """A pyoxigraph term (a bound query parameter) as an rdflib term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # rdflib keeps plain literals without a datatype
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def stage_baseline_queries(params: Json, rec: Recorder) -> Json:
    """Every library query with rdflib's SPARQL engine over an in-memory Dataset."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from budgetkg.query import bind_parameters, library
    from budgetkg.store import ontology_quads

    t0 = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(params["source"], format="nquads")
    ontology = ox.serialize(ontology_quads(), format=ox.RdfFormat.N_QUADS)
    assert ontology is not None
    dataset.parse(data=ontology.decode("utf-8"), format="nquads")
    load_s = time.perf_counter() - t0
    queries: dict[str, Json] = {}
    names = [q.name for q in library()]
    for i, q in enumerate(library()):
        bindings = {v.value: _rdflib_term(t) for v, t in bind_parameters(q, {}).items()}

        def run(text: str = q.text, bound: Mapping[str, Identifier] = bindings) -> int:
            return len(list(dataset.query(text, initBindings=bound)))

        # an equal share of what is left of the stage's budget (what a fast query leaves
        # goes to the later ones), so that every query gets a time or a lower bound
        left = params["deadline"] - _MARGIN_S - time.time()
        share = max(left / (len(names) - i), _MIN_SHARE_S)
        rec.mark(f"query:{q.name}")
        queries[q.name] = {**_time_in_child(run, params["repeats"], share), "budget_s": share}
        rec.partial("queries", q.name, queries[q.name])
    return finish_queries(queries, load_s)


def _time_in_child(run: Callable[[], int], repeats: int, budget_s: float) -> Json:
    """:func:`stages.time_query` in a forked child (the Dataset shared copy-on-write), stopped
    after ``budget_s``: then the runs that finished, or the budget as a lower bound."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report each run as it finishes
        os.close(read)
        try:
            times: list[float] = []
            while len(times) < repeats and (not times or sum(times) < QUERY_TIME_CAP_S):
                t0 = time.perf_counter()
                rows = run()
                times.append(time.perf_counter() - t0)
                os.write(write, (json.dumps({"rows": rows, "s": times[-1]}) + "\n").encode())
        finally:
            os._exit(0)
    os.close(write)
    start = time.monotonic()
    runs: list[Json] = []
    buffer = b""
    cut = False
    with os.fdopen(read, "rb", buffering=0) as pipe:
        while True:
            left = budget_s - (time.monotonic() - start)
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                cut = True
                os.kill(pid, signal.SIGKILL)
                break
            chunk = pipe.read(65536)
            if not chunk:
                break
            buffer += chunk
            *lines, rest = buffer.split(b"\n")
            buffer = rest
            runs += [json.loads(line) for line in lines]
    os.waitpid(pid, 0)
    if not runs:
        elapsed = time.monotonic() - start
        return {"rows": None, "median_s": elapsed, "times_s": [], "slow": elapsed > SLOW_QUERY_S,
                "lower_bound": True, "status": "over budget"}  # fmt: skip
    median = statistics.median(r["s"] for r in runs)
    return {"rows": runs[-1]["rows"], "median_s": median, "times_s": [r["s"] for r in runs],
            "slow": median > SLOW_QUERY_S, "cut": cut}  # fmt: skip


STAGES: dict[str, Callable[[Json, Recorder], Json]] = {
    "baseline-build": stage_baseline_build,
    "baseline-validate": stage_baseline_validate,
    "baseline-queries": stage_baseline_queries,
}
