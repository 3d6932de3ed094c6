"""Deadline buckets of a plan's task list: one sentence in, (due, count, share) out.

`due` is `立行立改`, `长期坚持`, `持续推进` or an ISO date; an empty list means the
sentence states no bucket (an as-of date, an achievement).
"""

from __future__ import annotations

import pytest

from ducha.parsers.normalise import normalise
from ducha.parsers.rules.deadlines import deadline_hits


def buckets(sentence: str) -> list[tuple]:
    return [(d.due, d.count, d.share) for d in deadline_hits(normalise(sentence).text)]


def case(family: str, sentence: str, expected: list[tuple], xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(sentence, expected, id=family, marks=marks)


CASES = [
    # shapes catalog
    case("plan/four-buckets", "在46项整改任务中,立行立改的9项,2021年底前完成的20项、2022年底前完成的12项,长期坚持的5项。",
         [("立行立改", 9, None), ("2021-12-31", 20, None), ("2022-12-31", 12, None), ("长期坚持", 5, None)]),
    case("immediate/share", "其中立行立改任务9项,占19.6%。", [("立行立改", 9, 19.6)]),
    case("date/month-end", "2022年6月底前完成的12项。", [("2022-06-30", 12, None)]),
    case("date/year-end", "2022年底前完成的12项。", [("2022-12-31", 12, None)]),
    case("ongoing/long-term", "长期坚持的5项。", [("长期坚持", 5, None)]),
    case("ongoing/continuous", "持续推进的6项。", [("持续推进", 6, None)]),
    # more shapes
    case("date/yingyu-no-qian", "应于2019年底完成的17项。", [("2019-12-31", 17, None)]),
    case("progress/restated-subcount", "其中2022年底前应完成整改26个。", [("2022-12-31", 26, None)]),
    case("progress/due-then-done", "应于2023年底前完成的18项任务已完成16项。", [("2023-12-31", 18, None)]),
    case("immediate/dunhao-share", "立行立改的11项、占28.9%。", [("立行立改", 11, 28.9)]),
    case("immediate/zhanbi", "立行立改的9项,占比19.6%。", [("立行立改", 9, 19.6)]),
    case("plan/no-de", "2020年底前完成18项,2021年6月底前完成10项,长期坚持8项。",
         [("2020-12-31", 18, None), ("2021-06-30", 10, None), ("长期坚持", 8, None)]),
    case("date/xuzai", "需在2025年底前完成的整改任务7项。", [("2025-12-31", 7, None)]),
    case("date/chinese-numerals", "二〇二〇年底前完成的15项。", [("2020-12-31", 15, None)]),
    case("date/fullwidth", "２０２２年底前完成的１２项。", [("2022-12-31", 12, None)]),
    case("plan/noun-after-verb", "立行立改任务12项、2020年底前完成任务25项、2021年底前完成任务8项、长期坚持任务5项。",
         [("立行立改", 12, None), ("2020-12-31", 25, None), ("2021-12-31", 8, None), ("长期坚持", 5, None)]),
    case("date/month-12-end-share", "2018年12月底前完成9项,占17%。", [("2018-12-31", 9, 17.0)]),
    case("date/exact-day", "2019年12月31日前完成的8项。", [("2019-12-31", 8, None)]),
    case("date/problems", "2021年6月底前完成整改的问题8个。", [("2021-06-30", 8, None)]),
    case("immediate/problems-all-done", "立行立改问题12个,已全部完成。", [("立行立改", 12, None)]),
    case("plan/heading-share", "整改方案共明确整改任务78项,其中立行立改任务12项,占15.4%;2019年底前完成的30项,2020年底前完成的24项,长期坚持的12项。",
         [("立行立改", 12, 15.4), ("2019-12-31", 30, None), ("2020-12-31", 24, None), ("长期坚持", 12, None)]),
    case("no/as-of-done", "截至2022年底,已完成48项。", []),
    case("no/as-of-completed-by", "截至2021年底完成的20项。", []),
    case("no/year-achievement", "2021年完成整改任务12项。", []),
    case("no/as-of-all-done", "截至2022年6月底,应完成的37项任务已全部完成。", []),
    case("no/half-year", "2020年上半年完成的6项。", []),
    case("no/vague-part-of-month", "2022年12月下旬前完成的3项。", []),
    # where the rules fall short
    case("share/in-brackets", "2021年底前完成的20项(占43.5%)。", [("2021-12-31", 20, 43.5)]),
    case("immediate/lei", "立行立改类问题9个。", [("立行立改", 9, None)]),
    case("immediate/you", "属于立行立改的有9项。", [("立行立改", 9, None)]),
    case("date/dao-qian", "到2022年底前完成的12项。", [("2022-12-31", 12, None)]),
    case("list/fenbie", "立行立改、2021年底前完成、2022年底前完成和长期坚持的任务分别为9项、20项、12项、5项。",
         [("立行立改", 9, None), ("2021-12-31", 20, None), ("2022-12-31", 12, None), ("长期坚持", 5, None)]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_deadlines(sentence: str, expected: list[tuple]) -> None:
    assert buckets(sentence) == expected


def test_due_text_keeps_the_words() -> None:
    (hit,) = deadline_hits(normalise("应于2019年底完成的17项。").text)
    assert hit.due_text == "应于2019年底"
