"""The model's task and metric rows, and the store without sentences, on a tiny dataset
written table by table (no parsing): each case states exactly what the rows must show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from polars.testing import assert_frame_equal

from ducha.dataset import SCHEMAS, TABLES, empty, frame, write_atomic
from ducha.query import Store
from ducha.tui.model import Model

# --------------------------------------------------------------------------- dataset

DOCS = {
    "d1": ("第二轮督察整改方案", "2020-07-01"),
    "d2": ("第二轮督察整改落实情况", "2021-07-01"),
    "d3": ("第三轮督察整改方案", "2023-07-01"),
    "d4": ("整改进展通报", "2021-09-01"),
    "d5": ("整改情况", "2022-07-01"),
}


def _section(sid: str, doc_id: str, entity: str, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(SCHEMAS["sections"])
    row.update(
        section_id=sid,
        doc_id=doc_id,
        idx=int(sid.rsplit(":", 1)[1]),
        entity=entity,
        level="province",
        round="第二轮",
        kind="report",
        start=0,
        end=100,
    )
    row.update(kw)
    return row


def _ev(start: int) -> dict[str, Any]:
    return {
        "start": start,
        "end": start + 10,
        "match_start": start + 2,
        "match_end": start + 4,
        "evidence": f"sentence at {start}",
    }


def _fact(sid: str, entity: str, field: str, value: float, start: int = 0) -> dict[str, Any]:
    return {
        "section_id": sid,
        "doc_id": sid.split(":")[0],
        "entity": entity,
        "field": field,
        "value": value,
        **_ev(start),
    }


def _deadline(sid: str, entity: str, due: str, due_text: str, count: int) -> dict[str, Any]:
    return {
        "section_id": sid,
        "doc_id": sid.split(":")[0],
        "entity": entity,
        "due": due,
        "due_text": due_text,
        "count": count,
        "share": None,
        **_ev(0),
    }


def _metric(
    entity: str,
    name: str,
    year: int | None,
    value: float | None,
    unit: str = "%",
    change: float | None = None,
    target: bool = False,
    sid: str = "d2:20",
) -> dict[str, Any]:
    return {
        "section_id": sid,
        "doc_id": sid.split(":")[0],
        "entity": entity,
        "name": name,
        "value": value,
        "unit": unit,
        "year": year,
        "change": change,
        "change_unit": "个百分点" if change is not None else None,
        "target": target,
        **_ev(0),
    }


SECTIONS = [
    # (a) two plans of 山西省 in one round, the newer stating other deadlines
    _section("d1:0", "d1", "山西省", as_of="2020-06-30", published="2020-07-01"),
    _section("d2:0", "d2", "山西省", as_of="2021-06-30", published="2021-07-01"),
    # (a) 河北省: a plan in 第二轮 and a newer one in 第三轮
    _section("d1:1", "d1", "河北省", as_of="2020-06-30", published="2020-07-01"),
    _section("d3:0", "d3", "河北省", round="第三轮", as_of="2023-06-30", published="2023-07-01"),
    # (b) 辽宁省: as_of beats published, published beats feedback_date; file order is not
    # date order (newest first, then the oldest, then the middle one)
    _section(
        "d2:1", "d2", "辽宁省", as_of=None, published="2021-06-30", feedback_date="2020-01-01"
    ),
    _section("d4:0", "d4", "辽宁省", as_of="2021-03-31", published="2021-09-01"),
    _section("d5:0", "d5", "辽宁省", as_of=None, published=None, feedback_date="2021-05-01"),
    # (b) 吉林省: two sections of the same date; the later in file order wins
    _section("d2:2", "d2", "吉林省", as_of="2021-06-30", published="2021-07-01"),
    _section("d4:1", "d4", "吉林省", as_of="2021-06-30", published="2021-09-01"),
    # (c) 黑龙江省: tasks_total and tasks_done in three sections
    _section("d1:2", "d1", "黑龙江省", as_of="2020-06-30", published="2020-07-01"),
    _section("d4:2", "d4", "黑龙江省", as_of="2021-08-31", published="2021-09-01"),
    _section("d2:3", "d2", "黑龙江省", as_of="2021-06-30", published="2021-07-01"),
    # (c) 江苏省: the latest total and the latest done are in different sections
    _section("d1:3", "d1", "江苏省", as_of="2020-06-30", published="2020-07-01"),
    _section("d2:4", "d2", "江苏省", as_of="2021-06-30", published="2021-07-01"),
    _section("d5:1", "d5", "江苏省", as_of="2022-06-30", published="2022-07-01"),
    # (d) metrics of 浙江省
    _section("d2:20", "d2", "浙江省", as_of="2021-06-30", published="2021-07-01"),
]

FACTS = [
    _fact("d1:0", "山西省", "tasks_total", 50),
    _fact("d2:0", "山西省", "tasks_total", 50),
    # 河北省: one total per round, the newer in 第三轮
    _fact("d1:1", "河北省", "tasks_total", 8, 5),
    _fact("d3:0", "河北省", "tasks_total", 5, 6),
    # 辽宁省 in file order: d2:1 (2021-06-30), d4:0 (as of 2021-03-31), d5:0 (2021-05-01)
    _fact("d2:1", "辽宁省", "tasks_total", 90, 10),
    _fact("d2:1", "辽宁省", "tasks_done", 70, 10),
    _fact("d4:0", "辽宁省", "tasks_total", 100, 20),
    _fact("d4:0", "辽宁省", "tasks_done", 60, 20),
    _fact("d5:0", "辽宁省", "tasks_total", 95, 30),
    _fact("d5:0", "辽宁省", "problems_total", 12, 40),
    # 吉林省: two statements with the same date
    _fact("d2:2", "吉林省", "tasks_total", 50, 50),
    _fact("d2:2", "吉林省", "tasks_done", 10, 50),
    _fact("d4:1", "吉林省", "tasks_total", 55, 60),
    _fact("d4:1", "吉林省", "tasks_done", 11, 60),
    # 黑龙江省: 2020 (80/20), 2021-08 latest (82/59), 2021-06 (82/40)
    _fact("d1:2", "黑龙江省", "tasks_total", 80, 70),
    _fact("d1:2", "黑龙江省", "tasks_done", 20, 70),
    _fact("d4:2", "黑龙江省", "tasks_total", 82, 80),
    _fact("d4:2", "黑龙江省", "tasks_done", 59, 80),
    _fact("d4:2", "黑龙江省", "tasks_in_progress", 23, 80),
    _fact("d2:3", "黑龙江省", "tasks_done", 40, 90),
    _fact("d2:3", "黑龙江省", "tasks_total", 82, 90),
    # 江苏省: totals in 2020 and 2021, done in 2020 and 2022 (the latest section)
    _fact("d1:3", "江苏省", "tasks_total", 30, 100),
    _fact("d1:3", "江苏省", "tasks_done", 5, 100),
    _fact("d2:4", "江苏省", "tasks_total", 32, 110),
    _fact("d5:1", "江苏省", "tasks_done", 25, 120),
]

DEADLINES = [
    _deadline("d1:0", "山西省", "2020-12-31", "2020年底前完成30项", 30),
    _deadline("d1:0", "山西省", "2021-12-31", "2021年底前完成20项", 20),
    _deadline("d2:0", "山西省", "2022-12-31", "2022年底前完成12项", 12),
    _deadline("d1:1", "河北省", "2021-12-31", "2021年底前完成8项", 8),
    _deadline("d3:0", "河北省", "2025-12-31", "2025年底前完成5项", 5),
]

METRICS = [
    _metric("浙江省", "PM2.5平均浓度", 2020, 40, "微克/立方米", -2.0),
    _metric("浙江省", "PM2.5平均浓度", 2021, 38, "微克/立方米", -5.0),
    _metric("浙江省", "优良天数比例", 2021, 85.5, "%", 1.2),
    # a repeated year: the later statement in file order wins
    _metric("浙江省", "PM2.5平均浓度", 2020, 41, "微克/立方米", -1.0),
    _metric("浙江省", "PM2.5平均浓度", 2025, 35, "微克/立方米", target=True),
    # a value without a year counts as the latest
    _metric("浙江省", "森林覆盖率", None, 61.2, "%"),
    _metric("浙江省", "森林覆盖率", 2020, 60.0, "%"),
    _metric("山西省", "PM2.5平均浓度", 2021, 44, "微克/立方米", sid="d2:0"),
]


def _write(ddir: Path) -> Path:
    docs = [
        {
            **dict.fromkeys(SCHEMAS["documents"]),
            "doc_id": doc_id,
            "path": f"/src/{doc_id}.txt",
            "name": f"{doc_id}.txt",
            "origin": "bundled",
            "title": title,
            "published": published,
            "kind": "report",
            "status": "ok",
            "problems": [],
            "size": 200,
            "n_sections": 1,
            "n_facts": 1,
            "text": "文" * 200,
        }
        for doc_id, (title, published) in DOCS.items()
    ]
    rows = {
        "documents": docs,
        "sections": SECTIONS,
        "facts": FACTS,
        "metrics": METRICS,
        "deadlines": DEADLINES,
    }
    for table in TABLES:
        df = frame(table, rows[table]) if table in rows else empty(table)
        write_atomic(df, ddir / f"{table}.parquet")
    return ddir


@pytest.fixture(scope="module")
def ddir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("model-rows"))


@pytest.fixture
def model(ddir: Path) -> Model:
    return Model(Store(ddir, sentences=False))


def _row(rows, key: str):
    found = [r for r in rows if r.key == key]
    assert len(found) == 1, [r.key for r in rows]
    return found[0]


def _deadlines(rows) -> list[tuple[str, float | None, str | None]]:
    return [(r.label, r.cells["total"], r.as_of) for r in rows if r.key.startswith("due:")]


# --------------------------------------------------------------------------- (a) deadlines


@pytest.mark.parametrize("round_", ["第二轮", None])
def test_only_the_newer_plan_states_the_deadlines(model: Model, round_: str | None) -> None:
    rows = model.task_rows("山西省", round_)
    assert _deadlines(rows) == [("期限 2022-12-31", 12, "2021-06-30")]
    due = _row(rows, "due:0")
    assert due.detail == "2022年底前完成12项"
    assert due.evidence is not None and due.evidence.doc_id == "d2"


def test_a_plan_of_another_round_is_not_used(model: Model) -> None:
    assert _deadlines(model.task_rows("河北省", "第二轮")) == [("期限 2021-12-31", 8, "2020-06-30")]
    assert _deadlines(model.task_rows("河北省", "第三轮")) == [("期限 2025-12-31", 5, "2023-06-30")]
    # without a round, the newest plan of all
    assert _deadlines(model.task_rows("河北省", None)) == [("期限 2025-12-31", 5, "2023-06-30")]
    # a round with no plan has no deadline rows
    assert _deadlines(model.task_rows("河北省", "第一轮")) == []


# --------------------------------------------------------------------------- (b) latest


def test_latest_statement_by_as_of_then_published_then_feedback(model: Model) -> None:
    rows = model.task_rows("辽宁省", "第二轮")
    tasks = _row(rows, "cat:tasks")
    # d2:1 (published 2021-06-30) is newer than d5:0 (fed back 2021-05-01) and than d4:0
    # (as of 2021-03-31, though published 2021-09-01)
    assert tasks.cells["total"] == 90
    assert tasks.cells["done"] == 70
    assert tasks.as_of == "2021-06-30"
    assert tasks.cells["rate"] == pytest.approx(77.8)
    assert tasks.evidence is not None and tasks.evidence.doc_id == "d2"
    # a field only stated in the feedback-dated section comes from there
    problems = _row(rows, "cat:problems")
    assert problems.cells["total"] == 12
    assert problems.as_of == "2021-05-01"


def test_a_newer_statement_in_another_round_is_not_the_latest(model: Model) -> None:
    second = _row(model.task_rows("河北省", "第二轮"), "cat:tasks")
    assert (second.cells["total"], second.as_of) == (8, "2020-06-30")
    third = _row(model.task_rows("河北省", "第三轮"), "cat:tasks")
    assert (third.cells["total"], third.as_of) == (5, "2023-06-30")
    assert _row(model.task_rows("河北省", None), "cat:tasks").cells["total"] == 5
    # the other round's statement stays reachable as an earlier report
    assert [(r.key, r.label.strip()) for r in second.history] == [
        ("hist:tasks:round:第三轮", "第三轮"),  # under its round's own heading
        ("hist:tasks:d3:0", "2023-06-30"),
    ]


def test_same_date_the_later_section_in_file_order_wins(model: Model) -> None:
    tasks = _row(model.task_rows("吉林省", "第二轮"), "cat:tasks")
    assert (tasks.cells["total"], tasks.cells["done"]) == (55, 11)
    assert tasks.evidence is not None and tasks.evidence.doc_id == "d4"


@pytest.mark.parametrize("entity", ["辽宁省", "吉林省", "黑龙江省", "江苏省", "山西省", "河北省"])
def test_show_picks_the_same_statements_as_the_app(ddir: Path, entity: str) -> None:
    model = Model(Store(ddir, sentences=False))
    app_rows = {
        r.key: {k: v for k, v in r.cells.items() if k != "rate"}
        for r in model.task_rows(entity, "第二轮")
        if r.key.startswith("cat:")
    }
    show_rows = {
        f"cat:{cr.category.key}": cr.cells for cr in Store(ddir).category_rows(entity, "第二轮")
    }
    assert app_rows == show_rows
    assert app_rows  # every entity here states some count


def test_show_and_app_agree_on_a_same_date_tie(ddir: Path) -> None:
    (cr,) = [c for c in Store(ddir).category_rows("吉林省", "第二轮") if c.category.key == "tasks"]
    assert cr.cells == {"total": 55, "done": 11}
    assert cr.sources["total"] == ("d4:1", "tasks_total")


# --------------------------------------------------------------------------- (c) history


def test_history_is_built_when_opened_newest_first(model: Model) -> None:
    tasks = _row(model.task_rows("黑龙江省", "第二轮"), "cat:tasks")
    assert tasks.cells["total"] == 82 and tasks.cells["done"] == 59
    history = tasks.history
    assert len(history) == 2
    assert history._build is not None  # only the number is known so far
    rows = list(history)
    assert history._build is None
    assert [r.key for r in rows] == ["hist:tasks:d2:3", "hist:tasks:d1:2"]
    assert [r.as_of for r in rows] == ["2021-06-30", "2020-06-30"]
    assert all(r.is_history and r.status == "stated" for r in rows)
    assert [r.detail for r in rows] == [
        "published 2021-07-01 · 第二轮督察整改落实情况",
        "published 2020-07-01 · 第二轮督察整改方案",
    ]
    assert rows[0].label.strip() == "2021-06-30"
    assert rows[1].evidence is not None and rows[1].evidence.start == 70


def test_history_rows_carry_the_other_counts_of_their_section(model: Model) -> None:
    tasks = _row(model.task_rows("黑龙江省", "第二轮"), "cat:tasks")
    cells = [r.cells for r in tasks.history]
    # each earlier total with the done count stated beside it; in_progress was stated only
    # in the latest section, so no earlier row has it
    assert cells == [{"total": 82, "done": 40}, {"total": 80, "done": 20}]


def test_a_count_stated_once_has_no_history(model: Model) -> None:
    rows = model.task_rows("辽宁省", "第二轮")
    problems = _row(rows, "cat:problems")
    assert len(problems.history) == 0
    assert list(problems.history) == []


def test_the_latest_statement_is_one_section_and_the_earlier_ones_its_history(
    model: Model,
) -> None:
    """江苏省 states a total in 2020 and 2021 and a done count in 2020 and 2022: the 2022
    section is the latest statement, alone (no total from another report beside its done
    count), and each earlier section is one row of the timeline, newest first."""
    tasks = _row(model.task_rows("江苏省", None), "cat:tasks")
    assert tasks.cells["done"] == 25 and tasks.cells.get("total") is None
    assert tasks.as_of == "2022-06-30"
    assert [r.key for r in tasks.history] == ["hist:tasks:d2:4", "hist:tasks:d1:3"]
    assert [r.cells for r in tasks.history] == [{"total": 32}, {"total": 30, "done": 5}]


# --------------------------------------------------------------------------- (d) metrics


def test_metric_rows_one_per_indicator_and_targets_apart(model: Model) -> None:
    rows = model.metric_rows("浙江省")
    assert [(m.name, m.target) for m in rows] == [
        ("PM2.5平均浓度", False),
        ("优良天数比例", False),
        ("森林覆盖率", False),
        ("PM2.5平均浓度", True),
    ]
    assert len({m.key for m in rows}) == 4


def test_metric_values_per_year_last_statement_wins(model: Model) -> None:
    pm = next(m for m in model.metric_rows("浙江省") if m.name == "PM2.5平均浓度" and not m.target)
    assert pm.years == [2020, 2021]
    assert pm.values == [41, 38]  # 2020 was stated as 40, then as 41
    assert (pm.value, pm.year, pm.unit) == (38, 2021, "微克/立方米")
    assert (pm.change, pm.change_unit) == (-5.0, "个百分点")
    target = next(m for m in model.metric_rows("浙江省") if m.target)
    assert (target.years, target.values, target.value, target.year) == ([2025], [35], 35, 2025)


def test_metric_without_a_year_counts_as_latest(model: Model) -> None:
    forest = next(m for m in model.metric_rows("浙江省") if m.name == "森林覆盖率")
    assert forest.years == [2020, None]
    assert forest.values == [60.0, 61.2]
    assert (forest.value, forest.year) == (61.2, None)


def test_metric_rows_are_the_entitys_own(model: Model) -> None:
    (pm,) = model.metric_rows("山西省")
    assert (pm.name, pm.values, pm.value) == ("PM2.5平均浓度", [44], 44)
    assert model.metric_rows("河北省") == []


# --------------------------------------------------------------------------- (e) sentences


def test_store_without_sentences_drops_evidence_only(ddir: Path) -> None:
    lean, full = Store(ddir, sentences=False), Store(ddir)
    for table in ("facts", "metrics", "deadlines"):
        lean_df, full_df = getattr(lean, table), getattr(full, table)
        assert "evidence" not in lean_df.columns
        assert "evidence" in full_df.columns
        assert_frame_equal(lean_df, full_df.drop("evidence"))
    assert full.facts.filter(full.facts["section_id"] == "d4:2")["evidence"][0] == "sentence at 80"


def test_store_without_sentences_gives_the_same_overview(ddir: Path) -> None:
    lean = Store(ddir, sentences=False).overview()
    full = Store(ddir).overview()
    assert_frame_equal(lean, full)
    hlj = lean.filter((lean["entity"] == "黑龙江省") & (lean["round"] == "第二轮"))
    assert hlj.select("total", "done", "completion").row(0) == (82, 59, 72.0)
