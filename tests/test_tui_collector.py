"""Full garbage collections wait for a pause in input."""

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


def test_start_freezes_what_exists():
    collector = IdleCollector()
    before = gc.get_freeze_count()
    kept = [Cycle() for _ in range(100)]
    try:
        collector.start()
        assert gc.get_freeze_count() >= before + 100
        assert not collector.pending()
    finally:
        gc.unfreeze()
        del kept
