"""The SPARQL endpoint, end to end: ``budgetkg serve`` in a subprocess, queried with SPARQLWrapper.

Every wait is bounded and every server process is stopped in its fixture's teardown.
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

from budgetkg.build import build, build_graph
from budgetkg.cli import main
from budgetkg.server import GRAPH_TYPES, RESULT_TYPES, negotiate, update_operation, uses_service
from budgetkg.store import ONTOLOGY_GRAPH, graphs_of, load_into_store, ontology_quads
from conftest import CORPUS_DIR

PREFIXES = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX bkgc: <https://w3id.org/budgetkg/concept/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
#: 000, line 44: 2020年预算收入691.88万元 → 6 918 800 yuan (read off the document)
TOTAL_INCOME_000 = (
    PREFIXES
    + """SELECT ?amount ?year WHERE {
  ?line bkg:category bkgc:TotalIncome ; bkg:amount ?amount ; prov:wasDerivedFrom ?d .
  ?d bkg:sourceFile "000_b9b1c81c3101a224.txt" ; bkg:fiscalYear ?year .
}"""
)
#: a cross product of all triples three times: never finishes on the corpus
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_ROWS = 5000
WAIT = 60.0  # bound for every start-up wait


@dataclass
class Endpoint:
    url: str
    process: subprocess.Popen[str]
    stderr: Path


def start_server(args: list[str], log: Path, tmpdir: Path | None = None) -> Endpoint:
    """``budgetkg serve ARGS --port 0`` in a subprocess; returns once it answers."""
    env = dict(os.environ, TMPDIR=str(tmpdir)) if tmpdir else None
    with log.open("w", encoding="utf-8") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "budgetkg.cli", "serve", *args, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=env,
        )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    reader = threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True)
    reader.start()
    try:
        first = lines.get(timeout=WAIT)
        match = re.search(r"http://127\.0\.0\.1:\d+/sparql", first)
        assert match, f"no URL in {first!r}; stderr: {log.read_text(encoding='utf-8')}"
        endpoint = Endpoint(match.group(), process, log)
        deadline = time.monotonic() + WAIT
        while not ask_ok(endpoint.url):
            assert time.monotonic() < deadline, "the endpoint never answered"
            time.sleep(0.1)
        return endpoint
    except BaseException:
        stop_server(Endpoint("", process, log))
        raise


def ask_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def stop_server(endpoint: Endpoint) -> int:
    """Ctrl-C, as a user would; kill if it does not stop within 10 s."""
    process = endpoint.process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    if process.stdout:
        process.stdout.close()
    return process.returncode


@pytest.fixture(scope="module")
def graph_sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Quads per disclosure graph, from the build (not from the server)."""
    result = build_graph([CORPUS_DIR])
    return {g.value: len(qs) for g, qs in graphs_of(result.quads).items()}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    tmp = tmp_path_factory.mktemp("serve")
    load_into_store(tmp / "store", build_graph([CORPUS_DIR]))
    args = ["--store", str(tmp / "store"), "--timeout", "1", "--max-rows", str(MAX_ROWS)]
    endpoint = start_server([*args, "--workers", "4"], tmp / "stderr.log")
    try:
        yield endpoint
    finally:
        code = stop_server(endpoint)
        log = endpoint.stderr.read_text(encoding="utf-8")
        assert code == 0, log
        assert "Traceback" not in log


