"""Regenerate tests/data/golden/<file>.ttl from the corpus.

Run only after checking that a change of the graph is intended (review the diff of the
golden files: every changed triple should be explained by the change you made).
"""

from __future__ import annotations

from pathlib import Path

from budgetkg.build import build

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    for path in sorted((ROOT / "corpus" / "hebei").glob("*.txt")):
        out = ROOT / "tests" / "data" / "golden" / f"{path.stem}.ttl"
        summary = build([path], out)
        print(f"{out.relative_to(ROOT)}: {summary.triples} triples")


if __name__ == "__main__":
    main()
