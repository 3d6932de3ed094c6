"""The typed results of the queries (query.py): what a tree node, an overview row, a
category's counts, a ledger check and an entity lookup are. Importable without polars,
so the app's first frame and a stored answer use the same types as the query path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ducha.vocabulary import Category


def status_of(cells: dict[str, float | None]) -> str:
    """One word for a category's state; colour is never the only signal of it."""
    total, done = cells.get("total"), cells.get("done")
    if cells.get("behind"):
        return "behind"
    if total and done is not None and done >= total:
        return "done"
    phased = cells.get("phased")
    if phased and done is not None and total and done + phased >= total:
        return "phased"
    if cells.get("on_schedule"):
        return "on_schedule"
    if total and (done is not None or cells.get("in_progress")):
        return "in_progress"
    return "stated"


@dataclass(slots=True)
class CategoryRow:
    category: Category
    cells: dict[str, float | None]  # role -> value
    sources: dict[str, tuple[str, str]]  # role -> (section_id, field)
    as_of: str | None
    status: str
    doc_ids: set[str] = field(default_factory=set)
    as_of_basis: str | None = None  # vocabulary.AS_OF_BASES: stated, published, feedback

    @property
    def rate(self) -> float | None:
        if self.cells.get("rate") is not None:
            return self.cells["rate"]
        total, done = self.cells.get("total"), self.cells.get("done")
        if total and done is not None:
            return round(100 * done / total, 1)
        return None


@dataclass(slots=True)
class Summary:
    """Counts of one (entity, round): what a tree node and an overview row show."""

    entity: str
    round: str | None
    level: str
    parent: str | None
    batch: int | None
    as_of: str | None
    total: float | None
    done: float | None
    in_progress: float | None
    on_schedule: float | None
    behind: float | None
    phased: float | None
    completion: float | None
    status: str
    as_of_basis: str | None = None  # where `as_of` comes from (vocabulary.AS_OF_BASES)
    counted: str | None = None  # the category of `total`: "tasks" or "problems"


@dataclass(slots=True)
class LedgerCheck:
    """A ledger's rows counted against the counts stated in the entity's reports."""

    entity: str
    rows: int
    done: int
    by_status: dict[str, int]
    overdue: int
    noun: str  # "tasks" or "problems": what the prose counts
    stated_total: float | None
    stated_done: float | None
    stated_as_of: str | None
    doc_ids: list[str]
    ledger_as_of: str | None

    @property
    def stated(self) -> bool:
        return self.stated_total is not None or self.stated_done is not None

    @property
    def agrees(self) -> bool | None:
        if not self.stated:
            return None
        return (self.stated_total is None or self.stated_total == self.rows) and (
            self.stated_done is None or self.stated_done == self.done
        )

    def differences(self) -> list[str]:
        """'2 rows fewer than the 82 tasks stated', ... (empty when they agree)."""
        out = []
        for label, ledger, stated in (
            ("rows", self.rows, self.stated_total),
            ("done", self.done, self.stated_done),
        ):
            if stated is None or ledger == stated:
                continue
            diff = ledger - stated
            what = f"{self.noun} stated" if label == "rows" else "stated done"
            out.append(
                f"{label}: ledger {ledger} vs {_n(stated)} {what} ({'+' if diff > 0 else ''}{_n(diff)})"
            )
        return out

    def summary(self) -> str:
        """One line: 'ledger 9 rows, 4 done; report: 82 tasks, 59 done: differs (...)'."""
        line = f"ledger {self.rows} rows, {self.done} done"
        if not self.stated:
            return line + "; no count stated in the reports"
        stated = ", ".join(
            p
            for p in (
                f"{_n(self.stated_total)} {self.noun}" if self.stated_total is not None else "",
                f"{_n(self.stated_done)} done" if self.stated_done is not None else "",
            )
            if p
        )
        when = f" (as of {self.stated_as_of})" if self.stated_as_of else ""
        if self.agrees:
            return f"{line}; report{when}: {stated}: agrees"
        return f"{line}; report{when}: {stated}: differs: {'; '.join(self.differences())}"


def _n(v: float | None) -> str:
    if v is None:
        return "-"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


class Resolution:
    """The outcome of a query: one entity, or why not (ambiguous, unknown, no documents)."""

    def __init__(
        self,
        query: str,
        entity: str | None = None,
        kind: str = "ok",
        candidates: list[str] | None = None,
        suggestions: list[str] | None = None,
    ) -> None:
        self.query = query
        self.entity = entity
        self.kind = kind
        self.candidates = candidates or []
        self.suggestions = suggestions or []