def client(endpoint: Endpoint, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setTimeout(30)
    return sparql


def http(
    endpoint: Endpoint,
    body: bytes | None = None,
    content_type: str = "application/x-www-form-urlencoded",
    accept: str | None = None,
    query: dict[str, str] | None = None,
    path: str = "",
) -> tuple[int, str, bytes]:
    """A raw request: (status, content type, body)."""
    url = endpoint.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
    request = urllib.request.Request(url, data=body)
    if body is not None:
        request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


# ------------------------------------------------------------------------------------------------
# SELECT, ASK, CONSTRUCT with SPARQLWrapper
# ------------------------------------------------------------------------------------------------


def test_select_json(server: Endpoint) -> None:
    result = client(server, TOTAL_INCOME_000).queryAndConvert()
    assert isinstance(result, dict)
    (row,) = result["results"]["bindings"]
    assert row["amount"]["value"] == "6918800"
    assert row["amount"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert row["year"]["value"] == "2020"


def test_select_csv(server: Endpoint) -> None:
    sparql = client(server, TOTAL_INCOME_000, CSV)
    sparql.setMethod(POST)
    text = sparql.queryAndConvert()
    assert isinstance(text, bytes)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8"))))
    assert rows == [["amount", "year"], ["6918800", "2020"]]


def test_default_graph_is_the_union_and_graphs_are_named(
    server: Endpoint, graph_sizes: dict[str, int]
) -> None:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    result = client(server, query).queryAndConvert()
    assert isinstance(result, dict)
    counts = {r["g"]["value"]: int(r["n"]["value"]) for r in result["results"]["bindings"]}
    ontology = counts.pop(ONTOLOGY_GRAPH.value)
    assert ontology > 1000
    assert counts == graph_sizes
    query = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s a bkg:Disclosure }"
    result = client(server, query).queryAndConvert()
    assert isinstance(result, dict)
    assert result["results"]["bindings"][0]["n"]["value"] == "5"


def test_default_graph_holds_each_distinct_triple_once(server: Endpoint) -> None:
    # every one of the five offices is in Hebei: its region node is in all five graphs,
    # and the merged default graph still has it once (Oxigraph 0.5's union would say 25)
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        + PREFIXES
        + 'SELECT (COUNT(*) AS ?n) WHERE { ?r a bkg:Region ; rdfs:label "河北省"@zh }'
    )
    result = client(server, query).queryAndConvert()
    assert isinstance(result, dict)
    assert result["results"]["bindings"][0]["n"]["value"] == "1"
    build = build_graph([CORPUS_DIR])
    distinct = {(q.subject, q.predicate, q.object) for q in [*build.quads, *ontology_quads()]}
    result = client(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").queryAndConvert()
    assert isinstance(result, dict)
    assert int(result["results"]["bindings"][0]["n"]["value"]) == len(distinct)


def test_construct_turtle(server: Endpoint) -> None:
    query = PREFIXES + (
        "CONSTRUCT { ?d a bkg:Disclosure ; bkg:fiscalYear ?y } "
        "WHERE { ?d a bkg:Disclosure ; bkg:fiscalYear ?y }"
    )
    sparql = client(server, query, TURTLE)
    response = sparql.query()
    assert response.response.headers["Content-Type"].startswith("text/turtle")
    data = response.convert()
    assert isinstance(data, bytes)
    graph = rdflib.Graph().parse(data=data, format="turtle")
    years = sorted(
        str(y)
        for y in graph.objects(None, rdflib.URIRef("https://w3id.org/budgetkg/ontology#fiscalYear"))
    )
    assert len(years) == 5 and set(years) == {"2020", "2021"}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/json", "application/json"),
        (None, "application/sparql-results+json"),
    ],
)
def test_select_formats_by_content_negotiation(
    server: Endpoint, accept: str | None, expected: str
) -> None:
    status, ctype, body = http(server, query={"query": TOTAL_INCOME_000}, accept=accept)
    assert status == 200 and ctype.split(";")[0] == expected
    parsed = ox.parse_query_results(
        body,
        ox.QueryResultsFormat.from_media_type(ctype.split(";")[0]) or ox.QueryResultsFormat.JSON,
    )
    assert [str(s["amount"].value) for s in parsed] == ["6918800"]  # type: ignore[union-attr]


def test_ask_and_construct_n_triples(server: Endpoint) -> None:
    ask = PREFIXES + 'ASK { ?d bkg:sourceFile "003_a5307daa3fff78f9.txt" }'
    status, _, body = http(server, query={"query": ask})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, ctype, body = http(
        server,
        body=b"CONSTRUCT WHERE { ?s a <https://w3id.org/budgetkg/ontology#Disclosure> }",
        content_type="application/sparql-query",
        accept="application/n-triples",
    )
    assert status == 200 and ctype.startswith("application/n-triples")
    assert len(body.decode("utf-8").strip().splitlines()) == 5


# ------------------------------------------------------------------------------------------------
# Refusals
# ------------------------------------------------------------------------------------------------


def test_update_with_sparqlwrapper_is_refused(server: Endpoint) -> None:
    sparql = client(server, "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    sparql.setMethod(POST)
    assert sparql.isSparqlUpdateRequest()
    with pytest.raises(urllib.error.HTTPError) as info:
        sparql.query()
    assert info.value.code == 403
    assert b"read-only" in info.value.read()
    assert client(server, "ASK { <urn:x:a> ?p ?o }").queryAndConvert() == {
        "head": {},
        "boolean": False,
    }


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "application/sparql-update"),
        (b"update=DROP+ALL", "application/x-www-form-urlencoded"),
        (b"query=DELETE+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D", "application/x-www-form-urlencoded"),
        (b"PREFIX ex: <urn:x:>\n# a comment\nCLEAR ALL", "application/sparql-query"),
    ],
)
def test_every_kind_of_update_is_refused(server: Endpoint, body: bytes, content_type: str) -> None:
    status, _, message = http(server, body=body, content_type=content_type)
    assert status == 403 and b"read-only" in message


