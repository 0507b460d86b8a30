"""Native forms of the shapes' costliest SPARQL, and of the simplest SPARQL targets, for the
fast engine.

``bkgsh:BoilerplateTableShape`` compares the sets of indicator names and of printed targets of
every pair of candidate projects of a disclosure: nested ``FILTER NOT EXISTS`` over property
paths, which Oxigraph evaluates pair by pair — some 70% of the fast engine's query time on the
synthetic corpora, 1.8 of 4.3 seconds for 54 disclosures.  The same semantics over the unit's
:class:`~budgetkg.shacl.core.Index` take a millisecond.

The shapes stay the specification.  Each native form is registered under a digest of the exact
SPARQL text it implements (whitespace-normalised): when a shape's query is edited, the digest
no longer matches and the engine runs the SPARQL.  A native form also declines (returns None)
for data outside what it was written for — blank nodes, which budgetkg never mints, in the
places it compares — and the engine then runs the SPARQL too.  ``tests/test_native.py`` checks
the digests and that native and SPARQL solutions are equal, on the corpus and on edited tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from .core import RDF_TYPE, Index
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

Row = dict[str, Term]
TargetForm = Callable[[Index], set[Term] | None]
ConstraintForm = Callable[[Index, set[Term]], list[tuple[Term, Row]] | None]


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
}

#: native SHACL-SPARQL constraints, by the digest of the constraint's query
CONSTRAINTS: dict[str, ConstraintForm] = {
    "d25e09686e96741db0b83c55250af5bfbe699bea54049ec830607ca287457217": boilerplate_table,
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
