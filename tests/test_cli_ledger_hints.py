"""What the command line says about ledgers: an entity without one, a ledger whose entity
cannot be told (the file named as typed), the IDs of ledger rows kept as written, and the
tasks export carrying the screen's `overdue` with its basis; counts exported as integers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from cli_helpers import built_dataset, isolate, run
from ledger_fixtures import write_shanxi_xlsx

# a ledger whose rows carry IDs, not numbers, and a 截至 date above its header
HENAN_LEDGER = (
    "河南省第二轮中央生态环境保护督察整改任务清单\n"
    "截至2023年6月30日\n"
    "编号,反馈问题,整改任务,责任单位,整改时限,完成情况\n"
    "HN-01,问题一,黄河滩区违建清理,郑州市人民政府,2022年底前,已完成\n"
    "1-1,问题二,南水北调水源地保护,南阳市人民政府,2022年6月底前,正在推进\n"
    "(一),问题三,矿山生态修复,洛阳市人民政府,2025年底前,正在推进\n"
    "3,问题四,城市黑臭水体治理,开封市人民政府,立行立改,已完成\n"
)
# a ledger that states no as-of date: overdue is derived against today
HUNAN_LEDGER = (
    "湖南省整改任务清单\n"
    "序号,整改任务,责任单位,整改时限,完成情况\n"
    "1,洞庭湖矮围网围拆除,岳阳市人民政府,2021年底前,正在推进\n"
    "2,湘江流域重金属治理,株洲市人民政府,2030年底前,正在推进\n"
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled reports and two ledgers in the library."""
    root = tmp_path_factory.mktemp("hints-ds")
    (root / "library").mkdir()
    (root / "library" / "河南省整改任务清单.csv").write_text(HENAN_LEDGER, encoding="utf-8")
    (root / "library" / "湖南省整改任务清单.csv").write_text(HUNAN_LEDGER, encoding="utf-8")
    return built_dataset(root)


# --- an entity without a ledger ----------------------------------------------------------


@pytest.mark.parametrize("flag", ["--tasks", "--overdue"])
def test_show_says_an_entity_has_no_ledger(capsys, data: Path, flag: str) -> None:
    rc, out, err = run(capsys, "--data", str(data), "show", "山西", flag)
    assert rc == 0, err
    assert "山西省 has no task ledger; add one with: ducha add FILE --entity 山西省" in out
    assert "Traceback" not in err


def test_show_json_without_ledger_keeps_stdout_json(capsys, data: Path) -> None:
    rc, out, err = run(capsys, "--data", str(data), "show", "山西", "--tasks", "--json")
    assert rc == 0
    assert json.loads(out)["entity"] == "山西省"
    assert "山西省 has no task ledger; add one with: ducha add FILE --entity 山西省" in err


def test_show_with_a_ledger_says_nothing_of_adding_one(capsys, data: Path) -> None:
    rc, out, err = run(capsys, "--data", str(data), "show", "河南", "--tasks", "--json")
    assert rc == 0
    assert "has no task ledger" not in out + err
    assert json.loads(out)["ledger"]["tasks"]


# --- the --entity hint names the file as typed ------------------------------------------


def _hint_line(out: str) -> str:
    return next(line for line in out.splitlines() if "--entity NAME" in line)


def test_add_hint_names_the_file_as_typed(capsys, monkeypatch, tmp_path: Path) -> None:
    ddir = tmp_path / "ds"
    (ddir / "library").mkdir(parents=True)
    # a different file of the same name in the library: the copy gets a hashed name
    (ddir / "library" / "清单.xlsx").write_bytes(b"not this one")
    (tmp_path / "in").mkdir()
    write_shanxi_xlsx(tmp_path / "in" / "清单.xlsx", title="整改任务清单")  # names no place
    monkeypatch.chdir(tmp_path)
    rc, out, _ = run(capsys, "--data", str(ddir), "add", "./in/清单.xlsx")
    assert rc == 1
    copies = sorted(p.name for p in (ddir / "library").glob("清单-*.xlsx"))
    assert copies, "the copy has a name of its own"
    line = _hint_line(out)
    assert "`ducha add ./in/清单.xlsx --entity NAME`" in line
    assert copies[0] not in line and str(ddir) not in line


def test_add_hint_for_a_file_of_a_folder_joins_the_typed_folder(
    capsys, monkeypatch, tmp_path: Path
) -> None:
    ddir = tmp_path / "ds"
    (tmp_path / "my reports").mkdir()
    write_shanxi_xlsx(tmp_path / "my reports" / "清单.xlsx", title="整改任务清单")
    monkeypatch.chdir(tmp_path)
    rc, out, _ = run(capsys, "--data", str(ddir), "add", "my reports")
    assert rc == 1
    # quoted, so the command runs as printed
    assert "`ducha add 'my reports/清单.xlsx' --entity NAME`" in _hint_line(out)


