"""The model as JSON: a stable, documented schema (``SCHEMA_VERSION``).

Rules: every dataclass becomes an object with its field names; amounts and other
decimals are strings in canonical decimal form (``"6918800"``, never floats, so no
precision is lost); dates are ISO strings; absent values are ``null``.  The
top-level object is ``{"schema": "budgetkg.disclosure/1", "disclosures": [...]}``.
``docs/json-schema.md`` describes every field.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from .model import Disclosure
from .parse.amounts import format_decimal

SCHEMA_VERSION = "budgetkg.disclosure/1"


def to_jsonable(value: Any) -> Any:
    """Convert model objects to JSON-ready values (decimals as strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    return value


def disclosures_to_json(disclosures: Sequence[Disclosure], *, indent: int | None = 2) -> str:
    payload = {"schema": SCHEMA_VERSION, "disclosures": [to_jsonable(d) for d in disclosures]}
    return json.dumps(payload, ensure_ascii=False, indent=indent)


def _yuan(value: Decimal | None) -> str:
    return format_decimal(value) if value is not None else "—"


def summary_lines(d: Disclosure) -> list[str]:
    """A human-readable summary of one parsed disclosure (everything but the texts)."""
    out = [
        f"{d.source_file}: {d.department} — fiscal year {d.fiscal_year}",
        "  region: " + (" › ".join(r.name for r in d.regions) or "(not recognised)"),
        f"  duties {len(d.duties)}, budget units {len(d.units)}, goals {len(d.goals)}, "
        f"projects {len(d.projects)}, indicators {sum(len(p.indicators) for p in d.projects)}, "
        f"procurement items {len(d.procurement)}, asset rows {len(d.assets)}",
        "  budget lines (yuan):",
    ]
    for bl in d.budget_lines:
        change = f" (change {format_decimal(bl.change)})" if bl.change is not None else ""
        out.append(f"    {bl.category:<28} {_yuan(bl.amount):>14}{change}  [line {bl.line}]")
    if d.projects:
        out.append("  projects (yuan):")
    for p in d.projects:
        parsed = sum(1 for i in p.indicators if i.value is not None)
        out.append(
            f"    {p.sequence}{p.ordinal:>3}. {p.name}  {p.code or ''}  {_yuan(p.amount)}  "
            f"indicators {len(p.indicators)} ({parsed} numeric)  [line {p.line}]"
        )
    if d.procurement:
        out.append("  procurement (yuan):")
    for item in d.procurement:
        out.append(
            f"    {item.ordinal:>3}. {item.project_name} / {item.item_name or '—'} "
            f"{item.catalog_code or ''} {item.kind or ''}  {_yuan(item.amount)}  [line {item.line}]"
        )
    if d.assets:
        out.append("  fixed assets:")
    for a in d.assets:
        quantity = (
            f"{format_decimal(a.quantity)} {a.quantity_unit or ''}"
            if a.quantity is not None
            else ""
        )
        out.append(f"    {a.label:<24} {quantity:>12}  {_yuan(a.amount):>10} yuan  [line {a.line}]")
    out.append(f"  {len(d.warnings)} warning(s)")
    return out
