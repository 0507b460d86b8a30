"""The ``budgetkg`` command: a thin layer over the library.

Exit codes: 0 success; 1 validation found a Violation; 2 bad input or usage.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import BudgetKGError
from .model import Diagnostic

F = TypeVar("F", bound=Callable[..., Any])


class InputFailure(click.ClickException):
    """A library error reported as one line, exit code 2."""

    exit_code = 2


def library_errors(func: F) -> F:
    """Turn library errors into one-line messages with the right exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BudgetKGError as exc:
            raise InputFailure(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def _echo_warnings(warnings: list[Diagnostic], limit: int = 20) -> None:
    """Warnings on stderr: all of a small build, the first ``limit`` and counts otherwise."""
    for diagnostic in warnings[:limit]:
        click.echo(str(diagnostic), err=True)
    if len(warnings) > limit:
        counts = Counter(d.code for d in warnings[limit:])
        listed = ", ".join(f"{n} {code}" for code, n in sorted(counts.items()))
        click.echo(
            f"… and {len(warnings) - limit} more warnings ({listed}); "
            "`budgetkg parse FILE` lists a file's warnings",
            err=True,
        )


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="building", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="budgetkg")
def main() -> None:
    """Build knowledge graphs from department budget disclosures (部门预算信息公开).

    Exit codes: 0 ok, 1 validation failed, 2 bad input or usage.
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "summary"]),
    default="summary",
    show_default=True,
    help="json: the full model (schema budgetkg.disclosure/1); summary: figures per file.",
)
@library_errors
def parse(files: tuple[Path, ...], fmt: str) -> None:
    """Parse disclosure FILES and print the model; warnings go to stderr."""
    from .api import parse_paths
    from .jsonio import disclosures_to_json, summary_lines

    disclosures = parse_paths(files)
    for d in disclosures:
        for diagnostic in d.diagnostics:
            if diagnostic.severity != "info":
                click.echo(str(diagnostic), err=True)
    if fmt == "json":
        click.echo(disclosures_to_json(disclosures))
    else:
        for d in disclosures:
            click.echo("\n".join(summary_lines(d)))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file; its extension picks the format unless --format is given. "
    "Required unless --store is given (either or both).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "trig", "nq", "jsonld"]),
    default=None,
    help="RDF format (TriG, N-Quads and JSON-LD keep one named graph per disclosure).",
)
@click.option(
    "--base",
    default="https://w3id.org/budgetkg/id/",
    show_default=True,
    help="Base IRI for minted node IRIs.",
)
@click.option(
    "--catalog",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write a DCAT-AP 3.0.1 / VoID description (Turtle) of the output.",
)
@click.option(
    "--store",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Also load into this Oxigraph store directory (created if needed); each "
    "disclosure's named graph is replaced, other graphs are kept; graphs an earlier build "
    "left unchanged are skipped unread.",
)
@library_errors
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for parsing and mapping [default: all cores].",
)
@click.option(
    "--strict", is_flag=True, help="Stop at the first file that cannot be read, writing nothing."
)
def build(
    paths: tuple[Path, ...],
    output: Path | None,
    fmt: str | None,
    base: str,
    catalog: Path | None,
    store: Path | None,
    jobs: int | None,
    strict: bool,
) -> None:
    """Build disclosures (files or directories, recursively) into one RDF file and/or a store.

    A file that cannot be read is reported and the others are built; the exit code is
    then 2.  Warnings are printed as file:line: reason.
    """
    from .build import build as run_build

    if output is None and store is None:
        raise click.UsageError("give an output file (-o OUT) and/or --store DIR")
    with _progress_bar() as progress:
        summary = run_build(
            paths, output, fmt, base, catalog, store, jobs=jobs, strict=strict, progress=progress
        )
    _echo_warnings([d for d in summary.diagnostics if d.severity != "info"])
    for failure in summary.failures:
        click.echo(f"error: {failure.message}", err=True)
    click.echo(summary.line())
    if summary.catalog is not None:
        click.echo(f"catalog → {summary.catalog}")
    if summary.failures:
        sys.exit(2)


@main.command()
@click.argument("graph_file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--store",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Serve this store directory (from build --store) instead of a graph file.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="0: any free port.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.05),
    default=10.0,
    show_default=True,
    help="Seconds a query may run; slower queries are cancelled with 503.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Largest result (solutions or triples); larger results are refused with 413.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1024),
    default=64 << 20,
    show_default=True,
    help="Largest serialised result in bytes; larger results are refused with 413.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Query worker processes (queries running at the same time).",
)
@library_errors
def serve(
    graph_file: Path | None,
    store: Path | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_bytes: int,
    workers: int,
) -> None:
    """Serve GRAPH_FILE or --store DIR as a read-only SPARQL 1.1 endpoint at /sparql.

    Updates and SERVICE are refused (403); the default graph is the union of all
    graphs. Runs until Ctrl-C.
    """
    from .server import Limits, endpoint, serve_forever

    if (graph_file is None) == (store is None):
        raise click.UsageError("give either GRAPH_FILE or --store DIR")
    limits = Limits(timeout=timeout, max_rows=max_rows, max_bytes=max_bytes)

    def ready(url: str) -> None:
        click.echo(f"SPARQL endpoint: {url}  ({workers} workers; Ctrl-C stops)")

    try:
        with endpoint(
            graph_file, store=store, host=host, port=port, workers=workers, limits=limits
        ) as server:
            serve_forever(server, ready)
    except KeyboardInterrupt:  # during start-up; serve_forever handles it afterwards
        pass
    click.echo("stopped", err=True)


@main.command("queries")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: names, parameters and questions; json: the same as a JSON list.",
)
@library_errors
def queries_command(fmt: str) -> None:
    """List the named SPARQL queries (queries/*.rq) with their questions."""
    from .query import describe_library

    click.echo(describe_library(fmt))


@main.command("query")
@click.argument("query_ref", metavar="NAME|FILE.rq")
@click.argument("graph_file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--store",
    "store_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Query an existing Oxigraph store directory (opened read-only) instead of GRAPH_FILE.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query parameter (repeatable); NAME= leaves it unbound (all values).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="table: aligned text; csv, tsv, json: SPARQL 1.1 query results formats.",
)
@library_errors
def query_command(
    query_ref: str,
    graph_file: Path | None,
    store_dir: Path | None,
    params: tuple[str, ...],
    fmt: str,
) -> None:
    """Run a named query (see `budgetkg queries`) or a FILE.rq on GRAPH_FILE or --store DIR.

    GRAPH_FILE is a file written by `budgetkg build` (ttl, nt, trig, nq, jsonld).
    """
    from .query import execute

    output, warnings = execute(query_ref, graph_file, store_dir, params, fmt)
    for warning in warnings:
        click.echo(warning, err=True)
    click.echo(output, nl=False)


@main.command()
@click.argument(
    "paths", nargs=-1, required=True, metavar="GRAPH|PATH...", type=click.Path(path_type=Path)
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "ttl"]),
    default="text",
    show_default=True,
    help="text: one line per result, grouped by document; json; ttl: the sh:ValidationReport.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Disclosures validated in parallel (default: one per CPU).",
)
@click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="fast: compiled shapes, SPARQL in native forms (Oxigraph where one declines); "
    "pyshacl: the reference (same results, some 80x slower).",
)
@library_errors
def validate(paths: tuple[Path, ...], fmt: str, jobs: int | None, engine: str) -> None:
    """Validate built graphs (GRAPH: .ttl .nt .trig .nq .jsonld) or disclosures (PATH: .txt
    files, directories) against the SHACL shapes, including the disclosures' own arithmetic.

    Exit codes: 0 no Violation (warnings and infos do not fail), 1 a Violation, 2 bad input.
    """
    from .validate import validate as run_validation
    from .validate_report import render

    report = run_validation(*paths, jobs=jobs, engine=engine)
    click.echo(render(report, fmt), nl=False)
    if not report.conforms:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
