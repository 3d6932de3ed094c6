"""`y` copies the highlighted figure as a sentence a person can paste: place and round,
category, figures, the as-of date with its provenance, the document and the sentence
that states it, written to the terminal as OSC 52 (`ESC ] 52 ; c ; <base64> BEL`)."""

from __future__ import annotations

import base64
import re

from conftest import drive, settle

from ducha.tui.app import DuchaApp
from ducha.tui.clipboard import evidence_sentence, metric_sentence, shorten, task_sentence
from ducha.tui.model import Evidence

TITLE = "山西、辽宁等8省(区)对外公开第二轮中央生态环境保护督察整改落实情况"
HENAN_TASKS = (
    "河南省 第二轮 · 整改任务 (tasks): 86 of 101 done (85.1%), 15 in progress; "
    "status in progress, as of ≤2024-04-04 (published). "
    f"Source: {TITLE} (2024-04-04): "
    "“目前,第二轮督察101项整改任务,已经完成86项、正在推进15项;"
    "督察组交办的3968件群众举报件已办结3948件、阶段性办结20件,督察整改工作取得了显著成效。”"
)
OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")


def _row(model, key: str, entity: str = "河南省", round_: str = "第二轮"):
    return next(r for r in model.task_rows(entity, round_) if r.key == key)


def _sentence(model, key: str) -> str | None:
    row = _row(model, key)
    ev = row.evidence
    return task_sentence(row, "河南省", "第二轮", model.documents[ev.doc_id], model.text(ev.doc_id))


# --------------------------------------------------------------------------- sentences


def test_the_sentence_of_henans_tasks(tui_model) -> None:
    assert _sentence(tui_model, "cat:tasks") == HENAN_TASKS


def test_a_single_figure_says_its_label_and_unit(tui_model) -> None:
    s = _sentence(tui_model, "fig:accountability_people")
    assert s is not None
    assert s.startswith("河南省 第二轮 · 责任追究 (accountability): 问责人员 128人, ")
    assert "as of ≤2024-04-04 (published)" in s and "status" not in s
    assert s.endswith("人员128名。”")


def test_an_approximate_figure_is_quoted_as_written(tui_model) -> None:
    row = _row(tui_model, "cat:tasks", "全国", "第二轮")
    s = task_sentence(row, "全国", "第二轮", None, None)
    assert s == (
        "全国 第二轮 · 整改任务 (tasks): 1275 of 2164 done (近60%); status in progress, "
        f"as of 2022-12-31. Source: document {row.evidence.doc_id}."
    )


def test_an_indicator_with_its_year_change_and_source(tui_model) -> None:
    m = next(m for m in tui_model.metric_rows("河南省") if m.name == "PM2.5浓度")
    doc = tui_model.documents[m.evidence.doc_id]
    s = metric_sentence(m, "河南省", doc, tui_model.text(doc.doc_id), ("2024-04-04", "published"))
    assert s is not None
    assert s.startswith(
        "河南省 · PM2.5浓度 (indicator): 45 微克/立方米 in 2021, change -13.5%, "
        f"as of ≤2024-04-04 (published). Source: {TITLE} (2024-04-04): “"
    )


def test_a_long_evidence_sentence_is_cut_around_its_figure() -> None:
    text = "前言。" + "甲" * 300 + "已完成86项" + "乙" * 300 + "\n\n  尾。"
    start = text.index("甲")
    m = text.index("86")
    s = evidence_sentence(text, Evidence("d", start, len(text), ((m, m + 3),)), limit=60)
    assert s.startswith("…") and s.endswith("…") and "已完成86项" in s
    assert len(s) == 62
    whole = evidence_sentence("a\n\n  b\tc", Evidence("d", 0, 8))
    assert whole == "a b c"  # one line


def test_shortened_for_a_notification() -> None:
    assert shorten("河南省 第二轮", 20) == "河南省 第二轮"
    assert shorten("河南省 第二轮 · 整改任务", 10) == "河南省 第…"


# --------------------------------------------------------------------------- the key


