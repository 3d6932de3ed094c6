"""A ledger file (CSV, XLSX) or page (HTML with task tables) -> a document with task rows.

CSV and XLSX files have no prose: their stored text is a readable rendering of their rows
(`  12  3 | 整改任务 | 责任单位 | ...`, one line per row, the sheet named above its rows),
so the source pane can show a task's row highlighted (`start`/`end` of a task cover its
line). They get one section, for their entity, so they appear in the tree. An HTML page
goes through the prose pipeline as before; its tables are read here in addition, and each
task's span is its row's line in the page text.

The entity is, in order: `entity` of the sidecar TOML (`ducha add --entity`), the title
above the table, the page or file name; the as-of date: the sidecar's `as_of`, else a
`截至…` line above the table. Status `overdue` is derived (never stated) for rows whose
dated deadline is before the as-of date and that do not state a completion; without an
as-of date the app and `ducha show` derive it against today and say so.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..model import ParsedDocument, Section
from . import headers, words
from .reader import GridRead, Task, read_grid
from .tables import Grid, TableError, csv_grid, html_grids, xlsx_grids

LEDGER_SUFFIXES = (".csv", ".xlsx", ".xlsm")
HEADER_HINT = (
    "no recognisable task header (a column such as 整改任务 / 反馈问题 beside 责任单位, "
    "整改时限 or 完成情况)"
)


def is_ledger_file(path: str) -> bool:
    return os.path.splitext(path.lower())[1] in LEDGER_SUFFIXES


def _place(candidates: list[str | None]) -> Any:
    from ducha.reference.gazetteer import load_gazetteer

    from ..normalise import to_simplified

    g = load_gazetteer()
    for text in candidates:
        if not text:
            continue
        text = to_simplified(text)
        exact = g.get(text.strip())
        if exact is not None:
            return exact
        places = [p for _s, _e, p in g.find(text) if p.level in ("province", "city")]
        if not places:
            continue
        first = places[0]
        city = next(
            (
                p
                for p in places
                if p.level == "city" and (first.level == "city" or p.parent == first.name)
            ),
            None,
        )
        return city or first
    return None


def _entity(
    overrides: headers.Overrides, candidates: list[str | None]
) -> tuple[str | None, str | None, str | None]:
    """(entity, level, parent)."""
    if overrides.entity:
        p = _place([overrides.entity])
        if p is not None and p.name.startswith(overrides.entity.rstrip("省市")):
            return p.name, p.level, p.parent
        return overrides.entity, "other", None
    p = _place(candidates)
    return (p.name, p.level, p.parent) if p is not None else (None, None, None)


def _rows(
    tasks: list[Task], reads: dict[str, GridRead], as_of: str | None, entity: str | None
) -> list[dict]:
    out = []
    for t in tasks:
        read = reads.get(t.sheet)
        has_status = bool(read and read.has_status)
        derived = None
        if as_of and has_status and words.overdue(t.due, t.status, as_of):
            derived = "overdue"
        out.append({
            "entity": entity, "seq": t.seq, "title": t.title, "unit": t.unit, "due": t.due,
            "due_text": t.due_text or None, "status": t.status, "status_text": t.status_text or None,
            "status_derived": derived, "as_of": as_of, "has_status": has_status,
            "problem": t.problem, "target": t.target, "measures": t.measures,
            "lead_unit": t.lead_unit, "leader": t.leader, "partners": t.partners,
            "group": t.group, "extra": json.dumps(t.extra, ensure_ascii=False) if t.extra else None,
            "sheet": t.sheet, "row": t.row, "start": t.start, "end": t.end,
        })  # fmt: skip
    return out


def _read_grids(
    grids: list[Grid], overrides: headers.Overrides
) -> tuple[list[Task], dict[str, GridRead]]:
    tasks: list[Task] = []
    reads: dict[str, GridRead] = {}
    for g in grids:
        read = read_grid(g, overrides)
        if read.tasks:
            reads[g.name] = read
            tasks.extend(read.tasks)
    return tasks, reads


def _render(grids: list[Grid], title: str, tasks: list[Task], multi: bool) -> str:
    """The stored text of a CSV/XLSX ledger; sets each task's start/end to its line."""
    from .reader import grid_text

    by_row = {(t.sheet, t.row): t for t in tasks}
    parts: list[str] = [title, ""]
    pos = sum(len(p) + 1 for p in parts)
    for g in grids:
        if multi:
            head = f"[{g.name}]"
            parts.append(head)
            pos += len(head) + 1
        for row, number in zip(grid_text(g), g.row_numbers, strict=True):
            cells = list(row)
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if len(cells) > 1 and len({c for c in cells if c}) == 1:
                cells = [next(c for c in cells if c)]  # a title or group merged across the row
            line = f"{number:>5}  " + " | ".join(cells)
            task = by_row.get((g.name, number))
            if task is not None:
                task.start, task.end = pos, pos + len(line)
            parts.append(line)
            pos += len(line) + 1
        parts.append("")
        pos += 1
    return "\n".join(parts).rstrip("\n") + "\n"


