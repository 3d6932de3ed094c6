"""Queries in traditional characters find what simplified ones find: `ducha show`, the
all-facts filter (which also reads fields in either language and places in pinyin or
English) and the app's `/` search, of names and of the documents' text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import drive, settle

from ducha.query import Store, resolve_entity
from ducha.tui.allfacts import FactsView, load_frame
from ducha.tui.app import DuchaApp
from ducha.tui.screens import SearchScreen
from ducha.tui.source import SourceView

# A repost in traditional characters (the stored text keeps them) and a report in
# simplified characters saying the same words.
TRADITIONAL_REPORT = """雲南省公開第二輪中央生態環境保護督察整改落實情況
發佈時間:2023-07-10
目前,第二輪督察交辦雲南省的1520件信訪件已全部辦結。
督察進駐期間,全省責令整改1210家,立案處罰563家,罰款4217.6萬元。
"""
SIMPLIFIED_REPORT = """江西省公开第二轮中央生态环境保护督察整改落实情况
发布时间:2023-07-12
目前,第二轮督察交办江西省的980件信访件已全部办结。
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled reports and the two above, built once for the module."""
    from ducha.build import build

    ddir = tmp_path_factory.mktemp("traditional") / "ds"
    library = ddir / "library"
    library.mkdir(parents=True)
    (library / "云南繁体转载.txt").write_text(TRADITIONAL_REPORT, encoding="utf-8")
    (library / "江西简体.txt").write_text(SIMPLIFIED_REPORT, encoding="utf-8")
    build(ddir, workers=1)
    return ddir


def _show_json(dataset: Path, tmp_path: Path, query: str) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUCHA_")}
    env["DUCHA_CONFIG"] = str(tmp_path / "missing.toml")
    done = subprocess.run(
        [sys.executable, "-m", "ducha", "--data", str(dataset), "show", query, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, (query, done.stdout, done.stderr)
    return json.loads(done.stdout)


def test_show_in_traditional_characters_equals_show_in_simplified(
    dataset: Path, tmp_path: Path
) -> None:
    simplified = _show_json(dataset, tmp_path, "云南")
    assert simplified["entity"] == "云南省"
    assert _show_json(dataset, tmp_path, "雲南") == simplified
    assert _show_json(dataset, tmp_path, "廣西省")["entity"] == "广西壮族自治区"


def test_an_informal_or_traditional_province_name_resolves(dataset: Path) -> None:
    store = Store(dataset)
    for query in ("廣西省", "广西省", "廣西", "广西自治区", "广西"):
        assert resolve_entity(store, query).entity == "广西壮族自治区", query
    res = resolve_entity(store, "雲南省")
    assert (res.entity, res.query) == ("云南省", "雲南省")  # the query as it was asked
    # a name the conversion would change (乾 reads 干) is still read as typed
    res = resolve_entity(store, "乾县")
    assert res.entity is None and res.candidates == ["乾县"]


def _kept(view: FactsView, query: str) -> list[dict[str, Any]]:
    view.set_filter(query)
    return view.rows(0, len(view))


def test_the_all_facts_filter_reads_fields_and_places_in_either_language_and_script(
    dataset: Path,
) -> None:
    view = FactsView(load_frame(dataset))
    fines = _kept(view, "罚款")
    assert [(r["entity"], r["field"], r["value"]) for r in fines] == [
        ("云南省", "fines_wan", 4217.6)
    ]
    assert _kept(view, "fines") == fines
    assert _kept(view, "罰款") == fines
    yunnan = _kept(view, "云南")
    assert len(yunnan) > 3 and {r["entity"] for r in yunnan} == {"云南省"}
    for query in ("雲南", "yunnan", "Yunnan", "雲南省"):
        assert _kept(view, query) == yunnan, query
    assert _kept(view, "yunnan 罰款") == fines
    petitions = _kept(view, "信访")
    fields = {r["field"] for r in petitions}
    assert {"petitions_total", "petitions_done"} <= fields
    assert all(f.startswith("petitions_") for f in fields)
    guangxi = _kept(view, "广西省")
    assert guangxi and {r["entity"] for r in guangxi} == {"广西壮族自治区"}
    # the raw names still match, and a word nothing names keeps nothing
    assert {r["field"] for r in _kept(view, "tasks_total")} == {"tasks_total"}
    assert _kept(view, "no-such-thing") == []


def test_the_field_column_shows_labels_english_when_there_is_room(dataset: Path) -> None:
    from ducha.tui.allfacts import field_text

    assert field_text("tasks_total", "count", 28) == "整改任务 (tasks)"
    assert field_text("tasks_total", "count", 12) == "整改任务"
    assert field_text("PM2.5浓度", "metric", 28) == "PM2.5浓度"  # an indicator's own name
    view = FactsView(load_frame(dataset))
    wide, narrow = view.widths(), view.widths(80)
    assert wide["field"] >= len("整改任务 (tasks)") + len("整改任务")
    assert narrow["field"] < wide["field"]


def test_all_facts_screen_shows_the_field_labels(dataset: Path) -> None:
    seen: dict[str, Any] = {}

    async def scenario(pilot) -> None:
        await pilot.press("a")
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("slash", *"shanxi")
        await settle(pilot)
        seen["rows"] = len(screen.view)
        seen["lines"] = [screen.query_one("#af-grid")._line(r) for r in screen.view.rows(0, 50)]

    drive(DuchaApp(dataset), scenario, size=(160, 40))
    assert seen["rows"] > 3
    assert any("整改任务 (tasks)" in line for line in seen["lines"]), seen["lines"]
    assert not any("tasks_total" in line for line in seen["lines"])


def _option_ids(screen: SearchScreen) -> list[str]:
    results = screen.query_one("#search-results")
    return [results.get_option_at_index(i).id for i in range(results.option_count)]


def test_slash_search_in_traditional_characters(dataset: Path) -> None:
    seen: dict[str, Any] = {}

    async def scenario(pilot) -> None:
        app = pilot.app
        await pilot.press("slash", *"雲南")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        seen["places"] = [o for o in _option_ids(app.screen) if o.startswith("e\t")]
        await pilot.press("enter")
        await settle(pilot)
        seen["entity"] = app.entity
        for query in ("已全部辦結", "已全部办结"):
            await pilot.press("slash", *query)
            await settle(pilot)
            seen[query] = [o for o in _option_ids(app.screen) if o.startswith("t\t")]
            await pilot.press("escape")
        # a hit in the traditional repost opens it, the words found in its own script
        hits = seen["已全部办结"]
        index = next(i for i, o in enumerate(hits) if o.endswith("\t已全部辦結"))
        await pilot.press("slash", *"已全部办结")
        await settle(pilot)
        ids = _option_ids(app.screen)
        for _ in range(ids.index(hits[index])):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        source = app.query_one(SourceView)
        seen["find"] = (source.find_term, len(source._find_hits))

    drive(DuchaApp(dataset), scenario)
    assert seen["places"][0] == "e\t云南省"
    assert seen["entity"] == "云南省"
    assert seen["已全部辦結"] == seen["已全部办结"]
    terms = {o.rsplit("\t", 1)[1] for o in seen["已全部办结"]}
    assert terms == {"已全部辦結", "已全部办结"}  # both reports, each in its own words
    assert seen["find"] == ("已全部辦結", 1)
