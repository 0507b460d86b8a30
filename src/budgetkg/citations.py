"""Find and normalise policy-document citations (文号 and titles) in disclosure text.

A citation names a policy document by its document number (发文字号, "文号"), by its
title, or by both.  :func:`find_citations` works on plain text, exactly as read from a
file or as produced by :mod:`budgetkg.normalise`, and returns :class:`Citation` values
whose ``start``/``end`` offsets point into that text.

Document numbers
    ``发文机关代字〔年份〕序号号`` in any bracket variant ``[] 【】 〔〕 ［］ () （） ﹝﹞ 〖〗``,
    with half- or full-width digits, optional ``第`` before the serial and OCR spaces
    between the parts (``石财行[2019]54 号``).  The canonical form (GB/T 9704) uses
    ``〔〕``, drops leading zeros and ends with ``号``: ``冀组发〔2018〕14号``.  The issuer
    (发文机关代字) is the run of CJK characters and letters right before the bracket; the
    run stops at any other character (punctuation such as ``（ 《 》 、 ， ：``, digits, tabs)
    and is trimmed of a leading clause word (``根据 按照 依据 见 及 …``) and of anything up to
    and including a preceding ``的<文种>`` / ``文件`` / ``印发`` / ``转发`` / ``号`` / ``关于``
    (then also of a conjunction ``和``/``并``: ``…101号和财预［2016］143号`` → ``财预``).
    A bracketed year must have four digits in 1900–2099; the brackets make the split
    explicit, so no further plausibility test is applied.

Bracket-less OCR numbers (``石办字 201819 号``)
    A run of 5–8 digits between an issuer and ``号`` is rebuilt as year + serial
    (``recovered=True``) only when the reading is unambiguous: the first four digits are a
    plausible year (:data:`YEAR_MIN`–:data:`YEAR_MAX`), the remaining 1–4 digits are a
    serial ≥ 1, and OCR spaces inside the run, if any, fall exactly after the year
    (``2018 19``).  Spaces elsewhere (``20 1819``, ``2018 1 9``) are evidence of a
    different split, so such a run - like one whose first four digits are no plausible
    year - is reported with ``number=None`` (issuer kept, raw kept, not recovered).
    Issuers that look like addresses (ending in 路/街/道/…) or ICP filings are ignored.

Titles
    Everything inside ``《》`` (in this corpus ``《》`` always marks a document), nesting
    ``〈〉``, ``<>`` or ``《》`` allowed.  A following ``的通知`` makes the notice that
    forwards the document the cited title: ``…厅印发《X》的通知`` →
    ``…厅印发〈X〉的通知``; the issuer-and-印发/转发 run before ``《`` belongs to that title,
    any other text before ``《`` (an issuing office such as ``建设管理局《…》``) does not.
    Without ``《》`` a table cell that *is* a document name, or starts with one followed by
    ``，、；。：`` or a bracket, is a title too: an optional issuing office ending in
    部/局/委/府/… (containing no verb such as 贯彻/落实/按照 and no 的), then
    ``关于…的<文种>``.  Prose that merely mentions a document (``认真贯彻落实国务院关于…的
    指导意见，``) is not reported.  Titles are normalised (whitespace removed between
    CJK characters, ``<> ＜＞`` and inner ``《》`` → ``〈〉``, full-width ASCII → ASCII) and
    mapped through the alias table ``data/document_aliases.tsv``
    (``预算法`` → ``中华人民共和国预算法``).

Title and number together
    A number directly after a title - ``《X》三发【2012】5号``, ``…的意见（三组发[2018]9号）``,
    ``《X》的通知（冀组发[2018]14号文）`` - is one citation carrying both.  Text before a
    number in the same cell that ends in ``的<文种>`` is taken as that number's title when it
    contains ``关于`` or fills the cell from its start and has at least 8 characters
    (``提前下达2020年度…资金的通知（石财行[2019]54 号）``).

Issues of a periodical document (``《市长办公会议纪要》2017年19期``)
    have no issuer code, so ``number`` is ``None``; the title is kept and ``year``/``serial``
    are set (2017, 19).  :func:`document_key` then includes the issue, so different issues
    are different documents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

__all__ = [
    "YEAR_MAX",
    "YEAR_MIN",
    "Citation",
    "canonical_number",
    "canonical_title",
    "document_aliases",
    "document_key",
    "find_citations",
]

#: Plausible years for rebuilding a bracket-less number.
YEAR_MIN = 1949
YEAR_MAX = 2035
#: Years accepted inside explicit brackets.
_BRACKET_YEAR_MIN = 1900
_BRACKET_YEAR_MAX = 2099


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference to a policy document found in a text."""

    raw: str  # the citation text exactly as it appears in the input
    start: int  # offset of raw in the input
    end: int  # offset just after raw
    number: str | None  # canonical 文号, e.g. "冀组发〔2018〕14号"
    issuer: str | None  # 发文机关代字, e.g. "冀组发"
    year: int | None  # 2018
    serial: int | None  # 14
    title: str | None  # title without 《》, canonicalised through the alias table
    recovered: bool = False  # the number was rebuilt from a bracket-less OCR form


