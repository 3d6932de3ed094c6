"""Building the dataset: every source parsed into rows of the dataset's tables.

Builds are incremental: a manifest keeps each source's size, mtime and content hash, and
the hash of the parser code; an unchanged source is neither read nor parsed again, and a
build with nothing to do writes nothing. Every file is written aside and renamed into
place, so a killed build leaves the previous dataset readable.

Every document is parsed in a worker process under a budget of time and memory
(budget.py): a file over the size limit, or whose parsing fails or runs out of time or
memory, becomes one failed document with the reason, recorded in the manifest like any
other, so it is read again only when it changes. One build writes a dataset at a time (a lock file in it), and a
build stopped by a signal leaves no worker behind.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ducha.budget import Failed, Limits, Pool, stop_on_signals
from ducha.dataset import (
    GENERATION_KEY,
    SCHEMAS,
    TABLES,
    damaged_tables,
    frame,
    is_stale,
    read_table,
    tables_consistent,
    write_atomic,
    write_json_atomic,
)
from ducha.parsers.load import Loaded
from ducha.parsers.model import ParsedDocument, evidence_fields
from ducha.parsers.pipeline import doc_id_of, parse_bytes, parse_loaded
from ducha.sources import (
    DATASET_FORMAT,
    MANIFEST,
    ROOTS,
    ROOTS_KEY,
    STAMPS,
    Source,
    default_data_dir,
    gone_roots,
    kept_sources,
    parser_version,
    read_manifest,
    read_source,
    readable_now,
    recorded_roots,
    root_path,
    shown,
    stamps_current,
    under_root,
    walk_sources,
    write_roots,
    write_stamps,
)
from ducha.sources import sidecar_stamp as _sidecar

# --- rows ------------------------------------------------------------------------------


def document_rows(doc: ParsedDocument, origin: str, size: int) -> dict[str, list[dict]]:
    """The rows one parsed document contributes to each table."""
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    n_facts = sum(len(s.facts) for s in doc.sections)
    rows["documents"].append({
        "doc_id": doc.doc_id, "path": shown(doc.path), "name": os.path.basename(shown(doc.path)),
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


# The names `tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp")` gives the files a build
# writes aside (dataset.write_atomic, dataset.write_json_atomic, sources.write_stamps,
# sources.write_roots, answers._write_json): eight characters of its alphabet between
# prefix and suffix.
_MKSTEMP = r"\.[a-z0-9_]{8}\.tmp"
_DATASET_LEFTOVER = re.compile(
    r"\.(?:" + "|".join(re.escape(n) for n in (
        *(f"{t}.parquet" for t in TABLES), MANIFEST, STAMPS, ROOTS))
    + r")" + _MKSTEMP
)  # fmt: skip
_ANSWERS_LEFTOVER = re.compile(r"\.(?:[0-9a-f]{20}|aliases|first_screen)\.json" + _MKSTEMP)


def _remove_leftovers(data_dir: Path) -> None:
    """Temporary files a killed build left behind (`.facts.parquet.x1y2z3w4.tmp`), and only
    those: another program's `.foo.tmp` in the same folder is not ducha's to delete. Runs
    under the build lock, so no running build is writing them."""
    for folder, pattern in (
        (data_dir, _DATASET_LEFTOVER),
        (data_dir / "answers", _ANSWERS_LEFTOVER),
    ):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if pattern.fullmatch(name):
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass


def _fsync_dir(path: Path) -> None:
    """Make the renames into `path` durable: a rename is in the folder, not in the file."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- one writer at a time --------------------------------------------------------------

LOCK = ".ducha-build.lock"
LOCK_SECONDS = 30.0


class BuildLocked(SystemExit):
    """Another build holds the dataset's lock. A SystemExit carrying its one-line message,
    so that the command line prints that line and exits with status 1, never a traceback;
    callers that can wait or say it otherwise catch it by name."""

    def __init__(self, message: str, owner: str = "unknown") -> None:
        super().__init__(message)
        self.message = message
        self.owner = owner  # the pid of the build holding the lock, as it wrote it


