"""Acceptance: the structure read from the five corpus files equals what they print.

Header, duties, budget units, project performance tables (names, codes, amounts,
spending plans, goals, indicator rows), indicator targets, procurement items and the
fixed-asset table.  Every expected value was read off ``corpus/hebei`` by hand
(``cat -n``) and carries its source line; nothing here was copied from the parser.
Text is compared after the project's documented per-line cleaning (``normalise.py``:
Word bookmark/field residue removed, OCR spaces inside CJK runs removed, ``％`` → ``%``,
cell-edge spaces stripped); otherwise it is exactly as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from budgetkg.model import Disclosure, Indicator, Project
from conftest import CORPUS_KEYS, corpus_path


def wan(printed: str) -> Decimal:
    """A figure printed in 万元 → exact yuan."""
    return Decimal(printed) * 10000


def yuan(printed: str) -> Decimal:
    """A figure printed in 元 → exact yuan."""
    return Decimal(printed)


def project(d: Disclosure, ordinal: int, sequence: str | None = None) -> Project:
    """The project table numbered ``ordinal`` (in ``sequence`` when a file has two)."""
    found = [
        p
        for p in d.projects
        if p.ordinal == ordinal and (sequence is None or p.sequence == sequence)
    ]
    assert len(found) == 1, (
        f"{d.source_file}: project {sequence or ''}{ordinal}: {len(found)} found"
    )
    return found[0]


# --- header -----------------------------------------------------------------------------

HEADER = {
    # key: (department, line, fiscal year, region chain, issued, issued line, dept code, units)
    "000": (
        "沧州渤海新区南大港产业园区城区办事处",  # l.1
        1,
        2020,  # l.2 2020年部门预算信息公开
        ("河北省", "沧州市", "渤海新区", "南大港产业园区"),
        date(2020, 2, 12),  # l.704 2020年2月12日
        704,
        None,
        (),
    ),
    "001": (
        "保定市徐水区城区办事处",  # l.1
        1,
        2021,  # l.2 2021年部门预算公开说明
        ("河北省", "保定市", "徐水区"),
        None,  # no date printed
        None,
        None,
        ("520001",),  # l.146 … "520001城区办本级"
    ),
    "002": (
        "三河市泃阳西大街街道办事处",  # l.1 …2020年部门预算信息公开情况说明
        1,
        2020,
        ("河北省", "廊坊市", "三河市"),  # 三河市: county-level city of 廊坊市
        None,
        None,
        "436",  # l.1209 部门编码-436三河市泃阳西大街街道办事处
        (),
    ),
    "003": (
        "石家庄市高新技术产业开发区长江街道办事处",  # l.3 (lines 1-2 empty)
        3,
        2020,  # l.3 "… 2020 年部门预算公开情况说明"
        ("河北省", "石家庄市", "高新技术产业开发区"),
        None,
        None,
        "438",  # l.611 438 石家庄高新技术产业开发区长江街道办事处
        ("438002",),  # l.303 … 438002 石家庄高新技术产业开发区长江街道办事处
    ),
    "004": (
        "廊坊市广阳区九州镇白家务办事处",  # l.1
        1,
        2020,
        ("河北省", "廊坊市", "广阳区", "九州镇"),
        None,
        None,
        "913",  # l.208 [913]廊坊市广阳区白家务办事处
        (),
    ),
}


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_header(corpus: dict[str, Disclosure], key: str) -> None:
    d = corpus[key]
    dept, line, year, regions, issued, issued_line, code, units = HEADER[key]
    assert d.source_file == corpus_path(key).name
    assert d.department == dept
    assert d.line == line
    assert d.fiscal_year == year
    assert tuple(r.name for r in d.regions) == regions
    assert d.issued == issued
    assert d.issued_line == issued_line
    assert d.department_code == code
    assert d.unit_codes == units


# --- duties -------------------------------------------------------------------------------

DUTY_TITLES_001 = (  # l.8-17 "（一）社区建设：…" … "（十）社会福利事业管理：…"
    "社区建设",
    "社区建设管理",
    "征兵工作管理",
    "社会治安综合治理",
    "宣传引导",
    "排查不和谐因素",
    "群众工作站管理",
    "社会福利及社会保障工作",
    "社会保障工作",
    "社会福利事业管理",
)
DUTY_TITLES_003 = (  # l.11-49 "部门职责 1. 机关事务管理" …
    "机关事务管理",
    "基层党组织建设与教育管理",
    "落实“两个主体责任，抓好党风廉政建设”",
    "财务管理",
    "人口与计划生育",
    "经济管理",
    "社会事务管理",
    "社会治安综合治理事务",
    "城镇规划建设事务",
    "文化活动",
)
DUTY_TITLES_004 = (  # l.7-23 "政务服务职责：…" …
    "政务服务职责",
    "应急管理职责",
    "电子政务管理职责",
    "地方志事务职责",
    "残疾人综合职责",
    "维护妇女儿童合法权益促进妇女儿童发展职责",
    "工会事务管理职责",
    "团委事务管理职责",
    "宣传事务管理职责",
    "党政综合办公室事务管理职责",
    "建设与环保政务管理职责",
    "选举和任免管理职责",
    "安全生产管理职责",
    "政务管理职责",
    "大气污染治理工作职责",
    "义务教育职责",
    "村街组织管理事务职责",
)

DUTIES = {
    # key: (titles (None: untitled), (first text, its lines), (last text, its lines))
    "000": (
        (None,) * 6,  # l.9-19 （一）…（六）
        (
            "确保机关工作有效运转，建立完善的辖区内社区居委会党组织，提高社区基层组织的执政能力和服务能力。",
            (9,),
        ),
        ("做好辖区内统计、招商引资、法律咨询工作。", (19,)),
    ),
    "001": (
        DUTY_TITLES_001,
        (
            "指导社区居委会拓展社区服务，繁荣社区文化，美化社区环境，建设和谐社区。抓好社区的党建工作。"
            "领导和支持城区居委会依法自主管理小区事务，领导纪检、人民武装、共青团、妇联等人民团体的工作；",
            (8,),
        ),
        (
            "做好城市低保、廉租房、大病救助、高龄补贴、独生子女退休一次性奖励等的统计、申报及初审工作。",
            (17,),
        ),
    ),
    "002": (
        (None,) * 7,  # l.7-14 （一）…（七）
        (
            "认真贯彻执行党的路线、方针、政策，抓好党的思想、组织、宣传、作风建设，"
            "加强社会主义精神文明建设和党的基层组织建设，加强人大代联工作。",
            (7,),
        ),
        (
            "负责劳动保障和就业再就业工作，扩大就业机会；"
            "负责本街道居民最低生活保障对的抽查、申报和保障资金的发放等工作。",
            (14,),
        ),
    ),
    "003": (
        DUTY_TITLES_003,
        (
            "完成党委、人大、纪检、组织、宣传、政法、老干部、工会、共青团、妇联等工作，协调各办公室的工作关系；"
            "完成社会主义新农村的规划和建设工作；完成机关日常事务和后勤工作，征订报刊杂志，"
            "完成党委政府交办的其他事项。",
            (11, 13),  # title l.11, text l.13
        ),
        (
            "负责街道精神文明建设工作，开展群众性的精神文明创建活动。有针对性地开展专题节目，"
            "负责自办节目的内容搜集、编辑、整理及宣传工作。负责辖区群众文化、群众体育和文化市场管理工作，"
            "组织开展群众性文化体育活动。",
            (49, 51),  # title l.49, text l.51
        ),
    ),
    "004": (
        DUTY_TITLES_004,
        ("负责政务公开、单位会议管理、督察督办、政务联络、办事处日常工作等。", (7,)),
        (
            "负责村街党员发展；村街党组织活动；基层组织建设、党员教育管理、农村精神文明建设等工作。"
            "保障并提高村干部报酬，维持村级正常运转，开展村党组织活动，“三会一课”等，"
            "做好离任村干部及村街其他人员生活补助发放工作。",
            (23,),
        ),
    ),
}


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_duties(corpus: dict[str, Disclosure], key: str) -> None:
    titles, (first, first_lines), (last, last_lines) = DUTIES[key]
    duties = corpus[key].duties
    assert len(duties) == len(titles)
    assert [d.ordinal for d in duties] == list(range(1, len(titles) + 1))
    assert tuple(d.title for d in duties) == titles
    assert duties[0].text == first
    assert duties[0].line in first_lines
    assert duties[-1].text == last
    assert duties[-1].line in last_lines


def test_003_eighth_duty_spans_two_paragraphs(corpus: dict[str, Disclosure]) -> None:
    duty = corpus["003"].duties[7]  # l.39 部门职责 8. 社会治安综合治理事务
    assert duty.title == "社会治安综合治理事务"
    # l.41, the first paragraph
    assert duty.text.startswith(
        "完成开展社会主义民主与法制教育；加强社会治安综合治理；做好司法、宗教工作，打击邪教；"
        "做好群众来信来访工作；调解民事纠纷、维护社会稳定。"
    )
    # l.43, the second paragraph (before 部门职责 9 on l.45)
    assert "做到政策完善、托住底线、高效便捷、应保尽保、公开公正；" in duty.text
    assert duty.text.endswith("办理法律援助案件，政府购买法律援助服务。")
    assert corpus["003"].duties[8].title == "城镇规划建设事务"


# --- budget units -------------------------------------------------------------------------

UNITS = {
    # (name, 单位性质, 单位规格, 经费保障形式, line of the row)
    "000": [("沧州渤海新区南大港产业园区城区办事处", "事业", "正科级", "财政拨款", 34)],  # l.34-37
    # l.27-32; the name cell is printed over two lines "保定市徐水区" / "城区办事处"
    "001": [("保定市徐水区城区办事处", "行政", "正科级", "财政拨款", 27)],
    "002": [],  # l.16 "机构设置：" and no table
    "003": [  # l.58-59, one tab-separated row per line, OCR spaces inside the cells
        ("高新区长江街道办事处", "行政", "正科级", "财政拨款", 58),
        ("高新区长江街道办事处", "事业", "正科级", "财政性资金基本保证", 59),
    ],
    "004": [  # l.32-60
        ("廊坊市广阳区九州镇白家务办事处财政所", "行政", "正科级", "财政拨款", 32),
        ("廊坊市广阳区九州镇白家务办事处计生办", "行政", "正科级", "财政拨款", 37),
        ("廊坊市广阳区九州镇白家务办事处农业办", "行政", "正科级", "财政拨款", 42),
        ("廊坊市广阳区九州镇白家务办事处小学", "事业", "正科级", "财政拨款", 47),
        ("廊坊市广阳区九州镇白家务办事处其他教育", "事业", "正科级", "财政拨款", 52),
        ("廊坊市广阳区九州镇白家务办事处人民政府", "行政", "正科级", "财政拨款", 57),
    ],
}


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_budget_units(corpus: dict[str, Disclosure], key: str) -> None:
    units = corpus[key].units
    expected = UNITS[key]
    assert len(units) == len(expected)
    for k, (unit, (name, nature, rank, funding, line)) in enumerate(
        zip(units, expected, strict=True), start=1
    ):
        assert (unit.ordinal, unit.name, unit.nature, unit.rank, unit.funding) == (
            k,
            name,
            nature,
            rank,
            funding,
        )
        assert line <= unit.line <= line + 5  # a Word row spans the lines of its cells


def test_002_has_no_unit_table_and_says_so(corpus: dict[str, Disclosure]) -> None:
    d = corpus["002"]
    assert d.units == ()
    warnings = [w for w in d.warnings if w.code == "no-units"]
    assert len(warnings) == 1
    assert warnings[0].line == 16  # l.16 机构设置： (section 二 starts on l.17)


# --- project performance tables -----------------------------------------------------------

#: (ordinal, name, title line, indicator rows, 项目编码, 预算数 in yuan)
PROJECTS_000 = [  # 单位：万元 in every table; 其中：财政资金 = 预算数, 其他资金 0.00
    (1, "计生后遗症人员医疗和生活补助经费", 115, 6, "555-0101-JQN-56G8", wan("11.00")),  # l.126
    (2, "环保工作经费", 202, 6, "555-0101-JQN-UXGG", wan("1.00")),  # l.213
    (3, "退休干部生活补助经费", 289, 6, "555-0101-JQN-HKWU", wan("50.7")),  # l.300
    (4, "小区安防工程经费", 376, 6, "555-0101-YQN-GZ4H", wan("267.02")),  # l.387
    (5, "城乡社会管理事务经费", 463, 6, "555-0101-JQN-RSAF", wan("4.65")),  # l.474
]
PROJECTS_001 = [  # 单位：元 in every table, unit 520001城区办本级; 其他资金 0; 5 rows each
    (1, "地震群测群防岗位津贴", 145, 5, "130625210LGLR8T5K9PEK", yuan("3300.00")),  # l.156
    (2, "团委综合事务管理经费", 230, 5, "130625211N2E0QFE155PS", yuan("20000.00")),  # l.241
    (3, "城区办物业托管服务", 314, 5, "130625212V7HRDVXW30E7", yuan("121600.00")),  # l.325
    (4, "社区房屋维修费", 398, 5, "130625215PZRBAHH3IS2O", yuan("86800.00")),  # l.409
    (5, "楼院长补贴", 482, 5, "130625215SX5W4D06ZVZM", yuan("367680.00")),  # l.493
    (6, "安全生产信息员经费", 566, 5, "13062521633HQOAFS8RLG", yuan("9000.00")),  # l.577
    (
        7,
        "2019年既有建筑节能改造项目保证金",
        650,
        5,
        "13062521AUW09UV0ZTQCF",
        yuan("1207013.28"),  # l.661
    ),
    (8, "退役军人公益岗位人员工资", 734, 5, "13062521BVETW2ACV9HWP", yuan("240000.00")),  # l.745
    (
        9,
        "长期聘用人员人员经费和公用经费",
        819,
        5,
        "13062521CY6LU19HU6C7C",
        yuan("2474123.57"),  # l.830
    ),
    (10, "城区办和社区租赁费", 903, 5, "13062521IIIFX88L6LW93", yuan("1415750.00")),  # l.914
    (11, "城区办供销社退役士兵经费", 987, 5, "13062521KQRAVX25WAMNQ", yuan("480339.60")),  # l.998
    (
        12,
        "社区党组织服务群众专项经费",
        1071,
        5,
        "13062521OLTH3UKLHZVZD",
        yuan("2100000.00"),  # l.1082
    ),
    (13, "乡镇武装工作经费", 1155, 5, "13062521ORF8AX66YZ2G1", yuan("30000.00")),  # l.1166
    (
        14,
        "城区办退役士官再就业经费",
        1240,
        5,
        "13062521Q5NI1576YYU9Z",
        yuan("2546773.88"),  # l.1251
    ),
    (
        15,
        "2018年既有建筑节能改造示范项目保证金",
        1325,
        5,
        "13062521SCPRQPHS1RPYK",
        yuan("587546.74"),  # l.1336
    ),
    (16, "城区办社区工作经费", 1410, 5, "13062521T893QDLWX8NCD", yuan("2100000.00")),  # l.1421
    (
        17,
        "社区党组织服务群众专项经费(老旧小区物业服务项目)",
        1494,
        5,
        "13062521UBIX1VE6TALHP",
        yuan("2492200.00"),  # l.1505
    ),
    (18, "选任专职人民调解员经费", 1579, 5, "13062521X7CG0GKSPT0UG", yuan("85500.00")),  # l.1590
]
#: 002 and 004 print neither code nor amount: (ordinal, name, title line, indicator rows)
PROJECTS_002 = [
    (1, "社区党组织服务群众专项经费", 113, 5),  # rows l.125-158
    (2, "居委会运行经费", 161, 5),  # l.173-206
    (3, "社区办公经费", 209, 5),  # l.221-254
    (4, "社区租赁费", 257, 5),  # l.269-302
    (5, "整治老旧小区环境卫生工程", 305, 5),  # l.317-350
    (6, "奇特商城楼顶防水工程", 353, 5),  # l.365-398
    (7, "扫黑除恶工作经费", 401, 5),  # l.413-446
    (8, "安全生产经费", 449, 5),  # l.460-493
    (9, "环保所工作经费", 496, 5),  # l.507-541 (l.507 产出指标 cut off by a blank line)
    (10, "纪检工作经费", 544, 5),  # l.555-589 (same cut at l.555)
    (11, "街道辅岗人员经费", 592, 5),  # l.603-636
    (12, "街道妇联工作经费", 639, 5),  # l.650-683
    (13, "禁毒工作经费", 686, 5),  # l.697-732 (last basis cell after two blank lines)
    (14, "老旧小区维修工程", 735, 5),  # l.746-779
    (15, "奇特商城火灾隐患整改工程", 782, 5),  # l.793-826
    (16, "社区临时救助金", 829, 5),  # l.840-873
    (17, "团组织工作经费", 876, 5),  # l.887-920
    (18, "退役军人服务站工作经费", 923, 5),  # l.934-967
    (19, "维修康居、新天地社区文化活动广场工程", 970, 5),  # l.981-1014
    (20, "辖区住宅小区健身器材安装工程", 1017, 5),  # l.1028-1061
    (21, "征兵工作经费", 1064, 5),  # l.1075-1108
    (22, "制作安装社区信息公告栏工程", 1111, 5),  # l.1122-1155
    (23, "装修社区办公用房及购置办公家具", 1158, 5),  # l.1169-1202
]
#: 003: (sequence, ordinal, name, title line, indicator rows)
PROJECTS_003 = [
    ("专项资金", 1, "社区惠民项目专项资金", 301, 5),  # l.299 （二）专项资金…; rows 307-310, 313
    ("预算项目", 1, "9个居委会办公经费", 317, 4),  # l.315 (三) 预算项目…; rows 323-326
    ("预算项目", 2, "安全员经费", 328, 4),  # 336-339
    ("预算项目", 3, "保安工资", 341, 4),  # 349-352
    ("预算项目", 4, "补充工作经费", 354, 4),  # 362-365
    ("预算项目", 5, "村党组织活动经费", 367, 5),  # 377-381 (header printed twice, 374/376)
    ("预算项目", 6, "村干部工资", 383, 4),  # 391-394
    ("预算项目", 7, "村干部绩效工资", 396, 4),  # 404-407
    ("预算项目", 8, "服务群众专项经费", 409, 4),  # 418-421
    ("预算项目", 9, "高艳庄等生活补贴", 423, 4),  # 431-434
    ("预算项目", 10, "工役制人员生活困难补贴", 436, 4),  # 444-447
    ("预算项目", 11, "供热管理工作经费", 449, 4),  # 457-460
    ("预算项目", 12, "共青团工作经费", 462, 4),  # 471-474
    ("预算项目", 13, "环保义务监督员工作经费", 476, 4),  # 484-487
    ("预算项目", 14, "居委会聘用人员工资保险", 489, 5),  # 497-501
    ("预算项目", 15, "离任村干部工资", 503, 4),  # 512-515
    ("预算项目", 16, "粮食补贴", 517, 6),  # 525-530
    ("预算项目", 17, "社区工作者工资保险", 532, 5),  # 540-543, 546 (header repeated l.545)
    (
        "预算项目",
        18,
        "提前下达2020年度社区党建惠民工程市级专项资金的通知（石财行[2019]54号）",
        548,
        5,  # 556-560
    ),
    ("预算项目", 19, "退役人员经费", 562, 4),  # 570-573
    ("预算项目", 20, "文化活动经费", 575, 4),  # 585-588 (header printed twice, 582/584)
    ("预算项目", 21, "医保协管员工资", 590, 4),  # 598-601
]
PROJECTS_004 = [
    (1, "村级组织运转经费", 98, 6),  # rows l.111-151
    (2, "非公办教师经费", 155, 5),  # rows l.168-201
]

PROJECT_COUNTS = {"000": 5, "001": 18, "002": 23, "003": 22, "004": 2}


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_project_count(corpus: dict[str, Disclosure], key: str) -> None:
    assert len(corpus[key].projects) == PROJECT_COUNTS[key]


def _flat(key: str) -> list[tuple[str | None, int, str, int, int]]:
    """(sequence, ordinal, name, title line, indicator rows) of every table of ``key``."""
    if key == "000":
        return [(None, o, n, ln, c) for o, n, ln, c, _code, _a in PROJECTS_000]
    if key == "001":
        return [(None, o, n, ln, c) for o, n, ln, c, _code, _a in PROJECTS_001]
    if key == "002":
        return [(None, o, n, ln, c) for o, n, ln, c in PROJECTS_002]
    if key == "003":
        return list(PROJECTS_003)
    return [(None, o, n, ln, c) for o, n, ln, c in PROJECTS_004]


TABLES = [(key, *entry) for key in CORPUS_KEYS for entry in _flat(key)]


@pytest.mark.parametrize(("key", "sequence", "ordinal", "name", "line", "rows"), TABLES)
def test_project_table_name_and_indicator_rows(
    corpus: dict[str, Disclosure],
    key: str,
    sequence: str | None,
    ordinal: int,
    name: str,
    line: int,
    rows: int,
) -> None:
    p = project(corpus[key], ordinal, sequence)
    assert p.name == name
    assert p.line == line
    assert len(p.indicators) == rows
    assert [i.ordinal for i in p.indicators] == list(range(1, rows + 1))


def test_003_sequences(corpus: dict[str, Disclosure]) -> None:
    sequences = [p.sequence for p in corpus["003"].projects]
    assert sequences == ["专项资金"] + ["预算项目"] * 21
    assert [p.unit_code for p in corpus["003"].projects] == ["438002"] * 22


@pytest.mark.parametrize(
    ("key", "expected"), [("000", PROJECTS_000), ("001", PROJECTS_001)], ids=["000", "001"]
)
def test_project_codes_and_amounts(
    corpus: dict[str, Disclosure], key: str, expected: list[tuple]
) -> None:
    d = corpus[key]
    assert [p.ordinal for p in d.projects] == [e[0] for e in expected]
    for p, (ordinal, _name, _line, _rows, code, amount) in zip(d.projects, expected, strict=True):
        assert p.sequence == "预算项目", ordinal  # 000 l.114, 001 l.142 预算项目绩效目标
        assert p.code == code, ordinal
        assert p.amount == amount, ordinal
        assert p.fiscal_amount == amount, ordinal  # 其中：财政资金 = 预算数 in every table
        assert p.other_amount == 0, ordinal  # 其他资金 0.00 (000) / 0 (001)
        assert p.declared_unit == ("万元" if key == "000" else "元"), ordinal
        assert p.unit_code == (None if key == "000" else "520001"), ordinal


@pytest.mark.parametrize("key", ["002", "003", "004"])
def test_projects_without_printed_amounts(corpus: dict[str, Disclosure], key: str) -> None:
    for p in corpus[key].projects:
        assert (p.code, p.amount, p.fiscal_amount, p.other_amount) == (None, None, None, None)
        assert p.spending_plan == ()


def test_project_purposes(corpus: dict[str, Disclosure]) -> None:
    # 000 l.133 (预算规模及资金用途, second row)
    assert project(corpus["000"], 1).purpose == (
        "对认定为市级和园区计划生育结扎手术并发症人员发放医疗和生活补助，提高该类人员的医疗健康水平和生活质量。"
    )
    # 001 l.163 (the cell is followed by seven empty cells)
    assert project(corpus["001"], 1).purpose == (
        "项目资金3300元，预计从2021年1月起，在各社区开展地震知识宣传，"
        "使居民更好的了解地震的危害，降低地震造成的人身及财产损失。"
    )


def test_000_project_amounts_sum_to_project_expenditure(corpus: dict[str, Disclosure]) -> None:
    d = corpus["000"]
    total = sum(p.amount for p in d.projects)
    # 11.00 + 1.00 + 50.7 + 267.02 + 4.65 = 334.37万元 = 项目支出 (l.47)
    assert total == wan("334.37")
    assert total == d.line_for("ProjectExpenditure").amount


def test_001_project_amounts_sum_to_project_expenditure(corpus: dict[str, Disclosure]) -> None:
    """001 prints 项目支出 1636.76万元 (l.46) but the 18 tables in 元 (l.156 … l.1590).

    The yuan figures add up to 16 367 627.07 元; rounded to the 0.01万元 (= 100 元) in
    which section 二 prints, that is 1636.76万元.  A figure rounded to 100 元 can be off by
    at most half a step, so the sum must lie within 50 元 of 16 367 600 元.
    """
    d = corpus["001"]
    total = sum(p.amount for p in d.projects)
    assert total == yuan("16367627.07")
    project_expenditure = d.line_for("ProjectExpenditure").amount
    assert project_expenditure == wan("1636.76")
    assert abs(total - project_expenditure) <= 50


# --- spending plans ------------------------------------------------------------------------

PLANS = [
    # (key, ordinal, [(label, month, percent or None)], line of the first value cell)
    # 000 l.135-145: 3月底 6月底 9月底 empty, 12月底 100%
    (
        "000",
        1,
        [("3月底", 3, None), ("6月底", 6, None), ("9月底", 9, None), ("12月底", 12, "100")],
        142,
    ),
    # 000 l.222-232: — 50% 80% 100%
    (
        "000",
        2,
        [("3月底", 3, None), ("6月底", 6, "50"), ("9月底", 9, "80"), ("12月底", 12, "100")],
        229,
    ),
    # 000 l.396-406: — — 50% 100%
    (
        "000",
        4,
        [("3月底", 3, None), ("6月底", 6, None), ("9月底", 9, "50"), ("12月底", 12, "100")],
        403,
    ),
    # 001 l.166-176: 100.00% under 3月底, the rest empty; the third column is 10月底
    (
        "001",
        1,
        [("3月底", 3, "100"), ("6月底", 6, None), ("10月底", 10, None), ("12月底", 12, None)],
        173,
    ),
    # 001 l.670-680: 25% 50% 100% —
    (
        "001",
        7,
        [("3月底", 3, "25"), ("6月底", 6, "50"), ("10月底", 10, "100"), ("12月底", 12, None)],
        677,
    ),
    # 001 l.923-933: 5% 47% 98% 100%
    (
        "001",
        10,
        [("3月底", 3, "5"), ("6月底", 6, "47"), ("10月底", 10, "98"), ("12月底", 12, "100")],
        930,
    ),
    # 001 l.1515-1525: 50% 75% 100% —
    (
        "001",
        17,
        [("3月底", 3, "50"), ("6月底", 6, "75"), ("10月底", 10, "100"), ("12月底", 12, None)],
        1522,
    ),
]


@pytest.mark.parametrize(("key", "ordinal", "plan", "first_line"), PLANS)
def test_spending_plan(
    corpus: dict[str, Disclosure], key: str, ordinal: int, plan: list, first_line: int
) -> None:
    checkpoints = project(corpus[key], ordinal).spending_plan
    got = [(c.label, c.month, c.percent) for c in checkpoints]
    assert got == [(label, m, Decimal(p) if p else None) for label, m, p in plan]
    assert [c.line for c in checkpoints] == list(range(first_line, first_line + 4))


@pytest.mark.parametrize("key", ["000", "001"])
def test_every_project_has_a_four_column_spending_plan(
    corpus: dict[str, Disclosure], key: str
) -> None:
    for p in corpus[key].projects:
        assert len(p.spending_plan) == 4, p.name
        assert p.spending_plan[-1].label == "12月底"


# --- goals --------------------------------------------------------------------------------

GOALS = [
    # (key, sequence, ordinal, statements, line)
    (
        "000",
        None,
        1,
        (  # l.148-149
            "通过该项目的实施，为计生后遗症人员提供医疗补助。",
            "通过该项目的实施，为部分计生后遗症人员提供必要的生活补助。",
        ),
        148,
    ),
    (
        "001",
        None,
        13,
        (  # l.1188-1191, a blank line between the first and second statement
            "保障本单位的民兵训练，征兵等工作的正常开展。",
            "根据上级要求，认真制定基干民兵和专武干部培训计划和方案，严格组织人员按质按量完成训练任务。",
            "圆满完成上级交给的各项工作任务。",
        ),
        1188,
    ),
    (
        "002",
        None,
        1,
        (  # l.116, one unnumbered statement
            "落实各项惠民政策，加强基层党组织建设，改善社区环境卫生，加强辖区安全稳定，"
            "从而提升社区凝聚力，进一步提高辖区居民生活幸福感。",
        ),
        116,
    ),
    (
        "003",
        "专项资金",
        1,
        (  # l.305, both statements in the cell after 绩效目标
            "通过粉刷内墙、设施维护、环境卫生治理等，提升社区环境卫生，改善居民生活环境。",
            "举办各类文体公益活动，丰富居民精神生活，创建和谐社区。",
        ),
        305,
    ),
    (
        "003",
        "预算项目",
        8,
        ("提高村级组织服务群众的能力", "加强农村基层党建工作"),  # l.416, on the line after 绩效目标
        416,
    ),
    (
        "003",
        "预算项目",
        16,
        ("按时按质发放", "服务对象对项目实施的满意度达到90%以上"),  # l.523
        523,
    ),
    (
        "004",
        None,
        1,
        (  # l.100
            "通过开展党组织活动提高党员党性修养和服务意识；救助生产生活困难的党员，使党员时刻感到党的关怀及温暖；",
            "调动“两委干部”及村民小组长的积极性，提高村级管理水平；",
            "提高村级办公水平，确保村级承接的上级安排的各项事务；",
            "通过综合服务站建设、提高村内公共设施的日常维护，使群众在生产生活中得到帮助。",
        ),
        100,
    ),
    ("004", None, 2, ("足额发放非公办教师工资并按时交纳各项保险",), 157),  # l.157
]


@pytest.mark.parametrize(("key", "sequence", "ordinal", "statements", "line"), GOALS)
def test_goal_statements(
    corpus: dict[str, Disclosure],
    key: str,
    sequence: str | None,
    ordinal: int,
    statements: tuple[str, ...],
    line: int,
) -> None:
    p = project(corpus[key], ordinal, sequence)
    assert p.goals == statements
    assert p.goals_line == line


# --- indicators -----------------------------------------------------------------------------

BASIS_000_1 = (  # 000 l.164 … l.199, the basis of every row of table 1
    "按照南区字【2013】72号文文件规定，，认定为市级并发症的退休人员，每人每年享受医疗补助3500元；"
    "认定为园区并发症的退休人员，每人每年享受医疗补助3000元；认定为园区并发症的在职人员，"
    "每人每年享受医疗补助3000年，生活补助2000元。"
)
BASIS_000_3 = "城区办事处发放退休干部交通补贴每人每月15元，发放生活补贴每人每月300月。"
BASIS_000_5 = (
    "城区办事处为1名遗属发放补贴每月90元，2名患有疾病人员每人每月1834元，"
    "为小区执勤保安配备统一服装和器械，价格和数量均经过严格审计。"
)
BASIS_002_COMMUNITY = "《中共三河市委组织部关于社区基础党组织规范化建设的意见》"
BASIS_002_9 = "《三河市机构编制委员会办公室关于在各镇（街道办）设置环保所的通知》"
BASIS_003_JZF = (
    "中共河北省委组织部河北省财政厅印发《关于提高村级组织运转保障水平的意见》的通知"
    "（冀组发[2018]14号文）"
)


@dataclass(frozen=True)
class Row:
    key: str
    sequence: str | None
    project: int
    ordinal: int
    span: tuple[int, int]  # first and last line of the printed row
    level1: str
    level2: str
    name: str
    description: str
    target_text: str
    comparator: str | None
    value: str | None
    unit: str | None
    basis: str


INDICATORS = [
    # 000 l.180-185; 一级指标 cell empty (merged): 产出指标 from l.159
    Row("000", None, 1, 4, (180, 185), "产出指标", "时效指标", "完成率",
        "按照年度支出进度计划，及时拨付资金", "≥95%", "≥", "95", "%", BASIS_000_1),
    # 000 l.187-192: a qualitative target
    Row("000", None, 1, 5, (187, 192), "效果指标", "社会效益指标", "社会影响力",
        "帮助计生后遗症人员切实解决医疗和生活困难。", "解决实际困难", None, None, None,
        BASIS_000_1),
    # 000 l.173-178: a bare amount is an equality
    Row("000", None, 1, 3, (173, 178), "产出指标", "成本指标", "财政投入水平",
        "项目可使用资金11万元", "11万元", "=", "11", "万元", BASIS_000_1),
    # 000 l.166-171
    Row("000", None, 1, 2, (166, 171), "产出指标", "质量指标", "资金利用率",
        "保证专款专用，切实解决计生后遗症人员医疗和生活需求。", "=100%", "=", "100", "%",
        BASIS_000_1),
    # 000 l.347-352: 百分比 is %
    Row("000", None, 3, 3, (347, 352), "产出指标", "质量指标", "资金利用率",
        "项目资金用于补贴退休干部的比例", "≥95百分比", "≥", "95", "%", BASIS_000_3),
    # 000 l.514-519: 一级指标 merged from l.507
    Row("000", None, 5, 2, (514, 519), "产出指标", "数量指标", "保民生次数",
        "保障民生项目开展次数", "≥1次", "≥", "1", "次", BASIS_000_5),
    # 001 l.213-218
    Row("001", None, 1, 4, (213, 218), "产出指标", "成本指标", "人均发放水平", "人均发放水平",
        "≥180元", "≥", "180", "元", "依据工作方案"),
    # 001 l.283-288: two merged cells (≥95 and 100%), kept as text
    Row("001", None, 2, 2, (283, 288), "产出指标", "质量指标", "正常运行率", "活动开展的效果",
        "≥95100%", None, None, None, "依据工作要求"),
    # 001 l.612-617
    Row("001", None, 6, 1, (612, 617), "产出指标", "数量指标", "覆盖社区数量",
        "安全生产信息员设置覆盖社区数量", "18个", "=", "18", "个", "依据工作方案"),
    # 001 l.1569-1574: 经济效益指标 as printed
    Row("001", None, 17, 5, (1569, 1574), "效益指标", "经济效益指标", "社会影响力",
        "有效的改善职工作环境，有利于提高工作效率", "≥95100%", None, None, None,
        "依据工作要求"),
    # 002 l.125-130
    Row("002", None, 1, 1, (125, 130), "产出指标", "数量指标", "开展文体活动次数",
        "全年开展文体活动次数", "70次以上", "≥", "70", "次", BASIS_002_COMMUNITY),
    # 002 l.269-274: a bare number, no unit
    Row("002", None, 4, 1, (269, 274), "产出指标", "质量指标", "使用面积", "租赁房屋使用面积",
        "100", "=", "100", None, BASIS_002_COMMUNITY),
    # 002 l.365-370
    Row("002", None, 6, 1, (365, 370), "产出指标", "数量指标", "铺设面积", "铺设楼顶面积",
        "5000㎡以上", "≥", "5000", "㎡", "三信访【2019】第192号"),
    # 002 l.507-513: "产出指标" alone on l.507, a blank line, then the rest of the row
    Row("002", None, 9, 1, (507, 513), "产出指标", "数量指标", "重点检查次数",
        "全年重点检查次数", "≥8次", "≥", "8", "次", BASIS_002_9),
    # 002 l.522-527: 一级指标 merged down from l.507
    Row("002", None, 9, 3, (522, 527), "产出指标", "社会效益指标", "排查整改率",
        "排查出已整改的问题占总排查问题", "≥95百分比", "≥", "95", "%", BASIS_002_9),
    # 002 l.725-732: the basis cell after two blank lines
    Row("002", None, 13, 5, (725, 732), "满意度指标", "服务对象满意度指标", "居民满意度",
        "调查满意居民占总调查人数比例", "≥95百分比", "≥", "95", "%",
        "《三河市禁毒重点整治工作方案》"),
    # 003 l.307
    Row("003", "专项资金", 1, 1, (307, 307), "产出指标", "成本指标", "预算(成本)控制率",
        "预算(成本)控制率=(项目当期实际支出成本-项目当期预算)/项目当期预算*100%", "≤100%",
        "≤", "100", "%", "计划标准"),
    # 003 l.379 "≥664 人" (OCR space); 一级指标 merged from l.377
    Row("003", "预算项目", 5, 3, (379, 379), "产出指标", "数量指标", "党员人数", "参与党员人数",
        "≥664人", "≥", "664", "人", BASIS_003_JZF),
    # 003 l.336
    Row("003", "预算项目", 2, 1, (336, 336), "产出指标", "数量指标", "支付安全员经费",
        "支付安全员经费数额", "2.64万元", "=", "2.64", "万元", "历史标准"),
    # 003 l.586
    Row("003", "预算项目", 20, 2, (586, 586), "产出指标", "成本指标", "项目预算控制数",
        "项目预算控制数", "≤10万元", "≤", "10", "万元",
        "根据《关于将文化活动经费列入2020年预算计划的请示》"),
    # 003 l.529: 一级指标 merged from l.528
    Row("003", "预算项目", 16, 5, (529, 529), "效果指标", "可持续影响指标", "长期使用性",
        "能够长期较好地开展", "能够长期较好的实施此项政策", None, None, None, "历史标准"),
    # 003 l.560
    Row("003", "预算项目", 18, 5, (560, 560), "满意度指标", "服务对象满意度指标",
        "社区居民对惠民项目实施的满意情况",
        "抽样调查符合服务对象的满意度，测评分为非常满意、满意、一般、不满意四个层次，"
        "以占比最高的结果为最终结果", "满意", None, None, None, "满意度调查问卷"),
    # 004 l.118-123: "　≥90%" with a leading ideographic space
    Row("004", None, 1, 2, (118, 123), "产出指标", "质量指标", "发放准确率",
        "准确发放基础职务补贴人数占享受岗位基础职务补贴人数的比例", "≥90%", "≥", "90", "%",
        "廊组字【2018】94号"),
    # 004 l.125-130
    Row("004", None, 1, 3, (125, 130), "产出指标", "质量指标", "保障党员学习教育正常开展",
        "提高党员的教育水平", "逐步提高党员党性修养和服务意识", None, None, None,
        "廊组字【2018】94号"),
    # 004 l.189-194: "学生辍学率(％)" printed with a full-width ％
    Row("004", None, 2, 4, (189, 194), "效果指标", "社会效益指标", "学生辍学率(%)",
        "辍学学生人数占应在学学生人数的比率（反向指标）", "≤5%", "≤", "5", "%",
        "区长办公会议纪要【2008】2号"),
]  # fmt: skip


def _indicator(corpus: dict[str, Disclosure], row: Row) -> Indicator:
    p = project(corpus[row.key], row.project, row.sequence)
    return p.indicators[row.ordinal - 1]


@pytest.mark.parametrize(
    "row",
    INDICATORS,
    ids=[f"{r.key}-{r.sequence or ''}{r.project}.{r.ordinal}" for r in INDICATORS],
)
def test_indicator_row(corpus: dict[str, Disclosure], row: Row) -> None:
    i = _indicator(corpus, row)
    assert i.ordinal == row.ordinal
    assert (i.level1, i.level2, i.name, i.description) == (
        row.level1,
        row.level2,
        row.name,
        row.description,
    )
    assert i.target_text == row.target_text
    assert (i.comparator, i.value, i.unit) == (
        row.comparator,
        Decimal(row.value) if row.value is not None else None,
        row.unit,
    )
    assert i.basis_text == row.basis
    assert row.span[0] <= i.line <= row.span[1]


LEVEL1 = {"产出指标", "效果指标", "效益指标", "满意度指标"}


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_level1_is_inherited_by_merged_cells(corpus: dict[str, Disclosure], key: str) -> None:
    """Every table opens with a level-1 cell, so no row is left without one."""
    for p in corpus[key].projects:
        for i in p.indicators:
            assert i.level1 in LEVEL1, (p.name, i.ordinal, i.level1)
            assert i.level2, (p.name, i.ordinal)
            assert i.name, (p.name, i.ordinal)


def test_first_level1_of_each_table(corpus: dict[str, Disclosure]) -> None:
    # every table of the corpus starts with 产出指标 and ends with a 满意度/效益 row
    for key in CORPUS_KEYS:
        for p in corpus[key].projects:
            assert p.indicators[0].level1 == "产出指标", (key, p.name)
    # 001 tables end with 效益指标 (l.220 …), those of 000/002/003/004 with 满意度指标
    assert {p.indicators[-1].level1 for p in corpus["001"].projects} == {"效益指标"}
    for key in ("000", "002", "003", "004"):
        assert {p.indicators[-1].level1 for p in corpus[key].projects} == {"满意度指标"}, key


# --- numeric-target parse rate -------------------------------------------------------------

_G = "≥95100%"  # cells "≥95" and "100%" merged by the Word export
_D = "100100%"  # cells "100" and "100%" merged
#: 001: every unparsed numeric target — project ordinal → ((indicator ordinal, line, text), …)
GARBLED_001: dict[int, tuple[tuple[int, int, str], ...]] = {
    2: ((2, 287, _G), (3, 294, _D), (4, 301, _D), (5, 308, _G)),
    3: ((2, 371, _G), (3, 378, _D), (4, 385, _D), (5, 392, _G)),
    4: ((2, 455, _G), (3, 462, _D), (4, 469, _D), (5, 476, _G)),
    5: ((1, 532, _D), (2, 539, _G), (3, 546, _G), (4, 553, _D), (5, 560, _G)),
    7: ((2, 707, _G), (3, 714, _D), (4, 721, _D), (5, 728, _G)),
    8: ((1, 785, _D), (2, 792, _G), (3, 799, _G), (4, 806, _D), (5, 813, _G)),
    9: ((1, 869, _D), (2, 876, _G), (3, 883, _G), (4, 890, _D), (5, 897, _G)),
    10: ((2, 960, _G), (3, 967, _D), (4, 974, _D), (5, 981, _G)),
    11: ((1, 1037, _D), (2, 1044, _G), (3, 1051, _G), (4, 1058, _D), (5, 1065, _G)),
    12: ((2, 1128, _G), (3, 1135, _D), (4, 1142, _D), (5, 1149, _G)),
    14: ((1, 1291, _D), (2, 1298, _G), (3, 1305, _G), (4, 1312, _D), (5, 1319, _G)),
    15: ((2, 1383, _G), (3, 1390, _D), (4, 1397, _D), (5, 1404, _G)),
    16: ((2, 1467, _G), (3, 1474, _D), (4, 1481, _D), (5, 1488, _G)),
    17: ((2, 1552, _G), (3, 1559, _D), (4, 1566, _D), (5, 1573, _G)),
    18: ((3, 1643, _D), (4, 1650, _D), (5, 1657, ">95100%")),  # ">95" and "100%" merged
}
#: (file, sequence, project, indicator) → why the number-like target is not a number
UNPARSED: dict[tuple[str, str | None, int, int], str] = {
    ("001", "预算项目", project_ordinal, ordinal): (
        f"l.{line} {text!r}: two cells (comparator+number, 100%) merged by the Word export"
    )
    for project_ordinal, entries in GARBLED_001.items()
    for ordinal, line, text in entries
}


def test_garbled_list_matches_the_document() -> None:
    """The line and text of every listed garbled target, checked against the raw file."""
    raw = corpus_path("001").read_text(encoding="utf-8").splitlines()
    entries = [e for es in GARBLED_001.values() for e in es]
    assert len(entries) == 64
    for _ordinal, line, text in entries:
        assert raw[line - 1].strip() == text, line
    # and no other line of 001 is such a merged cell
    merged = {n for n, t in enumerate(raw, 1) if t.strip() in (_G, _D, ">95100%")}
    assert merged == {line for _o, line, _t in entries}


def test_garbled_targets_are_reported_at_their_line(corpus: dict[str, Disclosure]) -> None:
    for key in CORPUS_KEYS:
        d = corpus[key]
        lines = sorted(x.line for x in d.diagnostics if x.code == "garbled-target")
        expected = sorted(line for es in GARBLED_001.values() for _o, line, _t in es)
        assert lines == (expected if key == "001" else []), key
        assert all(x.severity == "warning" for x in d.diagnostics if x.code == "garbled-target")


def _numeric_targets(
    corpus: dict[str, Disclosure],
) -> list[tuple[tuple[str, str | None, int, int], Indicator]]:
    found = []
    for key in CORPUS_KEYS:
        for p in corpus[key].projects:
            for i in p.indicators:
                if i.target_text is not None and any(ch.isdigit() for ch in i.target_text):
                    found.append(((key, p.sequence, p.ordinal, i.ordinal), i))
    return found


def test_numeric_target_parse_rate(corpus: dict[str, Disclosure]) -> None:
    numeric = _numeric_targets(corpus)
    unparsed = {k for k, i in numeric if i.value is None}
    assert unparsed == set(UNPARSED), sorted(unparsed ^ set(UNPARSED))
    for _k, i in numeric:
        if i.value is None:
            assert (i.comparator, i.unit) == (None, None)
    well_formed = [(k, i) for k, i in numeric if k not in UNPARSED]
    parsed = [i for _k, i in well_formed if i.value is not None]
    assert len(parsed) / len(well_formed) >= 0.95


def test_print_parse_rates(corpus: dict[str, Disclosure]) -> None:
    numeric = _numeric_targets(corpus)
    parsed = sum(1 for _k, i in numeric if i.value is not None)
    well_formed = [i for k, i in numeric if k not in UNPARSED]
    parsed_wf = sum(1 for i in well_formed if i.value is not None)
    print(
        f"\nnumeric targets: {parsed}/{len(numeric)} parsed = {parsed / len(numeric):.1%} "
        f"(all, including {len(UNPARSED)} garbled merged cells of 001)"
    )
    print(
        f"well-formed numeric targets: {parsed_wf}/{len(well_formed)} parsed = "
        f"{parsed_wf / len(well_formed):.1%}"
    )
    assert numeric and well_formed


# --- procurement ----------------------------------------------------------------------------

GP = "一般公共预算拨款"
FUND = "基金预算拨款"


@dataclass(frozen=True)
class Item:
    project_name: str
    project_budget: Decimal | None
    item_name: str | None
    catalog_code: str | None
    kind: str | None
    quantity_unit: str | None
    quantity: str | None
    unit_price: Decimal | None
    amount: Decimal
    fund_source: str | None
    span: tuple[int, int]


PROCUREMENT = {
    # 000 l.553-650 (单位：万元); no item, code, quantity or price printed
    "000": [
        Item("日常公用经费", wan("1.5"), None, None, None, None, None, None, wan("1.5"), GP,
             (606, 619)),
        Item("2019年小区安防工程投入", wan("241.91"), None, None, None, None, None, None,
             wan("241.91"), FUND, (621, 634)),
        Item("安防工程设计监理费", wan("25.11"), None, None, None, None, None, None, wan("25.11"),
             GP, (636, 649)),
    ],
    # 001 l.1666-1692: 空表 (empty table)
    "001": [],
    # 002 l.1207-1349 (单位：万元); the 采购物品名称 cell prints the kind (工程/货物), the
    # item is named by the catalog cell "[B0899]其他建筑物、构筑物修缮"
    "002": [
        Item("老旧小区维修工程", wan("54"), "其他建筑物、构筑物修缮", "B0899", "works", "个",
             "3", wan("18"), wan("54"), GP, (1276, 1289)),
        Item("辖区住宅小区健身器材安装工程", wan("18"), "健身设备", "A033626", "goods", "个",
             "50", wan("0.36"), wan("18"), FUND, (1291, 1304)),
        Item("奇特商城楼顶防水工程", wan("102"), "防水工程", "B0504", "works", "㎡", "5100",
             wan("0.02"), wan("102"), GP, (1306, 1319)),
        Item("社区维修改造工程", wan("150"), "其他建筑物、构筑物修缮施工", "B0899", "works", "㎡",
             "3000", wan("0.03"), wan("90"), GP, (1321, 1334)),
        Item("辖区绿化提升工程", wan("160"), "园林绿化工程", "B021502", "works", "㎡", "2000",
             wan("0.04"), wan("80"), GP, (1336, 1349)),
    ],
    # 003 l.609-624 (单位：万元), one row per line
    "003": [
        Item("9个居委会办公经费", wan("90.00"), "其他办公消耗用品及类似物品", "A0999", "goods",
             "批", "1.00", wan("8.00"), wan("8.00"), GP, (618, 618)),
        Item("补充工作经费", wan("100.00"), "装修工程", "B07", "works", "项", "13.00", wan("1.00"),
             wan("13.00"), GP, (619, 619)),
        Item("补充工作经费", wan("100.00"), "其他办公消耗用品及类似物品", "A0999", "goods", "批",
             "6.00", wan("1.00"), wan("6.00"), GP, (620, 620)),
        Item("补充工作经费", wan("100.00"), "书籍、课本", "A05010101", "goods", "批", "1.00",
             wan("5.00"), wan("5.00"), GP, (621, 621)),
        Item("补充工作经费", wan("100.00"), "木制台、桌类", "A060205", "goods", "张", "16.00",
             wan("0.08"), wan("1.28"), GP, (622, 622)),
        Item("社区惠民项目专项资金", wan("180.00"), "其他建筑工程", "B99", "works", "类", "1.00",
             wan("170.00"), wan("170.00"), GP, (623, 623)),
        Item("提前下达2020年度社区党建惠民工程市级专项资金的通知（石财行[2019]54号）",
             wan("180.00"), "其他建筑工程", "B99", "works", "类", "1.00", wan("180.00"),
             wan("180.00"), GP, (624, 624)),
    ],
    # 004 l.207-287 (单位：万元)
    "004": [
        Item("日常公用经费", wan("0.24"), "激光打印机", "A0201060102", "goods", "台", "1",
             wan("0.24"), wan("0.24"), GP, (247, 259)),
        Item("日常公用经费", wan("3.33"), "台式计算机", "A02010104", "goods", "台", "9",
             wan("0.37"), wan("3.33"), GP, (261, 273)),
        Item("日常公用经费", wan("0.24"), "空调机", "A0206180203", "goods", "台", "1",
             wan("0.24"), wan("0.24"), GP, (275, 287)),
    ],
}  # fmt: skip


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_procurement_items(corpus: dict[str, Disclosure], key: str) -> None:
    items = corpus[key].procurement
    expected = PROCUREMENT[key]
    assert len(items) == len(expected)
    for k, (got, e) in enumerate(zip(items, expected, strict=True), start=1):
        assert got.ordinal == k
        assert (got.project_name, got.project_budget) == (e.project_name, e.project_budget), k
        assert (got.item_name, got.catalog_code, got.kind) == (e.item_name, e.catalog_code, e.kind)
        assert got.quantity_unit == e.quantity_unit, k
        assert got.quantity == (Decimal(e.quantity) if e.quantity is not None else None), k
        assert got.unit_price == e.unit_price, k
        assert got.amount == e.amount, k
        assert got.fund_source == e.fund_source, k
        assert e.span[0] <= got.line <= e.span[1], k


@pytest.mark.parametrize("key", ["000", "002", "003", "004"])
def test_procurement_items_sum_to_the_section_total(
    corpus: dict[str, Disclosure], key: str
) -> None:
    d = corpus[key]
    total = sum(i.amount for i in d.procurement)
    assert total == sum(e.amount for e in PROCUREMENT[key])
    assert total == d.line_for("GovernmentProcurement").amount
    assert not [w for w in d.warnings if w.code.startswith("procurement")]


def test_003_procurement_by_kind(corpus: dict[str, Disclosure]) -> None:
    # l.607 其中货物支出 20.28 万元 … 工程支出 363 万元
    items = corpus["003"].procurement
    assert sum(i.amount for i in items if i.kind == "goods") == wan("20.28")
    assert sum(i.amount for i in items if i.kind == "works") == wan("363")


def test_001_empty_procurement_table_is_not_a_problem(corpus: dict[str, Disclosure]) -> None:
    d = corpus["001"]
    assert d.procurement == ()
    assert d.line_for("GovernmentProcurement").amount == 0  # l.1664 无政府采购预算
    # nothing is reported about section 六 (l.1663-1692)
    assert not [w for w in d.warnings if 1663 <= w.line <= 1692]


# --- fixed assets ---------------------------------------------------------------------------

#: (asset class, quantity, quantity unit, amount, first line of the row, last line)
ASSETS = {
    "000": [  # l.654-685, 价值（金额单位：万元）
        ("TotalAssets", None, None, wan("16.72"), 663, 665),  # 资产总额 —— 16.72
        ("Buildings", "0", "平方米", wan("0"), 667, 669),  # 1、房屋（平方米） 0 0
        ("OfficeSpace", "0", "平方米", wan("0"), 671, 673),  # 其中：办公用房（平方米） 0 0
        ("Vehicles", "0", "台、辆", wan("0"), 675, 677),  # 2、车辆（台、辆） 0 0
        ("HighValueEquipment", None, None, wan("0"), 679, 681),  # 3、单价在20万元以上设备 —— 0
        ("OtherFixedAssets", None, None, wan("16.72"), 683, 685),  # 4、其他固定资产 —— 16.72
    ],
    "001": [  # l.1695-1733, 价值（单位：万元）
        ("TotalAssets", None, None, wan("275.9"), 1703, 1705),  # 固定资产总额 -- 275.9
        ("Buildings", "0", "平方米", wan("0"), 1707, 1709),
        ("OfficeSpace", "0", "平方米", wan("0"), 1711, 1713),
        ("Vehicles", "1", "台、辆", wan("7.55"), 1715, 1717),  # 2、车辆（台、辆） 1 7.55
        # 3、单价在50万元以上的设备(台、套) 0 0
        ("HighValueEquipment", "0", "台、套", wan("0"), 1719, 1721),
        ("HighValueGeneralEquipment", "0", None, wan("0"), 1723, 1725),  # 其中：单价50万元…通用设备
        ("HighValueSpecialEquipment", "0", None, wan("0"), 1727, 1729),  # 单价100万元…专用设备
        ("OtherFixedAssets", "277", None, wan("268.35"), 1731, 1733),  # 4、其他固定资产 277 268.35
    ],
    "002": [  # l.1355-1386, 价值（金额单位：万元）
        ("TotalAssets", None, None, wan("698.03"), 1364, 1366),
        ("Buildings", "219.12", "平方米", wan("87.21"), 1368, 1370),
        ("OfficeSpace", "219.12", "平方米", wan("87.21"), 1372, 1374),
        ("Vehicles", "2", "台、辆", wan("35.11"), 1376, 1378),
        ("HighValueEquipment", None, None, None, 1380, 1382),  # both cells empty
        ("OtherFixedAssets", None, None, wan("575.71"), 1384, 1386),
    ],
    "003": [  # l.632-649, one row per line, 价值（金额单位：万元）
        ("TotalAssets", None, None, wan("404.13"), 639, 639),  # 资产总额 — 404.13
        ("Buildings", None, "平方米", wan("19.12"), 640, 640),  # 1、房屋（平方米） — 19.12
        ("OfficeSpace", "2933", "平方米", wan("19.12"), 641, 641),
        ("GeneralEquipment", "528", None, wan("301.76"), 642, 642),  # 2、通用设备
        ("Vehicles", "2", "台、辆", wan("21.8"), 643, 643),  # 其中：车辆（台、辆）
        ("SpecialEquipment", "15", None, wan("5.29"), 644, 644),  # 3、专用设备
        ("HighValueEquipment", None, None, None, 645, 645),  # 其中：单价 20 万元（含）以上的设备 —
        ("CulturalRelics", None, None, None, 646, 646),  # 4、文物与陈列品 —
        ("BooksAndArchives", "1", None, wan("5.85"), 647, 647),  # 5、图书档案
        ("Books", "1", None, wan("5.85"), 648, 648),  # 其中：图书资料
        ("Furniture", "112", None, wan("72.11"), 649, 649),  # 6、家具、用具、装具及动植物
    ],
    "004": [  # l.298-332, 价值（金额单位：万元）
        ("TotalAssets", None, None, wan("451.31"), 307, 309),
        # l.312-315: 13673 / "220" / "2" — the value cell continues on a line without a tab;
        # 220 makes the table add up: 220 + 61.28 + 170.03 = 451.31
        ("Buildings", "13673", "平方米", wan("220"), 312, 315),
        ("OfficeSpace", "13673", "平方米", wan("220"), 317, 319),
        ("Vehicles", "2", "台、辆", wan("61.28"), 322, 324),
        ("HighValueEquipment", None, None, None, 326, 328),  # both cells empty
        ("OtherFixedAssets", None, None, wan("170.03"), 330, 332),
    ],
}

AS_OF = {  # 截止时间
    "000": date(2019, 12, 31),  # l.657
    "001": date(2020, 12, 31),  # l.1697
    "002": date(2019, 12, 31),  # l.1358
    "003": date(2019, 12, 31),  # l.636
    "004": date(2019, 12, 31),  # l.301
}


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_fixed_asset_rows(corpus: dict[str, Disclosure], key: str) -> None:
    d = corpus[key]
    got = [(a.asset_class, a.quantity, a.quantity_unit, a.amount) for a in d.assets]
    expected = [
        (c, Decimal(q) if q is not None else None, u, amount)
        for c, q, u, amount, _first, _last in ASSETS[key]
    ]
    assert got == expected
    for a, (_c, _q, _u, _amount, first, last) in zip(d.assets, ASSETS[key], strict=True):
        assert first <= a.line <= last, a
    assert d.assets_as_of == AS_OF[key]


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_total_assets_row_equals_fixed_assets_line(corpus: dict[str, Disclosure], key: str) -> None:
    d = corpus[key]
    (total,) = [a for a in d.assets if a.asset_class == "TotalAssets"]
    assert total.amount == d.line_for("FixedAssets").amount


def test_004_split_house_value(corpus: dict[str, Disclosure]) -> None:
    d = corpus["004"]
    (buildings,) = [a for a in d.assets if a.asset_class == "Buildings"]
    assert buildings.amount == wan("220")  # l.314 "220", l.315 a stray "2"
    split = [w for w in d.warnings if w.code == "split-number"]
    assert len(split) == 1
    assert split[0].line == 314  # where the value 220 is printed


# --- diagnostics ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_diagnostics_carry_file_and_line(corpus: dict[str, Disclosure], key: str) -> None:
    path = corpus_path(key)
    n_lines = len(path.read_text(encoding="utf-8").splitlines())
    for x in corpus[key].diagnostics:
        assert x.file == path.name, x
        assert 1 <= x.line <= n_lines, x
        assert x.severity in ("error", "warning", "info"), x
        assert x.code and x.message, x
