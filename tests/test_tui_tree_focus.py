"""The report tree draws cheaply and correctly.

- Its lines look as Textual's `Tree` draws them, except that the lines below the cursor
  node keep their guide colour (no focus colour for the cursor's subtree).
- Leaving or entering the tree draws again only the cursor's line, and that line shows the
  focused or unfocused cursor. Moving the cursor draws two lines, even onto or off an
  expanded round. Scrolling back draws nothing again. A change of theme draws every line.
- The pointer: a click selects the line under it, a click on the icon expands, hover shows.
"""

from __future__ import annotations

from conftest import drive, settle
from rich.style import Style
from textual.widgets import Tree

from ducha.tui.app import DuchaApp
from ducha.tui.tree import PlaceTree


def app_for(model, **kw) -> DuchaApp:
    return DuchaApp(model.store.data_dir, model=model, **kw)


def cursor_styles(tree: PlaceTree) -> set[str]:
    """The styles of the cursor's line as drawn now."""
    y = tree.cursor_line - int(tree.scroll_y)
    return {str(seg.style) for seg in tree.render_line(y) if seg.style is not None}


def count_drawn(tree: PlaceTree) -> list[int]:
    """The ids of the nodes whose lines the tree draws afresh from now on."""
    drawn: list[int] = []
    draw = tree._draw_line

    def counting(path, *args):
        drawn.append(path[-1].id)
        return draw(path, *args)

    tree._draw_line = counting  # type: ignore[method-assign]
    return drawn


def plain(strip) -> list[tuple[str, Style | None]]:
    """A line's text and styles without the mouse metadata (Tree puts the line number
    there; this tree finds the line from the pointer's position)."""
    out = []
    for seg in strip:
        style = seg.style.clear_meta_and_links() if seg.style is not None else None
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + seg.text, style)
        else:
            out.append((seg.text, style))
    return out


async def to_expanded_round(pilot, tree: PlaceTree) -> None:
    await pilot.press("down")
    while not tree.cursor_node.children:
        await pilot.press("down")
    if not tree.cursor_node.is_expanded:
        await pilot.press("l")
    await settle(pilot)


def test_lines_look_as_textual_draws_them(tui_model):
    async def scenario(pilot):
        tree = pilot.app.query_one(PlaceTree)
        await to_expanded_round(pilot, tree)
        cursor = tree.cursor_node
        for focused in (True, False):
            if focused:
                tree.focus()
            else:
                pilot.app.query_one("#tasks").focus()
            await settle(pilot)
            assert tree.has_focus is focused
            width = tree.size.width
            tree._pseudo_class_state = tree.get_pseudo_class_state()  # Tree's cache key
            compared = 0
            for y in range(min(tree.last_line + 1, tree.size.height)):
                line = tree._tree_lines[y]
                if cursor in line.path[:-1] and focused:
                    continue  # Tree colours these guides as the cursor's subtree
                ours = tree._line_strip(y, 0, width, tree.rich_style)
                theirs = Tree._render_line(tree, y, 0, width, tree.rich_style)
                assert plain(ours) == plain(theirs), (
                    f"line {y} ({focused=}): {plain(ours)} {plain(theirs)}"
                )
                compared += 1
            assert compared > 3

    drive(app_for(tui_model), scenario)


