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

from .core import Citation, document_key, find_citations
from .numbers import canonical_number
from .patterns import YEAR_MAX, YEAR_MIN
from .titles import canonical_title, document_aliases

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
