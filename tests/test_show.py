"""`ducha show`: one entity, the overview, and queries that match nothing or too much."""

from __future__ import annotations

import json
import re

import pytest
from cli_helpers import built_dataset, isolate, run

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return built_dataset(tmp_path_factory.mktemp("ds"))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)


def show_json(capsys, data, *args):
    rc, out, err = run(capsys, "--data", str(data), "show", *args, "--json")
    return rc, json.loads(out) if out.strip() else None, err


def test_henan_json_counts(capsys, data):
    rc, rep, _ = show_json(capsys, data, "河南")
    assert rc == 0
    assert rep["entity"] == "河南省" and rep["level"] == "province"
    block = rep["rounds"][0]
    assert block["round"] == "第二轮" and block["batch"] == 3
    assert block["counts"]["tasks_total"] == 101
    assert block["counts"]["tasks_done"] == 86
    assert block["counts"]["tasks_in_progress"] == 15
    assert isinstance(block["counts"]["tasks_total"], int)
    tasks = next(c for c in block["categories"] if c["category"] == "tasks")
    assert (tasks["total"], tasks["done"], tasks["in_progress"]) == (101, 86, 15)
    assert tasks["status"] == "in_progress"
    for key in ("group", "inspection_start", "inspection_end", "feedback_date", "as_of"):
        assert key in block
    assert block["feedback_date"] == "2021-07-15"
    assert block["documents"] and block["documents"][0]["doc_id"]
    assert {"name", "value", "unit", "year", "change"} <= set(block["metrics"][0])
    assert "evidence" not in block
    assert not any(k.startswith("_") for k in block)


@pytest.mark.parametrize("query", ["henan", "河南", "豫", "河南省", "Henan"])
def test_query_forms(capsys, data, query):
    rc, rep, _ = show_json(capsys, data, query)
    assert rc == 0 and rep["entity"] == "河南省"


def test_evidence_json(capsys, data):
    rc, rep, _ = show_json(capsys, data, "河南", "--evidence")
    assert rc == 0
    ev = rep["rounds"][0]["evidence"]
    assert "101" in ev["tasks_total"] and "86" in ev["tasks_done"]
    assert all("evidence" in m for m in rep["rounds"][0]["metrics"])


