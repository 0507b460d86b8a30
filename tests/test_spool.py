"""Hand-over files of the parallel build (budgetkg.spool) and the build's clean-up."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.build import build
from budgetkg.cli import main
from budgetkg.errors import InputError, OutputError
from budgetkg.spool import (
    Spooled,
    append_payload,
    discard,
    payload_bytes,
    payload_lines,
    spool_bytes,
    spool_directory,
)
from budgetkg.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hebei"
TEXT = '<s> <p> "预算" <g> .\n'.encode() * 1000


def _spools(folder: Path) -> list[Path]:
    return list(folder.rglob(".budgetkg-spool-*"))


def test_a_spooled_payload_reads_back_as_written(tmp_path: Path) -> None:
    spooled = spool_bytes(str(tmp_path), TEXT)
    assert (spooled.size, spooled.lines) == (len(TEXT), 1000)
    assert payload_bytes(spooled) == TEXT and payload_lines(spooled) == payload_lines(TEXT)
    discard(spooled, b"bytes need nothing")
    assert not Path(spooled.path).exists()


@pytest.mark.parametrize("mode", ["wb", "w+b"])
def test_appended_files_keep_their_place_among_buffered_writes(tmp_path: Path, mode: str) -> None:
    first, second = spool_bytes(str(tmp_path), TEXT), spool_bytes(str(tmp_path), b"x\n")
    with open(tmp_path / "out", mode) as out:
        out.write(b"head\n")  # still in the buffer when the first file is appended
        append_payload(out, first)
        append_payload(out, b"middle\n")
        append_payload(out, second)
        out.write(b"tail\n")
    assert (tmp_path / "out").read_bytes() == b"head\n" + TEXT + b"middle\nx\ntail\n"


@pytest.mark.parametrize("how", ["unsupported", "missing"])
def test_without_an_in_kernel_copy_the_bytes_are_copied_in_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    def cross_device(*_args: object) -> int:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    if how == "missing":
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    else:
        monkeypatch.setattr(os, "copy_file_range", cross_device)
    spooled = spool_bytes(str(tmp_path), TEXT)
    with tempfile.TemporaryFile(dir=tmp_path) as out:
        out.write(b"head\n")
        append_payload(out, spooled)
        out.write(b"tail\n")
        out.seek(0)
        assert out.read() == b"head\n" + TEXT + b"tail\n"


def test_a_spool_file_shorter_than_announced_is_an_error(tmp_path: Path) -> None:
    spooled = spool_bytes(str(tmp_path), TEXT)
    longer = Spooled(spooled.path, spooled.size + 10, spooled.lines)
    with open(tmp_path / "out", "wb") as out, pytest.raises(OSError, match="shorter"):
        append_payload(out, longer)


def test_the_spool_directory_goes_away_however_the_block_ends(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), spool_directory(tmp_path / "not" / "yet") as path:
        assert Path(path).is_absolute() and Path(path).parent == tmp_path
        spool_bytes(path, TEXT)
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []  # nor were the missing directories made


def test_parallel_builds_leave_no_spool_files(tmp_path: Path) -> None:
    summary = build([CORPUS], tmp_path / "out" / "g.ttl", store=tmp_path / "store", jobs=2)
    assert summary.documents == 5
    summary = build([CORPUS], store=tmp_path / "only" / "store", jobs=2)
    assert summary.store is not None and summary.store.added == 5
    assert _spools(tmp_path) == []


def test_a_failed_strict_parallel_build_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for source in sorted(CORPUS.iterdir())[:2]:
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "zz-broken.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200))
    with pytest.raises(InputError, match="zz-broken"):
        build([folder], tmp_path / "g.nq", store=tmp_path / "store", strict=True, jobs=2)
    with pytest.raises(InputError, match="zz-broken"):
        build([folder], store=tmp_path / "new" / "store", strict=True, jobs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_a_strict_parallel_store_holds_what_a_serial_one_holds(tmp_path: Path) -> None:
    build([CORPUS], store=tmp_path / "serial", strict=True, jobs=1)
    build([CORPUS], store=tmp_path / "parallel", strict=True, jobs=2)
    serial, parallel = open_store(tmp_path / "serial"), open_store(tmp_path / "parallel")
    assert len(serial) == len(parallel) > 10_000
    assert set(serial) == set(parallel)
    assert _spools(tmp_path) == []


def test_an_output_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    # regression: a regular file where the output's directory should be gave a traceback
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(OutputError, match="cannot write"):
        build([CORPUS], blocker / "g.nq", jobs=2)
    result = CliRunner().invoke(main, ["build", str(CORPUS), "-o", str(blocker / "g.nq")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and str(blocker) in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
