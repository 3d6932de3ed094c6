"""Ordinary file-system situations never stop ducha: link loops, links out of a source
folder, FIFOs, file names that are not UTF-8 or that hold escape sequences and markup,
paths with glob characters, CSV cells a spreadsheet would run, and file-system errors
(a file where the dataset should be, a missing parent, a read-only folder, a full disk, a
closed pipe), each said in one line."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ducha import sources
from tests.cli_helpers import isolate, run

REPORT = "河南省第三轮督察整改情况。截至2024年6月底,82项整改任务已完成59项。\n"
GBK_NAME = "报告".encode("gbk") + b".txt"
HOSTILE_NAME = "\x1b]0;owned\x07[red]x.txt"  # ESC, BEL and Rich markup: a legal name


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DUCHA_DATA", "FORCE_COLOR")}
    env["DUCHA_CONFIG"] = str(tmp_path / "no-config.toml")
    env["COLUMNS"] = "200"
    return env


def _ducha(tmp_path: Path, *argv: str | bytes, timeout: float = 240) -> subprocess.CompletedProcess:
    """`ducha ARGV` in a child process, with raw bytes out; a timeout fails a walk that
    would block on a FIFO instead of hanging the suite."""
    cmd: list[str | bytes] = [sys.executable, "-m", "ducha", *argv]
    return subprocess.run(cmd, capture_output=True, env=_env(tmp_path), timeout=timeout)


def _paths(walk: sources.Walk) -> set[str]:
    return {os.path.basename(s.path) for s in walk.sources}


# --- the walk --------------------------------------------------------------------------


def test_a_link_loop_is_walked_once(tmp_path: Path) -> None:
    root = tmp_path / "src"
    (root / "a").mkdir(parents=True)
    (root / "a" / "r.txt").write_text(REPORT, encoding="utf-8")
    os.symlink(root, root / "a" / "loop")  # a/loop -> src: src/a/loop/a/loop/…
    os.symlink(root / "a", root / "b")  # a second name for a/: read once, by its real name
    walk = sources.walk_sources(tmp_path / "ds", [str(root)])
    extra = [s.path for s in walk.sources if s.origin == "extra"]
    assert extra == [str(root / "a" / "r.txt")]
    assert len([f for f in walk.folders if f.startswith(str(root))]) == 2  # src and src/a
    reasons = dict(walk.skipped)
    assert reasons[str(root / "a" / "loop")] == "a link to a folder already read"
    assert reasons[str(root / "b")] == "a link to a folder already read"


def test_links_out_of_the_root_are_not_followed_unless_configured(tmp_path: Path) -> None:
    root, outside = tmp_path / "src", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "o.txt").write_text(REPORT, encoding="utf-8")
    os.symlink(outside, root / "out")
    os.symlink(outside / "o.txt", root / "o2.txt")
    os.symlink(tmp_path / "nothing.txt", root / "dangling.txt")
    (root / "in.txt").write_text(REPORT, encoding="utf-8")
    os.symlink(root / "in.txt", root / "in-link.txt")  # inside the root: followed

    walk = sources.walk_sources(tmp_path / "ds", [str(root)])
    assert {"in.txt", "in-link.txt"} <= _paths(walk)
    assert not {"o.txt", "o2.txt"} & _paths(walk)
    reasons = dict(walk.skipped)
    assert reasons[str(root / "out")] == "a link out of the source folder, not followed"
    assert reasons[str(root / "o2.txt")] == "a link out of the source folder, not followed"
    assert reasons[str(root / "dangling.txt")] == "a link out of the source folder, not followed"
    assert str(outside) not in walk.folders

    followed = sources.walk_sources(tmp_path / "ds", [str(root)], follow_symlinks=True)
    assert {"o.txt", "o2.txt", "in.txt"} <= _paths(followed)
    assert str(root / "out") in followed.folders
    assert dict(followed.skipped)[str(root / "dangling.txt")] == "a link to nothing"


def test_the_configured_default_is_used_and_kept_in_the_stamps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, outside = tmp_path / "src", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "o.txt").write_text(REPORT, encoding="utf-8")
    os.symlink(outside, root / "out")
    monkeypatch.setattr(sources, "FOLLOW_SYMLINKS", False)
    sources.configure(follow_symlinks=True)
    assert "o.txt" in _paths(sources.walk_sources(tmp_path / "ds", [str(root)]))
    data = tmp_path / "ds"
    data.mkdir()
    walk = sources.walk_sources(data, [str(root)])
    sources.write_stamps(data, "g1", walk)
    assert sources.stamps_current(data, [str(root)]) == "g1"
    sources.configure(follow_symlinks=False)  # a different walk: the stamps do not hold
    assert sources.stamps_current(data, [str(root)]) is None


def test_a_fifo_is_skipped_and_never_opened(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    os.mkfifo(root / "pipe.txt")
    (root / "r.txt").write_text(REPORT, encoding="utf-8")
    walk = sources.walk_sources(tmp_path / "ds", [str(root)])
    assert "pipe.txt" not in _paths(walk)
    assert "r.txt" in _paths(walk)
    assert dict(walk.skipped)[str(root / "pipe.txt")] == "a FIFO, not a file"
    # named as a root itself: skipped too, and its stamp keeps a current dataset current
    walk = sources.walk_sources(tmp_path / "ds", [str(root / "pipe.txt")])
    assert dict(walk.skipped)[str(root / "pipe.txt")] == "a FIFO, not a file"
    assert str(root / "pipe.txt") in walk.files


def test_ducha_build_lists_what_it_skipped(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    os.mkfifo(root / "x.txt")
    (root / "r.txt").write_text(REPORT, encoding="utf-8")
    res = _ducha(tmp_path, "build", "--data", str(tmp_path / "ds"), str(root))
    err = res.stderr.decode()
    assert res.returncode == 0, err
    assert f"skipped: {root / 'x.txt'} - a FIFO, not a file" in err
    assert b"Traceback" not in res.stderr


def test_the_walk_setting_is_read_from_the_config(tmp_path: Path) -> None:
    from ducha.config import load_settings

    cfg = tmp_path / "c.toml"
    cfg.write_text("follow_symlinks = true\n", encoding="utf-8")
    assert load_settings(cfg).follow_symlinks is True
    cfg.write_text('follow_symlinks = "yes"\n', encoding="utf-8")
    s = load_settings(cfg)
    assert s.follow_symlinks is False
    assert s.problems == [f"{cfg}:1: follow_symlinks: expected true or false, got a string"]
    res = _ducha(tmp_path, "--config", str(cfg), "config", "--json")
    shown = json.loads(res.stdout)["settings"]["follow_symlinks"]
    assert shown == {"value": False, "from": "default"}
    cfg.write_text("follow_symlinks = true\n", encoding="utf-8")
    res = _ducha(tmp_path, "--config", str(cfg), "config")
    assert "follow_symlinks true" in " ".join(res.stdout.decode().split())


# --- names that are not UTF-8 ----------------------------------------------------------


def _gbk_report(folder: Path) -> bytes:
    path = os.path.join(os.fsencode(folder), GBK_NAME)
    with open(path, "wb") as fh:
        fh.write(REPORT.encode("utf-8"))
    return path


def test_a_name_that_is_not_utf8_shows_escaped(tmp_path: Path) -> None:
    from ducha.views import shown_path

    name = os.fsdecode(GBK_NAME)
    assert sources.shown(name) == "\\xb1\\xa8\\xb8\\xe6.txt"
    assert shown_path(name) == "\\xb1\\xa8\\xb8\\xe6.txt"
    assert json.loads(sources.json_bytes({name: 1})) == {name: 1}
    assert sources.json_bytes({"河南": 1}) == '{"河南": 1}'.encode()


def test_stamps_hold_a_folder_that_is_not_utf8(tmp_path: Path) -> None:
    data = tmp_path / "ds"
    data.mkdir()
    root = tmp_path / "src"
    root.mkdir()
    folder = os.path.join(os.fsencode(root), "督察".encode("gbk"))
    os.mkdir(folder)
    with open(os.path.join(folder, b"r.txt"), "wb") as fh:
        fh.write(REPORT.encode())
    walk = sources.walk_sources(data, [str(root)])
    assert os.fsdecode(folder) in walk.folders
    sources.write_stamps(data, "g1", walk)
    assert sources.stamps_current(data, [str(root)]) == "g1"
    os.utime(folder, ns=(1, 1))  # its folder changed: seen
    assert sources.stamps_current(data, [str(root)]) is None


def test_a_report_named_in_gbk_is_read_and_shown_escaped(tmp_path: Path) -> None:
    """A GBK name from a Windows zip: the report is read like any other, its name is
    stored and printed as `\\xb1` escapes (what `ls -b` shows), the manifest keeps the
    real name (so the next build reuses it), and every command and the app work after."""
    import polars as pl

    root = tmp_path / "src"
    root.mkdir()
    _gbk_report(root)
    (tmp_path / "no-config.toml").write_text(f"sources = [{json.dumps(str(root))}]\n")
    ds = tmp_path / "ds"
    res = _ducha(tmp_path, "build", "--data", str(ds))
    assert res.returncode == 0, res.stderr.decode()
    assert b"Traceback" not in res.stderr
    docs = pl.read_parquet(ds / "documents.parquet")
    row = docs.filter(pl.col("name") == "\\xb1\\xa8\\xb8\\xe6.txt")
    assert row.height == 1 and row.get_column("status").to_list() == ["ok"]
    manifest = sources.read_manifest(ds)
    real = os.fsdecode(os.path.join(os.fsencode(root), GBK_NAME))
    assert real in manifest["sources"]

    res = _ducha(tmp_path, "show", "河南", "--json", "--data", str(ds))
    assert res.returncode == 0, res.stderr.decode()
    paths = [d["path"] for r in json.loads(res.stdout)["rounds"] for d in r["documents"]]
    assert any(p.endswith("/\\xb1\\xa8\\xb8\\xe6.txt") for p in paths), paths
    for argv in (["show", "河南"], ["show"], ["export", "--table", "documents"]):
        res = _ducha(tmp_path, *argv, "--data", str(ds))
        assert res.returncode == 0, (argv, res.stderr.decode())
        assert b"Traceback" not in res.stderr
    res = _ducha(tmp_path, "build", "--data", str(ds))
    assert res.returncode == 0 and b"(0 parsed, 6 unchanged)" in res.stderr, res.stderr.decode()
    # the same again with the build in this process
    from ducha.build import build

    assert build(ds, [str(root)]).parsed == 0
    from ducha.tui.model import Model

    assert Model.load(ds) is not None


def test_a_gbk_name_added_to_the_library_is_read(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    path = _gbk_report(src)
    ds = tmp_path / "ds"
    res = _ducha(tmp_path, "add", "--data", str(ds), path)
    assert res.returncode == 0, res.stderr.decode()
    out = res.stdout.decode()
    assert "+ \\xb1\\xa8\\xb8\\xe6.txt" in out and "not read" not in out
    assert os.listdir(os.fsencode(ds / "library")) == [GBK_NAME]


# --- glob characters -------------------------------------------------------------------


def test_paths_with_glob_characters_are_paths(tmp_path: Path) -> None:
    (tmp_path / "dir[1]").mkdir()
    (tmp_path / "dir1").mkdir()  # what the glob dir[1] would match instead
    (tmp_path / "dir[1]" / "r.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "dir1" / "other.txt").write_text(REPORT.replace("河南", "山西"), "utf-8")
    walk = sources.walk_sources(tmp_path / "ds", [str(tmp_path / "dir[1]") + "/"])
    assert [s.path for s in walk.sources if s.origin == "extra"] == [
        str(tmp_path / "dir[1]" / "r.txt")
    ]
    ds = tmp_path / "ds"
    res = subprocess.run(
        [sys.executable, "-m", "ducha", "build", "--data", str(ds), "dir[1]/"],
        capture_output=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=240,
    )
    assert res.returncode == 0, res.stderr.decode()
    manifest = sources.read_manifest(ds)
    assert str(tmp_path / "dir[1]" / "r.txt") in manifest["sources"]
    assert str(tmp_path / "dir1" / "other.txt") not in manifest["sources"]

    (tmp_path / "a[1].txt").write_text(REPORT.replace("河南", "湖南"), "utf-8")
    (tmp_path / "a1.txt").write_text(REPORT.replace("河南", "湖北"), "utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "ducha", "add", "--data", str(ds), "a[1].txt"],
        capture_output=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=240,
    )
    assert res.returncode in (0, 1), res.stderr.decode()
    assert sorted(p.name for p in (ds / "library").iterdir()) == ["a[1].txt"]
    assert "+ a[1].txt" in res.stdout.decode()


# --- escape sequences and markup in names ----------------------------------------------


def test_names_with_escapes_and_markup_print_as_text(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / HOSTILE_NAME).write_text(REPORT, encoding="utf-8")
    ds = tmp_path / "ds"
    res = _ducha(tmp_path, "add", "--data", str(ds), str(src / HOSTILE_NAME))
    raw = res.stdout + res.stderr
    assert b"Traceback" not in raw
    assert b"\x1b" not in raw and b"\x07" not in raw
    assert b"+ \\x1b]0;owned\\x07[red]x.txt" in res.stdout  # the brackets stay: no markup
    # again: "already in the library" names it too
    res = _ducha(tmp_path, "add", "--data", str(ds), str(src / HOSTILE_NAME))
    assert b"\x1b" not in res.stdout + res.stderr
    assert b"\\x1b]0;owned\\x07[red]x.txt: already in the library" in res.stdout
    # a file with problems, named in `ducha build`'s report
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / HOSTILE_NAME.replace(".txt", ".csv")).write_bytes(b"\x00\xff\x00garbage")
    os.mkfifo(bad / HOSTILE_NAME.replace("x.txt", "fifo.txt"))
    res = _ducha(tmp_path, "build", "--data", str(ds), str(bad))
    raw = res.stdout + res.stderr
    assert b"\x1b" not in raw and b"\x07" not in raw
    assert b"Traceback" not in raw
    assert b"\\x1b]0;owned\\x07[red]fifo.txt - a FIFO, not a file" in res.stderr
    lines = [line for line in res.stderr.split(b"\n") if line.startswith(b"problem:")]
    assert all(b"\\x1b]0;owned\\x07[red]" in line for line in lines)


def test_progress_names_are_not_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The progress bar's description column shows the name as text."""
    from rich.progress import TextColumn

    seen: list[bool] = []
    real_init = TextColumn.__init__

    def spy(self, text_format, *args, **kw):  # type: ignore[no-untyped-def]
        real_init(self, text_format, *args, **kw)
        if text_format == "{task.description}":
            seen.append(self.markup)

    monkeypatch.setattr(TextColumn, "__init__", spy)
    isolate(monkeypatch, tmp_path)
    src = tmp_path / HOSTILE_NAME
    src.write_text(REPORT, encoding="utf-8")
    run(capsys, "add", "--data", str(tmp_path / "ds"), str(src))
    run(capsys, "build", "--data", str(tmp_path / "ds"))
    assert seen == [False, False]


