"""Hostile and broken input: a model with diagnostics or an InputError, nothing else.

Property-based (hypothesis, derandomized so CI runs the same cases every time): the
corpus documents are truncated, shuffled, duplicated and cut into, whole sections are
deleted, repeated and swapped, lines are replaced by random or template-like text,
and random bytes are injected; Word and HTML originals are mangled inside their
markup.  Every case must end in a :class:`~budgetkg.model.Disclosure` or an
:class:`~budgetkg.errors.InputError` within :data:`LIMIT` seconds (a SIGALRM timer
interrupts a hang; the elapsed time is checked as well).  Names with quotes,
backslashes, angle brackets, newlines and control characters must give valid IRIs
and correctly escaped literals, checked by re-parsing the N-Triples and Turtle output
with Oxigraph's strict parsers.
"""

from __future__ import annotations

import dataclasses
import io
import re
import signal
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from budgetkg.build import build_graph
from budgetkg.errors import InputError
from budgetkg.ingest import source_from_bytes
from budgetkg.model import Disclosure
from budgetkg.normalise import normalise_lines
from budgetkg.parse.disclosure import parse_source
from budgetkg.parse.sections import split_sections
from budgetkg.rdf.export import serialize
from budgetkg.rdf.mapping import disclosure_quads
from budgetkg.readers import read_bytes
from conftest import CORPUS_KEYS, corpus_path

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
LIMIT = 5.0  # seconds per case
T = TypeVar("T")


def cases(n: int) -> settings:
    return settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,  # time is bounded by the alarm below, not by hypothesis
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


class Hang(Exception):
    """A case ran longer than :data:`LIMIT` seconds."""


@contextmanager
def time_limit(seconds: float = LIMIT) -> Iterator[None]:
    """Fail a case that runs longer than ``seconds``: a timer interrupts it (where the
    platform has one), and the elapsed time is checked afterwards in any case."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    timer = hasattr(signal, "setitimer")
    if timer:
        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s"


def outcome(call: Callable[[], T]) -> T | InputError:
    """``call()`` or the InputError it raised; any other exception fails the test."""
    with time_limit():
        try:
            result = call()
        except InputError as exc:
            assert str(exc).strip(), "an InputError needs a message"
            _count("InputError")
            return exc
    _count(type(result).__name__)
    return result


def _count(outcome: str) -> None:
    """Count outcomes in hypothesis' statistics (``--hypothesis-show-statistics``)."""
    if currently_in_test_context():
        event(outcome)


def parse_bytes(data: bytes, name: str) -> Disclosure | InputError:
    result = outcome(lambda: parse_source(source_from_bytes(data, name)))
    if isinstance(result, Disclosure):
        for d in result.diagnostics:
            assert d.file == name and d.line >= 1
    return result


def read_and_parse(data: bytes, name: str) -> Disclosure | InputError:
    return outcome(lambda: parse_source(read_bytes(data, name)))


# --- the corpus, as lines and sections ------------------------------------------------------


@cache
def corpus_lines(key: str) -> tuple[str, ...]:
    return tuple(corpus_path(key).read_text(encoding="utf-8").split("\n"))


@cache
def section_ranges(key: str) -> tuple[tuple[int, int], ...]:
    """(start, end) line indices of the front matter and each numbered section."""
    sections = split_sections(normalise_lines(corpus_lines(key)))
    return tuple((s.first_line - 1, s.first_line - 1 + len(s.lines) + 1) for s in sections[1:])


#: text that looks like the template: headings, table cells, amounts, 文号 and targets
TEMPLATE_BITS = (
    "一、部门职责",
    "二、部门预算安排的总体情况",
    "五、预算绩效信息",
    "六、政府采购",
    "七、国有资产",
    "1、项目绩效目标表",
    "\t一级指标",
    "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据",
    "\t产出指标\t数量指标\t\t\t≥95100%\t",
    "收入预算691.88万元，比上年增加-0.0万元",
    "与上年持平",
    "单位：万元",
    "合计\t\t\t",
    "冀组发〔2018〕14号",
    "《预算法》",
    "2020年2月30日",
    "≥",
    "$\\geq 90\\%$",
    "[bookmark: _Toc1]",
    "TC 绩效 \\f C \\l 1",
    "9" * 60,
    "1" * 30 + ".5万元",
    "0.000000000000000000000000000001亿元",
    "１２３％",
    "\t",
    "",
    "\x0c",
    "\u3000",
)
TEMPLATE = st.sampled_from(TEMPLATE_BITS)
RANDOM_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
LINE = st.one_of(TEMPLATE, RANDOM_TEXT, st.lists(TEMPLATE, max_size=4).map("".join))