@contextmanager
def build_lock(data_dir: Path, wait: float | None = None) -> Iterator[int | None]:
    """Hold `data_dir/.ducha-build.lock` (an flock, which the kernel drops when the
    process dies, however it dies) for the block; wait up to `wait` seconds (default
    `DUCHA_LOCK_SECONDS` or 30) for another build, then raise BuildLocked naming its
    pid. Yields the lock's file descriptor (None where locks are unavailable: a file
    system without flock, a dataset folder that cannot be written, Windows)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield None
        return
    if wait is None:
        try:
            wait = max(0.0, float(os.environ.get("DUCHA_LOCK_SECONDS", LOCK_SECONDS)))
        except ValueError:
            wait = LOCK_SECONDS
    try:
        fd = os.open(data_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield None
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    owner = _lock_owner(fd)
                    raise BuildLocked(
                        f"ducha: another build is running (pid {owner}) in {data_dir}", owner
                    ) from None
                time.sleep(0.1)
            except OSError:  # no locks on this file system: build as before
                break
        try:  # the pid, for the message of a build that waits; a build with nothing to
            # do must still change nothing a backup or `ls -l` sees: the times are kept
            st = os.fstat(fd)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            if os.utime in os.supports_fd:
                os.utime(fd, ns=(st.st_atime_ns, st.st_mtime_ns))
        except OSError:
            pass
        yield fd
    finally:
        os.close(fd)  # releases the lock


def _lock_owner(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
    except OSError:
        return "unknown"


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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why not read)
    recorded: list[str] = field(default_factory=list)  # the roots later commands read too
    kept: list[tuple[str, int]] = field(default_factory=list)  # (gone root, documents kept)


def _parse_one(args: tuple[str, str, int, int]) -> dict[str, list[dict]]:
    """The rows of one source; runs in a worker process (see budget.py)."""
    path, origin, size, max_bytes = args
    try:
        data = read_source(path, max_bytes)  # a file grown since the walk is not read whole
    except OSError as exc:
        return _failed_rows(path, origin, size, f"{UNREADABLE}{exc.strerror or exc}", b"")
    if len(data) > max_bytes:
        return _failed_rows(path, origin, size, Limits.from_env().too_large(len(data)), b"")
    return document_rows(parse_bytes(data, path), origin, size)


# The reason of a document whose file could not be opened or read (permissions, an I/O
# error, a FIFO put in its place): the manifest marks it, and each build tries it again.
UNREADABLE = "unreadable: "


def _unread(rows: dict[str, list[dict]]) -> bool:
    problems = rows["documents"][0]["problems"] or []
    return rows["documents"][0]["status"] == "failed" and any(
        p.startswith(UNREADABLE) for p in problems
    )


def _failed_rows(
    path: str, origin: str, size: int, reason: str, data: bytes | None = None
) -> dict[str, list[dict]]:
    """The rows of a document that could not be parsed: a documents row with status
    `failed` and the reason, nothing else. Its doc_id is its content's when the file can be
    read within the size limit (so a copy of it elsewhere is one document), else one of its
    path and size."""
    if data is None:
        try:
            data = read_source(path, Limits.from_env().max_file_bytes)
        except OSError:
            data = b""
    if data and len(data) <= Limits.from_env().max_file_bytes:
        doc_id = doc_id_of(data)
    else:
        doc_id = doc_id_of(os.fsencode(f"unread\0{path}\0{size}"))
    suffix = os.path.splitext(path)[1].lower().lstrip(".")
    fmt = {"htm": "html"}.get(suffix, suffix) or "txt"
    doc = parse_loaded(Loaded("", "", fmt, None, [reason], "error"), path, doc_id)
    doc.status = "failed"
    return document_rows(doc, origin, size)


def build(
    data_dir: str | os.PathLike[str] | None = None,
    extra: Sequence[str] = (),
    *,
    full: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
    wait: float | None = None,
    remember: Sequence[str] = (),
    forget: Sequence[str] = (),
) -> BuildReport:
    """Build or refresh the dataset in `data_dir`; returns what was done. Holds the
    dataset's lock meanwhile (BuildLocked when another build keeps it past `wait` seconds,
    see `build_lock`); SIGTERM and SIGHUP stop it as Ctrl-C does, workers and all
    (budget.Stopped).

    Besides `extra`, every build reads the roots the dataset records (`ducha build
    FOLDER` records FOLDER: `remember`), so that no later command drops their documents;
    `forget` takes roots off the record, and their documents with them."""
    ddir = Path(data_dir) if data_dir else default_data_dir()
    ddir.mkdir(parents=True, exist_ok=True)
    with stop_on_signals(), build_lock(ddir, wait) as lock_fd:
        return _build(ddir, extra, full, progress, workers, lock_fd, remember, forget)


def _record(
    ddir: Path,
    manifest: dict[str, Any],
    remember: Sequence[str],
    forget: Sequence[str],
    report: BuildReport,
) -> list[str]:
    """The roots this dataset records after this build: the recorded ones less `forget`,
    then the new ones of `remember` that exist (a mistyped path is said, not recorded).
    Written at once when it changes (see `sources.write_roots`)."""
    before = recorded_roots(ddir, manifest)
    dropped = {root_path(r) for r in forget}
    roots = [r for r in before if r not in dropped]
    for r in map(root_path, remember):
        if r in roots:
            continue
        if os.path.exists(r):
            roots.append(r)
        else:
            report.messages.append(f"{shown(r)}: no such file or folder; not read")
    try:
        on_file = json.loads((ddir / ROOTS).read_bytes()).get(ROOTS_KEY)
    except (OSError, ValueError, AttributeError):
        on_file = None
    if on_file != roots:
        write_roots(ddir, roots)
    return roots


def _build(
    ddir: Path,
    extra: Sequence[str],
    full: bool,
    progress: Callable[[int, int, str], None] | None,
    workers: int | None,
    lock_fd: int | None,
    remember: Sequence[str] = (),
    forget: Sequence[str] = (),
) -> BuildReport:
    report = BuildReport(ddir)
    limits = Limits.from_env()
    version = parser_version()
    manifest = read_manifest(ddir)
    _remove_leftovers(ddir)
    record = _record(ddir, manifest, remember, forget, report)
    named = {root_path(e) for e in extra}
    extra = [*extra, *(r for r in record if r not in named)]
    report.recorded = [r for r in record if r not in gone_roots(record)]
    kept = kept_sources(manifest, record)
    report.kept = [(g, sum(under_root(p, g) for p in kept)) for g in gone_roots(record)]
    walk = walk_sources(ddir, extra)
    report.skipped = list(walk.skipped)
    sources = walk.sources
    damaged = damaged_tables(ddir, manifest)
    for t in damaged:
        report.messages.append(f"{t}.parquet was damaged; rebuilding it from the sources")
    if not full and not damaged and not is_stale(ddir, extra, sources=sources):
        from ducha.answers import current

        if not current(ddir, manifest.get("generation")):  # written before answers were
            _write_answers(ddir, manifest.get("generation") or "", report)
        if manifest.get(ROOTS_KEY, []) != record:  # a folder with nothing new to read
            write_json_atomic({**manifest, ROOTS_KEY: record}, ddir / MANIFEST)
        if stamps_current(ddir, extra) != manifest.get("generation"):
            write_stamps(ddir, manifest.get("generation") or "", walk)
        report.reused = len(sources)
        _summarise_quick(report)  # nothing to do: no table is read whole
        return report
    old_tables = {t: read_table(ddir, t) for t in TABLES}
    corrupt = [
        t
        for t, df in old_tables.items()
        if df is None and (ddir / f"{t}.parquet").exists() and t not in damaged
    ]
    for t in corrupt:
        report.messages.append(f"{t}.parquet was unreadable; rebuilding it from the sources")
    reuse_ok = (
        not full
        and manifest.get("parser") == version
        and not corrupt
        and not damaged
        and all(df is not None for df in old_tables.values())
        # tables of two builds (one was killed between two renames): parse everything
        and tables_consistent(ddir, manifest)
        and not _duplicated(old_tables)
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
        if old and old.get("unreadable") and readable_now(src.path):
            to_parse.append(src)  # made readable again: chmod leaves the mtime as it was
            continue
        if old and old.get("size") == src.size and old.get("mtime_ns") == src.mtime_ns:
            keep_ids[src.path] = old["doc_id"]
            new_manifest[src.path] = old
            continue
        if old and src.size <= limits.max_file_bytes:  # an oversized file is never read
            try:
                digest = doc_id_of(read_source(src.path, limits.max_file_bytes))
            except OSError:
                digest = ""
            if digest == old.get("doc_id"):
                keep_ids[src.path] = digest
                new_manifest[src.path] = {**old, "size": src.size, "mtime_ns": src.mtime_ns}
                continue
        to_parse.append(src)
    carried = _carry(kept, reuse_ok, old_tables, report)
    for path, entry in carried.items():  # a recorded root that is gone: kept as read
        keep_ids[path] = entry["doc_id"]
        new_manifest[path] = entry
    report.removed = len(set(known) - {s.path for s in sources} - set(carried))
    report.reused = len(keep_ids)
    nothing_to_do = (
        reuse_ok and not to_parse and not report.removed and set(known) == set(new_manifest)
    )
    if nothing_to_do:
        docs = old_tables["documents"]
        assert docs is not None
        # a file touched, its bytes the same (keep its new mtime), or the record changed
        if new_manifest != known or manifest.get(ROOTS_KEY, []) != record:
            write_json_atomic(
                {**manifest, "sources": new_manifest, ROOTS_KEY: record}, ddir / MANIFEST
            )
        write_stamps(ddir, manifest.get("generation") or "", walk)
        _summarise(report, old_tables)
        return report

    results = _parse_all(to_parse, limits, workers, progress, report, lock_fd)
    parsed_rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    # one document per content: rows of bytes already kept, or parsed at an earlier path,
    # are not added again (the path is still recorded in the manifest)
    seen = set(keep_ids.values())
    for src, rows in zip(to_parse, results, strict=True):
        doc_id = rows["documents"][0]["doc_id"]
        new_manifest[src.path] = {
            "doc_id": doc_id,
            "size": src.size,
            "mtime_ns": src.mtime_ns,
            "origin": src.origin,
            **({"sidecar": side} if (side := _sidecar(src.path)) else {}),
            **({"unreadable": True} if _unread(rows) else {}),
        }
        if doc_id in seen:
            continue
        seen.add(doc_id)
        for t, r in rows.items():
            parsed_rows[t].extend(r)
    report.parsed = len(to_parse)

    keep = pl.Series("doc_id", sorted(set(keep_ids.values())), dtype=pl.String)
    tables: dict[str, pl.DataFrame] = {}
    for t in TABLES:
        if t == "entities":
            tables[t] = frame(t, entity_rows())
            continue
        new = frame(t, parsed_rows[t])
        old = old_tables[t]
        if old is not None and len(keep):  # reused rows, or those of a gone root kept
            old = old.filter(pl.col("doc_id").is_in(keep.implode()))
            if not reuse_ok:  # rows of an earlier parser: its columns as they are now
                old = _conform(old, t)
            tables[t] = pl.concat([old, new], how="vertical_relaxed") if len(old) else new
        else:
            tables[t] = new
    # one row per document even when two paths hold the same bytes (a dataset written
    # before parsed rows were deduplicated is parsed again whole: see `_duplicated`)
    tables["documents"] = tables["documents"].unique("doc_id", keep="first", maintain_order=True)
    tables["documents"] = _current_paths(tables["documents"], new_manifest)
    generation = uuid.uuid4().hex
    digests = {
        t: write_atomic(df, ddir / f"{t}.parquet", metadata={GENERATION_KEY: generation})
        for t, df in tables.items()
    }
    _write_answers(ddir, generation, report, _touched(parsed_rows, old_tables, keep, reuse_ok))
    write_json_atomic(
        {"parser": version, "format": DATASET_FORMAT, "generation": generation,
         "tables": digests, "sources": new_manifest, ROOTS_KEY: record},
        ddir / MANIFEST,
    )  # fmt: skip
    write_stamps(ddir, generation, walk)
    _fsync_dir(ddir / "answers")
    _fsync_dir(ddir)
    report.written = True
    _summarise(report, tables)
    return report


def _parse_all(
    to_parse: Sequence[Source],
    limits: Limits,
    workers: int | None,
    progress: Callable[[int, int, str], None] | None,
    report: BuildReport,
    lock_fd: int | None,
) -> list[dict[str, list[dict]]]:
    """The rows of every source, in order, each parsed in a worker process under
    `limits`: a file over the size limit is never opened, and one that fails or runs out
    of its budget gives a failed document. Only when no worker process can be started at
    all are documents parsed here, without budgets, with a message saying so."""
    results: list[dict[str, list[dict]] | None] = [None] * len(to_parse)
    jobs: list[tuple[str, str, int, int]] = []
    where: list[int] = []  # job -> index in to_parse
    count = 0

    def finish(i: int, rows: dict[str, list[dict]]) -> None:
        nonlocal count
        results[i] = rows
        count += 1
        if progress:
            progress(count, len(to_parse), os.path.basename(to_parse[i].path))

    for i, src in enumerate(to_parse):
        if src.size > limits.max_file_bytes:
            reason = limits.too_large(src.size)
            finish(i, _failed_rows(src.path, src.origin, src.size, reason, b""))
        else:
            jobs.append((src.path, src.origin, src.size, limits.max_file_bytes))
            where.append(i)

    def done(j: int, outcome: Any) -> None:
        src = to_parse[where[j]]
        if isinstance(outcome, Failed):
            outcome = _failed_rows(src.path, src.origin, src.size, outcome.reason)
        finish(where[j], outcome)

    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if jobs:
        _warm_parser()
        fds = () if lock_fd is None else (lock_fd,)
        try:
            with Pool(_parse_one, n_workers, limits, close_fds=fds) as pool:
                pool.run(jobs, done)
        except OSError as exc:  # no processes here (a sandbox, a limit on processes)
            report.messages.append(f"parsed without time and memory budgets: {exc}")
            for j, job in enumerate(jobs):
                if results[where[j]] is not None:
                    continue
                try:
                    outcome: Any = _parse_one(job)
                except Exception as err:
                    outcome = Failed(f"parsing failed: {type(err).__name__}: {err}")
                done(j, outcome)
    out = [r for r in results if r is not None]
    assert len(out) == len(to_parse)
    return out


_WARM = (
    "河南省公开第二轮中央生态环境保护督察整改落实情况\n\n发布时间:2023-03-31\n\n"
    "中央第五生态环境保护督察组对河南省开展第二轮生态环境保护督察,"
    "反馈意见涉及82项整改任务,已完成59项,空气质量优良天数比例达到70.1%。\n"
)
_warmed = False


def _warm_parser() -> None:
    """Load the parser's reference tables here, once per process, before workers are
    forked: each worker then starts with them instead of loading them again (in a
    process that builds repeatedly, 40 ms per build of a single changed document)."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    try:
        parse_bytes(_WARM.encode("utf-8"), "warm.txt")
    except Exception:  # pragma: no cover - the workers will meet and report it
        pass


