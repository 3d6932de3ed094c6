"""The installed `ducha` in a real terminal (tmux): what a user sees, key by key.

Skipped when tmux is missing. Each test starts its own tmux server (-L) so nothing is
shared with a user's sessions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from terminal import terminals

pytestmark = pytest.mark.e2e


@pytest.fixture()
def term_factory():
    yield from terminals()


HOSTILE_DOC = Path(__file__).parent.parent / "fixtures" / "hostile" / "hostile_report.txt"


@pytest.fixture(scope="module")
def e2e_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ducha.build import build

    ddir = tmp_path_factory.mktemp("e2e-ds")
    (ddir / "library").mkdir()
    shutil.copy(HOSTILE_DOC, ddir / "library" / HOSTILE_DOC.name)
    build(ddir)
    return ddir


@pytest.mark.parametrize(("width", "height"), [(120, 40), (80, 24)])
def test_shanxi_counts_and_sentence(term_factory, e2e_dataset, width, height):
    term = term_factory(width, height, e2e_dataset)
    term.wait_for("山西省", "59/82", "documents")  # the tree, once the data is in
    term.keys("/")
    term.wait_for("jump to a place")
    term.literal("shanxi")
    term.wait_for("山西省 · 第二轮")  # one entry per round, the latest first
    term.keys("Enter")
    term.wait_for("山西省 ·")  # the task table's title
    term.keys("Tab")  # into the task table: its first row is selected
    screen = term.wait_for("整改任务")
    task_line = next(line for line in screen.splitlines() if "整改任务" in line)
    assert "82" in task_line and "59" in task_line
    # the source pane shows the row's sentence
    screen = term.wait_for("82项整改任务已完成整改59项")
    assert "in progress" in screen
    term.keys("q")
    assert term.exit_status() == 0


def test_hostile_text_never_reaches_the_terminal(term_factory, e2e_dataset):
    term = term_factory(120, 40, e2e_dataset)
    term.wait_for("documents")
    before = term.title()
    term.keys("/")
    term.wait_for("jump to a place")
    term.literal("xizang")
    term.wait_for("西藏自治区")
    term.keys("Enter")
    term.wait_for("西藏自治区 ·")
    term.keys("Tab")
    screen = term.wait_for("[@click=app.quit]", "[red]bold[/red]", "[/]", right_pane=True)
    assert "documents" in screen  # no "clear screen" happened
    assert "owned" not in term.title() and term.title() == before
    term.keys("q")
    assert term.exit_status() == 0


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"TEXTUAL_COLOR_SYSTEM": "standard"}, {"TEXTUAL_COLOR_SYSTEM": "256"}],
)
def test_usable_without_colour_and_with_16_colours(term_factory, e2e_dataset, env):
    term = term_factory(80, 24, e2e_dataset, **env)
    term.wait_for("山西省", "59/82")
    term.keys("/")
    term.wait_for("jump to a place")
    term.literal("hunan")
    term.wait_for("湖南省  hunan")
    term.keys("Enter")
    term.wait_for("湖南省 ·")
    screen = term.wait_for("BEHIND")
    assert "25/53" in screen
    term.keys("q")
    assert term.exit_status() == 0
