"""Native forms of the quality shapes (``shapes/quality.ttl``) and of the two remaining SPARQL
targets, for the fast engine; see :mod:`budgetkg.shacl.native_sums` for the approach."""

from __future__ import annotations

import re

from .core import RDF_TYPE, Index
from .native_values import (
    ConstraintForm,
    Decline,
    Solutions,
    declining,
    focus_nodes,
    iri,
    num,
    one_or_none,
    plain,
    string,
    written,
)
from .spec import Term
from .terms import XSD, XSD_STRING, literal

_BKG = "https://w3id.org/budgetkg/ontology#"
_BKGC = "https://w3id.org/budgetkg/concept/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TARGET_TEXT = f"<{_BKG}targetText>"
_TARGET_VALUE = f"<{_BKG}targetValue>"
_UNIT = f"<{_BKG}unit>"
_DOCUMENT_NUMBER = f"<{_BKG}documentNumber>"
_ISSUER = f"<{_BKG}issuerCode>"
_YEAR = f"<{_BKG}issueYear>"
_SERIAL = f"<{_BKG}serialNumber>"
_RECOVERED = f"<{_BKG}numberRecovered>"
_CATALOG_CODE = f"<{_BKG}catalogCode>"
_KIND = f"<{_BKG}procurementKind>"
_REGION_LEVEL = f"<{_BKG}regionLevel>"
_PART_OF = f"<{_BKG}partOf>"
_LEVEL1 = f"<{_BKG}level1>"
_LEVEL2 = f"<{_BKG}level2>"
_HAS_INDICATOR = f"<{_BKG}hasIndicator>"
_PROJECT = f"<{_BKG}Project>"
_OUTPUT = f"<{_BKGC}OutputIndicator>"
_NOTATION = f"<{_SKOS}notation>"
_BROADER = f"<{_SKOS}broader>"
_RELATED = f"<{_SKOS}related>"
_PREF_LABEL = f"<{_SKOS}prefLabel>"
_DIGIT = re.compile("[0-9]")
_HUNDRED = 100


def _textual(has_digit: bool) -> ConstraintForm:
    """``GarbledTarget`` (a target text with a digit and no value) or ``QualitativeTarget``
    (without a digit)."""

    @declining
    def form(index: Index, focus: set[Term]) -> Solutions:
        out: Solutions = []
        for this in focus_nodes(focus):
            if index.values(this, _TARGET_VALUE):
                continue
            for value in index.values(this, _TARGET_TEXT):
                if bool(_DIGIT.search(string(value))) == has_digit:
                    row = {"this": this, "path": _TARGET_TEXT, "value": written(value)}
                    out.append((this, row))
        return out

    return form


garbled_target = _textual(True)
qualitative_target = _textual(False)


@declining
def document_number_parts(index: Index, focus: set[Term]) -> Solutions:
    """``DocumentNumberParts``: the number is issuer〔year〕serial号."""
    out: Solutions = []
    for this in focus_nodes(focus):
        for number in index.values(this, _DOCUMENT_NUMBER):
            for code in one_or_none(index.values(this, _ISSUER)):
                for year in one_or_none(index.values(this, _YEAR)):
                    for serial in one_or_none(index.values(this, _SERIAL)):
                        parts = [string(t, "—") for t in (code, year, serial)]
                        if string(number) != "{}〔{}〕{}号".format(*parts):
                            issuer, year_, serial_ = map(plain, parts)
                            out.append((this, {
                                "this": this, "path": _DOCUMENT_NUMBER, "value": written(number),
                                "issuer": issuer, "year": year_, "serial": serial_,
                            }))  # fmt: skip
    return out


def _after(text: str, marker: str) -> str:
    """SPARQL STRAFTER."""
    return text.split(marker, 1)[1] if marker in text else ""


@declining
def catalog_code_kind(index: Index, focus: set[Term]) -> Solutions:
    """``CatalogCodeKind``: the kind's notation is the first letter of the catalogue code."""
    out: Solutions = []
    for this in focus_nodes(focus):
        kinds = index.values(this, _KIND)
        if len(kinds) > 1:
            raise Decline  # the path procurementKind/skos:notation through two kinds
        for code in index.values(this, _CATALOG_CODE):
            for concept in kinds:
                for letter in index.values(concept, _NOTATION):
                    if string(code)[:1] != string(letter):
                        kind = plain(_after(string(concept), "concept/"))
                        out.append((this, {
                            "this": this, "path": _KIND, "value": written(code), "kind": kind,
                        }))  # fmt: skip
    return out


@declining
def region_chain(index: Index, focus: set[Term]) -> Solutions:
    """``RegionChain``: a region below a province has a parent."""
    out: Solutions = []
    for this in focus_nodes(focus):
        if index.values(this, _PART_OF):
            continue
        for value in index.values(this, _REGION_LEVEL):
            if string(value) != "province":
                out.append((this, {"this": this, "path": _PART_OF, "value": written(value)}))
    return out