def test_hunan_behind_coloured_and_spelled_out(capsys, data, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    rc, out, _ = run(capsys, "--data", str(data), "show", "湖南")
    assert rc == 0
    plain = ANSI.sub("", out)
    assert "2 problems behind schedule" in plain
    assert re.search(r"问题\s+53\s+25\s+26\s+2\s", plain)
    # the word "behind" is drawn in red (31 or 91), not only the number
    assert re.search(r"\x1b\[[0-9;]*(31|91)[0-9;]*m[^\x1b]*behind", out)


def test_no_colour_when_captured_or_no_color(capsys, data, monkeypatch):
    rc, out, _ = run(capsys, "--data", str(data), "show", "湖南")
    assert rc == 0 and "\x1b[" not in out and "behind" in out
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    rc, out, _ = run(capsys, "--data", str(data), "show", "湖南")
    assert rc == 0 and not re.search(r"\x1b\[[0-9;]*3[0-7]m", out)


def test_evidence_human(capsys, data):
    rc, out, _ = run(capsys, "--data", str(data), "show", "湖南", "--evidence")
    assert rc == 0
    assert "未达序时进度2个" in out.replace("\n", "")
    assert "problems_behind" in out


def test_several_rounds_latest_first(capsys, data):
    rc, rep, _ = show_json(capsys, data, "山西")
    assert rc == 0
    assert [b["round"] for b in rep["rounds"]] == ["第二轮", "第一轮回头看"]
    second, first = rep["rounds"]
    assert second["counts"]["tasks_total"] == 82
    assert first["counts"]["tasks_total"] == 38
    assert next(d["due"] for d in first["deadlines"]) == "立行立改"
    rc, out, _ = run(capsys, "--data", str(data), "show", "shanxi")
    assert out.index("第二轮") < out.index("第一轮回头看")


def test_batch_and_national(capsys, data):
    rc, rep, _ = show_json(capsys, data, "第二轮第三批")
    assert rc == 0 and rep["rounds"][0]["counts"]["tasks_total"] == 558
    rc, rep, _ = show_json(capsys, data, "全国")
    assert rc == 0 and rep["level"] == "national"


def test_city(capsys, data):
    rc, rep, _ = show_json(capsys, data, "luoyang")
    assert rc == 0 and rep["entity"] == "洛阳市" and rep["parent"] == "河南省"


def test_ambiguous_lists_candidates(capsys, data):
    rc, _out, err = run(capsys, "--data", str(data), "show", "hn")
    assert rc == 3
    assert "ambiguous" in err and "河南省" in err and "湖南省" in err
    rc, rep, _ = show_json(capsys, data, "hn")
    assert rc == 3 and rep["error"] == "ambiguous"
    assert {"河南省", "湖南省"} <= set(rep["candidates"])


def test_unknown_suggests(capsys, data):
    rc, _out, err = run(capsys, "--data", str(data), "show", "henna")
    assert rc == 3
    assert "nothing matches 'henna'" in err
    assert "河南省" in err  # a near match
    rc, _out, err = run(capsys, "--data", str(data), "show", "zzzz")
    assert rc == 3 and "nothing matches" in err


def test_known_place_without_documents(capsys, data):
    rc, _, err = run(capsys, "--data", str(data), "show", "贵州")
    assert rc == 3
    assert "贵州省" in err and "no document" in err


def test_overview(capsys, data):
    rc, out, _ = run(capsys, "--data", str(data), "show")
    assert rc == 0
    for word in ("entity", "level", "round", "河南省", "湖南省", "province", "第一轮回头看"):
        assert word in out
    rc, out, _ = run(
        capsys, "--data", str(data), "show", "--json", "--sort", "completion", "--desc"
    )
    rows = json.loads(out)
    done = [r["completion"] for r in rows if r["completion"] is not None]
    assert done == sorted(done, reverse=True)
    assert rows[0]["entity"] == "洛阳市"
    henan = next(r for r in rows if r["entity"] == "河南省")
    assert (henan["total"], henan["done"], henan["completion"]) == (101, 86, 85.1)
    rc, out, _ = run(capsys, "--data", str(data), "show", "--json", "--sort", "behind", "--desc")
    assert json.loads(out)[0]["entity"] == "湖南省"


def test_bad_sort_is_usage_error(capsys, data):
    rc, _, err = run(capsys, "--data", str(data), "show", "--sort", "colour")
    assert rc == 2 and "invalid choice" in err


def test_builds_missing_dataset_with_note(capsys, tmp_path):
    rc, rep, err = show_json(capsys, tmp_path / "fresh", "河南")
    assert rc == 0 and rep["rounds"][0]["counts"]["tasks_done"] == 86
    assert "built the dataset" in err
    rc, _, err = run(capsys, "--data", str(tmp_path / "fresh"), "show", "河南")
    assert "dataset" not in err  # fresh: no rebuild, no note


def test_document_text_is_not_markup(capsys):
    from rich.console import Console

    from ducha.views import render_entity

    block = {
        "round": "[bold]第二轮[/]", "batch": None, "group": "[@click=app.quit]x", "as_of": None,
        "published": None, "counts": {}, "categories": [], "metrics": [], "deadlines": [],
        "documents": [{"doc_id": "d", "title": "[/b] 标题 \x1b[2J", "published": None,
                       "kind": None, "path": "p"}],
        "_evidence": {},
    }  # fmt: skip
    con = Console(width=100, record=True)
    con.print(render_entity({"entity": "[red]x", "level": None, "parent": None, "rounds": [block]}))
    text = con.export_text()
    assert "[red]x" in text and "[bold]第二轮[/]" in text and "[/b] 标题" in text
    assert "\x1b[2J" not in text
