"""Status colours as the panes draw them, in full colour and on a terminal of 16 colours;
every signal as a word or a mark under NO_COLOR, never cut off; ASCII borders and guides
with DUCHA_ASCII; the key column of a table scrolled sideways."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import drive, settle
from rich.color import ColorSystem
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.theme import BUILTIN_THEMES

from ducha.tui import fmt
from ducha.tui.app import DuchaApp
from ducha.tui.rowtable import RowTable
from ducha.tui.tables import TaskTable
from ducha.tui.tree import PlaceTree

RED, GREEN, YELLOW, CYAN = (1, 9), (2, 10), (3, 11), (6, 14)  # normal and bright
FAMILIES = {
    "behind": RED,
    "in_progress": YELLOW,
    "done": GREEN,
    "on_schedule": CYAN,
    "phased": CYAN,
}
THEMES = sorted(name for name, theme in BUILTIN_THEMES.items() if not theme.ansi)
BOX_AND_BLOCKS = re.compile("[\u2500-\u259f]")  # box drawing and block elements


def app_for(model, **kw) -> DuchaApp:
    return DuchaApp(model.store.data_dir, model=model, **kw)


async def goto(pilot, entity: str, round_: str | None = None) -> None:
    pilot.app.jump_to(entity, round_)
    await settle(pilot)


def drawn_style(table: RowTable, word: str) -> Style:
    """The style the table draws `word` in, read from its rendered lines."""
    for y in range(1, table.size.height):
        for seg in table.render_line(y):
            if word in seg.text and seg.style is not None:
                return seg.style
    raise AssertionError(f"{word!r} is not drawn")


def standard(style: Style) -> int | None:
    """The colour a 16-colour terminal shows for the style's text."""
    assert style.color is not None, f"no colour in {style}"
    return style.color.downgrade(ColorSystem.STANDARD).number


def tree_line(tree: PlaceTree, node) -> tuple[str, list[tuple[str, Style | None]]]:
    """The text of `node`'s line as far as the pane shows it, and its segments."""
    y = next(i for i in range(tree.last_line + 1) if tree.get_node_at_line(i) is node)
    return tree_line_at(tree, y)


def tree_line_at(tree: PlaceTree, y: int) -> tuple[str, list[tuple[str, Style | None]]]:
    width = tree.scrollable_content_region.width
    strip = tree._line_strip(y, 0, width, tree.rich_style)
    return strip.text, [(seg.text, seg.style) for seg in strip]


def node_of(tree: PlaceTree, entity: str, round_: str = "第二轮"):
    return next(
        n
        for n in tree.iter_nodes()
        if n.data and n.data.entity == entity and n.data.round == round_
        if n.data.kind == "entity"
    )


# --------------------------------------------------------------------------- full colour


def test_status_cells_are_drawn_in_their_colour(tui_model):
    """A span-less `Text` cell keeps its own style (Rich's `Text.render` drops it)."""
    seen: dict[str, Style] = {}

    async def scenario(pilot):
        app = pilot.app
        table = app.query_one(TaskTable)
        await goto(pilot, "湖南省", "第二轮")
        seen["behind"] = drawn_style(table, "BEHIND")
        await goto(pilot, "云南省", "第二轮")
        seen["in_progress"] = drawn_style(table, "in progress")
        seen["variables"] = app.theme_variables  # type: ignore[assignment]

    drive(app_for(tui_model), scenario)
    variables = seen.pop("variables")
    for status, style in seen.items():
        expected = Style.parse(fmt.status_style(variables, status))  # type: ignore[arg-type]
        assert style.color == expected.color, status
    assert seen["behind"].bold and not seen["in_progress"].bold
    assert seen["behind"].color != seen["in_progress"].color


# --------------------------------------------------------------------------- 16 colours


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_gives_four_statuses_four_of_the_16_colours(theme):
    variables = BUILTIN_THEMES[theme].to_color_system().generate()
    numbers = {}
    for status, family in FAMILIES.items():
        style = Style.parse(fmt.status_style(variables, status))
        numbers[status] = standard(style)
        assert numbers[status] in family, (status, fmt.status_style(variables, status))
        assert bool(style.bold) == (status == "behind")
    four = [numbers[s] for s in ("behind", "in_progress", "done", "on_schedule")]
    assert len(set(four)) == 4
    assert fmt.status_style(variables, "stated") == "dim"