def test_service_is_refused(server: Endpoint) -> None:
    sparql = client(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(urllib.error.HTTPError) as info:
        sparql.query()
    assert info.value.code == 403
    assert b"SERVICE" in info.value.read()
    # the word inside a string literal is fine
    status, _, _ = http(server, query={"query": 'SELECT * WHERE { ?s ?p "SERVICE" }'})
    assert status == 200


@pytest.mark.parametrize(
    ("request_args", "status"),
    [
        ({"query": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),  # syntax error
        ({"query": {"default-graph-uri": "urn:x"}}, 400),  # no query
        ({"query": {"query": "ASK {}"}, "path": "/other"}, 404),
        ({"query": {"query": "ASK {}"}, "accept": "image/png"}, 406),
        ({"body": b"ASK {}", "content_type": "text/plain"}, 415),
    ],
)
def test_bad_requests(server: Endpoint, request_args: dict[str, Any], status: int) -> None:
    got, ctype, message = http(server, **request_args)
    assert got == status and ctype.startswith("text/plain") and message.strip()


# ------------------------------------------------------------------------------------------------
# Limits and concurrency
# ------------------------------------------------------------------------------------------------


def test_result_size_limit(server: Endpoint) -> None:
    rows = "SELECT * WHERE { ?s ?p ?o } LIMIT %d"
    status, _, body = http(
        server, query={"query": rows % MAX_ROWS}, accept="text/tab-separated-values"
    )
    assert status == 200 and body.count(b"\n") == MAX_ROWS + 1  # header + rows
    status, _, body = http(server, query={"query": rows % (MAX_ROWS + 1)})
    assert status == 413 and f"{MAX_ROWS} rows".encode() in body
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    status, _, body = http(server, query={"query": construct}, accept="text/turtle")
    assert status == 413


def test_slow_query_is_cut_off_and_the_server_still_answers(server: Endpoint) -> None:
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as info:
        client(server, SLOW).query()
    elapsed = time.monotonic() - started
    assert info.value.code == 503 and b"longer than 1 s" in info.value.read()
    assert 1.0 <= elapsed < 10.0
    result = client(server, TOTAL_INCOME_000).queryAndConvert()
    assert isinstance(result, dict)
    assert result["results"]["bindings"][0]["amount"]["value"] == "6918800"


def test_concurrent_clients_get_correct_answers(
    server: Endpoint, graph_sizes: dict[str, int]
) -> None:
    graphs = sorted(graph_sizes)

    def worker(number: int) -> list[bool]:
        answers = []
        for round_ in range(5):
            graph = graphs[(number + round_) % len(graphs)]
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            result = client(server, query).queryAndConvert()
            assert isinstance(result, dict)
            answers.append(
                int(result["results"]["bindings"][0]["n"]["value"]) == graph_sizes[graph]
            )
        return answers

    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(worker, n) for n in range(16)]
        results = [f.result(timeout=120) for f in futures]
    assert all(all(r) for r in results) and sum(len(r) for r in results) == 80


# ------------------------------------------------------------------------------------------------
# Serving a graph file; command-line errors
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".trig", ".ttl"])
def test_serving_a_graph_file(tmp_path: Path, graph_sizes: dict[str, int], suffix: str) -> None:
    graph_file = tmp_path / f"corpus{suffix}"
    build([CORPUS_DIR], graph_file)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    endpoint = start_server([str(graph_file), "--workers", "1"], tmp_path / "stderr.log", scratch)
    try:
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        result = client(endpoint, query).queryAndConvert()
        assert isinstance(result, dict)
        graphs = {r["g"]["value"] for r in result["results"]["bindings"]}
        # TriG keeps one graph per disclosure; Turtle's triples go to the file's graph
        data = set(graph_sizes) if suffix == ".trig" else {graph_file.resolve().as_uri()}
        assert graphs == data | {ONTOLOGY_GRAPH.value}
        result = client(endpoint, TOTAL_INCOME_000).queryAndConvert()
        assert isinstance(result, dict)
        assert result["results"]["bindings"][0]["amount"]["value"] == "6918800"
    finally:
        assert stop_server(endpoint) == 0
    log = (tmp_path / "stderr.log").read_text(encoding="utf-8")
    assert "stopped" in log and "Traceback" not in log
    assert not list(scratch.iterdir())  # the temporary store is removed


@pytest.mark.parametrize(
    "args",
    [
        [],  # neither a file nor a store
        ["graph.ttl", "--store", "store"],  # both
        ["--store", "."],  # not a store
        ["missing.ttl"],
    ],
)
def test_serve_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", *args, "--port", "0"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_serve_on_a_busy_port_exits_2(tmp_path: Path) -> None:
    graph = tmp_path / "000.nt"
    build([CORPUS_DIR / "000_b9b1c81c3101a224.txt"], graph)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = CliRunner().invoke(main, ["serve", str(graph), "--port", port, "--workers", "1"])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


