"""Reading the dataset for people: the latest stated counts of an entity, per category,
with where each number comes from. Shared by `ducha show` and the app; no UI code here.

"Latest" is per entity and round: among the sections that state a field, the one with the
latest as-of date (else publication, else feedback date) wins, the last in file order
among equal dates; the app lists the earlier statements as a count's timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from ducha.dataset import Tables
from ducha.reference.script import to_simplified
from ducha.results import (
    CategoryRow,
    LedgerCheck,
    Resolution,
    Summary,
    status_of,
)
from ducha.vocabulary import (
    CATEGORIES,
    CATEGORY,
    FIELD_CATEGORY,
    PROGRESS_CATEGORIES,
    ROLE_COLUMNS,
    as_of_text,
    field_label,
    num,
    unit_of,
)


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


def as_of_basis() -> pl.Expr:
    """Where a section's date (`date_key`) comes from (vocabulary.AS_OF_BASES): stated by
    the report (截至…), else its publication (目前, or no date: an upper bound, a repost's
    page date included), else its feedback date."""
    return (
        pl.when(pl.col("as_of").is_not_null())
        .then(pl.lit("stated"))
        .when(pl.col("published").is_not_null())
        .then(pl.lit("published"))
        .when(pl.col("feedback_date").is_not_null())
        .then(pl.lit("feedback"))
        .otherwise(pl.lit(None, pl.String))
    )


# Words that make a stated figure an approximation: 近60%, 约2.6亿元, 超过300人 before
# it; 4.2万余件, 300多人, 90%以上, 50人左右 after it.
APPROX_BEFORE = ("将近", "接近", "大约", "超过", "约", "近", "逾", "超")
APPROX_AFTER = ("余", "多", "以上", "左右")


def written_form(text: str, match_start: int, match_end: int) -> tuple[str, bool]:
    """A figure as its report writes it, and whether it is an approximation: the matched
    words (86项, 4.2万余件) with an approximating word just before them (近60%)."""
    if not text or match_start is None or match_end is None:
        return "", False
    words = text[match_start:match_end]
    # the matched words may hold the verb (罚款约2.6亿元): the figure starts at its number
    first = next((i for i, ch in enumerate(words) if ch.isdigit()), None)
    if first is None:
        first = 0
    before = text[max(0, match_start - 2) : match_start] + words[:first]
    figure = words[first:]
    after = text[match_end : match_end + 2]
    lead = next((w for w in APPROX_BEFORE if before.endswith(w)), "")
    approx = bool(lead) or any(w in figure for w in APPROX_AFTER) or after.startswith(APPROX_AFTER)
    return lead + figure, approx


def category_of(field: pl.Expr) -> pl.Expr:
    """The category a fact's field counts (a field of no known category is its own)."""
    return field.replace_strict(FIELD_CATEGORY, default=field, return_dtype=pl.String)


