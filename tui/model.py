"""What the app shows, as plain Python objects computed from the dataset.

`Model.load` runs in a background thread (it imports polars and reads the parquet
tables); the widgets only ever see the lists and dataclasses defined here, so no
dataframe code runs while a frame is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ducha.results import Summary

from ducha.vocabulary import as_of_short, round_rank

from .firstscreen import SummaryLookups


class DatasetError(Exception):
    """The dataset could not be read (and rebuilding it did not help)."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a displayed value comes from: a span of one document's text."""

    doc_id: str
    start: int
    end: int
    matches: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class TaskRow:
    """One row of the task table (a category, a deadline bucket, or an earlier report)."""

    key: str
    label: str
    cells: dict[str, float | None]
    status: str
    as_of: str | None
    detail: str = ""
    evidence: Evidence | None = None
    history: Sequence[TaskRow] = ()
    is_history: bool = False
    as_of_basis: str | None = None  # vocabulary.AS_OF_BASES
    unit: str = ""  # of a single figure (人, 万元), shown with its value
    written: dict[str, str] = field(default_factory=dict)  # role -> approximate, as written
    english: str = ""  # the label in English, shown beside the Chinese when there is room


class History(Sequence[TaskRow]):
    """Earlier statements of a count, built on first use: a province can have thousands,
    and only their number shows until the timeline is opened. Its length is the number of
    statements; its rows add a heading before each other round's statements."""

    def __init__(self, n: int, build: Callable[[], list[TaskRow]]) -> None:
        self._n = n
        self._build: Callable[[], list[TaskRow]] | None = build
        self._rows: list[TaskRow] = []

    def _materialise(self) -> list[TaskRow]:
        if self._build is not None:
            self._rows, self._build = self._build(), None
        return self._rows

    def __len__(self) -> int:
        return self._n

    def __bool__(self) -> bool:
        return self._n > 0

    def __getitem__(self, i):  # type: ignore[override]
        return self._materialise()[i]

    def __iter__(self) -> Iterator[TaskRow]:
        return iter(self._materialise())


@dataclass(slots=True)
class MetricRow:
    key: str
    name: str
    target: bool
    years: list[int | None]
    values: list[float | None]
    value: float | None
    unit: str
    year: int | None
    change: float | None
    change_unit: str
    evidence: Evidence | None


@dataclass(slots=True)
class DocInfo:
    doc_id: str
    title: str
    published: str | None
    kind: str | None
    name: str


