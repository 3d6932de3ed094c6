"""What a dataset is built from, and whether it is current: the bundled reports, the user's
library and extra folders, the manifest of the last build, and the parser's version.

Every command asks this before it answers, so it imports only the standard library: a
`ducha show` that finds its dataset current never loads polars or the parser.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

SOURCE_SUFFIXES = (".txt", ".html", ".htm", ".csv", ".xlsx")
LEDGER_SUFFIXES = (".csv", ".xlsx", ".html", ".htm")
MANIFEST = "manifest.json"
STAMPS = "stamps.json"
# The folders `ducha build FOLDER` was given, which every later command reads too: a file
# of its own, so that a command learns them without reading the manifest (2 MB at 10,000
# documents); the manifest keeps a copy under the same key.
ROOTS = "roots.json"
ROOTS_KEY = "extra_roots"
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
    folder's mtime (taken before it was listed) and each root that is a file or missing.
    `skipped` lists the entries that look like reports but are not read, with the reason
    (a FIFO, a device, a link out of the source folder …), for `ducha build` to say so."""

    __slots__ = ("files", "folders", "roots", "skipped", "sources")

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.roots: list[str] = []
        self.folders: dict[str, int] = {}
        self.files: dict[str, list[int]] = {}  # a root that is a file: [size, mtime_ns]
        self.skipped: list[tuple[str, str]] = []  # (path, reason)


# Whether the walk follows symbolic links that lead out of a source folder. Set once per
# process from the config (`follow_symlinks`, see config.py) by the command line, so that
# every walk of the process (the build's, the staleness checks', the app's) sees the same
# files; a walk may still be asked explicitly.
FOLLOW_SYMLINKS = False


def configure(*, follow_symlinks: bool) -> None:
    """Set the walk's defaults for this process (the command line does, from the config)."""
    global FOLLOW_SYMLINKS
    FOLLOW_SYMLINKS = bool(follow_symlinks)


def root_path(root: str | os.PathLike[str]) -> str:
    """A source root as the walk names it (absolute, `~` expanded): the form the dataset
    records and compares."""
    return os.path.abspath(os.path.expanduser(os.fspath(root)))


