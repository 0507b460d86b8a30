"""Tests of :mod:`budgetkg.citations`: 文号 and title citations.

The corpus expectations at the bottom were worked out by hand from the five files in
``corpus/hebei`` (every ``号`` and every ``《`` was read); they are exact sets, so a lost
or an invented document number fails.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetkg.citations import (
    YEAR_MAX,
    YEAR_MIN,
    Citation,
    canonical_number,
    canonical_title,
    document_aliases,
    document_key,
    find_citations,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hebei"


@cache
def corpus_text(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def numbered(text: str) -> list[Citation]:
    return [c for c in find_citations(text) if c.number is not None]


def only(text: str) -> Citation:
    found = find_citations(text)
    assert len(found) == 1, found
    return found[0]


# --- document numbers: every form printed in the corpus -----------------------------------

CORPUS_FORMS = [
    # (text as printed in its sentence, raw, number, issuer, year, serial)
    ("\t冀组发[2018]14号", "冀组发[2018]14号", "冀组发〔2018〕14号", "冀组发", 2018, 14),
    (
        "\t按照南区字【2013】72号文文件规定，，认定为",
        "南区字【2013】72号",
        "南区字〔2013〕72号",
        "南区字",
        2013,
        72,
    ),
    (
        "\t三信访【2019】第192号",
        "三信访【2019】第192号",
        "三信访〔2019〕192号",
        "三信访",
        2019,
        192,
    ),
    ("\t廊组字【2018】94号", "廊组字【2018】94号", "廊组字〔2018〕94号", "廊组字", 2018, 94),
    ("\t三发【2012】5号", "三发【2012】5号", "三发〔2012〕5号", "三发", 2012, 5),
    (
        "\t区长办公会议纪要【2008】2号",
        "区长办公会议纪要【2008】2号",
        "区长办公会议纪要〔2008〕2号",
        "区长办公会议纪要",
        2008,
        2,
    ),
    (
        "100%\t石高管字[2014]16号文",
        "石高管字[2014]16号",
        "石高管字〔2014〕16号",
        "石高管字",
        2014,
        16,
    ),
    (
        "≥90%\t石高工组【2019】25 号文件",
        "石高工组【2019】25 号",
        "石高工组〔2019〕25号",
        "石高工组",
        2019,
        25,
    ),
    (
        "\t根据南区字【2018】85号文提出为进一步提升生",
        "南区字【2018】85号",
        "南区字〔2018〕85号",
        "南区字",
        2018,
        85,
    ),
    ("的 通知（石财行[2019]54 号）绩效目标表", None, "石财行〔2019〕54号", "石财行", 2019, 54),
    (
        "（冀团联字[2011]63号文件要求（建议安排））",
        None,
        "冀团联字〔2011〕63号",
        "冀团联字",
        2011,
        63,
    ),
]


@pytest.mark.parametrize(("text", "raw", "number", "issuer", "year", "serial"), CORPUS_FORMS)
def test_corpus_number_forms(
    text: str, raw: str | None, number: str, issuer: str, year: int, serial: int
) -> None:
    (c,) = numbered(text)
    assert c.number == number
    assert c.issuer == issuer
    assert c.year == year
    assert c.serial == serial
    assert c.recovered is False
    assert text[c.start : c.end] == c.raw
    if raw is not None:
        assert c.raw == raw


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("冀组发[2018]14号", "冀组发〔2018〕14号"),
        ("冀组发【2018】14号", "冀组发〔2018〕14号"),
        ("冀组发〔2018〕14号", "冀组发〔2018〕14号"),
        ("冀组发［2018］14号", "冀组发〔2018〕14号"),
        ("冀组发(2018)14号", "冀组发〔2018〕14号"),
        ("冀组发（2018）14号", "冀组发〔2018〕14号"),
        ("冀组发﹝2018﹞14号", "冀组发〔2018〕14号"),
        ("冀组发[２０１８]１４号", "冀组发〔2018〕14号"),
        ("冀组发〔2018〕014号", "冀组发〔2018〕14号"),
        ("冀组发 〔 2018 〕 第 14 号", "冀组发〔2018〕14号"),
        ("冀组发[2018]14\n号", "冀组发〔2018〕14号"),
    ],
)
def test_brackets_digits_and_zeros_are_unified(text: str, number: str) -> None:
    (c,) = numbered(text)
    assert c.number == number
    assert (c.issuer, c.year, c.serial) == ("冀组发", 2018, 14)
    assert c.raw == text


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("按照南区字【2013】72号文", "南区字"),
        ("根据南区字【2018】85号文", "南区字"),
        ("依据冀财预〔2019〕3号", "冀财预"),
        ("详见冀财预〔2019〕3号", "冀财预"),
        ("的意见》三发【2012】5号", "三发"),
        ("的通知（冀组发[2018]14号文）", "冀组发"),
        ("规定：冀财预〔2019〕3号", "冀财预"),
        ("、冀财预〔2019〕3号", "冀财预"),
        ("国办发〔2018〕101号和财预［2016］143号", "财预"),
        ("关于印发的通知冀财预〔2019〕3号", "冀财预"),
        ("，和政发〔2019〕3号", "和政发"),
    ],
)
def test_issuer_stops_at_punctuation_and_clause_words(text: str, issuer: str) -> None:
    assert numbered(text)[-1].issuer == issuer


def test_several_numbers_in_one_sentence() -> None:
    text = "按照国办发﹝2018﹞101号和财预［2016］143号文件"
    assert [c.number for c in numbered(text)] == ["国办发〔2018〕101号", "财预〔2016〕143号"]


@pytest.mark.parametrize(
    "text",
    [
        "2019年",
        "现将2020年部门预算公开如下",
        "2019年部门预算支出合计12345.67万元，比2018年增加201819元",
        "（2018）14号",  # no issuer
        "第2019号",
        "每人每年享受医疗补助3500元",
        "438002 石家庄高新技术产业开发区长江街道办事处",
        "建设路201819号",  # an address, not a document
        "冀ICP备20191234号",
        "≥664 人\t200 元\t10.12 万元",
    ],
)
def test_dates_amounts_and_addresses_are_not_numbers(text: str) -> None:
    assert find_citations(text) == []


# --- canonical_number ---------------------------------------------------------------------


def test_canonical_number() -> None:
    assert canonical_number("冀组发", 2018, 14) == "冀组发〔2018〕14号"
    assert canonical_number("区长办公会议纪要", 2008, 2) == "区长办公会议纪要〔2008〕2号"
    assert canonical_number(" 国办发 ", 2018, 101) == "国办发〔2018〕101号"


@pytest.mark.parametrize(
    ("issuer", "year", "serial"),
    [
        ("", 2018, 1),
        ("冀 组发", 2018, 1),
        ("冀组发〔", 2018, 1),
        ("冀组发", 18, 1),
        ("冀组发", 2018, 0),
    ],
)
def test_canonical_number_rejects_invalid_parts(issuer: str, year: int, serial: int) -> None:
    with pytest.raises(ValueError):
        canonical_number(issuer, year, serial)


@settings(max_examples=200, deadline=None)
@given(
    issuer=st.text(alphabet="冀石三廊南组发字办财政信访高管工团联行", min_size=2, max_size=6),
    year=st.integers(min_value=1950, max_value=2035),
    serial=st.integers(min_value=1, max_value=9999),
    brackets=st.sampled_from(["[]", "【】", "〔〕", "［］", "()", "（）", "﹝﹞"]),
)
def test_any_bracketed_number_roundtrips(
    issuer: str, year: int, serial: int, brackets: str
) -> None:
    text = f"根据{issuer}{brackets[0]}{year}{brackets[1]}{serial}号文件"
    (c,) = numbered(text)
    assert c.number == canonical_number(issuer, year, serial)
    assert (c.issuer, c.year, c.serial) == (issuer, year, serial)
    assert text[c.start : c.end] == c.raw
    # the canonical form is itself found and maps to itself
    assert only(c.number).number == c.number


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="《》〈〉<>（）()[]【】〔〕关于的通知意见号第年期冀组发 \t\n0123456789，。")
)
def test_offsets_always_point_at_raw(text: str) -> None:
    for c in find_citations(text):
        assert text[c.start : c.end] == c.raw
        assert c.raw
        assert c.number is not None or c.title is not None or c.issuer is not None


# --- bracket-less OCR numbers -------------------------------------------------------------


def test_bracketless_ocr_number_is_recovered() -> None:
    text = "的通知(石办字 201819 号文)"
    (c,) = numbered(text)
    assert c.number == "石办字〔2018〕19号"
    assert (c.issuer, c.year, c.serial) == ("石办字", 2018, 19)
    assert c.recovered is True
    assert c.raw == "石办字 201819 号"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("石办字201819号", "石办字〔2018〕19号"),  # OCR spaces already removed
        ("石办字 2018 19 号", "石办字〔2018〕19号"),  # the space falls after the year
        ("石办字 20191234 号", "石办字〔2019〕1234号"),
        ("石办字 20181 号", "石办字〔2018〕1号"),
    ],
)
def test_unambiguous_bracketless_forms(text: str, number: str) -> None:
    c = only(text)
    assert c.number == number
    assert c.recovered is True


@pytest.mark.parametrize(
    "text",
    [
        "石办字 20 1819 号",  # a space inside the year: 20|1819 or 2018|19?
        "石办字 2018 1 9 号",  # serial 19, or 1 and 9?
        "石办字 123456 号",  # 1234 is no plausible year
        f"石办字 {YEAR_MAX + 1}19 号",
        f"石办字 {YEAR_MIN - 1}19 号",
        "石办字 201800 号",  # serial 0
    ],
)
def test_ambiguous_bracketless_forms_are_kept_but_not_recovered(text: str) -> None:
    c = only(text)
    assert c.number is None
    assert c.year is None and c.serial is None
    assert c.recovered is False
    assert c.issuer == "石办字"
    assert c.raw == text
    assert document_key(c) == "raw:" + "".join(text.split())


def test_too_short_or_too_long_digit_runs_are_not_numbers() -> None:
    assert find_citations("石办字 2018 号") == []
    assert find_citations("石办字 201812345 号") == []


# --- titles ---------------------------------------------------------------------------------


def test_alias_short_and_full_title_are_one_document() -> None:
    short = only("按照《预算法》规定")
    full = only("按照《中华人民共和国预算法》规定")
    assert short.title == full.title == "中华人民共和国预算法"
    assert short.raw == "《预算法》"
    assert document_key(short) == document_key(full) == "title:中华人民共和国预算法"


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("预算法", "中华人民共和国预算法"),
        ("政府采购法", "中华人民共和国政府采购法"),
        ("会计法", "中华人民共和国会计法"),
        ("公务员法", "中华人民共和国公务员法"),
        ("预算法实施条例", "中华人民共和国预算法实施条例"),
        ("政府采购法实施条例", "中华人民共和国政府采购法实施条例"),
        ("《 预算法 》", "中华人民共和国预算法"),
        ("中华人民共和国预算法", "中华人民共和国预算法"),
        ("地方预决算公开操作规程", "地方预决算公开操作规程"),  # not an alias: unchanged
    ],
)
def test_alias_table(alias: str, canonical: str) -> None:
    assert canonical_title(alias) == canonical


def test_alias_table_is_well_formed() -> None:
    table = document_aliases()
    assert len(table) >= 20
    for alias, canonical in table.items():
        assert alias and canonical
        assert alias == canonical_title(alias) or alias not in table.values()
        # no chains: a canonical title is never an alias of something else
        assert canonical not in table or table[canonical] == canonical
        assert canonical_title(canonical) == canonical


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "《中共河北省委办公厅河北省人民政府办公厅印发<关于进一步推进预算公开工作的实施意见>的通知》",
            "中共河北省委办公厅河北省人民政府办公厅印发〈关于进一步推进预算公开工作的实施意见〉的通知",
        ),
        (
            "《转发〈关于妥善解决国防公路建设工役制人员生活困难问题指导意见的通知〉》",
            "转发〈关于妥善解决国防公路建设工役制人员生活困难问题指导意见的通知〉",
        ),
        ("《关于印发《X办法》的通知》", "关于印发〈X办法〉的通知"),
        ("《关于印发＜X办法＞的通知》", "关于印发〈X办法〉的通知"),
        (
            "《关于将文化活动经费列入 2020 年预算计划的请示》",
            "关于将文化活动经费列入2020年预算计划的请示",
        ),
        ("《GB/T 9704 党政机关公文格式》", "GB/T 9704党政机关公文格式"),
    ],
)
def test_titles_in_book_brackets_are_normalised(text: str, title: str) -> None:
    c = only(text)
    assert c.title == title
    assert c.raw == text
    assert c.number is None and c.issuer is None


def test_issuing_office_before_book_title_is_not_part_of_it() -> None:
    c = only("\t中共三河市委三河市人民政府《关于开展扫黑除恶专项斗争的实施意见》")
    assert c.title == "关于开展扫黑除恶专项斗争的实施意见"
    assert c.raw == "《关于开展扫黑除恶专项斗争的实施意见》"
    c = only("≥90%\t建设管理局《关于街道、镇供热管理工作经费的请示》")
    assert c.title == "关于街道、镇供热管理工作经费的请示"


def test_forwarding_notice_without_number() -> None:
    c = only("\t中共某委印发《关于某某的意见》的通知\t")
    assert c.title == "中共某委印发〈关于某某的意见〉的通知"
    assert c.raw == "中共某委印发《关于某某的意见》的通知"


@pytest.mark.parametrize(
    "cell",
    [
        "关于申请装修社区办公用房及购置办公家具资金的请示",
        "关于进一步加强乡镇纪检组织建设的意见",
        "关于实施奇特商城火灾隐患整改工程的请示",
        "中共三河市委组织部关于社区基层党组织规范化建设的意见",
        "三河市财政局关于对镇（街道团组织工作经费列支的意见",
        "区人力资源和社会保障局关于调整高艳庄等3人生活补贴的意见",
    ],
)
def test_bare_title_cells(cell: str) -> None:
    c = only(f"\t指标值确定依据\n\n\t{cell}\n")
    assert c.title == cell
    assert c.raw == cell
    assert c.number is None


def test_bare_title_starting_a_cell_before_a_comma() -> None:
    c = only("\t关于加强管理的通知，按照通知执行\n")
    assert c.title == "关于加强管理的通知"


@pytest.mark.parametrize(
    "text",
    [
        # prose that mentions a document without naming it as a cell/sentence
        "4、补齐短板，加强基础设施建设。认真贯彻落实国务院关于保持基础设施领域补短板力度的指导意见，按照",
        "认真贯彻落实国务院关于保持基础设施领域补短板力度的指导意见，按照",
        "绩效指标：开展十三五环保重点工作，制定关于全面加强生态环境保护坚决打好污染防治攻坚战的系列实施方案；",
        "严格按照中央、省、市和三河市委、市政府关于禁毒工作的指示精神，全力推动",
        "\t关于加强管理的通知要求\t",
        "\t依据工作方案",
        "\t根据文件政策规定",
    ],
)
def test_prose_is_not_a_bare_title(text: str) -> None:
    assert find_citations(text) == []


def test_periodical_issue() -> None:
    c = only("\t《市长办公会议纪要》2017年19期\n")
    assert c.title == "市长办公会议纪要"
    assert (c.number, c.issuer, c.year, c.serial) == (None, None, 2017, 19)
    assert c.raw == "《市长办公会议纪要》2017年19期"
    assert document_key(c) == "title:市长办公会议纪要#2017-19"
    other = only("《市长办公会议纪要》２０１８年第３期")
    assert (other.year, other.serial) == (2018, 3)
    assert document_key(other) != document_key(c)
    assert document_key(only("《市长办公会议纪要》")) == "title:市长办公会议纪要"


# --- title and number together ------------------------------------------------------------


def test_book_title_directly_followed_by_number() -> None:
    text = "\t《中共三河市委三河市人民政府关于进一步加强和改进社区建设工作的意见》三发【2012】5号\n"
    c = only(text)
    assert c.title == "中共三河市委三河市人民政府关于进一步加强和改进社区建设工作的意见"
    assert c.number == "三发〔2012〕5号"
    assert c.raw == text.strip()
    assert document_key(c) == "三发〔2012〕5号"


def test_bare_title_followed_by_number_in_parentheses() -> None:
    text = "\t中共三河市委组织部关于社区基础党组织规范化建设的意见（三组发[2018]9号）\n"
    c = only(text)
    assert c.title == "中共三河市委组织部关于社区基础党组织规范化建设的意见"
    assert c.number == "三组发〔2018〕9号"
    assert c.raw == text.strip()


def test_forwarding_notice_with_number() -> None:
    text = (
        "≥90%\t中共河北省委组织部河北省财政厅印发《关于提高村级组织运转保障水平的意见》"
        "的通知（冀组发[2018]14号文）\n"
    )
    c = only(text)
    assert c.number == "冀组发〔2018〕14号"
    assert (
        c.title == "中共河北省委组织部河北省财政厅印发〈关于提高村级组织运转保障水平的意见〉的通知"
    )
    assert c.raw.startswith("中共河北省委组织部")
    assert c.raw.endswith("14号文）")


def test_book_title_followed_by_number_in_parentheses() -> None:
    text = (
        "根据《关于印发〈新形势下基层党建带团工作的实施意见〉的通知》"
        "（冀团联字[2011]63号文件要求（建议安排））"
    )
    c = only(text)
    assert c.number == "冀团联字〔2011〕63号"
    assert c.title == "关于印发〈新形势下基层党建带团工作的实施意见〉的通知"
    assert c.raw == "《关于印发〈新形势下基层党建带团工作的实施意见〉的通知》（冀团联字[2011]63号"


def test_notice_title_with_recovered_number() -> None:
    text = (
        "根据《关于实施“红色堡垒工程”加强和创新城市基层社会管理的意见》的通知(石办字 201819 号文)"
    )
    c = only(text)
    assert c.number == "石办字〔2018〕19号"
    assert c.recovered is True
    assert c.title == "〈关于实施“红色堡垒工程”加强和创新城市基层社会管理的意见〉的通知"
    assert c.raw == text.removeprefix("根据")


def test_cell_title_without_guanyu_followed_by_number() -> None:
    text = (
        "18、提前下达 2020 年度社区党建惠民工程市级专项资金的 通知（石财行[2019]54 号）绩效目标表"
    )
    c = only(text)
    assert c.number == "石财行〔2019〕54号"
    assert c.title == "提前下达2020年度社区党建惠民工程市级专项资金的通知"
    assert c.raw == "提前下达 2020 年度社区党建惠民工程市级专项资金的 通知（石财行[2019]54 号）"


def test_short_or_prose_text_before_a_number_is_not_its_title() -> None:
    c = only("按照上级的通知（冀组发[2018]14号）")
    assert c.title is None
    assert c.raw == "冀组发[2018]14号"
    c = only("\t按照南区字【2013】72号文文件规定")
    assert c.title is None


def test_number_and_title_one_document_key() -> None:
    a = only("\t中共三河市委组织部关于社区基础党组织规范化建设的意见（三组发[2018]9号）\n")
    b = only("\t三组发〔2018〕9号\n")
    assert document_key(a) == document_key(b) == "三组发〔2018〕9号"


def test_document_key_of_title_only() -> None:
    c = Citation("关于X的请示", 0, 6, None, None, None, None, "关于X的请示")
    assert document_key(c) == "title:关于X的请示"


# --- the corpus -----------------------------------------------------------------------------

CORPUS_NUMBERS = {
    "000": {"南区字〔2013〕72号", "南区字〔2018〕85号"},
    "001": set(),
    "002": {"三发〔2012〕5号", "三组发〔2018〕9号", "三信访〔2019〕192号"},
    "003": {
        "石高管字〔2014〕16号",
        "冀组发〔2018〕14号",
        "冀团联字〔2011〕63号",
        "石办字〔2018〕19号",
        "石财行〔2019〕54号",
        "石高工组〔2019〕25号",
    },
    "004": {"廊组字〔2018〕94号", "区长办公会议纪要〔2008〕2号"},
}


@pytest.mark.parametrize("prefix", sorted(CORPUS_NUMBERS))
def test_corpus_document_numbers(prefix: str) -> None:
    text = corpus_text(prefix)
    found = find_citations(text)
    assert {c.number for c in found if c.number is not None} == CORPUS_NUMBERS[prefix]
    # nothing number-like was left unparsed
    assert [c.raw for c in found if c.issuer is not None and c.number is None] == []
    for c in found:
        assert text[c.start : c.end] == c.raw


@pytest.mark.parametrize(
    ("prefix", "count"),
    [("000", 12), ("002", 15), ("003", 32), ("004", 11)],
)
def test_corpus_every_occurrence_is_found(prefix: str, count: int) -> None:
    # one citation per printed number (table rows repeat them)
    text = corpus_text(prefix)
    assert len(numbered(text)) == count


def test_corpus_only_the_lost_bracket_number_is_recovered() -> None:
    recovered = [c for c in find_citations(corpus_text("003")) if c.recovered]
    assert len(recovered) == 5
    assert {c.number for c in recovered} == {"石办字〔2018〕19号"}
    assert all(c.raw.endswith("(石办字 201819 号文)") for c in recovered)
    for prefix in ("000", "001", "002", "004"):
        assert not any(c.recovered for c in find_citations(corpus_text(prefix)))


OPENING_TITLES = {
    "000": {
        "中华人民共和国预算法",
        "中共河北省委办公厅河北省人民政府办公厅印发〈关于进一步推进预算公开工作的实施意见〉的通知",
        "河北省省级预决算公开操作规程实施细则",
    },
    "001": {"中华人民共和国预算法", "地方预决算公开操作规程"},
    "002": {"中华人民共和国预算法", "地方预决算公开操作规程", "河北省省级预算公开办法"},
    "003": {"石家庄高新技术产业开发区长江街道办事处职能配置、内设机构和人员编制规定"},
    "004": {"中华人民共和国预算法", "地方预决算公开操作规程", "河北省省级预算公开办法"},
}


@pytest.mark.parametrize("prefix", sorted(OPENING_TITLES))
def test_corpus_opening_paragraph_titles(prefix: str) -> None:
    text = corpus_text(prefix)
    line = next(ln for ln in text.splitlines() if "《" in ln)
    found = find_citations(line)
    assert {c.title for c in found} == OPENING_TITLES[prefix]
    assert all(c.number is None for c in found)


def test_corpus_002_short_budget_law_is_the_full_one() -> None:
    first = find_citations(corpus_text("002"))[0]
    assert first.raw == "《预算法》"
    assert document_key(first) == document_key(only("《中华人民共和国预算法》"))


def test_corpus_002_titles_and_keys() -> None:
    found = find_citations(corpus_text("002"))
    titled = {(c.title, c.number) for c in found if c.title is not None}
    assert (
        "中共三河市委三河市人民政府关于进一步加强和改进社区建设工作的意见",
        "三发〔2012〕5号",
    ) in titled
    assert (
        "中共三河市委组织部关于社区基础党组织规范化建设的意见",
        "三组发〔2018〕9号",
    ) in titled
    assert ("关于申请装修社区办公用房及购置办公家具资金的请示", None) in titled
    assert ("关于进一步加强乡镇纪检组织建设的意见", None) in titled
    assert ("三河市禁毒重点整治工作方案", None) in titled
    # 三信访【2019】第192号 stands alone in its cell
    assert {c.title for c in found if c.number == "三信访〔2019〕192号"} == {None}
    issue = [c for c in found if c.title == "市长办公会议纪要"]
    assert len(issue) == 5
    assert {(c.year, c.serial) for c in issue} == {(2017, 19)}
    keys = {document_key(c) for c in found}
    assert "title:中华人民共和国预算法" in keys
    assert "title:市长办公会议纪要#2017-19" in keys


def test_corpus_003_titled_numbers() -> None:
    found = find_citations(corpus_text("003"))
    titles = {c.number: c.title for c in found if c.number is not None}
    assert titles == {
        "石高管字〔2014〕16号": None,
        "冀组发〔2018〕14号": (
            "中共河北省委组织部河北省财政厅印发〈关于提高村级组织运转保障水平的意见〉的通知"
        ),
        "冀团联字〔2011〕63号": "关于印发〈新形势下基层党建带团工作的实施意见〉的通知",
        "石办字〔2018〕19号": "〈关于实施“红色堡垒工程”加强和创新城市基层社会管理的意见〉的通知",
        "石财行〔2019〕54号": "提前下达2020年度社区党建惠民工程市级专项资金的通知",
        "石高工组〔2019〕25号": None,
    }
    other = {c.title for c in found if c.number is None}
    assert "转发〈关于妥善解决国防公路建设工役制人员生活困难问题指导意见的通知〉" in other
    assert "区人力资源和社会保障局关于调整高艳庄等3人生活补贴的意见" in other
    assert "关于街道、镇供热管理工作经费的请示" in other


def test_corpus_004_numbers_stand_alone() -> None:
    found = numbered(corpus_text("004"))
    assert {(c.raw, c.title) for c in found} == {
        ("廊组字【2018】94号", None),
        ("区长办公会议纪要【2008】2号", None),
    }
