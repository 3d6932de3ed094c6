"""What a dataset is built from, and whether it is current: the bundled reports, the user's
library and extra folders, the manifest of the last build, and the parser's version.

Every command asks this before it answers, so it imports only the standard library: a
`ducha show` that finds its dataset current never loads polars or the parser.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

SOURCE_SUFFIXES = (".txt", ".html", ".htm", ".csv", ".xlsx")
LEDGER_SUFFIXES = (".csv", ".xlsx", ".html", ".htm")
MANIFEST = "manifest.json"
DATASET_FORMAT = 1
# a ledger's corrections sit beside it (see parsers/ledger/headers.py)
SIDECAR_SUFFIX = ".ducha.toml"
FOLDER_SIDECAR = "ducha-ledger.toml"


def default_data_dir() -> Path:
    env = os.environ.get("DUCHA_DATA")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ducha", appauthor=False))


def bundled_sources() -> Path:
    return Path(str(resources.files("ducha.data") / "sources"))


@cache  # the parser's files do not change under a running process
def parser_version() -> str:
    """Hash of the parser code and reference data: a rule change re-parses everything."""
    h = hashlib.sha256(str(DATASET_FORMAT).encode())
    root = Path(__file__).parent / "parsers"
    for path in sorted([*root.rglob("*.py"), *(root.parent / "data" / "reference").glob("*.toml")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@dataclass(slots=True)
class Source:
    path: str
    origin: str  # "bundled" | "library" | "extra"
    size: int
    mtime_ns: int


def find_sources(data_dir: Path, extra: Sequence[str | os.PathLike[str]] = ()) -> list[Source]:
    """Bundled reports, the user's library (data_dir/library) and any extra files/folders.

    One directory walk with the entries' own stat results: every command that checks
    whether the dataset is stale pays for this, so it must stay cheap at 10,000 files.
    """
    found: dict[str, Source] = {}
    roots: list[tuple[str, str]] = [
        (str(bundled_sources()), "bundled"),
        (str(data_dir / "library"), "library"),
    ]
    roots += [(os.fspath(p), "extra") for p in extra]
    for root, origin in roots:
        root = os.path.abspath(os.path.expanduser(root))
        for path, st in _walk_sources(root):
            found.setdefault(path, Source(path, origin, st.st_size, st.st_mtime_ns))
    return list(found.values())


def _walk_sources(root: str) -> Iterable[tuple[str, os.stat_result]]:
    """(absolute path, stat) of every report file under `root` (or `root` itself), sorted."""
    try:
        if not os.path.isdir(root):
            if os.path.isfile(root):
                yield root, os.stat(root)
            return
    except OSError:
        return
    out: list[tuple[str, os.stat_result]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=True):
                    stack.append(entry.path)
                elif os.path.splitext(entry.name)[1].lower() in SOURCE_SUFFIXES:
                    out.append((entry.path, entry.stat()))
            except OSError:
                continue
    out.sort(key=lambda item: item[0])
    yield from out


def read_manifest(data_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((data_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def sidecar_paths(path: str) -> list[str]:
    """The override files that may sit beside `path`, most specific first."""
    folder = os.path.dirname(path)
    return [path + SIDECAR_SUFFIX, os.path.join(folder, FOLDER_SIDECAR)]


def sidecar_stamp(path: str) -> str:
    """Size and mtime of a ledger's override files (a build re-reads the ledger when they
    change); '' for a file that is not a ledger or has none."""
    if os.path.splitext(path)[1].lower() not in LEDGER_SUFFIXES:
        return ""
    parts = []
    for p in sidecar_paths(path):
        try:
            st = os.stat(p)
        except OSError:
            continue
        parts.append(f"{os.path.basename(p)}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def sources_current(
    data_dir: Path,
    extra: Sequence[str | os.PathLike[str]] = (),
    *,
    manifest: dict[str, Any] | None = None,
    sources: list[Source] | None = None,
) -> bool:
    """Whether the last build read this parser and exactly these files as they are now
    (the tables' own consistency is the dataset's business)."""
    manifest = read_manifest(data_dir) if manifest is None else manifest
    if manifest.get("parser") != parser_version():
        return False
    known = manifest.get("sources", {})
    sources = find_sources(data_dir, extra) if sources is None else sources
    if set(known) != {s.path for s in sources}:
        return False
    return not any(
        known[s.path].get("size") != s.size
        or known[s.path].get("mtime_ns") != s.mtime_ns
        or known[s.path].get("sidecar", "") != sidecar_stamp(s.path)
        for s in sources
    )