# --------------------------------------------------------------------------- characters

_HSPACE = " \u00a0\u3000"
_HS = "[ \u00a0\u3000]"
_DIG = "0-9０-９"
_OPEN = "[【〔［(（﹝〖"
_CLOSE = "]】〕］)）﹞〗"
_OPEN_CLS = "".join(re.escape(c) for c in _OPEN)
_CLOSE_CLS = "".join(re.escape(c) for c in _CLOSE)
# inside a number: OCR spaces, at most one line break (PDF page breaks)
_WS = rf"{_HS}*(?:\n{_HS}*)?"

_TO_HALF = str.maketrans(
    "０１２３４５６７８９"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
_ISSUER_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-zＡ-Ｚａ-ｚ]")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# 文种: the kind of document that ends a title, with common qualifiers
_DOC_TYPE = (
    r"(?:实施|指导|若干|暂行|试行|管理|工作)?"
    r"(?:意见|通知|请示|决定|办法|规定|方案|批复|报告|细则|规程|条例|纪要|通报|函)"
)
# words that start a clause and are never part of an issuer code or a title
_LEAD_WORDS = (
    "根据",
    "按照",
    "依据",
    "依照",
    "参照",
    "遵照",
    "对照",
    "贯彻落实",
    "贯彻",
    "落实",
    "执行",
    "详见",
    "参见",
    "见",
    "以及",
    "及",
    "与",
    "或",
)
# a conjunction dropped only after a cut (``…101号和财预〔2016〕143号``): ``和`` can start a
# real issuer code (和平区: 和政发)
_CONJUNCTION_AFTER_CUT = ("和", "并")
# an issuing office before 关于 in a bare title must not contain a verb or 的
_NOT_IN_OFFICE = re.compile(r"的|贯彻|落实|执行|按照|根据|依据|认真|制定|开展|加强|推进|做好")
# an issuer run is cut after the last of these
_ISSUER_CUT = re.compile(rf"的{_DOC_TYPE}?|文件|印发|转发|号文件|号文|号|关于")
_ENUMERATOR = re.compile(
    rf"{_HS}*(?:(?:[0-9]{{1,3}}|[一二三四五六七八九十]{{1,3}})[、.．]"
    rf"|[（(](?:[0-9]{{1,3}}|[一二三四五六七八九十]{{1,3}})[）)]){_HS}*"
)

# ----------------------------------------------------------------------------- patterns

_BRACKET_NUMBER = re.compile(
    rf"[{_OPEN_CLS}]{_WS}(?P<year>[{_DIG}]{{4}}){_WS}[{_CLOSE_CLS}]{_WS}"
    rf"(?:第{_WS})?(?P<serial>[{_DIG}]{{1,5}}){_WS}号"
)
_BARE_NUMBER = re.compile(
    rf"(?<![{_DIG}.．%％])(?P<digits>[{_DIG}](?:{_HS}?[{_DIG}]){{4,9}})(?![{_DIG}]){_HS}*号"
)
_ADDRESS_END = tuple("路街道巷村楼室院弄里")
_NOTICE_SUFFIX = re.compile(rf"{_HS}*的{_HS}*通知")
_ISSUE_SUFFIX = re.compile(
    rf"{_HS}*(?P<year>[{_DIG}]{{4}}){_HS}*年{_HS}*(?:第{_HS}*)?(?P<serial>[{_DIG}]{{1,4}}){_HS}*期"
)
_CLOSING_PAREN = re.compile(rf"{_HS}*(?:文件|文)?{_HS}*[）)]")
_TITLE_TAIL = re.compile(rf"的{_HS}*{_DOC_TYPE}{_HS}*$")
_ORG_END = "部局厅委办室府院会处组社站所司馆队心"
_BARE_TITLE = re.compile(
    rf"(?:[\u4e00-\u9fff]{{0,40}}?[{_ORG_END}])?关于[^\t\n《》<>。；;，,：:]{{1,100}}?"
    rf"的{_HS}*{_DOC_TYPE}(?={_HS}*(?:$|[、，,；;。：:{_OPEN_CLS}]))"
)
_SEGMENT_BOUNDARY = "\t\n。；;，,"


