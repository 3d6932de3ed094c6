"""`ducha export`: one table of the dataset as CSV, JSON lines or parquet.

CSV is written as UTF-8 with a byte-order mark so that spreadsheet programs (Excel in
particular) read the Chinese text correctly; list columns are joined with "; ". The
documents table leaves out the full text unless asked (a spreadsheet cell holds at most
32,767 characters). Facts, metrics and deadlines carry the round, batch, as-of and
publication date of their section, so a row can be read on its own.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and, in some programs, a
tab or a carriage return) as a formula, and a report's text or a file name can begin with
any of them. So every text cell of a CSV that begins with one of these gets a `'` in front
(OWASP's rule against CSV injection), which the spreadsheet shows as text. Number columns
are left as they are: a negative number is a number, not a formula. JSON lines and parquet
are read by programs, not spreadsheets, and stay exact.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

EXPORT_TABLES = ("facts", "metrics", "sections", "documents", "deadlines", "tasks", "entities")
FORMATS = ("csv", "json", "parquet")
_SUFFIX_FORMAT = {".csv": "csv", ".json": "json", ".jsonl": "json", ".ndjson": "json",
                  ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip
_CONTEXT = ("round", "batch", "as_of", "published")


def format_for(path: str | None, fmt: str | None) -> str:
    """The explicit format, else the one the output file's suffix names, else CSV."""
    if fmt:
        return fmt
    if path:
        return _SUFFIX_FORMAT.get(Path(path).suffix.lower(), "csv")
    return "csv"


def table_frame(data_dir: Path, table: str, with_text: bool = False) -> pl.DataFrame:
    import polars as pl

    from ducha.dataset import empty

    if table == "tasks":
        return _tasks(data_dir)
    path = data_dir / f"{table}.parquet"
    df = pl.read_parquet(path) if path.exists() else empty(table)
    if table == "documents" and not with_text:
        df = df.drop("text")
    if table in ("facts", "metrics", "deadlines"):
        spath = data_dir / "sections.parquet"
        if spath.exists():
            from ducha.query import as_of_basis

            # each row's as-of with where it comes from: stated (截至…), else at most the
            # publication, else the feedback date, as every screen says it
            secs = pl.read_parquet(spath, columns=["section_id", *_CONTEXT, "feedback_date"])
            secs = secs.with_columns(as_of_basis().alias("as_of_basis")).drop("feedback_date")
            context = [*_CONTEXT, "as_of_basis"]
            df = df.join(secs, on="section_id", how="left")
            cols = [c for c in df.columns if c not in context]
            i = cols.index("entity") + 1
            df = df.select([*cols[:i], *context, *cols[i:]])
    return df


def _tasks(data_dir: Path, today: str | None = None) -> pl.DataFrame:
    """Every ledger row with what the screen shows beside it: `overdue` and its
    `overdue_basis` as `query.Store.ledger` derives them (one rule for both), and the
    `as_of_basis` of the row's as-of date: "stated" (a 截至 line or the corrections file),
    else "today" (vocabulary.AS_OF_BASES)."""
    import polars as pl

    from ducha.query import Store

    df = (
        Store(data_dir)
        .ledger(None, today=today)
        .with_columns(
            # vocabulary.AS_OF_BASES: a ledger's own 截至 line, else today's date
            pl.when(pl.col("as_of").is_not_null())
            .then(pl.lit("stated"))
            .otherwise(pl.lit("today"))
            .alias("as_of_basis"),
        )
    )
    cols = [c for c in df.columns if c not in ("as_of_basis", "overdue", "overdue_basis")]
    i = cols.index("as_of") + 1
    return df.select([*cols[:i], "as_of_basis", "overdue", "overdue_basis", *cols[i:]])


def _flat(df: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists: join list cells with '; '."""
    import polars as pl

    exprs = [
        pl.col(name).list.join("; ").alias(name)
        for name, dtype in df.schema.items()
        if isinstance(dtype, pl.List)
    ]
    return df.with_columns(exprs) if exprs else df


# what a spreadsheet may take for the start of a formula (OWASP, "CSV Injection")
FORMULA_START = r"^[=+\-@\t\r]"


def _defused(df: pl.DataFrame) -> pl.DataFrame:
    """Every text cell that a spreadsheet would run as a formula, prefixed with `'`."""
    import polars as pl

    exprs = [
        pl.when(pl.col(name).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in df.schema.items()
        if dtype == pl.String
    ]
    return df.with_columns(exprs) if exprs else df


def _whole(name: str) -> pl.Expr:
    """Whether a float cell holds a whole number (that an integer holds exactly)."""
    import polars as pl

    c = pl.col(name)
    return c.is_finite() & (c == c.round(0)) & (c.abs() < 2**53)


def _float_columns(df: pl.DataFrame) -> list[str]:
    import polars as pl

    return [name for name, dtype in df.schema.items() if dtype in (pl.Float32, pl.Float64)]


def _as_written(df: pl.DataFrame, mark: str = "") -> pl.DataFrame:
    """Float columns as text: a whole number without `.0` (86, not 86.0), as the report
    states it and the screen shows it (vocabulary.num). A `value` column holds counts and
    rates alike, so this is decided cell by cell. `mark` goes in front of every number
    (see `_write_ndjson`); without it, a cell that is not finite is written as before."""
    import polars as pl

    exprs = []
    for name in _float_columns(df):
        c = pl.col(name)
        whole = c.cast(pl.Int64).cast(pl.String)
        text: pl.Expr = pl.when(_whole(name)).then(whole).otherwise(c.cast(pl.String))
        if mark:
            text = pl.when(c.is_finite()).then(pl.lit(mark) + text).otherwise(pl.lit(None))
        exprs.append(text.alias(name))
    return df.with_columns(exprs) if exprs else df


_NDJSON_ROWS = 20_000


def _write_ndjson(df: pl.DataFrame, out: str | os.PathLike[str] | IO[bytes]) -> None:
    """JSON lines whose whole numbers are integers (86, not 86.0). Each float goes out as
    a string behind a mark no text can hold (a NUL and a random word), and the quotes
    and the mark are taken off after: numbers stay numbers, and a cell that is not
    finite is null, as JSON has no NaN. Written in slices, never all in memory at once."""
    import re
    import uuid

    if not _float_columns(df):
        df.write_ndjson(out)
        return
    mark = f"\x00{uuid.uuid4().hex}:"
    quoted = re.compile(rb'"\\u0000' + mark[1:].encode("ascii") + rb'([^"]*)"')
    marked = _as_written(df, mark)
    fh = open(out, "wb") if isinstance(out, (str, os.PathLike)) else out
    try:
        for part in marked.iter_slices(_NDJSON_ROWS):
            buf = io.BytesIO()
            part.write_ndjson(buf)
            fh.write(quoted.sub(rb"\1", buf.getvalue()))
    finally:
        if fh is not out:
            fh.close()


def write(df: pl.DataFrame, fmt: str, out: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write `df` in `fmt` to a path or a binary stream. In CSV and JSON, a whole number
    in a float column is written as an integer; parquet keeps the columns' types."""
    if fmt == "csv":
        _as_written(_defused(_flat(df))).write_csv(out, include_bom=True)
    elif fmt == "json":
        _write_ndjson(df, out)
    elif fmt == "parquet":
        if isinstance(out, (str, os.PathLike)):
            from ducha.dataset import write_atomic

            write_atomic(df, Path(out))
        else:
            buf = io.BytesIO()
            df.write_parquet(buf)
            out.write(buf.getvalue())
    else:  # pragma: no cover - argparse restricts choices
        raise ValueError(f"unknown format {fmt!r}")
