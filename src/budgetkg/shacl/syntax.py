"""Is a unit's N-Triples text valid?  Answered without parsing it again when its terms are plain.

The fast engine reads a unit through :func:`~budgetkg.shacl.terms.split_text`, which does not
check terms; until every constraint had a native form, Oxigraph's parse of the unit into its
store did (an IRI with ``{``, a language tag ``zh-``: a unit that is not valid N-Triples
sends the validator to the whole-file reader, which names the line).  Now the store is rarely
made, so the check is made here: every term is matched against patterns of a conservative
subset of N-Triples — absolute ``http(s)`` IRIs of unreserved characters, percent escapes and
CJK-range characters; literals with simple escapes only and no control characters but tab;
two- or three-letter language tags with an optional region or script — and only a unit with
some other term is parsed by Oxigraph
(:func:`pyoxigraph.parse`, which raises :class:`SyntaxError` where the file reader would).
A term the patterns accept is valid N-Triples; the converse need not hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from .spec import Term

# unrolled loops (runs of plain characters between escapes): a term is matched in one pass
_I_PLAIN = r"[A-Za-z0-9._~!$&'()*+,;=:@/\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef-]*"
_I_PART = rf"{_I_PLAIN}(?:%[0-9A-Fa-f]{{2}}{_I_PLAIN})*"
_IRI = rf"<https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/{_I_PART})?(?:\?{_I_PART})?(?:#{_I_PART})?>"
_BLANK = r"_:[A-Za-z0-9_][A-Za-z0-9_-]*"
_LANGUAGE = r"@[a-z]{2,3}(?:-(?:[A-Z]{2}|[A-Z][a-z]{3}))?"
_L_PLAIN = r'[^"\\\x00-\x08\x0a-\x1f\x7f\ufffe\uffff]*'  # no controls but tab, no non-characters
_LITERAL = rf'"{_L_PLAIN}(?:\\[tbnrf"\'\\]{_L_PLAIN})*"(?:{_LANGUAGE}|\^\^{_IRI})?'
_NODE = re.compile(rf"{_IRI}|{_BLANK}")
_PREDICATE = re.compile(_IRI)
_OBJECT = re.compile(rf"{_IRI}|{_BLANK}|{_LITERAL}")


def plain_terms(triples: Iterable[tuple[Term, Term, Term]]) -> bool:
    """Whether every term is in the conservative subset (and so valid N-Triples)."""
    subjects, predicates, objects = set(), set(), set()
    for s, p, o in triples:
        subjects.add(s)
        predicates.add(p)
        objects.add(o)
    node, predicate, obj = _NODE.fullmatch, _PREDICATE.fullmatch, _OBJECT.fullmatch
    return all(map(predicate, predicates)) and all(map(node, subjects)) and all(map(obj, objects))


def parse_check(ntriples: bytes) -> None:
    """Raise :class:`SyntaxError` where Oxigraph's N-Triples parser (the file reader's)
    refuses ``ntriples``."""
    for _ in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        pass


def check_syntax(ntriples: bytes, triples: Iterable[tuple[Term, Term, Term]]) -> None:
    """Raise :class:`SyntaxError` if ``ntriples`` (split into ``triples``) is not valid
    N-Triples: :func:`parse_check` unless every term is plain."""
    if not plain_terms(triples):
        parse_check(ntriples)


__all__ = ["check_syntax", "parse_check", "plain_terms"]
