"""The highlighted figure as a sentence a person can paste (the `y` key).

A figure quoted in a note or a message needs its place, its date and where it is
written, or nobody can check it:

    河南省 第二轮 · 整改任务 (tasks): 86 of 101 done (85.1%), 15 in progress; status in
    progress, as of ≤2024-04-04 (published). Source: <title> (2024-04-04): “<sentence>”

The sentences are built by plain functions of the rows the tables show (`task_sentence`,
`metric_sentence`, `ledger_sentence`), so tests need no terminal; `figure_sentence`
finds the highlighted row of the focused table. The app hands the result to
`App.copy_to_clipboard`, which writes OSC 52 (`ESC ] 52 ; c ; <base64> BEL`): the
terminal sets its clipboard, over SSH too, and in tmux with `set-clipboard on`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from ducha.vocabulary import (
    CATEGORY,
    FIELD_CATEGORY,
    PROGRESS_CATEGORIES,
    STATUS_WORDS,
    as_of_text,
    field_label,
    unit_of,
)

from .fmt import num, pct
from .safe import clean_line

if TYPE_CHECKING:
    from textual.widget import Widget

    from .ledger import Ledger, LedgerRow
    from .model import DocInfo, Evidence, MetricRow, Model, TaskRow

EVIDENCE_LIMIT = 240  # characters of a long evidence sentence kept around its figure
_SPACE = re.compile(r"\s+")
# the counts beside done and total, in the table's order
_PARTS = (("in_progress", "in progress"), ("on_schedule", "on schedule"),
          ("behind", "behind"), ("phased", "phased"))  # fmt: skip


def evidence_sentence(text: str, ev: Evidence, limit: int = EVIDENCE_LIMIT) -> str:
    """The evidence span of `text` on one line (white space runs made one space); a span
    longer than `limit` characters is cut around its first matched figure, with … where
    it was cut."""
    start, end = max(0, ev.start), min(len(text), ev.end)
    a, b = start, end
    if b - a > limit:
        focus = ev.matches[0][0] if ev.matches else start
        a = max(start, focus - limit // 3)
        b = min(end, a + limit)
        a = max(start, b - limit)
    piece = _SPACE.sub(" ", clean_line(text[a:b])).strip()
    return ("…" if a > start else "") + piece + ("…" if b < end else "")


def source_part(doc: DocInfo | None, text: str | None, ev: Evidence | None) -> str:
    """`Source: <title> (<published>): “<sentence>”`, or '' without evidence."""
    if ev is None:
        return ""
    if doc is None:
        out = f"Source: document {clean_line(ev.doc_id)}"
    else:
        out = f"Source: {clean_line(doc.title or doc.name)}"
        if doc.published:
            out += f" ({clean_line(doc.published)})"
    if text and ev.end > ev.start:
        return f"{out}: “{evidence_sentence(text, ev)}”"
    return f"{out}."


def _value(row: TaskRow, role: str) -> str:
    """A cell as the table shows it: an approximation as its report writes it (近60%)."""
    if role in row.written:
        return clean_line(row.written[role])
    value = row.cells.get(role)
    return pct(value) if role == "rate" else num(value)


def _progress(row: TaskRow) -> str:
    """`86 of 101 done (85.1%), 15 in progress`: the counts of a category with progress."""
    cells = row.cells
    done, total = cells.get("done"), cells.get("total")
    if done is not None and total is not None:
        out = f"{_value(row, 'done')} of {_value(row, 'total')} done"
    elif total is not None:
        out = f"{_value(row, 'total')} in total"
    elif done is not None:
        out = f"{_value(row, 'done')} done"
    else:
        out = ""
    if cells.get("rate") is not None or "rate" in row.written:
        out = f"{out} ({_value(row, 'rate')})" if out else f"{_value(row, 'rate')} done"
    parts = [out] if out else []
    parts += [f"{_value(row, r)} {words}" for r, words in _PARTS if cells.get(r) is not None]
    return ", ".join(parts)


def _figures(category: str, cells: dict[str, float | None], written: dict[str, str]) -> str:
    """`问责单位 12个、问责人员 128人`: figures without progress, each with its label and unit."""
    fields = CATEGORY[category].fields if category in CATEGORY else {}
    out = []
    for role, value in cells.items():
        f = fields.get(role)
        if f is None or value is None:
            continue
        shown = clean_line(written[role]) if role in written else f"{num(value)}{unit_of(f)}"
        out.append(f"{field_label(f)} {shown}")
    return "、".join(out)


def task_sentence(
    row: TaskRow,
    entity: str,
    round_: str | None,
    doc: DocInfo | None,
    text: str | None,
) -> str | None:
    """A row of the task table as a sentence: place and round, category (Chinese,
    English), figures, status, as-of date with its provenance, and its source (title,
    publication date, the sentence that states it). None for a heading row."""
    if row.status == "heading":
        return None
    kind, _, rest = row.key.partition(":")
    category = rest.split(":", 1)[0]
    status = STATUS_WORDS.get(row.status, row.status)
    if kind == "fig" or (kind == "cat" and category not in PROGRESS_CATEGORIES):
        # a single figure (问责人员 128人): its category, then the figure with its label
        field = rest if kind == "fig" else _field_named(category, row.label)
        category = FIELD_CATEGORY.get(field, category)
        label = f"{field_label(field)} " if field else f"{clean_line(row.label)} "
        figures = label + (_value(row, "total") + row.unit if "total" not in row.written
                           else _value(row, "total"))  # fmt: skip
        status = ""
    elif kind == "hist" and category in CATEGORY and category not in PROGRESS_CATEGORIES:
        figures = _figures(category, row.cells, row.written)
        status = ""
    elif kind == "due":
        figures = _value(row, "total")
        if row.cells.get("rate") is not None:
            figures += f" ({_value(row, 'rate')})"
        status = ""
    else:
        figures = _progress(row)
        if kind == "cat" and row.detail:  # the other stated counts: 立行立改 30项
            figures += f", {clean_line(row.detail)}"
    if kind in ("cat", "fig", "hist") and category in CATEGORY:
        cat = CATEGORY[category]
        name = f"{cat.label} ({cat.english})"
    elif kind == "due":
        name = f"{clean_line(row.label)} (deadline bucket)"
    elif kind == "ledger":
        name = "台账 (ledger)"
    else:
        name = clean_line(row.label.strip())
    if kind == "hist":
        name += ", an earlier report"
    head = clean_line(entity) + (f" {clean_line(round_)}" if round_ else "")
    out = f"{head} · {name}: {figures}"
    if status and status != STATUS_WORDS.get("stated"):
        out += f"; status {status}"
    as_of = as_of_text(row.as_of, row.as_of_basis)
    if as_of:
        out += f", {as_of}"
    return _with_source(out, source_part(doc, text, row.evidence))


def _field_named(category: str, label: str) -> str:
    """The field of `category` whose Chinese label is `label` ('' when none is)."""
    fields = CATEGORY[category].fields.values() if category in CATEGORY else ()
    return next((f for f in fields if field_label(f) == label), "")


def metric_sentence(
    row: MetricRow,
    entity: str,
    doc: DocInfo | None,
    text: str | None,
    as_of: tuple[str | None, str | None] = (None, None),
) -> str | None:
    """An indicator's latest value as a sentence: place, indicator, value, unit and year,
    change, the as-of date of the report that states it, and its source."""
    if row.value is None:
        return None
    name = clean_line(row.name) + (" target" if row.target else "")
    out = f"{clean_line(entity)} · {name} (indicator): {num(row.value)}"
    if row.unit:
        out += f" {clean_line(row.unit)}" if row.unit != "%" else "%"
    if row.year:
        out += f" in {row.year}"
    if row.change is not None:
        unit = clean_line(row.change_unit)
        sign = "+" if row.change > 0 else ""
        out += f", change {sign}{num(row.change)}{'' if unit in ('%', '') else ' '}{unit}"
    stated = as_of_text(*as_of)
    if stated:
        out += f", {stated}"
    return _with_source(out, source_part(doc, text, row.evidence))


def ledger_sentence(row: LedgerRow, ledger: Ledger, doc: DocInfo | None, text: str | None) -> str:
    """A ledger row (one itemised task) as a sentence: place, its number and task, state
    as the ledger writes it, deadline, and its source."""
    from .model import Evidence

    seq = f" #{clean_line(row.seq)}" if row.seq else ""
    out = f"{clean_line(ledger.entity)} · 台账 (ledger){seq}: {clean_line(row.title)}"
    state = STATUS_WORDS.get(row.status or "", row.status or "")
    if row.status_text and row.status_text != state:
        state = f"{state} ({clean_line(row.status_text)})" if state else clean_line(row.status_text)
    if state:
        out += f"; status {state}"
    due = row.due or row.due_text
    if due:
        out += f", due {clean_line(due)}"
    if row.overdue:
        out += f", overdue* (derived, {clean_line(ledger.basis)})"
    ev = (
        Evidence(row.doc_id, row.start, row.end)
        if row.start is not None and row.end is not None
        else None
    )
    return _with_source(out, source_part(doc, text, ev))


def _with_source(sentence: str, source: str) -> str:
    return f"{sentence}. {source}" if source else f"{sentence}."


def shorten(s: str, width: int) -> str:
    """`s` cut to `width` terminal cells (CJK counts 2), ending in … when cut."""
    if cell_len(s) <= width:
        return s
    out, used = [], 0
    for ch in s:
        used += cell_len(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


# --------------------------------------------------------------------------- the app's side


def figure_sentence(
    model: Model, entity: str | None, round_: str | None, widget: Widget | None
) -> str | None:
    """The sentence for the highlighted row of `widget` when it is the task or metrics
    table, None when there is nothing to copy (another pane, no row, a heading)."""
    from .tables import MetricsTable, TaskTable

    if widget is None or not entity:
        return None
    if isinstance(widget, MetricsTable):
        if not widget.row_count:
            return None
        key = widget.row_key_at(widget.cursor_row)
        metric = next((m for m in widget.rows_data if m.key == key), None)
        if metric is None:
            return None
        doc, text = _document(model, metric.evidence)
        return metric_sentence(metric, entity, doc, text, _as_of(model, entity, metric.evidence))
    if isinstance(widget, TaskTable):
        if not widget.row_count:
            return None
        key = widget.row_key_at(widget.cursor_row) or ""
        if widget.mode == "ledger" and widget.ledger is not None:
            led = next((r for r in widget.shown[: widget.limit] if r.key == key), None)
            if led is None:
                return None
            doc, text = _document(model, _ledger_evidence(led))
            return ledger_sentence(led, widget.ledger, doc, text)
        found = _task_row(widget, key)
        if found is None:
            return None
        row, row_round = found
        doc, text = _document(model, row.evidence)
        return task_sentence(row, entity, row_round or round_, doc, text)
    return None


def _task_row(table: Any, key: str) -> tuple[TaskRow, str | None] | None:
    """The row of the task table with `key`, and the round of an earlier report shown
    under another round's heading (None: the table's round)."""
    for row in table.rows_data:
        if row.key == key:
            return row, None
        if row.key in table.open_timelines:
            heading: str | None = None
            for h in row.history:
                if h.status == "heading":
                    heading = h.label.strip()
                if h.key == key:
                    return h, heading
    if key == "ledger" and table.ledger is not None:
        return _ledger_summary(table.ledger), None
    return None


def _ledger_summary(ledger: Ledger) -> TaskRow:
    """The task table's ledger row, named and dated for a sentence (its as-of also when
    it is today's)."""
    from dataclasses import replace

    from .tables import TaskTable

    date, basis = ledger.as_of
    row = TaskTable.ledger_summary_row(ledger)
    return replace(row, label="台账", status="", detail="", as_of=date, as_of_basis=basis)


def _ledger_evidence(row: LedgerRow) -> Evidence | None:
    from .model import Evidence

    if row.start is None or row.end is None:
        return None
    return Evidence(row.doc_id, row.start, row.end)


def _document(model: Model, ev: Evidence | None) -> tuple[DocInfo | None, str | None]:
    if ev is None:
        return None, None
    return model.documents.get(ev.doc_id), model.text(ev.doc_id)


def _as_of(model: Model, entity: str, ev: Evidence | None) -> tuple[str | None, str | None]:
    """The as-of date and basis of the entity's section that holds the evidence: the last
    one of its document starting before it."""
    if ev is None:
        return None, None
    best = None
    for s in model.sections_by_entity.get(entity, []):
        if s["doc_id"] == ev.doc_id and (s["start"] or 0) <= ev.start:
            if best is None or (s["start"] or 0) >= (best["start"] or 0):
                best = s
    if best is None:
        return None, None
    return best.get("date_key"), best.get("as_of_basis")
