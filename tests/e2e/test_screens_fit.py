"""The app as a user sees it over SSH: the installed command in tmux at 80×24 and 120×40,
under TERM=xterm (16 colours), TERM=screen-256color and NO_COLOR=1. No number or date is
ever cut on the main screen, the overview, the ledger or all facts, and the statuses are
told apart in each colour mode (by their words under NO_COLOR)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from screen_checks import STATUS_WORDS, cut_numbers, style_of
from terminal import terminals

pytestmark = pytest.mark.e2e


@pytest.fixture()
def term_factory():
    yield from terminals()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ledger_fixtures import build_ledger_dataset

    return build_ledger_dataset(tmp_path_factory.mktemp("screens"))


@pytest.mark.parametrize(
    ("size", "env"),
    [
        ((80, 24), {"TERM": "xterm"}),
        ((80, 24), {"TERM": "screen-256color"}),
        ((80, 24), {"TERM": "xterm-256color", "NO_COLOR": "1"}),
        ((120, 40), {"TERM": "xterm"}),
    ],
    ids=["80x24-xterm", "80x24-256", "80x24-nocolor", "120x40-xterm"],
)
def test_no_number_or_date_is_cut(
    term_factory, data: Path, size: tuple[int, int], env: dict
) -> None:
    term = term_factory(*size, data, DUCHA_CONFIG="/nonexistent/ducha.toml", **env)
    screens = {"main": term.wait_for("全国")}
    term.keys("/")
    term.wait_for("jump to a place")
    term.literal("山西")
    term.wait_for("山西省 · 第二轮")
    term.keys("Enter")
    screens["山西"] = term.wait_for("山西省 ·")
    term.keys("Tab", "l")  # the task pane, then its ledger
    screens["ledger"] = term.wait_for("ledger")
    term.keys("Escape", "v")
    screens["overview"] = term.wait_for("overview")
    term.keys("j", "j")  # the cursor off the rows whose statuses are read
    time.sleep(0.8)
    styles = {word: style_of(term.screen(escapes=True), word) for word in STATUS_WORDS}
    if "NO_COLOR" in env:  # the words alone tell them apart
        assert all(v is not None for v in styles.values()), styles
    else:  # and in colour, each its own; behind bold
        assert len(set(styles.values())) == len(styles), styles
        assert str(styles["BEHIND"]).endswith("bold=True"), styles
    term.keys("Escape", "a")
    screens["all facts"] = term.wait_for("all facts", "整改任务")  # its rows are in
    for name, screen in screens.items():
        assert cut_numbers(screen) == [], f"{name}:\n{screen}"
