"""The pool of killable worker processes, each with the store open read-only.

Workers start with ``forkserver`` where available, else ``spawn``, and import
:func:`_worker_main` from this module.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import signal
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .formats import Answer, Job, error, execute


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
            answer = error(500, f"internal error: {type(exc).__name__}: {exc}")
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
            self._ctx.set_forkserver_preload([__name__])  # this module: the workers' entry point
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
            return error(503, "all query workers are busy; try again", ("Retry-After", "5"))
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                return error(503, f"query cancelled: it ran longer than {timeout:g} s")
            answer: Answer = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            return error(500, f"query worker failed: {exc}")
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
