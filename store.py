"""Reading the dataset for people: the latest stated counts of an entity, per category,
with where each number comes from. Shared by `ducha show` and the app; no UI code here.

"Latest" is per entity and round: among the sections that state a field, the one with the
latest as-of date (else publication, else feedback date) wins, the last in file order
among equal dates; the app lists the earlier statements as a count's timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from ducha.parsers.dataset import TABLES, default_data_dir


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    label: str  # Chinese label shown in tables
    english: str
    fields: dict[str, str]  # role -> field name


# One row per counted category, in display order. Roles: total, done, in_progress,
# on_schedule, behind, phased, rate, and single-value roles for stationing figures.
CATEGORIES: tuple[Category, ...] = (
    Category("tasks", "整改任务", "tasks", {
        "total": "tasks_total", "done": "tasks_done", "in_progress": "tasks_in_progress",
        "on_schedule": "tasks_on_schedule", "behind": "tasks_behind", "rate": "tasks_rate",
        "immediate": "tasks_immediate"}),
    Category("problems", "问题", "problems", {
        "total": "problems_total", "done": "problems_done",
        "in_progress": "problems_in_progress", "on_schedule": "problems_on_schedule",
        "behind": "problems_behind"}),
    Category("measures", "整改措施", "measures", {"total": "measures_total", "done": "measures_done"}),
    Category("petitions", "信访件", "petitions", {
        "total": "petitions_total", "done": "petitions_done", "phased": "petitions_phased",
        "in_progress": "petitions_in_progress", "rate": "petitions_rate"}),
    Category("cases", "典型案例", "typical cases", {
        "total": "cases_total", "done": "cases_done", "in_progress": "cases_in_progress"}),
    Category("accountability", "责任追究", "accountability", {
        "total": "accountability_issues", "units": "accountability_units",
        "people": "accountability_people"}),
    Category("received", "受理举报", "petitions received", {
        "total": "petitions_received", "valid": "petitions_valid"}),
    Category("enforcement", "责令整改/处罚", "enforcement", {
        "ordered": "ordered_rectification", "penalties": "penalty_cases",
        "fines_wan": "fines_wan", "criminal": "criminal_cases"}),
    Category("detention", "拘留/约谈", "detention, interviews", {
        "detained": "detained", "administrative": "detained_administrative",
        "criminal": "detained_criminal", "interviewed": "interviewed_people"}),
)  # fmt: skip

FIELD_CATEGORY = {f: c.key for c in CATEGORIES for f in c.fields.values()}

STATUS_WORDS = {
    "done": "done",
    "behind": "behind",
    "on_schedule": "on schedule",
    "in_progress": "in progress",
    "phased": "phased",
    "stated": "stated",
}


def status_of(cells: dict[str, float | None]) -> str:
    """One word for a category's state; colour is never the only signal of it."""
    total, done = cells.get("total"), cells.get("done")
    if cells.get("behind"):
        return "behind"
    if total and done is not None and done >= total:
        return "done"
    if cells.get("phased") and done is not None and total and done + cells["phased"] >= total:
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

    @property
    def rate(self) -> float | None:
        if self.cells.get("rate") is not None:
            return self.cells["rate"]
        total, done = self.cells.get("total"), self.cells.get("done")
        if total and done is not None:
            return round(100 * done / total, 1)
        return None


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


def _ledger_rounds(df: pl.DataFrame) -> pl.DataFrame:
    """A ledger section that names no round joins its entity's latest round, so its rows
    sit in the tree with that entity's reports."""
    if df.is_empty() or "kind" not in df.columns:
        return df
    is_ledger = (pl.col("kind") == "ledger") & pl.col("round").is_null()
    if df.filter(is_ledger).is_empty():
        return df
    latest = (
        df.filter(pl.col("kind").fill_null("") != "ledger")
        .filter(pl.col("round").is_not_null())
        .sort("date_key", nulls_last=False, maintain_order=True)
        .group_by("entity")
        .agg(pl.col("round").last().alias("_round"))
    )
    return (
        df.join(latest, on="entity", how="left", maintain_order="left")
        .with_columns(
            pl.when(is_ledger).then(pl.col("_round")).otherwise(pl.col("round")).alias("round")
        )
        .drop("_round")
    )


