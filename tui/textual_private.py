"""Every use of Textual's private names, in one place.

Textual does not document these names and may change them in any release; pyproject.toml
pins Textual to the range they were checked against: 8.2.x (`textual>=8.2,<8.3`, checked
with 8.2.8). The rest of tui/ reaches them only through the functions, constants and
mixin below, and tests/test_textual_private.py fails if another module of tui/ names one.
On a new Textual release, check each name here against its source before widening the
range.

Widgets and the app
- `Widget._scroll_update(virtual_size)`: shows or hides the scrollbars and sets their thumb
  and position for a new scrollable size. Textual calls it from a layout; `scroll_update`
  lets `line_api.set_virtual_size` do it without one.
- `Widget._vertical_scrollbar`, `Widget._horizontal_scrollbar` and
  `App._start_widget(parent, widget)`: where `Widget.vertical_scrollbar` and
  `horizontal_scrollbar` keep the scrollbar they create, and how they start it.
  `scrollbar` is that code with the scrollbar's class as a parameter (for
  `line_api.MemoScrollbars`).
- `RenderStyles._cache_key`: a number that changes whenever any of a widget's styles does;
  `styles_cache_key` (part of what `line_api.MemoScrollBar`'s memo depends on).
- `App._exit`: set once `App.exit` is called; `app_exiting` (panes are not mounted into an
  app that is closing).
- `"_default"`: the id `App.get_default_screen` gives the default screen; the app's own
  default screen keeps it (`DEFAULT_SCREEN_ID`).

Tree (`textual.widgets._tree`), for `tree.PlaceTree`
- `TOGGLE_STYLE`: the style whose metadata (`"toggle"`) marks a line's expand icon; a click
  on it expands or collapses the node rather than selecting it (`clicked_toggle`).
- `Tree._tree_lines`: the lines shown, built on first use after a change; each is a
  `_TreeLine` with `path` (root to node), `node` and `last` (the last of its siblings).
  `tree_lines`.
- `Tree._line_cache` (an `LRUCache` of drawn lines, which Tree's Resize handler grows to
  the height) and `Tree._clear_line_cache()` (empties it and drops `_tree_lines`):
  `line_cache`, `clear_line_cache`.
- `Tree._updates`: counts changes of the tree's shape and looks; part of every line's
  cache key. `tree_updates`, `bump_tree_updates`.
- `Tree._refresh_line(line)`: repaints one line. `refresh_line`.
- `Tree._toggle_node(node)`: what a click on the expand icon does. `toggle_node`.
- `TreeNode._id`, `TreeNode._updates` (counts changes of the node: label, expansion,
  hover, selection) and `TreeNode._reset()` (clears hover and selection):
  `node_cache_key`, `reset_root`.
- `TreeNode._line`: the node's line in `_tree_lines`, -1 when not shown. `node_line`.
- `Tree._invalidate()`, which Tree and TreeNode call when nodes are expanded, collapsed,
  added or removed, and `Tree._refresh_node(node)`, which Tree calls when the cursor or
  the pointer moves to another node. `TreeHooks` overrides them and hands them to
  `invalidate_lines` and `refresh_node_line`, which a subclass overrides.

Relied on without naming it (checked for 8.2.x too): `Tree.render_line` is the only
caller of `Tree._render_line`, and `Tree.render_lines` only records pseudo classes for its
line cache, so `PlaceTree` replaces both through public methods; and Tree handles Click,
MouseMove and Resize in `_on_click`, `_on_mouse_move` and `_on_resize`, which
`PlaceTree`'s public handlers keep from running with `prevent_default()` (Textual calls a
class's `_on_x` or `on_x` the same way, base classes after subclasses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets._tree import TOGGLE_STYLE

if TYPE_CHECKING:
    from textual import events
    from textual.app import App
    from textual.cache import LRUCache
    from textual.css.styles import RenderStyles
    from textual.geometry import Size
    from textual.scrollbar import ScrollBar
    from textual.strip import Strip
    from textual.widgets import Tree
    from textual.widgets._tree import _TreeLine
    from textual.widgets.tree import TreeNode

    _TreeMixin = Tree[Any]
else:
    _TreeMixin = object  # not a Widget: Textual takes CSS and bindings from the first base

__all__ = [
    "DEFAULT_SCREEN_ID",
    "TOGGLE_STYLE",
    "TreeHooks",
    "app_exiting",
    "bump_tree_updates",
    "clear_line_cache",
    "clicked_toggle",
    "line_cache",
    "node_cache_key",
    "node_line",
    "refresh_line",
    "reset_root",
    "scroll_update",
    "scrollbar",
    "start_widget",
    "styles_cache_key",
    "toggle_node",
    "tree_lines",
    "tree_updates",
]

DEFAULT_SCREEN_ID = "_default"
"""The id Textual's `App.get_default_screen` gives the screen it makes."""


