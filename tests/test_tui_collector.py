"""A pending full garbage collection runs in a pause in input; long-lived data is frozen."""

from __future__ import annotations

import gc

from ducha.tui.collector import IDLE_AFTER, IdleCollector


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


def test_start_freezes_what_exists_and_leaves_the_thresholds_alone():
    collector = IdleCollector()
    before = gc.get_freeze_count()
    thresholds = gc.get_threshold()
    kept = [Cycle() for _ in range(100)]
    try:
        collector.start()
        assert gc.get_freeze_count() >= before + 100
        assert not collector.pending()
        assert gc.get_threshold() == thresholds
    finally:
        gc.unfreeze()
        del kept


def test_the_app_freezes_the_model_once_loaded_and_keeps_python_s_thresholds(tui_model):
    from conftest import drive

    from ducha.tui.app import DuchaApp

    before = gc.get_threshold()
    seen = {}

    async def scenario(pilot) -> None:
        seen["frozen"] = gc.get_freeze_count()
        seen["during"] = gc.get_threshold()

    gc.unfreeze()
    try:
        drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario)
    finally:
        gc.unfreeze()
    assert seen["frozen"] > 0
    assert seen["during"] == before
    assert gc.get_threshold() == before