class _Recording(DuchaApp):
    """The app with its notifications recorded."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []

    def notify(self, message, *args, **kwargs) -> None:  # type: ignore[override]
        self.notes.append(str(message))
        super().notify(message, *args, **kwargs)


def _record_writes(app) -> list[str]:
    """What the app writes to its terminal from now on (the headless driver drops it)."""
    written: list[str] = []
    app._driver.write = written.append
    return written


def test_y_on_the_task_table_writes_osc52_with_the_sentence(tui_model) -> None:
    app = _Recording(tui_model.store.data_dir, model=tui_model)
    seen: dict[str, object] = {}

    async def scenario(pilot) -> None:
        app.jump_to("河南省", "第二轮")
        await settle(pilot)
        written = _record_writes(app)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused.id == "tasks"
        await pilot.press("y")
        await settle(pilot)
        seen["payloads"] = OSC52.findall("".join(written))
        seen["clipboard"] = app.clipboard

    drive(app, scenario)
    payloads = seen["payloads"]
    assert len(payloads) == 1
    assert base64.b64decode(payloads[0]).decode("utf-8") == HENAN_TASKS
    assert seen["clipboard"] == HENAN_TASKS
    assert app.notes[-1].startswith("copied: 河南省 第二轮 · 整改任务 (tasks): 86 of 101 done")
    assert app.notes[-1].endswith("…")


def test_y_on_the_metrics_table_copies_the_indicator(tui_model) -> None:
    app = _Recording(tui_model.store.data_dir, model=tui_model)
    seen: dict[str, object] = {}

    async def scenario(pilot) -> None:
        app.jump_to("河南省", "第二轮")
        await settle(pilot)
        written = _record_writes(app)
        await pilot.press("tab", "tab")
        await settle(pilot)
        assert app.focused.id == "metrics"
        await pilot.press("y")
        await settle(pilot)
        seen["payloads"] = OSC52.findall("".join(written))

    drive(app, scenario)
    (payload,) = seen["payloads"]
    text = base64.b64decode(payload).decode("utf-8")
    assert text.startswith("河南省 · ") and "(indicator)" in text and f"Source: {TITLE}" in text


def test_y_elsewhere_says_there_is_nothing_to_copy(tui_model) -> None:
    app = _Recording(tui_model.store.data_dir, model=tui_model)
    seen: dict[str, object] = {}

    async def scenario(pilot) -> None:
        app.jump_to("河南省", "第二轮")  # the focus is on the tree
        await settle(pilot)
        written = _record_writes(app)
        await pilot.press("y")
        await settle(pilot)
        seen["written"] = "".join(written)

    drive(app, scenario)
    assert "\x1b]52;" not in seen["written"]
    assert app.notes[-1].startswith("nothing to copy here")


def test_an_earlier_report_of_another_round_names_that_round(tui_model) -> None:
    """In an open timeline, a statement under another round's heading is copied with
    that round, not the table's."""
    from ducha.tui.clipboard import figure_sentence

    app = DuchaApp(tui_model.store.data_dir, model=tui_model)
    seen: dict[str, object] = {}

    async def scenario(pilot) -> None:
        app.jump_to("山西省", "第二轮")
        await settle(pilot)
        await pilot.press("tab", "t")
        await settle(pilot)
        table = app.query_one("#tasks")
        keys = [table.row_key_at(i) for i in range(table.row_count)]
        heading = next(i for i, k in enumerate(keys) if k.startswith("hist:tasks:round:"))
        for name, row in (("heading", heading), ("earlier", heading + 1)):
            table.move_cursor(row=row)
            await pilot.pause()
            seen[name] = figure_sentence(tui_model, app.entity, app.round, table)

    drive(app, scenario)
    assert seen["heading"] is None  # a heading row: nothing to copy
    assert str(seen["earlier"]).startswith(
        "山西省 第一轮回头看 · 整改任务 (tasks), an earlier report: 38 in total, as of ≤2019-12-30"
    )


def test_a_ledger_row() -> None:
    from ducha.tui.clipboard import ledger_sentence
    from ducha.tui.ledger import Ledger, LedgerRow

    row = LedgerRow("led:1", "3", "关停[b]违规[/b]企业", "省生态环境厅", "2022-06-30",
                    "2022年6月底前", "behind", "正在推进", True, "表1", 4, "d", None, None, "")  # fmt: skip
    ledger = Ledger("山西省", [row], "", None, [], "as of 2023-06-30", 1, 0)
    assert ledger_sentence(row, ledger, None, None) == (
        "山西省 · 台账 (ledger) #3: 关停[b]违规[/b]企业; status behind (正在推进), due 2022-06-30, "
        "overdue* (derived, as of 2023-06-30)."
    )
