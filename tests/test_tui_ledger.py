"""The ledger view of the task pane: rows below the counts, the cross-check, sorting,
filtering and Enter to the source row."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import drive, screen_text, settle
from ledger_fixtures import build_ledger_dataset

from ducha.tui.app import DuchaApp


@pytest.fixture(scope="session")
def ledger_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger_dataset(tmp_path_factory.mktemp("tui-ledger"))


@pytest.fixture(scope="session")
def ledger_model(ledger_dataset: Path):
    from ducha.tui.model import Model

    return Model.load(ledger_dataset)


def app_for(model) -> DuchaApp:
    app = DuchaApp(model.store.data_dir, model=model, theme="textual-dark")
    app.cursor_blink = False
    return app


def titles(table) -> list[str]:
    return [r.title for r in table.shown[: table.limit]]


def test_counts_then_ledger_rows(ledger_model) -> None:
    app = app_for(ledger_model)

    async def scenario(pilot) -> None:
        app.jump_to("山西省", "第二轮")
        await settle(pilot)
        tasks = app.query_one("#tasks")
        assert tasks.ledger is not None and tasks.mode == "counts"
        keys = [tasks.row_key_at(i) for i in range(tasks.row_count)]
        assert keys[0] == "cat:tasks" and keys[-1] == "ledger"  # below the categories
        cells = " ".join(c.plain for c in tasks.get_row("ledger"))
        assert "台账 ledger" in cells and "differs" in cells and "33.3%" in cells
        await pilot.press("tab")
        await pilot.press("l")
        await settle(pilot)
        assert tasks.mode == "ledger"
        text = screen_text(app)
        assert "report 59/82" in text and "rows -73" in text and "done -56" in text
        assert "BEHIND overdue*" in text and "in progress overdue*" in text
        assert "overdue* derived, as of 2023-06-30" in str(tasks.border_subtitle)
        assert titles(tasks)[0] == "关停城区违规焦化产能"
        await pilot.press("s")  # overdue and behind first
        await settle(pilot)
        assert titles(tasks)[:2] == ["汾河流域入河排污口整治", "煤矸石堆场规范化整治"]
        await pilot.press("d")  # deadline: dates first, earliest first
        await settle(pilot)
        assert [r.due for r in tasks.shown][:3] == ["2021-12-31", "2022-06-30", "2022-12-31"]
        await pilot.press("d")  # again: reversed
        await settle(pilot)
        assert tasks.shown[-1].due == "2021-12-31"
        await pilot.press("u")
        await settle(pilot)
        units = [r.unit for r in tasks.shown]
        assert units == sorted(units)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"太原", "enter")
        await settle(pilot)
        assert {r.unit for r in tasks.shown} == {"太原市人民政府"} and len(tasks.shown) == 2
        assert "filter: 太原" in str(tasks.border_subtitle)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("Input").value = "overdue"
        await pilot.press("enter")
        await settle(pilot)
        assert all(r.overdue for r in tasks.shown) and len(tasks.shown) == 2
        # Enter on a row: its source row highlighted (the sheet row in the rendering)
        tasks.move_cursor(row=2)
        await pilot.press("enter")
        await settle(pilot)
        source = app.query_one("#source")
        row = tasks.shown[0]
        assert source.doc_id == row.doc_id
        body = ledger_model.text(row.doc_id)
        assert row.title in body[row.start : row.end]
        assert "row" in str(tasks.border_subtitle)
        await pilot.press("escape")  # Esc clears the filter first, as in every table
        await settle(pilot)
        assert tasks.mode == "ledger" and not tasks.filter_text and len(tasks.shown) > 2
        await pilot.press("escape")  # then returns to the counts
        await settle(pilot)
        assert tasks.mode == "counts"

    drive(app, scenario, size=(120, 40))


def test_enter_on_an_html_ledger_row_shows_the_table_row(ledger_model) -> None:
    app = app_for(ledger_model)

    async def scenario(pilot) -> None:
        app.jump_to("吉林省", "第二轮")
        await settle(pilot)
        await pilot.press("tab", "l")
        await settle(pilot)
        tasks = app.query_one("#tasks")
        assert "agrees" in screen_text(app)
        tasks.move_cursor(row=3)  # head, check, row 1, row 2
        await pilot.press("enter")
        await settle(pilot)
        source = app.query_one("#source")
        row = tasks.shown[1]
        assert source.doc_id == row.doc_id
        assert "推进清洁取暖改造" in ledger_model.text(row.doc_id)[row.start : row.end]

    drive(app, scenario, size=(100, 32))


def test_no_ledger_no_ledger_keys(ledger_model) -> None:
    app = app_for(ledger_model)

    async def scenario(pilot) -> None:
        app.jump_to("湖南省", "第二轮")
        await settle(pilot)
        await pilot.press("tab", "l")
        await settle(pilot)
        tasks = app.query_one("#tasks")
        assert tasks.ledger is None and tasks.mode == "counts"
        assert "台账" not in screen_text(app)

    drive(app, scenario, size=(120, 40))
