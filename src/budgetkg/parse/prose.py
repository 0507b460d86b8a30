"""Prose sentences → amount events.

Budget figures are printed in running text such as
``2020年部门支出预算为691.88万元，其中基本支出357.51万元，包括人员经费333.18万元``.
:func:`text_to_events` finds every amount (and every "unchanged" phrase such as
``与上年持平``) together with its *subject* — the words between the previous
delimiter and the amount — and its direction when it is a year-on-year change.
:func:`events_to_lines` classifies subjects with per-section patterns and resolves
subject-less changes (``较2019年增长189.78万元``) to the category they refer to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import BudgetLine, Diagnostic
from .amounts import NUMBER, parse_decimal, to_yuan


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Joined text of consecutive prose lines, with a map back to line numbers."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (offset in text, line number), ascending

    def line_at(self, offset: int) -> int:
        line = self.starts[0][1]
        for start, number in self.starts:
            if start > offset:
                break
            line = number
        return line


_HEADING = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|第[一二三四五六七八九十]+部分)"
)
_SENTENCE_END = "。；;：:！？!?"


def _is_heading(line: str) -> bool:
    return len(line) <= 24 and "。" not in line and bool(_HEADING.match(line))


def join_lines(lines: Sequence[str], first_line: int) -> Paragraph:
    """Join prose lines (skipping blank and table lines) into one text.

    A line that continues a sentence cut by a page break (the previous line ends
    without punctuation and neither is a heading) is joined without a separator
    (``一般公共预算拨`` / ``款2792.05万元``); otherwise lines are separated by a line
    break, which the event reader treats as the end of a sentence.
    """
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    offset = 0
    previous = ""
    for index, line in enumerate(lines):
        if not line or line.startswith("\t"):
            continue
        if parts and (previous[-1] in _SENTENCE_END or _is_heading(previous) or _is_heading(line)):
            parts.append("\n")
            offset += 1
        starts.append((offset, first_line + index))
        parts.append(line)
        offset += len(line)
        previous = line
    if not starts:
        starts.append((0, first_line))
    return Paragraph("".join(parts), tuple(starts))


@dataclass(frozen=True, slots=True)
class Event:
    subject: str  # cleaned subject words; "" when the sentence has none
    amount: Decimal | None  # yuan; None for an "unchanged" phrase
    printed: str
    direction: int  # +1 increase, -1 decrease, 0 not a change; "unchanged" events use 0
    unchanged: bool
    sentence_start: bool  # no subject and the previous delimiter ends a sentence
    new_sentence: bool  # a sentence ended between the previous event and this one
    depth: int  # bracket depth at the amount
    line: int

    @property
    def is_change(self) -> bool:
        return self.direction != 0 or self.unchanged


#: a figure starts where its number starts: never inside a run of digits (``(?<!\d)``, where
#: a match could not start anyway) nor right after ``1,`` (the tail of a digit group).  Trying
#: every position of a long run made the search quadratic: 20,000 digits took 40 s
_AMOUNT = re.compile(
    rf"(?<!\d)(?<!\d,)(?P<num>{NUMBER})\s*(?P<unit>亿元|万元|元)|为(?P<zero>0)(?=[。，,；;]|$)"
)
_UNCHANGED = re.compile(r"持平|无增减变化|无变化|没有变化")
_DELIMS = "，,；;：:。！？!?\n"
_INCREASE = ("增加", "增长", "上升", "提高", "增")
_DECREASE = ("减少", "下降", "降低", "较少", "压减", "缩减", "节约", "减")
_CHANGE_VERB = re.compile(r"(增加|增长|上升|提高|减少|下降|降低|较少|压减|缩减|节约)了?$")
_LEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[\s、，,；;：:。()（）\[\]【】\-—]|其中|包括|主要为|主要是|主要包括|主要|以及|和|及|另外|"
    r"分别为|分别是|我部门|本部门|我单位|本单位|本年度|本年|当年|今年|部门预算|部门|\d+[、.．]|"
    r"[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d{4}年度?|年度?|共计)+"
)
_TRAILING = re.compile(r"(?:为|是|[:：]|共计|合计为|达|约|预算数|金额为)+$")
_COMPARE = re.compile(r"(?:较|比|与|同)(?:\d{4}年|上年|上一年|去年)(?:度)?(?:预算)?(?:相比|比较)?$")
_OPEN = "（(【["
_CLOSE = "）)】]"


def _clean_subject(words: str) -> str:
    words = _LEADING.sub("", words)
    words = _TRAILING.sub("", words)
    return words.replace("（境）", "").replace("(境)", "")


def text_to_events(paragraph: Paragraph) -> list[Event]:
    """Every amount and "unchanged" phrase of ``paragraph``, in text order."""
    text = paragraph.text
    found: list[tuple[int, int, re.Match[str] | None]] = [
        (a.start(), a.end(), a) for a in _AMOUNT.finditer(text)
    ]
    found += [(u.start(), u.end(), None) for u in _UNCHANGED.finditer(text)]
    found.sort(key=lambda t: t[0])
    events: list[Event] = []
    previous_end = 0
    depth = 0
    for start, end, m in found:
        if start < previous_end:
            continue
        between = text[previous_end:start]
        for ch in between:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
        cut = max(between.rfind(d) for d in _DELIMS)
        words = between[cut + 1 :]
        delimiter = between[cut] if cut >= 0 else ""
        if cut > 0 and delimiter in "：:" and not _clean_subject(words):
            # "部门支出预算：1925.35万元" — the subject stands before the colon
            before = between[:cut]
            words = before[max(before.rfind(d) for d in _DELIMS) + 1 :]
        # a closing bracket between the previous amount and this one ends a parenthesis
        close = max(words.rfind(c) for c in _CLOSE)
        if close >= 0 and words[:close].count("（") + words[:close].count("(") == 0:
            words = words[close + 1 :]
        direction = 0
        verb = _CHANGE_VERB.search(words)
        if m is not None and verb:
            direction = 1 if verb.group(1) in _INCREASE else -1
            words = words[: verb.start()]
        words = _COMPARE.sub("", words)
        subject = _clean_subject(words)
        subject = _COMPARE.sub("", subject)
        sentence_start = not subject and (
            (cut < 0 and previous_end == 0) or delimiter in "。！？!?\n"
        )
        if m is None:
            amount = None
            printed = text[start:end]
        elif m.group("zero") is not None:
            amount = Decimal(0)
            printed = m.group(0)
        else:
            value = parse_decimal(m.group("num"))
            assert value is not None
            amount = to_yuan(value, m.group("unit"))
            printed = m.group(0).replace(" ", "")
        events.append(
            Event(
                subject=subject,
                amount=amount,
                printed=printed,
                direction=direction,
                unchanged=m is None,
                sentence_start=sentence_start,
                new_sentence=previous_end == 0 or any(c in between for c in "。！？!?\n"),
                depth=depth,
                line=paragraph.line_at(start),
            )
        )
        previous_end = end
    return events


Patterns = Sequence[tuple[str, re.Pattern[str]]]


def classify(subject: str, patterns: Patterns) -> str | None:
    for category, pattern in patterns:
        if pattern.fullmatch(subject):
            return category
    return None


@dataclass
class _Acc:
    category: str
    amount: Decimal | None
    line: int
    printed: str
    change: Decimal | None = None
    change_line: int | None = None


def events_to_lines(
    events: Sequence[Event],
    patterns: Patterns,
    file: str,
    *,
    restate: Patterns = (),
    change_targets: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[list[BudgetLine], list[Diagnostic]]:
    """Classify events into budget lines.

    ``restate`` patterns name subjects that restate a total already printed (the
    ``收支安排`` of a change sentence): they set the context for the change that
    follows without adding a line; ``change_targets`` maps such a restated
    category to the categories its change applies to.
    """
    lines: dict[str, _Acc] = {}
    diagnostics: list[Diagnostic] = []
    main: str | None = None
    context: str | None = None
    stack: list[str | None] = []
    last_depth = 0
    targets = change_targets or {}
    sentence: list[str] = []  # categories named in the current sentence
    previous_sentence: list[str] = []

    def apply_change(category: str, value: Decimal, event: Event) -> None:
        for target in targets.get(category, (category,)):
            acc = lines.get(target)
            if acc is None:
                acc = lines[target] = _Acc(target, None, event.line, "")
            if acc.change is not None and acc.change == value:
                continue
            if acc.change is not None:
                diagnostics.append(
                    Diagnostic(
                        file,
                        event.line,
                        "warning",
                        "change-conflict",
                        f"{target}: change printed twice ({acc.change} and {value} yuan); "
                        "kept the first",
                    )
                )
                continue
            acc.change = value
            acc.change_line = event.line

    for event in events:
        if event.new_sentence:
            previous_sentence, sentence = sentence, []
        while event.depth > last_depth:
            stack.append(context)
            last_depth += 1
        while event.depth < last_depth:
            context = stack.pop() if stack else context
            last_depth -= 1
        category = classify(event.subject, patterns) if event.subject else None
        restated = classify(event.subject, restate) if event.subject else None
        if event.is_change:
            target = category or restated
            if target is None and not event.subject:
                if event.sentence_start:
                    # "。与上年持平" refers to the one category of the previous sentence,
                    # or to the paragraph's total when that sentence listed several
                    single = len(set(previous_sentence)) == 1
                    target = previous_sentence[0] if single else (main or context)
                else:
                    target = context
            if target is None:
                continue
            value = Decimal(0) if event.unchanged or event.amount is None else event.amount
            apply_change(target, value * event.direction if event.direction else value, event)
            context = target
            continue
        if restated is not None:
            context = restated
            main = main or restated
            continue
        if category is None or event.amount is None:
            continue
        acc = lines.get(category)
        if acc is None or acc.amount is None:
            if acc is None:
                lines[category] = _Acc(category, event.amount, event.line, event.printed)
            else:
                acc.amount, acc.line, acc.printed = event.amount, event.line, event.printed
        elif acc.amount != event.amount:
            diagnostics.append(
                Diagnostic(
                    file,
                    event.line,
                    "warning",
                    "amount-conflict",
                    f"{category} printed as {acc.printed} on line {acc.line} and as "
                    f"{event.printed} here; kept the first",
                )
            )
        context = category
        main = main or category
        sentence.append(category)
    result = [
        BudgetLine(
            category=a.category,
            amount=a.amount,
            line=a.line,
            printed=a.printed,
            change=a.change,
            change_line=a.change_line,
        )
        for a in lines.values()
    ]
    return result, diagnostics