def parse_ledger_bytes(data: bytes, path: str, doc_id: str) -> ParsedDocument:
    """A CSV or XLSX ledger; never raises (problems are recorded on the document)."""
    name = os.path.basename(path)
    suffix = os.path.splitext(name.lower())[1]
    fmt = "csv" if suffix == ".csv" else "xlsx"
    doc = ParsedDocument(
        path=path, doc_id=doc_id, text="", title=None, published=None, kind="ledger",
        encoding="", fmt=fmt, status="ok", problems=[], sections=[],
    )  # fmt: skip
    try:
        _parse_ledger(doc, data, path, fmt)
    except TableError as exc:
        doc.problems.append(str(exc))
        doc.status = "error"
    except Exception as exc:  # a library or reader bug must not stop a build
        doc.problems.append(f"could not read the ledger: {type(exc).__name__}: {exc}")
        doc.status = "error"
    if doc.status != "error":
        doc.status = "warning" if doc.problems else "ok"
    return doc


def _parse_ledger(doc: ParsedDocument, data: bytes, path: str, fmt: str) -> None:
    name = os.path.basename(path)
    overrides = headers.read_overrides(path) if os.path.exists(path) else headers.Overrides()
    doc.problems.extend(overrides.problems)
    if fmt == "csv":
        from ..load import load_bytes

        loaded = load_bytes(data, name)
        doc.encoding = loaded.encoding
        if loaded.status == "error":
            doc.problems.extend(loaded.problems)
            doc.status = "error"
            return
        doc.problems.extend(p for p in loaded.problems if not p.startswith("removed"))
        grids = [csv_grid(loaded.text, name)]
        sheet_problems: list[str] = []
    else:
        doc.encoding = "xlsx"
        grids, sheet_problems = xlsx_grids(data)
    doc.problems.extend(sheet_problems)
    nonempty = [g for g in grids if any(any(c not in (None, "") for c in r) for r in g.rows)]
    for g in grids:
        if g not in nonempty and fmt == "xlsx":
            doc.problems.append(f"sheet {g.name!r} is empty")
    if not nonempty:
        doc.problems.append(
            "no data: the file is empty" if fmt == "csv" else "no data: every sheet is empty"
        )
        doc.status = "error"
        return
    tasks, reads = _read_grids(nonempty, overrides)
    for g in nonempty:
        if g.name not in reads:
            where = f"sheet {g.name!r}: " if fmt == "xlsx" else ""
            hint = f"; name the header row in {name}{headers.SIDECAR_SUFFIX} (header_row = N)"
            if fmt == "csv" or not reads:
                doc.problems.append(f"{where}{HEADER_HINT}{hint}")
    first = next(iter(reads.values()), None)
    title = (first.title if first else None) or os.path.splitext(name)[0]
    doc.title = title
    entity, level, parent = _entity(
        overrides, [title, os.path.splitext(name)[0], *(g.name for g in nonempty)]
    )
    as_of = overrides.as_of or next((r.as_of for r in reads.values() if r.as_of), None)
    doc.text = _render(nonempty, title, tasks, fmt == "xlsx" and len(nonempty) > 1)
    if not tasks:
        return
    if entity is None:
        doc.problems.append(
            "no entity: neither the title nor the file name names a province or city; "
            f"give one with `ducha add {name} --entity NAME`"
        )
    doc.tasks = _rows(tasks, reads, as_of, entity)
    if entity is not None:
        doc.sections.append(
            _section(entity, level, parent, overrides, title, as_of, 0, len(doc.text))
        )


