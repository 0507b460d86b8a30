"""The named SPARQL queries of ``queries/*.rq``: load, bind parameters safely, run, format.

Every ``.rq`` file starts with a header of comment lines::

    # name: projects-under-document
    # question (zh): 依据某一文件安排了哪些项目？
    # question (en): Which projects are funded under a given policy document?
    # parameters: ?document literal = 冀组发〔2018〕14号 — the canonical document number

``parameters`` is ``none`` or one line per parameter: ``?NAME TYPE [= DEFAULT] [— text]`` with
TYPE one of :data:`PARAMETER_TYPES` (a default cannot contain spaces).  Parameters are bound
with pyoxigraph's ``substitutions=`` (SEP-0007), never pasted into the query text, so a value
is always one RDF term; a parameter variable must therefore be in the SELECT projection.  A
parameter not given takes its default; given as ``k=`` (empty), or without a default, it stays
unbound and the query ranges over all values.

Graph layout (the one of ``budgetkg build --store``, :mod:`budgetkg.store`): every disclosure
in its own named graph, the vocabulary (``ontology/*.ttl``: labels, ``bkg:sumOf``) in the named
graph :data:`~budgetkg.store.ONTOLOGY_GRAPH`.  Queries run, as on ``budgetkg serve``, with the
union of all graphs as default graph, where the vocabulary patterns find the ontology; the
disclosure data is matched inside ``GRAPH ?g { … }`` only, because Oxigraph 0.5 counts a triple
of the union once per graph holding it (shared departments, regions, documents), which would
inflate COUNT and SUM.  :func:`load_graph_file` builds this layout in memory (Turtle and
N-Triples files go into one named graph).

The results and their output formats are in :mod:`budgetkg.query_format` (re-exported here).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from .errors import InputError, UsageError
from .query_format import OUTPUT_FORMATS, PREFIXES, Result, Term, format_result
from .rdf.export import DATASET_FORMATS, FORMATS, format_for
from .resources import resource_files
from .store import ONTOLOGY_GRAPH, ontology_quads
from .store import open_store as _open_store

__all__ = [
    "OUTPUT_FORMATS",
    "PARAMETER_TYPES",
    "PREFIXES",
    "NamedQuery",
    "Parameter",
    "Result",
    "Term",
    "bind_parameters",
    "describe_library",
    "execute",
    "find_query",
    "format_result",
    "has_vocabulary",
    "library",
    "load_graph_file",
    "load_query_file",
    "load_vocabulary",
    "open_store",
    "parse_query",
    "run_query",
]

PARAMETER_TYPES = ("iri", "literal", "integer", "decimal", "string@zh")
_XSD = PREFIXES["xsd"]
_HEADER = re.compile(r"^#\s*(name|question \((?:zh|en)\)|parameters)\s*:\s*(.*?)\s*$")
_PARAMETER = re.compile(
    r"^\?(?P<name>[A-Za-z_]\w*)\s+(?P<type>\S+)(?:\s*=\s*(?P<default>\S+))?"
    r"(?:\s+[—–-]+\s+(?P<text>.*))?$"
)


@dataclass(frozen=True)
class Parameter:
    """A query parameter declared in the header: ``?name type [= default] — description``."""

    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question_zh: str
    question_en: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path | None = None


# --- the library ---------------------------------------------------------------------------


def parse_query(text: str, path: Path | None = None) -> NamedQuery:
    """A query with its header; fields missing from the header are empty (name: the file stem)."""
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    where = str(path) if path else "<query>"
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match is None:
            continue
        key, value = match.groups()
        if key != "parameters":
            fields[key] = value
        elif value.lower() != "none":
            parameters.append(_parse_parameter(value, where))
    return NamedQuery(
        name=fields.get("name") or (path.stem if path else ""),
        question_zh=fields.get("question (zh)", ""),
        question_en=fields.get("question (en)", ""),
        parameters=tuple(parameters),
        text=text,
        path=path,
    )


def _parse_parameter(value: str, where: str) -> Parameter:
    match = _PARAMETER.match(value)
    if match is None or match["type"] not in PARAMETER_TYPES:
        raise InputError(
            where,
            f"bad parameter declaration {value!r}: expected '?name TYPE [= default] — text' "
            f"with TYPE one of {', '.join(PARAMETER_TYPES)}",
        )
    return Parameter(match["name"], match["type"], match["default"], match["text"] or "")


def load_query_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read query: {exc}") from None
    return parse_query(text, path)


@cache
def library() -> tuple[NamedQuery, ...]:
    """The named queries shipped with budgetkg (``queries/*.rq``), sorted by file name."""
    return tuple(load_query_file(p) for p in resource_files("queries", ".rq"))


def find_query(ref: str) -> NamedQuery:
    """A library query by name, or a ``.rq`` file by path."""
    if ref.endswith(".rq") or Path(ref).is_file():
        return load_query_file(Path(ref))
    for query in library():
        if query.name == ref:
            return query
    names = ", ".join(q.name for q in library())
    raise UsageError(f"unknown query {ref!r}; known queries: {names} (or give a FILE.rq)")


def describe_library(fmt: str = "table") -> str:
    """The library as text (name, parameters, questions) or as JSON."""
    if fmt == "json":
        keys = ("name", "question_zh", "question_en")
        items = [{k: getattr(q, k) for k in keys} for q in library()]
        for item, q in zip(items, library(), strict=True):
            item["parameters"] = [asdict(p) for p in q.parameters]
        return json.dumps(items, ensure_ascii=False, indent=2)
    lines = []
    for q in library():
        params = " ".join(f"?{p.name}" for p in q.parameters)
        lines.append(f"{q.name}{'  ' + params if params else ''}")
        lines.append(f"    {q.question_zh}")
        lines.append(f"    {q.question_en}")
    return "\n".join(lines)


# --- graphs and stores ---------------------------------------------------------------------


def load_vocabulary(store: ox.Store) -> None:
    """Add the ontology and the topic scheme to ``store`` in their named graph."""
    store.extend(ontology_quads())


def has_vocabulary(store: ox.Store) -> bool:
    """Whether the store holds the vocabulary (the bkg:sumOf rules) in any graph."""
    ask = f"ASK {{ <{PREFIXES['bkgc']}TotalExpenditure> <{PREFIXES['bkg']}sumOf> ?part }}"
    return bool(store.query(ask, use_default_graph_as_union=True))


def load_graph_file(path: Path) -> ox.Store:
    """An in-memory store with the graph file and the vocabulary (see the module notes)."""
    try:
        fmt = format_for(path, None)
    except UsageError:
        raise InputError(str(path), "cannot tell the RDF format from the extension") from None
    if not path.is_file():
        raise InputError(str(path), "no such file")
    store, rdf_format = ox.Store(), FORMATS[fmt]
    target = None if fmt in DATASET_FORMATS else ox.NamedNode(path.resolve().as_uri())
    try:
        store.load(path=path, format=rdf_format, to_graph=target)
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(str(path), f"not valid {rdf_format.name}: {exc}") from None
    if len(store) == 0:
        raise InputError(str(path), "the graph file holds no triples")
    load_vocabulary(store)
    return store


def open_store(directory: Path) -> ox.Store:
    """An existing store directory (``budgetkg build --store``), opened read-only."""
    return _open_store(directory, read_only=True)


# --- running -------------------------------------------------------------------------------


def _term(parameter: Parameter, value: str) -> Term:
    kind = parameter.type
    try:
        if kind == "iri":
            prefix, _, local = value.partition(":")
            return ox.NamedNode(PREFIXES[prefix] + local if prefix in PREFIXES else value)
        if kind == "integer" and re.fullmatch(r"[+-]?\d+", value):
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if kind == "decimal" and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", value):
            number = Decimal(value)
            return ox.Literal(f"{number:f}", datatype=ox.NamedNode(_XSD + "decimal"))
        if kind == "string@zh":
            return ox.Literal(value, language="zh")
        if kind == "literal":
            return ox.Literal(value)
    except (ValueError, InvalidOperation) as exc:
        raise UsageError(
            f"parameter {parameter.name}: {value!r} is not a valid {kind}: {exc}"
        ) from None
    raise UsageError(f"parameter {parameter.name}: {value!r} is not a valid {kind}")


def bind_parameters(query: NamedQuery, params: Mapping[str, str]) -> dict[ox.Variable, Term]:
    """RDF terms for the parameters (given values, else defaults), by declared type."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise UsageError(
            f"query {query.name!r} has no parameter {', '.join(unknown)} (parameters: {known})"
        )
    bound: dict[ox.Variable, Term] = {}
    for name, parameter in declared.items():
        value = params.get(name, parameter.default)
        if value:
            bound[ox.Variable(name)] = _term(parameter, value)
    return bound


def run_query(
    store: ox.Store, query: NamedQuery | str, params: Mapping[str, str] | None = None
) -> Result:
    """Run a query (a :class:`NamedQuery`, or a library name / ``.rq`` path) on ``store``."""
    named = find_query(query) if isinstance(query, str) else query
    substitutions = bind_parameters(named, params or {})
    try:
        answer = store.query(
            named.text, use_default_graph_as_union=True, substitutions=substitutions or None
        )
    except SyntaxError as exc:
        raise InputError(str(named.path or named.name), f"invalid SPARQL: {exc}") from None
    except RuntimeError as exc:  # e.g. a parameter variable missing from the projection
        raise InputError(str(named.path or named.name), str(exc)) from None
    if isinstance(answer, ox.QueryBoolean):
        return Result(variables=(), boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples = tuple((t.subject, t.predicate, t.object) for t in answer)
        return Result(variables=("subject", "predicate", "object"), rows=triples)
    variables = answer.variables
    rows = tuple(tuple(cast("Term | None", s[v]) for v in variables) for s in answer)
    return Result(variables=tuple(v.value for v in variables), rows=rows)


def execute(
    ref: str,
    graph_file: Path | None = None,
    store_dir: Path | None = None,
    params: Iterable[str] = (),
    fmt: str = "table",
) -> tuple[str, list[str]]:
    """The ``budgetkg query`` command: (formatted result, warnings)."""
    if (graph_file is None) == (store_dir is None):
        raise UsageError("give exactly one of GRAPH_FILE or --store DIR")
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--param {item!r}: expected NAME=VALUE")
        values[key.lstrip("?")] = value
    named = find_query(ref)
    warnings = []
    if store_dir is not None:
        store = open_store(store_dir)
        if not has_vocabulary(store):
            warnings.append(
                f"warning: {store_dir}: no budgetkg ontology in the store; labels and the "
                f"bkg:sumOf checks are missing (load ontology/*.ttl into {ONTOLOGY_GRAPH})"
            )
    else:
        store = load_graph_file(cast(Path, graph_file))
    return format_result(run_query(store, named, values), fmt), warnings
