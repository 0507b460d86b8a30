"""Word, PDF, HTML and GBK versions of corpus documents give the text original's figures.

The fixtures in ``tests/data/formats/`` are built from the corpus by
``scripts/make_format_fixtures.py``: real Word tables (with horizontal and vertical
merges), a PDF with ruled tables rendered by reportlab, a CMS page with navigation,
breadcrumbs and footer (UTF-8, and GBK declared by ``<meta charset="gbk">``), and the
text file in GBK.  Line numbers differ between formats, so values are compared
without them.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest

from budgetkg.errors import InputError
from budgetkg.ingest import SourceText
from budgetkg.model import Disclosure
from budgetkg.parse.disclosure import parse_source
from budgetkg.readers import read_any, read_bytes, sniff
from budgetkg.readers.html import html_lines
from budgetkg.readers.pdflines import Line, TextFlow
from conftest import corpus_path

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
KEYS = ("000", "003", "004")
VERSIONS = ("docx", "pdf", "html", "gbk.html", "gbk.txt")


@cache
def source(path: Path) -> SourceText:
    return read_any(path)


@cache
def parsed(path: Path) -> Disclosure:
    return parse_source(source(path))


def figures(d: Disclosure) -> dict[str, Any]:
    """Everything the graph states about the document, without line numbers."""
    return {
        "header": (d.department, d.fiscal_year, d.department_code, d.unit_codes, d.issued),
        "budget_lines": [(b.category, b.amount, b.change, b.previous) for b in d.budget_lines],
        "projects": [
            (p.ordinal, p.sequence, p.name, p.code, p.amount, p.fiscal_amount, p.other_amount)
            for p in d.projects
        ],
        "project_texts": [(p.purpose, p.goals, p.unit_code, p.declared_unit) for p in d.projects],
        "spending_plans": [[(s.month, s.percent) for s in p.spending_plan] for p in d.projects],
        "indicators": [
            [
                (i.level1, i.level2, i.name, i.target_text, i.comparator, i.value, i.unit)
                for i in p.indicators
            ]
            for p in d.projects
        ],
        "indicator_bases": [[i.basis_text for i in p.indicators] for p in d.projects],
        "goals": [
            (g.ordinal, g.title, g.goal_text, g.indicator_text, [i.name for i in g.indicators])
            for g in d.goals
        ],
        "procurement": [
            (x.project_name, x.item_name, x.amount, x.catalog_code, x.quantity, x.unit_price)
            for x in d.procurement
        ],
        "assets": [(a.asset_class, a.label, a.amount, a.quantity) for a in d.assets],
        "duties": [(x.ordinal, x.title, x.text) for x in d.duties],
        "units": [(u.name, u.nature, u.rank, u.funding) for u in d.units],
        "opening": d.opening,
        "diagnostics": sorted((x.severity, x.code, x.message) for x in d.diagnostics),
    }


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("key", KEYS)
def test_same_figures_as_the_text_original(key: str, version: str) -> None:
    reference = figures(parsed(corpus_path(key)))
    got = figures(parsed(FORMATS / f"{key}.{version}"))
    assert reference["budget_lines"], "the reference parse found no figures"
    for part, expected in reference.items():
        assert got[part] == expected, f"{key}.{version}: {part} differs"


@pytest.mark.parametrize("version", VERSIONS)
def test_line_numbers_refer_to_the_extracted_text(version: str) -> None:
    text = source(FORMATS / f"003.{version}")
    d = parsed(FORMATS / f"003.{version}")
    assert d.department in text.line(d.line)
    for project in d.projects:
        assert project.name in text.line(project.line)
        for indicator in project.indicators:
            assert indicator.name in text.line(indicator.line)


def test_encodings_and_names_of_the_readers() -> None:
    assert source(FORMATS / "000.docx").encoding == "docx"
    assert source(FORMATS / "004.pdf").encoding == "pdf"
    assert source(FORMATS / "000.html").encoding == "utf-8"
    assert source(FORMATS / "000.gbk.html").encoding == "gb18030"
    assert source(FORMATS / "000.gbk.txt").encoding == "gb18030"
    data = (FORMATS / "004.pdf").read_bytes()
    renamed = read_bytes(data, "renamed.txt")  # recognised by its content
    assert renamed.sha256 == source(FORMATS / "004.pdf").sha256
    assert renamed.lines == source(FORMATS / "004.pdf").lines


# --- format detection -----------------------------------------------------------------------


def test_content_wins_over_the_suffix() -> None:
    assert sniff((FORMATS / "000.pdf").read_bytes(), "download.txt") == "pdf"
    assert sniff((FORMATS / "000.docx").read_bytes(), "download") == "docx"
    assert sniff(b"<!DOCTYPE html><html><body>x</body></html>", "page.txt") == "html"
    assert sniff("沧州<关于预算>".encode(), "plain.txt") == "text"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04" + bytes(100), "sheet.xlsx", "not a Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.doc", "legacy Word .doc"),
        (b"just some text", "report.pdf", "not a PDF file"),
        (b"%PDF-1.4\n% broken\n", "broken.pdf", "not a readable PDF"),
        (b"", "empty.html", "empty file"),
        (b"<html><body><p>no Chinese here</p></body></html>", "en.html", "no Chinese text"),
    ],
)
def test_unreadable_originals_are_input_errors(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_bytes(data, name)


# --- Word -----------------------------------------------------------------------------------


def _docx_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_merged_cells_are_written_as_word_export_does() -> None:
    document = docx.Document()
    document.add_paragraph("某某街道办事处2020年部门预算")
    table = document.add_table(rows=3, cols=4)
    texts = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "人数", "≥30人"],
    ]
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge
    table.cell(2, 1).merge(table.cell(2, 2))  # horizontal merge
    table.cell(2, 1).paragraphs[0].text = "质量\t指标"
    table.cell(2, 1).add_paragraph("")
    table.cell(2, 1).add_paragraph("第二段")
    table.cell(2, 3).text = "100%"
    document.add_paragraph("\t正文第二段")
    source = read_bytes(_docx_bytes(document), "merged.docx")
    assert source.lines == (
        "某某街道办事处2020年部门预算",
        "",
        "\t一级指标",
        "\t二级指标",
        "\t三级指标",
        "\t指标值",
        "",
        "\t产出指标",
        "\t数量指标",
        "\t人数",
        "\t≥30人",
        "",
        "\t",  # continues the vertical merge: an empty cell
        "\t质量指标",  # spans two columns: written once; the tab became a (removed) space
        "第二段",  # the cell's next paragraph; the empty one is dropped
        "\t100%",
        "",
        "正文第二段",  # a body paragraph is never a table cell
    )


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>预算公开</title><script>document.write("脚本里的中文不算正文内容")</script></head>
<body><div class="nav"><a href="/">首页</a><a href="/zwgk">政务公开</a>
<a href="/x">办事服务</a></div>
<nav>导航栏目导航栏目</nav>
<div class="article"><h1>某某街道办事处2020年部门预算</h1>
<div class="content"><p>一、部门职责<br>负责辖区内的社会事务管理。</p>
<table><tr><td rowspan="2">产出指标</td><td colspan="2">数量指标</td><td>≥30人</td></tr>
<tr><td>质量指标</td><td>合格率</td><td>100%</td></tr>
<tr><td><table><tr><td>嵌套</td><td>表格</td></tr></table></td></tr></table>
<p style="display:none">隐藏的文字隐藏的文字</p><p>喆镕</p></div></div>
<footer>版权所有：某某街道办事处 网站标识码</footer></body></html>"""


