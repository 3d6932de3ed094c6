"""`ducha show ENTITY` from the answers the build stored: the same output as the query path,
without loading polars or the parser, and never from a dataset that is no longer current."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import built_dataset, isolate, run

from ducha import answers

QUERIES = ["河南", "河南省", "henan", "Henan", "山西", "全国", "no such place"]
FLAGS = [[], ["--json"], ["--evidence"], ["--json", "--evidence"]]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_dataset(tmp_path_factory.mktemp("answers") / "data")


def _show(capsys, data: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "show", "--data", str(data), *argv)


def test_the_build_stores_an_answer_and_aliases_per_entity(dataset: Path) -> None:
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    table = json.loads((dataset / "answers" / "aliases.json").read_text(encoding="utf-8"))
    assert table["generation"] == manifest["generation"]
    assert table["aliases"]["河南"] == table["aliases"]["河南省"]
    assert answers.lookup(dataset, "河南", manifest["generation"])["entity"] == "河南省"
    assert answers.lookup(dataset, "河南", "another build") is None


def test_stored_answers_print_what_the_tables_give(
    dataset: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    stored = {(q, *f): _show(capsys, dataset, *f, q) for q in QUERIES for f in FLAGS}
    without = shutil.copytree(dataset, tmp_path / "without")
    shutil.rmtree(without / "answers")
    for (q, *f), got in stored.items():
        assert got == _show(capsys, without, *f, q), (q, f)


def test_show_from_a_stored_answer_loads_neither_polars_nor_the_parser(
    dataset: Path, tmp_path: Path
) -> None:
    code = (
        "import sys\n"
        "from ducha.cli import main\n"
        f"rc = main(['show', '--data', {str(dataset)!r}, '河南'])\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'polars'"
        " or m.startswith(('ducha.parsers', 'ducha.query'))]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    env = {"DUCHA_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "河南省" in done.stdout
    assert "LOADED []" in done.stderr


def test_a_changed_source_is_not_answered_from_the_store(
    dataset: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    isolate(monkeypatch, tmp_path)
    data = shutil.copytree(dataset, tmp_path / "data")
    library = data / "library"
    library.mkdir(exist_ok=True)
    (library / "新报告.txt").write_text(
        "河南省生态环境保护督察整改进展\n截至2025年6月底,河南省101项整改任务已完成99项。\n",
        encoding="utf-8",
    )
    rc, out, err = _show(capsys, data, "--json", "河南")
    assert rc == 0
    assert "refreshed the dataset" in err  # the query path ran, and rebuilt first
    report = json.loads(out)
    assert any(d["title"] == "河南省生态环境保护督察整改进展" for b in report["rounds"]
               for d in b["documents"])  # fmt: skip


def _stored_equals_computed(data: Path) -> dict[str, str]:
    """Every entity's stored answer equals the one the tables give now; the generation
    that wrote each entity's file."""
    from ducha.query import Store, entity_report

    generation = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["generation"]
    table = json.loads((data / "answers" / "aliases.json").read_text(encoding="utf-8"))
    store = Store(data)
    written = {}
    for entity in store.sections.get_column("entity").unique().to_list():
        stored = answers.lookup(data, entity, generation)
        assert stored is not None, entity
        computed = entity_report(store, entity, evidence=True)
        assert stored == json.loads(json.dumps(computed, ensure_ascii=False)), entity
        written[entity] = table["files"][table["aliases"][entity]]
    return written


def test_a_build_computes_again_only_the_answers_of_the_entities_it_changed(
    dataset: Path, tmp_path: Path
) -> None:
    from ducha.build import build

    data = shutil.copytree(dataset, tmp_path / "data")
    build(data, workers=1)  # the copy's folders differ: nothing is parsed
    before = _stored_equals_computed(data)
    (data / "library").mkdir(exist_ok=True)
    report = data / "library" / "新报告.txt"
    report.write_text(
        "河南省生态环境保护督察整改进展\n截至2025年6月底,河南省101项整改任务已完成99项。\n",
        encoding="utf-8",
    )
    assert build(data, workers=1).parsed == 1
    after = _stored_equals_computed(data)
    assert after["河南省"] != before["河南省"]  # computed again
    assert after["山西省"] == before["山西省"]  # kept: nothing of it changed
    report.unlink()
    assert build(data, workers=1).written
    again = _stored_equals_computed(data)
    assert again["河南省"] not in (before["河南省"], after["河南省"])
    assert again["山西省"] == before["山西省"]


def test_an_answer_with_a_ledger_is_not_used_the_next_day(dataset: Path, tmp_path: Path) -> None:
    data = shutil.copytree(dataset, tmp_path / "data")
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    table = json.loads((data / "answers" / "aliases.json").read_text(encoding="utf-8"))
    path = data / "answers" / table["aliases"]["河南"]
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["report"]["ledger"] = {"rows": 1}
    stored["today"] = "2000-01-01"
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    assert answers.lookup(data, "河南", manifest["generation"]) is None
    del stored["report"]["ledger"]
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    assert answers.lookup(data, "河南", manifest["generation"]) is not None
