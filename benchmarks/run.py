"""The province-scale benchmark (issue 9): budgetkg's stages and the rdflib/pyshacl baseline.

    python benchmarks/run.py --docs 100 --docs 1000 --out benchmarks/results/results-1000.json
    python benchmarks/run.py --docs 10000 --baseline-max 0 --include results-1000.json --out …

For each N the synthetic corpus (``generate.py``; cached in ``--workdir`` by N and seed) is
measured stage by stage, each stage in a fresh process (:mod:`stages`) so that its peak RSS —
worker processes included — is its own:

* ingest+parse: ``read_any`` + ``parse_source``, in-process, one core (mapping timed apart);
* build-nq / build-ttl / build-store: ``build(files, output=N.nq | N.ttl | store=DIR, jobs=J)``;
* rebuild-store: the same build into the store built before (the corpus unchanged: a user's
  yearly rebuild when few files changed), after the queries;
* validate: ``validate(N.nq, jobs=J)``;
* queries: every library query against the store, default parameters, median of R runs.

For N ≤ ``--baseline-max`` the same corpus goes through the baseline (:mod:`baseline`), each
baseline stage under a time budget (``--budget``; a stage over it is killed and its time is a
lower bound).  Ratios are baseline time / budgetkg time; the total compares build (N-Quads) +
validate + all queries, with budgetkg's store build added to its side (a second full build, so
budgetkg's total is an upper bound).  Growth ratios compare each stage's time between
successive N (and those of ``--include``d result files).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from stages import ROOT, Json, run_stage  # noqa: E402

from budgetkg.query import library  # noqa: E402

STAGES = (
    "ingest+parse", "build-nq", "build-ttl", "build-store", "validate", "queries", "rebuild-store"
)  # fmt: skip
BASELINE_STAGES = ("build-nq", "build-ttl", "build-store", "validate", "queries")
#: the stages summed in the total ratio, per side (the baseline's build fills its "store")
TOTAL = {
    "budgetkg": ("build-nq", "build-store", "validate", "queries"),
    "baseline": ("build-nq", "validate", "queries"),
}


def machine_info() -> Json:
    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        except OSError:
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    memory = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        first = meminfo.read_text().splitlines()[0].split()  # MemTotal: N kB
        memory = round(int(first[1]) / 1024 / 1024, 1)
    status = git("status", "--porcelain")
    return {
        "cpu_count": os.cpu_count(),
        "memory_gib": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {p: version(p) for p in ("budgetkg", "pyoxigraph", "rdflib", "pyshacl")},
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": bool(status) if status is not None else None,
        "git_status": status.splitlines() if status else [],
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def ensure_corpus(workdir: Path, n: int, seed: int) -> tuple[Path, Json]:
    """The corpus of ``n`` documents (generated once, then reused)."""
    directory = workdir / "corpus" / f"seed{seed}-n{n}"
    marker = directory / ".complete"
    if marker.exists() and marker.read_text().strip() == str(n):
        return directory, {"cached": True}
    shutil.rmtree(directory, ignore_errors=True)
    start = time.perf_counter()
    paths = generate.generate(n, directory, seed)
    seconds = time.perf_counter() - start
    marker.write_text(str(n))
    return directory, {"cached": False, "generate_s": seconds, "files": len(paths)}


def _clear(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def measure(n: int, args: argparse.Namespace) -> Json:
    """Every stage (and the baseline's, if N is small enough) for one corpus size."""
    corpus, corpus_info = ensure_corpus(args.workdir, n, args.seed)
    out = args.workdir / f"n{n}"
    out.mkdir(parents=True, exist_ok=True)
    logs = out / "logs"
    nq, ttl, store = out / f"{n}.nq", out / f"{n}.ttl", out / f"{n}.store"
    for path in (nq, ttl, store):
        _clear(path)
    common = {"corpus": str(corpus), "jobs": args.jobs}
    plan: list[tuple[str, str, Json]] = [
        ("ingest+parse", "ingest+parse", {"corpus": str(corpus)}),
        ("build-nq", "build", {**common, "kind": "nq", "target": str(nq)}),
        ("build-ttl", "build", {**common, "kind": "ttl", "target": str(ttl)}),
        ("build-store", "build", {**common, "kind": "store", "target": str(store)}),
        ("validate", "validate", {"source": str(nq), "jobs": args.jobs}),
        ("queries", "queries", {"store": str(store), "repeats": args.repeats}),
        ("rebuild-store", "build", {**common, "kind": "store", "target": str(store)}),
    ]
    needs = {"validate": "build-nq", "queries": "build-store", "rebuild-store": "build-store"}
    stages: dict[str, Json] = {}
    for name, stage, params in plan:
        if name == "queries":
            stages[name] = run_queries(params, stages, logs, args, n)
        else:
            stages[name] = _run(name, stage, params, needs.get(name), stages, logs, args, n)
    run: Json = {"docs": n, "corpus": corpus_info, "stages": stages}
    if n <= args.baseline_max:
        run["baseline"] = measure_baseline(n, corpus, out, nq, stages, args)
        run["ratios"] = ratios(stages, run["baseline"])
    if not args.keep_outputs:
        for path in (nq, ttl, store, out / "baseline.nq", out / "baseline.ttl"):
            _clear(path)
    return run


def _run(
    name: str,
    stage: str,
    params: Json,
    needs: str | None,
    done: dict[str, Json],
    logs: Path,
    args: argparse.Namespace,
    n: int,
    budget: float | None = None,
    prefix: str = "",
    mark_budget: float | None = None,
) -> Json:
    if needs is not None and done[needs]["status"] != "ok":
        return {"stage": stage, "status": f"skipped ({needs} {done[needs]['status']})"}
    label = f"{prefix}{name}"
    print(f"  N={n:<6} {label:<22}", end="", flush=True)
    record = run_stage(
        stage,
        {**params, "label": label},
        logs,
        budget if budget is not None else args.stage_budget,
        args.max_rss_gib * 1024,
        mark_budget,
    )
    lower = "> " if record.get("lower_bound") else ""
    seconds = record.get("seconds")
    shown = f"{lower}{seconds:.2f} s" if isinstance(seconds, float) else "-"
    print(f" {shown:>12}  {record['status']}  (load {record['load_before'][0]:.1f}, "
          f"speed probe {record['speed_probe_s']:.2f} s)", flush=True)  # fmt: skip
    return record


def run_queries(
    params: Json, done: dict[str, Json], logs: Path, args: argparse.Namespace, n: int
) -> Json:
    """budgetkg's query stage; a query over ``--query-budget`` is recorded as a lower bound and
    the stage restarted without it, so that one slow query does not hide the others."""
    queries: dict[str, Json] = {}
    records: list[Json] = []
    started = time.monotonic()
    while True:
        remaining = args.stage_budget - (time.monotonic() - started)
        params = {**params, "skip": sorted(queries)}
        name = "queries" if not records else f"queries-{len(records)}"
        record = _run(name, "queries", params, "build-store", done, logs, args, n, remaining,
                      mark_budget=args.query_budget)  # fmt: skip
        records.append(record)
        queries.update(record.get("queries") or record.get("partial", {}).get("queries", {}))
        killed = record.get("killed_in") or ""
        if record["status"] != "over budget" or not killed.startswith("query:"):
            break
        queries[killed.removeprefix("query:")] = {
            "rows": None, "median_s": record["running_s"], "times_s": [], "slow": True,
            "lower_bound": True, "status": "over budget",
        }  # fmt: skip
        if remaining <= record["wall_s"]:
            break
    if len(records) == 1 and records[0]["status"] != "over budget":
        return records[0]
    queries = {q.name: queries[q.name] for q in library() if q.name in queries}
    merged = {**records[-1], "queries": queries, "restarts": len(records) - 1}
    merged["seconds"] = sum(q["median_s"] for q in queries.values())
    merged["lower_bound"] = any(q.get("lower_bound") for q in queries.values())
    merged["slow"] = sorted(k for k, q in queries.items() if q["slow"])
    over = sum(1 for q in queries.values() if q.get("status") == "over budget")
    missing = len(library()) - len(queries)
    merged["status"] = "ok" if not over and not missing else "over budget"
    merged["over_query_budget"], merged["not_run"] = over, missing
    for key in ("peak_rss_mib", "peak_tree_rss_mib"):
        merged[key] = max(r.get(key, 0.0) for r in records)
    merged["load_before"] = records[0].get("load_before")
    merged["speed_probe_s"] = records[0].get("speed_probe_s")
    return merged


def measure_baseline(
    n: int, corpus: Path, out: Path, nq: Path, stages: dict[str, Json], args: argparse.Namespace
) -> Json:
    logs = out / "logs"
    plan: list[tuple[str, str, Json]] = [
        ("build-nq", "baseline-build", {"corpus": str(corpus), "kind": "nq",
                                        "target": str(out / "baseline.nq")}),
        ("build-ttl", "baseline-build", {"corpus": str(corpus), "kind": "ttl",
                                         "target": str(out / "baseline.ttl")}),
        ("validate", "baseline-validate", {"source": str(nq)}),
        ("queries", "baseline-queries", {"source": str(nq), "repeats": args.repeats}),
    ]  # fmt: skip
    plan[-1][2]["deadline"] = 0.0  # set when the stage starts
    done = dict(stages)  # the baseline reads budgetkg's N-Quads file: the very same graph
    base: dict[str, Json] = {}
    for name, stage, params in plan:
        needs = "build-nq" if name in ("validate", "queries") else None
        if "deadline" in params:
            params["deadline"] = time.time() + args.budget
        base[name] = _run(
            name, stage, params, needs, done, logs, args, n, args.budget, prefix="baseline "
        )
    base["build-store"] = baseline_store(base["build-nq"])
    return base


def baseline_store(build: Json) -> Json:
    """The baseline's "store" is its in-memory Dataset: the build-nq stage up to serializing."""
    filled = build.get("partial", {}).get("build", {}).get("filled")
    if build["status"] == "ok":
        filled = build
    record: Json = {"derived": "parse_map_s + fill_s of the baseline's build-nq"}
    for key in ("peak_rss_mib", "peak_tree_rss_mib", "triples"):
        if key in build:
            record[key] = build[key]
    if filled is not None:
        return {**record, "status": "ok", "seconds": filled["parse_map_s"] + filled["fill_s"]}
    if build["status"] == "over budget":  # killed while filling the Dataset
        return {**record, "status": "over budget", "seconds": build["seconds"], "lower_bound": True}
    return {"status": f"skipped (build-nq {build['status']})"}


def _seconds(record: Json | None) -> tuple[float | None, bool]:
    """(seconds, is a lower bound) of a stage record; None if it has no time."""
    if record is None or not isinstance(record.get("seconds"), float):
        return None, False
    return record["seconds"], bool(record.get("lower_bound"))


def _ratio(base: Json | None, ours: Json | None) -> Json:
    b, b_lower = _seconds(base)
    o, o_lower = _seconds(ours)
    if b is None or o is None or o_lower or o <= 0:
        return {"ratio": None, "baseline_s": b, "budgetkg_s": o}
    return {"ratio": b / o, "lower_bound": b_lower, "baseline_s": b, "budgetkg_s": o}


def ratios(stages: dict[str, Json], base: dict[str, Json]) -> Json:
    result: Json = {name: _ratio(base.get(name), stages.get(name)) for name in BASELINE_STAGES}
    ours, theirs = stages["queries"].get("queries", {}), base["queries"].get("queries", {})
    running = base["queries"].get("partial", {}).get("queries", {})
    per_query: Json = {}
    for name, q in ours.items():
        b = theirs.get(name) or running.get(name)
        per_query[name] = {
            "budgetkg_s": q["median_s"],
            "baseline_s": b["median_s"] if b else None,
            "ratio": b["median_s"] / q["median_s"] if b and q["median_s"] > 0 else None,
            "lower_bound": bool(b and b.get("lower_bound")),
            "rows": q["rows"],
            "baseline_rows": b["rows"] if b else None,
        }
    result["per_query"] = per_query
    totals: dict[str, float] = {}
    lower = False
    for side, records in (("budgetkg", stages), ("baseline", base)):
        parts = [_seconds(records.get(s)) for s in TOTAL[side]]
        if any(p is None for p, _ in parts):
            return {**result, "total": {"ratio": None, "stages": TOTAL}}
        totals[side] = sum(p for p, _ in parts if p is not None)
        lower = lower or (side == "baseline" and any(low for _, low in parts))
    result["total"] = {
        "ratio": totals["baseline"] / totals["budgetkg"],
        "lower_bound": lower,
        "baseline_s": totals["baseline"],
        "budgetkg_s": totals["budgetkg"],
        "stages": TOTAL,
    }
    return result


def growth(runs: Sequence[Json]) -> Json:
    """Per-stage time ratios between successive corpus sizes (linear growth: the docs ratio)."""
    ordered = sorted(runs, key=lambda r: r["docs"])
    result: Json = {}
    for small, large in itertools.pairwise(ordered):
        key = f"{large['docs']}/{small['docs']}"
        entry: Json = {"docs_ratio": large["docs"] / small["docs"]}
        for stage in STAGES:
            a, a_low = _seconds(small["stages"].get(stage))
            b, b_low = _seconds(large["stages"].get(stage))
            ok = a is not None and b is not None and a > 0 and not a_low
            entry[stage] = {"ratio": b / a if ok and b is not None and a else None,
                            "lower_bound": b_low}  # fmt: skip
        result[key] = entry
    return result


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def _time(record: Json) -> str:
    seconds, lower = _seconds(record)
    if seconds is None:
        return str(record.get("status", "-"))
    return f"{'> ' if lower else ''}{seconds:,.2f} s"


def _throughput(stage: str, r: Json) -> str:
    queries = r.get("queries") or r.get("partial", {}).get("queries")
    if stage == "queries" and queries:
        slow = [name for name, q in queries.items() if q["slow"]]
        done = f"{len(queries)} queries" + ("" if r["status"] == "ok" else f", {r['status']}")
        return f"{done} (sum of medians), {len(slow) or 'none'} over 1 s"
    if r.get("status") != "ok":
        return str(r.get("status"))
    if stage == "ingest+parse":
        return f"{r['docs_per_s']:,.1f} docs/s, {r['ms_per_doc']:.1f} ms/doc"
    if "derived" in r:
        return "parse + map + rdflib Dataset fill (part of the baseline's build-nq)"
    parts = [f"{r['triples_per_s']:,.0f} triples/s"]
    if "bytes" in r:
        parts.append(f"{r['bytes'] / 1e6:,.1f} MB")
    if r.get("store_unchanged"):
        parts.append(f"{r['store_unchanged']:,} graphs unchanged")
    if "by_severity" in r:
        parts.append(" ".join(f"{k[0]}{v}" for k, v in r["by_severity"].items()))
    return ", ".join(parts)


def _rss(r: Json) -> str:
    if "peak_rss_mib" not in r:
        return "-"
    return f"{r['peak_rss_mib']:,.0f} / {r['peak_tree_rss_mib']:,.0f}"


def print_report(results: Json) -> None:
    head = (
        f"{'stage':<22} {'N':>6} {'time':>12} {'probe':>6}  {'peak RSS MiB (proc/tree)':>24}  "
        "throughput"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for run in results["runs"]:
        sides: list[tuple[str, Json, tuple[str, ...]]] = [("", run["stages"], STAGES)]
        if "baseline" in run:
            sides.append(("baseline ", run["baseline"], BASELINE_STAGES))
        for prefix, records, names in sides:
            for stage in names:
                r = records[stage]
                probe = r.get("speed_probe_s")
                shown = f"{probe:.2f}" if isinstance(probe, float) else "-"
                print(f"{prefix + stage:<22} {run['docs']:>6} {_time(r):>12} {shown:>6}  "
                      f"{_rss(r):>24}  {_throughput(stage, r)}")  # fmt: skip
    for run in results["runs"]:
        queries = run["stages"]["queries"].get("queries", {})
        per = run.get("ratios", {}).get("per_query", {})
        print(f"\nqueries, N = {run['docs']}: median ms, rows, baseline median ms, ratio")
        for name, q in queries.items():
            b = per.get(name, {})
            bound = "≥" if b.get("lower_bound") else ""
            base = f"{bound}{b['baseline_s'] * 1000:,.0f}" if b.get("baseline_s") else ""
            ratio = f"{bound}{b['ratio']:.1f}×" if b.get("ratio") else ""
            slow = "  > 1 s" if q["slow"] else ""
            ms = f"{'> ' if q.get('lower_bound') else ''}{q['median_s'] * 1000:,.1f}"
            rows = "-" if q["rows"] is None else str(q["rows"])
            print(f"  {name:<26} {ms:>11} {rows:>7} {base:>12} {ratio:>9}{slow}")
        if "ratios" in run:
            print(f"\nbaseline / budgetkg, N = {run['docs']}")
            for stage in (*BASELINE_STAGES, "total"):
                r = run["ratios"][stage]
                if r.get("ratio") is None:
                    print(f"  {stage:<12} n/a")
                    continue
                bound = "≥ " if r.get("lower_bound") else ""
                print(f"  {stage:<12} {bound}{r['ratio']:,.1f}×  ({r['baseline_s']:,.1f} s vs "
                      f"{r['budgetkg_s']:,.1f} s)")  # fmt: skip
    for key, entry in results["growth"].items():
        print(f"\ngrowth {key} (linear = {entry['docs_ratio']:g})")
        for stage in STAGES:
            r = entry[stage]
            shown = f"{'≥ ' if r['lower_bound'] else ''}{r['ratio']:.1f}" if r["ratio"] else "n/a"
            print(f"  {stage:<14} {shown}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--docs", type=int, action="append", required=True, help="corpus size N")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="build/validate jobs")
    p.add_argument("--repeats", type=int, default=5, help="runs per query (median)")
    p.add_argument("--baseline-max", type=int, default=1000, help="baseline for N ≤ this")
    p.add_argument("--budget", type=float, default=900.0, help="seconds per baseline stage")
    p.add_argument("--stage-budget", type=float, default=3600.0, help="seconds per budgetkg stage")
    p.add_argument("--query-budget", type=float, default=300.0,
                   help="seconds per budgetkg query before it is skipped")  # fmt: skip
    p.add_argument("--max-rss-gib", type=float, default=16.0, help="kill a stage above this RSS")
    p.add_argument("--seed", type=int, default=0, help="corpus seed")
    p.add_argument("--out", type=Path, help="write the results as JSON")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/budgetkg-bench"))
    p.add_argument("--include", type=Path, action="append", default=[],
                   help="earlier results JSON: its runs join the growth table")  # fmt: skip
    p.add_argument("--keep-outputs", action="store_true", help="keep the built graphs and store")
    args = p.parse_args(argv)
    if any(n < 1 for n in args.docs) or args.repeats < 1 or args.jobs < 1:
        p.error("--docs, --repeats and --jobs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.workdir = args.workdir.resolve()
    results: Json = {
        "machine": machine_info(),
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "runs": [],
    }
    results["config"]["include"] = [str(p) for p in args.include]
    for n in sorted(set(args.docs)):
        print(f"N = {n}", flush=True)
        results["runs"].append(measure(n, args))
    included: list[Any] = []
    for path in args.include:
        included += json.loads(path.read_text(encoding="utf-8"))["runs"]
    measured = {r["docs"] for r in results["runs"]}
    all_runs = results["runs"] + [r for r in included if r["docs"] not in measured]
    results["growth"] = growth(all_runs)
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    print_report(results)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"\nresults → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
