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
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

SOURCE_SUFFIXES = (".txt", ".html", ".htm", ".csv", ".xlsx")
LEDGER_SUFFIXES = (".csv", ".xlsx", ".html", ".htm")
MANIFEST = "manifest.json"
STAMPS = "stamps.json"
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
    """The reports that come with ducha (package data beside this module)."""
    return Path(__file__).parent / "data" / "sources"


def _parser_files() -> list[Path]:
    """The parser code, the reference lookups and the reference data, sorted."""
    here = Path(__file__).parent
    code = [*(here / "parsers").rglob("*.py"), *(here / "reference").glob("*.py")]
    return sorted([*code, *(here / "data" / "reference").glob("*.toml")])


@cache  # the parser's files do not change under a running process
def parser_version() -> str:
    """Hash of the parser code, the reference lookups and the reference data: a change to
    any of them re-parses everything."""
    h = hashlib.sha256(str(DATASET_FORMAT).encode())
    for path in _parser_files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _parser_signature() -> list[list[Any]]:
    """Name, size and mtime of each file `parser_version` hashes: unchanged, the version is
    the one computed when they were last seen (a stat each instead of reading them)."""
    out = []
    for path in _parser_files():
        st = path.stat()
        out.append([str(path), st.st_size, st.st_mtime_ns])
    return out


class Source(NamedTuple):
    path: str
    origin: str  # "bundled" | "library" | "extra"
    size: int
    mtime_ns: int


def find_sources(data_dir: Path, extra: Sequence[str | os.PathLike[str]] = ()) -> list[Source]:
    """Bundled reports, the user's library (data_dir/library) and any extra files/folders."""
    return walk_sources(data_dir, extra).sources


class Walk:
    """The report files under the source roots, and the stamps of what was walked: each
    folder's mtime (taken before it was listed) and each root that is a file or missing."""

    __slots__ = ("files", "folders", "roots", "sources")

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.roots: list[str] = []
        self.folders: dict[str, int] = {}
        self.files: dict[str, list[int]] = {}  # a root that is a file: [size, mtime_ns]


def _roots(data_dir: Path, extra: Sequence[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    roots = [(str(bundled_sources()), "bundled"), (str(data_dir / "library"), "library")]
    roots += [(os.fspath(p), "extra") for p in extra]
    out: dict[str, str] = {}  # a folder named twice is one root
    for root, origin in roots:
        out.setdefault(os.path.abspath(os.path.expanduser(root)), origin)
    return list(out.items())


def walk_sources(data_dir: Path, extra: Sequence[str | os.PathLike[str]] = ()) -> Walk:
    """One directory walk with the entries' own stat results: every command that checks
    whether the dataset is stale in full pays for this, so it must stay cheap at 10,000
    files."""
    found: dict[str, Source] = {}
    walk = Walk()
    for root, origin in _roots(data_dir, extra):
        walk.roots.append(root)
        for path, st in _walk_sources(root, walk):
            found.setdefault(path, Source(path, origin, st.st_size, st.st_mtime_ns))
    walk.sources = list(found.values())
    return walk


def _walk_sources(root: str, walk: Walk) -> Iterable[tuple[str, os.stat_result]]:
    """(absolute path, stat) of every report file under `root` (or `root` itself), sorted;
    the stamps of what it saw go to `walk`."""
    try:
        if not os.path.isdir(root):
            if os.path.isfile(root):
                st = os.stat(root)
                walk.files[root] = [st.st_size, st.st_mtime_ns]
                yield root, st
            return
    except OSError:
        return
    out: list[tuple[str, os.stat_result]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            walk.folders[folder] = os.stat(folder).st_mtime_ns  # before listing: a later
            entries = list(os.scandir(folder))  # change leaves the folder newer than this
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


# --- the quick check -------------------------------------------------------------------


def write_stamps(data_dir: Path, generation: str, walk: Walk) -> None:
    """Record what the walk of a current dataset saw, for `stamps_current`. Best effort:
    a dataset folder that cannot be written only costs later commands the full check."""
    import tempfile

    stamps = {"parser": parser_version(), "parser_files": _parser_signature(),
              "generation": generation, "roots": walk.roots, "folders": walk.folders,
              "files": walk.files}  # fmt: skip
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{STAMPS}.", suffix=".tmp", dir=data_dir)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(stamps, fh, ensure_ascii=False)
        os.replace(tmp, data_dir / STAMPS)
    except OSError:
        pass


def stamps_current(data_dir: Path, extra: Sequence[str | os.PathLike[str]] = ()) -> str | None:
    """The generation of the last build when nothing it read has visibly changed since:
    the same parser, the same source roots, every folder walked with its mtime unchanged
    (a file added, removed or renamed, or saved by writing aside and renaming, changes its
    folder's mtime) and every root that is a file unchanged. One stat per folder, not per
    file: this is what lets `ducha show` and the app's first frame answer at once from a
    library of 10,000 reports. A file rewritten in place keeps its folder's mtime; `ducha
    build` and the app, once its first frame is up, check every file. None when the full
    check is needed."""
    try:
        stamps = json.loads((data_dir / STAMPS).read_text(encoding="utf-8"))
        if stamps.get("parser_files") != _parser_signature():
            if stamps.get("parser") != parser_version():
                return None
        if stamps.get("roots") != [r for r, _ in _roots(data_dir, extra)]:
            return None
        for folder, mtime in stamps["folders"].items():
            if os.stat(folder).st_mtime_ns != mtime:
                return None
        for path, (size, mtime) in stamps["files"].items():
            st = os.stat(path)
            if [st.st_size, st.st_mtime_ns] != [size, mtime]:
                return None
        for root in stamps["roots"]:  # a root that was missing must still be missing
            if root not in stamps["files"] and root not in stamps["folders"]:
                if os.path.exists(root):
                    return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    generation = stamps.get("generation")
    return generation if isinstance(generation, str) and generation else None