def _roots(data_dir: Path, extra: Sequence[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    roots = [(str(bundled_sources()), "bundled"), (str(data_dir / "library"), "library")]
    roots += [(os.fspath(p), "extra") for p in extra]
    out: dict[str, str] = {}  # a folder named twice is one root
    for root, origin in roots:
        out.setdefault(root_path(root), origin)
    return list(out.items())


# --- the folders a dataset remembers ---------------------------------------------------


def recorded_roots(data_dir: Path, manifest: dict[str, Any] | None = None) -> list[str]:
    """The source folders (or files) earlier builds of this dataset were given, absolute.
    Read from the small `roots.json`; only a dataset without one (built before it was
    written) costs a read of the manifest, which holds a copy."""
    try:
        roots = json.loads((data_dir / ROOTS).read_bytes())[ROOTS_KEY]
    except (OSError, ValueError, TypeError, KeyError):
        roots = (read_manifest(data_dir) if manifest is None else manifest).get(ROOTS_KEY)
    if not isinstance(roots, list):
        return []
    return [r for r in roots if isinstance(r, str) and r]


def write_roots(data_dir: Path, roots: Sequence[str]) -> None:
    """Record the folders later commands must read (written aside and renamed). A build
    writes it before its tables: a build stopped midway leaves what was asked for, which
    the next command's refresh then carries out."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{ROOTS}.", suffix=".tmp", dir=data_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(json_bytes({ROOTS_KEY: list(roots)}, indent=1))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, data_dir / ROOTS)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def source_roots(configured: Sequence[str], recorded: Sequence[str]) -> list[str]:
    """What every command of a dataset reads besides the bundled reports and its library:
    the configured folders, then the ones its builds recorded (`recorded_roots`), in the
    order they were recorded, so that every command names the roots alike and the quick
    check (`stamps_current`) holds."""
    return list(dict.fromkeys([*configured, *recorded]))


def gone_roots(roots: Sequence[str]) -> list[str]:
    """The recorded roots that are no longer there (an unplugged disk, a folder moved)."""
    return [r for r in roots if not os.path.exists(r)]


def under_root(path: str, root: str) -> bool:
    """Whether `path` (as the walk found it) was found under `root`."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def kept_sources(manifest: dict[str, Any], roots: Sequence[str]) -> dict[str, Any]:
    """The manifest's entries found under a recorded root that is gone: their documents
    are kept as the last build read them until `ducha build --forget ROOT`, never dropped
    because a disk is not mounted today."""
    gone = gone_roots(roots)
    if not gone:
        return {}
    known = manifest.get("sources") or {}
    return {p: e for p, e in known.items() if any(under_root(p, g) for g in gone)}


def walk_sources(
    data_dir: Path,
    extra: Sequence[str | os.PathLike[str]] = (),
    *,
    follow_symlinks: bool | None = None,
) -> Walk:
    """One directory walk with the entries' own stat results: every command that checks
    whether the dataset is stale in full pays for this, so it must stay cheap at 10,000
    files. `follow_symlinks` (default: the configured one) follows links that lead out of
    a source folder; links inside it are always followed, each folder read once."""
    follow = FOLLOW_SYMLINKS if follow_symlinks is None else follow_symlinks
    found: dict[str, Source] = {}
    walk = Walk()
    for root, origin in _roots(data_dir, extra):
        walk.roots.append(root)
        for path, st in _walk_sources(root, walk, follow):
            found.setdefault(path, Source(path, origin, st.st_size, st.st_mtime_ns))
    walk.sources = list(found.values())
    return walk


def not_a_file(mode: int) -> str:
    """Why an entry that is not a regular file is never opened: a FIFO blocks a read until
    a writer comes, a device may never end, a socket cannot be read as a file."""
    if stat.S_ISFIFO(mode):
        return "a FIFO, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


class NotAFile(OSError):
    """The path names a FIFO, a device or a socket (perhaps put there after the walk)."""


def read_source(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of the regular file at `path` (one more than allowed
    tells a caller the file is over its limit without reading it whole). Opened without
    blocking and checked by its open descriptor, so a FIFO, device or socket that took a
    report's place after the walk raises NotAFile instead of blocking the read forever."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(errno.EINVAL, not_a_file(mode), os.fspath(path))
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def report_files(root: str | os.PathLike[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The report files under `root` (a folder or one file) as the build's walk finds
    them, and what it left out with the reason: `ducha add` copies what a build reads."""
    walk = Walk()
    found = [p for p, _st in _walk_sources(os.path.abspath(os.fspath(root)), walk, FOLLOW_SYMLINKS)]
    return found, walk.skipped


def _inside(path: str, real_root: str) -> bool:
    """Whether `path` (resolved) lies in the folder `real_root` (resolved)."""
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _walk_sources(
    root: str, walk: Walk, follow: bool = False
) -> Iterable[tuple[str, os.stat_result]]:
    """(absolute path, stat) of every report file under `root` (or `root` itself), sorted;
    the stamps of what it saw go to `walk`.

    A file-system situation never stops the walk: a link loop reads each folder once (they
    are known by device and inode), a link out of the root is not followed unless `follow`,
    and a FIFO, device or socket is never opened (a FIFO would block the read forever);
    what is left out goes to `walk.skipped`. Only entries that are links cost a stat or a
    `realpath`: the others' types come with the listing."""
    try:
        st = os.stat(root)
    except OSError:
        return
    if not stat.S_ISDIR(st.st_mode):
        walk.files[root] = [st.st_size, st.st_mtime_ns]  # unchanged, the stamps hold
        if stat.S_ISREG(st.st_mode):
            yield root, st
        else:
            walk.skipped.append((root, not_a_file(st.st_mode)))
        return
    real_root = os.path.realpath(root)
    seen: set[tuple[int, int]] = set()
    out: list[tuple[str, os.stat_result]] = []
    stack = [root]
    linked: list[str] = []  # folders reached through a link: read after the real ones
    while stack or linked:
        folder = stack.pop() if stack else linked.pop()
        try:
            fst = os.stat(folder)  # before listing: a later change leaves it newer than this
        except OSError:
            continue
        key = (fst.st_dev, fst.st_ino)
        if key in seen:
            walk.skipped.append((folder, "a link to a folder already read"))
            continue
        seen.add(key)
        walk.folders[folder] = fst.st_mtime_ns
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_symlink():
                    if not follow and not _inside(entry.path, real_root):
                        if entry.is_dir() or _is_report(entry.name):
                            walk.skipped.append(
                                (entry.path, "a link out of the source folder, not followed")
                            )
                        continue
                    if entry.is_dir():
                        linked.append(entry.path)
                        continue
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                if not _is_report(entry.name):
                    continue
                if not entry.is_file():  # the type of the entry (or of the link's target)
                    est = entry.stat()
                    walk.skipped.append((entry.path, not_a_file(est.st_mode)))
                    continue
                out.append((entry.path, entry.stat()))
            except OSError:
                if _is_report(entry.name) and _is_link(entry):
                    walk.skipped.append((entry.path, "a link to nothing"))
                continue
    out.sort(key=lambda item: item[0])
    yield from out


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _is_report(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SOURCE_SUFFIXES


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
    (the tables' own consistency is the dataset's business); the documents of a recorded
    root that is gone are kept, not missed (see `kept_sources`)."""
    manifest = read_manifest(data_dir) if manifest is None else manifest
    if manifest.get("parser") != parser_version():
        return False
    known = manifest.get("sources", {})
    sources = find_sources(data_dir, extra) if sources is None else sources
    kept = kept_sources(manifest, recorded_roots(data_dir, manifest))
    if set(known) - set(kept) != {s.path for s in sources}:
        return False
    return not any(
        known[s.path].get("size") != s.size
        or known[s.path].get("mtime_ns") != s.mtime_ns
        or known[s.path].get("sidecar", "") != sidecar_stamp(s.path)
        or (known[s.path].get("unreadable") and readable_now(s.path))  # chmod keeps the mtime
        for s in sources
    )


def readable_now(path: str) -> bool:
    """Whether `path` opens and reads now (a file that could not be read once)."""
    try:
        read_source(path, 0)
    except OSError:
        return False
    return True


# --- the quick check -------------------------------------------------------------------


def write_stamps(data_dir: Path, generation: str, walk: Walk) -> None:
    """Record what the walk of a current dataset saw, for `stamps_current`. Best effort:
    a dataset folder that cannot be written only costs later commands the full check."""
    import tempfile

    stamps = {"parser": parser_version(), "parser_files": _parser_signature(),
              "generation": generation, "roots": walk.roots, "folders": walk.folders,
              "files": walk.files, "follow_symlinks": FOLLOW_SYMLINKS}  # fmt: skip
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{STAMPS}.", suffix=".tmp", dir=data_dir)
        with os.fdopen(fd, "wb") as fh:
            fh.write(json_bytes(stamps))
        os.replace(tmp, data_dir / STAMPS)
    except OSError:
        pass


def json_bytes(obj: Any, indent: int | None = None) -> bytes:
    """`obj` as UTF-8 JSON that holds any path the file system gave.

    A file name that is not UTF-8 (GBK bytes from a Windows zip) reaches Python as a str
    with lone surrogates (PEP 383), which UTF-8 cannot encode. Such a document is written
    with JSON's own escapes (`\\udcb1`), which `json.loads` turns back into the same str,
    so the path read back opens the same file; every other document keeps its Chinese
    readable."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, indent=indent).encode("ascii")


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text that any output can hold: bytes of a name that are not UTF-8 appear
    as `\\xb1` escapes (what `ls -b` shows), the rest as it is. For display only: the real
    path is the one to open."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate no file name decodes to
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")
    return text


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
        if stamps.get("follow_symlinks", False) != FOLLOW_SYMLINKS:
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
