"""Time per keystroke in the app, driven by Pilot, on a dataset of a million facts.

    .venv/bin/python tests/bench/interaction.py [--data DIR] [--size 160x50]

Without --data, the dataset is tests/bench/scale_data.py's `million_dataset()` (made once,
kept in $DUCHA_BENCH_DIR). A keystroke's time runs from the key press to the frame that
shows its result: the key is processed, workers started by it (document text) finish, and
the screen is composed again (Pilot's `pause`). Prints the median and the worst time per
kind of keystroke and over all of them (aims: median < 50 ms, worst < 150 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: keys.py

from keys import key_event

JUMPS = 5
"""Rows of all facts opened, each a jump to its evidence in the main screen."""


async def run(data: Path, size: tuple[int, int]) -> dict[str, list[float]]:
    from ducha.query import Store
    from ducha.tui.app import DuchaApp
    from ducha.tui.model import Model

    t = time.perf_counter()
    model = Model(
        Store(data, sentences=False)
    )  # as Model.load, without the staleness check: the dataset
    model.warm()  # is measured as it is, even if the parser changed since it was made
    print(f"model loaded in {time.perf_counter() - t:.2f} s", file=sys.stderr)
    app = DuchaApp(data, model=model)
    times: dict[str, list[float]] = {}

    async with app.run_test(size=size) as pilot:

        async def settle() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

        async def drained() -> None:
            """Every message the key caused is handled, its workers are done, and the
            frame is composed (without Pilot's idle sleeps, which would dominate)."""
            for _ in range(3):
                await pilot._wait_for_screen()
            await app.workers.wait_for_complete()
            for _ in range(2):
                await pilot._wait_for_screen()
            app.screen._on_timer_update()  # compose and render the frame now

        async def key(group: str, *keys: str) -> None:
            for k in keys:
                event = key_event(k)
                t0 = time.perf_counter()
                app._driver.send_message(event)
                await drained()
                times.setdefault(group, []).append(time.perf_counter() - t0)
                await pilot.pause()  # timers, animations: outside the measured time

        await settle()
        while not app.loaded.is_set():
            await pilot.pause(0.05)
        await settle()
        app.query_one("#tree").focus()
        await key("tree: move", *["down"] * 25, *["up"] * 5)
        await key("tree: expand/collapse", "l", "h", "l", "h", "l", "h", "l")
        await key("focus next pane (Tab)", *["tab"] * 4)  # tree -> tasks -> ... -> tree
        await key("focus next pane (Tab)", "tab")  # tree -> task table
        await key("task table: move", *["j"] * 8, *["k"] * 4)
        await key("task table: evidence (Enter)", "enter", "j", "enter")
        await key("task table: timeline", "t", "t")
        t0 = time.perf_counter()
        app._driver.send_message(key_event("a"))  # not pilot.press or pilot.pause, which
        while getattr(app.screen, "view", None) is None:  # wait for the sort worker
            await asyncio.sleep(0.005)
        app.screen._on_timer_update()  # the table's first frame
        first_open = time.perf_counter() - t0
        await settle()  # the sort orders, computed in the background once the table is up
        await key("all facts: move", *["j"] * 20, *["k"] * 5, "pagedown", "pagedown", "G", "home")
        await key("all facts: sort", "5", "5", "1", "8", "4", "r")
        await key("all facts: filter (typing)", "slash", *"河南 tasks_done 2022")
        await key("all facts: filter (typing)", *["backspace"] * 5)
        await key("all facts: move", "enter", *["j"] * 5)
        await key("all facts: open and jump to evidence", "enter")
        await key("tree: move", *["down"] * 5)
        reopen: list[float] = []
        for _ in range(JUMPS - 1):  # back to all facts, as it was left: the next rows
            t0 = time.perf_counter()
            await pilot.press("a")
            await settle()
            reopen.append(time.perf_counter() - t0)
            await key("all facts: move", *["j"] * 3)
            await key("all facts: open and jump to evidence", "enter")
    times["(all facts: first open, table shown)"] = [first_open]
    times["(all facts: open again)"] = reopen
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--size", default="160x50")
    args = ap.parse_args()
    import polars as pl

    data = args.data
    if data is None:
        from scale_data import million_dataset

        data = million_dataset()
    n_facts = pl.scan_parquet(data / "facts.parquet").select(pl.len()).collect().item()
    n_metrics = pl.scan_parquet(data / "metrics.parquet").select(pl.len()).collect().item()
    n_secs = pl.scan_parquet(data / "sections.parquet").select(pl.len()).collect().item()
    w, h = (int(x) for x in args.size.split("x"))
    times = asyncio.run(run(data, (w, h)))
    print(f"dataset {data}: {n_facts:,} facts, {n_metrics:,} metrics, {n_secs:,} sections")
    print(f"{'keystroke':40} {'n':>4} {'median':>9} {'worst':>9}")
    every: list[float] = []
    for group, ts in times.items():
        if not group.startswith("("):
            every += ts
        print(
            f"{group:40} {len(ts):4d} {statistics.median(ts) * 1000:7.1f}ms {max(ts) * 1000:7.1f}ms"
        )
    print(
        f"{'every keystroke':40} {len(every):4d} {statistics.median(every) * 1000:7.1f}ms"
        f" {max(every) * 1000:7.1f}ms   (aim: median < 50 ms, worst < 150 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
