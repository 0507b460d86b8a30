"""The ``budgetkg`` command: a thin layer over the library.

Exit codes: 0 success; 1 validation found a Violation; 2 bad input or usage.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import BudgetKGError

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
    required=True,
    help="Output file; its extension picks the format unless --format is given.",
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
@library_errors
def build(
    paths: tuple[Path, ...], output: Path, fmt: str | None, base: str, catalog: Path | None
) -> None:
    """Build disclosures (files or directories, recursively) into one RDF file."""
    from .build import build as run_build

    summary = run_build(paths, output, fmt, base, catalog)
    click.echo(summary.line())
    if summary.catalog is not None:
        click.echo(f"catalog → {summary.catalog}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
