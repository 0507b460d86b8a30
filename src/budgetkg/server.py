"""A read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` (``budgetkg serve``).

Design
------
* **Front end**: :class:`http.server.ThreadingHTTPServer`, one thread per
  connection; it parses the request, refuses what is not allowed, negotiates the
  result format and hands the query to the worker pool.
* **Workers**: ``--workers`` processes (``forkserver`` start method where
  available, else ``spawn``), each with the store opened **read-only**.  A query
  runs in one worker; the front-end thread waits for the answer at most
  ``--timeout`` seconds.  Oxigraph cannot interrupt a running query, so on
  timeout the worker process is killed (SIGKILL) and a fresh one is started in
  the background; the client gets ``503``.  A request first waits for an idle
  worker, at most :attr:`Limits.queue_wait` (30 s): ``503`` with ``Retry-After``.
* **Result-size limit**: results are first written as SPARQL TSV (one solution
  per line) or N-Triples (one triple per line) through a writer that stops the
  serialisation after ``--max-rows`` rows or ``--max-bytes`` bytes; such a query
  is refused with ``413`` and a message (never a silently truncated answer).
  The bounded TSV / N-Triples is then converted to the negotiated format.
* **Serving copy**: the workers read a temporary on-disk store (removed at
  shutdown) holding the named graphs *and*, as its default graph, their RDF
  merge: every distinct triple once.  Oxigraph 0.5.13's
  ``use_default_graph_as_union`` returns a triple once *per graph* holding it
  (oxigraph/oxigraph#1919, fixed upstream by #1920, unreleased), which would
  inflate COUNT and SUM over shared nodes (regions, documents, departments).
  For ``--store`` the copy is a RocksDB checkpoint (hard links on the same file
  system) plus the merged default graph; a graph file is loaded into it with the
  ontology.  One preparation shared by all workers, and fast worker restarts.

Refusals: updates (form field ``update=``, ``application/sparql-update``, or an
update operation as the query text) and ``SERVICE`` → ``403``; malformed
requests and queries → ``400``; unknown path → ``404``; nothing acceptable in
``Accept`` → ``406``; request body over 1 MiB → ``413``; other POST content
types → ``415``.  The default graph is the merge of all graphs unless the
request names ``default-graph-uri`` (or the query ``FROM``); with several of
them Oxigraph's bug above applies again: a triple in two of them counts twice.
``named-graph-uri`` (or ``FROM NAMED``) restricts ``GRAPH``.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import multiprocessing as mp
import queue
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .errors import InputError, UsageError
from .rdf.terms import PREFIXES
from .store import load_graph_file, ontology_quads, open_store

PATH = "/sparql"
MAX_REQUEST_BYTES = 1 << 20
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
#: first keywords of SPARQL 1.1 Update operations
_UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)


# ------------------------------------------------------------------------------------------------
# Lexical checks: SERVICE and updates, outside strings, IRIs and comments
# ------------------------------------------------------------------------------------------------

_LEXER = re.compile(
    r"""
    (?P<skip>
        \#[^\r\n]*                                       # comment
      | '''(?:[^'\\]|\\.|'(?!''))*'''                    # long strings
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\r\n]|\\.)*'                            # short strings
      | "(?:[^"\\\r\n]|\\.)*"
      | <(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>   # IRI
    )
  | (?P<name>[?$]?(?:[\w.:%\u00B7\u0300-\u036F\u203F\u2040-]|\\.)+)  # keywords, names, numbers
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_VARIABLE = re.compile(r"[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*")


def _names(query: str) -> Iterator[str]:
    """Keyword-like tokens of ``query``, with strings, IRIs and comments left out.

    A ``<`` that does not open a valid IRI reference is read as an operator, so
    an expression such as ``?a<?b`` is not taken for an IRI.
    """
    for match in _LEXER.finditer(query):
        if match.lastgroup == "name":
            yield match.group()


