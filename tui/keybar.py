"""The key bar at the bottom of each screen: the focused pane's keys, one line.

Textual's `Footer` rebuilds a widget per key whenever the focus moves, which made a Tab
between panes cost more than a tree move on a large library. This bar draws the same
keys as one `Text` and only repaints when the bindings change; a click on a key presses
it, as in the footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyBar(Widget):
    """Keys of the focused widget and its ancestors (those with `show=True`), then the
    command palette's key on the right."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .keybar--description { color: $footer-description-foreground; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[str, str, bool]] = []  # (key, display, enabled)
        self._palette: tuple[str, str, bool] | None = None
        self._places: list[tuple[int, int, str]] = []  # (x from, x to, key) as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys: list[tuple[str, str, bool]] = []
        seen: set[str] = set()
        palette = None
        active = screen.active_bindings
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(
                (
                    binding.key,
                    f"{self.app.get_key_display(binding)}\0{binding.description}",
                    enabled,
                )
            )
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (
                binding.key,
                f"{self.app.get_key_display(binding)}\0{binding.description}",
                enabled,
            )
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        desc_style = self.get_component_rich_style("keybar--description", partial=True)
        width = self.size.width
        right = Text(end="", no_wrap=True)
        if self._palette is not None:
            key, label, _enabled = self._palette
            shown, desc = label.split("\0")
            right.append("▏")
            right.append(f"{shown}", style=key_style)
            right.append(f" {desc}", style=desc_style)
        room = width - right.cell_len
        line = Text(end="", no_wrap=True, overflow="crop")
        places: list[tuple[int, int, str]] = []
        for key, label, enabled in self._keys:
            shown, desc = label.split("\0")
            item = Text(f" {shown}", style=key_style, end="")
            item.append(f" {desc} ", style=desc_style)
            if not enabled:
                item.stylize("dim")
            if line.cell_len + item.cell_len > room:
                break
            places.append((line.cell_len, line.cell_len + item.cell_len, key))
            line.append_text(item)
        if self._palette is not None:
            line.append(" " * max(0, room - line.cell_len))
            places.append((line.cell_len, width, self._palette[0]))
            line.append_text(right)
        self._places = places
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._places:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return

    def keys_shown(self) -> list[str]:
        """The keys as drawn, left to right (for tests)."""
        return [key for _s, _e, key in self._places]
