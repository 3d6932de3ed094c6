"""Refilling a pane changes its scrollbars, not the screen's layout; and the base style is
read once per render pass.

A layout lays out and repaints the whole screen: on a million facts it was a third of a
tree move. These tests count layouts with a small app: refilling a table or the source
pane, or expanding a node of the tree, must not cause one while its scrollbars stay as they are, and must cause one when a
scrollbar appears or goes (the room for the content changes), with the thumb and the
scroll range following the new size either way."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen

from ducha.tui.rowtable import RowTable
from ducha.tui.source import SourceView
from ducha.tui.tree import NodeRef, PlaceTree

HEIGHT = 8  # a header line and seven rows


class _Host(App[None]):
    CSS = (
        f"RowTable {{ height: {HEIGHT}; width: 40; }} SourceView {{ height: 6; width: 30; }}"
        " PlaceTree { height: 6; width: 30; }"
    )

    def compose(self) -> ComposeResult:
        yield RowTable(id="table")
        yield SourceView(id="source")
        yield PlaceTree(id="tree")


def _fill(table: RowTable, n: int, label: str = "r") -> None:
    with table.filling():
        table.clear(columns=True)
        table.add_column(Text("name"), key="name")
        for i in range(n):
            table.add_row(Text(f"{label}{i}"), key=f"k{i}")


@contextmanager
def _counting(owner: object, name: str) -> Iterator[list[int]]:
    """Count the calls of `owner.name` (a class's method or one object's) in the block."""
    calls = [0]
    own = name in vars(owner)
    original = getattr(owner, name)

    def counting(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    setattr(owner, name, counting)
    try:
        yield calls
    finally:
        if own or isinstance(owner, type):
            setattr(owner, name, original)
        else:
            delattr(owner, name)  # the class's method again


def _run(scenario) -> dict:
    seen: dict = {}
    layouts: list[int] = [0]
    original = Screen._refresh_layout

    def counting(self, size=None, scroll=False):
        layouts[0] += 1
        return original(self, size, scroll)

    async def main() -> None:
        app = _Host()
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            Screen._refresh_layout = counting  # type: ignore[method-assign]
            try:
                await scenario(pilot, app, layouts, seen)
            finally:
                Screen._refresh_layout = original  # type: ignore[method-assign]

    asyncio.run(main())
    return seen


def test_refilling_a_table_with_its_scrollbar_unchanged_lays_nothing_out() -> None:
    async def scenario(pilot, app, layouts, seen):
        table = app.query_one(RowTable)
        _fill(table, 3)
        await pilot.pause()
        seen["before"] = layouts[0]
        _fill(table, 5, "s")  # still fits: no scrollbar either way
        await pilot.pause()
        seen["after"] = layouts[0]
        seen["lines"] = [table.render_line(y).text.rstrip() for y in range(6)]
        seen["virtual"] = table.virtual_size.height

    seen = _run(scenario)
    assert seen["after"] == seen["before"]
    assert seen["lines"] == [" name", " s0", " s1", " s2", " s3", " s4"]
    assert seen["virtual"] == 6


def test_a_scrollbar_that_appears_or_goes_lays_the_screen_out() -> None:
    async def scenario(pilot, app, layouts, seen):
        table = app.query_one(RowTable)
        _fill(table, 3)
        await pilot.pause()
        n = layouts[0]
        _fill(table, 30)  # more rows than lines: a vertical scrollbar
        await pilot.pause()
        seen["shown"] = (layouts[0] > n, table.show_vertical_scrollbar)
        seen["max_scroll"] = table.max_scroll_y
        seen["thumb"] = table.vertical_scrollbar.window_virtual_size
        table.move_cursor(row=29)
        await pilot.pause()
        seen["scrolled"] = table.scroll_y
        n = layouts[0]
        _fill(table, 2)  # fits again: the scrollbar goes, the scroll is back to the top
        await pilot.pause()
        seen["gone"] = (layouts[0] > n, table.show_vertical_scrollbar, table.scroll_y)

    seen = _run(scenario)
    assert seen["shown"] == (True, True)
    assert seen["max_scroll"] == 31 - HEIGHT
    assert seen["thumb"] == 31
    assert seen["scrolled"] == 31 - HEIGHT
    assert seen["gone"] == (True, False, 0)


def test_a_longer_table_with_a_scrollbar_already_there_lays_nothing_out() -> None:
    async def scenario(pilot, app, layouts, seen):
        table = app.query_one(RowTable)
        _fill(table, 20)
        await pilot.pause()
        n = layouts[0]
        _fill(table, 40)
        await pilot.pause()
        seen["layouts"] = layouts[0] - n
        seen["thumb"] = table.vertical_scrollbar.window_virtual_size
        table.action_scroll_bottom()
        await pilot.pause()
        seen["bottom"] = table.render_line(HEIGHT - 1).text.strip()

    seen = _run(scenario)
    assert seen["layouts"] == 0
    assert seen["thumb"] == 41
    assert seen["bottom"] == "r39"


def test_filling_sets_the_size_once_at_its_end() -> None:
    async def scenario(pilot, app, layouts, seen):
        table = app.query_one(RowTable)
        sizes = []
        original = table._scroll_update
        table._scroll_update = lambda size: (sizes.append(size.height), original(size))[1]
        _fill(table, 12)
        seen["inside"] = list(sizes)
        for i in range(3):  # outside `filling`: one update per row
            table.add_row(Text(f"x{i}"), key=f"x{i}")
        seen["outside"] = sizes[len(seen["inside"]) :]

    seen = _run(scenario)
    assert seen["inside"] == [13]
    assert seen["outside"] == [14, 15, 16]


def test_a_new_document_in_the_source_pane_lays_nothing_out_when_it_still_scrolls() -> None:
    async def scenario(pilot, app, layouts, seen):
        source = app.query_one(SourceView)
        source.set_document("a", "第一份文件。\n" * 40)
        await pilot.pause()
        n = layouts[0]
        source.set_document("b", "第二份。\n" * 60)
        await pilot.pause()
        seen["layouts"] = layouts[0] - n
        seen["lines"] = len(source._lines)
        seen["first"] = source.render_line(0).text.strip()
        seen["max_scroll"] = source.max_scroll_y

    seen = _run(scenario)
    assert seen["layouts"] == 0
    assert seen["lines"] == 61  # sixty lines and the empty one after the last newline
    assert seen["first"] == "第二份。"
    assert seen["max_scroll"] == 61 - 6


def test_source_lines_are_drawn_in_the_pane_colours_with_or_without_a_highlight() -> None:
    async def scenario(pilot, app, layouts, seen):
        source = app.query_one(SourceView)
        source.set_document("a", "第一行没有标记。\n第二行有证据。")
        source.show_span(10, 13)  # on the second line only
        await pilot.pause()
        base = source.rich_style
        for y in (0, 1):
            segs = [seg for seg in source.render_line(y) if seg.text]
            seen[y] = [
                (seg.style is not None, seg.style and seg.style.bgcolor == base.bgcolor)
                for seg in segs
            ]
            seen[f"fg{y}"] = segs[0].style.color == base.color if segs[0].style else None

    seen = _run(scenario)
    assert all(styled for styled, _ in seen[0]) and all(bg for _, bg in seen[0])
    assert seen["fg0"] is True  # (Rich leaves a line without spans unstyled)
    assert all(styled for styled, _ in seen[1])
    assert seen["fg1"] is True  # the text before the evidence


def test_the_tree_expands_and_collapses_without_a_layout_unless_a_scrollbar_comes() -> None:
    async def scenario(pilot, app, layouts, seen):
        tree = app.query_one(PlaceTree)
        small = tree.root.add("small", data=NodeRef("entity", "small"))
        for i in range(2):
            small.add_leaf(f"s{i}", data=NodeRef("entity", f"s{i}"))
        big = tree.root.add("big", data=NodeRef("entity", "big"))
        for i in range(20):
            big.add_leaf(f"b{i}", data=NodeRef("entity", f"b{i}"))
        tree.root.expand()
        await pilot.pause()
        n = layouts[0]
        small.expand()  # five lines in six: still no scrollbar
        await pilot.pause()
        seen["small"] = (layouts[0] - n, tree.virtual_size.height, tree.show_vertical_scrollbar)
        seen["lines"] = [tree.render_line(y).text.rstrip() for y in range(5)]
        n = layouts[0]
        big.expand()  # longer than the pane: its scrollbar takes a column
        await pilot.pause()
        seen["big"] = (layouts[0] > n, tree.show_vertical_scrollbar, tree.max_scroll_y)
        n = layouts[0]
        big.collapse()
        await pilot.pause()
        seen["back"] = (layouts[0] > n, tree.show_vertical_scrollbar, tree.virtual_size.height)

    seen = _run(scenario)
    assert seen["small"] == (0, 5, False)
    assert [line.split()[-1] for line in seen["lines"]] == ["全国", "small", "s0", "s1", "big"]
    assert seen["big"] == (True, True, 25 - 6)
    assert seen["back"] == (True, False, 5)


def test_the_base_style_is_read_once_per_render_and_follows_focus() -> None:
    async def scenario(pilot, app, layouts, seen):
        table = app.query_one(RowTable)
        _fill(table, 5)
        app.query_one(SourceView).focus()
        await pilot.pause()
        reads = [0]
        cls = type(table)
        original = cls.rich_style

        def counted(self):
            reads[0] += 1
            return original.fget(self)

        cls.rich_style = property(counted)  # type: ignore[method-assign,assignment]
        try:
            table.refresh()
            await pilot.pause()
        finally:
            del cls.rich_style  # back to the inherited property
        seen["reads"] = reads[0]
        blurred = next(iter(table.render_lines(table.size.region)[3])).style.bgcolor
        table.focus()
        await pilot.pause()
        focused = next(iter(table.render_lines(table.size.region)[3])).style.bgcolor
        seen["changed"] = blurred != focused
        seen["outside"] = table.base_style == table.rich_style  # read outside a render

    seen = _run(scenario)
    assert 1 <= seen["reads"] <= 2  # the render pass (and Textual's own for the border)
    assert seen["changed"]
    assert seen["outside"]


def _segments(strips) -> list[list[tuple[str, object]]]:
    return [[(seg.text, seg.style) for seg in strip] for strip in strips]


def _bar_lines(bar) -> list[list[tuple[str, object]]]:
    return _segments(bar.render_lines(bar.size.region))


def _drawn_anew(bar) -> list[list[tuple[str, object]]]:
    """What Textual's own scrollbar draws now, bypassing the memo."""
    from textual.scrollbar import ScrollBar

    bar._styles_cache.clear()
    return _segments(ScrollBar.render_lines(bar, bar.size.region))