# ------------------------------------------------------------------------------------------------
# The lexical checks, against Oxigraph's own parser
# ------------------------------------------------------------------------------------------------

_SERVICE_IRI = "<http://127.0.0.1:9/sparql>"  # port 9: Oxigraph refuses before any network use

SERVICE_QUERIES = [
    f"SELECT * WHERE {{ SERVICE {_SERVICE_IRI} {{ ?s ?p ?o }} }}",
    f"select * where {{ service silent {_SERVICE_IRI} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o SERVICE{_SERVICE_IRI}{{ ?a ?b ?c }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o.SERVICE{_SERVICE_IRI}{{ ?a ?b ?c }} }}",
    f"SELECT * WHERE {{ ?s ?p 1SERVICE{_SERVICE_IRI}{{ ?a ?b ?c }} }}",
    f"SELECT * WHERE {{ ?s ?p 1.SERVICE{_SERVICE_IRI}{{ ?a ?b ?c }} }}",
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?o||true)SERVICE{_SERVICE_IRI}{{?a ?b ?c}} }}",
    f'SELECT * WHERE {{ ?s ?p "x\\"" SERVICE {_SERVICE_IRI} {{ ?a ?b ?c }} }}',
    f"SELECT * WHERE {{ ?s ?p ?o # comment\n SERVICE {_SERVICE_IRI} {{ ?a ?b ?c }} }}",
    f"PREFIX ex: <urn:x:> SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ ?s ex:a\\# ?x }} "
    f"SERVICE {_SERVICE_IRI} {{ ?a ?b ?c }} }}",
]
ALLOWED_QUERIES = [
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c }" }',
    "SELECT * WHERE { ?s ?p '''it's a\nSERVICE''' }",
    "SELECT * WHERE { ?s ?p <http://example.org/SERVICE> }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/sparql> { }",
    "SELECT ?service ?SERVICE WHERE { ?service ?p ?SERVICE }",
    "PREFIX ex: <urn:x:> SELECT * WHERE { ?s ex:SERVICE ex:myService }",
    "PREFIX ex: <urn:x:> SELECT * WHERE { ?s ?p ?o FILTER(?o != ex:service) }",
    'SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "service")) }',
]


@pytest.fixture(scope="module")
def tiny_store() -> ox.Store:
    store = ox.Store()
    s, p = ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p")
    store.add(
        ox.Quad(
            s, p, ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        )
    )
    store.add(ox.Quad(s, p, ox.Literal('x"')))
    store.add(ox.Quad(s, p, ox.Literal("o")))
    return store


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_detection_matches_oxigraph(query: str, tiny_store: ox.Store) -> None:
    assert uses_service(query)
    if " silent " in query.lower():
        return  # SILENT: Oxigraph swallows the failure
    # and Oxigraph really reads a SERVICE call there
    with pytest.raises(OSError, match="port 9"):
        list(tiny_store.query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ALLOWED_QUERIES)
def test_service_word_elsewhere_is_allowed(query: str, tiny_store: ox.Store) -> None:
    assert not uses_service(query)
    list(tiny_store.query(query))  # type: ignore[arg-type]  # a valid query without SERVICE


def test_conservative_service_detection() -> None:
    # not valid SPARQL, or a name Oxigraph might split: refused rather than risked
    assert uses_service("PREFIX ex: <urn:x:> SELECT * WHERE { ?s ?p ex:a.SERVICE }")
    assert uses_service('SELECT * WHERE { ?s ?p "x"@en-service }')
    assert uses_service("SELECT * WHERE { ?s ?p trueSERVICE }")


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
        ("PREFIX ex: <urn:x:>\nBASE <http://x/>\n# comment\ndelete where { ?s ?p ?o }", "DELETE"),
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("LOAD <http://example.org/x.ttl>", "LOAD"),
        ("DROP ALL", "DROP"),
        ('SELECT * WHERE { ?s ?p "INSERT" }', None),
        ("PREFIX insert: <urn:x:> ASK { ?s insert:p ?o }", None),
        ("DESCRIBE <urn:x>", None),
    ],
)
def test_update_detection(text: str, keyword: str | None) -> None:
    assert update_operation(text) == keyword


def test_negotiation() -> None:
    assert negotiate(None, RESULT_TYPES) == "application/sparql-results+json"
    assert negotiate("text/csv", RESULT_TYPES) == "text/csv"
    assert negotiate("text/csv", GRAPH_TYPES) is None
    assert negotiate("text/*;q=0.9, application/sparql-results+xml", RESULT_TYPES) == (
        "application/sparql-results+xml"
    )
    assert negotiate("application/n-triples;q=1, text/turtle;q=0.5", GRAPH_TYPES) == (
        "application/n-triples"
    )
    assert negotiate("*/*", GRAPH_TYPES) == "text/turtle"
