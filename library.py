"""`ducha add`: copy reports into the user's library, then rebuild incrementally.

Files keep their names. A different file that has a name already taken gets a short hash
of its content before the suffix (``report-3f2a9c1d.html``). A file whose content is
already in the library (under any name), or bundled with ducha, is not copied again, so
adding the same file twice changes nothing. A file over the size limit (budget.py,
`DUCHA_MAX_FILE_MB`) is refused before it is read: the build would never read it either.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ducha.budget import Limits
from ducha.parsers.pipeline import doc_id_of
from ducha.sources import SOURCE_SUFFIXES, bundled_sources, not_a_file, read_source, report_files


@dataclass(slots=True)
class AddResult:
    added: list[tuple[Path, Path, str]] = field(default_factory=list)  # (source, copy, doc_id)
    present: list[tuple[Path, str]] = field(default_factory=list)  # (source, where it is)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, problem)
    present_at: dict[Path, Path] = field(default_factory=dict)  # source -> its library copy


def _files_under(path: Path, skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """The reports under a folder as a build's walk finds them (links that loop or leave
    the folder, FIFOs and devices left out, with the reason in `skipped`)."""
    found, left_out = report_files(path)
    if skipped is not None:
        skipped.extend(left_out)
    return [Path(p) for p in found]


def _known_hashes(library: Path, copies: dict[str, Path] | None = None) -> dict[str, str]:
    """doc_id -> where that content already is (library first, then bundled); `copies`
    receives doc_id -> path of the library's copy."""
    known: dict[str, str] = {}
    bundled = bundled_sources()
    limit = Limits.from_env().max_file_bytes
    for root, label in ((bundled, "bundled with ducha"), (library, "in the library")):
        if not root.is_dir():
            continue
        for p in _files_under(root):
            try:
                if p.stat().st_size > limit:  # never read whole, never a document's content
                    continue
                digest = doc_id_of(read_source(p, limit))
                known.setdefault(digest, f"{label} as {p.name}")
                if copies is not None and root == library:
                    copies.setdefault(digest, p)
            except OSError:
                continue
    return known


def add_paths(paths: list[str], library: Path) -> AddResult:
    """Copy every .txt/.html file named (or found in a named folder) into `library`."""
    result = AddResult()
    copies: dict[str, Path] = {}
    known = _known_hashes(library, copies)
    candidates: list[Path] = []
    for raw in paths:
        p = Path(raw).expanduser()
        if p.is_dir():
            skipped: list[tuple[str, str]] = []
            found = _files_under(p, skipped)
            result.problems.extend((path, f"{why}; skipped") for path, why in skipped)
            if not found and not skipped:
                result.problems.append(
                    (raw, "folder holds no .txt or .html files (nor .csv or .xlsx ledgers)")
                )
            candidates.extend(found)
        elif p.is_file():
            if p.suffix.lower() not in SOURCE_SUFFIXES:
                result.problems.append(
                    (raw, "not a .txt or .html file (nor a .csv or .xlsx ledger); skipped")
                )
                continue
            candidates.append(p)
        elif p.exists():
            result.problems.append((raw, f"{not_a_file(p.stat().st_mode)}; skipped"))
        else:
            result.problems.append((raw, "no such file or folder"))
    limits = Limits.from_env()
    for src in candidates:
        try:
            size = src.stat().st_size
            if size > limits.max_file_bytes:
                result.problems.append((str(src), _too_large(size, limits)))
                continue
            data = read_source(src, limits.max_file_bytes)
        except OSError as exc:
            result.problems.append((str(src), f"cannot read: {exc.strerror or exc}"))
            continue
        if len(data) > limits.max_file_bytes:  # grown since its size was taken
            result.problems.append((str(src), _too_large(len(data), limits)))
            continue
        digest = doc_id_of(data)
        if digest in known:
            result.present.append((src, known[digest]))
            if digest in copies:
                result.present_at[src] = copies[digest]
            continue
        library.mkdir(parents=True, exist_ok=True)
        dest = library / src.name
        if dest.exists():
            dest = library / f"{src.stem}-{digest[:8]}{src.suffix}"
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=library)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            shutil.copystat(src, tmp)
            os.replace(tmp, dest)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        known[digest] = f"in the library as {dest.name}"
        copies[digest] = dest
        result.added.append((src, dest, digest))
    return result


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"file of {size / 1024 / 1024:.1f} MB is over the {limits.max_file_mb:g} MB limit"
        " (DUCHA_MAX_FILE_MB); not added"
    )
