"""`PlainTable` draws what Rich's table draws: every character with its style, at every
width, for the tables `ducha show` prints and for generated ones; it hands the table to
Rich whenever its simple layout does not apply."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import built_dataset
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text

from ducha.plaintable import PlainTable

WIDTHS = (30, 60, 80, 120, 200)


def _console(width: int, **kw: Any) -> Console:
    return Console(
        file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor", **kw
    )


def _cells(console: Console, renderable: Any) -> list[tuple[str, Style]]:
    """Every character drawn, with its style: what a person sees, however the output is
    cut into segments."""
    out: list[tuple[str, Style]] = []
    for seg in console.render(renderable):
        if not seg.control:
            out.extend((ch, seg.style or Style.null()) for ch in seg.text)
    return out


def _same_as_rich(table: PlainTable, width: int, **kw: Any) -> bool:
    """Whether the plain layout applied; asserts it draws what Rich draws."""
    console = _console(width, **kw)
    plain = table._plain(console, console.options)
    assert _cells(console, table) == _cells(console, table.table())
    return plain is not None


SHOW_LIKE = [
    ("category", {"no_wrap": True}),
    ("total", {"justify": "right", "no_wrap": True}),
    ("rate", {"justify": "right", "no_wrap": True}),
    ("status", {"no_wrap": True, "min_width": 11}),
    ("as of", {"no_wrap": True, "style": "dim"}),
]


def test_a_table_of_counts_is_drawn_as_rich_draws_it() -> None:
    table = PlainTable()
    for name, kw in SHOW_LIKE:
        table.add_column(name, **kw)
    behind = Text("52", style="bold red")
    status = Text("behind", style="bold red")
    status.stylize("underline", 1, 3)
    table.add_row(Text("整改任务"), Text("370"), Text("55%"), status, Text("2025-09-30"))
    table.add_row(Text("信访件"), behind, Text(""), Text("in progress"), Text(""))
    table.add_row(
        Text("责令整改/处罚"), Text(""), Text("91.8%"), Text("stated", style="dim"), Text("x")
    )
    applied = [_same_as_rich(table, w) for w in WIDTHS]
    assert applied == [False, True, True, True, True]  # 30 columns: Rich shrinks it


def test_a_console_that_cannot_write_box_characters_gets_the_same_ascii_rule() -> None:
    table = PlainTable()
    table.add_column("a")
    table.add_column("bb", justify="right")
    table.add_row(Text("x"), Text("1"))
    console = _console(40)
    options = console.options.copy()
    options.encoding = "ascii"
    plain = table._plain(console, options)
    assert plain is not None and "-" in plain.plain and "─" not in plain.plain
    drawn = [_cells_with(console, r, options) for r in (table, table.table())]
    assert drawn[0] == drawn[1]


def _cells_with(console: Console, renderable: Any, options: Any) -> list[tuple[str, Style]]:
    return [
        (ch, seg.style or Style.null())
        for seg in console.render(renderable, options)
        if not seg.control
        for ch in seg.text
    ]


@pytest.mark.parametrize(
    ("columns", "cell"),
    [
        ([("a", {"ratio": 2})], Text("x")),  # a setting the plain layout does not draw
        ([("a", {"justify": "center"})], Text("x")),
        ([("[b]a", {})], Text("x")),  # markup in a header
        ([("a", {})], Text("two\nlines")),
        ([("a", {})], Text("tab\there")),
        ([("a", {})], Text(" padded ")),
        ([("a", {})], Text("x", justify="right")),
        ([("a", {})], Text("x", overflow="ellipsis")),
    ],
)
def test_what_the_plain_layout_does_not_draw_goes_to_rich(
    columns: list[tuple[str, dict[str, Any]]], cell: Text
) -> None:
    table = PlainTable()
    for name, kw in columns:
        table.add_column(name, **kw)
    table.add_row(cell)
    for width in WIDTHS:
        assert not _same_as_rich(table, width)


STYLES = st.sampled_from(["", "dim", "bold red", "bold green", "yellow", "reverse", "cyan"])
WORDS = st.text(
    alphabet=st.sampled_from(list("ab1%.-整改任务河南省 ·")), min_size=0, max_size=12
).map(str.strip)


@st.composite
def tables(draw: st.DrawFn) -> PlainTable:
    n = draw(st.integers(1, 6))
    table = PlainTable()
    for i in range(n):
        kw: dict[str, Any] = {}
        if draw(st.booleans()):
            kw["justify"] = draw(st.sampled_from(["left", "right"]))
        if draw(st.booleans()):
            kw["no_wrap"] = True
        if draw(st.booleans()):
            kw["min_width"] = draw(st.integers(0, 12))
        if draw(st.booleans()):
            kw["style"] = draw(STYLES)
        if draw(st.booleans()):
            kw["overflow"] = "fold"
        table.add_column(draw(WORDS) or f"c{i}", **kw)
    for _ in range(draw(st.integers(0, 6))):
        row = []
        for _ in range(n):
            cell = Text(draw(WORDS), style=draw(STYLES))
            if cell.plain and draw(st.booleans()):
                a = draw(st.integers(0, len(cell.plain)))
                cell.stylize(draw(STYLES) or "bold", a, draw(st.integers(a, len(cell.plain))))
            row.append(cell)
        table.add_row(*row)
    return table


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(8, 140))
def test_generated_tables_are_drawn_as_rich_draws_them(table: PlainTable, width: int) -> None:
    _same_as_rich(table, width)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_dataset(tmp_path_factory.mktemp("plain") / "data")


def test_every_show_report_and_the_overview_print_as_with_rich_tables(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ducha.query import Store, entity_report, overview_rows
    from ducha.views import render_entity, render_overview

    store = Store(dataset)
    entities = store.sections.get_column("entity").drop_nulls().unique().sort().to_list()
    renders = [render_overview(overview_rows(store))]
    for entity in entities:
        report = entity_report(store, entity, evidence=True, tasks=True)
        renders += [render_entity(report), render_entity(report, evidence=True)]
    assert len(renders) > 20
    for width in (60, 100, 160):
        console = _console(width)
        fast = [_cells(console, r) for r in renders]
        monkeypatch.setattr(PlainTable, "_plain", lambda *a: None)
        assert [_cells(console, r) for r in renders] == fast
        monkeypatch.undo()