class Store(Tables):
    """The dataset of one directory and the questions asked of it."""

    def _sections_read(self, df: pl.DataFrame) -> pl.DataFrame:
        return _ledger_rounds(df).with_columns(as_of_basis().alias("as_of_basis"))

    def ledger(self, entity: str | None, today: str | None = None) -> pl.DataFrame:
        """The itemised tasks of an entity's ledgers (every ledger's with None), in file
        order, with `overdue`: derived
        (never stated) where a dated deadline is past the ledger's as-of date, or `today`
        when the ledger states none (`overdue_basis` says which), and no completion is
        stated. Ledgers without a status column derive nothing."""
        import datetime as dt

        today = today or dt.date.today().isoformat()
        df = self.tasks if entity is None else self.tasks.filter(pl.col("entity") == entity)
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
        """The latest statement of each category, one row per field: every figure of a
        category comes from one section, the latest that states any of them (latest as-of
        date, else publication, else feedback date; the last in file order among equal
        dates), never field by field from several reports. Earlier statements are the
        timeline's."""
        secs = self.entity_sections(entity, round_).select(
            "section_id",
            "date_key",
            # a section that states no as-of date speaks as of its publication (at most)
            pl.coalesce("as_of", "date_key").alias("as_of"),
            "as_of_basis",
            "doc_id",
        )
        if secs.is_empty():
            return self.facts.head(0).with_columns(
                pl.lit(None, pl.String).alias("as_of"), pl.lit(None, pl.String).alias("as_of_basis")
            )
        df = (
            self.rows_of("facts", entity)
            .join(secs.drop("doc_id"), on="section_id", how="inner", maintain_order="left")
            .sort("date_key", nulls_last=False, maintain_order=True)
            .with_columns(category_of(pl.col("field")).alias("_category"))
        )
        stating = df.group_by("_category", maintain_order=True).agg(pl.col("section_id").last())
        return (
            df.join(stating, on=["_category", "section_id"], how="semi", maintain_order="left")
            .group_by("field", maintain_order=True)
            .last()
            .drop("date_key", "_category")
        )

    def category_rows(self, entity: str, round_: str | None = None) -> list[CategoryRow]:
        facts = self.latest_facts(entity, round_)
        return category_rows_from({r["field"]: r for r in facts.iter_rows(named=True)})

    def overview(self) -> pl.DataFrame:
        """One row per (entity, round): its main counts and completion, for sorting."""
        secs = self.sections.select(
            "section_id", "entity", "level", "parent", "round", "batch", "date_key", "as_of_basis"
        )
        # the latest statement of each category: the section of its last row (in file
        # order) of the latest date, found per group without sorting a million rows (dates
        # as dense ranks, missing dates first); then each field as that section states it
        dated = secs.select(
            "section_id",
            "entity",
            "round",
            pl.col("date_key").rank("dense").fill_null(0).alias("_d"),
        )
        rows = (
            self.facts.lazy()
            .select("section_id", "entity", "field", "value")
            .join(dated.lazy(), on=["section_id", "entity"], how="inner", maintain_order="left")
            .with_columns(category_of(pl.col("field")).alias("_category"))
        )
        keys = ["entity", "round", "_category"]
        stating = rows.group_by(keys).agg(
            pl.col("section_id").reverse().get(pl.col("_d").reverse().arg_max())
        )
        latest = (
            rows.join(stating, on=[*keys, "section_id"], how="semi", maintain_order="left")
            .group_by("entity", "round", "field", maintain_order=True)
            .agg(pl.col("value").last())
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
                pl.col("date_key").last().alias("_last_date"),
                pl.col("as_of_basis").last().alias("_last_basis"),
            )
        )
        # the date of the row is the date of its main count's statement (its tasks, else
        # its problems), else of its latest section
        main = (
            stating.filter(pl.col("_category").is_in(["tasks", "problems"]))
            .collect()
            .join(secs.select("section_id", "date_key", "as_of_basis"), on="section_id")
            .sort(pl.col("_category") != "tasks")  # tasks first
            .group_by("entity", "round", maintain_order=True)
            .agg(pl.col("date_key").first().alias("_main_date"),
                 pl.col("as_of_basis").first().alias("_main_basis"))
        )  # fmt: skip
        meta = (
            meta.join(main, on=["entity", "round"], how="left", nulls_equal=True)
            .with_columns(
                pl.coalesce("_main_date", "_last_date").alias("as_of"),
                pl.when(pl.col("_main_date").is_not_null())
                .then(pl.col("_main_basis"))
                .otherwise(pl.col("_last_basis"))
                .alias("as_of_basis"),
            )
            .drop("_main_date", "_main_basis", "_last_date", "_last_basis")
        )
        out = meta.join(wide, on=["entity", "round"], how="left", nulls_equal=True)
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
        as_of = basis = None
        docs: set[str] = set()
        for role, fname in cat.fields.items():
            r = by_field.get(fname)
            if r is None:
                continue
            cells[role] = r["value"]
            sources[role] = (r["section_id"], fname)
            if as_of is None:
                as_of, basis = r.get("as_of"), r.get("as_of_basis")
            docs.add(r["doc_id"])
        if cells:
            rows.append(CategoryRow(cat, cells, sources, as_of, status_of(cells), docs, basis))
    return rows


# --- ducha show ENTITY ------------------------------------------------------------------


def _round_order(store: Store, entity: str) -> list[str | None]:
    """Rounds of an entity, latest first (by the latest date of its sections)."""
    import polars as pl

    secs = store.entity_sections(entity)
    if secs.is_empty():
        return []
    latest = (
        secs.group_by("round")
        .agg(pl.col("date_key").max().alias("d"))
        .sort("d", descending=True, nulls_last=True)
    )
    return latest.get_column("round").to_list()


