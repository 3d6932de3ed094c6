"""A 50,000-row XLSX ledger: read time, build time, and time to the task pane's first frame.

    .venv/bin/python bench/ledger_read.py            # 50,000 rows
    .venv/bin/python bench/ledger_read.py --rows 5000

The workbook is written with shared strings (as Excel and WPS write them) into a temporary
directory, beside a title row and a header. Figures:
- read: bytes -> task rows (openpyxl read-only, header mapping, words, rendering);
- build: the dataset with the bundled corpus and the ledger;
- pane: headless app with the loaded dataset: selecting the entity (its ledger rows read
  into the pane's objects) until the task pane's frame is drawn, then `l` (the ledger view,
  first page of rows) until its frame is drawn.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

STATUSES = ["已完成", "正在推进", "未达序时进度", "按序时进度推进", "基本完成", "已完成，长期坚持"]
DUES = [
    "2021年底前",
    "2022年6月底前",
    "立行立改",
    "长期坚持",
    "2025年12月31日前",
    "2023年12月31日前",
]


def write_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "整改任务"
    ws.append(["山西省第二轮中央生态环境保护督察整改任务清单"])
    ws.merge_cells("A1:G1")
    ws.append(["截至2023年6月30日"])
    ws.append(["序号", "督察反馈问题", "整改任务", "责任单位", "责任领导", "整改时限", "完成情况"])
    for i in range(1, rows + 1):
        ws.append([i, f"督察反馈问题第{i % 500}类", f"整改任务第{i}项：完成相关整治工作",
                   f"责任单位{i % 97}", "副省长", DUES[i % len(DUES)],
                   STATUSES[i % len(STATUSES)]])  # fmt: skip
    wb.save(path)


async def pane_times(data_dir: Path) -> tuple[float, float, int]:
    from ducha.tui.app import DuchaApp
    from ducha.tui.model import Model

    model = Model.load(data_dir)
    app = DuchaApp(data_dir, model=model, theme="textual-dark")
    async with app.run_test(size=(160, 48)) as pilot:
        while not app.loaded.is_set():
            await pilot.pause(0.01)
        await pilot.pause()
        t0 = time.perf_counter()
        app.jump_to("山西省", "第二轮")
        await pilot.pause()  # the frame with the counts and the ledger row is drawn
        t1 = time.perf_counter()
        tasks = app.query_one("#tasks")
        tasks.focus()
        await pilot.pause()
        t2 = time.perf_counter()
        await pilot.press("l")
        await pilot.pause()
        t3 = time.perf_counter()
        assert tasks.mode == "ledger", "the ledger view did not open"
        return t1 - t0, t3 - t2, tasks.row_count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3, help="read timings (median)")
    args = ap.parse_args()

    from ducha.build import build
    from ducha.parsers.pipeline import parse_path

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        lib = root / "library"
        lib.mkdir()
        path = lib / "山西省整改任务清单.xlsx"
        t = time.perf_counter()
        write_workbook(path, args.rows)
        print(
            f"wrote {args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s"
        )
        reads = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            doc = parse_path(path)
            reads.append(time.perf_counter() - t)
        assert len(doc.tasks) == args.rows, (len(doc.tasks), doc.problems)
        print(f"read: {statistics.median(reads):.2f} s (median of {args.repeat}), "
              f"{args.rows / statistics.median(reads):,.0f} rows/s")  # fmt: skip
        t = time.perf_counter()
        build(root, workers=1)
        print(f"build (bundled corpus + the ledger): {time.perf_counter() - t:.2f} s")
        select, ledger, n = asyncio.run(pane_times(root))
        print(f"task pane, select the entity to its frame: {select * 1000:.0f} ms")
        print(f"task pane, `l` to the ledger view's frame: {ledger * 1000:.0f} ms ({n} rows drawn)")


if __name__ == "__main__":
    main()
