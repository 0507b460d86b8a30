"""Native forms of the shapes' SPARQL targets and SHACL-SPARQL constraints, for the fast engine.

Every query of budgetkg's shapes has one: the targets and ``BoilerplateTable`` here, the
arithmetic constraints in :mod:`.native_sums`, the quality constraints in :mod:`.native_quality`
(with the values SPARQL computes with in :mod:`.native_values`).  With all of them, the engine
makes no Oxigraph store for a disclosure: that store and its ~18 queries were about half the
fast engine's time per disclosure (Oxigraph parses and plans each query for every disclosure).
``bkgsh:BoilerplateTableShape`` was the costliest: it compares the sets of indicator names and
of printed targets of every pair of candidate projects of a disclosure (nested ``FILTER NOT
EXISTS`` over property paths, which Oxigraph evaluates pair by pair).

The shapes stay the specification.  Each native form is registered under a digest of the exact
SPARQL text it implements (whitespace-normalised): when a shape's query is edited, the digest
no longer matches and the engine runs the SPARQL.  A native form also declines (returns None)
for data outside what it was written for — blank nodes, which budgetkg never mints; numbers in
other XSD types; literals the store would merge — and the engine then runs the SPARQL too.
``tests/test_native.py`` and ``tests/test_native_forms.py`` check the digests and that native
and SPARQL results are equal, on the corpus and on edited data that makes every constraint
report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from . import native_quality as quality
from . import native_sums as sums
from .core import RDF_TYPE, Index
from .native_values import ConstraintForm, Row, TargetForm
from .spec import Term
from .terms import number, text

_BKG = "https://w3id.org/budgetkg/ontology#"
_PROV = "http://www.w3.org/ns/prov#"
_HAS_INDICATOR = f"<{_BKG}hasIndicator>"
_HAS_PROJECT = f"<{_BKG}hasProject>"
_ORDINAL = f"<{_BKG}ordinal>"
_LEVEL3 = f"<{_BKG}level3>"
_TARGET_TEXT = f"<{_BKG}targetText>"
_PROJECT = f"<{_BKG}Project>"
_DERIVED = f"<{_PROV}wasDerivedFrom>"
_CATEGORY = f"<{_BKG}category>"
_SUM_OF = f"<{_BKG}sumOf>"
_AMOUNT = f"<{_BKG}amount>"
_CHANGE = f"<{_BKG}changeFromPreviousYear>"
_TARGET_VALUE = f"<{_BKG}targetValue>"
_BKGC = "https://w3id.org/budgetkg/concept/"
_ONE = '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


def query_digest(query: str) -> str:
    """The digest a native form is registered under: SHA-256 of the whitespace-normalised
    query text."""
    return hashlib.sha256(" ".join(query.split()).encode("utf-8")).hexdigest()


def _blank(terms: Iterable[Term]) -> bool:
    return any(t.startswith("_:") for t in terms)


def _first_rows(index: Index) -> list[tuple[Term, str]] | None:
    """(project, key) for every first indicator row (``bkg:ordinal 1``) of a ``bkg:Project``,
    the key being ``CONCAT(STR(?disclosure), " ", STR(?name), " ", STR(?target))``."""
    projects_of: dict[Term, list[Term]] = {}
    for project, indicator in index.by_predicate.get(_HAS_INDICATOR, []):
        projects_of.setdefault(indicator, []).append(project)
    pairs: list[tuple[Term, str]] = []
    for first, ordinal in index.by_predicate.get(_ORDINAL, []):
        if ordinal != _ONE:
            if number(ordinal) == 1:
                return None  # "01", "1.0": whether `bkg:ordinal 1` matches is the store's call
            continue
        names, targets = index.values(first, _LEVEL3), index.values(first, _TARGET_TEXT)
        for project in projects_of.get(first, []):
            if _PROJECT not in index.values(project, RDF_TYPE):
                continue
            homes = index.values(project, _DERIVED)
            if _blank([first, project, *homes, *names, *targets]):
                return None
            for home in homes:
                for name in names:
                    for target in targets:
                        pairs.append((project, f"{text(home)} {text(name)} {text(target)}"))
    return pairs


def boilerplate_targets(index: Index) -> set[Term] | None:
    """Projects whose first row (name and target) is the first row of another project of the
    same disclosure."""
    pairs = _first_rows(index)
    if pairs is None:
        return None
    projects: dict[str, set[Term]] = {}
    for project, key in pairs:
        projects.setdefault(key, set()).add(project)
    return {p for p, key in pairs if len(projects[key]) > 1}


def _objects(index: Index, node: Term, via: Term) -> frozenset[Term]:
    return frozenset(o for i in index.values(node, _HAS_INDICATOR) for o in index.values(i, via))


def _has_first_row(index: Index, node: Term) -> bool:
    """Has an indicator with an ordinal equal to 1 (numerically), a name and a target."""
    for top in index.values(node, _HAS_INDICATOR):
        if not (index.values(top, _LEVEL3) and index.values(top, _TARGET_TEXT)):
            continue
        if any(number(o) == 1 for o in index.values(top, _ORDINAL)):
            return True
    return False


def boilerplate_table(index: Index, focus: set[Term]) -> list[tuple[Term, Row]] | None:
    """Projects whose indicator names and targets equal, as sets, those of other projects of
    their disclosure: (project, {this, path, others}) with the number of such projects."""
    out: list[tuple[Term, Row]] = []
    for this in sorted(focus):
        if not _has_first_row(index, this):
            continue
        names, targets = _objects(index, this, _LEVEL3), _objects(index, this, _TARGET_TEXT)
        others: set[Term] = set()
        for home in index.values(this, _DERIVED):
            for other in index.values(home, _HAS_PROJECT):
                if _blank([this, home, other]):
                    return None
                if (
                    other != this
                    and _objects(index, other, _LEVEL3) == names
                    and _objects(index, other, _TARGET_TEXT) == targets
                ):
                    others.add(other)
        if others:
            count = f'"{len(others)}"^^{_INTEGER}'
            out.append((this, {"this": this, "path": _HAS_INDICATOR, "others": count}))
    return out


# The simple SPARQL targets: one or two triple patterns each.  Oxigraph parses and plans each
# query for every disclosure, which costs more than the match; a focus node that is a blank
# node is left to the SPARQL (whose labels are the store's).


def _iris(nodes: set[Term]) -> set[Term] | None:
    return None if _blank(nodes) else nodes


def _lines_of_summed_categories(index: Index, having: Term) -> set[Term] | None:
    """``?category bkg:sumOf ?part . ?this bkg:category ?category ; <having> ?x``."""
    return _iris({
        this for this, category in index.by_predicate.get(_CATEGORY, [])
        if index.values(category, _SUM_OF) and index.values(this, having)
    })  # fmt: skip


def summed_amount_targets(index: Index) -> set[Term] | None:
    return _lines_of_summed_categories(index, _AMOUNT)


def summed_change_targets(index: Index) -> set[Term] | None:
    return _lines_of_summed_categories(index, _CHANGE)


def _lines_of(category: str) -> TargetForm:
    """``?this bkg:category <category>``."""
    term = f"<{_BKGC}{category}>"

    def target(index: Index) -> set[Term] | None:
        return _iris({this for this, c in index.by_predicate.get(_CATEGORY, []) if c == term})

    return target


def textual_target_targets(index: Index) -> set[Term] | None:
    """``?this bkg:targetText ?text . FILTER NOT EXISTS { ?this bkg:targetValue ?value }``."""
    return _iris({
        this for this, _ in index.by_predicate.get(_TARGET_TEXT, [])
        if not index.values(this, _TARGET_VALUE)
    })  # fmt: skip


#: native SPARQL targets, by the digest of the target's query
TARGETS: dict[str, TargetForm] = {
    "50c3097343ff9cb38e747622b3e134e53d2f5a1811432878d2e8619af4921976": boilerplate_targets,
    "dced81e5f82057a9262a08834cebc41ee242198953932296a79da196e6185db9": summed_amount_targets,
    "91b9c398db9880d402b66554d30b9dcbf998638d400d231ecd00fceecff5b2f4": summed_change_targets,
    "5d69101327908b86f4dddfa69faf439994021ec71cdfc7851960fb6124e375ce": _lines_of(
        "ProjectExpenditure"
    ),
    "8845c65106c0aa365bafdc22a0e8d47be27bcf971cbcb095b547edf6276cfd50": _lines_of(
        "GovernmentProcurement"
    ),
    # GarbledTargetShape and QualitativeTargetShape share this target
    "bde5590f12b4baeba7b483b413c5262e7b5dc23737b07c296779cff0d476e9fa": textual_target_targets,
    "a4ca0e626ded5a51ce021a493e122266e6a191a84cd5fccad721b91222e9bf13": (
        quality.indicator_levels_targets
    ),
    "8485fb1cf4f4e189f208048d3f3235fdf9bd01fa82e10c0546324de310886c2e": quality.percent_targets,
}

#: native SHACL-SPARQL constraints, by the digest of the constraint's query
CONSTRAINTS: dict[str, ConstraintForm] = {
    "d25e09686e96741db0b83c55250af5bfbe699bea54049ec830607ca287457217": boilerplate_table,
    # shapes/arithmetic.ttl (budgetkg.shacl.native_sums)
    "07b8f8e2bae8258d49a40b269eaca7958801e05623c4455a4ae60e5fb3937fb8": sums.amount_sum,
    "23ff9a785afaf717126f87462d62c3eaaca90eba4a08aade5002f490ca740297": sums.change_sum,
    "e67339c483d691c82a3c402b6c1e0c5e3bb85577cbf106a1a518cfba13430881": sums.previous_year_change,
    "d413ecf325279905b602bbd752dc7b63871a61c71b5e27c6052297b82ec30bfb": (
        sums.project_expenditure_sum
    ),
    "16e49785d48ac3c5e9dc47c9f9ebcf4e72434abe6f8e94f95966b171aeaf1f8c": sums.procurement_sum,
    "1cc945bedfb630adcc41eb6708015a64db740286fa32bdd1d8c47b20762adf07": sums.project_funds,
    "0230bdb4e7b1ac49fcab219f3b63799513ae1e5517bc40e4f8743706c69cee1b": (
        sums.procurement_item_price
    ),
    "84a69b591dde9c337bbcef6e00deef64a95a67069c7cdf84b58fbf62af91b4f7": (
        sums.spending_plan_cumulative
    ),
    "7b80f00b79b162ef808a99e7a215cd1dba1834118dc24be90118729650d3c42a": quality.percent_target,
    # shapes/quality.ttl (budgetkg.shacl.native_quality)
    "fa80a59aeebf1a87753f6b7fba5bdd8daddd683d59859179149a5dc9889433bb": (
        quality.document_number_parts
    ),
    "94b0df3407182e5e06998731c4bc5be6babb8d2bbae882661b62b472ecd7b8d6": quality.catalog_code_kind,
    "f44f160e9d489aa284e416b4e1ce4be237a29e353d2624624be282053cdc1997": quality.garbled_target,
    "a4bbf8fd03d11c6fd2d26601038ee431a398a7f0ba0d631b2f921821143c4968": quality.indicator_levels,
    "03f139183cb1a3b13744ea7d6f4173e00f5c32cc0d6b224091fd86e168c4af39": quality.output_indicator,
    "88770a593d4e19268fe2c0f63ef015a8bdc94b0c4b86b50c0b603367c64df32c": quality.region_chain,
    "6e5d88fdb7a00a0e574ef5e345f17a70bc743af5048d8db79699e9a8e3aac0d0": (
        quality.qualitative_target
    ),
    "8815e0a494c3d816eb6eaadd205ed3489d69094e29f0282ec08b8b27c0f10aa3": quality.recovered_number,
}

__all__ = [
    "CONSTRAINTS",
    "TARGETS",
    "boilerplate_table",
    "boilerplate_targets",
    "query_digest",
    "summed_amount_targets",
    "summed_change_targets",
    "textual_target_targets",
]