# ------------------------------------------------------------------------------ public


def canonical_number(issuer: str, year: int, serial: int) -> str:
    """The GB/T 9704 form of a document number: ``发文机关代字〔年份〕序号号``.

    >>> canonical_number("冀组发", 2018, 14)
    '冀组发〔2018〕14号'
    """
    code = issuer.strip().translate(_TO_HALF)
    if not code or any(c.isspace() or c in _OPEN or c in _CLOSE for c in code):
        raise ValueError(f"invalid issuer code: {issuer!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year must have four digits: {year}")
    if serial < 1:
        raise ValueError(f"serial must be positive: {serial}")
    return f"{code}〔{year}〕{serial}号"


def canonical_title(title: str) -> str:
    """Normalise a title and map it through the alias table.

    ``《》`` around the title and whitespace are removed (a space is kept only between two
    ASCII letters or digits), ``<> ＜＞`` and nested ``《》`` become ``〈〉``, full-width ASCII
    letters and digits become ASCII.
    """
    norm = _normalise_title(title)
    return document_aliases().get(norm, norm)


def document_key(c: Citation) -> str:
    """A stable identity for the cited document.

    The canonical number when there is one; otherwise ``"title:" + title`` (followed by
    ``"#<year>-<serial>"`` for an issue such as 《市长办公会议纪要》2017年19期); for a
    bare number that could not be rebuilt and has no title, ``"raw:"`` + the raw text
    without whitespace.
    """
    if c.number is not None:
        return c.number
    if c.title is not None:
        if c.year is not None and c.serial is not None:
            return f"title:{c.title}#{c.year}-{c.serial}"
        return f"title:{c.title}"
    return "raw:" + "".join(c.raw.split())


@cache
def document_aliases() -> Mapping[str, str]:
    """The alias table ``budgetkg/data/document_aliases.tsv``: normalised alias → canonical.

    The file is UTF-8, one ``alias<TAB>canonical title`` per line; blank lines and lines
    starting with ``#`` are ignored.  A malformed line raises :class:`ValueError`.
    """
    path = resources.files("budgetkg") / "data" / "document_aliases.tsv"
    table: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0].strip() or not fields[1].strip():
            raise ValueError(f"document_aliases.tsv:{lineno}: expected 'alias<TAB>title'")
        alias, canonical = _normalise_title(fields[0]), _normalise_title(fields[1])
        if table.get(alias, canonical) != canonical:
            raise ValueError(f"document_aliases.tsv:{lineno}: {alias!r} mapped twice")
        table[alias] = canonical
    for alias, canonical in table.items():
        if canonical in table and table[canonical] != canonical:
            raise ValueError(f"document_aliases.tsv: {alias!r} maps to an alias {canonical!r}")
    return MappingProxyType(table)


def find_citations(text: str) -> list[Citation]:
    """Every citation of a policy document in ``text``, in order of position."""
    numbers = _find_numbers(text)
    titles = _find_book_titles(text)
    by_end = {t.end: t for t in titles if t.year is None}
    merged_titles: set[int] = set()
    out: list[Citation] = []

    for n in numbers:
        # where a title would end: before the issuer, or before an opening parenthesis
        k = _skip_back(text, n.start)
        wrapped = k > 0 and text[k - 1] in "（("
        b = _skip_back(text, k - 1) if wrapped else k
        title: str | None = None
        title_start = n.start
        t = by_end.get(b)
        if t is not None and t.start not in merged_titles:
            merged_titles.add(t.start)
            title, title_start = t.title, t.start
        else:
            found = _title_before(text, b)
            if found is not None:
                title_start, title = found
        end = n.end
        if title is not None and wrapped:
            m = _CLOSING_PAREN.match(text, end)
            if m is not None:
                end = m.end()
        out.append(
            Citation(
                raw=text[title_start:end],
                start=title_start,
                end=end,
                number=n.number,
                issuer=n.issuer,
                year=n.year,
                serial=n.serial,
                title=title,
                recovered=n.recovered,
            )
        )

    for t in titles:
        if t.start in merged_titles:
            continue
        out.append(
            Citation(
                raw=text[t.start : t.end],
                start=t.start,
                end=t.end,
                number=None,
                issuer=None,
                year=t.year,
                serial=t.serial,
                title=t.title,
            )
        )

    spans = [(c.start, c.end) for c in out]
    for start, end, title in _find_bare_titles(text):
        if any(start < e and s < end for s, e in spans):
            continue
        spans.append((start, end))
        out.append(Citation(text[start:end], start, end, None, None, None, None, title))

    out.sort(key=lambda c: (c.start, c.end))
    return out


