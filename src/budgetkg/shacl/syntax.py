r"""Is a unit's N-Triples text valid, and is every term spelled as Oxigraph writes it?

The fast engine compares terms as N-Triples text (:func:`~budgetkg.shacl.terms.split_text`
does not parse them), so it needs both: a unit that is not valid N-Triples must send the
validator to the whole-file reader, which names the line (an IRI with ``{``, a language tag
``zh-``), and one term must have one spelling, or ``<…/\u0064isclosure/…>`` and
``<…/disclosure/…>`` would be two nodes and ``"…"@ZH`` would not be ``"…"@zh``.  Both are
answered without parsing when every term matches patterns of a conservative subset of
N-Triples in Oxigraph's own spelling — absolute ``http(s)`` IRIs of unreserved characters,
percent escapes and CJK-range characters (no ``\u`` escapes); literals with the escapes
Oxigraph writes (``\t \b \n \r \f \" \\``) and no control characters or non-characters;
lower-case language tags of two or three letters with an optional region or script — which is
how a ``budgetkg build`` file is written.  A unit with some other term is parsed and written
again by Oxigraph (:func:`canonical`, which raises :class:`SyntaxError` where the file reader
would).  A term the patterns accept is valid N-Triples in Oxigraph's spelling; the converse
need not hold.
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
_LANGUAGE = r"@[a-z]{2,3}(?:-(?:[a-z]{2}|[a-z]{4}))?"  # Oxigraph writes tags in lower case
_L_PLAIN = r'[^"\\\x00-\x1f\x7f\ufffe\uffff]*'  # no control characters, no non-characters
_LITERAL = rf'"{_L_PLAIN}(?:\\[tbnrf"\\]{_L_PLAIN})*"(?:{_LANGUAGE}|\^\^{_IRI})?'
_NODE = re.compile(rf"{_IRI}|{_BLANK}")
_PREDICATE = re.compile(_IRI)
_OBJECT = re.compile(rf"{_IRI}|{_BLANK}|{_LITERAL}")


def plain_terms(triples: Iterable[tuple[Term, Term, Term]]) -> bool:
    """Whether every term is in the conservative subset (valid N-Triples, Oxigraph's spelling)."""
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


def canonical(ntriples: bytes) -> bytes:
    """``ntriples`` parsed and written again by Oxigraph: one spelling per term, as the file
    reader would give.  Raises :class:`SyntaxError` where the file reader's parser would."""
    written = ox.serialize(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES
    )
    assert written is not None  # no output file given: the bytes
    return written


__all__ = ["canonical", "parse_check", "plain_terms"]
