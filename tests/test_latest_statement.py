"""The latest statement is a statement: three reports of one province, each stating its
tasks differently. `ducha show --json`, the overview and the app's task pane all show the
latest report's figures together, never one field from each report; the earlier reports
are the timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import isolate, run
from conftest import drive, settle

from ducha.build import build

PROVINCE = "贵州省"
REPORTS = {
    # behind schedule at the end of 2021...
    "a.txt": (
        "贵州省第二轮中央生态环境保护督察整改落实情况(一)\n发布时间:2022-01-10\n"
        "截至2021年12月底,贵州省第二轮中央生态环境保护督察反馈意见整改方案明确的65项整改任务,"
        "已完成40项,其余23项达到序时进度,2项未达序时进度。\n"
    ),
    # ...in progress in mid-2022...
    "b.txt": (
        "贵州省第二轮中央生态环境保护督察整改落实情况(二)\n发布时间:2022-07-08\n"
        "截至2022年6月底,贵州省第二轮中央生态环境保护督察反馈意见整改方案明确的65项整改任务,"
        "已完成58项,其余7项正在推进。\n"
    ),
    # ...and at the end of 2022 it says only how many are done: nothing is behind
    "c.txt": (
        "贵州省第二轮中央生态环境保护督察整改落实情况(三)\n发布时间:2023-01-09\n"
        "截至2022年12月底,贵州省第二轮中央生态环境保护督察反馈意见整改方案明确的65项整改任务,"
        "已完成63项。\n"
    ),
}
LATEST = {"total": 65, "done": 63, "in_progress": None, "on_schedule": None, "behind": None}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ddir = tmp_path_factory.mktemp("latest") / "data"
    (ddir / "library").mkdir(parents=True)
    for name, text in REPORTS.items():
        (ddir / "library" / name).write_text(text, encoding="utf-8")
    build(ddir, workers=1)
    return ddir


def test_show_json_gives_the_latest_reports_figures_together(
    dataset: Path, capsys, monkeypatch, tmp_path: Path
) -> None:
    import json

    isolate(monkeypatch, tmp_path)
    rc, out, _ = run(capsys, "show", "--data", str(dataset), "贵州", "--json")
    assert rc == 0
    (block,) = json.loads(out)["rounds"]
    tasks = next(c for c in block["categories"] if c["category"] == "tasks")
    assert {k: tasks[k] for k in LATEST} == LATEST
    assert tasks["status"] == "in_progress" and tasks["as_of"] == "2022-12-31"
    assert {k: v for k, v in block["counts"].items() if k.startswith("tasks")} == {
        "tasks_total": 65,
        "tasks_done": 63,
    }


def test_the_overview_gives_the_latest_reports_figures(
    dataset: Path, capsys, monkeypatch, tmp_path: Path
) -> None:
    import json

    isolate(monkeypatch, tmp_path)
    rc, out, _ = run(capsys, "show", "--data", str(dataset), "--json")
    assert rc == 0
    (row,) = [r for r in json.loads(out) if r["entity"] == PROVINCE]
    assert (row["total"], row["done"], row["behind"], row["status"]) == (
        65,
        63,
        None,
        "in_progress",
    )


def test_the_task_pane_shows_the_latest_statement_and_the_earlier_ones_as_its_timeline(
    dataset: Path,
) -> None:
    from ducha.query import Store
    from ducha.tui.app import DuchaApp
    from ducha.tui.model import Model
    from ducha.tui.tables import TaskTable

    model = Model(Store(dataset, sentences=False))
    model.warm()
    (tasks,) = [r for r in model.task_rows(PROVINCE, "第二轮") if r.key == "cat:tasks"]
    assert {k: tasks.cells.get(k) for k in LATEST} == LATEST
    assert tasks.status == "in_progress"
    assert [r.cells for r in tasks.history] == [
        {"total": 65, "done": 58, "in_progress": 7},
        {"total": 65, "done": 40, "on_schedule": 23, "behind": 2},
    ]
    assert [r.as_of for r in tasks.history] == ["2022-06-30", "2021-12-31"]
    assert model.summary(PROVINCE, "第二轮").status == "in_progress"

    async def scenario(pilot) -> None:
        pilot.app.jump_to(PROVINCE, "第二轮")
        await settle(pilot)
        table = pilot.app.query_one(TaskTable)
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        row = next(r for r in rows if r[0].startswith("整改任务"))
        assert row[1:6] == ["65", "63", "", "", ""]
        assert not any("BEHIND" in cell for r in rows for cell in r)

    drive(DuchaApp(dataset, model=model), scenario, size=(160, 48))
