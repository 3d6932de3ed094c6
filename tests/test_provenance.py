"""Every number says where it stands: an as-of date is stated (截至…), taken from the
report's publication (目前, or no date: at most that day), and a repost's page date never
passes for a statement date; timelines keep to one round and one level; every stated
figure is shown with its Chinese label and unit, approximations as written; the overview
names what its total counts and gives the same status as `show`.

Each rule is checked through `ducha show --json` and through the app (Pilot)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import isolate, run
from conftest import drive, screen_text, settle

from ducha.build import build

REPORTS = {
    # 目前: no date stated; the counts stand as of (at most) the publication date
    "gz-now.txt": (
        "贵州省第二轮中央生态环境保护督察整改进展情况\n发布时间:2023-05-20\n"
        "目前,贵州省第二轮中央生态环境保护督察反馈意见整改方案明确的65项整改任务,"
        "已完成60项,其余5项正在推进。\n"
    ),
    # a stated date, then a repost of the same report on another site months later
    "sc.txt": (
        "四川省第二轮中央生态环境保护督察整改落实情况\n发布时间:2023-01-12\n"
        "截至2022年12月底,四川省第二轮中央生态环境保护督察反馈意见整改方案明确的71项整改任务,"
        "已完成52项,其余19项正在推进。\n"
    ),
    "sc-repost.html": (
        "<html><head><title>转载:四川省第二轮中央生态环境保护督察整改落实情况</title></head><body>"
        "<div class=nav>首页 | 新闻 | 转载</div>"
        "<h1>四川省第二轮中央生态环境保护督察整改落实情况</h1>"
        "<p>发布时间:2023-08-30 来源:某某新闻网</p>"
        "<p>截至2022年12月底,四川省第二轮中央生态环境保护督察反馈意见整改方案明确的71项整改任务,"
        "已完成52项,其余19项正在推进。</p></body></html>"
    ),
    # a province, then a county of it that reports its own tasks later
    "sx-prov.txt": (
        "陕西省第二轮中央生态环境保护督察整改落实情况\n发布时间:2022-08-01\n"
        "截至2022年6月底,陕西省第二轮中央生态环境保护督察反馈意见整改方案明确的90项整改任务,"
        "已完成70项,其余20项正在推进。\n"
    ),
    "sx-county.txt": (
        "富平县第二轮中央生态环境保护督察整改落实情况\n发布时间:2023-03-01\n"
        "截至2023年2月底,富平县承担的第二轮中央生态环境保护督察反馈问题整改任务12项,"
        "已完成10项,其余2项正在推进。\n"
    ),
    # one province over two rounds: a timeline keeps each round apart
    "gs-1.txt": (
        "甘肃省中央环境保护督察反馈意见整改落实情况\n发布时间:2019-01-15\n"
        "截至2018年12月底,甘肃省第一轮中央环境保护督察反馈意见整改方案明确的60项整改任务,"
        "已完成52项,其余8项正在推进。\n"
    ),
    "gs-2a.txt": (
        "甘肃省第二轮中央生态环境保护督察整改落实情况\n发布时间:2022-07-20\n"
        "截至2022年6月底,甘肃省第二轮中央生态环境保护督察反馈意见整改方案明确的48项整改任务,"
        "已完成30项,其余18项正在推进。\n"
    ),
    "gs-2b.txt": (
        "甘肃省第二轮中央生态环境保护督察整改进展\n发布时间:2023-02-10\n"
        "目前,甘肃省第二轮中央生态环境保护督察反馈意见整改方案明确的48项整改任务,"
        "已完成41项,其余7项正在推进。\n"
    ),
    # stationing figures, approximations among them
    "yn-station.txt": (
        "中央第八生态环境保护督察组完成对云南省督察进驻工作\n发布时间:2021-05-08\n"
        "中央第八生态环境保护督察组于2021年4月6日至5月6日对云南省开展第二轮督察。"
        "督察期间,共受理群众来电来信举报4.2万余件,交办3069件。"
        "截至5月6日,各地已办结2970件。责令整改1360家,立案处罚520家,罚款约2.6亿元;"
        "立案侦查21件,拘留38人;约谈320人,问责158人。\n"
    ),
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ddir = tmp_path_factory.mktemp("provenance") / "data"
    (ddir / "library").mkdir(parents=True)
    for name, text in REPORTS.items():
        (ddir / "library" / name).write_text(text, encoding="utf-8")
    build(ddir, workers=1)
    return ddir


def _show(capsys, monkeypatch, tmp_path: Path, dataset: Path, *argv: str) -> dict:
    isolate(monkeypatch, tmp_path)
    rc, out, err = run(capsys, "show", *argv, "--json", "--data", str(dataset))
    assert rc == 0, err
    return json.loads(out)


def _category(report: dict, key: str, round_: str = "第二轮") -> dict:
    (block,) = [b for b in report["rounds"] if b["round"] == round_]
    (cat,) = [c for c in block["categories"] if c["category"] == key]
    return cat


# --- as-of provenance ---------------------------------------------------------------------


def test_a_report_that_says_now_is_as_of_its_publication(
    dataset: Path, capsys, monkeypatch, tmp_path: Path
) -> None:
    cat = _category(_show(capsys, monkeypatch, tmp_path, dataset, "贵州"), "tasks")
    assert (cat["done"], cat["total"]) == (60, 65)
    assert (cat["as_of"], cat["as_of_basis"]) == ("2023-05-20", "published")
    assert cat["as_of_text"] == "as of ≤2023-05-20 (published)"
    isolate(monkeypatch, tmp_path)
    rc, out, _err = run(capsys, "show", "贵州", "--data", str(dataset))
    assert rc == 0 and "as of ≤2023-05-20 (published)" in out


def test_a_repost_does_not_move_a_stated_date(
    dataset: Path, capsys, monkeypatch, tmp_path: Path
) -> None:
    report = _show(capsys, monkeypatch, tmp_path, dataset, "四川")
    cat = _category(report, "tasks")
    assert (cat["as_of"], cat["as_of_basis"]) == ("2022-12-31", "stated")
    assert cat["as_of_text"] == "as of 2022-12-31"
    isolate(monkeypatch, tmp_path)
    rc, out, _err = run(capsys, "show", "--json", "--data", str(dataset))
    assert rc == 0
    (row,) = [r for r in json.loads(out) if r["entity"] == "四川省"]
    assert (row["as_of"], row["as_of_basis"]) == ("2022-12-31", "stated")


def test_the_title_gives_the_latest_stated_date_not_the_latest_page(dataset: Path) -> None:
    from ducha.query import Store, latest_report

    # pages go up to 2023-08-30 (the repost); the latest date a report states is 2023-02-28
    assert latest_report(Store(dataset)) == ("2023-02-28", "stated")


def test_the_app_says_where_each_date_comes_from(dataset: Path) -> None:
    from ducha.tui.app import DuchaApp

    async def scenario(pilot) -> None:
        screen = screen_text(pilot.app)
        assert "latest counts as of 2023-02-28" in screen
        pilot.app.jump_to("贵州省", "第二轮")
        await settle(pilot)
        assert "as of ≤2023-05-20 (published)" in screen_text(pilot.app)
        pilot.app.jump_to("四川省", "第二轮")
        await settle(pilot)
        screen = screen_text(pilot.app)
        assert "as of 2022-12-31" in screen and "2023-08-30" not in screen.split("\n")[1]

    drive(DuchaApp(dataset), scenario, size=(160, 48))


# --- timelines ------------------------------------------------------------------------------


def test_a_countys_count_is_not_its_provinces_history(dataset: Path) -> None:
    from ducha.query import Store
    from ducha.tui.model import Model

    model = Model(Store(dataset, sentences=False))
    model.warm()
    (tasks,) = [r for r in model.task_rows("陕西省", "第二轮") if r.key == "cat:tasks"]
    assert (tasks.cells["total"], tasks.cells["done"]) == (90, 70)
    assert list(tasks.history) == []
    county = [r for r in model.task_rows("富平县", "第二轮") if r.key == "cat:tasks"]
    assert [(r.cells.get("total"), r.cells.get("done")) for r in county] == [(12, 10)]


def test_a_timeline_keeps_to_its_round_and_dates_each_statement(dataset: Path) -> None:
    from ducha.query import Store
    from ducha.tui.model import Model

    model = Model(Store(dataset, sentences=False))
    model.warm()
    (tasks,) = [r for r in model.task_rows("甘肃省", "第二轮") if r.key == "cat:tasks"]
    assert (tasks.cells["total"], tasks.cells["done"]) == (48, 41)
    assert (tasks.as_of, tasks.as_of_basis) == ("2023-02-10", "published")
    history = [(r.label.strip(), r.cells.get("total"), r.cells.get("done")) for r in tasks.history]
    assert history == [
        ("2022-06-30", 48, 30),  # this round first, dated
        ("第一轮", None, None),  # another round: under its own heading
        ("2018-12-31", 60, 52),
    ]
    assert "published 2022-07-20" in tasks.history[0].detail
    (first,) = [r for r in model.task_rows("甘肃省", "第一轮") if r.key == "cat:tasks"]
    assert (first.cells["total"], first.cells["done"]) == (60, 52)
    assert [r.label.strip() for r in first.history] == ["第二轮", "≤2023-02-10", "2022-06-30"]


# --- every stated figure --------------------------------------------------------------------


FIGURES = {
    # field: (label, value, unit, written if approximate)
    "petitions_received": ("受理举报", 42000, "件", "4.2万余件"),
    "petitions_total": ("交办信访件", 3069, "件", None),
    "ordered_rectification": ("责令整改", 1360, "家", None),
    "penalty_cases": ("立案处罚", 520, "件", None),
    "fines_wan": ("罚款", 26000, "万元", "约2.6亿元"),
    "criminal_cases": ("立案侦查", 21, "件", None),
    "detained": ("拘留", 38, "人", None),
    "interviewed_people": ("约谈", 320, "人", None),
    "accountability_people": ("问责人员", 158, "人", None),
}


def test_every_stated_figure_has_a_label_a_unit_and_its_words(
    dataset: Path, capsys, monkeypatch, tmp_path: Path
) -> None:
    report = _show(capsys, monkeypatch, tmp_path, dataset, "云南")
    (block,) = [b for b in report["rounds"] if b["round"] == "第二轮"]
    figures = {f["field"]: f for f in block["figures"]}
    counts = block["counts"]
    for field, (label, value, unit, written) in FIGURES.items():
        if field == "petitions_total":
            assert counts[field] == value
            continue
        f = figures[field]
        assert (f["label"], f["value"], f["unit"]) == (label, value, unit), field
        assert f["written"] == written and f["approximate"] == (written is not None), field
        assert isinstance(f["value"], int)
    isolate(monkeypatch, tmp_path)
    rc, out, _err = run(capsys, "show", "云南", "--data", str(dataset))
    assert rc == 0
    assert (
        "≈4.2万余件" in out
        and "≈约2.6亿元" in out
        and "158人" in out
        and "stated"
        not in [line.split()[-1] for line in out.splitlines() if line.startswith("问责")]
    )


def test_the_task_pane_shows_every_figure_labelled(dataset: Path) -> None:
    from ducha.tui.app import DuchaApp
    from ducha.tui.tables import TaskTable

    async def scenario(pilot) -> None:
        pilot.app.jump_to("云南省", "第二轮")
        await settle(pilot)
        table = pilot.app.query_one(TaskTable)
        rows = {
            table.get_row_at(i)[0].plain.split(" ")[0]: [c.plain for c in table.get_row_at(i)]
            for i in range(table.row_count)
        }
        for field, (label, value, unit, written) in FIGURES.items():
            if field == "petitions_total":
                continue
            assert label in rows, (label, sorted(rows))
            cell = rows[label][1]
            assert cell == (f"≈{written}" if written else f"{value}{unit}"), (label, cell)

    drive(DuchaApp(dataset), scenario, size=(160, 48))


# --- the overview ---------------------------------------------------------------------------


def test_the_overview_names_what_it_counts_and_agrees_with_show(
    dataset: Path, capsys, monkeypatch, tmp_path: Path
) -> None:
    isolate(monkeypatch, tmp_path)
    rc, out, _err = run(capsys, "show", "--json", "--data", str(dataset))
    assert rc == 0
    rows = json.loads(out)
    assert len({(r["entity"], r["round"]) for r in rows}) == len(rows)  # one per entity, round
    checked = 0
    for r in rows:
        if r["total"] is None:
            continue
        assert r["counted_label"] == {"tasks": "整改任务", "problems": "问题"}[r["counted"]]
        report = _show(capsys, monkeypatch, tmp_path, dataset, r["entity"])
        cat = _category(report, r["counted"], r["round"])
        assert (cat["status"], cat["total"], cat["done"]) == (r["status"], r["total"], r["done"])
        assert cat["as_of"] == r["as_of"] and cat["as_of_basis"] == r["as_of_basis"]
        checked += 1
    assert checked >= 4
