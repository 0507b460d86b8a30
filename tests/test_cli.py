"""The command line: help everywhere, output, exit codes, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hebei"


@pytest.mark.parametrize("args", [["-h"], ["--help"], ["parse", "-h"], ["build", "--help"]])
def test_help(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_parse_summary_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["parse", str(CORPUS / "000_b9b1c81c3101a224.txt")])
    assert result.exit_code == 0
    assert "TotalExpenditure" in result.output and "6918800" in result.output
    result = runner.invoke(main, ["parse", "--format", "json", str(CORPUS)])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["schema"] == "budgetkg.disclosure/1"
    assert len(payload["disclosures"]) == 5
    line = payload["disclosures"][0]["budget_lines"][0]
    assert line["amount"] == "6918800" and isinstance(line["amount"], str)


def test_warnings_go_to_stderr_with_file_and_line() -> None:
    result = CliRunner().invoke(main, ["parse", str(CORPUS / "004_d62c5ad780f3e02c.txt")])
    assert result.exit_code == 0
    assert "004_d62c5ad780f3e02c.txt:314: warning:" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02\x03" * 100, "binary file"),
        ("这只是一个普通的中文句子。".encode(), "not a budget disclosure"),
    ],
)
def test_bad_input_exit_2_one_line_no_traceback(
    tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "budgetkg.cli", "parse", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bad.txt" in lines[0] and message in lines[0]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["parse"]).exit_code == 2
    assert runner.invoke(main, ["parse", str(tmp_path / "nope.txt")]).exit_code == 2
    result = runner.invoke(main, ["build", str(CORPUS), "-o", str(tmp_path / "out.xyz")])
    assert result.exit_code == 2
    assert not (tmp_path / "out.xyz").exists()


def test_a_folder_of_word_pdf_and_html_files_builds(tmp_path: Path) -> None:
    import shutil

    formats = Path(__file__).resolve().parent / "data" / "formats"
    for name in ("000.docx", "003.pdf", "004.html"):
        shutil.copy(formats / name, tmp_path / name)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "g.trig")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 document(s)")