def _carry(
    kept: dict[str, Any],
    reuse_ok: bool,
    old_tables: dict[str, pl.DataFrame | None],
    report: BuildReport,
) -> dict[str, Any]:
    """The manifest entries of documents under a gone recorded root that this build keeps:
    their files cannot be read again, so their rows come from the tables as they are, also
    when every other document is parsed again. Only tables that cannot be read lose
    them, which is said."""
    if not kept or reuse_ok:
        return kept
    if all(old_tables[t] is not None for t in TABLES if t != "entities"):
        return kept
    report.messages.append(
        f"{len(kept)} documents of source folders that are gone could not be kept:"
        " the dataset's tables were unreadable"
    )
    return {}


def _conform(df: pl.DataFrame, table: str) -> pl.DataFrame:
    """Rows written by an earlier parser, in the table's columns and types of today."""
    schema = SCHEMAS[table]
    return df.select(
        [
            pl.col(c).cast(dtype, strict=False) if c in df.columns else pl.lit(None, dtype).alias(c)
            for c, dtype in schema.items()
        ]
    )


def _duplicated(old_tables: dict[str, pl.DataFrame | None]) -> bool:
    """Whether the tables hold a document's rows twice, as builds did when two paths held
    the same bytes: such tables are not reused but written again from the sources."""
    for t, key in (("sections", "section_id"), ("tasks", "task_id")):
        df = old_tables.get(t)
        if df is not None and len(df) and df.get_column(key).is_duplicated().any():
            return True
    return False


def _current_paths(docs: pl.DataFrame, manifest: dict[str, Any]) -> pl.DataFrame:
    """Documents whose recorded path is gone but whose content is still at another path
    (the first of two copies was removed) name that path."""
    first: dict[str, tuple[str, str]] = {}
    for src_path, entry in manifest.items():
        first.setdefault(entry.get("doc_id", ""), (shown(src_path), entry.get("origin", "")))
    stored = {shown(p) for p in manifest}  # the documents table holds paths as shown
    moved = {
        r["doc_id"]: first[r["doc_id"]]
        for r in docs.select("doc_id", "path").iter_rows(named=True)
        if r["path"] not in stored and r["doc_id"] in first
    }
    if not moved:
        return docs

    def new(column: str, value: Callable[[str, str], str]) -> pl.Expr:
        mapping = {d: value(p, o) for d, (p, o) in moved.items()}
        return pl.col("doc_id").replace_strict(
            mapping, default=pl.col(column), return_dtype=pl.String
        )

    return docs.with_columns(
        new("path", lambda p, _o: p).alias("path"),
        new("origin", lambda _p, o: o).alias("origin"),
        new("name", lambda p, _o: os.path.basename(p)).alias("name"),
    )


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
