"""The source pane: a document's text, wrapped to the pane, with the evidence highlighted.

A Line-API widget: the text is split into visual lines once per width (measuring cells,
so a Chinese character takes two; no line starts with a closing mark such as 。 or ends
with an opening one such as 「, and no number is cut), and only visible lines are
rendered, each from a cache keyed by line and highlight generation. Text is drawn from
`rich.text.Text` built from the cleaned string; it is never parsed as markup.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .line_api import BaseStyleOncePerRender, MemoScrollbars, component_styles, set_virtual_size
from .linebreak import line_end

_CELLS: dict[str, int] = {}  # character -> its cell width, as rich measures it


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Visual lines of `text` at `width` cells, as (start, end) offsets (newline excluded).

    A line ends before the character that would overflow it, moved back by the
    line-start and line-end rules of Chinese text (linebreak.line_end: a closing mark
    takes the character before it down with it, and a number stays whole), so no line
    is wider than `width`.
    Rather than measuring character by character in Python (a few milliseconds per
    document), a paragraph's running cell count is built in one pass from a table of
    character widths, and each line's end is found by bisection; lines of printable
    ASCII are cut without measuring. The rules cost a few set lookups per line."""
    width = max(2, width)
    cells = _CELLS
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        n = len(para)
        if not para:
            out.append((pos, pos))
        elif para.isascii() and para.isprintable():
            start = 0
            while start < n:
                end = line_end(para, start, min(start + width, n))
                out.append((pos + start, pos + end))
                start = end
        else:
            try:
                running = list(accumulate(map(cells.__getitem__, para)))
            except KeyError:  # characters not met before
                for ch in set(para).difference(cells):
                    cells[ch] = cell_len(ch)
                running = list(accumulate(map(cells.__getitem__, para)))
            start = used = 0
            while start < n:
                end = bisect_right(running, used + width, lo=start)
                end = max(end, start + 1)  # a character wider than the line: alone on it
                end = line_end(para, start, end)
                out.append((pos + start, pos + end))
                used, start = running[end - 1], end
        pos += n + 1
    return out


_LINE_COMPONENTS = ("source--evidence", "source--match", "source--find")


