"""`E` saves the table on screen as CSV beside the dataset: the overview, the counts, the
ledger and all facts, each cell as the screen writes it, in the screen's order and under its
filter; a cell a spreadsheet would run as a formula is defused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import drive, settle

from ducha.tui.saving import EXPORTS, defused, read_back, save_table


@pytest.fixture
def dataset(tui_dataset: Path, tmp_path: Path) -> Path:
    """A copy: the exports are written beside it."""
    return Path(shutil.copytree(tui_dataset, tmp_path / "ds"))


def _saved(dataset: Path) -> list[list[str]]:
    files = sorted((dataset / EXPORTS).glob("*.csv"), key=lambda p: p.stat().st_mtime_ns)
    assert files, "nothing saved"
    return read_back(files[-1])


def _matches_screen(saved: list[list[str]], headers: list[str], shown: list[list[str]]) -> None:
    """Every column on screen is in the file under its header, cell for cell."""
    head, body = saved[0], saved[1:]
    assert len(body) == len(shown)
    for j, header in enumerate(headers):
        k = head.index(header.rstrip(" ^v+-").strip())
        assert [r[k] for r in body] == [r[j] for r in shown], header


def test_formulas_are_defused_and_signed_numbers_kept() -> None:
    assert defused("=1+2") == "'=1+2"
    assert defused("@SUM(A1)") == "'@SUM(A1)"
    assert defused("-7.2%") == "-7.2%" and defused("+3") == "+3"
    assert defused("- 立行立改") == "'- 立行立改"
    assert defused("河南省") == "河南省"


def test_save_table_names_the_file_after_the_table_and_time(tmp_path: Path) -> None:
    a = save_table(tmp_path, "河南省-第二轮-counts", ["a"], [["1"]])
    b = save_table(tmp_path, "河南省-第二轮-counts", ["a"], [["2"]])
    assert a.parent == tmp_path / EXPORTS and a.name.startswith("河南省-第二轮-counts-")
    assert a != b and read_back(b) == [["a"], ["2"]]
    assert a.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read the Chinese


def test_the_overview_is_saved_as_shown(dataset: Path) -> None:
    from textual.widgets import DataTable

    from ducha.tui.app import DuchaApp

    async def scenario(pilot) -> None:
        await pilot.press("v")
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        headers = [str(c.label.plain) for c in table.columns.values()]
        shown = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        await pilot.press("E")
        await settle(pilot)
        saved = _saved(dataset)
        assert "done/total" not in headers  # 120 columns: done and total apart
        _matches_screen(saved, headers, shown)
        assert saved[1][saved[0].index("status")] == "BEHIND"  # behind first, as on screen

    drive(DuchaApp(dataset), scenario, size=(120, 40))


def test_the_counts_and_the_ledger_are_saved_as_shown(tmp_path: Path) -> None:
    from ledger_fixtures import build_ledger_dataset

    from ducha.tui.app import DuchaApp

    dataset = build_ledger_dataset(tmp_path / "ledger")
    from ducha.tui.tables import TaskTable

    async def scenario(pilot) -> None:
        pilot.app.jump_to("山西省", "第二轮")
        await settle(pilot)
        table = pilot.app.query_one(TaskTable)
        table.focus()
        await settle(pilot)

        def screen() -> tuple[list[str], list[list[str]]]:
            headers = [c.label.plain for c in table._table_columns]
            return headers, [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]

        headers, shown = screen()
        await pilot.press("E")
        await settle(pilot)
        _matches_screen(_saved(dataset), headers, shown)

        await pilot.press("l")  # the ledger: its rows under the head and check rows
        await settle(pilot)
        headers, shown = screen()
        await pilot.press("E")
        await settle(pilot)
        saved = _saved(dataset)
        rows = [r for r in shown[2:] if r[headers.index("due")] or r[headers.index("status")]]
        body = saved[1:]
        assert len(body) == len(rows)
        k = saved[0].index("due")
        assert [r[k] for r in body] == [r[headers.index("due")] for r in rows]
        t = saved[0].index("task")
        assert all(not r[t].endswith(("~", "…")) for r in body)  # whole titles

    drive(DuchaApp(dataset), scenario, size=(160, 48))


def test_all_facts_are_saved_in_the_views_order(dataset: Path) -> None:
    from ducha.tui.allfacts import AllFactsScreen, cell_text
    from ducha.tui.app import DuchaApp

    async def scenario(pilot) -> None:
        await pilot.press("a")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AllFactsScreen)
        for _ in range(50):
            if screen.view is not None:
                break
            await pilot.pause(0.05)
        await pilot.press("E")
        await settle(pilot)
        for _ in range(50):
            if (dataset / EXPORTS).exists() and list((dataset / EXPORTS).glob("*.csv")):
                break
            await pilot.pause(0.05)
        saved = _saved(dataset)
        view = screen.view
        assert len(saved) - 1 == len(view)
        first = view.rows(0, 5)
        v = saved[0].index("value")
        assert [r[v] for r in saved[1:6]] == [cell_text("value", r["value"]) for r in first]

    drive(DuchaApp(dataset), scenario, size=(120, 40))