# --- widgets and the app -------------------------------------------------------------------


def scroll_update(widget: Widget, virtual_size: Size) -> None:
    """Update `widget`'s scrollbars (shown or hidden, thumb, position) for `virtual_size`."""
    widget._scroll_update(virtual_size)


def start_widget(app: App[Any], parent: Widget, widget: Widget) -> None:
    """Start `widget`, a child of `parent` that is not mounted (a scrollbar)."""
    app._start_widget(parent, widget)


def scrollbar(widget: Widget, *, vertical: bool, bar_class: type[ScrollBar]) -> ScrollBar:
    """`widget`'s vertical or horizontal scrollbar, made a `bar_class` the first time."""
    attr = "_vertical_scrollbar" if vertical else "_horizontal_scrollbar"
    bar = getattr(widget, attr)
    if bar is None:
        bar = bar_class(
            vertical=vertical,
            name="vertical" if vertical else "horizontal",
            thickness=widget.scrollbar_size_vertical
            if vertical
            else widget.scrollbar_size_horizontal,
        )
        bar.display = False
        setattr(widget, attr, bar)
        start_widget(widget.app, widget, bar)
    return bar


def styles_cache_key(styles: RenderStyles) -> int:
    """A number that changes when any of `styles` does."""
    return styles._cache_key


def app_exiting(app: App[Any]) -> bool:
    """`app.exit` was called."""
    return app._exit


# --- Tree ----------------------------------------------------------------------------------


def clicked_toggle(event: events.Click) -> bool:
    """The click was on an expand icon (a segment drawn with `TOGGLE_STYLE`)."""
    return bool(event.style.meta.get("toggle", False))


def tree_lines(tree: Tree[Any]) -> list[_TreeLine[Any]]:
    """The lines `tree` shows, built first if a change dropped them."""
    return tree._tree_lines


def line_cache(tree: Tree[Any]) -> LRUCache[Any, Strip]:
    """Tree's cache of drawn lines."""
    return tree._line_cache


def clear_line_cache(tree: Tree[Any]) -> None:
    """Empty `tree`'s line cache and drop its lines (rebuilt on next use)."""
    tree._clear_line_cache()


def tree_updates(tree: Tree[Any]) -> int:
    """A count that changes with the tree's shape and looks."""
    return tree._updates


def bump_tree_updates(tree: Tree[Any]) -> None:
    """Mark every cached line of `tree` as stale."""
    tree._updates += 1


def refresh_line(tree: Tree[Any], line: int) -> None:
    """Repaint line `line` of `tree`."""
    tree._refresh_line(line)


def toggle_node(tree: Tree[Any], node: TreeNode[Any]) -> None:
    """Expand or collapse `node`, as a click on its icon does."""
    tree._toggle_node(node)


def node_cache_key(node: TreeNode[Any]) -> tuple[int, int]:
    """The node's id and its count of changes: a drawn line of it is stale when this is."""
    return (node._id, node._updates)


def node_line(node: TreeNode[Any]) -> int:
    """The node's line in `tree_lines`; -1 if it is not shown."""
    return node._line


def reset_root(tree: Tree[Any]) -> None:
    """Clear the root's hover and selection state, and mark its line as changed."""
    tree.root._reset()


class TreeHooks(_TreeMixin):
    """For a subclass of Textual's `Tree`: Tree's private `_invalidate` and `_refresh_node`
    go to `invalidate_lines` and `refresh_node_line`, which the subclass overrides (they
    are Tree's own otherwise). Put it before Tree in the bases."""

    def _invalidate(self) -> None:
        self.invalidate_lines()

    def _refresh_node(self, node: TreeNode[Any]) -> None:
        self.refresh_node_line(node)

    def invalidate_lines(self) -> None:
        """The tree's lines changed (an expand, a collapse, a new node, a resize)."""
        super()._invalidate()

    def refresh_node_line(self, node: TreeNode[Any]) -> None:
        """Repaint what shows `node` (its cursor or hover state changed)."""
        super()._refresh_node(node)