def _section(entity, level, parent, overrides, title, as_of, start, end) -> Section:
    from ..rules.identity import find_round

    sec = Section(entity=entity, level=level or "other", parent=parent)
    sec.round = overrides.round or find_round(title or "")
    sec.as_of = as_of
    sec.start, sec.end = start, end
    sec.heading = True
    return sec


def add_html_ledger(doc: ParsedDocument, data: bytes, loaded_title: str | None) -> None:
    """The task tables of an HTML page, added to its prose parse (in place)."""
    from ..load import _decode, clean_text

    problems: list[str] = []
    decoded = _decode(data, True, problems)
    if decoded is None:
        return
    skipped: list[str] = []
    grids = html_grids(clean_text(decoded[0], nbsp=False), skipped)
    if skipped:
        doc.problems.extend(skipped)
        doc.status = "warning" if doc.status == "ok" else doc.status
    if not grids:
        return
    overrides = (
        headers.read_overrides(doc.path)
        if doc.path and os.path.exists(doc.path)
        else headers.Overrides()
    )
    tasks, reads = _read_grids(grids, overrides)
    if not tasks:
        return
    doc.problems.extend(overrides.problems)
    first = next(iter(reads.values()))
    prose = [s.entity for s in doc.sections if s.level in ("province", "city")]
    entity, level, parent = _entity(
        overrides,
        [loaded_title, doc.title, first.title, *(r.title for r in reads.values()),
         os.path.splitext(os.path.basename(doc.path))[0], *prose[:1]],
    )  # fmt: skip
    as_of = overrides.as_of or next((r.as_of for r in reads.values() if r.as_of), None)
    if as_of is None:
        as_of = next((s.as_of for s in doc.sections if s.entity == entity and s.as_of), None)
    _locate(doc.text, tasks)
    doc.tasks = _rows(tasks, reads, as_of, entity)
    if doc.kind is None:
        doc.kind = "ledger"
    doc.problems[:] = [p for p in doc.problems if not p.startswith("no recognisable facts")]
    if entity is None:
        doc.problems.append(
            "no entity for the task tables: give one with `ducha add FILE --entity NAME`"
        )
    elif not any(s.entity == entity for s in doc.sections):
        located = [t for t in tasks if t.start is not None]
        start = located[0].start if located else 0
        end = located[-1].end if located else len(doc.text)
        doc.sections.append(
            _section(entity, level, parent, overrides, doc.title, as_of, start, end)
        )
    if doc.status != "error":
        doc.status = "warning" if doc.problems else "ok"


def _locate(text: str, tasks: list[Task]) -> None:
    """Each task's line in the page text: the row's longest cell found after the previous
    row (merged cells appear once in the text, so shorter cells are tried too)."""
    cursor = 0
    for t in tasks:
        found = None
        for cell in sorted({c for c in t.cells if len(c) >= 2}, key=len, reverse=True)[:4]:
            probe = cell if len(cell) <= 24 else cell[:24]
            i = text.find(probe, cursor, cursor + 200_000)
            if i < 0 and " " in probe:
                i = text.find(probe.split(" ")[0], cursor, cursor + 200_000)
            if i >= 0:
                found = i
                break
        if found is None:
            continue
        start = text.rfind("\n", 0, found) + 1
        end = text.find("\n", found)
        end = len(text) if end < 0 else end
        t.start, t.end = start, end
        cursor = end
