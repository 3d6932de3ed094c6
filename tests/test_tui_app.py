"""Pilot tests of the app: each pane and each key."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import drive, screen_text, settle

from ducha.tui import fmt
from ducha.tui.app import DuchaApp
from ducha.tui.screens import HelpScreen, OverviewScreen, SearchScreen
from ducha.tui.source import SourceView
from ducha.tui.tables import MetricsTable, TaskTable
from ducha.tui.tree import PlaceTree

SHANXI_SENTENCE = "82项整改任务已完成整改59项"


def app_for(model, **kw) -> DuchaApp:
    return DuchaApp(model.store.data_dir, model=model, **kw)


def rows_text(table) -> list[list[str]]:
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


async def goto(pilot, entity: str, round_: str | None = None) -> None:
    app = pilot.app
    app.jump_to(entity, round_)
    await settle(pilot)


# --------------------------------------------------------------------------- start-up


def test_loading_in_background_then_panes_filled(tui_dataset):
    app = DuchaApp(tui_dataset)
    seen = {}

    async def scenario(pilot):
        seen["title"] = str(pilot.app.query_one("#title").render())
        tree = pilot.app.query_one(PlaceTree)
        seen["labels"] = [n.label.plain for n in tree.iter_nodes()]

    drive(app, scenario)
    assert "5 documents" in seen["title"] and "21 sections" in seen["title"]
    assert "latest counts as of 2023-01-31" in seen["title"]  # the latest stated date
    assert any(label.startswith("山西省  59/82") for label in seen["labels"])


def test_missing_dataset_is_built_with_progress(tmp_path):
    app = DuchaApp(tmp_path / "new")
    stages = []
    original = app._show_progress

    def spy(stage, i, n, name):
        stages.append((stage, i, n))
        original(stage, i, n, name)

    app._show_progress = spy

    async def scenario(pilot):
        assert pilot.app.error is None
        assert len(pilot.app.model.documents) == 5

    drive(app, scenario)
    assert ("building", 5, 5) in stages
    assert (tmp_path / "new" / "facts.parquet").exists()


def test_corrupt_dataset_is_rebuilt(tui_dataset, tmp_path):
    ddir = tmp_path / "ds"
    shutil.copytree(tui_dataset, ddir)
    (ddir / "facts.parquet").write_bytes(b"not parquet")

    async def scenario(pilot):
        assert pilot.app.error is None
        assert pilot.app.model.summary("山西省", "第二轮").total == 82

    drive(DuchaApp(ddir), scenario)


def test_unreadable_dataset_gives_a_clear_message(tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")

    async def scenario(pilot):
        assert pilot.app.error
        text = screen_text(pilot.app)
        assert "could not be opened" in text and "press q to quit" in text
        await pilot.press("q")

    drive(DuchaApp(blocker), scenario)


# --------------------------------------------------------------------------- tree


def test_tree_rounds_batches_and_missing_provinces(tui_model):
    async def scenario(pilot):
        tree = pilot.app.query_one(PlaceTree)
        labels = {n.label.plain for n in tree.iter_nodes()}
        assert "全国  1275/2164 ██░░" in labels
        assert "山西省  59/82 ███░" in labels
        assert "湖南省  25/53 ██░░ 2 behind" in labels
        assert "洛阳市  32/32 ████" in labels
        assert "北京市  no report" in labels  # a province of a batch with no document
        # 山西省 appears under both of its rounds
        rounds = {
            n.data.round
            for n in tree.iter_nodes()
            if n.data and n.data.entity == "山西省" and n.data.kind == "entity"
        }
        assert rounds == {"第二轮", "第一轮回头看"}

    drive(app_for(tui_model), scenario)


def test_g_toggles_grouping_by_place(tui_model):
    async def scenario(pilot):
        tree = pilot.app.query_one(PlaceTree)
        await pilot.press("g")
        assert tree.grouping == "place"
        top = [n.label.plain for n in tree.root.children]
        assert any(t.startswith("山西省") for t in top)
        shanxi = next(n for n in tree.root.children if n.label.plain.startswith("山西省"))
        assert [c.label.plain.split()[0] for c in shanxi.children] == ["第二轮", "第一轮回头看"]
        await pilot.press("g")
        assert tree.grouping == "round"

    drive(app_for(tui_model), scenario)


def test_tree_vim_keys_and_selection_updates_task_table(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        assert app.focused is tree
        await pilot.press("j")  # 第三轮
        assert tree.cursor_line == 1
        await pilot.press("k")
        assert tree.cursor_line == 0
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line
        await pilot.press("home")
        assert tree.cursor_line == 0
        tree.select_ref("山西省", "第二轮")
        await settle(pilot)
        assert app.entity == "山西省" and app.round == "第二轮"
        await pilot.press("h")  # to the parent (the batch)
        await settle(pilot)
        assert tree.cursor_node.data.kind == "batch"
        await pilot.press("h")  # collapse it
        assert not tree.cursor_node.is_expanded
        await pilot.press("l")  # expand it
        assert tree.cursor_node.is_expanded

    drive(app_for(tui_model), scenario)


# --------------------------------------------------------------------------- overview


def test_enter_on_root_opens_overview_sorted_behind_first(tui_model):
    async def scenario(pilot):
        await pilot.press("enter")
        screen = pilot.app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.shown[0].entity == "湖南省"  # the only one with items behind
        await pilot.press("c")  # completion, lowest first
        comp = [r.completion for r in screen.shown if r.completion is not None]
        assert comp == sorted(comp)
        await pilot.press("c")  # again: flipped
        comp = [r.completion for r in screen.shown if r.completion is not None]
        assert comp == sorted(comp, reverse=True)
        await pilot.press("1")  # by entity
        assert screen.sort_key == "entity"
        await pilot.press("s")  # next column
        assert screen.sort_key == "round"
        await pilot.press("r")
        await pilot.press("b")
        assert screen.shown[0].entity == "湖南省"
        await pilot.press("f", *"云南", "enter")
        assert [r.entity for r in screen.shown] == ["云南省"]
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, OverviewScreen)
        assert pilot.app.entity == "云南省"

    drive(app_for(tui_model), scenario)


def test_batch_overview_lists_every_province_of_the_batch(tui_model):
    async def scenario(pilot):
        tree = pilot.app.query_one(PlaceTree)
        batch = next(n for n in tree.iter_nodes() if n.data and n.data.batch_id == "R1-LB2")
        tree.move_cursor(batch)
        await pilot.press("v")
        screen = pilot.app.screen
        assert isinstance(screen, OverviewScreen)
        entities = {r.entity for r in screen.shown}
        assert len(entities) == 10 and "山西省" in entities
        assert sum(r.status == "missing" for r in screen.shown) == 9
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, OverviewScreen)

    drive(app_for(tui_model), scenario)


# --------------------------------------------------------------------------- task table


def test_task_table_shows_latest_counts_with_status_words(tui_model):
    async def scenario(pilot):
        await goto(pilot, "山西省", "第二轮")
        rows = rows_text(pilot.app.query_one(TaskTable))
        tasks = next(r for r in rows if r[0].startswith("整改任务"))
        assert tasks[1:4] == ["82", "59", "23"]
        assert "in progress" in tasks
        assert "+1" in tasks[0]  # an earlier report states the count too
        await goto(pilot, "湖南省", "第二轮")
        rows = rows_text(pilot.app.query_one(TaskTable))
        problems = next(r for r in rows if r[0] == "问题 (problems)")
        assert problems[:7] == ["问题", "53", "25", "", "26", "2", ""] or "BEHIND" in problems
        assert "BEHIND" in problems
        assert any(r[0] == "期限 2022-12-31" for r in rows)

    drive(app_for(tui_model), scenario, size=(160, 48))


def test_selecting_a_row_shows_its_sentence(tui_model):
    async def scenario(pilot):
        app = pilot.app
        await goto(pilot, "山西省", "第二轮")
        await pilot.press("tab")  # to the task table: its first row's evidence
        await settle(pilot)
        assert isinstance(app.focused, TaskTable)
        source = app.query_one(SourceView)
        assert source.span is not None
        assert SHANXI_SENTENCE in source.text[source.span[0] : source.span[1]]
        assert SHANXI_SENTENCE in source.visible_text().replace("\n", "")
        assert {source.text[a:b] for a, b in source.matches} >= {"82项", "59项"}
        await pilot.press("j")  # 信访件
        await settle(pilot)
        assert "3123" in source.text[source.span[0] : source.span[1]]
        await pilot.press("k", "enter")
        await settle(pilot)
        assert SHANXI_SENTENCE in source.text[source.span[0] : source.span[1]]

    drive(app_for(tui_model), scenario)


def test_timeline_of_the_same_count_across_reports(tui_model):
    async def scenario(pilot):
        app = pilot.app
        await goto(pilot, "山西省", "第二轮")
        table = app.query_one(TaskTable)
        table.focus()
        await settle(pilot)
        before = table.row_count
        await pilot.press("t")  # another round's statement, under its round's heading
        assert table.row_count == before + 2
        rows = rows_text(table)
        assert rows[1][0].strip() == "第一轮回头看" and rows[1][1] == ""
        assert rows[2][0].strip() == "≤2019-12-30" and rows[2][1] == "38"
        await pilot.press("j", "j")
        await settle(pilot)
        source = app.query_one(SourceView)
        assert "38项整改任务" in source.text[source.span[0] : source.span[1]]
        await pilot.press("k", "k", "t")
        assert table.row_count == before

    drive(app_for(tui_model), scenario)


def test_deadline_buckets_are_rows(tui_model):
    async def scenario(pilot):
        await goto(pilot, "山西省", "第一轮回头看")
        rows = rows_text(pilot.app.query_one(TaskTable))
        buckets = [r for r in rows if r[0].startswith("期限")]
        assert [r[0] for r in buckets] == ["期限 立行立改", "期限 2019-12-31", "期限 2020-12-31"]
        assert [r[1] for r in buckets] == ["11", "17", "10"]

    drive(app_for(tui_model), scenario)


# --------------------------------------------------------------------------- metrics


def test_metrics_pane_sparkline_latest_and_change(tui_model):
    async def scenario(pilot):
        app = pilot.app
        await goto(pilot, "山西省", "第二轮")
        table = app.query_one(MetricsTable)
        rows = rows_text(table)
        pm = next(r for r in rows if r[0] == "PM2.5浓度")
        assert pm[1].startswith(fmt.POINT)  # one year: a point, not a line
        assert pm[2] == "38 微克/立方米"
        assert pm[-1] == f"{fmt.DOWN}2.6%"
        table.focus()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        source = app.query_one(SourceView)
        assert "PM2.5浓度为38微克/立方米" in source.text[source.span[0] : source.span[1]]
        await goto(pilot, "嘉兴市")
        rows = rows_text(app.query_one(MetricsTable))
        assert all("target" in r[0] for r in rows)

    drive(app_for(tui_model), scenario, size=(160, 48))


def test_sparkline_over_several_years():
    assert fmt.sparkline([1.0, 2.0, 3.0]) == fmt.SPARK[0] + fmt.SPARK[4] + fmt.SPARK[7]
    assert fmt.sparkline([5.0]) == fmt.POINT
    assert fmt.sparkline([None, float("nan")]) == ""


# --------------------------------------------------------------------------- source


def test_o_cycles_documents_and_keys_scroll(tui_model):
    async def scenario(pilot):
        app = pilot.app
        await goto(pilot, "山西省", "第二轮")
        source = app.query_one(SourceView)
        first = source.doc_id
        await pilot.press("o")
        await settle(pilot)
        assert source.doc_id != first
        await pilot.press("o")
        await settle(pilot)
        assert source.doc_id == first
        source.focus()
        await pilot.press("home")
        assert source.scroll_y == 0
        await pilot.press("j")
        assert source.scroll_y == 1
        await pilot.press("k")
        await pilot.press("space")
        assert source.scroll_y > 1
        await pilot.press("G")
        assert source.scroll_y == source.max_scroll_y
        await pilot.press("e")  # back to the section start (no span): stays put
        await pilot.press("h")  # not bound in the source: nothing breaks

    drive(app_for(tui_model), scenario)


# --------------------------------------------------------------------------- search


def test_slash_jumps_by_chinese_short_pinyin_initials(tui_model):
    async def scenario(pilot):
        app = pilot.app
        for query, expected in (
            ("河南省", "河南省"),
            ("湖南", "湖南省"),
            ("henan", "河南省"),
            ("hn", "河南省"),
        ):
            await pilot.press("slash")
            assert isinstance(app.screen, SearchScreen)
            await pilot.press(*query)
            await pilot.press("enter")
            await settle(pilot)
            assert app.entity == expected, query
            assert app.query_one(PlaceTree).cursor_node.data.entity == expected
        await pilot.press("slash", *"hn", "down", "enter")
        await settle(pilot)
        assert app.entity == "湖南省"
        await pilot.press("slash", "escape")
        assert not isinstance(app.screen, SearchScreen)

    drive(app_for(tui_model), scenario)


def test_slash_finds_text_and_n_moves_between_matches(tui_model):
    async def scenario(pilot):
        app = pilot.app
        await pilot.press("slash", *"办结率")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        option_ids = [screen.query_one("#search-results").get_option_at_index(i).id
                      for i in range(screen.query_one("#search-results").option_count)]  # fmt: skip
        text_hits = [o for o in option_ids if o.startswith("t\t")]
        assert len(text_hits) >= 3
        index = option_ids.index(text_hits[0])
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        source = app.query_one(SourceView)
        assert app.focused is source
        assert source.find_term == "办结率" and len(source._find_hits) >= 1
        first = source._find_index
        await pilot.press("n")
        if len(source._find_hits) > 1:
            assert source._find_index == (first + 1) % len(source._find_hits)
        await pilot.press("N")
        assert source._find_index == first

    drive(app_for(tui_model), scenario)


# --------------------------------------------------------------------------- keys


def test_tab_and_shift_tab_cycle_panes(tui_model):
    async def scenario(pilot):
        app = pilot.app
        order = []
        for _ in range(4):
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["tree", "tasks", "metrics", "source"]
        assert app.focused.id == "tree"
        await pilot.press("shift+tab")
        assert app.focused.id == "source"
        await pilot.press("shift+tab", "h")  # h in a table: back to the tree
        assert app.focused.id == "tree"

    drive(app_for(tui_model), scenario)


def test_help_lists_every_key(tui_model):
    async def scenario(pilot):
        app = pilot.app
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one("#help-text").render())
        for cls in (
            DuchaApp,
            PlaceTree,
            TaskTable,
            MetricsTable,
            SourceView,
            OverviewScreen,
            SearchScreen,
        ):
            for b in cls.BINDINGS:
                if b.id and b.id.startswith("sortcol-"):
                    continue
                assert (b.tooltip or b.description) in body, (cls.__name__, b.key)
        assert "1..9" in body
        await pilot.press("j", "k", "question_mark")
        assert not isinstance(app.screen, HelpScreen)

    drive(app_for(tui_model), scenario, size=(100, 40))


def test_footer_shows_keys_of_the_focused_pane(tui_model):
    async def scenario(pilot):
        app = pilot.app
        assert "Group" in screen_text(app) and "Timeline" not in screen_text(app)
        await pilot.press("tab")
        await settle(pilot)
        assert "Timeline" in screen_text(app)
        await pilot.press("tab", "tab")
        await settle(pilot)
        assert "Next doc" in screen_text(app)

    drive(app_for(tui_model), scenario)


def test_command_palette_runs_app_actions(tui_model):
    async def scenario(pilot):
        app = pilot.app
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for t in (
            "Overview",
            "Find: place or text",
            "Group tree by place / round",
            "Next document",
            "Help: keys",
        ):
            assert t in titles
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press(*"Overview")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)

    drive(app_for(tui_model), scenario)


def test_theme_toggle_and_q_quits(tui_model):
    async def scenario(pilot):
        app = pilot.app
        dark = app.current_theme.dark
        await pilot.press("T")
        await settle(pilot)
        assert app.current_theme.dark != dark
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code in (0, None)

    drive(app_for(tui_model, theme="light"), scenario)


def test_q_exits(tui_model):
    exited = {}

    async def scenario(pilot):
        await pilot.press("q")
        await pilot.pause()
        exited["running"] = pilot.app._running

    app = app_for(tui_model)
    drive(app, scenario)
    assert exited["running"] is False or app.return_code in (0, None)


def test_mouse_click_selects_tree_node_and_row(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        node = next(
            n
            for n in tree.iter_nodes()
            if n.data and n.data.entity == "江西省" and n.data.kind == "entity"
        )
        await pilot.click(PlaceTree, offset=(4, node.line - int(tree.scroll_y) + 1))
        await settle(pilot)
        assert app.entity == "江西省"
        table = app.query_one(TaskTable)
        await pilot.click(TaskTable, offset=(3, 3))  # second data row (under the border and header)
        await settle(pilot)
        assert app.focused is table and table.cursor_row == 1

    drive(app_for(tui_model), scenario)


# --------------------------------------------------------------------------- sizes, colours


def test_80x24_keeps_counts_visible(tui_model):
    async def scenario(pilot):
        app = pilot.app
        assert app.screen.has_class("-narrow") and app.screen.has_class("-short")
        await goto(pilot, "山西省", "第二轮")
        text = screen_text(app)
        assert "山西省" in text and "59/82" in text and "in progress" in text
        table = app.query_one(TaskTable)
        assert table.level == 0

    drive(app_for(tui_model), scenario, size=(80, 24))


def test_no_color_keeps_status_words(tui_model, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async def scenario(pilot):
        await goto(pilot, "湖南省", "第二轮")
        assert "BEHIND" in screen_text(pilot.app)

    for theme in ("textual-dark", "textual-light", "ansi-dark"):
        drive(app_for(tui_model, theme=theme), scenario)


def test_bench_script_exists():
    assert (Path(__file__).parent.parent / "bench" / "startup.py").exists()


# --------------------------------------------------------------------------- cheap paths


def test_tree_label_width_agrees_with_rendering(tui_model):
    """The tree measures labels without rendering them; it must agree with Textual's own
    measure (render the label, count its cells) on every node, expanded or not."""
    from textual.widgets import Tree

    seen = {}

    async def scenario(pilot):
        tree = pilot.app.query_one(PlaceTree)
        nodes = tree.iter_nodes()
        for node in nodes[:5]:
            node.collapse()
        seen["n"] = len(nodes)
        seen["bad"] = [
            (n.label.plain, tree.get_label_width(n), Tree.get_label_width(tree, n))
            for n in nodes
            if tree.get_label_width(n) != Tree.get_label_width(tree, n)
        ]

    drive(app_for(tui_model), scenario)
    assert seen["n"] > 50 and seen["bad"] == []


def test_key_bar_follows_focus_and_clicks_press_keys(tui_model):
    from ducha.tui.keybar import KeyBar

    seen = {}

    async def scenario(pilot):
        app = pilot.app
        bar = app.query_one(KeyBar)
        seen["tree"] = bar.keys_shown()
        await pilot.press("tab")
        await settle(pilot)
        seen["tasks"] = bar.keys_shown()
        seen["text"] = screen_text(app).splitlines()[-1]
        x = next(s for s, _e, k in bar._places if k == "question_mark")
        await pilot.click(KeyBar, offset=(x + 1, 0))
        await settle(pilot)
        seen["screen"] = type(app.screen).__name__

    drive(app_for(tui_model), scenario)
    assert seen["tree"][:3] == ["enter", "g", "v"] and seen["tree"][-1] == "ctrl+p"
    assert "t" in seen["tasks"] and "g" not in seen["tasks"]
    assert "Timeline" in seen["text"] and "^p Commands" in seen["text"]
    assert seen["screen"] == "HelpScreen"
