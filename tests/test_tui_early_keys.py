"""Keys pressed before the panes exist: during start-up the app shows a loading panel (no
dataset, or a stale one), or the stored tree without the panes on the right, or it was
given its model and mounts the panes after the first frame. No key may fail then (`v` once
raised NoMatches '#tree'), and once loaded the app works."""

from __future__ import annotations

import asyncio
import shutil

import pytest
from conftest import settle, wait_loaded

from ducha.tui.app import DuchaApp
from ducha.tui.screens import OverviewScreen

EARLY_KEYS = ["v", "a", "g", "slash", "o", "T", "tab", "shift+tab", "enter", "h", "escape"]


class SlowPanes(DuchaApp):
    """The panes are mounted only when the test says so, as on a slow machine: every
    key of the test comes before them (the data may arrive first and wait for them)."""

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.go = False

    async def _mount_panes(self) -> None:
        if self.go:
            await super()._mount_panes()

    def release(self) -> None:
        self.go = True
        self.call_later(self._mount_panes)


async def press_early(pilot) -> None:
    app = pilot.app
    for key in EARLY_KEYS:
        assert not app._panes_ready
        await pilot.press(key)
        while len(app.screen_stack) > 1:  # a screen opened by a key (help, search): close it
            app.pop_screen()
            await pilot.pause()


async def works_after_loading(pilot) -> None:
    app = pilot.app
    app.release()
    await wait_loaded(pilot, timeout=60)
    while len(app.screen_stack) > 1:  # what a queued key opened
        app.pop_screen()
        await pilot.pause()
    assert app.error is None and app.model is not None
    app.query_one("#tree").focus()
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(app.screen, OverviewScreen)
    await pilot.press("escape")
    await settle(pilot)
    assert app.query_one("#tasks").row_count > 0


def run(app, scenario) -> None:
    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await scenario(pilot)

    asyncio.run(main())


def test_keys_on_the_loading_panel_of_a_missing_dataset(tmp_path):
    async def scenario(pilot):
        assert pilot.app.first is None  # a loading panel, no tree in the first frame
        await press_early(pilot)
        await works_after_loading(pilot)

    run(SlowPanes(tmp_path / "new"), scenario)


def test_keys_on_the_loading_panel_of_a_stale_dataset(tui_dataset, tmp_path):
    ddir = tmp_path / "ds"
    shutil.copytree(tui_dataset, ddir)
    (ddir / "stamps.json").write_text("{}", encoding="utf-8")  # sources look changed

    async def scenario(pilot):
        await press_early(pilot)
        await works_after_loading(pilot)

    run(SlowPanes(ddir), scenario)


def test_keys_on_the_stored_tree_before_the_right_panes(tui_dataset):
    ddir = tui_dataset  # a copy elsewhere would not be the folder its stamps name

    async def scenario(pilot):
        app = pilot.app
        if app.first is None:
            pytest.skip("this dataset stores no first screen")
        await press_early(pilot)
        await works_after_loading(pilot)

    run(SlowPanes(ddir), scenario)


def test_keys_before_the_panes_of_an_app_given_its_model(tui_model):
    async def scenario(pilot):
        await press_early(pilot)
        await works_after_loading(pilot)

    run(SlowPanes(tui_model.store.data_dir, model=tui_model), scenario)


def test_q_while_loading_quits(tmp_path):
    async def scenario(pilot):
        await pilot.press("v", "a", "q")
        await pilot.pause()

    app = SlowPanes(tmp_path / "new")
    run(app, scenario)
    assert app.return_code in (0, None)