def test_scrollbars_draw_again_only_when_what_they_show_changed() -> None:
    from textual.scrollbar import ScrollBar

    from ducha.tui.line_api import MemoScrollBar

    async def scenario(pilot, app, layouts, seen):
        table = app.query_one(RowTable)
        _fill(table, 40)
        await pilot.pause()
        bar = table.vertical_scrollbar
        seen["kind"] = type(bar) is MemoScrollBar
        top = _bar_lines(bar)
        with _counting(ScrollBar, "render_lines") as drawn:
            table.refresh()  # the table again, the thumb where it was
            await pilot.pause()
            seen["same"] = (_bar_lines(bar) == top, drawn[0])
            table.move_cursor(row=39)  # the thumb moves to the bottom
            await pilot.pause()
            bottom = _bar_lines(bar)
            seen["moved"] = (bottom != top, bottom == _drawn_anew(bar), drawn[0] > 0)
            bar.mouse_over = True  # the hover colours
            await pilot.pause()
            hover = _bar_lines(bar)
            seen["hover"] = (hover != bottom, hover == _drawn_anew(bar))

    seen = _run(scenario)
    assert seen["kind"]
    assert seen["same"] == (True, 0)
    assert seen["moved"] == (True, True, True)
    assert seen["hover"] == (True, True)