class SourceView(MemoScrollbars, BaseStyleOncePerRender, ScrollView, can_focus=True):
    """Document text with a highlighted span."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "app.cycle_document", "Next doc", tooltip="Show the next document that mentions the entity"),
        Binding("n", "find_next", "Next match", tooltip="Next match of the last text search"),
        Binding("N", "find_previous", "Prev match", show=False, tooltip="Previous match"),
        Binding("e", "scroll_evidence", "Evidence", tooltip="Scroll back to the highlighted evidence"),
        Binding("j,down", "scroll_down", "Down", show=False, tooltip="Scroll down a line"),
        Binding("k,up", "scroll_up", "Up", show=False, tooltip="Scroll up a line"),
        Binding("space,pagedown", "page_down", "Page down", show=False, tooltip="Scroll down a page"),
        Binding("b,pageup", "page_up", "Page up", show=False, tooltip="Scroll up a page"),
        Binding("home", "scroll_home", "Top", show=False, tooltip="Go to the top of the document"),
        Binding("G,end", "scroll_end", "Bottom", show=False, tooltip="Go to the end of the document"),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = set(_LINE_COMPONENTS)

    DEFAULT_CSS = """
    SourceView {
        overflow-x: hidden;
        overflow-y: auto;
        /* the scrollbar's column is reserved, so the wrap width never changes under it
           (a double-width character at the end of a line would be cut otherwise) */
        scrollbar-gutter: stable;
        background: $surface;
    }
    SourceView > .source--evidence { background: $warning 25%; }
    SourceView > .source--match { text-style: bold reverse; }
    SourceView > .source--find { background: $accent 40%; text-style: underline; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = ""
        self.doc_id: str | None = None
        self._lines: list[tuple[int, int]] = []
        self._wrap_width = -1
        self._cache: LRUCache[tuple[int, int, Style], Strip] = LRUCache(1024)
        self._generation = 0
        self._styles_seen: tuple[Style, ...] | None = None
        self.span: tuple[int, int] | None = None
        self.matches: tuple[tuple[int, int], ...] = ()
        self.find_term = ""
        self._find_hits: list[int] = []
        self._find_index = -1
        self._placed: tuple[int, int] | None = None  # (offset, top line) of scroll_to_offset

    # --- content -----------------------------------------------------------------------

    def set_document(self, doc_id: str | None, text: str) -> None:
        """Show a document (already cleaned of control characters)."""
        if doc_id == self.doc_id and text == self.text:
            return
        self.doc_id = doc_id
        self.text = text
        self.span = None
        self.matches = ()
        self._wrap_width = -1
        self._find_hits = []
        self._find_index = -1
        self._placed = None
        self._rewrap()
        self.scroll_to(0, 0, animate=False)

    def show_span(self, start: int, end: int, matches: tuple[tuple[int, int], ...] = ()) -> None:
        """Highlight [start, end), emphasise each match, scroll it into view."""
        span = (start, end) if end > start else None
        matches = tuple(m for m in matches if m[1] > m[0])
        if (span, matches) != (self.span, self.matches):  # (focus coming back re-shows it)
            self.span, self.matches = span, matches
            self._invalidate()
        self.scroll_to_offset(start)

    def clear_highlight(self) -> None:
        if self.span is not None or self.matches:
            self.span = None
            self.matches = ()
            self._invalidate()

    def line_of(self, offset: int) -> int:
        """Index of the visual line holding character `offset`."""
        lo, hi = 0, len(self._lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._lines[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return max(lo, 0)

    def scroll_to_offset(self, offset: int) -> None:
        if self._wrap_width != self._text_width():
            self._rewrap()
        y = self.line_of(offset)
        height = max(1, self.scrollable_content_region.height)
        top = max(0, y - max(1, height // 3))
        self.scroll_to(y=top, animate=False, immediate=True)
        self._placed = (offset, int(self.scroll_y))

    def visible_text(self) -> str:
        """The lines currently in view, joined (for tests and the end-to-end check)."""
        top = int(self.scroll_y)
        height = self.scrollable_content_region.height
        return "\n".join(self.text[s:e] for s, e in self._lines[top : top + height])

    # --- find --------------------------------------------------------------------------

    def find(self, term: str, from_offset: int = 0) -> bool:
        """Highlight every occurrence of `term` and go to the first at or after `from_offset`."""
        self.find_term = term
        self._find_hits = []
        if term:
            i = self.text.find(term)
            while i != -1:
                self._find_hits.append(i)
                i = self.text.find(term, i + 1)
        self._invalidate()
        if not self._find_hits:
            return False
        idx = next((k for k, h in enumerate(self._find_hits) if h >= from_offset), 0)
        self._goto_hit(idx)
        return True

    def _goto_hit(self, idx: int) -> None:
        self._find_index = idx % len(self._find_hits)
        self.scroll_to_offset(self._find_hits[self._find_index])
        self._invalidate()

    def action_find_next(self) -> None:
        if self._find_hits:
            self._goto_hit(self._find_index + 1)
        else:
            self.notify("No text search yet: press / to find text", severity="warning")

    def action_find_previous(self) -> None:
        if self._find_hits:
            self._goto_hit(self._find_index - 1)

    def action_scroll_evidence(self) -> None:
        if self.span:
            self.scroll_to_offset(self.span[0])

    # --- layout and rendering ------------------------------------------------------------

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width or self.size.width or 80)

    def _rewrap(self) -> None:
        width = self._text_width()
        self._wrap_width = width
        self._lines = wrap_offsets(self.text, width) if self.text else []
        set_virtual_size(self, Size(width, len(self._lines)))
        self._invalidate()

    def _invalidate(self) -> None:
        self._generation += 1
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        placed = self._placed
        if placed is not None and int(self.scroll_y) == placed[1]:
            # still where `scroll_to_offset` put it (the pane may have been filled before
            # its first layout): place the offset again at the new size
            self.scroll_to_offset(placed[0])
            return
        if self._wrap_width != self._text_width():
            anchor = (
                self._lines[int(self.scroll_y)][0]
                if self._lines and int(self.scroll_y) < len(self._lines)
                else 0
            )
            self._rewrap()
            self.scroll_to(y=self.line_of(anchor), animate=False)

    def notify_style_update(self) -> None:
        """Lines are cached with the base style they were drawn in; draw them all again
        only when the highlight colours changed (a theme), not on every focus change."""
        super().notify_style_update()
        styles = component_styles(self, _LINE_COMPONENTS)
        if styles is None or styles != self._styles_seen:
            self._styles_seen = styles
            self._cache.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base = self.base_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        key = (index, self._generation, base)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_visual_line(index, base)
            self._cache[key] = strip
        # (no `apply_offsets`: that mouse metadata serves Textual's text selection, which
        # this pane does not offer, and a new style per segment made each line cost twice)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _render_visual_line(self, index: int, base: Style) -> Strip:
        start, end = self._lines[index]
        line = Text(self.text[start:end], style=base, no_wrap=True, end="")

        def mark(a: int, b: int, style: Style) -> None:
            a, b = max(a, start), min(b, end)
            if a < b:
                line.stylize(style, a - start, b - start)

        if self.span:
            mark(*self.span, self.get_component_rich_style("source--evidence", partial=True))
            for m in self.matches:
                mark(*m, self.get_component_rich_style("source--match", partial=True))
        if self.find_term and self._find_hits:
            style = self.get_component_rich_style("source--find", partial=True)
            n = len(self.find_term)
            for h in self._find_hits:
                if h >= end:
                    break
                if h + n > start:
                    mark(h, h + n, style)
        # (Rich leaves the text's own style off a line without spans: every segment gets
        # one, as line filters such as NO_COLOR's read it)
        segments = [Segment(s.text, s.style or base) for s in line.render(self.app.console)]
        return Strip(segments, line.cell_len)

    def scroll_region_of(self, offset: int) -> Region:
        y = self.line_of(offset)
        return Region(0, y, self._wrap_width, 1)
