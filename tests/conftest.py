"""Shared fixtures.

App tests (tests/test_tui_*.py): the environment is cleaned of NO_COLOR and TEXTUAL_*
variables before any app is built (they change colours and snapshot output), a dataset is
built once per session from the bundled corpus, and `drive` runs a Pilot scenario without
needing an async test plugin.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

for _var in list(os.environ):
    if _var == "NO_COLOR" or _var.startswith("TEXTUAL_") or _var.startswith("DUCHA_"):
        os.environ.pop(_var)

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE_DOC = FIXTURES / "hostile" / "hostile_report.txt"
# Every hostile string of the issue: markup, a stray closing tag, an action link, and an
# OSC title sequence followed by "clear screen".
HOSTILE = "[red]bold[/red] [/] [@click=app.quit]x[/] \x1b]0;owned\x07\x1b[2J"


@pytest.fixture(scope="session")
def tui_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built into a fresh dataset directory (once per session)."""
    from ducha.build import build

    ddir = tmp_path_factory.mktemp("tui-ds")
    build(ddir)
    return ddir


@pytest.fixture(scope="session")
def tui_model(tui_dataset: Path):
    """The app's model of the session dataset, loaded once (apps built with it skip loading)."""
    from ducha.tui.model import Model

    return Model.load(tui_dataset)


@pytest.fixture(scope="session")
def tui_hostile_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus plus the hostile report, then doctored so that hostile strings (with raw
    control characters, as a dataset built by older code could hold them) sit in every
    column the app displays: titles, text, entity names, metric names, units, deadlines."""
    import polars as pl

    from ducha.build import build
    from ducha.dataset import write_atomic

    ddir = tmp_path_factory.mktemp("tui-hostile")
    (ddir / "library").mkdir()
    shutil.copy(HOSTILE_DOC, ddir / "library" / HOSTILE_DOC.name)
    build(ddir)

    def edit(table: str, fn: Callable[[pl.DataFrame], pl.DataFrame]) -> None:
        path = ddir / f"{table}.parquet"
        write_atomic(fn(pl.read_parquet(path)), path)

    docs = pl.read_parquet(ddir / "documents.parquet")
    doc_id = docs.filter(pl.col("name") == HOSTILE_DOC.name).item(0, "doc_id")
    # appended text keeps every span offset valid
    edit("documents", lambda df: df.with_columns(
        pl.when(pl.col("doc_id") == doc_id).then(pl.col("text") + "\n" + HOSTILE).otherwise(pl.col("text")).alias("text"),
        pl.when(pl.col("doc_id") == doc_id).then(pl.lit(HOSTILE)).otherwise(pl.col("title")).alias("title"),
    ))  # fmt: skip
    secs = pl.read_parquet(ddir / "sections.parquet")
    xz = secs.filter(pl.col("doc_id") == doc_id)
    bad_sid = f"{doc_id}:99"
    edit("sections", lambda df: pl.concat([df, xz.head(1).with_columns(
        pl.lit(bad_sid).alias("section_id"), pl.lit(HOSTILE).alias("entity"))]))  # fmt: skip
    facts = pl.read_parquet(ddir / "facts.parquet").filter(pl.col("doc_id") == doc_id)
    edit("facts", lambda df: pl.concat([df, facts.with_columns(
        pl.lit(bad_sid).alias("section_id"), pl.lit(HOSTILE).alias("entity"),
        pl.lit(HOSTILE).alias("evidence"))]))  # fmt: skip
    mets = pl.read_parquet(ddir / "metrics.parquet").filter(pl.col("doc_id") == doc_id)
    edit("metrics", lambda df: pl.concat([df, mets.with_columns(
        pl.lit(HOSTILE).alias("entity"), pl.lit(HOSTILE).alias("name"), pl.lit(HOSTILE).alias("unit"))]))  # fmt: skip
    first = facts.row(0, named=True)
    edit("deadlines", lambda df: pl.concat([df, pl.DataFrame([{
        "section_id": bad_sid, "doc_id": doc_id, "entity": HOSTILE, "due": HOSTILE,
        "due_text": HOSTILE, "count": 7, "share": None, "start": first["start"],
        "end": first["end"], "match_start": first["match_start"],
        "match_end": first["match_end"], "evidence": HOSTILE}], schema=df.schema)]))  # fmt: skip
    return ddir


def drive(
    app,
    scenario: Callable[..., Awaitable[None]],
    size: tuple[int, int] = (120, 40),
    wait: bool = True,
) -> None:
    """Run `scenario(pilot)` against `app` headless, after its data has loaded."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            if wait:
                await wait_loaded(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def wait_loaded(pilot, timeout: float = 15.0) -> None:
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not app.loaded.is_set():
        if loop.time() > deadline:
            raise AssertionError("the dataset did not load in time")
        await pilot.pause(0.02)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def settle(pilot) -> None:
    """Let messages, workers (document text) and refreshes run."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    """What the terminal would show, as text (rendered strips of the current screen)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def raw_segments(app) -> str:
    strips = app.screen._compositor.render_strips()
    return "".join(seg.text for strip in strips for seg in strip)
