"""The benchmark's stages, each measured in a fresh Python process.

``python benchmarks/stages.py STAGE PARAMS_JSON EVENTS_FILE`` runs one stage (a function of
:data:`STAGES` or :data:`baseline.STAGES`) and appends JSON lines to ``EVENTS_FILE``: a ``mark``
when a measured operation starts, ``partial`` results as they become known (one per query) and
the final ``result``.  A stage times its own operation (imports and interpreter start-up are
not counted); :func:`run_stage` starts it, samples the memory of its process tree (the build's
and the validator's worker processes included), enforces a time budget and a memory limit, and
keeps what a killed stage had reported.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: a query is repeated until it has run ``repeats`` times or has used this many seconds
QUERY_TIME_CAP_S = 30.0
#: a query slower than this misses the issue's latency target
SLOW_QUERY_S = 1.0

Json = dict[str, Any]


class Recorder:
    """Appends the events of one stage to its events file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _write(self, event: Json) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(event, ensure_ascii=False) + "\n")

    def mark(self, name: str) -> None:
        """A measured operation starts now."""
        self._write({"mark": name, "t": time.time()})

    def partial(self, key: str, name: str, value: Json) -> None:
        self._write({"partial": key, "name": name, "value": value})

    def result(self, value: Json) -> None:
        self._write({"result": value})


def maxrss_mib(ru_maxrss: int) -> float:
    """``ru_maxrss`` in MiB (it is KiB on Linux, bytes on macOS)."""
    return ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def own_rusage_mib() -> Json:
    """Peak RSS of this process and of its waited-for descendants (Linux: KiB → MiB)."""
    own = maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    kids = maxrss_mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"self_maxrss_mib": round(own, 1), "children_maxrss_mib": round(kids, 1)}


def corpus_files(corpus: str) -> list[Path]:
    return sorted(Path(corpus).glob("*.txt"))


def tree_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------------
# budgetkg's stages
# ---------------------------------------------------------------------------------------------


def stage_ingest(params: Json, rec: Recorder) -> Json:
    """read_any + parse_source over every file, in this process (one core); mapping timed apart."""
    from budgetkg.parse.disclosure import parse_source
    from budgetkg.rdf.mapping import disclosure_graph
    from budgetkg.readers import read_any

    files = corpus_files(params["corpus"])
    read_s = parse_s = map_s = 0.0
    warnings = triples = 0
    rec.mark("ingest+parse")
    for path in files:
        t0 = time.perf_counter()
        source = read_any(path)
        t1 = time.perf_counter()
        d = parse_source(source)
        t2 = time.perf_counter()
        graph = disclosure_graph(d)
        t3 = time.perf_counter()
        read_s, parse_s, map_s = read_s + t1 - t0, parse_s + t2 - t1, map_s + t3 - t2
        warnings += sum(1 for x in d.diagnostics if x.severity != "info")
        triples += len(graph.distinct())
    seconds = read_s + parse_s
    return {
        "seconds": seconds,
        "documents": len(files),
        "docs_per_s": len(files) / seconds,
        "ms_per_doc": 1000 * seconds / len(files),
        "read_s": read_s,
        "parse_s": parse_s,
        "map_s": map_s,
        "map_ms_per_doc": 1000 * map_s / len(files),
        "warnings": warnings,
        "triples": triples,
    }


def stage_build(params: Json, rec: Recorder) -> Json:
    """``build(files, output=… or store=…, jobs=J)``."""
    from budgetkg.build import build

    files = corpus_files(params["corpus"])
    target = Path(params["target"])
    is_store = params["kind"] == "store"
    rec.mark("build")
    t0 = time.perf_counter()
    summary = build(
        files,
        output=None if is_store else target,
        store=target if is_store else None,
        jobs=params["jobs"],
    )
    seconds = time.perf_counter() - t0
    size = tree_bytes(target)
    return {
        "seconds": seconds,
        "documents": summary.documents,
        "triples": summary.triples,
        "triples_per_s": summary.triples / seconds,
        "docs_per_s": summary.documents / seconds,
        "bytes": size,
        "store_quads": summary.store.quads if summary.store is not None else None,
        "store_unchanged": summary.store.unchanged if summary.store is not None else None,
        "failures": len(summary.failures),
        "warnings": summary.warnings,
    }


