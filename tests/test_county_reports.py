"""A county's report is the county's: `ducha add` files it under the county, `show` finds it,
and the tree shows it under its city (or its province where no city is between them)."""

from __future__ import annotations

import json

import pytest
from cli_helpers import built_dataset, copy_dataset, isolate, run

from ducha.parsers.pipeline import parse_text

COUNTY = """\
洛阳市栾川县公开第二轮中央生态环境保护督察整改落实情况
发布时间:2023-05-18

2021年4月7日至5月7日,中央第五生态环境保护督察组对河南省开展第二轮中央生态环境保护督察,并于2021年7月15日向河南省反馈了督察报告。栾川县委、县政府高度重视,扎实推进整改工作。
截至2023年4月底,涉及我县的23项整改任务已完成19项,其余4项达到序时进度。督察组交办我县的58件信访件已全部办结。
"""

DISTRICT = """\
中央第三生态环境保护督察组向重庆市交办第八批群众信访举报件
5月20日,中央第三生态环境保护督察组向重庆市交办第八批群众信访举报件96件,涉及我区4件。截至5月20日,督察组累计向我区交办信访举报件31件,已办结22件。
"""


def test_county_report_is_the_countys() -> None:
    doc = parse_text(COUNTY)
    [sec] = doc.sections
    assert (sec.entity, sec.level, sec.parent, sec.round) == (
        "栾川县",
        "county",
        "洛阳市",
        "第二轮",
    )
    assert sec.value("tasks_total") == 23 and sec.value("tasks_done") == 19
    assert sec.value("petitions_total") == 58 and sec.value("petitions_done") == 58


def test_district_bound_by_its_self_reference() -> None:
    text = DISTRICT.replace("涉及我区4件", "涉及渝北区4件")
    doc = parse_text(text)
    entities = [(s.entity, s.level, s.parent) for s in doc.sections]
    assert ("渝北区", "county", "重庆市") in entities
    sec = next(s for s in doc.sections if s.entity == "渝北区")
    assert sec.value("petitions_total") == 31 and sec.value("petitions_done") == 22
    # the municipality the batch was handed to is not given the district's figures
    assert all(s.value("petitions_total") is None for s in doc.sections if s.entity == "重庆市")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return built_dataset(tmp_path_factory.mktemp("base"))


@pytest.fixture
def data(base, tmp_path):
    return copy_dataset(base, tmp_path / "ds")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)


def test_add_files_a_county_report_under_the_county(capsys, data, tmp_path) -> None:
    path = tmp_path / "incoming" / "栾川整改.txt"
    path.parent.mkdir()
    path.write_text(COUNTY, encoding="utf-8")
    rc, out, _ = run(capsys, "--data", str(data), "add", str(path))
    assert rc == 0, out
    assert "栾川县" in out
    rc, out, _ = run(capsys, "--data", str(data), "show", "栾川县", "--json")
    assert rc == 0, out
    block = json.loads(out)["rounds"][0]
    assert block["counts"]["tasks_total"] == 23
    # the province's own report is not the county's
    rc, out, _ = run(capsys, "--data", str(data), "show", "河南", "--json")
    assert all(r["counts"].get("tasks_total") != 23 for r in json.loads(out)["rounds"])


def test_tree_shows_the_county_under_its_city(data, tmp_path) -> None:
    from ducha.build import build
    from ducha.tui.model import Model
    from ducha.tui.tree import PlaceTree

    library = data / "library"
    library.mkdir(exist_ok=True)
    (library / "栾川整改.txt").write_text(COUNTY, encoding="utf-8")
    build(data, [str(library)])
    model = Model.load(data)
    for grouping in ("round", "place"):
        tree = PlaceTree()
        tree.populate(model, grouping)
        nodes = [n for n in _walk(tree.root) if n.data and n.data.entity == "栾川县"]
        assert nodes, grouping
        parent = nodes[0].parent
        while parent is not None and parent.data and parent.data.entity == "栾川县":
            parent = parent.parent  # a node per round under the place's own node
        assert parent is not None and parent.data.entity == "洛阳市", grouping
        assert parent.parent is not None and parent.parent.data.entity == "河南省", grouping


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)
