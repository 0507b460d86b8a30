"""Library entry points that work on paths (files and directories)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .model import Disclosure
from .parse.disclosure import parse_file
from .readers import SUFFIXES


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and directories searched recursively for text files, sorted."""
    result: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                raise InputError(
                    str(path), f"directory contains no disclosure files ({', '.join(SUFFIXES)})"
                )
            result.extend(found)
        elif path.exists():
            result.append(path)
        else:
            raise InputError(str(path), "no such file or directory")
    return result


def iter_parsed(paths: Iterable[str | Path]) -> Iterator[Disclosure]:
    for path in expand_paths(paths):
        yield parse_file(path)


def parse_paths(paths: Iterable[str | Path]) -> list[Disclosure]:
    """Parse every file (directories recursively); raises :class:`InputError` on bad input."""
    return list(iter_parsed(paths))
