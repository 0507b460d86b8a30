"""Time every library query on an existing store: two runs each, in a fresh process per query.

    python benchmarks/query_times.py STORE_DIR [QUERY ...]

Prints the query name, its row count and the two wall-clock times (the second is the one
quoted in benchmarks/results/quiet-2026-11-23.md).  A query taking more than 300 s is reported
as a timeout.
"""

from __future__ import annotations

import subprocess
import sys

from budgetkg.query import library

CODE = """
import sys, time
from pathlib import Path
from budgetkg.query import open_store, run_query
store = open_store(Path(sys.argv[1]))
times = []
for _ in range(2):
    t = time.perf_counter()
    rows = run_query(store, sys.argv[2]).rows
    times.append(time.perf_counter() - t)
print(len(rows), " ".join(f"{x:.2f}" for x in times))
"""


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    store, names = argv[0], argv[1:] or [q.name for q in library()]
    for name in names:
        try:
            out = subprocess.run(
                [sys.executable, "-c", CODE, store, name],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            print(f"{name:28s} {out.stdout.strip()} {out.stderr.strip()[-200:]}", flush=True)
        except subprocess.TimeoutExpired:
            print(f"{name:28s} timeout", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
