"""The HTTP front end: the SPARQL 1.1 Protocol request handler and server."""

from __future__ import annotations

from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .formats import GRAPH_TYPES, RESULT_TYPES, Answer, Job, error, negotiate, not_acceptable
from .safety import update_operation, uses_service
from .workers import WorkerPool

PATH = "/sparql"
MAX_REQUEST_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float = 10.0  # seconds a query may run
    max_rows: int = 10_000  # solutions or triples
    max_bytes: int = 64 << 20  # serialised result
    queue_wait: float = 30.0  # seconds a request may wait for a free worker


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "budgetkg-sparql"
    timeout = 60  # idle keep-alive connections

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path not in (PATH, PATH + "/"):
            return self._send(error(404, f"not found: the endpoint is {PATH}"))
        self._answer(parse_qs(url.query, keep_blank_values=True))

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in (PATH, PATH + "/"):
            return self._send(error(404, f"not found: the endpoint is {PATH}"))
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            return self._send(error(411, "POST needs a Content-Length"))
        if int(length) > MAX_REQUEST_BYTES:
            self.close_connection = True
            return self._send(error(413, f"request body over {MAX_REQUEST_BYTES} bytes"))
        body = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._send(error(400, "the request body is not UTF-8"))
        if ctype == "application/sparql-update":
            return self._send(error(403, "this endpoint is read-only: updates are not accepted"))
        if ctype == "application/x-www-form-urlencoded":
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif ctype == "application/sparql-query":
            params.setdefault("query", []).append(text)
        else:
            return self._send(
                error(415, "POST application/sparql-query or application/x-www-form-urlencoded")
            )
        self._answer(params)

    def _method_not_allowed(self) -> None:
        self._send(error(405, "use GET or POST", ("Allow", "GET, POST")))

    do_PUT = do_DELETE = do_PATCH = _method_not_allowed

    def _answer(self, params: dict[str, list[str]]) -> None:
        self._send(self.server.answer(params, self.headers.get("Accept")))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Vary", "Accept")
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; :meth:`answer` applies the protocol and the policy."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # listen backlog (socketserver's default of 5 resets bursts)

    def __init__(self, address: tuple[str, int], pool: WorkerPool, limits: Limits) -> None:
        super().__init__(address, _Handler)
        self.pool, self.limits = pool, limits

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = str(host)
        return f"http://{f'[{host}]' if ':' in host else host}:{port}{PATH}"

    def answer(self, params: dict[str, list[str]], accept: str | None) -> Answer:
        if "update" in params:
            return error(403, "this endpoint is read-only: updates are not accepted")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return error(400, "give exactly one non-empty 'query' parameter (SPARQL 1.1 Protocol)")
        query = queries[0]
        keyword = update_operation(query)
        if keyword:
            return error(403, f"this endpoint is read-only: {keyword} updates are not accepted")
        if uses_service(query):
            return error(403, "SERVICE (federated query) is disabled on this endpoint")
        job = Job(
            query,
            negotiate(accept, RESULT_TYPES),
            negotiate(accept, GRAPH_TYPES),
            tuple(params.get("default-graph-uri", [])),
            tuple(params.get("named-graph-uri", [])),
            self.limits.max_rows,
            self.limits.max_bytes,
        )
        if job.results_type is None and job.graph_type is None:
            return not_acceptable("results or graphs", RESULT_TYPES + GRAPH_TYPES)
        return self.pool.run(job, self.limits.timeout, self.limits.queue_wait)