def _by_entity(df: pl.DataFrame) -> pl.DataFrame:
    """Rows grouped by entity (a stable sort, so each entity keeps the file's order)."""
    return df.sort("entity", maintain_order=True, nulls_last=True) if "entity" in df.columns else df


def _ranges(df: pl.DataFrame) -> dict[str | None, tuple[int, int]]:
    """(offset, length) of each entity's rows in a table sorted by `_by_entity`."""
    out: dict[str | None, tuple[int, int]] = {}
    offset = 0
    for entity, n in df.group_by("entity", maintain_order=True).len().iter_rows():
        out[entity] = (offset, n)
        offset += n
    return out


class Store:
    """The dataset of one directory, loaded lazily table by table.

    Facts, metrics, deadlines and sections are kept sorted by entity with each entity's row
    range, so a query about one place reads a zero-copy slice instead of scanning a
    million rows (`rows_of`).
    """

    def __init__(self, data_dir: str | Path | None = None, *, sentences: bool = True) -> None:
        """`sentences=False` leaves out the `evidence` column of facts, metrics and
        deadlines: the app shows evidence in the document itself, and a million sentences
        are most of the dataset's memory."""
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.sentences = sentences
        self._entity_ranges: dict[str, dict[str | None, tuple[int, int]]] = {}

    def _read(self, table: str, columns: list[str] | None = None) -> pl.DataFrame:
        from ducha.parsers.dataset import SCHEMAS, empty

        if columns is None and not self.sentences and "evidence" in SCHEMAS[table]:
            columns = [c for c in SCHEMAS[table] if c != "evidence"]
        path = self.data_dir / f"{table}.parquet"
        if not path.exists():
            return empty(table) if columns is None else empty(table).select(columns)
        return pl.read_parquet(path, columns=columns)

    def exists(self) -> bool:
        return all((self.data_dir / f"{t}.parquet").exists() for t in TABLES)

    @cached_property
    def documents(self) -> pl.DataFrame:
        """Document metadata (the text is read on demand, see `text`)."""
        cols = [
            "doc_id", "path", "name", "origin", "title", "published", "kind", "status",
            "problems", "size", "n_sections", "n_facts",
        ]  # fmt: skip
        return self._read("documents", cols)

    @cached_property
    def sections(self) -> pl.DataFrame:
        df = self._read("sections")
        df = df.with_columns(pl.coalesce("as_of", "published", "feedback_date").alias("date_key"))
        return _by_entity(_ledger_rounds(df))

    @cached_property
    def facts(self) -> pl.DataFrame:
        return _by_entity(self._read("facts"))

    @cached_property
    def metrics(self) -> pl.DataFrame:
        return _by_entity(self._read("metrics"))

    @cached_property
    def deadlines(self) -> pl.DataFrame:
        return _by_entity(self._read("deadlines"))

    def rows_of(self, table: str, entity: str) -> pl.DataFrame:
        """One entity's rows of `sections`, `facts`, `metrics` or `deadlines` (a slice)."""
        df: pl.DataFrame = getattr(self, table)
        ranges = self._entity_ranges.get(table)
        if ranges is None:  # computed once per table, on first use
            ranges = self._entity_ranges[table] = _ranges(df)
        span = ranges.get(entity)
        return df.slice(*span) if span else df.head(0)

    @cached_property
    def tasks(self) -> pl.DataFrame:
        return self._read("tasks")

    @cached_property
    def entities(self) -> pl.DataFrame:
        return self._read("entities")

    def ledger(self, entity: str, today: str | None = None) -> pl.DataFrame:
        """The itemised tasks of an entity's ledgers, in file order, with `overdue`: derived
        (never stated) where a dated deadline is past the ledger's as-of date, or `today`
        when the ledger states none (`overdue_basis` says which), and no completion is
        stated. Ledgers without a status column derive nothing."""
        import datetime as dt

        today = today or dt.date.today().isoformat()
        df = self.tasks.filter(pl.col("entity") == entity)
        basis = pl.coalesce("as_of", pl.lit(today))
        is_date = pl.col("due").str.contains(r"^\d{4}-\d{2}-\d{2}$").fill_null(False)
        overdue = (
            pl.col("has_status").fill_null(False)
            & is_date
            & (pl.col("due") < basis)
            & (pl.col("status").fill_null("") != "done")
        )
        return df.with_columns(
            overdue.alias("overdue"),
            pl.when(pl.col("as_of").is_not_null())
            .then(pl.concat_str(pl.lit("as of "), pl.col("as_of")))
            .otherwise(pl.lit(f"today {today}"))
            .alias("overdue_basis"),
        )

    def ledger_check(self, entity: str, round_: str | None = None) -> LedgerCheck | None:
        """The ledger's rows against the counts the entity's prose states (the latest
        tasks_total/tasks_done, else problems_total/problems_done); None without a ledger."""
        led = self.ledger(entity)
        if led.is_empty():
            return None
        statuses = led.get_column("status").to_list()
        by_status: dict[str, int] = {}
        for st in statuses:
            by_status[st or "none"] = by_status.get(st or "none", 0) + 1
        if round_ is None:  # the round the ledger's own section is in (named or joined)
            ids = led.get_column("doc_id").unique().implode()
            rounds = (
                self.sections.filter((pl.col("entity") == entity) & pl.col("doc_id").is_in(ids))
                .get_column("round")
                .drop_nulls()
                .unique()
                .to_list()
            )
            round_ = rounds[0] if len(rounds) == 1 else None
        facts = {r["field"]: r for r in self.latest_facts(entity, round_).iter_rows(named=True)}
        noun = "tasks" if "tasks_total" in facts or "tasks_done" in facts else "problems"
        total = facts.get(f"{noun}_total")
        done = facts.get(f"{noun}_done")
        return LedgerCheck(
            entity=entity,
            rows=len(led),
            done=by_status.get("done", 0),
            by_status=by_status,
            overdue=int(led.get_column("overdue").sum()),
            noun=noun,
            stated_total=total["value"] if total else None,
            stated_done=done["value"] if done else None,
            stated_as_of=(total or done or {}).get("as_of"),
            doc_ids=sorted(set(led.get_column("doc_id").to_list())),
            ledger_as_of=next((a for a in led.get_column("as_of").to_list() if a), None),
        )

    @cached_property
    def _document_rows(self) -> dict[str, int]:
        """Row of each document in documents.parquet (the order of `documents`)."""
        return {d: i for i, d in enumerate(self.documents.get_column("doc_id").to_list())}

    def text(self, doc_id: str) -> str:
        """One document's stored text, read from parquet without loading the others."""
        path = self.data_dir / "documents.parquet"
        if not path.exists():
            return ""
        row = self._document_rows.get(doc_id)
        if row is not None:  # a slice reads only the row group holding it
            df = pl.scan_parquet(path).slice(row, 1).select("doc_id", "text").collect()
            if len(df) and df.item(0, 0) == doc_id:
                return df.item(0, 1)
        df = pl.scan_parquet(path).filter(pl.col("doc_id") == doc_id).select("text").collect()
        return df.item(0, 0) if len(df) else ""

    # --- queries -----------------------------------------------------------------------

    def entity_sections(self, entity: str, round_: str | None = None) -> pl.DataFrame:
        df = self.rows_of("sections", entity)
        if round_ is not None:
            df = df.filter(pl.col("round") == round_)
        return df.sort("date_key", nulls_last=False, maintain_order=True)

    def rounds_of(self, entity: str) -> list[str | None]:
        rounds = self.entity_sections(entity).get_column("round").unique(maintain_order=True)
        return rounds.to_list()

    def latest_facts(self, entity: str, round_: str | None = None) -> pl.DataFrame:
        """One row per field: the value from the latest section stating it."""
        secs = self.entity_sections(entity, round_).select(
            "section_id",
            "date_key",
            # a section that states no as-of date speaks as of its publication
            pl.coalesce("as_of", "date_key").alias("as_of"),
            "doc_id",
        )
        if secs.is_empty():
            return self.facts.head(0).with_columns(pl.lit(None, pl.String).alias("as_of"))
        df = self.rows_of("facts", entity).join(
            secs.drop("doc_id"), on="section_id", how="inner", maintain_order="left"
        )
        return (
            df.sort("date_key", nulls_last=False, maintain_order=True)
            .group_by("field", maintain_order=True)
            .last()
            .drop("date_key")
        )

    def category_rows(self, entity: str, round_: str | None = None) -> list[CategoryRow]:
        facts = self.latest_facts(entity, round_)
        return category_rows_from({r["field"]: r for r in facts.iter_rows(named=True)})

    def overview(self) -> pl.DataFrame:
        """One row per (entity, round): its main counts and completion, for sorting."""
        secs = self.sections.select(
            "section_id", "entity", "level", "parent", "round", "batch", "date_key"
        )
        # the latest statement of each field: the last row (in file order) of the latest
        # date, found per group without sorting a million rows (dates as dense ranks,
        # missing dates first)
        dated = secs.select(
            "section_id",
            "entity",
            "round",
            pl.col("date_key").rank("dense").fill_null(0).alias("_d"),
        )
        latest = (
            self.facts.lazy()
            .select("section_id", "entity", "field", "value")
            .join(dated.lazy(), on=["section_id", "entity"], how="inner", maintain_order="left")
            .group_by("entity", "round", "field", maintain_order=True)
            .agg(pl.col("value").reverse().get(pl.col("_d").reverse().arg_max()))
            .collect()
        )
        wide = latest.pivot(on="field", index=["entity", "round"], values="value")
        meta = (
            secs.sort("date_key", nulls_last=False, maintain_order=True)
            .group_by("entity", "round", maintain_order=True)
            .agg(
                pl.col("level").last(),
                pl.col("parent").last(),
                pl.col("batch").drop_nulls().last(),
                pl.col("date_key").last().alias("as_of"),
            )
        )
        out = meta.join(wide, on=["entity", "round"], how="left")
        for f in FIELD_CATEGORY:
            if f not in out.columns:
                out = out.with_columns(pl.lit(None, pl.Float64).alias(f))
        total = pl.coalesce("tasks_total", "problems_total")
        done = (
            pl.when(pl.col("tasks_total").is_not_null())
            .then(pl.col("tasks_done"))
            .otherwise(pl.col("problems_done"))
        )
        behind = pl.coalesce("tasks_behind", "problems_behind")
        return out.sort("entity", "round", nulls_last=True).with_columns(
            total.alias("total"),
            done.alias("done"),
            behind.alias("behind"),
            (100 * done / total).round(1).alias("completion"),
        )


def category_rows_from(by_field: Mapping[str, Mapping[str, Any]]) -> list[CategoryRow]:
    """One row per category from the latest statement of each field (`value`,
    `section_id`, `as_of`, `doc_id` of each)."""
    rows = []
    for cat in CATEGORIES:
        cells: dict[str, float | None] = {}
        sources: dict[str, tuple[str, str]] = {}
        as_of = None
        docs: set[str] = set()
        for role, fname in cat.fields.items():
            r = by_field.get(fname)
            if r is None:
                continue
            cells[role] = r["value"]
            sources[role] = (r["section_id"], fname)
            as_of = as_of or r.get("as_of")
            docs.add(r["doc_id"])
        if cells:
            rows.append(CategoryRow(cat, cells, sources, as_of, status_of(cells), docs))
    return rows
