"""Locate the data folders (``ontology/``, ``shapes/``, ``queries/``).

In an installed wheel they live in ``budgetkg/resources/``; in a source checkout
(editable install, tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

KINDS = ("ontology", "shapes", "queries")


@cache
def resource_dir(kind: str) -> Path:
    """The folder holding the ``kind`` resources."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    packaged = Path(__file__).resolve().parent / "resources" / kind
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"resource folder {kind!r} not found in {packaged} or {checkout}")


def resource_path(kind: str, name: str) -> Path:
    path = resource_dir(kind) / name
    if not path.is_file():
        raise FileNotFoundError(f"resource {kind}/{name} not found")
    return path


def resource_files(kind: str, suffix: str) -> list[Path]:
    """All files of ``kind`` ending in ``suffix``, sorted by name."""
    return sorted(p for p in resource_dir(kind).iterdir() if p.name.endswith(suffix))
