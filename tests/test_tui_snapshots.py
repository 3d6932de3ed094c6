"""SVG snapshots of the main screen (80x24, 160x48), the overview and the help screen.

Regenerate deliberately after a Textual/Rich upgrade: pytest --snapshot-update."""

from __future__ import annotations

from conftest import settle, wait_loaded

from ducha.tui.app import DuchaApp


async def steady(pilot) -> None:
    """Under load a modal may still be animating or laying out: let it finish."""
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.2)


def app_for(model) -> DuchaApp:
    app = DuchaApp(model.store.data_dir, model=model, theme="textual-dark")
    app.cursor_blink = False  # no blinking cursor: stable snapshots
    return app


def at(entity: str, round_: str | None = None, *keys: str):
    async def run_before(pilot) -> None:
        await wait_loaded(pilot)
        pilot.app.jump_to(entity, round_)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await steady(pilot)

    return run_before


def test_main_80x24(snap_compare, tui_model):
    assert snap_compare(
        app_for(tui_model), terminal_size=(80, 24), run_before=at("山西省", "第二轮", "tab")
    )


def test_main_160x48(snap_compare, tui_model):
    assert snap_compare(
        app_for(tui_model), terminal_size=(160, 48), run_before=at("湖南省", "第二轮", "tab")
    )


def test_overview(snap_compare, tui_model):
    async def run_before(pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("enter")
        await steady(pilot)

    assert snap_compare(app_for(tui_model), terminal_size=(120, 30), run_before=run_before)


def test_help(snap_compare, tui_model):
    async def run_before(pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        await steady(pilot)

    assert snap_compare(app_for(tui_model), terminal_size=(100, 40), run_before=run_before)
