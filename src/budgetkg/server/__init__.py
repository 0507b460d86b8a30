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

Modules, lowest layer first: :mod:`.safety` (SERVICE and update detection),
:mod:`.formats` (content negotiation, serialisation within the result-size limits),
:mod:`.workers` (the process pool), :mod:`.serving` (the serving copy),
:mod:`.http` (the protocol front end) and :mod:`.run` (start, serve, stop).
"""

from __future__ import annotations

from .formats import GRAPH_TYPES, RESULT_TYPES, Answer, Job, execute, negotiate
from .http import MAX_REQUEST_BYTES, PATH, Limits, SparqlServer
from .run import endpoint, serve_forever
from .safety import update_operation, uses_service
from .serving import prepare_serving_store
from .workers import WorkerPool

__all__ = [
    "GRAPH_TYPES",
    "MAX_REQUEST_BYTES",
    "PATH",
    "RESULT_TYPES",
    "Answer",
    "Job",
    "Limits",
    "SparqlServer",
    "WorkerPool",
    "endpoint",
    "execute",
    "negotiate",
    "prepare_serving_store",
    "serve_forever",
    "update_operation",
    "uses_service",
]
