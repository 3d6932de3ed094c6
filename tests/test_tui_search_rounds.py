"""A search that finds a place reported in several rounds offers one entry per round,
each with its counts, and each opens that round."""

from __future__ import annotations

from conftest import drive, settle


def test_a_place_with_two_rounds_has_two_entries(tui_model) -> None:
    from ducha.tui.app import DuchaApp
    from ducha.tui.screens import SearchScreen

    async def scenario(pilot) -> None:
        await pilot.press("slash")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        entries = [(key, t.plain) for key, t in screen.results("山西") if key.startswith("e\t")]
        keys = [key for key, _ in entries]
        assert keys[:2] == ["e\t山西省\t第二轮", "e\t山西省\t第一轮回头看"]
        assert "59/82 in progress" in entries[0][1]
        assert "e\t山西省" not in keys  # no entry without its round
        await pilot.press(*"山西")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second: the 回头看
        await settle(pilot)
        assert (pilot.app.entity, pilot.app.round) == ("山西省", "第一轮回头看")
        assert next(key for key, _ in screen.results("河南") if key.startswith("e\t")) == (
            "e\t河南省"  # one round: one entry, as before
        )

    drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario)
