"""The dataset: tables and schema, incremental rebuilds, atomic writes, bad input kept."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest

import ducha.build as building
import ducha.dataset
import ducha.sources
from ducha.build import build, is_stale
from ducha.dataset import SCHEMAS, TABLES, write_atomic

SEED = Path(__file__).parent / "fixtures" / "seeds" / "002_64efc77e343b80eb.txt"


@pytest.fixture()
def bundled_only(tmp_path: Path) -> Path:
    return tmp_path / "ds"


def test_full_build_writes_every_table_with_its_schema(bundled_only: Path) -> None:
    report = build(bundled_only)
    assert report.written and report.documents == 5 and report.parsed == 5
    for table in TABLES:
        df = pl.read_parquet(bundled_only / f"{table}.parquet")
        assert dict(df.schema) == {k: v for k, v in SCHEMAS[table].items()}, table
    facts = pl.read_parquet(bundled_only / "facts.parquet")
    shanxi = facts.filter((pl.col("entity") == "山西省") & (pl.col("field") == "tasks_total"))
    assert 82.0 in shanxi["value"].to_list()
    entities = pl.read_parquet(bundled_only / "entities.parquet")
    assert len(entities.filter(pl.col("level") == "province")) == 32


def test_no_change_build_reads_and_writes_nothing(bundled_only: Path) -> None:
    build(bundled_only)
    before = {p.name: p.stat().st_mtime_ns for p in bundled_only.iterdir()}
    assert not is_stale(bundled_only)
    report = build(bundled_only)
    assert not report.written and report.parsed == 0 and report.reused == 5
    assert {p.name: p.stat().st_mtime_ns for p in bundled_only.iterdir()} == before


def test_changed_and_removed_sources_are_rebuilt(bundled_only: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    doc = extra / "report.txt"
    doc.write_text(
        "湖南省公开整改情况\n"
        + "截至2022年底,督察组反馈的53个问题完成整改25个,未达序时进度2个。" * 2,
        encoding="utf-8",
    )
    r1 = build(bundled_only, [str(extra)])
    assert r1.documents == 6 and r1.parsed == 6
    assert is_stale(bundled_only, [str(extra)]) is False
    doc.write_text(
        "湖南省公开整改情况\n截至2023年底,督察组反馈的53个问题完成整改40个。", encoding="utf-8"
    )
    os.utime(doc, ns=(doc.stat().st_atime_ns, doc.stat().st_mtime_ns + 10**9))
    r2 = build(bundled_only, [str(extra)])
    assert r2.parsed == 1 and r2.reused == 5 and r2.documents == 6
    docs = pl.read_parquet(bundled_only / "documents.parquet")
    doc_id = docs.filter(pl.col("name") == "report.txt")["doc_id"].item()
    facts = pl.read_parquet(bundled_only / "facts.parquet").filter(pl.col("doc_id") == doc_id)
    assert facts.filter(pl.col("field") == "problems_done")["value"].to_list() == [40.0]
    assert len(docs.filter(pl.col("name") == "report.txt")) == 1
    r3 = build(bundled_only)  # the extra folder is gone from this build
    assert r3.removed == 1 and r3.documents == 5


def test_bad_files_get_a_row_and_a_reason(bundled_only: Path, tmp_path: Path) -> None:
    extra = tmp_path / "bad"
    extra.mkdir()
    (extra / "empty.txt").write_bytes(b"")
    (extra / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (extra / "nofacts.txt").write_text("这是一段与督察无关的文字。今天天气很好。", encoding="utf-8")
    report = build(bundled_only, [str(extra)])
    assert report.documents == 8
    problems = {Path(p).name: why for p, why in report.problem_docs}
    assert set(problems) == {"empty.txt", "binary.txt", "nofacts.txt"}
    assert any("empty" in w for w in problems["empty.txt"])
    assert any("binary" in w for w in problems["binary.txt"])
    assert any("no recognisable facts" in w for w in problems["nofacts.txt"])
    docs = pl.read_parquet(bundled_only / "documents.parquet")
    assert docs.filter(pl.col("name") == "binary.txt")["status"].item() == "error"


def test_corrupt_table_is_detected_and_rebuilt(bundled_only: Path) -> None:
    build(bundled_only)
    (bundled_only / "facts.parquet").write_bytes(b"PAR1 truncated")
    report = build(bundled_only)
    assert any("facts.parquet" in m for m in report.messages)
    assert report.parsed == 5
    assert len(pl.read_parquet(bundled_only / "facts.parquet")) > 0


def test_a_page_damaged_inside_a_table_is_detected_and_rebuilt(bundled_only: Path) -> None:
    """The footer reads and the generation matches: only the digest recorded by the build
    that wrote the table tells the bytes changed."""
    build(bundled_only)
    path = bundled_only / "facts.parquet"
    before = pl.read_parquet(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    path.write_bytes(bytes(data))
    assert pl.read_parquet_metadata(path)  # the footer is intact
    report = build(bundled_only)
    assert report.messages == ["facts.parquet was damaged; rebuilding it from the sources"]
    assert report.parsed == 5 and report.written
    assert pl.read_parquet(path).equals(before)
    assert build(bundled_only).messages == []  # and the next build finds nothing to do


def test_parser_change_forces_a_reparse(bundled_only: Path, monkeypatch) -> None:
    build(bundled_only)
    for module in (building, ducha.dataset, ducha.sources):
        monkeypatch.setattr(module, "parser_version", lambda: "something-else")
    report = build(bundled_only)
    assert report.parsed == 5


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "t.parquet"
    write_atomic(pl.DataFrame({"a": [1, 2]}), path)

    def boom(self, *a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", boom)
    with pytest.raises(OSError):
        write_atomic(pl.DataFrame({"a": [3]}), path)
    monkeypatch.undo()
    assert pl.read_parquet(path)["a"].to_list() == [1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_same_bytes_under_two_names_is_one_document(bundled_only: Path, tmp_path: Path) -> None:
    extra = tmp_path / "dup"
    extra.mkdir()
    (extra / "copy.txt").write_bytes(SEED.read_bytes())
    report = build(bundled_only, [str(extra)])
    assert report.documents == 5
