"""Policy documents in the graph: one node per document, cited from where they appear.

Expected values were read from the documents (grep for 号 and 《):
000 basis cells cite 南区字【2013】72号文 (lines 164-199) and 南区字【2018】85号文 (251-286);
002 cites 三发【2012】5号 (line 178…), （三组发[2018]9号） and 三信访【2019】第192号;
003 cites 石高管字[2014]16号文 (362), 冀组发[2018]14号文 (377…), 冀团联字[2011]63号 (471),
石办字 201819 号 (540, brackets lost), 石财行[2019]54 号 (548) and 石高工组【2019】25 号 (556);
004 cites 廊组字【2018】94号 (116…) and 区长办公会议纪要【2008】2号 (173…); 001 cites no 文号.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build import build_graph

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hebei"
PREFIX = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

NUMBERS = {
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

# titles cited by the opening paragraph (按照《…》规定，现将…公开如下), line 4/4/2/-/3
OPENING_TITLES = {
    "000": {
        "中华人民共和国预算法",
        "中共河北省委办公厅河北省人民政府办公厅印发〈关于进一步推进预算公开工作的实施意见〉的通知",
        "河北省省级预决算公开操作规程实施细则",
    },
    "001": {"中华人民共和国预算法", "地方预决算公开操作规程"},
    "002": {"中华人民共和国预算法", "地方预决算公开操作规程", "河北省省级预算公开办法"},
    "003": set(),  # 003 has no opening paragraph
    "004": {"中华人民共和国预算法", "地方预决算公开操作规程", "河北省省级预算公开办法"},
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.extend(build_graph([CORPUS]).quads)
    return s


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(PREFIX + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def _by_file(rows: list[dict[str, str]], key: str) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {k: set() for k in NUMBERS}
    for row in rows:
        result[row["file"][:3]].add(row[key])
    return result


def test_canonical_numbers_cited_per_document(store: ox.Store) -> None:
    rows = _select(
        store,
        """SELECT DISTINCT ?file ?number WHERE { GRAPH ?g {
             ?d a bkg:Disclosure ; bkg:sourceFile ?file .
             ?x bkg:cites ?doc . ?doc bkg:documentNumber ?number } }""",
    )
    assert _by_file(rows, "number") == NUMBERS


def test_opening_paragraph_titles(store: ox.Store) -> None:
    rows = _select(
        store,
        """SELECT DISTINCT ?file ?title WHERE { GRAPH ?g {
             ?d a bkg:Disclosure ; bkg:sourceFile ?file ; bkg:cites ?doc .
             ?doc dcterms:title ?title } }""",
    )
    found = _by_file(rows, "title")
    for file, titles in OPENING_TITLES.items():
        assert titles <= found[file], file
    # the other titles the disclosure node cites are the mandates (三定规定) of 001, 003, 004
    extra = {f: found[f] - OPENING_TITLES[f] for f in found}
    assert all("职能配置、内设机构和人员编制规定" in t for ts in extra.values() for t in ts)
    assert {f for f, ts in extra.items() if ts} == {"001", "003", "004"}


def test_budget_law_is_one_node_cited_by_four_disclosures(store: ox.Store) -> None:
    rows = _select(
        store,
        """SELECT DISTINCT ?doc ?file ?raw WHERE { GRAPH ?g {
             ?doc dcterms:title "中华人民共和国预算法"@zh .
             ?d a bkg:Disclosure ; bkg:sourceFile ?file ; bkg:cites ?doc .
             ?doc bkg:citedAs ?raw } }""",
    )
    assert len({r["doc"] for r in rows}) == 1
    assert {r["file"][:3] for r in rows} == {"000", "001", "002", "004"}
    # 002 cites it by its short title (line 2: 按照《预算法》…)
    assert {r["raw"] for r in rows} == {"《中华人民共和国预算法》", "《预算法》"}


def test_recovered_number_is_marked(store: ox.Store) -> None:
    rows = _select(
        store,
        """SELECT ?number ?issuer ?year ?serial WHERE {
             ?doc bkg:numberRecovered true ; bkg:documentNumber ?number ; bkg:issuerCode ?issuer ;
                  bkg:issueYear ?year ; bkg:serialNumber ?serial }""",
    )
    assert rows == [
        {"number": "石办字〔2018〕19号", "issuer": "石办字", "year": "2018", "serial": "19"}
    ]


def test_documents_cited_by_two_or_more_offices(store: ox.Store) -> None:
    # by hand: 预算法 (000, 001, 002, 004), 地方预决算公开操作规程 (001, 002, 004),
    # 河北省省级预算公开办法 (002, 004); no 文号 is shared between offices in this corpus
    rows = _select(
        store,
        """SELECT ?doc (COUNT(DISTINCT ?dept) AS ?offices) WHERE {
             ?x bkg:cites ?doc . ?x bkg:department|dcterms:publisher ?dept }
           GROUP BY ?doc HAVING (COUNT(DISTINCT ?dept) >= 2)""",
    )
    titles = {}
    for row in rows:
        title = _select(store, f"SELECT ?t WHERE {{ <{row['doc']}> dcterms:title ?t }}")
        titles[title[0]["t"]] = int(row["offices"])
    assert titles == {
        "中华人民共和国预算法": 4,
        "地方预决算公开操作规程": 3,
        "河北省省级预算公开办法": 2,
    }


def test_projects_and_indicators_cite_their_basis(store: ox.Store) -> None:
    # 003 项目 5 村党组织活动经费: every indicator's basis cell cites 冀组发〔2018〕14号 (377-381)
    rows = _select(
        store,
        """SELECT ?ind WHERE {
             ?p a bkg:Project ; bkg:hasIndicator ?ind ;
                <http://www.w3.org/2000/01/rdf-schema#label> "村党组织活动经费"@zh .
             ?ind bkg:cites ?doc . ?doc bkg:documentNumber "冀组发〔2018〕14号" }""",
    )
    assert len(rows) == 5
    # 003 项目 18 cites 石财行〔2019〕54号 in its own name (line 548)
    rows = _select(
        store,
        """SELECT ?p WHERE { ?p a bkg:Project ; bkg:cites ?doc .
             ?doc bkg:documentNumber "石财行〔2019〕54号" }""",
    )
    assert len(rows) == 1
