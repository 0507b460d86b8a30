"""Streaming validation of N-Quads files written by ``budgetkg build``.

Reading a build of thousands of disclosures into memory costs more than validating it (some
80 ms per disclosure to make Python objects of its quads and sort them into units).  A
``budgetkg build`` N-Quads file holds each disclosure's named graph in one run of lines, so it
can be cut at graph boundaries into byte ranges that worker processes read, split into units
and validate on their own; the parent process only merges results.

:func:`validate_nquads` returns None when a file is not laid out that way (a quad in the default
graph, a graph that is not a disclosure's, a graph in two places): the caller then falls back
to reading everything (:func:`budgetkg.validate.validate`).

The distinct-triple count of the report is exact for budgetkg's IRIs: a triple whose subject is
the disclosure or a node under its IRI is counted per unit; the others (shared nodes:
department, units, regions, policy documents) are counted once across units, by a hash.  It
counts lines, so a triple the file spells two ways (a ``\\u`` escape in one line and not in
another, ``@ZH`` and ``@zh``) counts twice; the results are the same either way, as the fast
engine has each unit with such spellings written again by Oxigraph (:mod:`.shacl.syntax`).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

from rdflib.exceptions import ParserError

from .errors import InputError
from .gcpause import cycle_collector_paused
from .rdf.terms import TYPE, bkg
from .validate_report import Document, Result
from .validate_units import Unit

Outcome = tuple[list[Result], list[Document]]

#: bytes of N-Quads per task (some 15 disclosures)
CHUNK_BYTES = 8 << 20
_DISCLOSURE_TYPE = f"{TYPE} {bkg('Disclosure')}".encode()


class NotSplittable(Exception):
    """The file is not one run of lines per disclosure graph."""


def graph_label(line: bytes) -> bytes | None:
    """The graph IRI (``<…>``) of an N-Quads line; None for a triple, a blank-node graph label,
    a blank or comment line.  Subjects, predicates and IRIs hold no whitespace, so a line ends
    with a graph label when what comes before the last ``<…>`` after a space or tab is three
    terms or more (subject, predicate and object), not two (subject and predicate: then it was
    the object).  A line it misjudges is refused later, when its terms are split."""
    body = line.rstrip()
    if not body.endswith(b"."):
        return None
    body = body[:-1].rstrip()
    start = max(body.rfind(b" <"), body.rfind(b"\t<"))
    label = body[start + 1 :]
    if start < 0 or not label.endswith(b">") or b'"' in label or b" " in label or b"\t" in label:
        return None
    return label if len(body[:start].split(None, 2)) == 3 else None


def _boundary(handle: object, offset: int, size: int) -> int:
    """The start of the first line at or after ``offset`` whose graph differs from the line
    before it (the file's size if none)."""
    f = handle  # a binary file
    f.seek(max(offset - 1, 0))  # type: ignore[attr-defined]
    if offset > 0:
        f.readline()  # type: ignore[attr-defined]
    previous: bytes | None = None
    tail = b"\x00"  # " <g> .\n" of the previous line's graph
    while True:
        position = f.tell()  # type: ignore[attr-defined]
        line = f.readline()  # type: ignore[attr-defined]
        if not line:
            return size
        if line.endswith(tail) and line.count(b" ", 0, len(line) - len(tail)) >= 2:
            continue  # the same graph, as graph_label would find (the common case)
        label = graph_label(line)
        if previous is not None and label != previous:
            return int(position)
        previous = label
        tail = b" " + label + b" .\n" if label is not None else b"\x00"


def byte_ranges(path: Path, chunk: int = CHUNK_BYTES) -> list[tuple[int, int]]:
    """``path`` cut into ranges of about ``chunk`` bytes at graph boundaries."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as f:
        offset = chunk
        while offset < size:
            cut = _boundary(f, offset, size)
            if cut > cuts[-1]:
                cuts.append(cut)
            offset = max(cut, offset) + chunk
    if cuts[-1] != size:
        cuts.append(size)
    return list(itertools.pairwise(cuts))


@dataclass
class RangeOutcome:
    outcomes: list[Outcome] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    local_triples: int = 0
    shared: set[int] = field(default_factory=set)


def _rest_of_run(data: bytes, pos: int, suffix: bytes) -> tuple[list[bytes], int] | None:
    """The lines from ``pos`` that end in ``suffix`` (`` <g> .``) and LF, up to the first that
    does not (or a little before it), without the suffix, and the position after them; None if
    there are none (read line by line)."""
    tail = suffix + b"\n"
    start, step = pos, 1 << 12
    while True:  # widen a window while all its lines end in the suffix
        stop = data.rfind(b"\n", pos, pos + step) + 1
        if stop <= pos:
            break
        if data.count(b"\n", pos, stop) != data.count(tail, pos, stop):
            last = data.rfind(tail, pos, stop)
            end = last + len(tail) if last >= 0 else pos
            if data.count(b"\n", pos, end) == data.count(tail, pos, end):
                pos = end  # the graph changes after the window's last tail
            break  # else another graph, a comment or other spacing in between: what came before
        pos, step = stop, step * 2
    if pos == start:
        return None
    # every line of the run ends in the tail (counted window by window), and a tail holds one
    # LF, at its end: the run split at its tails is its lines without the suffix
    return data[start:pos].split(tail)[:-1], pos


def _group_lines(path: Path, start: int, data: bytes) -> dict[bytes, list[bytes]]:
    """The range's lines as ``s p o`` (without the graph label and full stop) by graph label,
    in order of appearance.

    Lines are looked at one by one only where a graph starts or where the layout differs from
    the build's; the rest of a graph's run is cut out and split at its suffix in one call.  A
    line of fewer than three terms (``s p <g> .`` is a triple whose object is ``<g>``, not a
    quad) is left to the engine: :func:`~budgetkg.shacl.terms.split_text` refuses it, and so
    does the pyshacl engine's parse (:class:`SyntaxError`, so the file is read whole).
    """
    groups: dict[bytes, list[bytes]] = {}
    suffix, label = b"\x00", b""
    pos, size = 0, len(data)
    alone = False  # the line before was not in the build's layout
    while pos < size:
        end = data.find(b"\n", pos)
        end = size if end < 0 else end
        line = data[pos:end].rstrip(b"\r")
        pos = end + 1
        if not line.strip() or line.lstrip().startswith(b"#"):
            continue
        # the common case: the same graph as the line before ("… <g> ." after three terms)
        same = line.endswith(suffix) and line.count(b" ", 0, len(line) - len(suffix)) >= 2
        if not same:
            found = graph_label(line)
            if found is None:
                number = data.count(b"\n", 0, pos - 1) + 1
                raise NotSplittable(
                    f"{path}: not a quad in a named graph (line {number} from {start})"
                )
            if found not in groups:
                groups[found] = []
            elif next(reversed(groups)) != found:
                raise NotSplittable(f"{path}: graph {found!r} is not one run of lines")
            label, suffix = found, b" " + found + b" ."
        if not line.endswith(suffix):  # other spacing: no run is looked for after it
            body = line.rstrip()[:-1].rstrip()
            groups[label].append(body[: len(body) - len(label)].rstrip())
            alone = True
            continue
        groups[label].append(line[: -len(suffix)])
        if (alone or not same) and (rest := _rest_of_run(data, pos, suffix)) is not None:
            groups[label].extend(rest[0])
            pos = rest[1]
        alone = False
    return groups


def _units(path: Path, start: int, end: int, stats: RangeOutcome) -> Iterator[Unit]:
    with path.open("rb") as f:
        f.seek(start)
        data = f.read(end - start)
    groups = _group_lines(path, start, data)
    for label in list(groups):
        iri = label[1:-1].decode("utf-8")
        lines = dict.fromkeys(groups.pop(label))
        subject = f"<{iri}>".encode()
        if subject + b" " + _DISCLOSURE_TYPE not in lines:
            raise NotSplittable(f"{path}: graph <{iri}> is not a disclosure's")
        stats.graphs.append(iri)
        own = (subject + b" ", subject[:-1] + b"/")
        shared = [line for line in lines if not line.startswith(own)]
        stats.local_triples += len(lines) - len(shared)
        for line in shared:
            stats.shared.add(int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "big"))
        yield Unit(iri, b" .\n".join(lines) + b" .\n")


def validate_range(task: tuple[str, int, int, Callable[[Unit], Outcome]]) -> RangeOutcome:
    path, start, end, run = task
    stats = RangeOutcome()
    try:
        with cycle_collector_paused():  # see budgetkg.gcpause
            for unit in _units(Path(path), start, end, stats):
                stats.outcomes.append(run(unit))
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 near byte {start + exc.start}") from None
    except (SyntaxError, ParserError) as exc:  # a unit is not valid N-Triples: the whole-file
        raise NotSplittable(f"{path}: {exc}") from None  # reader names the file's line
    return stats


def validate_nquads(
    paths: list[Path], jobs: int, run: Callable[[Unit], Outcome], context: BaseContext
) -> tuple[list[Outcome], int] | None:
    """Outcomes of every unit of ``paths`` and the distinct-triple count; None: not splittable."""
    tasks = [(str(p), a, b, run) for p in paths for a, b in byte_ranges(p)]
    seen: set[str] = set()
    outcomes: list[Outcome] = []
    local, shared = 0, set()
    workers = min(jobs, len(tasks))
    pool = ProcessPoolExecutor(workers, mp_context=context) if workers > 1 else None
    try:
        for r in pool.map(validate_range, tasks) if pool else map(validate_range, tasks):
            if seen.intersection(r.graphs):
                return None
            seen.update(r.graphs)
            outcomes += r.outcomes
            local += r.local_triples
            shared |= r.shared
    except NotSplittable:
        return None
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    return outcomes, local + len(shared)


__all__ = ["NotSplittable", "byte_ranges", "graph_label", "validate_nquads"]