def _every_thumb_position(filters: tuple = ()) -> dict:
    """Bars at every thumb position, for three thumb sizes and two themes (with `filters`
    added to the app's line filters): which differ from Textual's own drawing, and how
    many bars Textual drew besides those drawn to compare."""
    from textual.scrollbar import ScrollBar

    async def scenario(pilot, app, layouts, seen):
        app._filters.extend(filters)
        table = app.query_one(RowTable)
        bar = table.vertical_scrollbar
        mismatches: list[tuple[str, int, int]] = []
        with _counting(ScrollBar, "render_lines") as drawn:
            for theme in ("textual-dark", "textual-light"):
                app.theme = theme
                for n in (9, 23, 57):  # thumbs of several sizes, at every position
                    _fill(table, n)
                    for row in range(n):
                        table.move_cursor(row=row)
                        await pilot.pause()
                        if _bar_lines(bar) != _drawn_anew(bar):
                            mismatches.append((theme, n, row))
                        seen["steps"] = seen.get("steps", 0) + 1
                        seen["textual"] = drawn[0] - seen["steps"]  # (less _drawn_anew's)
        seen["mismatches"] = mismatches

    return _run(scenario)


def test_a_vertical_bar_put_together_from_cells_is_what_textual_draws() -> None:
    seen = _every_thumb_position()
    assert seen["mismatches"] == []
    # Textual draws the first bar in each theme; every later cell, seen before or new
    # (a partial end of the thumb at a new position), is put together or drawn directly
    assert seen["textual"] <= 4 < seen["steps"]