def test_html_article_tables_and_gbk_declared_as_gb2312() -> None:
    lines, encoding = html_lines(PAGE.encode("gbk"), "page.html")
    assert encoding == "gb18030"  # gb2312 is read as its superset: 喆 and 镕 are GBK only
    text = [line for line in lines if line]
    assert text == [
        "某某街道办事处2020年部门预算",
        "一、部门职责",
        "负责辖区内的社会事务管理。",
        "\t产出指标",
        "\t数量指标",  # colspan=2: written once
        "\t≥30人",
        "\t",  # covered by the rowspan above
        "\t质量指标",
        "\t合格率",
        "\t100%",
        "\t嵌套 表格",  # a nested table is flattened into its cell
        "喆镕",
    ]


def test_html_without_charset_falls_back_to_gb18030() -> None:
    page = "<html><body><p>某某街道办事处2020年部门预算</p></body></html>"
    lines, encoding = html_lines(page.encode("gbk"), "page.htm")
    assert encoding == "gb18030"
    assert "某某街道办事处2020年部门预算" in lines


# --- PDF line joining -------------------------------------------------------------------------


def _line(text: str, top: float, x0: float = 50.0, x1: float = 540.0, page: int = 0) -> Line:
    """A 10-point line; CJK characters are 10 points wide, Latin ones 5."""
    latin = re.match(r"[0-9A-Za-z.%]+", text)
    first = 5.0 * len(latin.group()) if latin else 10.0
    return Line(page, 595, top, top + 10, x0, x1, min(x1, 545.0), text, first)


def test_pdf_wrapped_lines_are_joined_and_paragraphs_kept() -> None:
    lines = [
        _line("一、部门职责", 50, x1=110),
        _line("（一）负责辖区内的社会事务管理，", 64),  # full: wraps
        _line("确保各项工作落实。", 78, x1=140),  # short: ends its paragraph
        _line("（二）做好辖区内各项工作，预算收入", 92, x1=536),  # 449.97 did not fit
        _line("449.97万元。", 106, x1=110),
        _line("缩进的新段落从这里开始并且很长很长", 120, x0=70),  # indented
        _line("2、下一项", 134, x1=100),
        _line("跨页的句子到页面底部仍未结束并写满整", 750, x1=545, page=0),
        _line("行，下一页继续。", 50, x1=130, page=1),  # continues after a page break
    ]
    assert TextFlow(lines).paragraphs(lines) == [
        "一、部门职责",
        "（一）负责辖区内的社会事务管理，确保各项工作落实。",
        "（二）做好辖区内各项工作，预算收入449.97万元。",
        "缩进的新段落从这里开始并且很长很长",
        "2、下一项",
        "跨页的句子到页面底部仍未结束并写满整行，下一页继续。",
    ]


def test_pdf_numbered_line_after_a_full_line_starts_a_paragraph() -> None:
    lines = [_line("提升辖区居民安全生产意识，", 50, x1=545), _line("5、坚持常态监管", 64)]
    assert TextFlow(lines).paragraphs(lines) == ["提升辖区居民安全生产意识，", "5、坚持常态监管"]