def _is_true(term: Term) -> bool:
    """Whether the pattern's ``true`` matches the term (the store keeps booleans by value)."""
    lit = literal(term)
    if lit is None or lit[1] != XSD + "boolean":
        return False
    if lit[0] not in ("true", "false", "1", "0"):
        raise Decline
    return lit[0] in ("true", "1")


@declining
def recovered_number(index: Index, focus: set[Term]) -> Solutions:
    """``RecoveredNumber``: the document number was read from a form without brackets."""
    out: Solutions = []
    for this in focus_nodes(focus):
        matches = sum(map(_is_true, index.values(this, _RECOVERED)))
        if matches > 1:
            raise Decline  # "true" and "1": one triple in the store
        for value in index.values(this, _DOCUMENT_NUMBER) if matches else ():
            out.append((this, {"this": this, "path": _DOCUMENT_NUMBER, "value": written(value)}))
    return out


@declining
def output_indicator(index: Index, focus: set[Term]) -> Solutions:
    """``OutputIndicator``: a project without an output (产出) indicator."""
    out: Solutions = []
    for this in focus_nodes(focus):
        if _PROJECT not in index.values(this, RDF_TYPE):
            continue
        indicators = index.values(this, _HAS_INDICATOR)
        if not any(_OUTPUT in index.values(i, _LEVEL1) for i in indicators):
            out.append((this, {"this": this, "path": _HAS_INDICATOR}))
    return out


def _misplaced(index: Index, this: Term) -> list[tuple[Term, Term]]:
    """(level1, level2) of ``this`` where the level-2 type is neither narrower than nor
    related to the level-1 type."""
    return [
        (level1, level2)
        for level1 in index.values(this, _LEVEL1)
        for level2 in index.values(this, _LEVEL2)
        if level1 not in index.values(level2, _BROADER)
        and level1 not in index.values(level2, _RELATED)
    ]


@declining
def indicator_levels_targets(index: Index) -> set[Term]:
    """``?this bkg:level1 ?level1 ; bkg:level2 ?level2`` without
    ``?level2 skos:broader|skos:related ?level1``."""
    return {iri(this) for this, _ in index.by_predicate.get(_LEVEL1, []) if _misplaced(index, this)}


def _zh_labels(index: Index, concept: Term) -> list[Term | None]:
    labels = []
    for label in index.values(concept, _PREF_LABEL):
        lit = literal(label)
        if lit is not None and lit[2] is not None and lit[2] != lit[2].lower():
            raise Decline  # the store's form of the tag
        if lit is not None and lit[2] == "zh":
            labels.append(label)
    return one_or_none(labels)


def _name(label: Term | None, concept: Term) -> str:
    return f"{string(label, '')}（{_after(string(concept), 'concept/')}）"


@declining
def indicator_levels(index: Index, focus: set[Term]) -> Solutions:
    """``IndicatorLevels``: the level-2 type belongs under the level-1 type."""
    out: Solutions = []
    for this in focus_nodes(focus):
        for level1, level2 in _misplaced(index, this):
            for label1 in _zh_labels(index, level1):
                for label2 in _zh_labels(index, level2):
                    out.append((this, {
                        "this": this, "path": _LEVEL2, "value": written(level2),
                        "name1": plain(_name(label1, level1)),
                        "name2": plain(_name(label2, level2)),
                    }))  # fmt: skip
    return out


def _percent(index: Index, node: Term) -> bool:
    """``node bkg:unit "%"`` (once: the store would merge two forms of the same string)."""
    units = [u for u in index.values(node, _UNIT) if literal(u) == ("%", XSD_STRING, None)]
    if len(units) > 1:
        raise Decline
    return bool(units)


def _above_hundred(index: Index, node: Term) -> list[Term]:
    return [v for v in index.values(node, _TARGET_VALUE) if num(v).value > _HUNDRED]


@declining
def percent_targets(index: Index) -> set[Term]:
    """``?this bkg:unit "%" ; bkg:targetValue ?value . FILTER (?value > 100)``."""
    found = set()
    for this, unit in index.by_predicate.get(_UNIT, []):
        percent = literal(unit) == ("%", XSD_STRING, None) and _percent(index, this)
        if percent and _above_hundred(index, this):
            found.add(iri(this))
    return found


@declining
def percent_target(index: Index, focus: set[Term]) -> Solutions:
    """``PercentTarget``: a percentage target above 100."""
    out: Solutions = []
    for this in focus_nodes(focus):
        if not _percent(index, this):
            continue
        for value in _above_hundred(index, this):
            for printed in one_or_none(index.values(this, _TARGET_TEXT)):
                out.append((this, {
                    "this": this, "path": _TARGET_VALUE, "value": written(value),
                    "text": plain(string(printed, "")),
                }))  # fmt: skip
    return out


__all__ = [
    "catalog_code_kind",
    "document_number_parts",
    "garbled_target",
    "indicator_levels",
    "indicator_levels_targets",
    "output_indicator",
    "percent_target",
    "percent_targets",
    "qualitative_target",
    "recovered_number",
    "region_chain",
]