def test_cells_drawn_directly_match_textual_through_the_no_color_filter() -> None:
    from textual.filter import Monochrome

    seen = _every_thumb_position((Monochrome(),))
    assert seen["mismatches"] == []
    assert seen["textual"] <= 4


def test_a_direct_drawing_that_does_not_match_textual_is_never_used(monkeypatch) -> None:
    from rich.style import Style

    from ducha.tui.line_api import MemoScrollBar

    wrong = MemoScrollBar._draw_cell
    monkeypatch.setattr(  # a direct drawing that is off by a bold attribute
        MemoScrollBar,
        "_draw_cell",
        lambda self, cell: wrong(self, cell._replace(style=cell.style + Style(bold=True))),
    )
    seen = _every_thumb_position()
    assert seen["mismatches"] == []  # Textual drew every bar with a cell it had not drawn
    assert seen["textual"] > 10


def test_focus_changes_draw_no_source_line_again_and_a_theme_change_draws_all() -> None:
    async def scenario(pilot, app, layouts, seen):
        source = app.query_one(SourceView)
        table = app.query_one(RowTable)
        _fill(table, 3)
        source.set_document("a", "第一份文件。证据在这里。\n" * 20)
        source.show_span(6, 10)
        await pilot.pause()
        with _counting(source, "_render_visual_line") as drawn:
            before = _segments(source.render_lines(source.size.region))
            source.focus()
            await pilot.pause()
            table.focus()
            await pilot.pause()
            after = _segments(source.render_lines(source.size.region))
            seen["focus"] = (drawn[0], after == before)
            app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
            await pilot.pause()
            themed = _segments(source.render_lines(source.size.region))
            seen["theme"] = (drawn[0] >= source.size.height, themed != before)

    seen = _run(scenario)
    assert seen["focus"] == (0, True)
    assert seen["theme"] == (True, True)


def test_moving_focus_repaints_the_two_widgets_not_the_whole_screen() -> None:
    from ducha.tui.line_api import QuietFocusScreen

    class Quiet(_Host):
        def get_default_screen(self) -> Screen:
            return QuietFocusScreen(id="_default")

    def screen_repaints(app_class) -> tuple[int, bool]:
        seen: dict = {}

        async def main() -> None:
            app = app_class()
            async with app.run_test(size=(60, 20)) as pilot:
                table, source = app.query_one(RowTable), app.query_one(SourceView)
                _fill(table, 3)
                table.focus()
                await pilot.pause()
                with _counting(app.screen, "refresh") as calls:
                    source.focus()
                    await pilot.pause()
                seen["calls"] = calls[0]
                seen["focused"] = app.focused is source and not table.has_focus

        asyncio.run(main())
        return seen["calls"], seen["focused"]

    assert screen_repaints(Quiet) == (0, True)
    assert screen_repaints(_Host)[0] > 0  # what Textual's own screen does