def entity_report(
    store: Store,
    entity: str,
    evidence: bool = False,
    tasks: bool = False,
    overdue: bool = False,
    today: str | None = None,
) -> dict[str, Any]:
    """Everything `ducha show ENTITY` prints, as plain data (the --json output).

    Keys starting with an underscore are for the human view only and are dropped from JSON.
    """
    import polars as pl

    secs = store.entity_sections(entity)
    last = secs.row(-1, named=True) if len(secs) else {}
    out: dict[str, Any] = {
        "entity": entity,
        "level": last.get("level"),
        "parent": last.get("parent"),
        "rounds": [],
    }
    docs = store.documents
    for rnd in _round_order(store, entity):
        rs = secs.filter(pl.col("round").is_null() if rnd is None else pl.col("round") == rnd)
        rs_desc = rs.reverse()
        block: dict[str, Any] = {"round": rnd}
        for key in ("batch", "group", "inspection_start", "inspection_end", "feedback_date"):
            vals = rs_desc.get_column(key).drop_nulls()
            block[key] = num(vals[0]) if len(vals) else None
        as_of = rs.get_column("as_of").drop_nulls()
        block["as_of"] = as_of.max() if len(as_of) else None
        published = rs.get_column("published").drop_nulls()
        block["published"] = published.max() if len(published) else None
        sids = rs.get_column("section_id").implode()

        facts = store.latest_facts(entity, rnd)
        block["counts"] = {r["field"]: num(r["value"]) for r in facts.iter_rows(named=True)}
        block["_evidence"] = {
            r["field"]: (r["evidence"], r["start"], r["match_start"], r["match_end"])
            for r in facts.iter_rows(named=True)
        }
        written = _approximations(facts)
        if written:
            block["approximate"] = written  # field -> the figure as written (近60%)
        cats = []
        figures = []
        by_field = {r["field"]: r for r in facts.iter_rows(named=True)}
        for row in store.category_rows(entity, rnd):
            cat: dict[str, Any] = {
                "category": row.category.key,
                "label": row.category.label,
                "english": row.category.english,
            }
            for role in ROLE_COLUMNS:
                val = row.rate if role == "rate" else row.cells.get(role)
                cat[role] = num(val)
            other = {k: num(v) for k, v in row.cells.items() if k not in ROLE_COLUMNS}
            if other:
                cat["other"] = other
            cat["status"] = row.status
            cat["as_of"] = row.as_of
            cat["as_of_basis"] = row.as_of_basis
            cat["as_of_text"] = as_of_text(row.as_of, row.as_of_basis)
            cat["fields"] = {role: f for role, (_sid, f) in row.sources.items()}
            cats.append(cat)
            if row.category.key in PROGRESS_CATEGORIES:
                continue
            for _role, (_sid, f) in row.sources.items():
                figures.append({
                    "field": f, "label": field_label(f), "english": field_label(f, english=True),
                    "value": num(by_field[f]["value"]), "unit": unit_of(f),
                    "written": written.get(f), "approximate": f in written,
                    "as_of": row.as_of, "as_of_basis": row.as_of_basis,
                    "as_of_text": as_of_text(row.as_of, row.as_of_basis),
                })  # fmt: skip
        block["categories"] = cats
        block["figures"] = figures

        mets = store.metrics.filter(pl.col("section_id").is_in(sids)).sort(
            "name", "year", nulls_last=False
        )
        block["metrics"] = []
        for m in mets.iter_rows(named=True):
            item = {
                "name": m["name"], "value": num(m["value"]), "unit": m["unit"], "year": m["year"],
                "change": num(m["change"]), "change_unit": m["change_unit"],
                "target": bool(m["target"]), "doc_id": m["doc_id"],
            }  # fmt: skip
            block["metrics"].append(_with_evidence(item, m, evidence))
        dls = store.deadlines.filter(pl.col("section_id").is_in(sids))
        block["deadlines"] = []
        for d in dls.iter_rows(named=True):
            item = {
                "due": d["due"], "due_text": d["due_text"], "count": d["count"],
                "share": num(d["share"]), "doc_id": d["doc_id"],
            }  # fmt: skip
            block["deadlines"].append(_with_evidence(item, d, evidence))
        doc_ids = rs.get_column("doc_id").unique(maintain_order=True).to_list()
        block["documents"] = [
            {
                "doc_id": r["doc_id"],
                "title": r["title"],
                "published": r["published"],
                "kind": r["kind"],
                "path": r["path"],
            }
            for r in docs.filter(pl.col("doc_id").is_in(doc_ids))
            .sort("published", descending=True, nulls_last=True)
            .iter_rows(named=True)
        ]
        if evidence:
            block["evidence"] = {k: v[0] for k, v in block["_evidence"].items()}
        out["rounds"].append(block)
    ledger = ledger_report(store, entity, rows=tasks or overdue, overdue_only=overdue, today=today)
    if ledger is not None:
        out["ledger"] = ledger
    return out