# ----------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _Number:
    start: int  # start of the issuer
    end: int  # just after 号
    issuer: str
    year: int | None
    serial: int | None
    recovered: bool

    @property
    def number(self) -> str | None:
        if self.year is None or self.serial is None:
            return None
        return canonical_number(self.issuer, self.year, self.serial)


@dataclass(frozen=True, slots=True)
class _Title:
    start: int
    end: int
    title: str
    year: int | None = None
    serial: int | None = None


def _int(digits: str) -> int:
    return int(digits.translate(_TO_HALF))


def _skip_back(text: str, pos: int) -> int:
    """The position before the horizontal spaces that end at ``pos``."""
    while pos > 0 and text[pos - 1] in _HSPACE:
        pos -= 1
    return pos


def _strip_lead_words(s: str, pos: int, end: int) -> int:
    """Skip clause-opening verbs (根据, 按照, …) at ``s[pos:end]``; keep at least one char."""
    again = True
    while again:
        again = False
        for word in _LEAD_WORDS:
            if s.startswith(word, pos, end) and pos + len(word) < end:
                pos += len(word)
                again = True
                break
    return pos


def _issuer_before(text: str, pos: int) -> tuple[int, str] | None:
    """The issuer code ending just before ``pos`` (OCR spaces skipped): (start, code)."""
    i = _skip_back(text, pos)
    j = i
    while j > 0 and i - j < 60 and _ISSUER_CHAR.match(text[j - 1]):
        j -= 1
    run = text[j:i]
    off = 0
    for m in _ISSUER_CUT.finditer(run):
        off = m.end()
    if off > 0 and run.startswith(_CONJUNCTION_AFTER_CUT, off) and off + 1 < len(run):
        off += 1
    off = _strip_lead_words(run, off, len(run))
    if off >= len(run):
        return None
    return j + off, run[off:].translate(_TO_HALF)


def _find_numbers(text: str) -> list[_Number]:
    numbers: list[_Number] = []
    taken: list[tuple[int, int]] = []
    for m in _BRACKET_NUMBER.finditer(text):
        year, serial = _int(m["year"]), _int(m["serial"])
        if not _BRACKET_YEAR_MIN <= year <= _BRACKET_YEAR_MAX or serial < 1:
            continue
        found = _issuer_before(text, m.start())
        if found is None:
            continue
        start, issuer = found
        numbers.append(_Number(start, m.end(), issuer, year, serial, recovered=False))
        taken.append((start, m.end()))

    for m in _BARE_NUMBER.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        found = _issuer_before(text, m.start())
        if found is None:
            continue
        start, issuer = found
        if issuer.endswith("第"):
            issuer = issuer[:-1]
        if (
            len(issuer) < 2
            or issuer.endswith(_ADDRESS_END)
            or "备" in issuer
            or "ICP" in issuer.upper()
        ):
            continue
        groups = m["digits"].split()
        digits = "".join(groups).translate(_TO_HALF)
        if not 5 <= len(digits) <= 8:
            continue
        year, serial_digits = int(digits[:4]), digits[4:]
        aligned = len(groups) == 1 or (len(groups) == 2 and len(groups[0]) == 4)
        plausible = YEAR_MIN <= year <= YEAR_MAX and int(serial_digits) >= 1
        if aligned and plausible:
            numbers.append(_Number(start, m.end(), issuer, year, int(serial_digits), True))
        else:
            numbers.append(_Number(start, m.end(), issuer, None, None, recovered=False))
        taken.append((start, m.end()))

    numbers.sort(key=lambda n: n.start)
    return numbers