# --- CSV cells a spreadsheet would run -------------------------------------------------


def test_csv_cells_that_start_a_formula_are_prefixed() -> None:
    import polars as pl

    from ducha.export import write

    df = pl.DataFrame(
        {
            "text": ["=1+1", "+x", "-y", "@SUM(A1)", "\tq", "\rr", "plain", None, "a=b"],
            "value": [-5.6, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
            "count": [-3, 1, 2, 3, 4, 5, 6, 7, 8],
            "list": [["=a", "b"]] * 9,
        }
    )
    buf = io.BytesIO()
    write(df, "csv", buf)
    back = pl.read_csv(io.BytesIO(buf.getvalue()), schema_overrides={"text": pl.String})
    assert back.get_column("text").to_list() == [
        "'=1+1", "'+x", "'-y", "'@SUM(A1)", "'\tq", "'\rr", "plain", None, "a=b",
    ]  # fmt: skip
    assert back.get_column("value").to_list()[0] == -5.6  # a number, not a formula
    assert back.get_column("count").to_list()[0] == -3
    assert set(back.get_column("list").to_list()) == {"'=a; b"}
    # JSON lines are for programs: exact
    buf = io.BytesIO()
    write(df, "json", buf)
    assert json.loads(buf.getvalue().splitlines()[0])["text"] == "=1+1"


def test_ducha_export_prefixes_every_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import polars as pl

    isolate(monkeypatch, tmp_path)
    lib = tmp_path / "ds" / "library"
    lib.mkdir(parents=True)
    (lib / "=HYPERLINK(1).txt").write_text(REPORT, encoding="utf-8")
    rc, _out, err = run(capsys, "build", "--data", str(tmp_path / "ds"))
    assert rc in (0, 1), err
    out = tmp_path / "d.csv"
    rc, _, err = run(capsys, "export", "--data", str(tmp_path / "ds"), "--table",
                     "documents", "-o", str(out))  # fmt: skip
    assert rc == 0, err
    docs = pl.read_csv(out)
    names = docs.get_column("name").to_list()
    assert "'=HYPERLINK(1).txt" in names
    assert not any(str(n).startswith("=") for n in names)
    assert all(int(n) >= 0 for n in docs.get_column("size").to_list())  # numbers stay numbers


# --- file-system errors ----------------------------------------------------------------


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_ducha_data_pointing_at_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate(monkeypatch, tmp_path)
    f = tmp_path / "file"
    f.write_text("x")
    monkeypatch.setenv("DUCHA_DATA", str(f))
    for argv in (["show", "河南"], ["build"], ["export"]):
        rc, _out, err = run(capsys, *argv)
        assert rc == 1
        assert _one_line(err) == f"ducha: {f}: not a folder (the dataset, from env DUCHA_DATA)"


def test_a_missing_data_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate(monkeypatch, tmp_path)
    rc, _out, err = run(capsys, "build", "--data", str(tmp_path / "no" / "such" / "ds"))
    assert rc == 1
    assert _one_line(err).startswith(f"ducha: {tmp_path / 'no' / 'such'}: no such folder")
    assert not (tmp_path / "no").exists()


def test_a_read_only_dataset_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root, permissions do not stop a write: the refusal is simulated where the build
    writes its first table aside (mkstemp names the temporary file)."""
    import ducha.build

    isolate(monkeypatch, tmp_path)
    ds = tmp_path / "ds"

    def refuse(df, path, **kw):  # type: ignore[no-untyped-def]
        tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.abc123.tmp")
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), tmp)

    monkeypatch.setattr(ducha.build, "write_atomic", refuse)
    rc, _out, err = run(capsys, "build", "--data", str(ds))
    assert rc == 1
    assert _one_line(err) == f"ducha: {ds}: Permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder")
def test_a_really_read_only_dataset_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate(monkeypatch, tmp_path)
    ds = tmp_path / "ds"
    ds.mkdir()
    ds.chmod(0o555)
    try:
        rc, _out, err = run(capsys, "build", "--data", str(ds))
    finally:
        ds.chmod(0o755)
    assert rc == 1
    assert _one_line(err).endswith("Permission denied")


def test_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ducha.build

    isolate(monkeypatch, tmp_path)
    ds = tmp_path / "ds"

    def full(*args, **kw):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # a write(): no file name

    monkeypatch.setattr(ducha.build, "write_atomic", full)
    rc, _out, err = run(capsys, "build", "--data", str(ds))
    assert rc == 1
    assert _one_line(err) == f"ducha: {ds}: No space left on device"


def test_export_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    assert _ducha(tmp_path, "build", "--data", str(ds)).returncode == 0
    cases = [
        (["export", "--table", "documents", "--with-text"], 1),  # 90 kB: more than a pipe holds
        (["export"], 0),  # the reader gone before the first write
        (["show"], 0),
        (["show", "河南", "--evidence"], 0),
        (["show", "河南", "--json"], 0),
    ]
    for argv, lines in cases:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ducha", *argv, "--data", str(ds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(tmp_path),
        )
        assert proc.stdout is not None and proc.stderr is not None
        for _ in range(lines):
            proc.stdout.readline()
        proc.stdout.close()  # `| head -1`
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == 0, (argv, err.decode())
        assert err == b"", (argv, err.decode())


# --- a file that changes between the walk and the read --------------------------------


def test_a_fifo_put_in_a_reports_place_is_never_read(tmp_path: Path) -> None:
    """read_source checks what it opened: a FIFO that took a report's place after the walk
    (or one named to `ducha add`) is refused at once, the build's document says why."""
    from ducha.build import _parse_one

    fifo = tmp_path / "r.txt"
    os.mkfifo(fifo)
    with pytest.raises(sources.NotAFile, match="a FIFO, not a file"):
        sources.read_source(fifo, 100)
    rows = _parse_one((str(fifo), "extra", 0, 100))
    doc = rows["documents"][0]
    assert doc["status"] == "failed"
    assert doc["problems"] == ["unreadable: a FIFO, not a file"]

    res = _ducha(tmp_path, "add", "--data", str(tmp_path / "ds"), str(fifo), timeout=60)
    assert res.returncode == 1
    assert "r.txt: a FIFO, not a file; skipped" in res.stderr.decode()
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "f.txt")
    (folder / "ok.txt").write_text(REPORT, encoding="utf-8")
    res = _ducha(tmp_path, "add", "--data", str(tmp_path / "ds"), str(folder), timeout=120)
    assert "f.txt: a FIFO, not a file; skipped" in res.stderr.decode()
    assert "+ ok.txt" in res.stdout.decode()


