"""Keep Python's full garbage collections out of keystrokes where possible.

Textual's rendered lines keep caches that can refer to the line itself, so they die in
reference cycles that only the cyclic collector frees. A full collection runs after every
tenth middle one, in the middle of whatever frame is being drawn: with a large library
open that adds 5-30 ms to one keystroke in about fifteen. The model, built once, is frozen
out of the collector's reach; an automatic full collection waits for a hundred middle
ones instead of ten; and once input pauses, a pending full collection runs then. So a
user who reads between keystrokes rarely meets one mid-frame, and one who types without
a pause meets one a tenth as often (each no slower: what it scans is what built up since
the last). Young garbage, which is most of it, is still collected as it was.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_AFTER = 1.0
"""Seconds without input before a pending full collection runs."""
CHECK_EVERY = 0.5
"""Seconds between checks for an idle moment."""
FULL_AFTER_MIDDLE = 100
"""Middle-generation collections before an automatic full one (Python's default: 10)."""


class IdleCollector:
    """Freeze long-lived data, and collect cyclic garbage while the user is idle."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.last_input = now()
        self.collections = 0
        self._thresholds: tuple[int, ...] | None = None

    def start(self) -> None:
        """Call once the long-lived data is built: it is never scanned again. The
        collection after the freeze is cheap, and it resets the collector's count of
        long-lived objects, which would otherwise hold off automatic full collections
        until they had grown large and slow. Automatic full collections become rarer
        (`FULL_AFTER_MIDDLE`); `stop` restores Python's thresholds."""
        gc.freeze()
        gc.collect()
        if self._thresholds is None:  # (a second start keeps Python's, not ours)
            self._thresholds = gc.get_threshold()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, FULL_AFTER_MIDDLE)

    def stop(self) -> None:
        """The app is closing: Python's thresholds as they were before `start`."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def touch(self) -> None:
        """Input arrived: postpone the idle collection."""
        self.last_input = self._now()

    def pending(self) -> bool:
        """Objects reached the oldest generation since its last collection."""
        return gc.get_count()[2] > 0

    def tick(self) -> bool:
        """Collect if input has paused and something is pending; True if it did."""
        if self._now() - self.last_input < IDLE_AFTER or not self.pending():
            return False
        gc.collect()
        self.collections += 1
        return True
