"""Document text is shown as text: never markup, and no control character reaches the
terminal, in every pane."""

from __future__ import annotations

from conftest import HOSTILE, drive, raw_segments, screen_text, settle
from hypothesis import given
from hypothesis import strategies as st

from ducha.tui.app import DuchaApp
from ducha.tui.model import Model
from ducha.tui.safe import clean, clean_line, text
from ducha.tui.screens import OverviewScreen, SearchScreen

LITERALS = ("[red]bold[/red]", "[/]", "[@click=app.quit]x[/]", "]0;owned")
CONTROL = ("\x1b", "\x07", "\x9b", "\x00")


@given(st.text())
def test_clean_keeps_offsets_and_removes_controls(s):
    out = clean(s)
    assert len(out) == len(s)
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in out)


def test_clean_makes_escapes_visible():
    assert clean("a\x1b[2Jb\x07") == "a\u241b[2Jb\u2407"
    assert clean_line("x\ny") == "x y"
    assert text("[red]bold[/red]").plain == "[red]bold[/red]"


def assert_safe(app) -> None:
    raw = raw_segments(app)
    for ch in CONTROL:
        assert ch not in raw, repr(ch)


def test_every_pane_shows_hostile_strings_literally(tui_hostile_dataset):
    model = Model.load(tui_hostile_dataset)

    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one("#tree")
        hostile = next(n for n in tree.iter_nodes() if n.data and n.data.entity == HOSTILE)
        assert "[red]bold[/red] [/] [@click=app.quit]x[/]" in hostile.label.plain
        tree.move_to(hostile)
        await settle(pilot)
        tasks = app.query_one("#tasks")
        tasks.focus()
        await settle(pilot)
        text_now = screen_text(app)
        for lit in LITERALS:
            assert lit in text_now, (
                lit
            )  # tree label, task table title, deadline row, metrics, source
        assert "\u241b]0;owned\u2407\u241b[2J" in text_now
        # the metrics pane: the hostile indicator name and unit
        metrics = app.query_one("#metrics")
        cells = [c.plain for i in range(metrics.row_count) for c in metrics.get_row_at(i)]
        assert any("[red]bold[/red]" in c for c in cells)
        # the deadline row of the task table
        rows = [[c.plain for c in tasks.get_row_at(i)] for i in range(tasks.row_count)]
        assert any("[@click=app.quit]x[/]" in r[0] for r in rows)
        assert_safe(app)
        # clicking the injected "link" does nothing
        await pilot.click("#source", offset=(5, 3))
        assert app.is_running
        # the hostile document's own text, with its markup, in the source pane
        await pilot.press("o")
        await settle(pilot)
        source = app.query_one("#source")
        assert "[red]bold[/red]" in source.text
        assert_safe(app)
        # overview and search list the entity literally too
        await pilot.press("escape")
        app.open_overview(type(tree.root.data)("root", "全国"))
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert "[@click=app.quit]x[/]" in screen_text(app)
        assert_safe(app)
        await pilot.press("escape")
        await pilot.press("slash", *"[red]bold")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.pause(0.2)
        assert "[red]bold" in screen_text(app)
        assert_safe(app)
        await pilot.press("escape")
        assert app.is_running

    drive(DuchaApp(tui_hostile_dataset, model=model), scenario, size=(160, 48))


def test_hostile_document_built_by_the_parser(tui_hostile_dataset):
    """The real pipeline on the hostile file: 西藏 shows its counts, the text stays literal."""
    model = Model.load(tui_hostile_dataset)

    async def scenario(pilot):
        app = pilot.app
        app.jump_to("西藏自治区")
        await settle(pilot)
        tasks = app.query_one("#tasks")
        rows = [[c.plain for c in tasks.get_row_at(i)] for i in range(tasks.row_count)]
        assert any(r[0] == "问题 (problems)" and "40" in r for r in rows)
        tasks.focus()
        await settle(pilot)
        source = app.query_one("#source")
        assert "[/]" in source.text[source.span[0] : source.span[1]]
        assert "[@click=app.quit]x[/]" in screen_text(app)
        assert_safe(app)

    drive(DuchaApp(tui_hostile_dataset, model=model), scenario, size=(160, 48))
