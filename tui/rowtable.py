"""A light row-cursor table for the task and metrics panes.

Textual's `DataTable` renders every cell through a Rich console pass, and a tree move
refills both tables: at a million facts that was most of a keystroke's time. These panes
hold tens of rows of short single-line `Text` cells, so this widget keeps only what they
use: columns sized to their widest cell, a header line, a row cursor, keys and clicks, and
the `RowHighlighted` / `RowSelected` messages. Each line is drawn with the Line API from
the cells' own segments (cached per row) and cropped to the visible columns; the key
column (category, task, indicator) stays in view when the table scrolls sideways, as
DataTable's `fixed_columns` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .line_api import BaseStyleOncePerRender, MemoScrollbars, set_virtual_size

GAP = 2  # cells between columns (DataTable's padding of one on each side)


@dataclass(slots=True)
class _Column:
    key: str
    label: Text
    right: bool
    width: int


class RowTable(MemoScrollbars, BaseStyleOncePerRender, ScrollView, can_focus=True):
    """Rows of `Text` cells with a row cursor; the first line is the header."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "scroll_top", "Top", show=False),
        Binding("ctrl+end", "scroll_bottom", "Bottom", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowtable--header", "rowtable--cursor"}

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        overflow-x: auto;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .rowtable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .rowtable--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .rowtable--header { background: ansi_bright_blue; color: ansi_default; }
        & > .rowtable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: RowTable, cursor_row: int, row_key: str | None) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> RowTable:
            return self.table

    class RowSelected(RowHighlighted):
        """Enter or a click on a row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._table_columns: list[_Column] = []
        self._rows: list[tuple[Text, ...]] = []
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self._cursor = 0
        self._lines: dict[int, list[Segment]] = {}  # row -> its segments at full width
        self._filling = 0

    # --- content -----------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def columns(self) -> list[str]:
        return [c.key for c in self._table_columns]

    def clear(self, columns: bool = False) -> None:
        """Remove every row (and the columns too with `columns=True`)."""
        self._rows, self._keys, self._index, self._lines = [], [], {}, {}
        self._cursor = 0
        if columns:
            self._table_columns = []
        else:
            for c in self._table_columns:
                c.width = c.label.cell_len
        self._resized()

    def add_column(self, label: Text, *, key: str) -> None:
        self._table_columns.append(_Column(key, label, label.justify == "right", label.cell_len))
        self._lines = {}
        self._resized()

    def add_row(self, *cells: Text, key: str) -> None:
        if key in self._index:
            raise ValueError(f"duplicate row key {key!r}")
        self._index[key] = len(self._rows)
        self._rows.append(cells)
        self._keys.append(key)
        for col, cell in zip(self._table_columns, cells, strict=False):
            width = cell.cell_len
            if width > col.width:
                col.width = width
                self._lines = {}
        self._resized()

    def get_row_at(self, row: int) -> list[Text]:
        return list(self._rows[row])

    def get_row(self, key: str) -> list[Text]:
        return list(self._rows[self._index[key]])

    def row_key_at(self, row: int) -> str | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    @contextmanager
    def filling(self) -> Iterator[None]:
        """Clear, add columns and add rows with one size update at the end, instead of one
        per call (each updates the scrollbars)."""
        self._filling += 1
        try:
            yield
        finally:
            self._filling -= 1
            self._resized()

    def _resized(self) -> None:
        if self._filling:
            return
        width = sum(c.width for c in self._table_columns) + GAP * len(self._table_columns)
        set_virtual_size(self, Size(width, len(self._rows) + 1))
        self.refresh()

    # --- cursor ------------------------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        """Move the cursor to `row` (clamped) and scroll it into view."""
        if not self._rows:
            return
        row = max(0, min(len(self._rows) - 1, row))
        old, self._cursor = self._cursor, row
        self._scroll_to_cursor()
        self._refresh_row(old)
        self._refresh_row(row)
        if row != old:
            self.post_message(self.RowHighlighted(self, row, self._keys[row]))

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)  # below the header
        top = int(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + height:
            self.scroll_to(y=self._cursor - height + 1, animate=False, immediate=True)

    def _refresh_row(self, row: int) -> None:
        y = row - int(self.scroll_y) + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_page_down(self) -> None:
        self.move_cursor(row=self._cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_cursor(row=self._cursor - max(1, self.scrollable_content_region.height - 1))

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self._cursor, self._keys[self._cursor]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # inside the border; None on it
        if offset is None:
            return
        row = int(self.scroll_y) + offset.y - 1
        if offset.y >= 1 and 0 <= row < len(self._rows):
            self.move_cursor(row=row)
            self.action_select_cursor()

    # --- drawing -----------------------------------------------------------------------

    def _segments(self, cells: tuple[Text, ...] | list[Text]) -> list[Segment]:
        """One line of cells, each padded or cropped to its column, at full width."""
        console = self.app.console
        out: list[Segment] = []
        for col, cell in zip(self._table_columns, cells, strict=False):
            segs = list(cell.render(console, end=""))
            if cell.style:
                # `Text.render` applies the text's own style only to a text with spans: a
                # status word, a single span-less Text, would lose its colour
                own = console.get_style(cell.style, default=Style.null())
                segs = [Segment(s.text, own + s.style if s.style else own) for s in segs]
            used = cell.cell_len
            if used > col.width:
                segs = Segment.adjust_line_length(segs, col.width)
                used = col.width
            pad = Segment(" " * (col.width - used))
            right = col.right or cell.justify == "right"
            out.append(Segment(" "))
            out += [pad, *segs] if right else [*segs, pad]
            out.append(Segment(" "))
        return _merged(out)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.base_style
        scroll_x = int(self.scroll_x)
        if y == 0:
            style = base + self.get_component_rich_style("rowtable--header", partial=True)
            segs = self._segments([c.label for c in self._table_columns])
            return self._strip(segs, style, scroll_x, width)
        row = int(self.scroll_y) + y - 1
        if row >= len(self._rows):
            return Strip.blank(width, base)
        segs = self._lines.get(row)
        if segs is None:
            segs = self._lines[row] = self._segments(self._rows[row])
        style = base
        if row == self._cursor:
            style = base + self.get_component_rich_style("rowtable--cursor", partial=True)
        return self._strip(segs, style, scroll_x, width)

    @property
    def fixed_width(self) -> int:
        """Cells that stay when the table scrolls sideways: its columns up to the first
        left-aligned one, the row's key (a ledger's row number comes before its task);
        none when they would take half the pane or more."""
        fixed = 0
        for col in self._table_columns:
            fixed += col.width + GAP
            if not col.right:
                break
        return fixed if fixed < self.size.width // 2 else 0

    def _strip(self, segs: list[Segment], style: Style, scroll_x: int, width: int) -> Strip:
        # the line's style under each cell's own (a status colour wins over the cursor's)
        styled = [Segment(s.text, style + s.style if s.style else style) for s in segs]
        cells = sum(s.cell_length for s in styled)
        end = scroll_x + width
        if cells < end:  # padded to the pane's width, in the last segment if it can be
            pad = " " * (end - cells)
            if styled and styled[-1].style == style:
                styled[-1] = Segment(styled[-1].text + pad, style)
            else:
                styled.append(Segment(pad, style))
            cells = end
        strip = Strip(styled, cells)
        if scroll_x == 0:
            return strip if cells == width else strip.crop(0, width)
        fixed = self.fixed_width
        if not fixed:
            return strip.crop(scroll_x, end)
        # the key column, then the rest of the line from where the scroll leaves it
        return Strip.join([strip.crop(0, fixed), strip.crop(fixed + scroll_x, end)])

    def notify_style_update(self) -> None:
        # (the cached cell segments carry only the cells' own styles: they stay)
        super().notify_style_update()
        self.refresh()


def _merged(segments: list[Segment]) -> list[Segment]:
    """`segments` with neighbours of the same style joined and empty ones dropped (an
    unstyled segment and one with a null style are the same). A line of a table is
    mostly padding, and every later step of a frame (styles, filters, cuts, output)
    works segment by segment: a task row goes from about forty segments to two to five."""
    out: list[Segment] = []
    text: list[str] = []
    style: Style | None = None
    for seg in segments:
        if not seg.text:
            continue
        s = seg.style or None
        if text and s != style:
            out.append(Segment("".join(text), style))
            text = []
        text.append(seg.text)
        style = s
    if text:
        out.append(Segment("".join(text), style))
    return out