def test_a_file_made_readable_again_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod leaves a file's mtime as it was: the manifest marks a document that could not
    be read, and the next build tries it again (and keeps it as it is while it still
    cannot be read)."""
    import ducha.build
    from ducha.build import build

    root = tmp_path / "src"
    root.mkdir()
    report = root / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    real_read = ducha.build.read_source

    def denied(path, max_bytes):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(report):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_read(path, max_bytes)

    ds = tmp_path / "ds"
    monkeypatch.setattr(ducha.build, "read_source", denied)
    monkeypatch.setattr(sources, "read_source", denied)
    first = build(ds, [str(root)], workers=1)
    assert first.problem_docs and "Permission denied" in str(first.problem_docs)
    assert sources.read_manifest(ds)["sources"][str(report)]["unreadable"] is True
    again = build(ds, [str(root)], workers=1)  # still unreadable: nothing to do
    assert again.parsed == 0 and not again.written

    monkeypatch.setattr(ducha.build, "read_source", real_read)
    monkeypatch.setattr(sources, "read_source", real_read)
    third = build(ds, [str(root)], workers=1)
    assert third.parsed == 1 and not third.problem_docs
    assert "unreadable" not in sources.read_manifest(ds)["sources"][str(report)]
    import polars as pl

    facts = pl.read_parquet(ds / "facts.parquet")
    assert 59.0 in facts.get_column("value").to_list()