def _approximations(facts: pl.DataFrame) -> dict[str, str]:
    """The figures of `facts` (with their sentences) that their report words as an
    approximation, as written: {"petitions_rate": "近60%"}."""
    out: dict[str, str] = {}
    if "evidence" not in facts.columns:
        return out
    for r in facts.iter_rows(named=True):
        if r["evidence"] is None or r["match_start"] is None or r["start"] is None:
            continue
        words, approx = written_form(
            r["evidence"], r["match_start"] - r["start"], r["match_end"] - r["start"]
        )
        if approx:
            out[r["field"]] = words
    return out


def _with_evidence(item: dict[str, Any], row: Mapping[str, Any], evidence: bool) -> dict[str, Any]:
    """`item` with its sentence (in JSON only when asked for) and, for the human view, the
    sentence with the span of the stated words."""
    if evidence:
        item["evidence"] = row["evidence"]
    item["_ev"] = (row["evidence"], row["start"], row["match_start"], row["match_end"])
    return item


def ledger_report(
    store: Store,
    entity: str,
    rows: bool = False,
    overdue_only: bool = False,
    today: str | None = None,
) -> dict[str, Any] | None:
    """The entity's ledger: its rows counted against the stated counts, and (with `rows`)
    the rows themselves; None when the entity has no ledger."""
    check = store.ledger_check(entity)
    if check is None:
        return None
    out: dict[str, Any] = {
        "rows": check.rows,
        "done": check.done,
        "by_status": check.by_status,
        "overdue": check.overdue,
        "as_of": check.ledger_as_of,
        "stated": {
            "noun": check.noun,
            "total": num(check.stated_total),
            "done": num(check.stated_done),
            "as_of": check.stated_as_of,
        },
        "agrees": check.agrees,
        "differences": check.differences(),
        "summary": check.summary(),
    }
    if rows:
        led = store.ledger(entity, today=today)
        if overdue_only:
            import polars as pl

            led = led.filter(pl.col("overdue"))
        keys = ("seq", "title", "unit", "due", "due_text", "status", "status_text", "overdue",
                "overdue_basis", "sheet", "row", "doc_id", "task_id")  # fmt: skip
        out["tasks"] = [{k: r[k] for k in keys} for r in led.iter_rows(named=True)]
    return out


# --- the overview ----------------------------------------------------------------------


CATEGORY_LABEL = {"tasks": CATEGORY["tasks"].label, "problems": CATEGORY["problems"].label}


def overview_rows(
    store: Store, sort: str | None = None, desc: bool = False
) -> list[dict[str, Any]]:
    """One row per (entity, round) with completion; sorted by `sort` (default: place order)."""
    from ducha.reference.gazetteer import load_gazetteer

    order = {p.name: i for i, p in enumerate(load_gazetteer().places)}
    level_rank = {"national": 0, "batch": 1}
    rows = []
    for s in summaries(store).values():
        rows.append({
            "entity": s.entity, "level": s.level or None, "parent": s.parent,
            "round": s.round, "batch": num(s.batch), "total": num(s.total),
            "done": num(s.done), "behind": num(s.behind),
            "completion": s.completion, "status": s.status, "as_of": s.as_of,
            "as_of_basis": s.as_of_basis, "counted": s.counted,
            "counted_label": CATEGORY_LABEL.get(s.counted or ""),
            "_order": (level_rank.get(s.level, 2), order.get(s.entity, 10**6),
                       s.entity, s.round or ""),
        })  # fmt: skip
    if sort in (None, "entity"):
        rows.sort(key=lambda x: x["_order"], reverse=desc)
    else:
        present = [x for x in rows if x[sort] is not None]
        missing = [x for x in rows if x[sort] is None]
        present.sort(key=lambda x: (x[sort], x["_order"]), reverse=desc)
        rows = present + sorted(missing, key=lambda x: x["_order"])
    return rows


def latest_report(store: Store) -> tuple[str, str] | None:
    """The title bar's "latest": the latest date a report states its counts for, with its
    basis ("stated"); only when no report states one, the newest publication ("published":
    an upper bound, and a repost's page date is no statement date)."""
    stated = store.sections.get_column("as_of").drop_nulls()
    if len(stated):
        return str(stated.max()), "stated"
    published = store.documents.get_column("published").drop_nulls()
    return (str(published.max()), "published") if len(published) else None


