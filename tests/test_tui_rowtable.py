"""The light row table of the task and metrics panes, in a one-widget app: drawing
(column widths, alignment, header line), the cursor keys, clicks and its messages."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pytest
from conftest import drive
from rich.text import Text
from textual.app import App, ComposeResult

from ducha.tui.rowtable import RowTable

HEIGHT = 8  # the header and seven rows
SIZE = (60, 20)


class TableApp(App):
    CSS = f"RowTable {{ height: {HEIGHT}; width: 40; }}"

    def __init__(self, fill: Callable[[RowTable], None]) -> None:
        super().__init__()
        self.fill = fill
        self.messages: list[tuple[str, str | None, int]] = []

    def compose(self) -> ComposeResult:
        yield RowTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        self.fill(table)
        table.focus()

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.messages.append(("highlighted", event.row_key, event.cursor_row))

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.messages.append(("selected", event.row_key, event.cursor_row))


def run(fill: Callable[[RowTable], None], scenario) -> TableApp:
    app = TableApp(fill)

    async def main(pilot) -> None:
        await pilot.pause()
        await scenario(pilot, pilot.app.query_one(RowTable))

    drive(app, main, size=SIZE, wait=False)
    return app


def lines(table: RowTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def rows(n: int) -> Callable[[RowTable], None]:
    def fill(table: RowTable) -> None:
        table.add_column(Text("name"), key="name")
        table.add_column(Text("n", justify="right"), key="n")
        for i in range(n):
            table.add_row(Text(f"r{i}"), Text(str(i)), key=f"k{i}")

    return fill


# --------------------------------------------------------------------------- drawing


def test_columns_take_the_widest_cell_and_the_header_is_line_zero():
    def fill(table):
        table.add_column(Text("id"), key="id")
        table.add_column(Text("what"), key="what")
        table.add_row(Text("a"), Text("x"), key="a")
        table.add_row(Text("longest"), Text("y"), key="b")

    seen = {}

    async def scenario(pilot, table):
        seen["lines"] = lines(table)
        seen["width"] = table.size.width
        seen["columns"] = table.columns
        seen["virtual"] = table.virtual_size

    run(fill, scenario)
    header, first, second, *rest = seen["lines"]
    # "id" widened to the 7 cells of "longest"; a gap of two between columns
    assert header == " id       what ".ljust(seen["width"])
    assert first == " a        x    ".ljust(seen["width"])
    assert second == " longest  y    ".ljust(seen["width"])
    assert all(not line.strip() for line in rest)
    assert len(rest) == HEIGHT - 3
    assert seen["columns"] == ["id", "what"]
    assert (seen["virtual"].width, seen["virtual"].height) == (7 + 4 + 2 * 2, 3)


def test_a_wide_character_counts_two_cells():
    def fill(table):
        table.add_column(Text("e"), key="e")
        table.add_column(Text("v"), key="v")
        table.add_row(Text("ab"), Text("1"), key="ascii")
        table.add_row(Text("山西省"), Text("2"), key="cjk")

    seen = {}

    async def scenario(pilot, table):
        seen["lines"] = [line.rstrip() for line in lines(table)[:3]]

    run(fill, scenario)
    # the column is six cells wide (three characters of two cells each)
    assert seen["lines"] == [" e       v", " ab      1", " 山西省  2"]


def test_a_right_justified_header_aligns_its_column_right():
    def fill(table):
        table.add_column(Text("name"), key="name")
        table.add_column(Text("count", justify="right"), key="count")
        table.add_row(Text("a"), Text("7"), key="a")
        table.add_row(Text("b"), Text("1234"), key="b")
        table.add_row(Text("c"), Text("123456"), key="c")

    seen = {}

    async def scenario(pilot, table):
        seen["lines"] = [line.rstrip() for line in lines(table)[:4]]

    run(fill, scenario)
    assert seen["lines"] == [
        " name   count",
        " a          7",
        " b       1234",
        " c     123456",
    ]


def test_a_line_is_one_segment_per_run_of_a_style():
    def fill(table):
        for key in ("a", "b", "c", "d"):
            table.add_column(Text(key), key=key)
        table.add_row(Text("cursor"), Text(""), Text(""), Text(""), key="c")
        # plain cells and padding share the line's style; a coloured word keeps its own
        plain, empty = Text("plain"), Text("")
        red = Text.assemble("x ", ("red", "red"), " y")
        table.add_row(plain, empty, red, Text("42", justify="right"), key="r")

    seen = {}

    async def scenario(pilot, table):
        strip = table.render_line(2)
        seen["text"] = strip.text
        seen["segments"] = [(seg.text, seg.style) for seg in strip]
        seen["width"] = table.size.width

    run(fill, scenario)
    segments = seen["segments"]
    assert seen["text"] == " plain      x red y  42 ".ljust(seen["width"])
    assert "".join(text for text, _ in segments) == seen["text"]
    assert all(text for text, _ in segments)  # no empty segment
    # neighbours always differ in style: the padding merged into the plain text around it
    assert all(a[1] != b[1] for a, b in pairwise(segments))
    assert [text for text, style in segments if style.color.name == "red"] == ["red"]
    assert len(segments) == 3  # before the red word, the red word, after it to the edge


def test_markup_in_a_cell_is_drawn_literally():
    def fill(table):
        table.add_column(Text("cell"), key="cell")
        table.add_row(Text("cursor"), key="c")  # the cursor row is drawn bold
        table.add_row(Text("[bold]x[/]"), key="m")
        table.add_row(Text("[@click=app.quit]q[/]"), key="q")

    seen = {}

    async def scenario(pilot, table):
        seen["lines"] = [line.rstrip() for line in lines(table)[2:4]]
        segs = [seg for y in (2, 3) for seg in table.render_line(y) if seg.text.strip()]
        seen["bold"] = [bool(seg.style and seg.style.bold) for seg in segs]
        seen["meta"] = [seg.style.meta for seg in segs if seg.style]

    run(fill, scenario)
    assert seen["lines"] == [" [bold]x[/]", " [@click=app.quit]q[/]"]
    assert not any(seen["bold"])
    assert not any("@click" in meta for meta in seen["meta"])


def test_an_empty_table_draws_blank_lines_and_selects_nothing():
    seen = {}

    def fill(table):
        table.add_column(Text("name"), key="name")

    async def scenario(pilot, table):
        seen["lines"] = lines(table)
        await pilot.press("enter", "down", "up", "pagedown", "ctrl+end")
        await pilot.click(RowTable, offset=(2, 2))
        await pilot.pause()
        seen["cursor"] = table.cursor_row

    app = run(fill, scenario)
    assert seen["lines"][0].strip() == "name"
    assert len(seen["lines"]) == HEIGHT
    assert all(not line.strip() for line in seen["lines"][1:])
    assert seen["cursor"] == 0
    assert app.messages == []


def test_a_table_without_columns_is_blank():
    seen = {}

    async def scenario(pilot, table):
        seen["lines"] = lines(table)
        await pilot.press("enter")
        await pilot.pause()

    app = run(lambda table: None, scenario)
    assert seen["lines"] and all(not line.strip() for line in seen["lines"])
    assert app.messages == []


# --------------------------------------------------------------------------- content


def test_clear_keeps_columns_unless_asked():
    seen = {}

    def fill(table):
        table.add_column(Text("a"), key="a")
        table.add_column(Text("b"), key="b")
        table.add_row(Text("wide cell"), Text("1"), key="x")
        table.add_row(Text("y"), Text("2"), key="y")

    async def scenario(pilot, table):
        table.move_cursor(row=1)
        table.clear()
        await pilot.pause()
        seen["after"] = (table.row_count, table.columns, table.cursor_row)
        seen["lines"] = [line.rstrip() for line in lines(table)[:2]]
        # the widths follow the rows again: back to the headers'
        table.add_row(Text("z"), Text("3"), key="x")  # the old key is free again
        await pilot.pause()
        seen["refilled"] = [line.rstrip() for line in lines(table)[:2]]
        table.clear(columns=True)
        await pilot.pause()
        seen["cleared"] = (table.row_count, table.columns)
        seen["blank"] = all(not line.strip() for line in lines(table))

    run(fill, scenario)
    assert seen["after"] == (0, ["a", "b"], 0)
    assert seen["lines"] == [" a  b", ""]
    assert seen["refilled"] == [" a  b", " z  3"]
    assert seen["cleared"] == (0, [])
    assert seen["blank"]


def test_a_duplicate_row_key_is_refused():
    seen = {}

    async def scenario(pilot, table):
        with pytest.raises(ValueError, match="k1"):
            table.add_row(Text("again"), Text("9"), key="k1")
        seen["count"] = table.row_count
        seen["row"] = [c.plain for c in table.get_row("k1")]

    run(rows(3), scenario)
    assert seen["count"] == 3
    assert seen["row"] == ["r1", "1"]


def test_rows_by_index_and_key():
    seen = {}

    async def scenario(pilot, table):
        seen["at"] = [c.plain for c in table.get_row_at(2)]
        seen["key"] = [c.plain for c in table.get_row("k2")]
        seen["keys"] = [table.row_key_at(i) for i in (-1, 0, 2, 3)]

    run(rows(3), scenario)
    assert seen["at"] == seen["key"] == ["r2", "2"]
    assert seen["keys"] == [None, "k0", "k2", None]


# --------------------------------------------------------------------------- keys


def test_down_and_up_move_the_cursor_and_say_so():
    seen = {}

    async def scenario(pilot, table):
        await pilot.press("up")  # already on the first row: nothing moves, nothing posted
        await pilot.pause()
        seen["start"] = (table.cursor_row, list(pilot.app.messages))
        await pilot.press("down", "down", "up")
        await pilot.pause()
        seen["cursor"] = table.cursor_row
        seen["lines"] = lines(table)

    app = run(rows(5), scenario)
    assert seen["start"] == (0, [])
    assert app.messages == [
        ("highlighted", "k1", 1),
        ("highlighted", "k2", 2),
        ("highlighted", "k1", 1),
    ]
    assert seen["cursor"] == 1
    assert seen["lines"][2].startswith(" r1 ")


def test_down_on_the_last_row_posts_nothing():
    async def scenario(pilot, table):
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()

    app = run(rows(3), scenario)
    assert app.messages == [("highlighted", "k1", 1), ("highlighted", "k2", 2)]


def test_enter_selects_the_cursor_row():
    async def scenario(pilot, table):
        await pilot.press("enter", "down", "enter")
        await pilot.pause()

    app = run(rows(3), scenario)
    assert app.messages == [
        ("selected", "k0", 0),
        ("highlighted", "k1", 1),
        ("selected", "k1", 1),
    ]


def test_pagedown_reaches_the_last_row_and_scrolls_it_into_view():
    seen = {}

    async def scenario(pilot, table):
        for _ in range(4):
            await pilot.press("pagedown")
            await pilot.pause()
            seen.setdefault("cursors", []).append(table.cursor_row)
        seen["scroll"] = int(table.scroll_y)
        seen["lines"] = lines(table)

    app = run(rows(20), scenario)
    page = HEIGHT - 1
    assert seen["cursors"] == [page, 2 * page, 19, 19]
    assert [m[1] for m in app.messages] == [f"k{page}", f"k{2 * page}", "k19"]
    # the last row sits on the last line, under a header that stays on line 0
    assert seen["scroll"] == 20 + 1 - HEIGHT
    assert seen["lines"][0].startswith(" name")
    assert seen["lines"][-1].startswith(" r19 ")
    assert seen["lines"][1].startswith(f" r{20 + 1 - HEIGHT} ")


def test_ctrl_end_and_ctrl_home_and_pageup():
    seen = {}

    async def scenario(pilot, table):
        await pilot.press("ctrl+end")
        await pilot.pause()
        seen["end"] = (table.cursor_row, int(table.scroll_y), lines(table)[-1])
        await pilot.press("pageup")
        await pilot.pause()
        seen["pageup"] = table.cursor_row
        await pilot.press("ctrl+home")
        await pilot.pause()
        seen["home"] = (table.cursor_row, int(table.scroll_y), lines(table)[1])

    app = run(rows(20), scenario)
    assert seen["end"][:2] == (19, 20 + 1 - HEIGHT)
    assert seen["end"][2].startswith(" r19 ")
    assert seen["pageup"] == 19 - (HEIGHT - 1)
    assert seen["home"][:2] == (0, 0)
    assert seen["home"][2].startswith(" r0 ")
    assert app.messages == [
        ("highlighted", "k19", 19),
        ("highlighted", f"k{19 - (HEIGHT - 1)}", 19 - (HEIGHT - 1)),
        ("highlighted", "k0", 0),
    ]


def test_move_cursor_clamps_and_scrolls():
    seen = {}

    async def scenario(pilot, table):
        table.move_cursor(row=100)
        await pilot.pause()
        seen["end"] = (table.cursor_row, int(table.scroll_y))
        table.move_cursor(row=-5)
        await pilot.pause()
        seen["start"] = (table.cursor_row, int(table.scroll_y))

    app = run(rows(20), scenario)
    assert seen["end"] == (19, 20 + 1 - HEIGHT)
    assert seen["start"] == (0, 0)
    assert [m[1] for m in app.messages] == ["k19", "k0"]


# --------------------------------------------------------------------------- clicks


def test_a_click_on_a_row_moves_the_cursor_and_selects_it():
    seen = {}

    async def scenario(pilot, table):
        await pilot.click(RowTable, offset=(3, 3))  # line 3: the third row
        await pilot.pause()
        seen["cursor"] = table.cursor_row

    app = run(rows(5), scenario)
    assert seen["cursor"] == 2
    assert app.messages == [("highlighted", "k2", 2), ("selected", "k2", 2)]


def test_a_click_counts_from_the_scrolled_row():
    seen = {}

    async def scenario(pilot, table):
        await pilot.press("ctrl+end")
        await pilot.pause()
        top = int(table.scroll_y)
        pilot.app.messages.clear()
        await pilot.click(RowTable, offset=(3, 2))
        await pilot.pause()
        seen["cursor"], seen["top"] = table.cursor_row, top

    app = run(rows(20), scenario)
    assert seen["top"] == 20 + 1 - HEIGHT
    row = seen["top"] + 1
    assert seen["cursor"] == row
    assert app.messages == [("highlighted", f"k{row}", row), ("selected", f"k{row}", row)]


def test_a_click_on_the_cursor_row_selects_without_a_highlight():
    async def scenario(pilot, table):
        await pilot.click(RowTable, offset=(3, 1))
        await pilot.pause()

    app = run(rows(3), scenario)
    assert app.messages == [("selected", "k0", 0)]


def test_a_click_on_the_header_or_below_the_rows_selects_nothing():
    seen = {}

    async def scenario(pilot, table):
        await pilot.press("down")
        await pilot.pause()
        pilot.app.messages.clear()
        await pilot.click(RowTable, offset=(3, 0))  # the header
        await pilot.click(RowTable, offset=(3, 5))  # below the three rows
        await pilot.pause()
        seen["cursor"] = table.cursor_row

    app = run(rows(3), scenario)
    assert seen["cursor"] == 1
    assert app.messages == []


def test_a_click_on_the_header_of_a_scrolled_table_selects_nothing():
    seen = {}

    async def scenario(pilot, table):
        await pilot.press("ctrl+end")
        await pilot.pause()
        pilot.app.messages.clear()
        seen["top"] = int(table.scroll_y)
        await pilot.click(RowTable, offset=(3, 0))
        await pilot.pause()
        seen["cursor"], seen["scroll"] = table.cursor_row, int(table.scroll_y)

    app = run(rows(20), scenario)
    assert seen["top"] > 0  # a row sits above the first line shown
    assert (seen["cursor"], seen["scroll"]) == (19, seen["top"])
    assert app.messages == []