def _span(draw: st.DrawFn, size: int, longest: int = 60) -> tuple[int, int]:
    start = draw(st.integers(0, max(0, size - 1)))
    return start, min(size, start + draw(st.integers(1, longest)))


@st.composite
def mangled_text(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A corpus document with sections and lines mangled."""
    key = draw(st.sampled_from(CORPUS_KEYS))
    lines = list(corpus_lines(key))
    ranges = section_ranges(key)
    action = draw(st.sampled_from(["keep", "delete", "duplicate", "swap", "only"]))
    if ranges and action != "keep":
        a, b = draw(st.sampled_from(ranges)), draw(st.sampled_from(ranges))
        first, second = sorted([a, b])
        if action == "delete":
            del lines[a[0] : a[1]]
        elif action == "duplicate":
            lines[a[1] : a[1]] = lines[a[0] : a[1]]
        elif action == "swap" and first[1] <= second[0]:
            lines = (
                lines[: first[0]]
                + lines[second[0] : second[1]]
                + lines[first[1] : second[0]]
                + lines[first[0] : first[1]]
                + lines[second[1] :]
            )
        elif action == "only":
            lines = lines[:12] + lines[a[0] : a[1]]
    for op in draw(st.lists(st.sampled_from(OPS), max_size=4)):
        if not lines:
            break
        start, end = _span(draw, len(lines))
        if op == "truncate":
            lines = lines[:start]
        elif op == "cut-line":
            lines = [*lines[:start], lines[start][: draw(st.integers(0, len(lines[start])))]]
        elif op == "delete":
            del lines[start:end]
        elif op == "duplicate":
            at = draw(st.integers(0, len(lines)))
            lines[at:at] = lines[start:end]
        elif op == "shuffle":
            window = lines[start : min(end, start + 25)]
            lines[start : start + len(window)] = draw(st.permutations(window))
        elif op == "replace":
            lines[start] = draw(LINE)
        elif op == "insert":
            lines.insert(start, draw(LINE))
        elif op == "tabs":
            lines[start:end] = ["\t" + line.replace(" ", "\t") for line in lines[start:end]]
        elif op == "long":  # one very long line: catches work quadratic in a line's length
            unit = draw(st.sampled_from(LONG_UNITS))
            lines.insert(start, unit * draw(st.integers(1_000, 20_000)))
        elif op == "digits":  # a figure replaced by another, possibly absurdly long, one
            figures = [i for i, line in enumerate(lines) if _FIGURE.search(line)]
            at = draw(st.sampled_from(figures)) if figures else start
            digits = draw(st.from_regex(r"[0-9]{1,60}(\.[0-9]{1,40})?", fullmatch=True))
            count = draw(st.integers(0, 3))  # 0: every figure of the line
            lines[at] = _FIGURE.sub(lambda m, d=digits: d + m.group(2), lines[at], count=count)
    return key, lines


_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(\s*(?:万元|元|%|人|次)?)")
LONG_UNITS = ("1", "1,", "TC ", "《", "（", "增加1万元", "≥", "**", "$", " ", "\t", "一、")
OPS = (
    "long",
    "truncate",
    "cut-line",
    "delete",
    "duplicate",
    "shuffle",
    "replace",
    "insert",
    "tabs",
    "digits",
)


@given(mangled_text(), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
@cases(1200)
def test_mangled_text_parses_or_is_refused(document: tuple[str, list[str]], encoding: str) -> None:
    key, lines = document
    data = "\n".join(lines).encode(encoding)
    parse_bytes(data, f"{key}.txt")


@st.composite
def damaged_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """A corpus document's bytes, truncated anywhere and with random bytes injected."""
    key = draw(st.sampled_from(CORPUS_KEYS))
    encoding = draw(st.sampled_from(["utf-8", "gbk", "utf-8-sig", "utf-16-le"]))
    data = bytearray(corpus_path(key).read_text(encoding="utf-8").encode(encoding, "replace"))
    if draw(st.booleans()):
        del data[draw(st.integers(0, len(data))) :]
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=40))
    if data and draw(st.booleans()):
        at = draw(st.integers(0, len(data) - 1))
        data[at] ^= draw(st.integers(1, 255))
    return key, bytes(data)


@given(damaged_bytes())
@cases(400)
def test_damaged_bytes_parse_or_are_refused(document: tuple[str, bytes]) -> None:
    key, data = document
    parse_bytes(data, f"{key}.txt")
    read_and_parse(data, f"{key}.txt")  # the format dispatcher on the same bytes


# --- mangled Word and HTML originals --------------------------------------------------------

