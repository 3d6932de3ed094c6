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

    path = data_dir / f"{table}.parquet"
    df = pl.read_parquet(path) if path.exists() else empty(table)
    if table == "documents" and not with_text:
        df = df.drop("text")
    if table in ("facts", "metrics", "deadlines"):
        spath = data_dir / "sections.parquet"
        if spath.exists():
            secs = pl.read_parquet(spath, columns=["section_id", *_CONTEXT])
            df = df.join(secs, on="section_id", how="left")
            cols = [c for c in df.columns if c not in _CONTEXT]
            i = cols.index("entity") + 1
            df = df.select([*cols[:i], *_CONTEXT, *cols[i:]])
    return df


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
_FORMULA_START = r"^[=+\-@\t\r]"


def _defused(df: pl.DataFrame) -> pl.DataFrame:
    """Every text cell that a spreadsheet would run as a formula, prefixed with `'`."""
    import polars as pl

    exprs = [
        pl.when(pl.col(name).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in df.schema.items()
        if dtype == pl.String
    ]
    return df.with_columns(exprs) if exprs else df


def write(df: pl.DataFrame, fmt: str, out: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write `df` in `fmt` to a path or a binary stream."""
    if fmt == "csv":
        _defused(_flat(df)).write_csv(out, include_bom=True)
    elif fmt == "json":
        df.write_ndjson(out)
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
