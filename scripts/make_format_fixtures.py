"""Regenerate the format fixtures in tests/data/formats/ from the sample corpus.

For each document below this writes, next to each other:

* ``<key>.docx``  python-docx: a paragraph per prose line, a real Word table (style
  "Table Grid") per run of table rows; a row with fewer cells than the table has its
  last cell merged across the rest (``w:gridSpan``), and the empty level cells of
  indicator tables are real vertical merges (``w:vMerge``), as in the originals;
* ``<key>.pdf``   reportlab with the non-embedded Adobe CID font STSong-Light (small
  files; pdfminer maps its glyphs back to Unicode), the same tables ruled and merged;
* ``<key>.html``  a government CMS page in UTF-8: header with navigation, breadcrumbs,
  the article (title, publication line, body with ``<table>``s using ``colspan`` and
  ``rowspan``), a "related articles" list and a footer;
* ``<key>.gbk.html`` the same page in GBK, declared by ``<meta charset="gbk">``;
* ``<key>.gbk.txt`` the corpus text file encoded in GBK.

The documents are rebuilt from the *normalised* lines of the corpus file (what the
parser reads), so the fixtures carry no export residue such as ``[bookmark: …]``.

Needs python-docx (a dependency of budgetkg) and reportlab (``pip install reportlab``);
it is not run in CI.  Run from the repository root::

    python scripts/make_format_fixtures.py
"""

from __future__ import annotations

import argparse
import html
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from budgetkg.ingest import read_source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "hebei"
OUT = ROOT / "tests" / "data" / "formats"
KEYS = ("000", "003", "004")
FIXED_TIME = (2021, 1, 1, 0, 0, 0)


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)  # a cell's lines joined by "\n"
    below: set[tuple[int, int]] = field(default_factory=set)  # (row, column) merged from above

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)


Block = str | Table  # a prose line ("" = an empty paragraph) or a table


def blocks(lines: tuple[str, ...]) -> list[Block]:
    """Prose lines and tables, from either text flavour."""
    result: list[Block] = []
    table: Table | None = None
    row: list[str] | None = None
    blanks = 0

    def end_row() -> None:
        nonlocal row
        if row is not None and table is not None:
            table.rows.append(row)
        row = None

    def open_table(limit: int) -> Table:
        nonlocal table
        if table is None or blanks > limit:
            table = Table()
            result.append(table)
        return table

    for line in lines:
        body = line.rstrip("\t")
        if line == "":
            end_row()
            blanks += 1
            continue
        if line.startswith("\t") and "\t" not in body[1:]:  # a Word-export cell
            if row is None:
                open_table(1)
                row = []
            row.append(body[1:])
        elif "\t" in body:  # a PDF-export row
            end_row()
            open_table(0).rows.append(body.split("\t"))
        elif row is not None:  # a further line of the current cell
            row[-1] = f"{row[-1]}\n{body}" if row[-1] else body
        else:
            table = None
            result.extend([""] * min(blanks, 1))
            result.append(body)
        blanks = 0
    end_row()
    for block in result:
        if isinstance(block, Table):
            mark_vertical_merges(block)
    return [b for b in result if not isinstance(b, Table) or b.rows]


def mark_vertical_merges(table: Table, longest: int = 3) -> None:
    """Empty level cells (一级/二级指标) below a filled one are a vertical merge.

    A merge spans at most ``longest`` rows, so that reportlab can break long tables
    across pages (it does not split a row span).
    """
    width = table.width
    in_indicators = False
    for r, row in enumerate(table.rows):
        if row[:1] == ["一级指标"]:
            in_indicators = True
            continue
        if not in_indicators or r == 0 or len(row) != width or len(table.rows[r - 1]) != width:
            continue
        for c in (0, 1):
            run = sum(1 for k in range(1, longest) if (r - k, c) in table.below)
            if row[c] == "" and any(row[c + 1 :]) and run < longest - 1:
                table.below.add((r, c))


# --- Word ---------------------------------------------------------------------------------


def _vmerge(cell: docx.table._Cell, value: str | None) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    mark = OxmlElement("w:vMerge")
    if value:
        mark.set(qn("w:val"), value)
    tc_pr.append(mark)


def write_docx(items: list[Block], path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "部门预算信息公开"
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        width = item.width
        table = document.add_table(rows=len(item.rows), cols=width)
        table.style = "Table Grid"
        for r, cells in enumerate(item.rows):
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))  # rows do not break across pages
            for c, text in enumerate(cells):
                cell = table.cell(r, c)
                if c == len(cells) - 1 and len(cells) < width:
                    cell = cell.merge(table.cell(r, width - 1))
                if (r, c) in item.below:
                    _vmerge(cell, None)
                    continue
                if (r + 1, c) in item.below:
                    _vmerge(cell, "restart")
                first, *rest = text.split("\n")
                cell.paragraphs[0].text = first
                for piece in rest:
                    cell.add_paragraph(piece)
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed member times, so that reruns give identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------