MARKUP_BITS = {
    "docx": (
        "<w:p>",
        "</w:p>",
        "<w:tbl>",
        "</w:tbl>",
        "<w:tr>",
        "</w:tr>",
        "<w:tc>",
        "</w:tc>",
        "<w:tcPr><w:vMerge/></w:tcPr>",
        '<w:tcPr><w:gridSpan w:val="99999"/><w:hMerge/></w:tcPr>',
        "<w:r><w:t>一级指标</w:t></w:r>",
        "<w:r><w:tab/><w:br/><w:t>\t≥95%</w:t></w:r>",
        "<w:sdt><w:sdtContent>",
        "&amp;",
        "&bogus;",
        "<!--",
        "]]>",
    ),
    "html": (
        "<table>",
        "</table>",
        "<tr>",
        "<td>",
        '<td rowspan="100000000" colspan="-3">',
        '<td colspan="99999999999999999999">',
        "</td>",
        "<br>",
        "<p>",
        '<p style="display:none">',
        "<script>",
        "<nav>",
        "<article><header>",
        "</footer>",
        "<!--",
        "&#0;",
        "&#x110000;",
        "<![CDATA[",
        '<meta charset="utf-16">',
        '<meta charset="no-such-charset">',
        "一级指标",
        "\t",
    ),
}


def _mangle_markup(draw: st.DrawFn, text: str, kind: str) -> str:
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 4000)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "random", "truncate"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif action == "insert":
            text = text[:start] + draw(st.sampled_from(MARKUP_BITS[kind])) + text[start:]
        elif action == "random":
            text = text[:start] + draw(RANDOM_TEXT) + text[start:]
        else:
            text = text[:start]
    return text


@cache
def docx_parts(key: str) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(FORMATS / f"{key}.docx") as archive:
        return tuple((name, archive.read(name)) for name in archive.namelist())


@st.composite
def mangled_docx(draw: st.DrawFn) -> bytes:
    key = draw(st.sampled_from(["000", "004"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in docx_parts(key):
            if name == "word/document.xml":
                data = _mangle_markup(draw, data.decode("utf-8"), "docx").encode("utf-8")
            archive.writestr(name, data)
    data = bytearray(out.getvalue())
    if draw(st.integers(0, 4)) == 0:  # damage the archive itself now and then
        at = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            del data[at:]
        else:
            data[at] ^= draw(st.integers(1, 255))
    return bytes(data)


@given(mangled_docx())
@cases(200)
def test_mangled_docx_reads_or_is_refused(data: bytes) -> None:
    read_and_parse(data, "mangled.docx")


@st.composite
def mangled_html(draw: st.DrawFn) -> tuple[str, bytes]:
    key = draw(st.sampled_from(["000", "004"]))
    name = draw(st.sampled_from([f"{key}.html", f"{key}.gbk.html"]))
    raw = (FORMATS / name).read_bytes()
    encoding = "gbk" if "gbk" in name else "utf-8"
    text = _mangle_markup(draw, raw.decode(encoding), "html")
    data = bytearray(text.encode(encoding, "xmlcharrefreplace"))
    if data and draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=20))
    return name, bytes(data)


@given(mangled_html())
@cases(300)
def test_mangled_html_reads_or_is_refused(page: tuple[str, bytes]) -> None:
    name, data = page
    read_and_parse(data, name)


def _damaged_pdfs() -> list[tuple[str, bytes]]:
    data = (FORMATS / "004.pdf").read_bytes()
    middle = len(data) // 2
    stream = data.index(b"stream") + 40
    flipped = bytearray(data)
    for at in range(stream, stream + 200, 7):
        flipped[at] ^= 0x5A
    return [
        ("truncated", data[:middle]),
        ("no-xref", data[: data.rindex(b"xref")]),
        ("flipped-stream", bytes(flipped)),
        ("header-only", data[:20]),
        ("garbage-after-header", data[:9] + bytes(range(256)) * 4),
    ]


@pytest.mark.parametrize(("case", "data"), _damaged_pdfs(), ids=[c for c, _ in _damaged_pdfs()])
def test_damaged_pdf_reads_or_is_refused(case: str, data: bytes) -> None:
    read_and_parse(data, f"{case}.pdf")


# --- names that need escaping ---------------------------------------------------------------

NASTY = "\"'\\<>{}|^`&%#?;\x0b\x0c\x1c\x1f\x7f\x85\u2028\u2029\ufeff\u200b\U0001f600 \t"
NAME_PART = st.text(st.sampled_from(NASTY + "城区办事处ABCabc019"), min_size=1, max_size=8)


def _check_rdf(quads: list[ox.Quad], labels: set[str]) -> None:
    """N-Triples and Turtle re-parse strictly and carry every label unchanged."""
    for fmt, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE)):
        data = serialize(quads, fmt)
        triples = list(ox.parse(data, format=rdf_format))
        assert len(triples) == len({(q.subject, q.predicate, q.object) for q in quads})
        found = {t.object.value for t in triples if isinstance(t.object, ox.Literal)}
        assert labels <= found, f"{fmt}: labels lost or changed"
        for t in triples:
            for term in (t.subject, t.predicate, t.object):
                if isinstance(term, ox.NamedNode):
                    assert not re.search(r"[\x00-\x20<>\"{}|^`\\]", term.value), term.value


