"""The quick freshness check: one stat per folder tells a current dataset from one whose
sources changed, without walking every file; a change it cannot see (a file rewritten in
place) is left to the full check of `ducha build`."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from ducha import sources
from ducha.build import build

REPORT = "河南省第三轮督察整改情况。截至2024年6月底,82项整改任务已完成59项。\n"


@pytest.fixture()
def dataset(tmp_path: Path) -> tuple[Path, Path]:
    """A dataset built from the bundled reports, a library with one report in a subfolder,
    and an extra folder."""
    data, extra = tmp_path / "data", tmp_path / "extra"
    (data / "library" / "sub").mkdir(parents=True)
    (data / "library" / "sub" / "a.txt").write_text(REPORT, encoding="utf-8")
    extra.mkdir()
    (extra / "b.txt").write_text(REPORT.replace("河南", "山西"), encoding="utf-8")
    build(data, [str(extra)])
    return data, extra


def _generation(data: Path) -> str:
    return sources.read_manifest(data)["generation"]


def test_a_build_leaves_stamps_that_name_its_generation(dataset: tuple[Path, Path]) -> None:
    data, extra = dataset
    assert sources.stamps_current(data, [str(extra)]) == _generation(data)
    stamps = json.loads((data / sources.STAMPS).read_text(encoding="utf-8"))
    assert str(data / "library" / "sub") in stamps["folders"]  # every folder walked


@pytest.mark.parametrize(
    "change",
    [
        "add to library",
        "add to a subfolder",
        "remove from a subfolder",
        "rename",
        "new subfolder",
        "add to extra",
        "other extra",
        "no extra",
        "parser",
    ],
)
def test_a_visible_change_sends_the_caller_to_the_full_check(
    dataset: tuple[Path, Path], change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, extra = dataset
    lib = data / "library"
    extras = [str(extra)]
    if change == "add to library":
        (lib / "new.txt").write_text(REPORT, encoding="utf-8")
    elif change == "add to a subfolder":
        (lib / "sub" / "new.txt").write_text(REPORT, encoding="utf-8")
    elif change == "remove from a subfolder":
        (lib / "sub" / "a.txt").unlink()
    elif change == "rename":
        (lib / "sub" / "a.txt").rename(lib / "sub" / "c.txt")
    elif change == "new subfolder":
        (lib / "sub" / "deeper").mkdir()
    elif change == "add to extra":
        (extra / "c.txt").write_text(REPORT, encoding="utf-8")
    elif change == "other extra":
        extras = [str(extra), str(lib.parent / "elsewhere")]
    elif change == "no extra":
        extras = []
    elif change == "parser":  # a parser file changed, and with it the parser's hash
        monkeypatch.setattr(sources, "_parser_signature", lambda: [["rules.py", 1, 2]])
        monkeypatch.setattr(sources, "parser_version", lambda: "another parser")
    assert sources.stamps_current(data, extras) is None


def test_parser_files_touched_with_the_same_code_keep_the_stamps(
    dataset: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parser's files are compared by stat first, and hashed only when one differs."""
    data, extra = dataset
    monkeypatch.setattr(sources, "_parser_signature", lambda: [["rules.py", 1, 2]])
    assert sources.stamps_current(data, [str(extra)]) == _generation(data)


def test_a_root_that_is_a_file_is_stamped_by_size_and_mtime(tmp_path: Path) -> None:
    data, report = tmp_path / "data", tmp_path / "one.txt"
    report.write_text(REPORT, encoding="utf-8")
    build(data, [str(report)])
    assert sources.stamps_current(data, [str(report)]) == _generation(data)
    report.write_text(REPORT + "又及。\n", encoding="utf-8")
    assert sources.stamps_current(data, [str(report)]) is None


def test_a_missing_root_that_appears_is_a_change(tmp_path: Path) -> None:
    data, later = tmp_path / "data", tmp_path / "later"
    build(data, [str(later)])
    assert sources.stamps_current(data, [str(later)]) == _generation(data)
    later.mkdir()
    assert sources.stamps_current(data, [str(later)]) is None


def test_damaged_or_missing_stamps_are_not_current(dataset: tuple[Path, Path]) -> None:
    data, extra = dataset
    (data / sources.STAMPS).write_text("{not json", encoding="utf-8")
    assert sources.stamps_current(data, [str(extra)]) is None
    (data / sources.STAMPS).write_text('{"folders": 3}', encoding="utf-8")
    assert sources.stamps_current(data, [str(extra)]) is None
    (data / sources.STAMPS).unlink()
    assert sources.stamps_current(data, [str(extra)]) is None
    build(data, [str(extra)])  # a build with nothing to do writes them again
    assert sources.stamps_current(data, [str(extra)]) == _generation(data)


def test_an_in_place_rewrite_is_found_by_the_next_build(dataset: tuple[Path, Path]) -> None:
    """The stamps cannot see it (the folder's mtime stays); the build's full check does."""
    data, extra = dataset
    path = data / "library" / "sub" / "a.txt"
    folder_mtime = os.stat(path.parent).st_mtime_ns
    with open(path, "r+", encoding="utf-8") as fh:
        fh.seek(0)
        fh.write(REPORT.replace("59", "60"))
    os.utime(path.parent, ns=(folder_mtime, folder_mtime))
    before = _generation(data)
    report = build(data, [str(extra)])
    assert report.parsed == 1 and _generation(data) != before
    assert sources.stamps_current(data, [str(extra)]) == _generation(data)


def test_a_touched_file_with_the_same_bytes_records_its_new_mtime_once(
    dataset: tuple[Path, Path],
) -> None:
    data, extra = dataset
    path = str(data / "library" / "sub" / "a.txt")
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    generation = _generation(data)
    report = build(data, [str(extra)])
    assert report.parsed == 0
    manifest = sources.read_manifest(data)
    assert manifest["generation"] == generation  # the tables were not rewritten
    assert manifest["sources"][path]["mtime_ns"] == 1_700_000_000_000_000_000
    assert sources.sources_current(data, [str(extra)])  # no more re-hashing


def test_a_copied_dataset_is_checked_in_full(dataset: tuple[Path, Path], tmp_path: Path) -> None:
    """Stamps name absolute folders: a dataset copied elsewhere has other roots."""
    data, extra = dataset
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    assert sources.stamps_current(copy, [str(extra)]) is None
