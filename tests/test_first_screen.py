"""The app's first frame from what the build stored: the tree and the title drawn before
polars or any table is read, the same tree the full model draws, and never a stored tree
of sources that have changed since."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import built_dataset
from conftest import drive, wait_loaded

from ducha.query import Store
from ducha.tui.app import DuchaApp
from ducha.tui.firstscreen import FirstScreen
from ducha.tui.model import Model
from ducha.tui.tree import PlaceTree


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_dataset(tmp_path_factory.mktemp("first") / "data")


def _tree_lines(source: object, grouping: str) -> list[str]:
    """Every node's label, depth first, of a tree populated from `source`."""
    tree = PlaceTree(id="tree")
    tree.populate(source, grouping)  # type: ignore[arg-type]
    out: list[str] = []

    def walk(node, depth: int) -> None:
        out.append("  " * depth + node.label.plain)
        for child in node.children:
            walk(child, depth + 1)

    walk(tree.root, 0)
    return out


@pytest.mark.parametrize("grouping", ["round", "place"])
def test_the_stored_first_screen_draws_the_tree_the_model_draws(
    dataset: Path, grouping: str
) -> None:
    first = FirstScreen.load(dataset)
    assert first is not None
    model = Model(Store(dataset, sentences=False))
    assert first.overview == model.overview
    assert (first.n_documents, first.n_sections, first.latest_report) == (
        len(model.documents),
        len(model.sections_rows),
        model.latest_report,
    )
    lines = _tree_lines(first, grouping)
    assert len(lines) > 30
    assert lines == _tree_lines(model, grouping)


def test_a_changed_library_has_no_stored_first_screen(dataset: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(dataset, copy)
    assert FirstScreen.load(copy) is None  # the stamps name the original's folders
    from ducha.build import build

    build(copy, workers=1)
    assert FirstScreen.load(copy) is not None
    (copy / "library").mkdir(exist_ok=True)
    (copy / "library" / "new.txt").write_text(
        "河北省整改情况。共有整改任务12项。", encoding="utf-8"
    )
    assert FirstScreen.load(copy) is None


FIRST_FRAME = """
import sys
from ducha.tui.app import DuchaApp

class FirstFrame(DuchaApp):
    def _start_loading(self):
        pass  # the first frame only: the tables are never read

    def on_ready(self):
        super().on_ready()
        tree = self.query_one("#tree")
        title = str(self.query_one("#title").render())
        loaded = sorted(m for m in sys.modules if m.split(".")[0] == "polars"
                        or m.startswith(("ducha.parsers", "ducha.query", "ducha.dataset",
                                         "ducha.build", "ducha.views", "pyarrow")))
        print("NODES", len(tree.root.children), "TITLE", title, file=sys.stderr)
        print("LOADED", loaded, file=sys.stderr)
        self.exit()

FirstFrame(sys.argv[1]).run(headless=True, size=(120, 40))
"""


def test_the_first_frame_shows_the_tree_without_polars_or_the_parser(
    dataset: Path, tmp_path: Path
) -> None:
    env = {"DUCHA_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(dataset)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr
    nodes = int(done.stderr.split("NODES ")[1].split()[0])
    assert nodes >= 3  # the rounds
    assert "5 documents" in done.stderr


def test_the_model_takes_over_the_stored_tree_keeping_the_cursor(dataset: Path) -> None:
    app = DuchaApp(dataset)

    async def scenario(pilot) -> None:
        tree = pilot.app.query_one(PlaceTree)
        assert isinstance(tree.model, FirstScreen)  # drawn before the tables are read
        await pilot.press("j", "j", "j")  # while the tables are being read
        ref = tree.cursor_node.data
        assert ref is not None and ref.kind != "root"
        await wait_loaded(pilot)
        assert isinstance(tree.model, Model) and pilot.app.first is None
        assert tree.cursor_node.data == ref  # the same node, not a tree drawn again
        assert pilot.app.entity == ref.entity  # and its counts are shown

    drive(app, scenario, wait=False)
