"""Grids -> task rows: find the header, map its columns, read each row's words.

A task list has a title above it (`山西省贯彻落实第二轮中央生态环境保护督察报告整改任务清单`),
sometimes a date (`截至2023年6月30日`), a header row (possibly two, when 责任单位 spans
牵头单位 and 配合单位), then one row per task, with group rows between (`一、大气污染防治`),
the header repeated at page breaks and merged cells for a unit or problem shared by several
rows. `read_grid` returns the tasks of one grid with the row each came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import headers, words
from .tables import Grid

HEADER_SCAN = 30  # rows searched for the header
_SEQ = re.compile(r"^\s*[(（]?(\d{1,6})[)）.、]?\s*$")
_TOTAL_ROW = re.compile(r"^(?:合计|小计|总计|共计)")
_AS_OF = re.compile(r"(?:截至|截止(?:到|至)?|数据截止|统计截止|更新(?:至|时间|日期)[:：]?)\s*")


@dataclass(slots=True)
class Task:
    seq: str | None  # the row's number or ID as written (3, HN-01, 1-1, (一))
    title: str
    unit: str | None
    due: str | None
    due_text: str
    status: str | None
    status_text: str
    problem: str | None = None
    target: str | None = None
    measures: str | None = None
    lead_unit: str | None = None
    leader: str | None = None
    partners: str | None = None
    group: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    sheet: str = ""
    row: int = 0  # 1-based row of the sheet / file / table
    cells: list[str] = field(default_factory=list)  # the row as shown (for locating it)
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class GridRead:
    tasks: list[Task]
    header_row: int | None  # 1-based, None when no header was found
    columns: dict[str, str]  # original title -> canonical column (mapped ones)
    unknown: list[str]  # titles kept as they are
    title: str | None
    as_of: str | None
    has_status: bool


def cell_text(value: Any) -> str:
    """A cell as text: integers without '.0', dates as ISO, line breaks kept as spaces."""
    if value is None:
        return ""
    if type(value) is str:
        if value.isprintable():
            return value.strip() if "  " not in value else re.sub(r"\s+", " ", value).strip()
    elif isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    from ..load import clean_text

    return re.sub(r"\s+", " ", clean_text(str(value))).strip()


def find_header(
    rows: list[list[str]], overrides: headers.Overrides | None = None
) -> tuple[int | None, list[str]]:
    """(index of the header row, its titles, combined with a sub-header row below)."""
    cols = overrides.columns if overrides else None
    if overrides and overrides.header_row and overrides.header_row <= len(rows):
        i = overrides.header_row - 1
        return i, rows[i]
    best, best_score = None, 1
    for i, row in enumerate(rows[:HEADER_SCAN]):
        score = headers.header_score(row, cols)
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return None, []
    titles = rows[best]
    if best + 1 < len(rows):
        sub = rows[best + 1]
        mapped_sub = [headers.map_title(c, cols) for c in sub]
        first = sub[0] if sub else ""
        if sum(1 for k in mapped_sub if k) >= 2 and not _SEQ.match(first or "x"):
            combined = [
                s if k and s != t else t for t, s, k in zip(titles, sub, mapped_sub, strict=False)
            ]
            if headers.header_score(combined, cols) > best_score:
                return best + 1, combined
    return best, titles


def _title_and_as_of(lines: list[str]) -> tuple[str | None, str | None]:
    title, as_of = None, None
    for line in lines:
        a = find_as_of(line)
        if a and as_of is None:
            as_of = a
            rest = line[: _AS_OF.search(line).start()].strip() if _AS_OF.search(line) else ""  # type: ignore[union-attr]
            if len(rest) < 6:
                continue
        if len(line) <= 120 and re.search(r"清单|情况|台账|任务|表|方案|问题", line):
            title = line
    if title is None:
        short = [ln for ln in lines if 4 <= len(ln) <= 120]
        title = short[-1] if short else None
    return title, as_of


def find_as_of(line: str) -> str | None:
    """截至2023年6月30日 / 截止2022年底 / 更新时间:2023-06-30 -> ISO date."""
    m = _AS_OF.search(line)
    if not m:
        return None
    due = words.read_due(line[m.end() : m.end() + 16])
    return due.due if words.is_date(due.due) else None


def grid_text(grid: Grid) -> list[list[str]]:
    """The grid's cells as text (computed once per grid)."""
    if grid.texts is None:
        grid.texts = [[cell_text(c) for c in r] for r in grid.rows]
    return grid.texts


def read_grid(grid: Grid, overrides: headers.Overrides | None = None) -> GridRead:
    rows = grid_text(grid)
    cols = overrides.columns if overrides else None
    hi, titles = find_header(rows, overrides)
    if hi is None:
        return GridRead([], None, {}, [], None, None, False)
    # the title: single-valued rows above the header (a merged title cell), or text above
    above = list(grid.above)
    for top in rows[:hi]:
        top_vals = {c for c in top if c}
        if len(top_vals) == 1:
            above.append(next(iter(top_vals)))
        elif top_vals:
            above.extend(v for v in top if v and find_as_of(v))
    title, as_of = _title_and_as_of(above)
    keys = headers.map_row(titles, cols)
    mapped = {t: k for t, k in zip(titles, keys, strict=True) if k and k != headers.IGNORE}
    unknown_idx = [i for i, k in enumerate(keys) if k is None and titles[i]]
    idx = {k: i for i, k in enumerate(keys) if k and k != headers.IGNORE}
    header_cells = [c for c in titles]
    tasks: list[Task] = []
    group: str | None = None
    for r in range(hi + 1, len(rows)):
        row = rows[r]
        vals = [c for c in row if c]
        if not vals:
            continue
        if row == header_cells or sum(
            1 for a, b in zip(row, titles, strict=False) if a and a == b
        ) * 2 >= len(vals):
            continue  # the header repeated (page break), or its sub-header
        distinct = set(vals)
        if _TOTAL_ROW.match(vals[0]):
            continue
        if len(distinct) == 1 and len(vals) >= min(2, len(row)) and len(row) > 1:
            group = vals[0]  # 一、大气污染防治: a heading merged across the row
            continue

        def get(key: str, row: list[str] = row) -> str | None:
            i = idx.get(key)
            return (row[i] or None) if i is not None and i < len(row) else None

        name = get("title") or get("problem") or get("measures") or get("target")
        if not name:
            continue
        raw_due = (
            grid.rows[r][idx["due"]] if "due" in idx and idx["due"] < len(grid.rows[r]) else None
        )
        due = words.read_due(raw_due)
        status = words.read_status(get("status"))
        extra = {titles[i]: row[i] for i in unknown_idx if i < len(row) and row[i]}
        for key in ("supervisor", "note"):
            if get(key):
                extra[titles[idx[key]]] = get(key) or ""
        tasks.append(
            Task(
                seq=get("seq"),
                title=name,
                unit=get("unit") or get("lead_unit"),
                due=due.due,
                due_text=due.text,
                status=status.key,
                status_text=status.text,
                problem=get("problem"),
                target=get("target"),
                measures=get("measures"),
                lead_unit=get("lead_unit"),
                leader=get("leader"),
                partners=get("partners"),
                group=group,
                extra=extra,
                sheet=grid.name,
                row=grid.row_numbers[r],
                cells=row,
            )
        )
    return GridRead(
        tasks, hi + 1, mapped, [titles[i] for i in unknown_idx], title, as_of, "status" in idx
    )
