"""Chinese line breaking in the source pane and the help: no line starts with a closing
mark (。，、；：）」』！？…%) nor ends with an opening one (（「『《【“‘), and no number is
cut; a break that would do either takes the character before it down to the next line
("push-out"), so no line is wider than the pane, and the highlight still covers exactly
its span."""

from __future__ import annotations

import asyncio
import time

from conftest import drive, screen_text, settle
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from ducha.tui.app import DuchaApp
from ducha.tui.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    NUMBER,
    Hanging,
    line_end,
    wrap_words,
)
from ducha.tui.source import SourceView, wrap_offsets

ALPHABET = "ab 12,.。，、；：）」』！？…%（「『《【“‘河南省整改\n"


def _plain(text: str, width: int) -> list[tuple[int, int]]:
    """Lines measured character by character, without the rules."""
    width = max(2, width)
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        stop = pos + len(para)
        if not para:
            out.append((pos, pos))
        start, used = pos, 0
        for i in range(pos, stop):
            w = cell_len(text[i])
            if used + w > width and i > start:
                out.append((start, i))
                start, used = i, 0
            used += w
        if start < stop:
            out.append((start, stop))
        pos = stop + 1
    return out


def _rejoin(text: str, lines: list[tuple[int, int]]) -> str:
    """The text again from its lines: a newline where a line ends a paragraph."""
    out, pos = [], 0
    for s, e in lines:
        if s == pos + 1 and text[pos] == "\n":
            out.append("\n")
        elif s != pos:
            raise AssertionError(f"line at {s} after one ending at {pos}")
        out.append(text[s:e])
        pos = e
    return "".join(out)


# --------------------------------------------------------------------------- the rule


def test_a_closing_mark_takes_the_character_before_it_down() -> None:
    s = "一二三四五。六七"
    assert line_end(s, 0, 5) == 4  # not "。六七" on the next line: "五。六七"
    assert wrap_offsets(s, 10) == [(0, 4), (4, 8)]


def test_a_run_of_closing_marks_goes_down_whole() -> None:
    s = "一二三四五。」六"
    assert line_end(s, 0, 5) == 4
    assert line_end(s, 0, 6) == 4
    s = "一二三四五……六"  # an ellipsis is never split
    assert line_end(s, 0, 6) == 4


def test_an_opening_mark_never_ends_a_line() -> None:
    s = "一二三四（五六）"
    assert line_end(s, 0, 5) == 4
    assert wrap_offsets(s, 10) == [(0, 4), (4, 8)]
    s = "一二三「『五六"  # two opening marks: both go down
    assert line_end(s, 0, 5) == 3


def test_half_width_marks_of_normalised_text_too() -> None:
    s = "督察组进驻期间,转办"
    assert line_end(s, 0, 7) == 6  # "间," together
    assert wrap_offsets("abc(def", 4) == [(0, 3), (3, 7)]


def test_a_number_is_not_cut_in_two() -> None:
    s = "办结率95.7%。其中2022年底前"
    assert line_end(s, 0, 5) == 3  # not "办结率95." | "7%": "办结率" | "95.7%。"
    assert line_end(s, 0, 12) == 11  # not "其中2" | "022年"
    assert wrap_offsets("一二三四五六七八2022年", 18) == [(0, 8), (8, 13)]
    assert line_end("2022.", 0, 4) == 4  # a number longer than the line is cut


def test_the_break_stays_when_moving_it_would_empty_the_line() -> None:
    assert line_end("。。。。", 0, 2) == 2
    assert wrap_offsets("河。", 2) == [(0, 1), (1, 2)]  # a line holds one character


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.integers(min_value=0, max_value=16))
def test_wrapping_keeps_every_character_and_the_width(text: str, width: int) -> None:
    lines = wrap_offsets(text, width)
    assert _rejoin(text, lines) == text
    for s, e in lines:
        assert cell_len(text[s:e]) <= max(2, width) or e - s == 1


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.integers(min_value=2, max_value=16))
def test_a_line_breaks_the_rules_only_where_the_plain_break_had_no_other_choice(
    text: str, width: int
) -> None:
    """Each line ends where the plain rule ends it, moved back by as little as the rules
    ask; it breaks a rule only when every earlier end would have left it empty."""
    lines = wrap_offsets(text, width)
    for k, (s, e) in enumerate(lines):
        para_end = text.find("\n", s)
        para_end = len(text) if para_end == -1 else para_end
        if e >= para_end:
            continue  # the paragraph's last line
        plain_end = next(pe for ps, pe in _plain(text[s:para_end], width) if ps == 0) + s
        ok = [b for b in range(s + 1, plain_end + 1)
              if text[b] not in NO_LINE_START and text[b - 1] not in NO_LINE_END
              and not (text[b - 1] in NUMBER and text[b] in NUMBER)]  # fmt: skip
        assert e == (max(ok) if ok else plain_end), (k, text[s:e], text[e : e + 3])