def _normalise_title(title: str) -> str:
    s = title.strip()
    if s.startswith("《") and s.endswith("》"):
        s = s[1:-1]
    s = s.translate(_TO_HALF)
    for a, b in (("<", "〈"), (">", "〉"), ("＜", "〈"), ("＞", "〉"), ("《", "〈"), ("》", "〉")):
        s = s.replace(a, b)
    parts = s.split()
    if not parts:
        return ""
    out = [parts[0]]
    for part in parts[1:]:
        if out[-1][-1].isascii() and out[-1][-1].isalnum() and part[0].isascii():
            out.append(" ")
        out.append(part)
    return "".join(out)


def _matching_close(text: str, open_pos: int) -> int | None:
    """The index of the 》 that closes the 《 at ``open_pos``, nesting allowed."""
    depth = 0
    limit = min(len(text), open_pos + 300)
    i = open_pos
    while i < limit:
        ch = text[i]
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                return i
        elif ch == "\t" or (ch == "\n" and text.startswith("\n", i + 1)):
            return None
        i += 1
    return None


def _notice_prefix(text: str, open_pos: int) -> tuple[int, str]:
    """The ``<issuer>印发``/``转发`` run before ``《`` of a forwarding notice, if any."""
    j = open_pos
    while j > 0 and open_pos - j < 80 and (_CJK_CHAR.match(text[j - 1]) or text[j - 1] in _HSPACE):
        j -= 1
    while j < open_pos and text[j] in _HSPACE:
        j += 1
    run = text[j:open_pos]
    if not "".join(run.split()).endswith(("印发", "转发")):
        return open_pos, ""
    off = _strip_lead_words(run, 0, len(run))
    return j + off, run[off:]


def _find_book_titles(text: str) -> list[_Title]:
    titles: list[_Title] = []
    pos = 0
    while (o := text.find("《", pos)) >= 0:
        c = _matching_close(text, o)
        if c is None:
            pos = o + 1
            continue
        start, end = o, c + 1
        title = _normalise_title(text[o + 1 : c])
        notice = _NOTICE_SUFFIX.match(text, end)
        if notice is not None:
            start, prefix = _notice_prefix(text, o)
            title = _normalise_title(f"{prefix}〈{title}〉的通知")
            end = notice.end()
        year: int | None = None
        serial: int | None = None
        issue = _ISSUE_SUFFIX.match(text, end)
        if issue is not None:
            y, s = _int(issue["year"]), _int(issue["serial"])
            if YEAR_MIN <= y <= YEAR_MAX and s >= 1:
                year, serial, end = y, s, issue.end()
        if title:
            canonical = document_aliases().get(title, title)
            titles.append(_Title(start, end, canonical, year, serial))
        pos = c + 1
    return titles


def _clause_start(text: str, pos: int, end: int) -> int:
    """Skip whitespace, an enumerator (``18、``, ``（一）``) and lead verbs at ``pos``."""
    while pos < end and text[pos] in _HSPACE:
        pos += 1
    m = _ENUMERATOR.match(text, pos, end)
    if m is not None:
        pos = m.end()
    return _strip_lead_words(text, pos, end)


def _title_before(text: str, end: int) -> tuple[int, str] | None:
    """A bare document name filling its clause and ending at ``end``: (start, title)."""
    seg = max(text.rfind(ch, 0, end) for ch in _SEGMENT_BOUNDARY)
    cell_start = seg < 0 or text[seg] in "\t\n"
    start = _clause_start(text, seg + 1, end)
    cand = text[start:end]
    if not cand or any(ch in cand for ch in "《》") or _TITLE_TAIL.search(cand) is None:
        return None
    title = _normalise_title(cand)
    if len(title) > 120:
        return None
    if "关于" in title:
        if _NOT_IN_OFFICE.search(title, 0, title.find("关于")):
            return None
    elif not (cell_start and len(title) >= 8):
        return None
    return start, document_aliases().get(title, title)


def _find_bare_titles(text: str) -> list[tuple[int, int, str]]:
    """Table cells, or their first clause, that are a ``[office]关于…的<文种>`` title."""
    found: list[tuple[int, int, str]] = []
    for cell in re.finditer(r"[^\t\n]+", text):
        pos = _clause_start(text, cell.start(), cell.end())
        m = _BARE_TITLE.match(text, pos, cell.end())
        if m is None or _NOT_IN_OFFICE.search(text, m.start(), m.start() + m.group().find("关于")):
            continue
        title = _normalise_title(m.group())
        found.append((m.start(), m.end(), document_aliases().get(title, title)))
    return found