def test_theme_colours_move_only_as_far_as_needed():
    variables = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    # already in their family: unchanged
    assert fmt.status_style(variables, "behind") == f"{variables['error']} bold"
    assert fmt.status_style(variables, "done") == variables["success"]
    # orange (nearest to red on 16 colours) becomes a slightly yellower orange
    moved = fmt.status_style(variables, "in_progress")
    assert moved != variables["warning"].upper()
    r, g, b = (int(moved[i : i + 2], 16) for i in (1, 3, 5))
    assert r > 200 and 150 < g < 200 and b < 80


def test_ansi_themes_use_the_terminal_s_own_colours():
    variables = BUILTIN_THEMES["ansi-dark"].to_color_system().generate()
    words = {s: fmt.status_style(variables, s) for s in FAMILIES}
    assert words == {
        "behind": "red bold",
        "in_progress": "yellow",
        "done": "green",
        "on_schedule": "cyan",
        "phased": "cyan",
    }


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_the_app_s_statuses_and_focus_on_16_colours(tui_model, theme):
    """What the panes draw, downgraded as Rich does for TERM=xterm: the task table's
    status words, the tree's bars, and the focused pane's border."""
    seen: dict[str, object] = {}

    async def scenario(pilot):
        app = pilot.app
        table = app.query_one(TaskTable)
        tree = app.query_one(PlaceTree)
        await goto(pilot, "湖南省", "第二轮")
        seen["BEHIND"] = drawn_style(table, "BEHIND")
        await goto(pilot, "云南省", "第二轮")
        seen["in progress"] = drawn_style(table, "in progress")
        for entity, status in (("湖南省", "behind"), ("山西省", "in_progress"),
                               ("洛阳市", "done"), ("广西壮族自治区", "on_schedule")):  # fmt: skip
            _text, segs = tree_line(tree, node_of(tree, entity))
            seen[status] = next(s for t, s in segs if fmt.BAR_FULL in t)
        tree.focus()
        await settle(pilot)
        seen["focus"] = tree.styles.border_top[1].rich_color.downgrade(ColorSystem.STANDARD)

    drive(app_for(tui_model, theme=theme), scenario)
    assert standard(seen["BEHIND"]) in RED and seen["BEHIND"].bold  # type: ignore[union-attr]
    assert standard(seen["in progress"]) in YELLOW  # type: ignore[arg-type]
    bars = {s: standard(seen[s]) for s in ("behind", "in_progress", "done", "on_schedule")}  # type: ignore[arg-type]
    for status, number in bars.items():
        assert number in FAMILIES[status], (status, number)
    assert seen["behind"].bold  # type: ignore[union-attr]
    assert seen["focus"].number not in RED  # type: ignore[union-attr]


# a terminal: TERM=xterm in tmux, the colours read back from its screen


