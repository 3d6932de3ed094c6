"""The source pane wraps Chinese text without losing a character at any line end, also
once the scrollbar appears (a double-width character in the last cell was cut before)."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from ducha.tui.source import SourceView

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