class Model(SummaryLookups):
    """The loaded dataset and the queries the panes need."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.rebuilt = False  # whether loading it built the dataset first
        self.note = ""  # why the data shown may be out of date (it could not be refreshed)
        self._texts: dict[str, str] = {}
        self._ledgers: dict[str, Any] = {}

    # --- loading -------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        data_dir: str | Path | None,
        progress: Callable[[str, int, int, str], None] | None = None,
        extra: Sequence[str] = (),
    ) -> Model:
        """Build the dataset when missing or stale, then read it (called in a thread). The
        build runs as `ducha build` in a child process: the app never parses."""
        from ducha.dataset import is_stale, readable_as_is
        from ducha.query import Store
        from ducha.runbuild import BuildFailed, run_build
        from ducha.sources import default_data_dir

        ddir = Path(data_dir) if data_dir else default_data_dir()

        def tick(i: int, n: int, name: str) -> None:
            if progress:
                progress("building", i, n, name)

        if progress:
            progress("checking", 0, 0, str(ddir))
        rebuilt = is_stale(ddir, extra)
        note = ""
        if rebuilt:
            if progress:
                progress("building", 0, 0, "")
            as_is = readable_as_is(ddir)
            try:  # data to show already: another build's lock is not waited for
                run_build(ddir, extra, progress=tick, wait=0 if as_is else None)
            except BuildFailed as exc:
                if not as_is:
                    raise
                note = (
                    f"could not refresh the dataset ({exc}); showing it as the last build left it"
                )
        try:
            model = cls(Store(ddir, sentences=False))
            model.rebuilt = rebuilt
            model.note = note
            model.warm()
        except Exception as first:
            if progress:
                progress("building", 0, 0, f"dataset unreadable ({first}); rebuilding")
            try:
                run_build(ddir, extra, full=True, progress=tick)
                model = cls(Store(ddir, sentences=False))
                model.rebuilt = True
                model.warm()
            except Exception as exc:
                raise DatasetError(
                    f"the dataset in {ddir} cannot be read: {exc}\n"
                    f"rebuild it with: ducha --data {ddir} build --full"
                ) from exc
        return model

    def warm(self) -> None:
        """Read every table the first screens need (so errors show up here, not later)."""
        _ = self.overview, self.documents, self.sections_rows, self.gazetteer, self.batches
        _ = self.sections_by_entity, self.sections_by_id
        for table in ("facts", "metrics", "deadlines"):  # each table's entity row ranges
            self.store.rows_of(table, "")

    # --- dataset facts -------------------------------------------------------------------

    @cached_property
    def documents(self) -> dict[str, DocInfo]:
        out = {}
        for r in self.store.documents.iter_rows(named=True):
            out[r["doc_id"]] = DocInfo(
                r["doc_id"], r["title"] or r["name"] or "", r["published"], r["kind"], r["name"]
            )
        return out

    @cached_property
    def sections_rows(self) -> list[dict[str, Any]]:
        """Every section, oldest first, with the columns the panes read. Repeated values
        (entity, round, dates, document) share one string object: a dict of every column
        with strings of its own took 390 MB at 160,000 sections."""
        cols = ("section_id", "doc_id", "entity", "level", "parent", "round", "batch",
                "as_of", "date_key", "as_of_basis", "published", "start")  # fmt: skip
        df = self.store.sections.select(cols).sort(
            "date_key", nulls_last=False, maintain_order=True
        )
        shared: dict[Any, Any] = {}
        return [
            dict(zip(cols, (shared.setdefault(v, v) for v in values), strict=True))
            for values in df.iter_rows()
        ]

    @cached_property
    def sections_by_id(self) -> dict[str, dict[str, Any]]:
        return {s["section_id"]: s for s in self.sections_rows}

    @cached_property
    def sections_by_entity(self) -> dict[str, list[dict[str, Any]]]:
        """Each entity's sections, oldest first (built once: per-key lookups stay instant
        with a hundred thousand sections)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for s in self.sections_rows:
            out.setdefault(s["entity"], []).append(s)
        return out

    @cached_property
    def latest_report(self) -> tuple[str, str] | None:
        from ducha.query import latest_report

        return latest_report(self.store)

    @cached_property
    def gazetteer(self) -> Any:
        from ducha.reference.gazetteer import load_gazetteer

        return load_gazetteer()

    @cached_property
    def batches(self) -> tuple[Any, ...]:
        from ducha.reference.batches import load_batches

        return load_batches()

    def short(self, name: str) -> str:
        place = self.gazetteer.get(name)
        return place.short if place else name

    # --- summaries (tree nodes, overview rows) --------------------------------------------

    @cached_property
    def overview(self) -> dict[tuple[str, str | None], Summary]:
        from ducha.query import summaries

        return summaries(self.store)

    def rounds_of(self, entity: str) -> list[str | None]:
        """Rounds an entity has sections in, newest first."""
        rounds = {s["round"] for s in self.sections_by_entity.get(entity, [])}
        return sorted(rounds, key=round_rank)

    def entities_with_docs(self) -> set[str]:
        return set(self.sections_by_entity)

    def batch_of(self, entity: str, round_: str | None) -> Any:
        """The reference batch that inspected `entity` (a city: its province) in `round_`."""
        summary = self.overview.get((entity, round_))
        batch_no = summary.batch if summary else None
        target = entity
        place = self.gazetteer.get(entity)
        if place is not None and place.level == "city" and place.parent:
            target = place.parent
        candidates = [b for b in self.batches if b.round_name == round_ and target in b.members]
        if batch_no is not None:
            exact = [b for b in candidates if b.batch == batch_no]
            if exact:
                return exact[0]
        return candidates[-1] if candidates else None

    # --- one entity ------------------------------------------------------------------------

    def task_rows(self, entity: str, round_: str | None) -> list[TaskRow]:
        """The category rows of `entity` in `round_` (latest statement of each count, with
        its earlier statements as a history built when first opened), then the deadline
        buckets of its latest plan.

        Row indices grouped by field in polars, then plain lists: a province with hundreds
        of reports has tens of thousands of facts, and a query per category, or a Python
        object per fact, costs more than the few rows shown."""
        import polars as pl

        from ducha.query import category_of, category_rows_from
        from ducha.vocabulary import PROGRESS_CATEGORIES, PROGRESS_ROLES, field_label, unit_of

        secs = self.sections_by_entity.get(entity, [])
        sec_of = self.sections_by_id
        facts = self.store.rows_of("facts", entity)
        dates = self.store.rows_of("sections", entity).select(
            "section_id", "date_key"
        )  # (a slice of the sections table: nothing copied)
        # oldest first, ties in file order: as `Store.latest_facts` orders them
        ranked = (
            facts.select("section_id", "field")
            .with_row_index("i")
            .join(dates, on="section_id", how="inner", maintain_order="left")
            .sort("date_key", nulls_last=False, maintain_order=True)
        )
        # each category's sections, oldest first, and each (section, field)'s rows
        sections_of: dict[str, list[str]] = {
            cat: sids
            for cat, sids in ranked.group_by(category_of(pl.col("field")), maintain_order=True)
            .agg(pl.col("section_id").unique(maintain_order=True))
            .iter_rows()
        }
        by_section_field: dict[tuple[str, str], list[int]] = {
            (sid, f): idx
            for sid, f, idx in ranked.group_by("section_id", "field", maintain_order=True)
            .agg("i")
            .iter_rows()
        }
        # the latest statement of each category (query.Store.latest_facts: one section per
        # category); the earlier rows of its counts are its history
        latest: dict[str, dict[str, Any]] = {
            r["field"]: r for r in self.store.latest_facts(entity, round_).iter_rows(named=True)
        }
        rows: list[TaskRow] = []
        for cr in category_rows_from(latest):
            role_order = ("done", "total", "in_progress", "on_schedule", "behind", "phased", "rate")
            main_role = next((r for r in role_order if r in cr.sources), next(iter(cr.sources)))
            sid, fname = cr.sources[main_role]
            sec = sec_of.get(sid, {})
            as_of = cr.as_of or sec.get("date_key")
            basis = cr.as_of_basis or sec.get("as_of_basis")
            same = sorted(i for s2, f in cr.sources.values() if s2 == sid
                          for i in by_section_field.get((s2, f), []))  # fmt: skip
            ev = _section_evidence([facts.row(i, named=True) for i in same], fname)
            written = self._written(facts, by_section_field, cr.sources)
            # the timeline: every earlier section that states the category, newest first
            # (never a section of another level: a county's report is not its province's)
            level = sec.get("level")
            earlier = [
                x
                for x in sections_of.get(cr.category.key, [])
                if x != sid and not (level and sec_of[x].get("level") not in (level, None))
            ]
            history = History(
                len(earlier),
                lambda earlier=earlier, cat=cr.category, sec=sec: self._history(
                    facts, sec_of, by_section_field, earlier, cat, sec
                ),
            )
            if cr.category.key not in PROGRESS_CATEGORIES:
                # figures, not progress: one row each, labelled and with its unit
                for n, (role, (fsid, f)) in enumerate(cr.sources.items()):
                    idx = by_section_field.get((fsid, f), [])
                    rows.append(
                        TaskRow(
                            key=f"cat:{cr.category.key}" if n == 0 else f"fig:{f}",
                            label=field_label(f),
                            english=field_label(f, english=True),
                            cells={"total": cr.cells[role]},
                            status="stated",
                            as_of=as_of,
                            as_of_basis=basis,
                            evidence=_evidence(facts.row(idx[0], named=True)) if idx else ev,
                            history=history if n == 0 else (),
                            unit=unit_of(f),
                            written={"total": written[role]} if role in written else {},
                        )
                    )
                continue
            detail = ", ".join(
                f"{field_label(cr.category.fields[role])} {_num(v)}{unit_of(cr.category.fields[role])}"
                for role, v in cr.cells.items()
                if role not in PROGRESS_ROLES and v is not None
            )
            cells = dict(cr.cells)
            cells["rate"] = cr.rate
            rows.append(
                TaskRow(
                    key=f"cat:{cr.category.key}",
                    label=cr.category.label,
                    english=cr.category.english,
                    cells=cells,
                    status=cr.status,
                    as_of=as_of,
                    as_of_basis=basis,
                    detail=detail,
                    evidence=ev,
                    history=history,
                    written=written,
                )
            )
        rows += self._deadline_rows(entity, round_, secs)
        return rows

    def _written(
        self,
        facts: Any,
        by_section_field: dict[tuple[str, str], list[int]],
        sources: dict[str, tuple[str, str]],
    ) -> dict[str, str]:
        """The figures of a statement that are approximations, as written (近60%,
        4.2万余件): shown so, never as a bare number."""
        from ducha.query import written_form

        out: dict[str, str] = {}
        for role, (sid, f) in sources.items():
            idx = by_section_field.get((sid, f))
            if not idx:
                continue
            r = facts.row(idx[0], named=True)
            if r.get("match_start") is None:
                continue
            text = self._cached_text(r["doc_id"])  # cleaned one for one: offsets hold
            words, approx = written_form(text, r["match_start"], r["match_end"])
            if approx:
                out[role] = words
        return out

    def _history(
        self,
        facts: Any,
        sec_of: dict[str, dict[str, Any]],
        by_section_field: dict[tuple[str, str], list[int]],
        earlier: list[str],
        category: Any,
        latest: dict[str, Any],
    ) -> list[TaskRow]:
        """Earlier statements of a category, newest first: one row per section, with the
        figures that section states, each as first stated, its as-of date and basis, and
        its document's publication date. The round of the latest statement comes first;
        other rounds follow under a heading row of their own (so the rows outnumber
        `len(history)`, which counts statements)."""
        by_round: dict[str | None, list[TaskRow]] = {}
        for sid in reversed(earlier):
            sec = sec_of[sid]
            cells: dict[str, float | None] = {}
            first: int | None = None
            for role, fname in category.fields.items():
                idx = by_section_field.get((sid, fname))
                if idx:
                    cells[role] = facts.item(idx[0], "value")
                    first = idx[0] if first is None else min(first, idx[0])
            if first is None:
                continue
            r = facts.row(first, named=True)
            doc = self.documents.get(r["doc_id"])
            published = f"published {doc.published} · " if doc and doc.published else ""
            by_round.setdefault(sec["round"], []).append(
                TaskRow(
                    key=f"hist:{category.key}:{sid}",
                    # the date is what tells earlier statements apart: it is the label
                    label=f"  {as_of_short(sec['date_key'], sec.get('as_of_basis')) or '(undated)'}",
                    cells=cells,
                    status="stated",
                    as_of=sec["date_key"],
                    as_of_basis=sec.get("as_of_basis"),
                    detail=published + (doc.title if doc else ""),
                    evidence=_evidence(r),
                    is_history=True,
                )
            )
        this = latest.get("round")
        out = by_round.pop(this, [])
        for rnd in sorted(by_round, key=round_rank):
            out.append(
                TaskRow(
                    key=f"hist:{category.key}:round:{rnd}",
                    label=f"  {rnd or 'no round'}",
                    cells={},
                    status="heading",
                    as_of=None,
                    detail="another round: its own counts",
                    is_history=True,
                )
            )
            out += by_round[rnd]
        return out

    def _deadline_rows(
        self, entity: str, round_: str | None, secs: list[dict[str, Any]]
    ) -> list[TaskRow]:
        """The deadline buckets of the latest section of the round that states any: a
        later plan replaces an earlier one rather than adding to it."""
        dl = self.store.rows_of("deadlines", entity)
        if not len(dl):
            return []
        stating = set(dl.get_column("section_id").to_list())
        plan = next(
            (s for s in reversed(secs)
             if (round_ is None or s["round"] == round_) and s["section_id"] in stating),
            None,
        )  # fmt: skip
        if plan is None:
            return []
        import polars as pl

        rows = []
        part = dl.filter(pl.col("section_id") == plan["section_id"])
        for i, d in enumerate(part.iter_rows(named=True)):
            due = d["due"] or d["due_text"] or ""
            rows.append(
                TaskRow(
                    key=f"due:{i}",
                    label=f"期限 {due}",
                    cells={"total": d["count"], "rate": d["share"]},
                    status="stated",
                    as_of=plan["date_key"],
                    detail=d["due_text"] or "",
                    evidence=_evidence(d),
                )
            )
        return rows

    def ledger(self, entity: str) -> Any:
        """The entity's ledger rows (tui.ledger.Ledger), None without one; cached."""
        if entity not in self._ledgers:
            if self.store.tasks.is_empty():
                return None
            from .ledger import load_ledger

            self._ledgers[entity] = load_ledger(self.store, entity)
        return self._ledgers[entity]

    def metric_rows(self, entity: str) -> list[MetricRow]:
        """One row per indicator (targets apart): its value per year, the last stated in
        file order winning, and the latest year's value, unit and change (a value with no
        year counts as the latest). Column lists, not a dict per row: at a million facts a
        province has thousands of stated values."""
        df = self.store.rows_of("metrics", entity)
        names: list[str] = df.get_column("name").to_list()
        targets: list[bool | None] = df.get_column("target").to_list()
        years: list[int | None] = df.get_column("year").to_list()
        values: list[float | None] = df.get_column("value").to_list()
        groups: dict[tuple[str, bool], dict[int | None, int]] = {}
        for i, name in enumerate(names):
            groups.setdefault((name, bool(targets[i])), {})[years[i]] = i
        out = []
        for (name, target), by_year in groups.items():
            series = [by_year[y] for y in sorted(by_year, key=lambda y: (y is None, y or 0))]
            latest = df.row(
                next((i for i in reversed(series) if values[i] is not None), series[-1]),
                named=True,
            )
            out.append(
                MetricRow(
                    key=f"m:{name}:{int(target)}",
                    name=name,
                    target=target,
                    years=[years[i] for i in series],
                    values=[values[i] for i in series],
                    value=latest["value"],
                    unit=latest["unit"] or "",
                    year=latest["year"],
                    change=latest["change"],
                    change_unit=latest["change_unit"] or "",
                    evidence=_evidence(latest),
                )
            )
        out.sort(key=lambda m: (m.target, m.name))
        return out

    def docs_of(self, entity: str) -> list[tuple[str, int]]:
        """(doc_id, section start) of every document with a section on `entity`, newest first."""
        seen: dict[str, int] = {}
        for s in reversed(self.sections_by_entity.get(entity, [])):
            if s["doc_id"] not in seen:
                seen[s["doc_id"]] = s["start"] or 0
        return list(seen.items())

    def section_span(self, entity: str, round_: str | None) -> Evidence | None:
        rows = [s for s in self.sections_by_entity.get(entity, [])
                if round_ is None or s["round"] == round_]  # fmt: skip
        if not rows:
            return None
        s = rows[-1]
        return Evidence(s["doc_id"], s["start"] or 0, s["start"] or 0)

    def text(self, doc_id: str) -> str:
        """One document's text (cleaned of control characters), cached."""
        return self._cached_text(doc_id)

    def _cached_text(self, doc_id: str) -> str:
        """`text`, for the model's own use (the rows' approximations read the same cache)."""
        from .safe import clean

        if doc_id not in self._texts:
            self._texts[doc_id] = clean(self.store.text(doc_id))
        return self._texts[doc_id]

    def all_texts(self) -> dict[str, str]:
        from .safe import clean

        missing = [d for d in self.documents if d not in self._texts]
        if missing:
            import polars as pl

            path = self.store.data_dir / "documents.parquet"
            df = pl.read_parquet(path, columns=["doc_id", "text"])
            for r in df.iter_rows(named=True):
                self._texts.setdefault(r["doc_id"], clean(r["text"] or ""))
        return self._texts


def _section_evidence(rows: list[dict[str, Any]], main: str) -> Evidence | None:
    """The span of a category's sentence: the main count's fact, with every number of the
    category stated at the same place marked."""
    if not rows:
        return None
    main_row = next((r for r in rows if r["field"] == main), rows[0])
    same = [r for r in rows if r["start"] == main_row["start"]]
    matches = tuple(
        sorted({(r["match_start"], r["match_end"]) for r in same if r["match_start"] is not None})
    )
    return Evidence(main_row["doc_id"], main_row["start"], main_row["end"], matches)


def _evidence(r: dict[str, Any]) -> Evidence | None:
    if r.get("start") is None or r.get("doc_id") is None:
        return None
    ms, me = r.get("match_start"), r.get("match_end")
    return Evidence(r["doc_id"], r["start"], r["end"], ((ms, me),) if ms is not None else ())


def _num(v: float | None) -> str:
    from .fmt import num

    return num(v)
