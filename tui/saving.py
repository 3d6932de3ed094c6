"""`E`: the table on screen, saved as CSV beside the dataset.

What is written is what the screen shows, cell for cell (the same words, numbers, marks and
dates), in the screen's order and under its filter, with every column the table has (the
ones a narrow terminal leaves out too). The file goes to `DATA_DIR/exports/`, named after
the table and the time, written aside and renamed, so a spreadsheet never opens half a
file. A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
prefixed with `'` (OWASP's rule), except a plain signed number such as `-7.2%`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from ducha.export import FORMULA_START

EXPORTS = "exports"
_FORMULA_START = re.compile(FORMULA_START)  # the rule `ducha export` applies
_SIGNED_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?%?$")


def defused(cell: str) -> str:
    """`cell` as a spreadsheet shows it, never as a formula it would run."""
    if _FORMULA_START.match(cell) and not _SIGNED_NUMBER.match(cell):
        return "'" + cell
    return cell


def save_table(
    data_dir: Path,
    name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    now: dt.datetime | None = None,
) -> Path:
    """Write `rows` under `headers` to `data_dir/exports/NAME-YYYYMMDD-HHMMSS.csv` (UTF-8
    with a byte-order mark, which spreadsheets need to read Chinese); the path written."""
    folder = Path(data_dir) / EXPORTS
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", name).strip("-") or "table"
    path = folder / f"{safe}-{stamp}.csv"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{safe}-{stamp}-{n}.csv"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([defused(h) for h in headers])
            for row in rows:
                writer.writerow([defused(c) for c in row])
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def read_back(path: Path) -> list[list[str]]:
    """The rows of a saved table, headers first (tests and checks)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(io.StringIO(fh.read())))
