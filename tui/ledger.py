"""The ledger view of the task pane: an entity's itemised tasks, sortable and filterable.

Rows are plain objects (`LedgerRow`) built once per entity by `load_ledger`; sorting and
filtering run over those lists, and the table shows one page of them at a time, so a
50,000-row ledger draws as fast as a short one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ducha.vocabulary import LEDGER_STATUSES, OVERDUE_WORD, STATUS_RANK

from . import fmt

PAGE = 500  # rows drawn at a time; Enter on the last row draws the next page

# status key -> word (colour is never the only signal)
LEDGER_WORDS = {key: fmt.STATUS_WORDS[key] for key in LEDGER_STATUSES}
# status -> theme colour key of fmt.STATUS_COLOURS
LEDGER_COLOURS = {
    "done": "done",
    "basically_done": "done",
    "phased": "phased",
    "on_schedule": "on_schedule",
    "in_progress": "in_progress",
    "behind": "behind",
    "not_started": "behind",
}
# sort order for `s`: the rows that need attention first, rows without a status last
SORTS = {"d": "deadline", "u": "unit", "s": "status"}


@dataclass(slots=True)
class LedgerRow:
    key: str
    seq: str | None  # the ledger's own ID as written (3, HN-01, (一))
    title: str
    unit: str
    due: str
    due_text: str
    status: str | None
    status_text: str
    overdue: bool
    sheet: str
    row: int
    doc_id: str
    start: int | None
    end: int | None
    search: str  # lower-cased text the filter matches against


@dataclass(slots=True)
class Ledger:
    """One entity's ledger rows and how they compare with the stated counts."""

    entity: str
    rows: list[LedgerRow]
    summary: str  # the cross-check line
    agrees: bool | None
    differences: list[str]
    basis: str  # "as of 2023-06-30" or "today 2025-01-01": what overdue is derived against
    overdue: int
    done: int
    stated_total: float | None = None
    stated_done: float | None = None
    noun: str = "tasks"

    @property
    def as_of(self) -> tuple[str | None, str]:
        """`basis` as (date, vocabulary.AS_OF_BASES word): ("2023-06-30", "stated") when
        the ledger states it, ("2025-01-01", "today") when overdue is derived from today."""
        if self.basis.startswith("as of "):
            return self.basis.removeprefix("as of ") or None, "stated"
        return self.basis.removeprefix("today ") or None, "today"

    def check_cells(self) -> tuple[str, str, str]:
        """(stated, rows difference, done difference) for the check row: 'report 59/82',
        'rows -73', 'done -56'; '' where there is nothing to compare."""
        from .fmt import num

        if self.stated_total is None and self.stated_done is None:
            return "no count in the reports", "", ""
        done = num(self.stated_done) if self.stated_done is not None else "-"
        total = num(self.stated_total) if self.stated_total is not None else "-"
        out = [f"report {done}/{total}"]
        for label, mine, stated in (
            ("rows", len(self.rows), self.stated_total),
            ("done", self.done, self.stated_done),
        ):
            if stated is None or mine == stated:
                out.append("")
            else:
                diff = mine - stated
                out.append(f"{label} {'+' if diff > 0 else ''}{num(diff)}")
        return out[0], out[1], out[2]


def load_ledger(store: Any, entity: str, today: str | None = None) -> Ledger | None:
    """The entity's ledger from the store (None when it has none)."""
    check = store.ledger_check(entity)
    if check is None:
        return None
    df = store.ledger(entity, today=today)
    rows = []
    cols = ("task_id", "seq", "title", "unit", "due", "due_text", "status", "status_text",
            "overdue", "sheet", "row", "doc_id", "start", "end", "overdue_basis")  # fmt: skip
    basis = ""
    for r in df.select(cols).iter_rows(named=True):
        basis = basis or r["overdue_basis"] or ""
        title, unit = r["title"] or "", r["unit"] or ""
        rows.append(
            LedgerRow(
                key=f"led:{r['task_id']}",
                seq=r["seq"],
                title=title,
                unit=unit,
                due=r["due"] or "",
                due_text=r["due_text"] or "",
                status=r["status"],
                status_text=r["status_text"] or "",
                overdue=bool(r["overdue"]),
                sheet=r["sheet"] or "",
                row=r["row"] or 0,
                doc_id=r["doc_id"],
                start=r["start"],
                end=r["end"],
                search=" ".join(
                    (title, unit, r["due_text"] or "", r["status_text"] or "", r["due"] or "")
                ).lower(),
            )
        )
    return Ledger(
        entity, rows, check.summary(), check.agrees, check.differences(), basis,
        sum(1 for r in rows if r.overdue), check.done, check.stated_total, check.stated_done,
        check.noun,
    )  # fmt: skip


def sort_rows(rows: list[LedgerRow], key: str | None, reverse: bool = False) -> list[LedgerRow]:
    """`d` deadline (dates, then 立行立改 …, then none), `u` unit, `s` status; None: file order."""
    if key == "d":

        def k(r: LedgerRow) -> tuple:
            dated = len(r.due) == 10 and r.due[4] == "-"
            return (0 if dated else 1 if r.due else 2, r.due)
    elif key == "u":

        def k(r: LedgerRow) -> tuple:
            return (not r.unit, r.unit)
    elif key == "s":

        def k(r: LedgerRow) -> tuple:
            return (not r.overdue, STATUS_RANK.get(r.status or "", len(STATUS_RANK)))
    else:
        return list(reversed(rows)) if reverse else list(rows)
    return sorted(rows, key=k, reverse=reverse)


def filter_rows(rows: list[LedgerRow], text: str) -> list[LedgerRow]:
    """Rows whose title, unit, deadline or status contain every word of `text`;
    `overdue` matches the derived overdue rows."""
    words = text.lower().split()
    if not words:
        return rows
    out = []
    for r in rows:
        hay = r.search + (" overdue" if r.overdue else "") + " " + (r.status or "")
        if all(w in hay for w in words):
            out.append(r)
    return out


def status_cell(row: LedgerRow, variables: dict[str, str]) -> Text:

    if row.status:
        word = LEDGER_WORDS.get(row.status, row.status)
        t = Text(
            word, style=fmt.status_style(variables, LEDGER_COLOURS.get(row.status, "")), end=""
        )
    else:
        t = Text("-", style="dim", end="")
    if row.overdue:
        t.append(" ")
        t.append(OVERDUE_WORD, style=fmt.status_style(variables, "behind"))
    t.no_wrap = True
    return t


class FilterScreen(ModalScreen[str | None]):
    """`f` in the ledger view: type words; rows containing all of them stay."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", tooltip="Close without changing the filter"),
    ]
    DEFAULT_CSS = """
    FilterScreen { align: center top; }
    FilterScreen > Vertical {
        width: 60; max-width: 100%; height: auto; margin-top: 3;
        border: round $accent; background: $surface;
    }
    FilterScreen #filter-hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "filter the ledger rows"
            yield Input(
                value=self.current, placeholder="words: 太原 / overdue / 2022", id="filter-input"
            )
            yield Static(
                Text("Enter: apply (empty: all rows)   Esc: close", end=""), id="filter-hint"
            )

    def on_mount(self) -> None:
        inp = self.query_one(Input)
        inp.cursor_blink = getattr(self.app, "cursor_blink", True)
        inp.focus()

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
