"""budgetkg: knowledge graphs from Chinese department budget disclosures (部门预算信息公开).

The public API: ingest (:func:`read_source`), parse (:func:`parse_file`,
:func:`parse_source`), the model dataclasses, map and export (:func:`build_graph`,
:func:`build`, :func:`disclosure_quads`, :func:`serialize`).
"""

from .build import BuildResult, BuildSummary, build, build_graph
from .errors import BudgetKGError, InputError, OutputError, UsageError
from .ingest import SourceText, read_source
from .jsonio import SCHEMA_VERSION, disclosures_to_json, to_jsonable
from .model import (
    AssetHolding,
    BudgetLine,
    BudgetUnit,
    Diagnostic,
    Disclosure,
    Duty,
    Indicator,
    PerformanceGoal,
    ProcurementItem,
    Project,
    Region,
    SpendingCheckpoint,
)
from .parse.disclosure import parse_file, parse_source
from .rdf.export import serialize
from .rdf.mapping import disclosure_quads

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "AssetHolding",
    "BudgetKGError",
    "BudgetLine",
    "BudgetUnit",
    "BuildResult",
    "BuildSummary",
    "Diagnostic",
    "Disclosure",
    "Duty",
    "Indicator",
    "InputError",
    "OutputError",
    "PerformanceGoal",
    "ProcurementItem",
    "Project",
    "Region",
    "SourceText",
    "SpendingCheckpoint",
    "UsageError",
    "build",
    "build_graph",
    "disclosure_quads",
    "disclosures_to_json",
    "parse_file",
    "parse_source",
    "read_source",
    "serialize",
    "to_jsonable",
]
