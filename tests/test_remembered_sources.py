"""A dataset remembers the folders `ducha build FOLDER` read: every later command on it
(show, export, the app, a plain `ducha build`) reads them too, a folder that is gone keeps
its documents with a one-line note, and `ducha build --forget FOLDER` drops them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from ducha import sources

REPORT = "吉林省第三轮督察整改情况。截至2024年6月底,50项整改任务已完成40项。\n"
LIBRARY_REPORT = "辽宁省第三轮督察整改情况。截至2024年6月底,60项整改任务已完成30项。\n"


def ducha(tmp_path: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    """`python -m ducha ARGS` with no config file and no DUCHA_DATA."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUCHA_")}
    env["DUCHA_CONFIG"] = str(tmp_path / "no-config.toml")
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "ducha", *args], env=env, capture_output=True, timeout=300
    )


def paths(ds: Path) -> list[str]:
    return pl.read_parquet(ds / "documents.parquet", columns=["path"]).get_column("path").to_list()


def err_of(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stderr.decode("utf-8", "replace")


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A dataset built with an extra folder of one report."""
    folder, ds = tmp_path / "reports", tmp_path / "ds"
    folder.mkdir()
    (folder / "jl.txt").write_text(REPORT, encoding="utf-8")
    done = ducha(tmp_path, "--data", str(ds), "build", str(folder))
    assert done.returncode == 0, err_of(done)
    assert "recorded source folders, read by every command: " + str(folder) in err_of(done)
    assert str(folder / "jl.txt") in paths(ds)
    return ds, folder


def add_to_library(ds: Path) -> None:
    """A change the next command must pick up: it refreshes the dataset."""
    (ds / "library").mkdir(exist_ok=True)
    (ds / "library" / "ln.txt").write_text(LIBRARY_REPORT, encoding="utf-8")


def test_the_build_records_its_folders(built: tuple[Path, Path]) -> None:
    ds, folder = built
    assert sources.read_manifest(ds)["extra_roots"] == [str(folder)]
    assert json.loads((ds / "roots.json").read_text(encoding="utf-8")) == {
        "extra_roots": [str(folder)]
    }
    assert sources.recorded_roots(ds) == [str(folder)]


def test_show_keeps_the_folders_documents(built: tuple[Path, Path], tmp_path: Path) -> None:
    ds, folder = built
    done = ducha(tmp_path, "--data", str(ds), "show")
    assert done.returncode == 0, err_of(done)
    assert str(folder / "jl.txt") in paths(ds)
    add_to_library(ds)
    done = ducha(tmp_path, "--data", str(ds), "show", "吉林")
    assert done.returncode == 0, err_of(done)
    assert "refreshed the dataset" in err_of(done)
    assert "40" in done.stdout.decode("utf-8")
    assert {str(folder / "jl.txt"), str(ds / "library" / "ln.txt")} <= set(paths(ds))


def test_export_keeps_the_folders_documents(built: tuple[Path, Path], tmp_path: Path) -> None:
    ds, folder = built
    add_to_library(ds)
    done = ducha(tmp_path, "--data", str(ds), "export", "--table", "documents", "--format", "json")
    assert done.returncode == 0, err_of(done)
    exported = [json.loads(line)["path"] for line in done.stdout.decode("utf-8").splitlines()]
    assert str(folder / "jl.txt") in exported and str(ds / "library" / "ln.txt") in exported
    assert str(folder / "jl.txt") in paths(ds)


def test_a_plain_build_reads_the_recorded_folders(built: tuple[Path, Path], tmp_path: Path) -> None:
    ds, folder = built
    (folder / "more.txt").write_text(REPORT.replace("吉林", "黑龙江"), encoding="utf-8")
    done = ducha(tmp_path, "--data", str(ds), "build")
    assert done.returncode == 0, err_of(done)
    assert "recorded source folders, read by every command: " + str(folder) in err_of(done)
    assert {str(folder / "jl.txt"), str(folder / "more.txt")} <= set(paths(ds))


def test_the_apps_loading_keeps_the_folders_documents(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ducha.config import effective, load_settings
    from ducha.tui.model import Model

    ds, folder = built
    monkeypatch.setenv("DUCHA_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("DUCHA_DATA", raising=False)
    add_to_library(ds)
    # what the command line computes for every command (cli.Context), and passes to the app
    configured = effective(load_settings(), str(ds))[4]
    extra = sources.source_roots(configured, sources.recorded_roots(ds))
    assert extra == [str(folder)]
    model = Model.load(ds, extra=extra)
    assert model.rebuilt  # the new library report was read
    names = {d.name for d in model.documents.values()}
    assert {"jl.txt", "ln.txt"} <= names
    assert str(folder / "jl.txt") in paths(ds)


def test_a_gone_folder_keeps_its_documents_with_a_note(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    ds, folder = built
    folder.rename(tmp_path / "elsewhere")
    note = (
        f"ducha: source folder {folder} recorded by an earlier build is gone; its 1 document"
        f" is kept until `ducha build --forget {folder}`"
    )
    for args in (["show", "吉林"], ["show"], ["export", "--table", "documents"]):
        done = ducha(tmp_path, "--data", str(ds), *args)
        assert done.returncode == 0, err_of(done)
        lines = [line for line in err_of(done).splitlines() if "is gone" in line]
        assert lines == [note], err_of(done)
        assert str(folder / "jl.txt") in paths(ds)
    add_to_library(ds)  # a refresh keeps them too
    done = ducha(tmp_path, "--data", str(ds), "show", "吉林")
    assert done.returncode == 0 and note in err_of(done)
    assert "40" in done.stdout.decode("utf-8")
    assert {str(folder / "jl.txt"), str(ds / "library" / "ln.txt")} <= set(paths(ds))
    done = ducha(tmp_path, "--data", str(ds), "build", "--full")  # re-reading all, too
    assert done.returncode == 0 and note in err_of(done)
    assert str(folder / "jl.txt") in paths(ds)


def test_forget_drops_a_folder_and_its_documents(built: tuple[Path, Path], tmp_path: Path) -> None:
    ds, folder = built
    folder.rename(tmp_path / "elsewhere")
    done = ducha(tmp_path, "--data", str(ds), "build", "--forget", str(folder))
    assert done.returncode == 0, err_of(done)
    assert "is gone" not in err_of(done)
    assert str(folder / "jl.txt") not in paths(ds)
    assert sources.recorded_roots(ds) == []
    assert sources.read_manifest(ds)["extra_roots"] == []
    done = ducha(tmp_path, "--data", str(ds), "show", "吉林")
    assert "is gone" not in err_of(done)
    done = ducha(tmp_path, "--data", str(ds), "build", "--forget", str(folder))
    assert done.returncode == 2 and "not a folder recorded" in err_of(done)


def test_forget_a_folder_that_is_there(built: tuple[Path, Path], tmp_path: Path) -> None:
    ds, folder = built
    done = ducha(tmp_path, "--data", str(ds), "build", "--forget", str(folder))
    assert done.returncode == 0, err_of(done)
    assert str(folder / "jl.txt") not in paths(ds)
    done = ducha(tmp_path, "--data", str(ds), "show")
    assert done.returncode == 0 and str(folder / "jl.txt") not in paths(ds)


def test_a_missing_folder_is_said_not_recorded(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    done = ducha(tmp_path, "--data", str(ds), "build", str(tmp_path / "typo"))
    assert done.returncode == 0, err_of(done)
    assert "typo: no such file or folder; not read" in err_of(done)
    assert sources.recorded_roots(ds) == []


def test_a_gbk_named_folder_is_recorded_and_read(tmp_path: Path) -> None:
    name = "督察报告".encode("gbk")  # as a Windows zip leaves it: not UTF-8
    folder = os.fsencode(tmp_path) + b"/" + name
    os.mkdir(folder)
    with open(folder + b"/jl.txt", "wb") as fh:
        fh.write(REPORT.encode("utf-8"))
    ds = tmp_path / "ds"
    done = ducha(tmp_path, "--data", str(ds), "build", folder)
    assert done.returncode == 0, err_of(done)
    as_str = os.fsdecode(folder)
    assert sources.read_manifest(ds)["extra_roots"] == [as_str]
    assert sources.recorded_roots(ds) == [as_str]
    shown = sources.shown(as_str + "/jl.txt")
    assert shown in paths(ds)
    add_to_library(ds)
    done = ducha(tmp_path, "--data", str(ds), "show", "吉林")
    assert done.returncode == 0, err_of(done)
    assert "40" in done.stdout.decode("utf-8")
    assert shown in paths(ds)
