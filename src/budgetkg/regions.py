"""The administrative chain (province → city → county/district → zone → town) of a name.

Known divisions come from the data table ``data/regions.tsv``; below the county
level the chain is read from the name's own suffixes (``…新区``, ``…开发区``,
``…园区``, ``…镇``, ``…乡``).  Nothing is invented: a name that starts with no
known division yields an empty chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .model import Region

_ZONE = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:新区|开发区|产业园区|工业园区|园区|高新区|管理区)")
_COUNTY = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:区|县|市|旗)")
_TOWN = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:镇|乡)")


@dataclass(frozen=True, slots=True)
class _Division:
    name: str
    level: str
    parent: str | None


@cache
def _table() -> dict[str, _Division]:
    text = (files("budgetkg") / "data" / "regions.tsv").read_text(encoding="utf-8")
    table: dict[str, _Division] = {}
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, level, parent = [*raw.split("\t"), "", ""][:3]
        table[name] = _Division(name, level, parent or None)
    return table


def _ancestors(name: str) -> list[Region]:
    table = _table()
    chain: list[Region] = []
    current: str | None = name
    while current is not None and current in table:
        d = table[current]
        chain.append(Region(d.name, d.level))
        current = d.parent
    return list(reversed(chain))


def _level(token: str) -> str:
    if token.endswith(("区", "旗")) and not _ZONE.fullmatch(token):
        return "district"
    return "county"


def region_chain(name: str) -> tuple[Region, ...]:
    """Read the chain out of a department name, e.g. 廊坊市广阳区九州镇白家务办事处 →
    (河北省, 廊坊市, 广阳区, 九州镇)."""
    table = _table()
    rest = name
    chain: list[Region] = []
    # a known division at the start, with or without its 市 suffix
    for known in sorted(table, key=len, reverse=True):
        short = known[:-1] if known.endswith("市") else known
        for candidate in (known, short):
            if len(candidate) >= 2 and rest.startswith(candidate):
                chain = _ancestors(known)
                rest = rest[len(candidate) :]
                break
        if chain:
            break
    if not chain:
        return ()
    if chain[-1].level == "city":
        zone = _ZONE.match(rest)
        county = _COUNTY.match(rest)
        if zone is None and county is not None:
            chain.append(Region(county.group(0), _level(county.group(0))))
            rest = rest[county.end() :]
    while (zone := _ZONE.match(rest)) is not None:
        chain.append(Region(zone.group(0), "zone"))
        rest = rest[zone.end() :]
    if (town := _TOWN.match(rest)) is not None:
        chain.append(Region(town.group(0), "town"))
    return tuple(chain)
