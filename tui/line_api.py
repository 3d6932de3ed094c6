"""Keeping our Line API panes cheap to refill and redraw.

- Textual's `virtual_size` is a layout reactive: each change lays out the screen again and
  repaints every pane the layout touches, and a tree move refills three panes. Our panes
  have sizes fixed by CSS, so new content changes only their scrollbars.
  `set_virtual_size` updates those in place; Textual still lays out when a scrollbar
  appears or goes, because that changes the room left for the content. Textual's Tree
  sets its own virtual size on each expand and collapse: `QuietVirtualSize` routes that
  through `set_virtual_size` too.
- `Widget.rich_style` walks the widget's ancestors and blends their backgrounds each time
  it is read. `BaseStyleOncePerRender` reads it once per render pass, not once per line.
- Textual draws again every widget that overlaps the bounding box of a frame's changes, and
  a scrollbar is drawn line by line through Rich: about a millisecond each, and a tree move
  or a Tab drew six to nine of them. `MemoScrollbars` gives a pane scrollbars that keep
  their last drawing while what they show (size, thumb, colours) is unchanged.
- Textual's `Screen.focused` repaints the whole screen when it changes, so every Tab drew
  every pane again. `QuietFocusScreen` leaves that to the two panes whose focus changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.screen import Screen, ScreenResultType
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

from .textual_private import scroll_update, scrollbar, styles_cache_key

if TYPE_CHECKING:
    _Mixin = Widget
else:
    _Mixin = object  # not a Widget: Textual takes CSS and bindings from the first base


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Give `widget` the scrollable size `size`, with a screen layout only if needed."""
    if size == widget.virtual_size:
        return
    if widget.styles.auto_dimensions or not widget.container_size:
        # its own size depends on it, or it was never laid out (the descriptor itself:
        # `QuietVirtualSize` routes the attribute here)
        Widget.virtual_size.__set__(widget, size)
        return
    widget.set_reactive(Widget.virtual_size, size)
    scroll_update(widget, size)  # scrollbars: shown or hidden (a layout), thumb, position
    widget.refresh()


def component_styles(widget: Widget, names: tuple[str, ...]) -> tuple[Style, ...] | None:
    """The partial Rich styles of the components `names` (None before they exist): what a
    cached line drawn with them depends on, to compare on a style update. Focus changes
    restyle a pane, and most such updates leave these alone."""
    try:
        return tuple(widget.get_component_rich_style(name, partial=True) for name in names)
    except KeyError:
        return None


class QuietVirtualSize(_Mixin):
    """For a Textual widget that sets its own `virtual_size` (Tree does, on each expand
    and collapse): the setting goes through `set_virtual_size`. Put it before the
    widget's Textual base class."""

    @property
    def virtual_size(self) -> Size:
        return Widget.virtual_size.__get__(self, type(self))

    @virtual_size.setter
    def virtual_size(self, size: Size) -> None:
        set_virtual_size(self, size)


class BaseStyleOncePerRender(_Mixin):
    """`base_style` is the widget's `rich_style`, read once at the start of each render.
    Put it before the widget's Textual base class."""

    _base_style: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        return self.with_base_style(super().render_lines, crop)

    def with_base_style(self, render: Callable[[Region], list[Strip]], crop: Region) -> list[Strip]:
        """`render(crop)` with `base_style` read once for all its lines."""
        self._base_style = self.rich_style
        try:
            return render(crop)
        finally:
            self._base_style = None

    @property
    def base_style(self) -> Style:
        return self._base_style if self._base_style is not None else self.rich_style


@dataclass(slots=True)
class _SeenCells:
    """The finished line of each cell a bar has shown, for one look of the bar; and
    whether drawing a cell directly was checked to match Textual's drawing of it."""

    looks: Hashable
    lines: dict[Segment, Strip] = field(default_factory=dict)
    checked: bool = False