def sgr_runs(line: str) -> list[tuple[str, int | None, bool]]:
    """A captured line (`tmux capture-pane -e`) as (text, foreground SGR, bold) runs."""
    runs: list[tuple[str, int | None, bool]] = []
    fg: int | None = None
    bold = False
    pos = 0
    for m in re.finditer(r"\x1b\[([0-9;]*)m", line):
        if m.start() > pos:
            runs.append((line[pos : m.start()], fg, bold))
        codes = [int(c) for c in m.group(1).split(";") if c] or [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                fg, bold = None, False
            elif c == 1:
                bold = True
            elif c == 22:
                bold = False
            elif 30 <= c <= 37 or 90 <= c <= 97:
                fg = c
            elif c == 39:
                fg = None
            elif c in (38, 48):
                if c == 38:
                    fg = -1  # not one of the 16
                i += 2 if codes[i + 1] == 5 else 4
            i += 1
        pos = m.end()
    runs.append((line[pos:], fg, bold))
    return runs


def run_of(screen: str, line_has: str, text: str) -> tuple[int | None, bool]:
    line = next(ln for ln in screen.splitlines() if line_has in re.sub(r"\x1b\[[0-9;]*m", "", ln))
    return next((fg, bold) for t, fg, bold in sgr_runs(line) if text in t)


@pytest.mark.e2e
def test_a_16_colour_terminal_shows_four_colours_and_no_red_focus(tui_dataset, tmp_path):
    tmux = shutil.which("tmux")
    ducha = Path(sys.executable).with_name("ducha")
    if tmux is None or not ducha.exists():
        pytest.skip("needs tmux and the installed command")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL_", "NO_COLOR", "TMUX"))
    }
    env.update(TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8", DUCHA_CONFIG=str(tmp_path / "none.toml"))  # fmt: skip
    sock = f"ducha-colours-{uuid.uuid4().hex[:8]}"

    def tm(*args: str) -> str:
        done = subprocess.run([tmux, "-L", sock, *args], capture_output=True, text=True, env=env)
        return done.stdout

    command = f"'{ducha}' --data '{tui_dataset}'"
    tm("new-session", "-d", "-x", "120", "-y", "40", "env", "TERM=xterm", "sh", "-c", command)
    try:
        screen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = tm("capture-pane", "-e", "-p")
            if "湖南省" in screen and "洛阳市" in screen and "documents" in screen:
                break
            time.sleep(0.2)
        time.sleep(0.5)
        screen = tm("capture-pane", "-e", "-p")
        behind = run_of(screen, "湖南省", fmt.BAR_FULL)
        in_progress = run_of(screen, "山西省", fmt.BAR_FULL)
        done = run_of(screen, "洛阳市", fmt.BAR_FULL)
        on_schedule = run_of(screen, "广西", fmt.BAR_FULL)
        border = run_of(screen, "reports", "\u2501")  # the tree has focus: ━
    finally:
        tm("kill-server")
    assert behind[0] in (31, 91) and behind[1], screen
    assert in_progress[0] in (33, 93)
    assert done[0] in (32, 92)
    assert on_schedule[0] in (36, 96)
    assert border[0] not in (31, 91)


# --------------------------------------------------------------------------- NO_COLOR


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_no_color_every_signal_is_a_word_or_mark_in_view(tui_model, monkeypatch, size):
    """With NO_COLOR, a status is its word, a bar its glyphs, behind its count; no line of
    the tree cuts one off, at 120 columns and at 80."""
    monkeypatch.setenv("NO_COLOR", "1")
    seen: dict[str, object] = {}

    async def scenario(pilot):
        app = pilot.app
        assert app.no_color
        tree = app.query_one(PlaceTree)
        for node in tree.iter_nodes():
            if node.allow_expand:
                node.expand()
        await settle(pilot)
        cut = []
        checked = 0
        for y in range(tree.last_line + 1):
            node = tree.get_node_at_line(y)
            parts = getattr(node.label, "parts", None)
            if parts is None:
                continue
            shown = tree_line_at(tree, y)[0].rstrip()
            signals = [parts.counts] if parts.counts else []
            if parts.missing:
                signals.append(parts.missing)
            if parts.behind:
                signals.append(
                    f"{parts.behind} behind" if "behind" in shown else f"!{parts.behind}"
                )
            if not all(s in shown for s in signals):
                cut.append(shown)
            if parts.bar and fmt.BAR_FULL in shown:
                assert parts.bar in shown, shown  # the whole bar, or none of it
            checked += 1
        seen["cut"], seen["checked"] = cut, checked
        seen["hunan"] = tree_line(tree, node_of(tree, "湖南省"))[0].rstrip()
        table = app.query_one(TaskTable)
        await goto(pilot, "湖南省", "第二轮")
        seen["rows"] = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]

    drive(app_for(tui_model), scenario, size=size)
    assert seen["checked"] > 40 and seen["cut"] == []
    hunan = seen["hunan"]
    assert "25/53" in hunan and ("2 behind" in hunan or "!2" in hunan)  # type: ignore[operator]
    if size == (120, 40):
        assert "2 behind" in hunan and fmt.BAR_FULL in hunan  # type: ignore[operator]
    problems = next(r for r in seen["rows"] if r[0].split(" (")[0] == "问题")  # type: ignore[union-attr]
    assert "BEHIND" in problems and "2" in problems