def test_tab_out_of_the_tree_draws_only_the_cursor_line_again(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        while tree.cursor_node.children or tree.cursor_node.data.entity is None:
            await pilot.press("down")  # to the first report of a province
        await settle(pilot)
        assert tree.cursor_line < tree.size.height
        visible = min(tree.last_line + 1, tree.size.height)
        assert visible > 3
        focused = cursor_styles(tree)
        drawn = count_drawn(tree)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is not tree
        assert set(drawn) <= {tree.cursor_node.id}  # none if drawn so before
        blurred = cursor_styles(tree)
        assert blurred != focused  # the cursor shows that the tree lost focus
        drawn.clear()
        await pilot.press("shift+tab")
        await settle(pilot)
        assert app.focused is tree
        assert set(drawn) <= {tree.cursor_node.id}
        assert cursor_styles(tree) == focused

    drive(app_for(tui_model), scenario)


def test_tab_out_of_an_expanded_node_draws_only_its_line(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        await to_expanded_round(pilot, tree)
        assert tree.cursor_node is not tree.root and tree.cursor_node.is_expanded
        drawn = count_drawn(tree)
        await pilot.press("tab")
        await settle(pilot)
        assert set(drawn) <= {tree.cursor_node.id}

    drive(app_for(tui_model), scenario)


def test_a_move_draws_two_lines_and_scrolling_back_draws_none(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        await to_expanded_round(pilot, tree)
        expanded = tree.cursor_node
        drawn = count_drawn(tree)
        await pilot.press("down")  # off an expanded round, onto its first child
        await settle(pilot)
        assert sorted(drawn) == sorted([expanded.id, tree.cursor_node.id])
        await pilot.press("up")
        await settle(pilot)
        assert len(drawn) == 4
        for node in tree.iter_nodes():  # everything open: longer than the pane
            if node.allow_expand:
                node.expand()
        await settle(pilot)
        assert tree.last_line + 1 > tree.size.height
        tree.scroll_to(y=5, animate=False, immediate=True)
        await settle(pilot)
        tree.scroll_to(y=0, animate=False, immediate=True)
        await settle(pilot)
        drawn.clear()
        tree.scroll_to(y=5, animate=False, immediate=True)  # lines drawn before
        await settle(pilot)
        assert drawn == []

    drive(app_for(tui_model), scenario, size=(100, 20))


def test_a_theme_change_draws_every_visible_line_again(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        await settle(pilot)
        visible = min(tree.last_line + 1, tree.size.height)
        drawn = count_drawn(tree)
        await pilot.press("T")
        await settle(pilot)
        assert len(set(drawn)) == visible

    drive(app_for(tui_model), scenario)


def test_the_pointer_hovers_selects_and_toggles(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        await settle(pilot)
        top = tree.content_region.y - tree.region.y  # below the pane's title line
        await pilot.hover(tree, offset=(8, top + 2))
        await settle(pilot)
        assert tree.hover_line == 2
        hovered = plain(tree.render_line(2))
        await pilot.hover(tree, offset=(8, top + 3))
        await settle(pilot)
        assert tree.hover_line == 3
        assert plain(tree.render_line(2)) != hovered  # the highlight moved away
        node = tree.get_node_at_line(1)
        assert node is not None and node.allow_expand
        was = node.is_expanded
        icon = next(i for i, seg in enumerate(tree.render_line(1)) if seg.text in ("+ ", "- "))
        x = sum(len(seg.text) for seg in list(tree.render_line(1))[:icon])
        await pilot.click(tree, offset=(x, top + 1))  # on the expand icon
        await settle(pilot)
        assert node.is_expanded is not was
        await pilot.click(tree, offset=(8, top + 3))  # on a label
        await settle(pilot)
        assert tree.cursor_line == 3

    drive(app_for(tui_model), scenario)


def test_moving_between_places_with_more_and_fewer_rows_than_fit_lays_nothing_out(tui_model):
    """The panes keep their vertical scrollbar, so a selection whose rows (or document)
    overflow the pane and one whose rows fit do not lay out the screen in turn."""
    from textual.screen import Screen

    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        tasks = app.query_one("#tasks")
        tasks.styles.height = 5  # room for three rows: some places have more, some fewer
        source = app.query_one("#source")
        tree.focus()
        for node in tree.iter_nodes():  # everything open: every place is a line
            if node.allow_expand:
                node.expand()
        await settle(pilot)
        layouts: list[bool] = []
        original = Screen._refresh_layout

        def counting(self, size=None, scroll=False):
            layouts.append(scroll)
            return original(self, size, scroll)

        Screen._refresh_layout = counting  # type: ignore[method-assign]
        overflow: set[bool] = set()
        try:
            for _ in range(tree.last_line):
                await pilot.press("down")
                await settle(pilot)
                visible = tasks.scrollable_content_region.height - 1  # below the header
                overflow.add(tasks.row_count > visible)
                assert tasks.show_vertical_scrollbar and source.show_vertical_scrollbar
        finally:
            Screen._refresh_layout = original  # type: ignore[method-assign]
        assert overflow == {True, False}  # both kinds were met
        assert not [scroll for scroll in layouts if not scroll]  # (scrolls reflow only)

    drive(app_for(tui_model), scenario, size=(160, 40))
