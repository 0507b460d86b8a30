"""Lexical checks: SERVICE and updates, outside strings, IRIs and comments.

The endpoint refuses both with ``403`` (see :mod:`budgetkg.server`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: first keywords of SPARQL 1.1 Update operations
_UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)

_LEXER = re.compile(
    r"""
    (?P<skip>
        \#[^\r\n]*                                       # comment
      | '''(?:[^'\\]|\\.|'(?!''))*'''                    # long strings
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\r\n]|\\.)*'                            # short strings
      | "(?:[^"\\\r\n]|\\.)*"
      | <(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>   # IRI
    )
  | (?P<name>[?$]?(?:[\w.:%\u00B7\u0300-\u036F\u203F\u2040-]|\\.)+)  # keywords, names, numbers
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_VARIABLE = re.compile(r"[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*")


def _names(query: str) -> Iterator[str]:
    """Keyword-like tokens of ``query``, with strings, IRIs and comments left out.

    A ``<`` that does not open a valid IRI reference is read as an operator, so
    an expression such as ``?a<?b`` is not taken for an IRI.
    """
    for match in _LEXER.finditer(query):
        if match.lastgroup == "name":
            yield match.group()


def _could_be_service(token: str) -> bool:
    """Whether the parser might read the SERVICE keyword somewhere in ``token``.

    Conservative: only a variable, or the part of a prefixed name or blank-node
    label between its colon and its first dot (``ex:SERVICE``), is known to
    be a name; anything else containing "service" counts (``1SERVICE`` and
    ``?o.SERVICE`` are a number or variable followed by the keyword, and
    ``SERVICE:x`` is the keyword followed by a name to Oxigraph's parser).
    """
    if token[0] in "?$":
        rest = token[_VARIABLE.match(token).end() :]  # type: ignore[union-attr]
        return bool(rest) and _could_be_service(rest)
    if "service" not in token.lower():
        return False
    prefix, colon, local = token.partition(":")
    if not colon or "service" in prefix.lower():
        return True
    return "service" in local.partition(".")[2].lower()


def uses_service(query: str) -> bool:
    """Whether ``query`` may contain a ``SERVICE`` clause (federated query)."""
    return any(_could_be_service(token) for token in _names(query))


def update_operation(query: str) -> str | None:
    """The update keyword (``INSERT``, ``DROP``, …) when ``query`` is an update request."""
    for token in _names(query):
        word = token.lower()
        if word in {"base", "prefix"} or ":" in word:
            continue
        return token.upper() if word in _UPDATE_KEYWORDS else None
    return None
