"""Turtle of a build's sorted triples, written directly: what Oxigraph's serializer writes.

``budgetkg build -o FILE.ttl`` rendered each disclosure by parsing its N-Triples with
Oxigraph and serialising them as Turtle: 7.3 ms of a worker's ~28 ms per disclosure, most of
it making a Python object of every term of every triple.  :func:`turtle_text` writes the same
bytes from the terms' N-Triples text (the build's triples are sorted, so a subject's triples
and a predicate's objects are adjacent, which is how Oxigraph groups them):

* ``<s> p1 o1 , o2 ;\\n\\tp2 o3 .\\n`` per subject, ``a`` for ``rdf:type`` as predicate;
* an IRI under one of :data:`~budgetkg.rdf.terms.PREFIXES` as a prefixed name (the longest
  namespace), any other as ``<iri>``;
* ``xsd:integer``, ``xsd:decimal`` and ``xsd:boolean`` literals bare where their lexical
  form is a Turtle number or boolean (``667``, ``2.5``, ``true``), other typed literals with
  a prefixed datatype, strings and language-tagged strings as written.

It declines (returns None, and the caller serialises with Oxigraph as before) on anything
outside the forms checked against Oxigraph's output (``tests/test_turtle.py``): blank nodes,
a prefixed name whose local part would need an escape, literals with ``\\u`` escapes or
upper-case language tags, other numeric datatypes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain

from .graph import Triple
from .terms import PREFIXES, TYPE, XSD

#: an IRI term under a namespace of PREFIXES, longest namespace first (``topic:`` before
#: ``bkgc:``): group 1 is the namespace
_NAMESPACE = re.compile(
    "<(" + "|".join(re.escape(ns) for ns in sorted(PREFIXES.values(), key=len, reverse=True)) + ")"
)
_PREFIX = {ns: prefix for prefix, ns in PREFIXES.items()}
#: a local part Oxigraph writes without escapes (a conservative subset of PN_LOCAL)
_NAME_START = r"A-Za-z0-9_\u3400-\u4dbf\u4e00-\u9fff"
_LOCAL = re.compile(rf"[{_NAME_START}][{_NAME_START}-]*")
_BARE = {
    f"<{XSD}integer>": re.compile(r"[+-]?[0-9]+"),
    f"<{XSD}decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    f"<{XSD}boolean>": re.compile(r"true|false"),
}
_LANGUAGE = re.compile(r"@[a-z]+(?:-[a-z0-9]+)*")
#: typed literals Oxigraph may write in forms not checked here
_UNCHECKED_TYPES = {f"<{XSD}double>", f"<{XSD}float>"}


class _Decline(Exception):
    pass


def _iri(term: str) -> str:
    if "\\" in term:
        raise _Decline
    m = _NAMESPACE.match(term)
    if m is None:
        return term
    local = term[m.end() : -1]
    if not _LOCAL.fullmatch(local):
        raise _Decline
    return f"{_PREFIX[m.group(1)]}:{local}"


def _object(term: str) -> str:
    if term.startswith("<"):
        return _iri(term)
    if not term.startswith('"'):
        raise _Decline  # a blank node
    end = term.rindex('"')
    if "\\u" in term[:end]:
        raise _Decline
    rest = term[end + 1 :]
    if not rest:
        return term
    if rest.startswith("@"):
        if not _LANGUAGE.fullmatch(rest):
            raise _Decline
        return term
    datatype = rest[2:]  # "^^<…>"
    bare = _BARE.get(datatype)
    if bare is not None and bare.fullmatch(term, 1, end):
        return term[1:end]
    if datatype in _UNCHECKED_TYPES:
        raise _Decline
    return term[: end + 1] + "^^" + _iri(datatype)


def turtle_text(triples: Sequence[Triple]) -> bytes | None:
    """``triples`` (sorted, distinct) as Oxigraph writes them in Turtle, without the prefix
    header; None where this writer does not know Oxigraph's form for a term."""
    if not triples:
        return b""
    try:  # every distinct term once (a blank node declines here); rdf:type is "a" only as
        # a predicate, elsewhere rdf:type
        forms = {t: _object(t) for t in set(chain.from_iterable(triples))}
    except _Decline:
        return None
    out: list[str] = []
    subject = predicate = ""
    for s, p, o in triples:
        if s != subject:
            if s[0] != "<":
                return None  # a literal subject
            verb = "a" if p == TYPE else forms[p]
            out += (" .\n", forms[s], " ", verb, " ", forms[o])
            subject, predicate = s, p
        elif p != predicate:
            verb = "a" if p == TYPE else forms[p]
            out += (" ;\n\t", verb, " ", forms[o])
            predicate = p
        else:
            out += (" , ", forms[o])
    out.append(" .\n")
    return "".join(out)[3:].encode("utf-8")


__all__ = ["turtle_text"]