def summaries(store: Store) -> dict[tuple[str, str | None], Summary]:
    """Each (entity, round)'s main counts and status: a tree node, an overview row. The
    main count is its tasks, else its problems; an entity with sections and no count is
    `stated`."""
    df = store.overview().sort("entity", "round", nulls_last=True)  # stable order
    out: dict[tuple[str, str | None], Summary] = {}
    for r in df.iter_rows(named=True):
        pre = "tasks_" if r.get("tasks_total") is not None else "problems_"
        cells = {
            "total": r["total"],
            "done": r["done"],
            "in_progress": r.get(pre + "in_progress"),
            "on_schedule": r.get(pre + "on_schedule"),
            "behind": r["behind"],
        }
        out[(r["entity"], r["round"])] = Summary(
            entity=r["entity"],
            round=r["round"],
            level=r["level"] or "",
            parent=r["parent"],
            batch=r["batch"],
            as_of=r["as_of"],
            total=r["total"],
            done=r["done"],
            in_progress=cells["in_progress"],
            on_schedule=cells["on_schedule"],
            behind=r["behind"],
            phased=None,
            completion=r["completion"],
            status=status_of(cells) if r["total"] is not None else "stated",
            as_of_basis=r["as_of_basis"],
            counted=None if r["total"] is None else pre.rstrip("_"),
        )
    return out


# --- finding the entity a query means --------------------------------------------------


def resolve_entity(store: Store, query: str) -> Resolution:
    """Find the entity a query means, among the entities present in the dataset.

    Exact matches (full name, short name, 简称, pinyin, English) win when exactly one of them
    has documents; otherwise a single fuzzy match among entities with documents wins. Batch
    names (第二轮第三批) and 全国 are matched by name and substring. A query may be written in
    traditional characters (雲南) or name a province informally (广西省).
    """
    import difflib

    from ducha.reference.gazetteer import load_gazetteer

    asked = query.strip()
    present: dict[str, str] = {}
    for ent in store.sections.get_column("entity").drop_nulls().unique(maintain_order=True):
        present[ent] = ent
    g = load_gazetteer()
    # The dataset's names are simplified: a query in traditional characters (雲南) is read
    # as typed first, then simplified (a few names would not survive it: 乾县 reads 干县).
    spellings = list(dict.fromkeys((asked, to_simplified(asked))))
    for q in spellings:
        if q in present:
            return Resolution(asked, q)
        place = g.lookup(q)  # 广西省, an informal name, too
        if place and place.name in present:
            return Resolution(asked, place.name)
    q = spellings[0]
    hits = g.search(q, limit=60)
    if not hits and len(spellings) > 1:
        q = spellings[1]
        hits = g.search(q, limit=60)
    place = g.lookup(q)
    ql = q.lower()
    qp = ql.replace(" ", "").replace("-", "").replace("'", "")

    def exact(p) -> bool:
        forms = {p.name, p.short, *p.abbrs, p.pinyin, p.english}
        forms = {f.lower() for f in forms if f}
        return ql in forms or qp in forms

    exact_hits = [p for p in hits if exact(p)]
    if place and place not in exact_hits:
        exact_hits.insert(0, place)
    exact_present = [p.name for p in exact_hits if p.name in present]
    if len(exact_present) == 1:
        return Resolution(asked, exact_present[0])
    if len(exact_present) > 1:
        return Resolution(asked, None, "ambiguous", exact_present)
    if exact_hits:
        if len(exact_hits) == 1:
            return Resolution(asked, None, "no_documents", [exact_hits[0].name])
        return Resolution(asked, None, "ambiguous", [p.name for p in exact_hits])
    good = [p.name for p in hits if p.name in present]
    for ent in present:
        if ent not in good and ql and ql in ent.lower():
            good.append(ent)
    if len(good) == 1:
        return Resolution(asked, good[0])
    if len(good) > 1:
        return Resolution(asked, None, "ambiguous", good)
    pool = list(present)
    pool += [p.name for p in g.places] + [p.pinyin for p in g.places]
    near = difflib.get_close_matches(q, pool, n=5, cutoff=0.5)
    by_pinyin = {p.pinyin: p.name for p in g.places}
    suggestions: list[str] = []
    for s in [p.name for p in hits[:5]] + [by_pinyin.get(n, n) for n in near]:
        if s not in suggestions:
            suggestions.append(s)
    return Resolution(asked, None, "unknown", suggestions=suggestions[:6])
