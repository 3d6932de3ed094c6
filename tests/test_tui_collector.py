"""Full garbage collections wait for a pause in input."""

from __future__ import annotations

import gc

from ducha.tui.collector import FULL_AFTER_MIDDLE, IDLE_AFTER, IdleCollector


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class Cycle:
    def __init__(self) -> None:
        self.me = self


def make_pending() -> None:
    """Put objects in the oldest generation, as a busy app does."""
    keep = [Cycle() for _ in range(10)]
    gc.collect(1)  # the survivors move to the oldest generation
    del keep


def test_no_collection_while_input_keeps_coming():
    clock = Clock()
    collector = IdleCollector(now=clock)
    make_pending()
    assert collector.pending()
    for _ in range(5):
        clock.t += IDLE_AFTER / 2
        collector.touch()
        assert not collector.tick()
    assert collector.collections == 0


def test_a_pause_collects_once_and_then_rests():
    clock = Clock()
    collector = IdleCollector(now=clock)
    make_pending()
    clock.t += IDLE_AFTER + 0.1
    assert collector.tick()
    assert not collector.pending()
    assert not collector.tick()  # nothing new reached the oldest generation
    assert collector.collections == 1


def test_start_freezes_what_exists():
    collector = IdleCollector()
    before = gc.get_freeze_count()
    kept = [Cycle() for _ in range(100)]
    try:
        collector.start()
        assert gc.get_freeze_count() >= before + 100
        assert not collector.pending()
    finally:
        collector.stop()
        gc.unfreeze()
        del kept


def test_start_makes_automatic_full_collections_rarer_and_stop_restores_them():
    collector = IdleCollector()
    before = gc.get_threshold()
    try:
        collector.start()
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2]
        assert full == FULL_AFTER_MIDDLE > 10  # Python's default: 10
    finally:
        collector.stop()
        gc.unfreeze()
    assert gc.get_threshold() == before
    collector.stop()  # a second stop changes nothing
    assert gc.get_threshold() == before


def test_the_app_raises_the_threshold_once_loaded_and_restores_it_when_it_closes(tui_model):
    from conftest import drive

    from ducha.tui.app import DuchaApp

    before = gc.get_threshold()
    seen = {}

    async def scenario(pilot) -> None:
        seen["during"] = gc.get_threshold()

    try:
        drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario)
    finally:
        gc.unfreeze()
    assert seen["during"][2] == FULL_AFTER_MIDDLE
    assert gc.get_threshold() == before