@given(NAME_PART, NAME_PART)
@cases(60)
def test_names_with_markup_characters_give_valid_rdf(
    tmp_path_factory: pytest.TempPathFactory, head: str, tail: str
) -> None:
    lines = list(corpus_lines("000"))
    assert lines[0] == "沧州渤海新区南大港产业园区城区办事处"
    lines[0] = f"沧州{head}南大港{tail}城区办事处"
    index = next(i for i, line in enumerate(lines) if line.startswith("1、计生后遗症"))
    lines[index] = f"1、计生{tail}后遗症{head}补助经费绩效目标表"
    folder = tmp_path_factory.mktemp("names")
    path = folder / f'000 "{head[:1]}" <x>.txt'.replace("/", "_").replace("\x00", "")
    path.write_text("\n".join(lines), encoding="utf-8")
    with time_limit():
        try:
            result = build_graph([path])
        except InputError:
            _count("InputError")
            return  # e.g. too many control characters: refused with a message
    _count("built")
    (d,) = result.disclosures
    assert d.source_file == path.name
    if d.line == 1:  # the department is the (normalised) name line
        for ch in '"<>':
            assert (ch in head + tail) <= (ch in d.department)
    _check_rdf(result.quads, {d.department, d.title, d.source_file, *(p.name for p in d.projects)})


def test_newlines_and_controls_in_model_names_are_escaped() -> None:
    d = parse_source(source_from_bytes(corpus_path("004").read_bytes(), "004.txt"))
    nasty = 'a\nb\r\n"c"\\d<e>\x01\x0b\x7f\u2028'
    project = dataclasses.replace(d.projects[0], name=f"项目{nasty}") if d.projects else None
    d = dataclasses.replace(
        d,
        department=f"某街道{nasty}办事处",
        title=f"标题{nasty}",
        source_file=f"file {nasty}.txt",
        projects=(project,) if project else (),
    )
    labels = {d.department, d.title, d.source_file}
    if project:
        labels.add(project.name)
    _check_rdf(disclosure_quads(d), labels)


# --- regressions: one test per bug the properties above found ------------------------------


def test_regression_a_figure_longer_than_28_digits_stays_exact() -> None:
    """Was: decimal.InvalidOperation from ``quantize`` (the default context has 28 digits)."""
    text = corpus_path("000").read_text(encoding="utf-8")
    long_figure = "1" * 40
    data = text.replace("2020年预算收入691.88万元", f"2020年预算收入{long_figure}万元").encode()
    d = parse_source(source_from_bytes(data, "000.txt"))
    total = d.line_for("TotalIncome")
    assert total is not None and total.amount == Decimal(long_figure + "0000")


WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_regression_docx_whose_main_part_is_not_a_document() -> None:
    """Was: AttributeError ``'lxml.etree._Element' object has no attribute 'body'``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in docx_parts("004"):
            if name == "word/document.xml":
                data = b'<w:p xmlns:w="%s"/>' % WORD_NAMESPACE.encode()
            archive.writestr(name, data)
    with pytest.raises(InputError, match="no w:document/w:body"):
        read_bytes(out.getvalue(), "broken.docx")


def test_regression_a_long_run_of_digits_in_prose_is_read_in_linear_time() -> None:
    """Was: 40 s for 20,000 digits: the amount regex retried the run from every digit."""
    lines = list(corpus_lines("000"))
    lines.insert(lines.index("1、收入说明") + 1, "1" * 20_000)
    result = parse_bytes("\n".join(lines).encode(), "000.txt")
    assert isinstance(result, Disclosure)


def test_regression_a_long_line_of_tc_words_is_normalised_in_linear_time() -> None:
    """Was: ~30 s: the TOC field-code regex scanned to the line's end from every ``TC``."""
    line = "TC " * 20_000
    with time_limit():
        assert normalise_lines([line, line + "\\f C \\l 1"]) == (line.rstrip(), "")
