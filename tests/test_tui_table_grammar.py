"""One grammar for the tables: ←/→ move the column cursor, [ and ] sort by it ascending
and descending, / opens the one filter line, and Esc clears the filter before it closes."""

from __future__ import annotations

from conftest import drive, settle


def test_the_overview_sorts_on_the_cursors_column_and_esc_clears(tui_model) -> None:
    from textual.widgets import DataTable

    from ducha.tui.app import DuchaApp
    from ducha.tui.screens import OverviewScreen

    async def scenario(pilot) -> None:
        await pilot.press("v")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.column_key == "entity"
        await pilot.press("right", "right", "right")  # entity → round → batch → total
        assert screen.column_key == "total"
        await pilot.press("right_square_bracket")
        totals = [r.total for r in screen.shown if r.total is not None]
        assert (screen.sort_key, screen.descending) == ("total", True)
        assert totals == sorted(totals, reverse=True)
        await pilot.press("left_square_bracket")
        totals = [r.total for r in screen.shown if r.total is not None]
        assert totals == sorted(totals) and not screen.descending
        n = len(screen.shown)
        await pilot.press("slash", *"湖南")
        await settle(pilot)
        assert [r.entity for r in screen.shown] == ["湖南省"]
        await pilot.press("enter")  # back to the rows, the filter kept
        assert screen.query_one(DataTable).has_focus and len(screen.shown) == 1
        await pilot.press("escape")  # clears the filter, the screen stays
        assert pilot.app.screen is screen and len(screen.shown) == n
        await pilot.press("escape")  # closes
        assert pilot.app.screen is not screen

    drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario)


def test_all_facts_sort_on_the_cursors_column_and_esc_clears(tui_model) -> None:
    from ducha.tui.allfacts import AllFactsScreen, FactsGrid
    from ducha.tui.app import DuchaApp

    async def scenario(pilot) -> None:
        await pilot.press("a")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AllFactsScreen)
        for _ in range(100):
            if screen.view is not None:
                break
            await pilot.pause(0.05)
        grid = screen.query_one(FactsGrid)
        await pilot.press(*["right"] * 4)  # entity, round, kind, field → value
        assert grid.column_key == "value"
        assert "reverse" in str(grid.header().spans)
        await pilot.press("right_square_bracket")
        values = [r["value"] for r in screen.view.rows(0, len(screen.view))]
        values = [v for v in values if v is not None]  # empty cells last, either way
        assert values == sorted(values, reverse=True)
        await pilot.press("left_square_bracket")
        values = [r["value"] for r in screen.view.rows(0, len(screen.view))]
        values = [v for v in values if v is not None]
        assert values == sorted(values)
        n = len(screen.view)
        await pilot.press("slash", *"yunnan")
        await settle(pilot)
        assert 0 < len(screen.view) < n
        await pilot.press("escape")  # in the filter line: clears it
        await settle(pilot)
        assert len(screen.view) == n and pilot.app.screen is screen
        await pilot.press("slash", *"yunnan", "enter")
        await settle(pilot)
        await pilot.press("escape")  # on the rows, a filter set: clears it
        await settle(pilot)
        assert len(screen.view) == n and pilot.app.screen is screen
        await pilot.press("escape")
        assert pilot.app.screen is not screen

    drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario)


def test_an_empty_task_pane_says_what_is_missing(tui_model) -> None:
    from ducha.tui.app import DuchaApp
    from ducha.tui.tables import TaskTable

    async def scenario(pilot) -> None:
        pilot.app.jump_to("北京市", "第二轮")  # a plan without counts
        await settle(pilot)
        table = pilot.app.query_one(TaskTable)
        assert table.get_row_at(0)[0].plain == ("its reports state no counts: see the source")
        pilot.app.jump_to("福建省", "第二轮")  # a batch member without a report
        await settle(pilot)
        assert table.get_row_at(0)[0].plain == "no report yet for 福建省"

    drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario)


def test_the_overview_filter_reads_pinyin_english_traditional_and_chinese_status(
    tui_model,
) -> None:
    from ducha.tui.app import DuchaApp
    from ducha.tui.screens import OverviewScreen

    async def scenario(pilot) -> None:
        await pilot.press("v")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, OverviewScreen)
        for query in ("hunan", "Hunan", "湖南", "未达序时进度", "behind"):
            assert [r.entity for r in screen.all_rows if screen._matches(r, query)] == ["湖南省"], (
                query
            )
        assert [r.entity for r in screen.all_rows if screen._matches(r, "雲南")] == ["云南省"]
        assert {r.entity for r in screen.all_rows if screen._matches(r, "问题 第二轮")} >= {
            "湖南省",
            "云南省",
        }

    drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario)
