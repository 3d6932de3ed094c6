"""`ducha export`: CSV that spreadsheets read (UTF-8 with BOM), JSON lines, parquet."""

from __future__ import annotations

import csv
import io
import json

import polars as pl
import pytest
from cli_helpers import built_dataset, isolate, run


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return built_dataset(tmp_path_factory.mktemp("ds"))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)


def test_csv_with_bom_opens_in_a_spreadsheet(capsys, data, tmp_path):
    out = tmp_path / "facts.csv"
    rc, _, err = run(capsys, "--data", str(data), "export", "-o", str(out))
    assert rc == 0 and "rows of facts" in err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {"entity", "field", "value", "evidence", "round", "as_of"} <= set(rows[0])
    henan = {r["field"]: r["value"] for r in rows if r["entity"] == "河南省"}
    assert float(henan["tasks_total"]) == 101 and float(henan["tasks_done"]) == 86
    assert any("整改任务" in r["evidence"] for r in rows)


def test_csv_to_stdout(capfdbinary, data):
    from ducha.cli import main

    rc = main(["--data", str(data), "export", "--table", "metrics", "--format", "csv"])
    out = capfdbinary.readouterr().out
    assert rc == 0 and out.startswith(b"\xef\xbb\xbf")
    assert "PM2.5浓度" in out.decode("utf-8-sig")


def test_documents_lists_joined_and_no_text(capsys, data, tmp_path):
    out = tmp_path / "docs.csv"
    rc, _, _ = run(capsys, "--data", str(data), "export", "--table", "documents", "-o", str(out))
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 5 and "text" not in rows[0] and "problems" in rows[0]
    out2 = tmp_path / "docs.jsonl"
    rc, _, _ = run(
        capsys,
        "--data",
        str(data),
        "export",
        "--table",
        "documents",
        "--with-text",
        "-o",
        str(out2),
    )
    first = json.loads(out2.read_text(encoding="utf-8").splitlines()[0])
    assert first["text"] and isinstance(first["problems"], list)


@pytest.mark.parametrize("table", ["facts", "metrics", "sections", "documents", "deadlines"])
def test_json_lines(capsys, data, tmp_path, table):
    out = tmp_path / f"{table}.json"
    rc, _, _ = run(capsys, "--data", str(data), "export", "--table", table, "-o", str(out))
    assert rc == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(isinstance(json.loads(x), dict) for x in lines)
    if table == "sections":
        assert any(json.loads(x)["entity"] == "湖南省" for x in lines)


def test_parquet(capsys, data, tmp_path):
    out = tmp_path / "deadlines.parquet"
    rc, _, _ = run(capsys, "--data", str(data), "export", "--table", "deadlines", "-o", str(out))
    assert rc == 0
    df = pl.read_parquet(out)
    assert set(df.get_column("due").to_list()) >= {"立行立改", "2019-12-31"}
    assert "round" in df.columns


def test_format_overrides_suffix(capsys, data, tmp_path):
    out = tmp_path / "facts.txt"
    rc, _, _ = run(capsys, "--data", str(data), "export", "--format", "json", "-o", str(out))
    assert rc == 0 and json.loads(out.read_text(encoding="utf-8").splitlines()[0])


def test_bad_table_is_usage_error(capsys, data):
    rc, _, _err = run(capsys, "--data", str(data), "export", "--table", "nope")
    assert rc == 2


def test_unwritable_output(capsys, data, tmp_path):
    rc, _, err = run(capsys, "--data", str(data), "export", "-o", str(tmp_path / "no" / "x.csv"))
    assert rc == 1 and "cannot write" in err
