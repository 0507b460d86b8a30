"""Character classes, word lists and compiled patterns shared by the citation finders.

Also the few scanning primitives (:func:`_int`, :func:`_skip_back`,
:func:`_strip_lead_words`) that both the number and the title finders use.  The rules
these encode are documented in :mod:`budgetkg.citations`.
"""

from __future__ import annotations

import re

#: Plausible years for rebuilding a bracket-less number.
YEAR_MIN = 1949
YEAR_MAX = 2035
#: Years accepted inside explicit brackets.
_BRACKET_YEAR_MIN = 1900
_BRACKET_YEAR_MAX = 2099

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


# ----------------------------------------------------------------------------- scanning


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
