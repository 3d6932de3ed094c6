"""The report tree draws a focus change cheaply and correctly: leaving or entering the tree
draws again only the cursor's line (and the lines below the cursor node), yet that line
shows the focused or unfocused cursor; a change of theme draws every line again."""

from __future__ import annotations

from conftest import drive, settle

from ducha.tui.app import DuchaApp
from ducha.tui.tree import PlaceTree


def app_for(model, **kw) -> DuchaApp:
    return DuchaApp(model.store.data_dir, model=model, **kw)


def cursor_styles(tree: PlaceTree) -> set[str]:
    """The styles of the cursor's line as drawn now."""
    y = tree.cursor_line - int(tree.scroll_y)
    return {str(seg.style) for seg in tree.render_line(y) if seg.style is not None}


def count_labels(tree: PlaceTree) -> list[int]:
    """Count the labels the tree renders from now on (one per line drawn afresh)."""
    drawn: list[int] = []
    render_label = tree.render_label

    def counting(node, base_style, style):
        drawn.append(node.id)
        return render_label(node, base_style, style)

    tree.render_label = counting  # type: ignore[method-assign]
    return drawn


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
        drawn = count_labels(tree)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is not tree
        assert drawn, "the cursor line was not drawn again"
        assert set(drawn) == {tree.cursor_node.id}  # a leaf: no lines below it
        blurred = cursor_styles(tree)
        assert blurred != focused  # the cursor shows that the tree lost focus
        drawn.clear()
        await pilot.press("shift+tab")
        await settle(pilot)
        assert app.focused is tree
        assert set(drawn) == {tree.cursor_node.id}
        assert cursor_styles(tree) == focused

    drive(app_for(tui_model), scenario)


def test_tab_out_of_an_expanded_node_draws_its_guides_again(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        await pilot.press("down")
        while not tree.cursor_node.children:
            await pilot.press("down")
        if not tree.cursor_node.is_expanded:
            await pilot.press("l")
        await settle(pilot)
        assert tree.cursor_node is not tree.root and tree.cursor_node.is_expanded
        below = {n.id for n in tree.cursor_node.children}
        drawn = count_labels(tree)
        await pilot.press("tab")
        await settle(pilot)
        assert tree.cursor_node.id in drawn
        assert below & set(drawn)
        assert tree.root.id not in drawn  # their guides show the selected node only with focus

    drive(app_for(tui_model), scenario)


def test_a_theme_change_draws_every_visible_line_again(tui_model):
    async def scenario(pilot):
        app = pilot.app
        tree = app.query_one(PlaceTree)
        await settle(pilot)
        visible = min(tree.last_line + 1, tree.size.height)
        drawn = count_labels(tree)
        await pilot.press("T")
        await settle(pilot)
        assert len(set(drawn)) == visible

    drive(app_for(tui_model), scenario)
