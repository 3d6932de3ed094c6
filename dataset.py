"""The dataset: polars tables written as parquet into one directory, and read back.

Tables (the contract between the build and every reader; see README "Dataset"):
documents, sections, facts, metrics, deadlines, tasks, entities. This module holds their
schemas, writes them atomically and reads them; it knows nothing of parsing (the build,
build.py, fills the tables) nor of the questions people ask (query.py).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from ducha.sources import (
    Source,
    default_data_dir,
    json_bytes,
    parser_version,
    read_manifest,
    sources_current,
)

TABLES = ("documents", "sections", "facts", "metrics", "deadlines", "tasks", "entities")
# Each build writes one generation id into every table's parquet metadata and into the
# manifest, last. A build killed between two renames leaves tables of two generations: the
# dataset is stale then, and the next build (or the app, which checks first) rebuilds it.
GENERATION_KEY = "ducha_generation"

_EV = {
    "start": pl.Int64,
    "end": pl.Int64,
    "match_start": pl.Int64,
    "match_end": pl.Int64,
    "evidence": pl.String,
}
SCHEMAS: dict[str, dict[str, Any]] = {
    "documents": {
        "doc_id": pl.String, "path": pl.String, "name": pl.String, "origin": pl.String,
        "title": pl.String, "published": pl.String, "kind": pl.String, "encoding": pl.String,
        "fmt": pl.String, "status": pl.String, "problems": pl.List(pl.String),
        "size": pl.Int64, "n_sections": pl.Int64, "n_facts": pl.Int64, "text": pl.String,
    },
    "sections": {
        "section_id": pl.String, "doc_id": pl.String, "idx": pl.Int64, "entity": pl.String,
        "level": pl.String, "parent": pl.String, "round": pl.String, "batch": pl.Int64,
        "group": pl.String, "inspection_start": pl.String, "inspection_end": pl.String,
        "feedback_date": pl.String, "as_of": pl.String, "published": pl.String,
        "kind": pl.String, "start": pl.Int64, "end": pl.Int64,
    },
    "facts": {
        "section_id": pl.String, "doc_id": pl.String, "entity": pl.String, "field": pl.String,
        "value": pl.Float64, **_EV,
    },
    "metrics": {
        "section_id": pl.String, "doc_id": pl.String, "entity": pl.String, "name": pl.String,
        "value": pl.Float64, "unit": pl.String, "year": pl.Int64, "change": pl.Float64,
        "change_unit": pl.String, "target": pl.Boolean, **_EV,
    },
    "deadlines": {
        "section_id": pl.String, "doc_id": pl.String, "entity": pl.String, "due": pl.String,
        "due_text": pl.String, "count": pl.Int64, "share": pl.Float64, **_EV,
    },
    "tasks": {
        "task_id": pl.String, "doc_id": pl.String, "entity": pl.String, "seq": pl.String,
        "title": pl.String, "unit": pl.String, "due": pl.String, "due_text": pl.String,
        "status": pl.String, "status_text": pl.String, "start": pl.Int64, "end": pl.Int64,
        "status_derived": pl.String, "as_of": pl.String, "has_status": pl.Boolean,
        "problem": pl.String, "target": pl.String, "measures": pl.String,
        "lead_unit": pl.String, "leader": pl.String, "partners": pl.String, "group": pl.String,
        "extra": pl.String, "sheet": pl.String, "row": pl.Int64,
    },
    "entities": {
        "name": pl.String, "short": pl.String, "level": pl.String, "parent": pl.String,
        "pinyin": pl.String, "english": pl.String, "abbrs": pl.List(pl.String),
    },
}  # fmt: skip


def frame(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMAS[table], orient="row") if rows else empty(table)


def empty(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMAS[table])


# --- writing ---------------------------------------------------------------------------


# Documents go in row groups of a few dozen: the app reads one document's text at a time,
# and a reader decompresses the text column of the whole row group holding it (a 90 MB
# library in one group: 15 ms per document; in groups of 64: 2.6 ms). Without column
# statistics, which nothing filters documents by, the footer a reader parses on each
# read is a third the size, and a read of 10,000 documents' file takes 1.9 ms, not 3.4.
DOCUMENT_ROW_GROUP = 64


def write_atomic(df: pl.DataFrame, path: Path, metadata: dict[str, str] | None = None) -> str:
    """Write aside, fsync, rename: readers see the old file or the new one, never half.
    Returns the digest of what was written (see `file_digest`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        os.chmod(tmp, 0o644)
        documents = path.name == "documents.parquet"
        options: dict[str, Any] = (
            {"row_group_size": DOCUMENT_ROW_GROUP, "statistics": False} if documents else {}
        )
        df.write_parquet(tmp, metadata=metadata, **options)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
            digest = _sha256(fh)
        os.replace(tmp, path)
        return digest
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_json_atomic(obj: Any, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(json_bytes(obj, indent=1))  # a path that is not UTF-8 is kept, escaped
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_table(data_dir: Path, table: str) -> pl.DataFrame | None:
    """A table of the dataset, or None when it is missing or unreadable (corrupt)."""
    path = data_dir / f"{table}.parquet"
    if not path.exists():
        return None
    try:
        return pl.read_parquet(path)
    except Exception:
        return None


def _sha256(fh: BinaryIO) -> str:
    h = hashlib.sha256()  # hashlib.file_digest is 3.11's
    while chunk := fh.read(1 << 20):
        h.update(chunk)
    return h.hexdigest()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a table file, None when it cannot be read. A build records each
    table's digest in the manifest and checks them when it starts: a page damaged inside a
    file whose footer still reads (a bad disk block, a copy cut and patched) passes every
    other check and would otherwise only fail when a screen reads that page."""
    try:
        with open(path, "rb") as fh:
            return _sha256(fh)
    except OSError:
        return None


def damaged_tables(data_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """The tables whose bytes are not those the last build wrote (tables written before
    builds recorded digests are not checked)."""
    recorded = manifest.get("tables") or {}
    return [
        t for t in TABLES if t in recorded and file_digest(data_dir / f"{t}.parquet") != recorded[t]
    ]


def tables_consistent(data_dir: Path, manifest: dict[str, Any]) -> bool:
    """Every table is there, its footer reads, and it belongs to the manifest's build (a
    table without a generation, written by other tools, is taken as it is)."""
    for t in TABLES:
        path = data_dir / f"{t}.parquet"
        try:
            meta = pl.read_parquet_metadata(path)
        except Exception:
            return False
        gen = meta.get(GENERATION_KEY)
        if gen is not None and gen != manifest.get("generation"):
            return False
    return True


def readable_as_is(data_dir: Path) -> bool:
    """Whether `data_dir` holds the tables of one build: when it cannot be refreshed (a
    read-only folder, another build holding the lock) it can still be read as it is."""
    manifest = read_manifest(data_dir)
    return bool(manifest.get("generation")) and tables_consistent(data_dir, manifest)


def is_stale(
    data_dir: Path, extra: Sequence[str] = (), *, sources: list[Source] | None = None
) -> bool:
    """True when a build would change something (the app checks this before opening)."""
    manifest = read_manifest(data_dir)
    if manifest.get("parser") != parser_version():
        return True
    if not tables_consistent(data_dir, manifest):
        return True
    return not sources_current(data_dir, extra, manifest=manifest, sources=sources)


# --- reading ---------------------------------------------------------------------------


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


class Tables:
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
        return _by_entity(self._sections_read(df))

    def _sections_read(self, df: pl.DataFrame) -> pl.DataFrame:
        """A reader's hook on the sections as read (the query layer places ledgers)."""
        return df

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
