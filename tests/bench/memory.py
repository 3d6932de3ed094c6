"""Resident memory of the app with a large dataset open.

    .venv/bin/python tests/bench/memory.py [--data DIR] [--million]

Starts the app headless in a fresh process on the 10,000-document dataset (or, with
--million, the dataset of a million facts; see tests/bench/scale_data.py), waits until the
data is shown, moves through the tree, opens the all-facts table, and prints the resident
set size (VmRSS) and its peak (VmHWM) at each step. Aim: under 1 GB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

APP = r"""
import asyncio, sys
from ducha.tui.app import DuchaApp

def rss():
    out = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS", "VmHWM")):
            k, v = line.split(":")
            out[k] = int(v.split()[0]) / 1024
    return out

def report(stage):
    r = rss()
    print(f"{stage:34} RSS {r['VmRSS']:6.0f} MB   peak {r['VmHWM']:6.0f} MB", flush=True)

async def main():
    report("interpreter and imports")
    app = DuchaApp(sys.argv[1])
    async with app.run_test(size=(160, 50)) as pilot:
        while not app.loaded.is_set():
            await pilot.pause(0.05)
        await pilot.pause(); await app.workers.wait_for_complete(); await pilot.pause()
        report("data shown")
        app.query_one("#tree").focus()
        for _ in range(40):
            await pilot.press("down")
        await app.workers.wait_for_complete(); await pilot.pause()
        report("after 40 tree moves")
        await pilot.press("a")
        while getattr(app.screen, "view", None) is None:
            await pilot.pause(0.05)
        await pilot.pause()
        report("all facts open")
        await pilot.press("5", "slash", *"河南", "enter", "enter")
        await app.workers.wait_for_complete(); await pilot.pause()
        report("sorted, filtered, evidence shown")

asyncio.run(main())
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--million", action="store_true")
    args = ap.parse_args()
    data = args.data
    if data is None:
        from scale_data import corpus_dataset, million_dataset

        data = million_dataset() if args.million else corpus_dataset()
    print(f"dataset {data}")
    env = {**os.environ, "DUCHA_CONFIG": str(data / "no-config.toml")}
    subprocess.run([sys.executable, "-c", APP, str(data)], check=True, env=env)
    print("(aim: under 1 GB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