def _could_be_service(token: str) -> bool:
    """Whether the parser might read the SERVICE keyword somewhere in ``token``.

    Conservative: only a variable, or the part of a prefixed name or blank-node
    label between its colon and its first dot (``ex:SERVICE``), is known to
    be a name; anything else containing "service" counts (``1SERVICE`` and
    ``?o.SERVICE`` are a number or variable followed by the keyword, and
    ``SERVICE:x`` is the keyword followed by a name to Oxigraph's parser).
    """
    if token[0] in "?$":
        rest = token[_VARIABLE.match(token).end() :]  # type: ignore[union-attr]
        return bool(rest) and _could_be_service(rest)
    if "service" not in token.lower():
        return False
    prefix, colon, local = token.partition(":")
    if not colon or "service" in prefix.lower():
        return True
    return "service" in local.partition(".")[2].lower()


def uses_service(query: str) -> bool:
    """Whether ``query`` may contain a ``SERVICE`` clause (federated query)."""
    return any(_could_be_service(token) for token in _names(query))


def update_operation(query: str) -> str | None:
    """The update keyword (``INSERT``, ``DROP``, …) when ``query`` is an update request."""
    for token in _names(query):
        word = token.lower()
        if word in {"base", "prefix"} or ":" in word:
            continue
        return token.upper() if word in _UPDATE_KEYWORDS else None
    return None


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
# Worker processes
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


def _error(status: int, message: str, *headers: tuple[str, str]) -> Answer:
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
    return _error(413, f"result larger than the limit of {limit}: add a LIMIT or narrow the query")


def execute(store: ox.Store, job: Job) -> Answer:
    """Run ``job`` on ``store`` (in a worker process) and serialise the answer."""
    try:
        result = store.query(
            job.query,
            # the serving store's default graph is the merge of all graphs (see above)
            default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
        )
    except SyntaxError as exc:
        return _error(400, f"query syntax error: {exc}")
    except ValueError as exc:  # e.g. an invalid default-graph-uri
        return _error(400, f"bad request: {exc}")
    except OSError as exc:
        return _error(500, f"query failed: {exc}")
    try:
        if isinstance(result, ox.QueryTriples):
            return _graph_answer(result, job)
        if job.results_type is None:
            return _not_acceptable("results", RESULT_TYPES)
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
        return _error(500, f"query evaluation failed: {exc}")


def _graph_answer(result: ox.QueryTriples, job: Job) -> Answer:
    if job.graph_type is None:
        return _not_acceptable("graphs", GRAPH_TYPES)
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


def _not_acceptable(kind: str, offers: list[tuple[str, Any]]) -> Answer:
    types = ", ".join(media for media, _ in offers)
    return _error(406, f"none of the Accept header's types is available for {kind}: {types}")


def _worker_main(conn: Connection, store_dir: str) -> None:  # pragma: no cover (subprocess)
    """Worker process: open the store read-only, then answer jobs until EOF or None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    try:
        store = ox.Store.read_only(store_dir)
    except OSError as exc:
        conn.send(str(exc))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = execute(store, job)
        except Exception as exc:  # a bug: answer 500, keep the worker
            answer = _error(500, f"internal error: {type(exc).__name__}: {exc}")
        conn.send(answer)


class _Worker:
    def __init__(self, process: Any, conn: Connection) -> None:
        self.process, self.conn = process, conn

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes with the store open read-only; one query at a time each."""

    def __init__(self, store_dir: Path, size: int, start_timeout: float = 60.0) -> None:
        methods = mp.get_all_start_methods()
        self._ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self._ctx.set_forkserver_preload(["budgetkg.server"])
        self._store_dir = str(store_dir)
        self._start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        try:
            for _ in range(max(1, size)):
                self._idle.put(self._start())
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, self._store_dir), daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        try:
            hello = parent.recv() if parent.poll(self._start_timeout) else "no answer"
        except (EOFError, OSError):
            hello = "worker exited"
        if hello != "ready":
            self._discard(worker)
            raise RuntimeError(f"query worker could not open {self._store_dir}: {hello}")
        return worker

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        self._discard(worker)

        def restart() -> None:
            if self._closed:
                return
            try:
                fresh = self._start()
            except Exception as exc:  # the pool shrinks; requests then wait or get 503
                print(f"budgetkg serve: {exc}", file=sys.stderr)
                return
            if self._closed:
                self._discard(fresh)
            else:
                self._idle.put(fresh)

        threading.Thread(target=restart, name="worker-restart", daemon=True).start()

    def run(self, job: Job, timeout: float, wait: float) -> Answer:
        """Answer ``job`` in a worker.

        503 when no worker gets free within ``wait`` seconds or the query runs
        longer than ``timeout`` seconds (its worker is then killed and replaced).
        """
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            return _error(503, "all query workers are busy; try again", ("Retry-After", "5"))
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                return _error(503, f"query cancelled: it ran longer than {timeout:g} s")
            answer: Answer = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            return _error(500, f"query worker failed: {exc}")
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