class MemoScrollBar(ScrollBar):
    """A scrollbar that returns its last lines while nothing they show has changed, and
    draws a vertical bar from lines it drew before.

    A vertical bar is a column of a few kinds of cell (track above and below the thumb,
    thumb, the thumb's partial ends), one per line, and Textual draws each line from its
    cell alone. Each cell's finished line is kept the first time Textual draws it; a bar
    whose cells were all seen before (a new thumb size or position, in the same colours)
    is put together from those lines instead of through Rich and the styles pass.

    A cell not seen before (a partial end at a new thumb position, common in a tall bar)
    would mean drawing the whole bar through Textual again. Its finished line is the
    bar's own style under the cell's, through the app's line filters: once Textual's
    drawing of a bar in these colours has been checked to be exactly that, cell by cell,
    new cells are drawn that way."""

    _memo: tuple[Hashable, list[Strip]] | None = None
    _cells: _SeenCells | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        bar = self.render()  # what the bar shows, not yet drawn: sizes, thumb and style
        app = self.app
        looks = (  # what a cell's finished line depends on besides the cell
            self.size.width,
            styles_cache_key(self.styles),
            self.background_colors,
            self.rich_style,
            id(app.ansi_theme),
            app.native_ansi_color,
            tuple(self.get_line_filters()),
        )
        key = (crop, self.size, looks, type(bar), tuple(vars(bar).items()))
        if self._memo is not None and self._memo[0] == key:
            return self._memo[1]
        cells = self._bar_cells(bar)
        if self._cells is None or self._cells.looks != looks:
            self._cells = _SeenCells(looks)
        known = self._cells
        seen = known.lines
        lines = crop.line_range
        if crop.column_span != (0, self.size.width) or not 0 <= lines.start <= lines.stop:
            cells = None  # part of a line: Textual draws it
        elif cells is not None and lines.stop > len(cells):
            cells = None
        if cells is not None and known.checked:
            for y in lines:
                if cells[y] not in seen:
                    seen[cells[y]] = self._draw_cell(cells[y])
        if cells is not None and all(cells[y] in seen for y in lines):
            strips = [seen[cells[y]] for y in lines]
        else:
            strips = super().render_lines(crop)
            if cells is not None and len(lines) == len(strips):
                drawn = {cells[y]: strip for y, strip in zip(lines, strips, strict=True)}
                seen.update(drawn)
                known.checked = len(drawn) > 1 and all(
                    self._draw_cell(cell) == strip for cell, strip in drawn.items()
                )
        self._memo = (key, strips)
        return strips

    def _draw_cell(self, cell: Segment) -> Strip:
        """The finished line of `cell`, drawn directly: the bar's style under the cell's,
        through the line filters (as Textual's styles pass applies them)."""
        strip = Strip([Segment(cell.text, self.rich_style + cell.style)])
        _, background = self.background_colors
        for line_filter in self.get_line_filters():
            strip = strip.apply_filter(line_filter, background)
        return strip

    def _bar_cells(self, bar: object) -> list[Segment] | None:
        """The cell of each line of a plain vertical bar, as `ScrollBarRender` renders it
        at this widget's size; None for any other bar."""
        if type(bar) is not ScrollBarRender or not bar.vertical:
            return None
        style = bar.style
        if not isinstance(style, Style):
            return None
        width, height = self.size
        kw = {} if style.bgcolor is None else {"back_color": style.bgcolor}
        if style.color is not None:
            kw["bar_color"] = style.color
        segments = ScrollBarRender.render_bar(
            size=height,
            virtual_size=bar.virtual_size,
            window_size=bar.window_size,
            position=bar.position,
            thickness=width,
            vertical=True,
            **kw,
        )
        cells = list(segments.segments)
        return cells if len(cells) == height else None


class MemoScrollbars(_Mixin):
    """Scrollbars that are `MemoScrollBar`s. Put it before the widget's Textual base class.
    (Textual creates its `ScrollBar` in these two properties; `textual_private.scrollbar` is
    their code with the class changed.)"""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return scrollbar(self, vertical=True, bar_class=MemoScrollBar)

    @property
    def horizontal_scrollbar(self) -> ScrollBar:
        return scrollbar(self, vertical=False, bar_class=MemoScrollBar)


class QuietFocusScreen(Screen[ScreenResultType]):
    """A screen that does not repaint itself whole when focus moves: the widget that
    loses focus and the one that gains it repaint themselves (Textual refreshes both on
    blur and focus, and restyles them for `:focus` rules)."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
