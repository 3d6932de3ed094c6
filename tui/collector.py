"""Keep Python's full garbage collections out of keystrokes where possible.

Textual's rendered lines keep caches that can refer to the line itself, so they die in
reference cycles that only the cyclic collector frees. An automatic full collection runs
after every tenth middle one (Python's default), in the middle of whatever frame is being
drawn, and it scans every object tracked, the model's too. Two things keep it out of the
way. The model, built once, is frozen out of the collector's reach, so a full collection
scans only what was made since. And once input pauses, a pending full collection runs
then, which also restarts Python's count towards the next automatic one: a user who reads
between keystrokes rarely meets one mid-frame. Python's thresholds are left as they are,
and young garbage, which is most of it, is collected as it was.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_AFTER = 1.0
"""Seconds without input before a pending full collection runs."""
CHECK_EVERY = 0.5
"""Seconds between checks for an idle moment."""


class IdleCollector:
    """Freeze long-lived data, and collect cyclic garbage while the user is idle."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.last_input = now()
        self.collections = 0

    def start(self) -> None:
        """Call once the long-lived data is built: it is never scanned again. The
        collection after the freeze is cheap, and it resets the collector's count of
        long-lived objects, which would otherwise hold off automatic full collections
        until they had grown large and slow."""
        gc.freeze()
        gc.collect()

    def touch(self) -> None:
        """Input arrived: postpone the idle collection."""
        self.last_input = self._now()

    def pending(self) -> bool:
        """Middle collections ran since the last full one (moving what they kept to the
        oldest generation)."""
        return gc.get_count()[2] > 0

    def tick(self) -> bool:
        """Collect if input has paused and something is pending; True if it did."""
        if self._now() - self.last_input < IDLE_AFTER or not self.pending():
            return False
        gc.collect()
        self.collections += 1
        return True
