"""SVG snapshots of the task pane's ledger view at 80x24 and 160x48.

Regenerate deliberately after a Textual/Rich upgrade: pytest --snapshot-update."""

from __future__ import annotations

import pytest
from conftest import settle, wait_loaded
from ledger_fixtures import build_ledger_dataset

from ducha.tui.app import DuchaApp


@pytest.fixture(scope="module")
def snap_model(tmp_path_factory: pytest.TempPathFactory):
    from ducha.tui.model import Model

    return Model.load(build_ledger_dataset(tmp_path_factory.mktemp("ledger-snap")))


def ledger_view(entity: str, round_: str):
    async def run_before(pilot) -> None:
        await wait_loaded(pilot)
        pilot.app.jump_to(entity, round_)
        await settle(pilot)
        await pilot.press("tab", "l")
        await settle(pilot)
        # the metrics pane can keep column widths from before its last resize (a race
        # outside the ledger view): draw it once more so the picture is stable
        pilot.app.query_one("#metrics").redraw()
        await settle(pilot)

    return run_before


def app_for(model) -> DuchaApp:
    app = DuchaApp(model.store.data_dir, model=model, theme="textual-dark")
    app.cursor_blink = False
    return app


def test_ledger_80x24(snap_compare, snap_model):
    # the ledger states its as-of date (2023-06-30): overdue does not depend on today
    assert snap_compare(
        app_for(snap_model), terminal_size=(80, 24), run_before=ledger_view("山西省", "第二轮")
    )


def test_ledger_160x48(snap_compare, snap_model):
    assert snap_compare(
        app_for(snap_model), terminal_size=(160, 48), run_before=ledger_view("山西省", "第二轮")
    )
