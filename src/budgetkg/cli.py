"""Command-line interface (placeholder until the parser lands)."""

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """budgetkg: build knowledge graphs from budget disclosures."""
