"""The benchmark runner (``benchmarks/run.py``) end to end on a tiny corpus.

No timing is asserted: the runner must produce every stage, for budgetkg and for the
rdflib/pyshacl baseline, with positive numbers, and run every library query.  The baseline's
stages get a small time budget, so the slow ones (whole-graph pyshacl, rdflib's SPARQL) are
stopped and recorded as lower bounds — the path the real runs take at N = 1,000.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from budgetkg.query import library

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import run


def test_benchmark_runner_smoke(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    argv = ["--docs", "20", "--repeats", "1", "--workdir", str(tmp_path / "work")]
    argv += ["--budget", "4", "--stage-budget", "300", "--out", str(out)]
    assert run.main(argv) == 0

    results = json.loads(out.read_text(encoding="utf-8"))
    machine = results["machine"]
    assert machine["cpu_count"] >= 1 and machine["versions"]["pyoxigraph"]
    assert len(machine["load_average_start"]) == 3
    (result,) = results["runs"]
    assert result["docs"] == 20

    stages = result["stages"]
    assert set(stages) == set(run.STAGES)
    for name, record in stages.items():
        assert record["status"] == "ok", (name, record.get("error"))
        assert record["seconds"] > 0 and record["peak_rss_mib"] > 0, name
        assert record["peak_tree_rss_mib"] >= record["peak_rss_mib"], name
        assert 0 < record["speed_probe_s"] < 60, name  # the machine's speed before the stage
    assert stages["ingest+parse"]["documents"] == 20
    assert stages["ingest+parse"]["docs_per_s"] > 0
    for name in ("build-nq", "build-ttl", "build-store"):
        assert stages[name]["documents"] == 20, name
        assert stages[name]["triples"] > 0 and stages[name]["bytes"] > 0, name
    assert stages["build-nq"]["triples"] == stages["build-store"]["triples"]
    # the rebuild of the unchanged corpus into the same store finds every graph unchanged
    assert stages["rebuild-store"]["store_unchanged"] == 20
    assert stages["build-store"]["store_unchanged"] == 0
    assert sum(stages["validate"]["by_severity"].values()) == stages["validate"]["results"]
    queries = stages["queries"]["queries"]
    assert set(queries) == {q.name for q in library()}
    for name, q in queries.items():
        assert q["median_s"] > 0 and len(q["times_s"]) == 1 and q["rows"] >= 0, name

    baseline = result["baseline"]
    assert set(baseline) == set(run.BASELINE_STAGES)
    for name, record in baseline.items():
        assert record["status"] in ("ok", "over budget"), (name, record.get("error"))
        assert record["seconds"] > 0, name
    assert set(baseline["queries"].get("queries") or {}) <= {q.name for q in library()}
    ratios = result["ratios"]
    assert {*run.BASELINE_STAGES, "total", "per_query"} <= set(ratios)
    assert ratios["total"]["ratio"] > 0
    assert set(ratios["per_query"]) == set(queries)
