"""A monkey at the keyboard: a thousand random keys and a few resizes, on every screen the
keys reach; the app must stay up (no exception, still running, a frame that renders)."""

from __future__ import annotations

import random

from conftest import drive, screen_text
from keys import key_event

from ducha.tui.app import DuchaApp

# The app's keys (see the help screen) and the usual navigation keys, plus some text for
# the search and filter boxes. `q` only where it closes a screen: it quits the main one.
KEYS = [
    *"?/gvoTjkhlGtensbcrfa123456789",
    *"河南 2022x",
    "tab", "shift+tab", "enter", "escape", "up", "down", "left", "right", "home", "end",
    "pageup", "pagedown", "space", "backspace",
]  # fmt: skip
# Not ctrl+p: Textual's own command palette raises KeyError in CommandList's page keys
# when they arrive before its first layout (textual 8.2.8), which only a machine types.
SIZES = [(80, 24), (200, 60), (60, 15), (120, 40), (100, 30)]


def test_thousand_random_keys_and_resizes(tui_model) -> None:
    rng = random.Random(20240404)
    app = DuchaApp(tui_model.store.data_dir, model=tui_model)
    pressed: list[str] = []

    async def scenario(pilot) -> None:
        for i in range(1000):
            if i % 200 == 199:
                await pilot.resize_terminal(*rng.choice(SIZES))
            key = rng.choice(KEYS)
            if key in ("q", "escape") and len(pilot.app.screen_stack) == 1:
                key = "j"  # q or Esc on the main screen would end the run
            pressed.append(key)
            # sent as Pilot sends it, without its idle sleeps (60 ms a key); every 25
            # keys the app is let to settle completely
            pilot.app._driver.send_message(key_event(key))
            await pilot._wait_for_screen()
            if i % 25 == 0:
                await pilot.pause()
            assert pilot.app.is_running, f"the app stopped after {pressed[-20:]}"
        await pilot.pause()
        assert screen_text(pilot.app)  # a frame still renders

    drive(app, scenario, size=(120, 40))
    assert len(pressed) == 1000
