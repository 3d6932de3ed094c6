"""Building the dataset: every source parsed into rows of the dataset's tables.

Builds are incremental: a manifest keeps each source's size, mtime and content hash, and
the hash of the parser code; an unchanged source is neither read nor parsed again, and a
build with nothing to do writes nothing. Every file is written aside and renamed into
place, so a killed build leaves the previous dataset readable.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ducha.dataset import (
    GENERATION_KEY,
    TABLES,
    frame,
    is_stale,
    read_table,
    tables_consistent,
    write_atomic,
    write_json_atomic,
)
from ducha.parsers.model import ParsedDocument, evidence_fields
from ducha.parsers.pipeline import doc_id_of, parse_bytes
from ducha.sources import (
    DATASET_FORMAT,
    MANIFEST,
    Source,
    default_data_dir,
    parser_version,
    read_manifest,
    stamps_current,
    walk_sources,
    write_stamps,
)
from ducha.sources import sidecar_stamp as _sidecar

# --- rows ------------------------------------------------------------------------------


def document_rows(doc: ParsedDocument, origin: str, size: int) -> dict[str, list[dict]]:
    """The rows one parsed document contributes to each table."""
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    n_facts = sum(len(s.facts) for s in doc.sections)
    rows["documents"].append({
        "doc_id": doc.doc_id, "path": doc.path, "name": os.path.basename(doc.path),
        "origin": origin, "title": doc.title, "published": doc.published, "kind": doc.kind,
        "encoding": doc.encoding, "fmt": doc.fmt, "status": doc.status,
        "problems": doc.problems, "size": size, "n_sections": len(doc.sections),
        "n_facts": n_facts, "text": doc.text,
    })  # fmt: skip
    for idx, sec in enumerate(doc.sections):
        sid = f"{doc.doc_id}:{idx}"
        base = {"section_id": sid, "doc_id": doc.doc_id, "entity": sec.entity}
        rows["sections"].append({
            **base, "idx": idx, "level": sec.level, "parent": sec.parent, "round": sec.round,
            "batch": sec.batch, "group": sec.group, "inspection_start": sec.inspection_start,
            "inspection_end": sec.inspection_end, "feedback_date": sec.feedback_date,
            "as_of": sec.as_of, "published": doc.published, "kind": doc.kind,
            "start": sec.start, "end": sec.end,
        })  # fmt: skip
        for f in sec.facts:
            rows["facts"].append(
                {**base, "field": f.field, "value": float(f.value), **evidence_fields(f.ev)}
            )
        for m in sec.metrics:
            rows["metrics"].append({
                **base, "name": m.name, "value": m.value, "unit": m.unit, "year": m.year,
                "change": m.change, "change_unit": m.change_unit, "target": m.target, **evidence_fields(m.ev),
            })  # fmt: skip
        for d in sec.deadlines:
            rows["deadlines"].append({
                **base, "due": d.due, "due_text": d.due_text, "count": d.count,
                "share": d.share, **evidence_fields(d.ev),
            })  # fmt: skip
    for i, task in enumerate(doc.tasks):
        rows["tasks"].append({**task, "task_id": f"{doc.doc_id}:{i}", "doc_id": doc.doc_id})
    return rows


def entity_rows() -> list[dict[str, Any]]:
    from ducha.reference.gazetteer import load_gazetteer

    keys = ("name", "short", "level", "parent", "pinyin", "english")
    return [
        {**{k: getattr(p, k) for k in keys}, "abbrs": list(p.abbrs)}
        for p in load_gazetteer().places
    ]


def _remove_leftovers(data_dir: Path) -> None:
    """Temporary files a killed build left behind (`.facts.parquet.x1y2.tmp`)."""
    for p in data_dir.glob(".*.tmp"):
        try:
            p.unlink()
        except OSError:
            pass


# --- building --------------------------------------------------------------------------


@dataclass
class BuildReport:
    data_dir: Path
    documents: int = 0
    parsed: int = 0
    reused: int = 0
    removed: int = 0
    sections: int = 0
    facts: int = 0
    metrics: int = 0
    deadlines: int = 0
    tasks: int = 0
    written: bool = False
    problem_docs: list[tuple[str, list[str]]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _parse_one(args: tuple[str, str, int]) -> dict[str, list[dict]]:
    path, origin, size = args
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        from ducha.parsers.pipeline import parse_path

        doc = parse_path(path)
        doc.problems.append(str(exc))
        return document_rows(doc, origin, size)
    return document_rows(parse_bytes(data, path), origin, size)


def build(
    data_dir: str | os.PathLike[str] | None = None,
    extra: Sequence[str] = (),
    *,
    full: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Build or refresh the dataset in `data_dir`; returns what was done."""
    ddir = Path(data_dir) if data_dir else default_data_dir()
    ddir.mkdir(parents=True, exist_ok=True)
    report = BuildReport(ddir)
    version = parser_version()
    manifest = read_manifest(ddir)
    _remove_leftovers(ddir)
    walk = walk_sources(ddir, extra)
    sources = walk.sources
    if not full and not is_stale(ddir, extra, sources=sources):
        from ducha.answers import current

        if not current(ddir, manifest.get("generation")):  # written before answers were
            _write_answers(ddir, manifest.get("generation") or "", report)
        if stamps_current(ddir, extra) != manifest.get("generation"):
            write_stamps(ddir, manifest.get("generation") or "", walk)
        report.reused = len(sources)
        _summarise_quick(report)  # nothing to do: no table is read whole
        return report
    old_tables = {t: read_table(ddir, t) for t in TABLES}
    corrupt = [t for t, df in old_tables.items() if df is None and (ddir / f"{t}.parquet").exists()]
    for t in corrupt:
        report.messages.append(f"{t}.parquet was unreadable; rebuilding it from the sources")
    reuse_ok = (
        not full
        and manifest.get("parser") == version
        and not corrupt
        and all(df is not None for df in old_tables.values())
        # tables of two builds (one was killed between two renames): parse everything
        and tables_consistent(ddir, manifest)
    )
    known: dict[str, Any] = manifest.get("sources", {}) if reuse_ok else {}
    keep_ids: dict[str, str] = {}  # path -> doc_id reused
    to_parse: list[Source] = []
    new_manifest: dict[str, Any] = {}
    for src in sources:
        old = known.get(src.path)
        side = _sidecar(src.path)
        if old and old.get("sidecar", "") != side:
            to_parse.append(src)  # the user's corrections beside a ledger changed
            continue
        if old and old.get("size") == src.size and old.get("mtime_ns") == src.mtime_ns:
            keep_ids[src.path] = old["doc_id"]
            new_manifest[src.path] = old
            continue
        if old:
            try:
                digest = doc_id_of(Path(src.path).read_bytes())
            except OSError:
                digest = ""
            if digest == old.get("doc_id"):
                keep_ids[src.path] = digest
                new_manifest[src.path] = {**old, "size": src.size, "mtime_ns": src.mtime_ns}
                continue
        to_parse.append(src)
    report.removed = len(set(known) - {s.path for s in sources})
    report.reused = len(keep_ids)
    nothing_to_do = (
        reuse_ok and not to_parse and not report.removed and set(known) == set(new_manifest)
    )
    if nothing_to_do:
        docs = old_tables["documents"]
        assert docs is not None
        if new_manifest != known:  # a file touched, its bytes the same: keep its new mtime
            write_json_atomic({**manifest, "sources": new_manifest}, ddir / MANIFEST)
        write_stamps(ddir, manifest.get("generation") or "", walk)
        _summarise(report, old_tables)
        return report

    parsed_rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    jobs = [(s.path, s.origin, s.size) for s in to_parse]
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    results: Iterable[dict[str, list[dict]]]
    if n_workers > 1 and len(jobs) >= 16:
        pool = ProcessPoolExecutor(max_workers=n_workers)
        results = pool.map(_parse_one, jobs, chunksize=max(1, len(jobs) // (n_workers * 8)))
    else:
        pool = None
        results = map(_parse_one, jobs)
    try:
        for i, (src, rows) in enumerate(zip(to_parse, results, strict=True), 1):
            for t, r in rows.items():
                parsed_rows[t].extend(r)
            doc_row = rows["documents"][0]
            new_manifest[src.path] = {
                "doc_id": doc_row["doc_id"],
                "size": src.size,
                "mtime_ns": src.mtime_ns,
                "origin": src.origin,
                **({"sidecar": side} if (side := _sidecar(src.path)) else {}),
            }
            if progress:
                progress(i, len(jobs), os.path.basename(src.path))
    finally:
        if pool is not None:
            pool.shutdown()
    report.parsed = len(to_parse)

    keep = pl.Series("doc_id", sorted(set(keep_ids.values())), dtype=pl.String)
    tables: dict[str, pl.DataFrame] = {}
    for t in TABLES:
        if t == "entities":
            tables[t] = frame(t, entity_rows())
            continue
        new = frame(t, parsed_rows[t])
        old = old_tables[t]
        if reuse_ok and old is not None and len(keep):
            old = old.filter(pl.col("doc_id").is_in(keep.implode()))
            tables[t] = pl.concat([old, new], how="vertical_relaxed") if len(old) else new
        else:
            tables[t] = new
    # one row per document even when two paths hold the same bytes
    tables["documents"] = tables["documents"].unique("doc_id", keep="first", maintain_order=True)
    generation = uuid.uuid4().hex
    for t, df in tables.items():
        write_atomic(df, ddir / f"{t}.parquet", metadata={GENERATION_KEY: generation})
    _write_answers(ddir, generation, report, _touched(parsed_rows, old_tables, keep, reuse_ok))
    write_json_atomic(
        {"parser": version, "format": DATASET_FORMAT, "generation": generation,
         "sources": new_manifest},
        ddir / MANIFEST,
    )  # fmt: skip
    write_stamps(ddir, generation, walk)
    report.written = True
    _summarise(report, tables)
    return report


def _touched(
    parsed_rows: dict[str, list[dict]],
    old_tables: dict[str, pl.DataFrame | None],
    keep: pl.Series,
    reuse_ok: bool,
) -> set[str] | None:
    """The entities whose rows this build adds or drops (None: all of them, as when every
    document is parsed again): the others' stored answers stay as they were."""
    if not reuse_ok:
        return None
    touched: set[str] = set()
    for t in ("sections", "facts", "metrics", "deadlines", "tasks"):
        touched.update(r["entity"] for r in parsed_rows[t] if r.get("entity"))
        old = old_tables[t]
        if old is not None and len(old):
            gone = old.filter(~pl.col("doc_id").is_in(keep.implode()))
            touched.update(gone.get_column("entity").drop_nulls().to_list())
    return touched


def _write_answers(
    ddir: Path, generation: str, report: BuildReport, touched: set[str] | None = None
) -> None:
    """What `ducha show` prints for each entity, stamped with this build (see answers.py).
    A failure costs only the quick path: `show` then computes its answer from the tables."""
    from ducha.answers import write_answers

    try:
        write_answers(ddir, generation, touched=touched)
    except Exception as exc:  # pragma: no cover - reported, never fatal
        report.messages.append(f"answers for `ducha show` not written: {exc}")


def _summarise_quick(report: BuildReport) -> None:
    """`_summarise` of an unchanged dataset: row counts from the parquet footers, and the
    documents table without its text."""
    ddir = report.data_dir
    docs = pl.read_parquet(ddir / "documents.parquet", columns=["path", "status", "problems"])
    counts = {
        t: pl.scan_parquet(ddir / f"{t}.parquet").select(pl.len()).collect().item()
        for t in ("sections", "facts", "metrics", "deadlines", "tasks")
    }
    _summarise(report, {"documents": docs, **{t: _Rows(n) for t, n in counts.items()}})


class _Rows:
    """Stands for a table of which only the row count is needed."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n


def _summarise(report: BuildReport, tables: dict[str, Any]) -> None:
    docs = tables["documents"]
    if docs is None:
        return
    report.documents = len(docs)
    for t in ("sections", "facts", "metrics", "deadlines", "tasks"):
        df = tables[t]
        setattr(report, t, 0 if df is None else len(df))
    bad = docs.filter(pl.col("status") != "ok").select("path", "problems")
    report.problem_docs = [
        (r["path"], list(r["problems"] or [])) for r in bad.iter_rows(named=True)
    ]


def build_with_progress(
    data_dir: str | None, extra: Sequence[str] = (), *, full: bool = False, quiet: bool = False
) -> BuildReport:
    """`ducha build`: a Rich progress bar, then a summary with every problem and why."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]parsing"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.description}"), console=console, transient=True, disable=quiet,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=None)

        def tick(i: int, n: int, name: str) -> None:
            bar.update(task, completed=i, total=n, description=name)

        report = build(data_dir, extra, full=full, progress=tick)
    if not quiet:
        print_report(report, console)
    return report


def print_report(report: BuildReport, console) -> None:
    from rich.text import Text

    for msg in report.messages:
        console.print(Text(f"! {msg}", style="yellow"))
    line = Text()
    line.append(f"{report.documents} documents", style="bold")
    line.append(
        f" · {report.sections} sections · {report.facts} facts · {report.metrics} metrics"
        f" · {report.deadlines} deadlines{f' · {report.tasks} tasks' if report.tasks else ''}"
        f"  ({report.parsed} parsed, {report.reused} unchanged"
        f"{f', {report.removed} removed' if report.removed else ''})"
    )
    console.print(line)
    console.print(Text(f"dataset: {report.data_dir}", style="dim"))
    for path, problems in report.problem_docs:
        t = Text("problem: ", style="bold red")
        t.append(os.path.basename(path))
        t.append(f" - {'; '.join(problems)}")
        console.print(t)
