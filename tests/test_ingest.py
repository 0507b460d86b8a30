"""Encodings, line numbers and refusal of bad input."""

from pathlib import Path

import pytest

from budgetkg.errors import InputError
from budgetkg.ingest import read_source, source_from_bytes, split_lines
from budgetkg.parse.disclosure import parse_source

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hebei"
FILE_002 = CORPUS / "002_e1031f8433d6dfbe.txt"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"]
)
def test_encodings_give_the_same_model(encoding: str) -> None:
    text = FILE_002.read_text(encoding="utf-8")
    reference = parse_source(source_from_bytes(text.encode("utf-8"), FILE_002.name))
    data = text.encode(encoding)
    source = source_from_bytes(data, FILE_002.name)
    model = parse_source(source)
    # identical apart from the hash of the (differently encoded) bytes
    assert model.sha256 != reference.sha256 or encoding == "utf-8"
    assert model.budget_lines == reference.budget_lines
    assert model.projects == reference.projects
    assert model.duties == reference.duties
    assert model.diagnostics == reference.diagnostics
    assert model.procurement == reference.procurement
    assert model.assets == reference.assets


def test_gbk_file_on_disk(tmp_path: Path) -> None:
    target = tmp_path / FILE_002.name
    target.write_bytes(FILE_002.read_text(encoding="utf-8").encode("gbk"))
    source = read_source(target)
    assert source.encoding == "gb18030"
    assert source.lines == read_source(FILE_002).lines


def test_crlf_and_cr_line_breaks_keep_numbers() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    # form feeds and other separators do not start new lines
    assert split_lines("a\x0cb\u2028c\n") == ["a\x0cb\u2028c"]


def test_line_numbers_match_the_file() -> None:
    source = read_source(FILE_002)
    raw = FILE_002.read_text(encoding="utf-8").split("\n")
    assert len(source.lines) == len([*raw[:-1]]) if raw[-1] == "" else len(raw)
    assert source.line(1206).startswith("2020年，我部门安排政府采购预算344万元")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n\t\n", "empty file"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "binary file"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 4, "binary file"),
        (b"plain ascii text, no Chinese at all\n", "no Chinese text"),
        (b"\xe4\xb8\xad\xe6\x96\x87\xff\xfe\xfd\x80\x81", "cannot decode"),
    ],
)
def test_bad_input_is_refused_with_the_file_name(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        source_from_bytes(data, "bad.txt")
    assert str(info.value).startswith("bad.txt")
    assert message in str(info.value)


def test_not_a_disclosure() -> None:
    source = source_from_bytes("这是一段普通的中文文本。\n没有标题。\n".encode(), "note.txt")
    with pytest.raises(InputError, match="not a budget disclosure"):
        parse_source(source)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_source(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path)
