"""Per-line text normalisation.

Every rule works on one line and never adds or removes a line, so line numbers
in the normalised text still point at the original file.  The rules, in the order
they run (each is tested in ``tests/test_normalise.py``):

``bookmark``
    Word bookmark residue ``[bookmark: _Toc66962590]`` is removed.
``field-code``
    Word TOC field codes ``TC 3、第三方评价… \\f C \\l 1`` at the end of a heading are removed.
``latex``
    LaTeX maths from PDF conversion is rewritten: ``$\\geq 90\\%$`` → ``≥90%``;
    ``\\geq \\ge \\leq \\le \\neq \\times \\%`` become ``≥ ≥ ≤ ≤ ≠ × %``, ``$`` delimiters go,
    and spaces after a control word are dropped (as LaTeX itself does).
``markdown``
    Markdown emphasis ``**基本支出**`` and a leading list marker ``- `` are removed.
``fullwidth-digits``
    Full-width digits ``０-９`` and ``％`` become ASCII.
``cell-space``
    Spaces (ASCII, no-break and ideographic U+3000) at the start and end of the line and of
    every tab-separated cell are removed.  Tabs are kept: they delimit table cells.
``cjk-space``
    OCR spaces inside CJK runs are removed: a run of spaces between two characters that are
    each a CJK character, CJK punctuation, a digit or one of ``≥ ≤ ≠ < > = % ‰``, where at
    least one side is CJK
    (``2020 年`` → ``2020年``, ``高新区长江街道 办事处`` → ``高新区长江街道办事处``,
    ``合　计`` → ``合计``).

Brackets are not rewritten in the text: ``（三)`` stays as printed; the parsers accept
both forms, and 文号 brackets are canonicalised only in the citation values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_FIELD_TAIL = re.compile(r"\\f\s*[A-Za-z]\s*\\l\s*\d+\s*$")
_FIELD_START = re.compile(r"\bTC\b")
_LATEX_WORDS = {
    "geq": "≥",
    "ge": "≥",
    "leq": "≤",
    "le": "≤",
    "neq": "≠",
    "ne": "≠",
    "times": "×",
    "gt": ">",
    "lt": "<",
}
_LATEX_CMD = re.compile(r"\\([A-Za-z]+)\s*")
_LATEX_MATH = re.compile(r"\$([^$]*)\$")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_BULLET = re.compile(r"^(\t*)[-*]\s+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９％", "0123456789%")
_SPACES = " \u00a0\u3000"
_HAS_SPACE = re.compile("[ \u00a0\u3000]")
_HAS_FULLWIDTH = re.compile("[０-９％]")

_CJK = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"  # CJK punctuation
)
_MATH = "≥≤≠<>=%‰"
_CJK_SPACE = re.compile(
    rf"(?<=[{_CJK}])[ \u00a0\u3000]+(?=[{_CJK}0-9{_MATH}])"
    rf"|(?<=[0-9{_MATH}])[ \u00a0\u3000]+(?=[{_CJK}])"
)


def _latex_word(m: re.Match[str]) -> str:
    word = m.group(1)
    if word in _LATEX_WORDS:
        return _LATEX_WORDS[word]
    return m.group(0)


def strip_bookmarks(line: str) -> str:
    return _BOOKMARK.sub("", line) if "[bookmark" in line else line


def strip_field_codes(line: str) -> str:
    """Remove ``TC … \\f C \\l 1`` (and the spaces before it) at the end of the line.

    In two linear searches: the one-pattern regex ``\\s*\\bTC\\b.*?\\\\f…$`` scanned to the
    end of the line from every ``TC``, which took seconds on a long line of them.
    """
    tail = _FIELD_TAIL.search(line) if "\\" in line else None
    start = _FIELD_START.search(line, 0, tail.start()) if tail else None
    if start is None:
        return line
    cut = start.start()
    while cut > 0 and line[cut - 1].isspace():
        cut -= 1
    return line[:cut]


def rewrite_latex(line: str) -> str:
    if "\\" not in line and "$" not in line:
        return line

    def math(m: re.Match[str]) -> str:
        inner = m.group(1).replace("\\%", "%")
        inner = _LATEX_CMD.sub(_latex_word, inner)
        return inner.replace(" ", "")

    line = _LATEX_MATH.sub(math, line)
    line = line.replace("\\%", "%")
    return _LATEX_CMD.sub(
        lambda m: _LATEX_WORDS[m.group(1)] if m.group(1) in _LATEX_WORDS else m.group(0), line
    )


def strip_markdown(line: str) -> str:
    if "*" in line:
        line = _MD_BOLD.sub(r"\1", line)
    return _MD_BULLET.sub(r"\1", line) if "- " in line or "* " in line else line


def fullwidth_digits(line: str) -> str:
    return line.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(line) else line


def strip_cell_spaces(line: str) -> str:
    if "\t" not in line:
        return line.strip(_SPACES)
    return "\t".join(cell.strip(_SPACES) for cell in line.split("\t"))


def remove_cjk_spaces(line: str) -> str:
    return _CJK_SPACE.sub("", line) if _HAS_SPACE.search(line) else line


RULES: Sequence[tuple[str, Callable[[str], str]]] = (
    ("bookmark", strip_bookmarks),
    ("field-code", strip_field_codes),
    ("latex", rewrite_latex),
    ("markdown", strip_markdown),
    ("fullwidth-digits", fullwidth_digits),
    ("cell-space", strip_cell_spaces),
    ("cjk-space", remove_cjk_spaces),
)


#: a character or sequence without which the first five rules leave a line as it is
_MAY_CHANGE = re.compile(r"[\\$*０-９％]|\[bookmark|- ")


def normalise_line(line: str) -> str:
    """Apply every rule of :data:`RULES` to one line."""
    if _MAY_CHANGE.search(line) is None:  # most lines: only the space rules can apply
        return remove_cjk_spaces(strip_cell_spaces(line))
    for _name, rule in RULES:
        line = rule(line)
    return line


_SPACE_RUN = re.compile("[ \u00a0\u3000]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_FOLLOWER = re.compile(f"[{_CJK}0-9{_MATH}]")
_DIGIT_OR_MATH = frozenset(f"0123456789{_MATH}")


def _space_run(m: re.Match[str]) -> str:
    """The ``cell-space`` and ``cjk-space`` rules for one maximal run of spaces."""
    text, start, end = m.string, m.start(), m.end()
    if start == 0 or end == len(text):
        return ""
    before, after = text[start - 1], text[end]
    if before in "\t\n" or after in "\t\n":
        return ""  # cell-space: at the start or end of a line or cell
    if _CJK_CHAR.match(before):
        return "" if _CJK_FOLLOWER.match(after) else m.group()
    if before in _DIGIT_OR_MATH and _CJK_CHAR.match(after):
        return ""
    return m.group()


def normalise_lines(lines: Sequence[str]) -> tuple[str, ...]:
    """Normalise each line; the result has exactly as many lines as the input.

    The same as :func:`normalise_line` on every line, in one pass over the text: the
    first five rules run on the few lines :data:`_MAY_CHANGE` finds, and the two space
    rules decide each maximal run of spaces by its two neighbours (a run is removed
    whole or kept whole by either rule, and removing one run does not change the
    neighbours of another).  ~4x faster than line by line on the sample corpus.
    """
    if not lines:
        return ()
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1:
        return tuple(normalise_line(line) for line in lines)  # a line holds a line break
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    for m in _MAY_CHANGE.finditer(text):
        if m.start() < done:
            continue  # a line already rewritten
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        line = text[start:end]
        for _name, rule in RULES[:5]:
            line = rule(line)
        pieces += (text[done:start], line)
        done = end
    if pieces:
        text = "".join(pieces) + text[done:]
    return tuple(_SPACE_RUN.sub(_space_run, text).split("\n"))