def stage_validate(params: Json, rec: Recorder) -> Json:
    """``validate(N.nq, jobs=J)``: the fast engine, streaming the N-Quads file in parallel."""
    from budgetkg.validate import validate

    rec.mark("validate")
    t0 = time.perf_counter()
    report = validate(Path(params["source"]), jobs=params["jobs"])
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "triples": report.triples,
        "triples_per_s": report.triples / seconds,
        "documents": len(report.documents),
        "results": len(report.results),
        "by_severity": report.counts,
    }


def time_query(run: Callable[[], int], repeats: int) -> Json:
    """Run a query up to ``repeats`` times (fewer once it has used QUERY_TIME_CAP_S)."""
    times: list[float] = []
    rows = 0
    while len(times) < repeats and (not times or sum(times) < QUERY_TIME_CAP_S):
        t0 = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    return {"rows": rows, "median_s": median, "times_s": times, "slow": median > SLOW_QUERY_S}


def finish_queries(queries: dict[str, Json], load_s: float) -> Json:
    seconds = sum(q["median_s"] for q in queries.values())
    slow = sorted(name for name, q in queries.items() if q["slow"])
    lower = any(q.get("lower_bound") for q in queries.values())
    return {"seconds": seconds, "lower_bound": lower, "load_s": load_s, "queries": queries,
            "slow": slow}  # fmt: skip


def stage_queries(params: Json, rec: Recorder) -> Json:
    """Every library query against the store, default parameters, median of the repeats."""
    from budgetkg.query import NamedQuery, library, run_query
    from budgetkg.store import open_store

    t0 = time.perf_counter()
    store = open_store(Path(params["store"]), read_only=True)
    load_s = time.perf_counter() - t0
    queries: dict[str, Json] = {}
    for q in library():
        if q.name in params.get("skip", ()):
            continue

        def run(q: NamedQuery = q) -> int:
            return len(run_query(store, q).rows)

        rec.mark(f"query:{q.name}")
        queries[q.name] = time_query(run, params["repeats"])
        rec.partial("queries", q.name, queries[q.name])
    return finish_queries(queries, load_s)


STAGES: dict[str, Callable[[Json, Recorder], Json]] = {
    "ingest+parse": stage_ingest,
    "build": stage_build,
    "validate": stage_validate,
    "queries": stage_queries,
}


# ---------------------------------------------------------------------------------------------
# Running a stage in its own process
# ---------------------------------------------------------------------------------------------


def _descendants(root: int) -> list[int]:
    """``root`` and its living descendants (from /proc; empty where there is none)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, VmHWM) of ``pid`` in KiB; zeros once it is gone.

    PSS (proportional set size) counts a page shared by n processes as 1/n in each, so the
    sum over a tree of forked processes is its real footprint (VmRSS if PSS is unavailable).
    """
    rss = hwm = pss = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
                break
    except OSError:
        pass
    return pss or rss, hwm


@dataclass
class _Sampler:
    root: int
    peak_tree_kib: int = 0
    peak_one_kib: int = 0
    processes: set[int] = field(default_factory=set)

    def sample(self) -> None:
        total = 0
        for pid in _descendants(self.root):
            rss, hwm = _memory_kib(pid)
            total += rss
            self.peak_one_kib = max(self.peak_one_kib, hwm)
            self.processes.add(pid)
        self.peak_tree_kib = max(self.peak_tree_kib, total)


def _read_events(path: Path) -> tuple[dict[str, float], dict[str, dict[str, Json]], Json | None]:
    marks: dict[str, float] = {}
    partial: dict[str, dict[str, Json]] = {}
    result: Json | None = None
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            if "mark" in event:
                marks[event["mark"]] = event["t"]
            elif "partial" in event:
                partial.setdefault(event["partial"], {})[event["name"]] = event["value"]
            elif "result" in event:
                result = event["result"]
    return marks, partial, result


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def speed_probe(additions: int = 2_000_000) -> float:
    """Seconds for ``additions`` integer additions in a Python loop, scaled to 10⁷: the
    machine's speed just before a stage (it varies by up to ~1.7× during the day here, so a
    stage's time is read next to it).  ~0.2–0.35 s."""
    start = time.perf_counter()
    total = 0
    for i in range(additions):
        total += i
    return (time.perf_counter() - start) * 10_000_000 / additions


