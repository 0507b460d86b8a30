#!/usr/bin/env python3
"""Evaluate budgetkg.topics against the hand-labelled gold set.

Usage::

    python scripts/eval_topics.py [--gold tests/data/topics_gold.tsv] [--split dev|test|all]

Prints micro precision / recall / F1 over item-level topic sets per split and overall, a
per-topic table and every item whose predicted set differs from the gold set.  Always exits 0
(it reports, it does not judge; the thresholds live in tests/test_topics.py).

``evaluate(rows)`` is importable: ``rows`` are :class:`GoldRow` objects or mappings with the
TSV's column names (``file``, ``line``, ``kind``, ``text``, ``gold_topics``, ``split``).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetkg.topics import assign_topics

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "topics_gold.tsv"
COLUMNS = ("file", "line", "kind", "text", "gold_topics", "split")
KINDS = ("duty", "project", "goal")
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class GoldRow:
    file: str
    line: int
    kind: str
    text: str
    gold: frozenset[str]
    split: str


def _as_row(row: GoldRow | Mapping[str, Any]) -> GoldRow:
    if isinstance(row, GoldRow):
        return row
    gold = row["gold_topics"]
    topics = gold if not isinstance(gold, str) else [t for t in gold.split(";") if t.strip()]
    return GoldRow(
        file=str(row["file"]),
        line=int(row["line"]),
        kind=str(row["kind"]),
        text=str(row["text"]),
        gold=frozenset(t.strip() for t in topics),
        split=str(row.get("split", "test")),
    )


def load_gold(path: Path = DEFAULT_GOLD) -> list[GoldRow]:
    """Read the gold TSV (header row required; ``#`` lines are comments)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"{path}: header must be {'<TAB>'.join(COLUMNS)}")
    rows = [_as_row(record) for record in reader]
    for row in rows:
        if row.kind not in KINDS or row.split not in SPLITS or not 1 <= len(row.gold) <= 3:
            raise ValueError(f"{path}: bad row {row.file}:{row.line}")
    return rows


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "items": 0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def evaluate(rows: Iterable[GoldRow | Mapping[str, Any]]) -> dict[str, Any]:
    """Tag every row and compare with its gold topics.

    Returns ``{"splits": {name: metrics}, "kinds": {...}, "topics": {topic: metrics},
    "errors": [...], "items": n}`` where metrics hold tp/fp/fn, precision, recall, f1 and
    items; split names are the rows' splits plus ``"all"``.  Micro-averaged: every
    (item, topic) pair counts once.
    """
    gold_rows = [_as_row(row) for row in rows]
    counts: dict[tuple[str, str], list[int]] = {}  # (group kind, name) -> [tp, fp, fn, items]
    errors: list[dict[str, Any]] = []

    def add(group: str, name: str, tp: int, fp: int, fn: int, items: int) -> None:
        entry = counts.setdefault((group, name), [0, 0, 0, 0])
        for i, value in enumerate((tp, fp, fn, items)):
            entry[i] += value

    for row in gold_rows:
        predicted = frozenset(assign_topics(row.text))
        tp, fp, fn = len(predicted & row.gold), len(predicted - row.gold), len(row.gold - predicted)
        for group, name in (("splits", row.split), ("splits", "all"), ("kinds", row.kind)):
            add(group, name, tp, fp, fn, 1)
        for topic in predicted | row.gold:
            add(
                "topics",
                topic,
                int(topic in predicted and topic in row.gold),
                int(topic in predicted and topic not in row.gold),
                int(topic in row.gold and topic not in predicted),
                int(topic in row.gold),
            )
        if predicted != row.gold:
            errors.append(
                {
                    "file": row.file,
                    "line": row.line,
                    "kind": row.kind,
                    "split": row.split,
                    "text": row.text,
                    "gold": sorted(row.gold),
                    "predicted": sorted(predicted),
                    "missing": sorted(row.gold - predicted),
                    "spurious": sorted(predicted - row.gold),
                }
            )

    result: dict[str, Any] = {"splits": {}, "kinds": {}, "topics": {}, "errors": errors}
    for (group, name), (tp, fp, fn, items) in sorted(counts.items()):
        metrics = _prf(tp, fp, fn)
        metrics["items"] = items
        result[group][name] = metrics
    result["items"] = len(gold_rows)
    return result


def _fmt(metrics: Mapping[str, float | int]) -> str:
    return (
        f"items={metrics['items']:>4}  P={metrics['precision']:.3f}  "
        f"R={metrics['recall']:.3f}  F1={metrics['f1']:.3f}  "
        f"(tp={metrics['tp']} fp={metrics['fp']} fn={metrics['fn']})"
    )


def report(result: Mapping[str, Any], *, show_errors: bool = True, out: Any = None) -> None:
    """Print the evaluation ``result`` as plain text."""
    write = (out or sys.stdout).write
    write("== micro P/R/F1 by split\n")
    for name in (*SPLITS, "all"):
        if name in result["splits"]:
            write(f"{name:<6} {_fmt(result['splits'][name])}\n")
    write("\n== by kind (all splits)\n")
    for name in KINDS:
        if name in result["kinds"]:
            write(f"{name:<8} {_fmt(result['kinds'][name])}\n")
    write("\n== by topic (all splits; items = gold items with the topic)\n")
    write(f"{'topic':<30} {'gold':>4} {'tp':>4} {'fp':>4} {'fn':>4}   P      R      F1\n")
    for topic, m in sorted(result["topics"].items()):
        write(
            f"{topic:<30} {m['items']:>4} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4}  "
            f"{m['precision']:.3f}  {m['recall']:.3f}  {m['f1']:.3f}\n"
        )
    if show_errors:
        write(f"\n== errors ({len(result['errors'])} items)\n")
        for e in result["errors"]:
            text = e["text"] if len(e["text"]) <= 60 else e["text"][:59] + "…"
            write(
                f"[{e['split']}] {e['file'][:3]}:{e['line']} {e['kind']:<7} "
                f"gold={';'.join(e['gold'])} pred={';'.join(e['predicted']) or '-'}\n"
                f"    missing={';'.join(e['missing']) or '-'} "
                f"spurious={';'.join(e['spurious']) or '-'}  {text}\n"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument(
        "--split",
        choices=(*SPLITS, "all"),
        default="all",
        help="evaluate only this split (default: all, reported per split)",
    )
    parser.add_argument("--no-errors", action="store_true", help="do not list the errors")
    args = parser.parse_args(argv)
    rows = load_gold(args.gold)
    if args.split != "all":
        rows = [row for row in rows if row.split == args.split]
    report(evaluate(rows), show_errors=not args.no_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