def test_tree_labels_keep_their_full_form_where_they_fit(tui_model):
    seen = {}

    async def scenario(pilot):
        tree = pilot.app.query_one(PlaceTree)
        seen["labels"] = {n.label.plain for n in tree.iter_nodes()}
        seen["shanxi"] = tree_line(tree, node_of(tree, "山西省"))[0].rstrip()

    drive(app_for(tui_model), scenario, size=(160, 48))
    assert "湖南省  25/53 ██░░ 2 behind" in seen["labels"]  # the label itself is whole
    assert seen["shanxi"].endswith("山西省  59/82 ███░")


# --------------------------------------------------------------------------- DUCHA_ASCII

_ASCII_RUN = r"""
import asyncio, json, sys
from ducha.tui import fmt
from ducha.tui.app import DuchaApp
from ducha.tui.tree import PlaceTree

async def main():
    app = DuchaApp(sys.argv[1])
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.loaded.is_set():
            await pilot.pause(0.05)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        tree = app.query_one(PlaceTree)
        width = tree.scrollable_content_region.width
        strips = app.screen._compositor.render_strips()
        right = tree.region.right - 1
        print(json.dumps({
            "ascii": fmt.ASCII,
            "app_class": app.has_class("-ascii"),
            "border_row": strips[1].text,
            "tree_right": [s.crop(right, right + 1).text for s in strips[2:tree.region.bottom]],
            "tree": [tree.render_line(y).crop(0, width).text for y in range(tree.size.height)],
            "bar": fmt.bar(1, 2), "spark": fmt.sparkline([26, 25, 27]),
            "ends": fmt.spark_ends([26, 25, 27]), "change": fmt.change(-2.5, "%"),
        }))

asyncio.run(main())
"""


def test_ducha_ascii_draws_borders_guides_bars_in_ascii(tui_dataset, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL_", "NO_COLOR"))}
    env.update(DUCHA_ASCII="1", DUCHA_CONFIG=str(tmp_path / "none.toml"))
    done = subprocess.run(
        [sys.executable, "-c", _ASCII_RUN, str(tui_dataset)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["ascii"] and out["app_class"]
    assert not BOX_AND_BLOCKS.search(out["border_row"]), out["border_row"]
    assert out["border_row"].startswith("-reports -")
    assert set(out["tree_right"]) <= {"|", "+"}, out["tree_right"]
    tree = "\n".join(out["tree"])
    assert not BOX_AND_BLOCKS.search(tree), tree
    assert "| " in tree and "` " in tree  # guides: vertical or branch, and end
    assert out["bar"] == "##--" and out["spark"] == "@#@"
    assert out["ends"] == "26->27" and out["change"] == "-2.5%"


# --------------------------------------------------------------------------- key column


class WideTableApp(App):
    CSS = "RowTable { height: 6; width: 30; }"

    def compose(self) -> ComposeResult:
        yield RowTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.add_column(Text("name"), key="name")
        for i in range(6):
            table.add_column(Text(f"col{i}", justify="right"), key=f"c{i}")
        for r in range(4):
            cells = [Text(f"key{r}")] + [Text(f"{r}{i}{i}{i}", justify="right") for i in range(6)]
            table.add_row(*cells, key=f"r{r}")


def test_a_table_scrolled_sideways_keeps_its_key_column():
    seen: dict[str, list[str]] = {}

    async def scenario(pilot):
        table = pilot.app.query_one(RowTable)
        await pilot.pause()
        seen["start"] = [table.render_line(y).text for y in range(5)]
        table.scroll_to(x=table.max_scroll_x, animate=False, immediate=True)
        await pilot.pause()
        assert table.scroll_x > 0
        seen["end"] = [table.render_line(y).text for y in range(5)]
        seen["screen"] = [
            "".join(seg.text for seg in strip)
            for strip in pilot.app.screen._compositor.render_strips()[:5]
        ]

    drive(WideTableApp(), scenario, size=(40, 10), wait=False)
    assert seen["start"][0].startswith(" name ") and "col5" not in seen["start"][0]
    for y, line in enumerate(seen["end"]):
        assert line.startswith(" name " if y == 0 else f" key{y - 1} "), line
        assert line.rstrip().endswith("col5" if y == 0 else f"{y - 1}555"), line
        assert len(line) == len(seen["start"][y])  # the pane's width
    assert seen["screen"][1].startswith(" key0 ")  # as the screen shows it