def write_pdf(items: list[Block], path: Path) -> None:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

    rl_config.invariant = 1  # no creation date or random document id: reproducible bytes
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=10.5, leading=15, spaceAfter=5, wordWrap="CJK"
    )
    small = ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0)
    margin = 56
    frame_width = A4[0] - 2 * margin
    story: list[Flowable] = []
    for item in items:
        if isinstance(item, str):
            if item:
                story.append(Paragraph(html.escape(item), body))
            continue
        width = item.width
        data: list[list[object]] = []
        style: list[tuple[object, ...]] = [("GRID", (0, 0), (-1, -1), 0.5, "black")]
        style.append(("VALIGN", (0, 0), (-1, -1), "TOP"))
        for r, cells in enumerate(item.rows):
            row: list[object] = [""] * width
            for c, text in enumerate(cells):
                if (r, c) not in item.below:
                    row[c] = Paragraph("<br/>".join(map(html.escape, text.split("\n"))), small)
            if len(cells) < width:
                style.append(("SPAN", (len(cells) - 1, r), (width - 1, r)))
            data.append(row)
        for r, c in sorted(item.below):
            if (r - 1, c) not in item.below:
                end = r
                while (end + 1, c) in item.below:
                    end += 1
                style.append(("SPAN", (c, r - 1), (c, end)))
        table = Table(data, colWidths=[frame_width / width] * width)
        table.setStyle(TableStyle(style))
        story.append(table)
    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title="部门预算信息公开",
    )
    document.build(story)


# --- HTML ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{title}_政务公开_{site}</title>
<link rel="stylesheet" href="/css/style.css">
<script>var _hmt = _hmt || []; document.write("<div class='tip'>加载中……</div>");</script>
<style>.nav li {{ display: inline; }}</style>
</head>
<body>
<div class="top"><div class="wrap">欢迎访问{site}！<a href="/">设为首页</a>
<a href="/">加入收藏</a> <a href="/wza/">无障碍浏览</a></div></div>
<header class="header"><img src="/images/logo.png" alt="{site}">
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li>
<li><a href="/zjxq/">走进辖区</a></li></ul></nav></header>
<div class="main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="/zwgk/czyjs/">财政预决算</a></div>
<div class="article">
<h1 class="title">{title}</h1>
<div class="info">发布时间：2020-02-12 来源：{site} 字号：<a href="#">大</a> <a href="#">中</a>
<a href="#">小</a> 【<a href="javascript:window.print()">打印本页</a>】</div>
<div class="content TRS_Editor">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
</div>
<div class="related"><h3>相关文章</h3><ul>
<li><a href="/zwgk/czyjs/1.html">2019年部门预算信息公开</a></li>
<li><a href="/zwgk/czyjs/2.html">2019年部门决算信息公开</a></li>
<li><a href="/zwgk/czyjs/3.html">2020年政府采购意向公开</a></li></ul></div>
</div>
<footer class="footer"><p>主办单位：{site} 联系电话：0317-0000000</p>
<p>网站标识码：1309000000 冀ICP备00000000号</p></footer>
</body>
</html>
"""


def _html_table(table: Table) -> str:
    width = table.width
    out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">']
    for r, cells in enumerate(table.rows):
        out.append("<tr>")
        for c, text in enumerate(cells):
            if (r, c) in table.below:
                continue
            attrs = ""
            if c == len(cells) - 1 and len(cells) < width:
                attrs += f' colspan="{width - len(cells) + 1}"'
            height = 1
            while (r + height, c) in table.below:
                height += 1
            if height > 1:
                attrs += f' rowspan="{height}"'
            inner = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n")) if text else ""
            out.append(f"<td{attrs}>{inner}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(items: list[Block], title: str, site: str, path: Path, charset: str) -> None:
    parts = []
    for item in items:
        if isinstance(item, Table):
            parts.append(_html_table(item))
        elif item:
            parts.append(f'<p style="text-indent:2em">{html.escape(item)}</p>')
        else:
            parts.append("<p>&nbsp;</p>")
    page = PAGE.format(charset=charset, title=html.escape(title), site=site, body="\n".join(parts))
    path.write_bytes(page.encode(charset, errors="xmlcharrefreplace"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("keys", nargs="*", default=KEYS, help="corpus prefixes (000 …)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for key in args.keys:
        (original,) = CORPUS.glob(f"{key}_*.txt")
        source = read_source(original)
        items = blocks(source.lines)
        title = " ".join(line for line in source.lines[:3] if line)[:60]
        site = "城区办事处" if key == "000" else "长江街道办事处"
        write_docx(items, out / f"{key}.docx")
        write_pdf(items, out / f"{key}.pdf")
        write_html(items, title, site, out / f"{key}.html", "utf-8")
        write_html(items, title, site, out / f"{key}.gbk.html", "gbk")
        text = original.read_text(encoding="utf-8")
        (out / f"{key}.gbk.txt").write_bytes(text.replace("\xa0", " ").encode("gbk"))
        for path in sorted(out.glob(f"{key}.*")):
            print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
