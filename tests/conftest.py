"""Shared fixtures: the five real disclosures of ``corpus/hebei``, each parsed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.model import Disclosure
from budgetkg.parse.disclosure import parse_file

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus" / "hebei"

#: the documents by their three-digit prefix
CORPUS_KEYS = ("000", "001", "002", "003", "004")


def corpus_path(key: str) -> Path:
    """The one corpus file whose name starts with ``key_``."""
    (path,) = CORPUS_DIR.glob(f"{key}_*.txt")
    return path


@pytest.fixture(scope="session")
def corpus() -> dict[str, Disclosure]:
    """{"000": Disclosure, …}: every corpus file, parsed once per test session."""
    return {key: parse_file(corpus_path(key)) for key in CORPUS_KEYS}
