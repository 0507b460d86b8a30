"""Start, serve and stop an endpoint: serving copy, worker pool and HTTP server."""

from __future__ import annotations

import contextlib
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from .http import Limits, SparqlServer
from .serving import prepare_serving_store
from .workers import WorkerPool


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