def run_stage(
    stage: str,
    params: Json,
    logs: Path,
    budget_s: float,
    max_rss_mib: float,
    mark_budget_s: float | None = None,
    interval: float = 0.2,
) -> Json:
    """Run ``stage`` in a fresh process; its result with status, peak RSS and load averages.

    ``status`` is ``ok``, ``over budget`` (killed after ``budget_s``, or ``mark_budget_s`` after
    its latest mark: ``seconds`` is then a lower bound — the time since the measured operation
    started plus what finished before it — and ``killed_in`` names the operation),
    ``over memory`` (the process tree's RSS above ``max_rss_mib``) or ``failed``.
    """
    logs.mkdir(parents=True, exist_ok=True)
    slug = f"{params.get('label', stage)}".replace("/", "_").replace(" ", "_")
    events, log = logs / f"{slug}.events.jsonl", logs / f"{slug}.log"
    events.unlink(missing_ok=True)
    load_before = os.getloadavg()
    speed_before = speed_probe()
    script = str(Path(__file__).resolve())
    command = [sys.executable, script, stage, json.dumps(params), str(events)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                start_new_session=True)  # fmt: skip
    start = time.monotonic()
    sampler = _Sampler(proc.pid)
    killed: str | None = None
    killed_at = 0.0
    checked = start
    while True:
        pid, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        sampler.sample()
        now = time.monotonic()
        if now - start > budget_s:
            killed = "over budget"
        elif sampler.peak_tree_kib / 1024 > max_rss_mib:
            killed = "over memory"
        elif mark_budget_s is not None and now - checked >= 1.0:
            checked = now
            marks = _read_events(events)[0]
            if marks and time.time() - max(marks.values()) > mark_budget_s:
                killed = "over budget"
        if killed is not None:
            killed_at = time.time()
            os.killpg(proc.pid, signal.SIGKILL)  # the stage's own process group
            pid, wait_status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(interval)
    proc.returncode = os.waitstatus_to_exitcode(wait_status)
    wall = time.monotonic() - start
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # a pool's server outliving its parent, if any
    marks, partial, result = _read_events(events)
    record: Json = {"stage": stage, "status": "ok", "wall_s": wall}
    if killed is not None:
        first = min(marks.values()) if marks else killed_at - wall
        last = max(marks.values()) if marks else first
        seconds = killed_at - first  # since the measured operation started
        if "queries" in partial or any(m.startswith("query:") for m in marks):
            seconds = (
                killed_at - last + sum(q["median_s"] for q in partial.get("queries", {}).values())
            )
        record.update(status=killed, seconds=seconds, lower_bound=True, partial=partial)
        record["running_s"] = killed_at - last
        record["killed_in"] = max(marks, key=lambda k: marks[k]) if marks else None
    elif proc.returncode != 0 or result is None:
        record.update(status="failed", error=_tail(log), partial=partial)
    else:
        record.update(result)
    ru_mib = maxrss_mib(usage.ru_maxrss)
    record["peak_rss_mib"] = round(max(ru_mib, sampler.peak_one_kib / 1024), 1)
    record["peak_tree_rss_mib"] = round(
        max(sampler.peak_tree_kib / 1024, record["peak_rss_mib"]), 1
    )
    record["processes"] = len(sampler.processes)
    record["load_before"] = [round(x, 2) for x in load_before]
    record["speed_probe_s"] = round(speed_before, 3)
    record["load_after"] = [round(x, 2) for x in os.getloadavg()]
    record["log"] = str(log)
    return record


def main(argv: list[str]) -> int:
    stage, params, events = argv[0], json.loads(argv[1]), Path(argv[2])
    if stage in STAGES:
        function = STAGES[stage]
    else:
        import baseline

        function = baseline.STAGES[stage]
    rec = Recorder(events)
    result = function(params, rec)
    result.update(own_rusage_mib())
    rec.result(result)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main(sys.argv[1:]))