# --- ledger IDs --------------------------------------------------------------------------


def test_ledger_ids_are_kept_as_written(capsys, data: Path) -> None:
    tasks = pl.read_parquet(data / "tasks.parquet").filter(pl.col("entity") == "河南省")
    assert tasks.schema["seq"] == pl.String
    assert tasks.get_column("seq").to_list() == ["HN-01", "1-1", "(一)", "3"]
    rc, out, _ = run(capsys, "--data", str(data), "show", "河南", "--tasks", "--json")
    assert rc == 0
    rows = json.loads(out)["ledger"]["tasks"]
    assert [r["seq"] for r in rows] == ["HN-01", "1-1", "(一)", "3"]
    assert rows[0]["title"] == "黄河滩区违建清理"


def test_numbered_ledger_keeps_its_numbers_as_text(data: Path) -> None:
    tasks = pl.read_parquet(data / "tasks.parquet").filter(pl.col("entity") == "湖南省")
    assert tasks.get_column("seq").to_list() == ["1", "2"]
    assert tasks.get_column("extra").is_null().all()  # the ID is not moved aside


# --- the tasks export --------------------------------------------------------------------


def _export(capsys, data: Path, *args: str) -> str:
    rc, out, err = run(capsys, "--data", str(data), "export", *args)
    assert rc == 0, err
    return out


def test_export_tasks_carries_the_screens_overdue(capsys, data: Path) -> None:
    out = _export(capsys, data, "--table", "tasks", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {"overdue", "overdue_basis", "as_of_basis"} <= set(rows[0])
    by_id = {r["task_id"]: r for r in rows}
    for entity in ("河南", "湖南"):
        rc, shown, _ = run(capsys, "--data", str(data), "show", entity, "--tasks", "--json")
        assert rc == 0
        for t in json.loads(shown)["ledger"]["tasks"]:
            row = by_id[t["task_id"]]
            assert (row["overdue"], row["overdue_basis"]) == (t["overdue"], t["overdue_basis"])
    henan = [r for r in rows if r["entity"] == "河南省"]
    hunan = [r for r in rows if r["entity"] == "湖南省"]
    assert {r["as_of_basis"] for r in henan} == {"stated"}
    assert {r["overdue_basis"] for r in henan} == {"as of 2023-06-30"}
    assert [r["overdue"] for r in henan] == [False, True, False, False]
    assert {r["as_of_basis"] for r in hunan} == {"today"}
    assert all(r["overdue_basis"].startswith("today ") for r in hunan)
    assert [r["overdue"] for r in hunan] == [True, False]


def test_export_tasks_csv_has_the_same_columns(capsys, data: Path) -> None:
    out = _export(capsys, data, "--table", "tasks", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    henan = [r for r in rows if r["entity"] == "河南省"]
    assert [r["seq"] for r in henan] == ["HN-01", "1-1", "(一)", "3"]
    assert [r["overdue"] for r in henan] == ["false", "true", "false", "false"]
    assert {r["as_of_basis"] for r in henan} == {"stated"}


def test_export_tasks_keeps_a_ledger_without_entity(capsys, data: Path, tmp_path: Path) -> None:
    ds = tmp_path / "copy"
    shutil.copytree(data, ds)
    (ds / "library" / "清单.csv").write_text(HUNAN_LEDGER.replace("湖南省", ""), encoding="utf-8")
    out = _export(capsys, ds, "--table", "tasks", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert sum(1 for r in rows if r["entity"] is None) == 2
    assert len(rows) == 8


# --- counts as integers ------------------------------------------------------------------


def test_exported_counts_are_integers(capsys, data: Path) -> None:
    out = _export(capsys, data, "--table", "facts", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    henan = {r["field"]: r["value"] for r in rows if r["entity"] == "河南省"}
    assert henan["tasks_total"] == 101 and type(henan["tasks_total"]) is int
    assert '"value":101,' in out and '"value":101.0' not in out
    assert all(type(r["value"]) is int for r in rows if float(r["value"]).is_integer())
    assert any(type(r["value"]) is float for r in rows)  # a rate stays a rate
    out = _export(capsys, data, "--table", "facts", "--format", "csv")
    rows_csv = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    values = [r["value"] for r in rows_csv]
    assert "101" in values and not any(v.endswith(".0") for v in values)
    assert len(rows_csv) == len(rows)


def test_parquet_export_keeps_float_types(capsys, data: Path, tmp_path: Path) -> None:
    _export(capsys, data, "--table", "facts", "-o", str(tmp_path / "facts.parquet"))
    assert pl.read_parquet(tmp_path / "facts.parquet").schema["value"] == pl.Float64
