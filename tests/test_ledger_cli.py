"""`ducha add LEDGER --entity`, `ducha show Q --tasks/--overdue`, `ducha export --table tasks`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import isolate, run
from ledger_fixtures import CSV_LEDGER, build_ledger_dataset, write_shanxi_xlsx


@pytest.fixture(scope="module")
def ledger_ds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger_dataset(tmp_path_factory.mktemp("ledger-ds"))


def test_show_states_the_difference(ledger_ds: Path, capsys, monkeypatch, tmp_path) -> None:
    isolate(monkeypatch, tmp_path)
    rc, out, _ = run(capsys, "--data", str(ledger_ds), "show", "山西")
    assert rc == 0
    assert "ledger 9 rows, 3 done" in out
    assert "82 tasks, 59 done: differs" in out
    assert "ledger 9 vs 82 tasks stated (-73)" in out
    rc, out, _ = run(capsys, "--data", str(ledger_ds), "show", "吉林")
    assert "6 tasks, 4 done: agrees" in out


def test_show_tasks_and_overdue(ledger_ds: Path, capsys, monkeypatch, tmp_path) -> None:
    isolate(monkeypatch, tmp_path)
    rc, out, _ = run(capsys, "--data", str(ledger_ds), "show", "山西", "--tasks")
    assert rc == 0
    for title in ("关停城区违规焦化产能", "饮用水水源地保护", "矿山生态修复"):
        assert title in out
    assert "overdue*" in out and "as of 2023-06-30" in out
    rc, out, _ = run(capsys, "--data", str(ledger_ds), "show", "山西", "--overdue")
    assert "汾河流域入河排污口整治" in out and "煤矸石堆场规范化整治" in out
    assert "关停城区违规焦化产能" not in out
    rc, out, _ = run(capsys, "--data", str(ledger_ds), "show", "山西", "--overdue", "--json")
    data = json.loads(out)
    assert [t["title"] for t in data["ledger"]["tasks"]] == [
        "汾河流域入河排污口整治",
        "煤矸石堆场规范化整治",
    ]
    assert data["ledger"]["agrees"] is False


def test_export_tasks(ledger_ds: Path, capsys, monkeypatch, tmp_path) -> None:
    isolate(monkeypatch, tmp_path)
    rc, out, _ = run(
        capsys, "--data", str(ledger_ds), "export", "--table", "tasks", "--format", "json"
    )
    assert rc == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 20
    assert {r["entity"] for r in rows} == {"山西省", "吉林省", "石家庄市"}


def test_add_with_entity(capsys, monkeypatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)
    ddir = tmp_path / "ds"
    src = tmp_path / "清单.xlsx"
    write_shanxi_xlsx(src, title="整改任务清单")  # the title names no place
    rc, out, _ = run(capsys, "--data", str(ddir), "add", str(src))
    assert rc == 1 and "no entity" in out
    rc, out, _ = run(capsys, "--data", str(ddir), "add", str(src), "--entity", "山西")
    assert rc == 0, out
    assert "entity set to 山西省" in out
    assert (
        (ddir / "library" / "清单.xlsx.ducha.toml")
        .read_text(encoding="utf-8")
        .startswith('entity = "山西省"')
    )
    rc, out, _ = run(capsys, "--data", str(ddir), "show", "山西", "--tasks")
    assert "关停城区违规焦化产能" in out
    csv = tmp_path / "ledger.csv"
    csv.write_bytes(CSV_LEDGER.read_bytes())
    rc, out, _ = run(capsys, "--data", str(ddir), "add", str(csv), "--entity", "保定市")
    assert rc == 0 and "5 ledger rows" in out
    rc, _out, err = run(capsys, "--data", str(ddir), "add", str(csv), "--entity", "nowhere")
    assert rc == 2 and "not a known province or city" in err