# ------------------------------------------------------------------------------------------------
# HTTP front end
# ------------------------------------------------------------------------------------------------


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
            return self._send(_error(404, f"not found: the endpoint is {PATH}"))
        self._answer(parse_qs(url.query, keep_blank_values=True))

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in (PATH, PATH + "/"):
            return self._send(_error(404, f"not found: the endpoint is {PATH}"))
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            return self._send(_error(411, "POST needs a Content-Length"))
        if int(length) > MAX_REQUEST_BYTES:
            self.close_connection = True
            return self._send(_error(413, f"request body over {MAX_REQUEST_BYTES} bytes"))
        body = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._send(_error(400, "the request body is not UTF-8"))
        if ctype == "application/sparql-update":
            return self._send(_error(403, "this endpoint is read-only: updates are not accepted"))
        if ctype == "application/x-www-form-urlencoded":
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif ctype == "application/sparql-query":
            params.setdefault("query", []).append(text)
        else:
            return self._send(
                _error(415, "POST application/sparql-query or application/x-www-form-urlencoded")
            )
        self._answer(params)

    def _method_not_allowed(self) -> None:
        self._send(_error(405, "use GET or POST", ("Allow", "GET, POST")))

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
            return _error(403, "this endpoint is read-only: updates are not accepted")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return _error(400, "give exactly one non-empty 'query' parameter (SPARQL 1.1 Protocol)")
        query = queries[0]
        keyword = update_operation(query)
        if keyword:
            return _error(403, f"this endpoint is read-only: {keyword} updates are not accepted")
        if uses_service(query):
            return _error(403, "SERVICE (federated query) is disabled on this endpoint")
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
            return _not_acceptable("results or graphs", RESULT_TYPES + GRAPH_TYPES)
        return self.pool.run(job, self.limits.timeout, self.limits.queue_wait)


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


@contextlib.contextmanager
def endpoint(
    source: Path | None = None,
    *,
    store: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    workers: int = 4,
    limits: Limits | None = None,
) -> Iterator[SparqlServer]:
    """A bound (not yet serving) endpoint over a graph file or a store directory."""
    if (source is None) == (store is None):
        raise ValueError("give either a graph file or a store directory")
    scratch = Path(tempfile.mkdtemp(prefix="budgetkg-serve-"))
    pool: WorkerPool | None = None
    try:
        try:
            prepare_serving_store(scratch / "store", source, store)
        except OSError as exc:
            raise InputError(
                str(source or store), f"cannot prepare it for serving: {exc}"
            ) from None
        pool = WorkerPool(scratch / "store", workers)
        try:
            server = SparqlServer((host, port), pool, limits or Limits())
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        try:
            yield server
        finally:
            server.server_close()
    finally:
        if pool is not None:
            pool.close()
        shutil.rmtree(scratch, ignore_errors=True)


def serve_forever(server: SparqlServer, ready: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl-C (SIGINT) or SIGTERM; both end it cleanly."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        # SIGINT too: a shell starting us in the background sets it to "ignore"
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, stop)
    try:
        if ready is not None:
            ready(server.url)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