def test_the_bundled_reports_wrap_by_the_rules(tui_model) -> None:
    """In every bundled report at two widths, a line starts with a closing mark only at
    the start of a paragraph, and never ends with an opening one."""
    for text in tui_model.all_texts().values():
        for width in (57, 76):
            for s, e in wrap_offsets(text, width):
                if e > s and s > 0 and text[s - 1] != "\n":
                    assert text[s] not in NO_LINE_START, text[s - 5 : s + 5]
                    assert text[e - 1] not in NO_LINE_END or e == len(text) or text[e] == "\n"


def test_a_long_report_wraps_fast() -> None:
    """A report of 100,000 characters: the rules add two set lookups per line."""
    text = ("经党中央、国务院批准,2019年至2022年,第二轮督察分六批完成督察(区、市)。“整改”"
            "已完成86项、正在推进15项;已办结3948件。\n") * 1500  # fmt: skip
    text = text[:100_000]
    wrap_offsets(text, 77)
    t = time.perf_counter()
    lines = wrap_offsets(text, 77)
    assert time.perf_counter() - t < 0.25
    assert len(lines) > 2000


# --------------------------------------------------------------------------- the source pane


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield SourceView(id="src")


def test_the_highlight_covers_its_span_across_a_moved_break() -> None:
    """The evidence span starts on the character a closing mark took down: the highlighted
    cells are the span's text, in order, and nothing else."""
    text = ("一二三四五六七八九十" * 2 + "甲乙丙丁戊己庚辛。壬癸子丑寅卯辰巳午未") * 3
    span = (28, 40)  # "辛。壬癸…": 辛 goes down with 。
    seen: dict[str, object] = {}

    async def main() -> None:
        app = _Host()
        async with app.run_test(size=(24, 12)) as pilot:
            view = app.query_one(SourceView)
            view.set_document("d", text)
            await pilot.pause()
            view.show_span(*span)
            view.scroll_to(y=0, animate=False)
            await pilot.pause()
            seen["lines"] = [text[s:e] for s, e in view._lines]
            width = view.scrollable_content_region.width
            base = view.base_style
            marked = []
            for y in range(min(view.size.height, len(view._lines))):
                for seg in view.render_line(y).crop(0, width):
                    if seg.style is not None and seg.style.bgcolor != base.bgcolor:
                        marked.append(seg.text)
            seen["marked"] = "".join(marked)

    asyncio.run(main())
    lines = seen["lines"]
    assert any(line.startswith("辛。") for line in lines)  # the break moved
    assert not any(line.startswith("。") for line in lines)
    assert seen["marked"] == text[span[0] : span[1]]


# --------------------------------------------------------------------------- the help


def test_words_break_at_spaces_and_chinese_between_characters() -> None:
    s = "Jump to a place (河南, henan, hn) or find text"
    lines = [s[a:b] for a, b in wrap_words(s, 20)]
    # Chinese may break between any two characters, a word of letters only at a space
    assert lines == ["Jump to a place (河", "南, henan, hn) or", "find text"]
    assert [s[a:b] for a, b in wrap_words(s, 18)] == [
        "Jump to a place",
        "(河南, henan, hn)",
        "or find text",
    ]
    # never "(" alone at a line's end, nor "," at a line's start
    for width in range(4, 30):
        for a, b in wrap_words(s, width):
            assert s[a] not in NO_LINE_START and s[b - 1] not in NO_LINE_END, (width, s[a:b])
            assert cell_len(s[a:b]) <= width or " " not in s[a:b]
    zh = "第二轮督察整改任务已完成。其余正在推进"
    assert [zh[a:b] for a, b in wrap_words(zh, 12)] == [
        "第二轮督察整", "改任务已完", "成。其余正在", "推进",
    ]  # fmt: skip


def test_hanging_indent_under_the_first_word() -> None:
    body = Hanging()
    body.add("Everywhere", lead_style="bold underline")
    body.add(
        "  a             ",
        "Every fact and indicator of the library in one table: filter, sort, open",
    )
    body.add("  o             ", "Show the next document")
    lines = [t.plain for t in body.lines(40)]
    assert lines == [
        "Everywhere",
        "  a             Every fact and indicator",
        "                of the library in one",
        "                table: filter, sort,",
        "                open",
        "  o             Show the next document",
    ]
    assert all(cell_len(line) <= 40 for line in lines)
    assert "Every fact and indicator of the library in one table: filter, sort, open" in str(body)


def test_help_at_80x24_wraps_under_the_description(tui_model) -> None:
    """Drawn at 80x24: a description that wraps goes on in its own column."""
    seen: dict[str, list[str]] = {}

    async def scenario(pilot) -> None:
        await pilot.press("question_mark")
        await settle(pilot)
        seen["screen"] = screen_text(pilot.app).splitlines()

    drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario, size=(80, 24))
    rows = seen["screen"]
    i = next(k for k, row in enumerate(rows) if "Every fact and indicator" in row)
    column = rows[i].index("Every fact")
    follow = rows[i + 1]
    assert follow[:column].strip("│ ") == ""  # nothing under the key
    assert follow[column] != " " and "filter" in follow
