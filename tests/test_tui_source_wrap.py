"""The source pane wraps Chinese text without losing a character at any line end, also
once the scrollbar appears (a double-width character in the last cell was cut before),
and by the line-start and line-end rules of Chinese punctuation."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from ducha.tui.linebreak import NO_LINE_END, NO_LINE_START, NUMBER
from ducha.tui.source import SourceView, wrap_offsets

PARAGRAPH = (
    "经党中央、国务院批准,2019年至2022年,第二轮中央生态环境保护督察分六批完成对31个省(区、市)"
    "和新疆生产建设兵团、2个国务院部门和6家中央企业的督察。"
) * 12


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield SourceView(id="src")


def test_every_character_is_drawn_in_order() -> None:
    asyncio.run(_draw_all())


async def _draw_all() -> None:
    app = _Host()
    async with app.run_test(size=(57, 12)) as pilot:
        view = app.query_one(SourceView)
        view.set_document("d", PARAGRAPH)
        await pilot.pause()
        lines: dict[int, str] = {}
        for top in range(0, len(view._lines), view.size.height):
            view.scroll_to(y=top, animate=False)
            await pilot.pause()
            first = int(view.scroll_offset.y)  # clamped at the bottom
            for y in range(view.size.height):
                if first + y < len(view._lines):
                    text = "".join(
                        seg.text
                        for seg in view.render_line(y).crop(0, view.scrollable_content_region.width)
                    )
                    lines[first + y] = text.rstrip()
        assert view.scrollbar_size_vertical > 0  # the scrollbar is there
        assert "".join(lines[i] for i in sorted(lines)) == PARAGRAPH


# --------------------------------------------------------------------------- line breaks


def _wrap_by_character(text: str, width: int) -> list[tuple[int, int]]:
    """The rule, measured character by character: end a line before the character that
    would overflow it (a character wider than the line goes alone on one), then move the
    end back while the next line would start with a closing mark, this one end with an
    opening mark or a number be cut, unless that leaves the line empty
    (tests/test_tui_linebreak.py)."""
    width = max(2, width)
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        stop = pos + len(para)
        if not para:
            out.append((pos, pos))
        start = pos
        while start < stop:
            used, i = 0, start
            while i < stop and (used + cell_len(text[i]) <= width or i == start):
                used += cell_len(text[i])
                i += 1
            end = i
            while (
                end < stop
                and end > start
                and (
                    text[end] in NO_LINE_START
                    or text[end - 1] in NO_LINE_END
                    or (text[end - 1] in NUMBER and text[end] in NUMBER)
                )
            ):
                end -= 1
            end = end if end > start else i
            out.append((start, end))
            start = end
        pos = stop + 1
    return out


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="ab 1,。河南省整改\n\u200b\u200d\ufe0f\u0301é😀\t\x00", max_size=60),
    st.integers(min_value=0, max_value=14),
)
def test_line_breaks_match_measuring_each_character(text: str, width: int) -> None:
    assert wrap_offsets(text, width) == _wrap_by_character(text, width)


def test_ascii_lines_are_cut_at_the_width_and_empty_paragraphs_kept() -> None:
    assert wrap_offsets("abcdefg\n\nxy", 3) == [(0, 3), (3, 6), (6, 7), (8, 8), (9, 11)]
    assert wrap_offsets("第二轮督察", 4) == [(0, 2), (2, 4), (4, 5)]
    assert wrap_offsets("", 10) == [(0, 0)]
