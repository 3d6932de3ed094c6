"""Deadline and status words of ledger cells, and the words that must not match."""

from __future__ import annotations

import datetime as dt

import pytest

from ducha.parsers.ledger.words import overdue, read_due, read_status


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("立行立改", "立行立改"),
        ("立即整改", "立行立改"),
        ("2021年底前", "2021-12-31"),
        ("2021年底前完成", "2021-12-31"),
        ("2022年6月底前", "2022-06-30"),
        ("2023年12月31日前", "2023-12-31"),
        ("2024年2月底", "2024-02-29"),
        ("2022年上半年", "2022-06-30"),
        ("2022年第三季度", "2022-09-30"),
        ("二〇二一年十月底前", "2021-10-31"),
        ("2022.06.30", "2022-06-30"),
        ("2022/6/30", "2022-06-30"),
        ("2022-06", "2022-06-30"),
        ("２０２２年６月底前", "2022-06-30"),
        ("2021年底前完成阶段性目标，2025年底前全面完成", "2025-12-31"),
        ("长期坚持", "长期坚持"),
        ("2021年底前完成并长期坚持", "2021-12-31"),
        ("持续推进", "持续推进"),
        ("持续整改", "持续推进"),
        ("分阶段完成", "分阶段完成"),
        ("分年度推进", "分阶段完成"),
    ],
)
def test_deadline_words(text: str, due: str) -> None:
    got = read_due(text)
    assert got.due == due
    assert got.text == text  # kept as written


@pytest.mark.parametrize("text", ["按期", "每年", "", "见附件", "12345", "2022年13月", "第三批"])
def test_deadline_words_that_must_not_match(text: str) -> None:
    assert read_due(text).due is None


def test_spreadsheet_dates() -> None:
    assert read_due(dt.datetime(2022, 12, 31)).due == "2022-12-31"
    assert read_due(dt.date(2023, 1, 5)).due == "2023-01-05"
    assert read_due(None).due is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("已完成", "done"),
        ("完成", "done"),
        ("已完成，长期坚持", "done"),
        ("已经完成,长期坚持", "done"),
        ("完成整改", "done"),
        ("已销号", "done"),
        ("已办结", "done"),
        ("是", "done"),
        ("√", "done"),
        ("已完成整改并长期坚持", "done"),
        ("基本完成", "basically_done"),
        ("基本完成，待验收", "basically_done"),
        ("正在推进", "in_progress"),
        ("推进中", "in_progress"),
        ("整改中", "in_progress"),
        ("未完成", "in_progress"),
        ("尚未完成", "in_progress"),
        ("否", "in_progress"),
        ("已完成60%", "in_progress"),
        ("计划2023年完成", "in_progress"),
        ("预计年底前完成", "in_progress"),
        ("达到序时进度", "on_schedule"),
        ("按序时进度推进", "on_schedule"),
        ("未达序时进度", "behind"),
        ("未达到序时进度", "behind"),
        ("进度滞后", "behind"),
        ("超期未完成", "behind"),
        ("取得阶段性进展", "phased"),
        ("阶段性办结", "phased"),
        ("尚未启动", "not_started"),
        ("已完成", "done"),
        ("已完成", "done"),
        ("進度滯後", "behind"),  # traditional characters
    ],
)
def test_status_words(text: str, status: str) -> None:
    got = read_status(text)
    assert got.key == status
    assert got.text == text


@pytest.mark.parametrize("text", ["", "完成时限", "详见附件", "说明", "督办", "2023年"])
def test_status_words_that_must_not_match(text: str) -> None:
    assert read_status(text).key is None


@pytest.mark.parametrize(
    ("text", "not_status"),
    [("未完成", "done"), ("基本完成", "done"), ("未达序时进度", "on_schedule"),
     ("尚未完成", "done"), ("计划2023年完成", "done"), ("已完成60%", "done")],
)  # fmt: skip
def test_negations_are_not_their_positive(text: str, not_status: str) -> None:
    assert read_status(text).key != not_status


def test_overdue_is_derived_from_a_dated_deadline_only() -> None:
    assert overdue("2022-06-30", "in_progress", "2023-06-30")
    assert overdue("2022-06-30", None, "2023-06-30")
    assert not overdue("2022-06-30", "done", "2023-06-30")
    assert not overdue("2024-06-30", "in_progress", "2023-06-30")
    assert not overdue("立行立改", "in_progress", "2023-06-30")
    assert not overdue(None, "in_progress", "2023-06-30")
