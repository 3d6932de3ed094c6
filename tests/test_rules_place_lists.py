"""A bare list of places and counts after a total stated in the sentence before: each count
is that total's field for its place when the list's measure word fits the total's category,
and nothing otherwise. A list the rule cannot place never costs the document."""

from __future__ import annotations

import pytest

from ducha.parsers.pipeline import parse_text


def _facts(text: str) -> dict[str, dict[str, float]]:
    doc = parse_text(text)
    assert not any("failed" in p for p in doc.problems), doc.problems
    return {s.entity: {f.field: f.value for f in s.facts} for s in doc.sections}


@pytest.mark.parametrize(
    ("text", "place", "field", "value"),
    [
        ("安徽省整改情况。全省共梳理督察反馈问题136个。其中,淮南市17个、合肥市20个。",
         "淮南市", "problems_total", 17),
        ("安徽省整改情况。全省共梳理督察反馈问题136个。其中,淮南市17个、合肥市20个。",
         "合肥市", "problems_total", 20),
        ("湖北省整改进展。全省共梳理整改任务88项。其中武汉市12项、宜昌市9项。",
         "宜昌市", "tasks_total", 9),
    ],
)  # fmt: skip
def test_a_list_after_a_total_takes_the_totals_field(
    text: str, place: str, field: str, value: float
) -> None:
    assert _facts(text)[place][field] == value


@pytest.mark.parametrize(
    "text",
    [
        # 家 is not a measure of people: the list is not the accountability figure
        "浙江省整改情况。全省共问责120人。其中杭州市3家、宁波市4家、温州市5家。",
        # a count stated before the list in the same sentence whose measure does not fit
        # (this once raised and lost the whole document)
        "浙江省整改情况。责令整改30家,其中杭州市3人、宁波市4人。",
        # a list with words of its own that name no known count
        "江西省整改情况。全省共梳理整改任务50项。其中南昌市开展检查3次、九江市开展检查4次。",
    ],
)
def test_a_list_whose_measure_does_not_fit_is_left_out_and_the_document_kept(text: str) -> None:
    facts = _facts(text)
    for place in ("杭州市", "宁波市", "温州市", "南昌市", "九江市"):
        assert not {f: v for f, v in facts.get(place, {}).items() if v in (3, 4, 5)}


PAIRED_PAGE = "第二轮中央生态环境保护督察整改进展通报\n发布时间:2023-01-12\n\n"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # short names alone before 分别: each gets its figure
        ("截至2022年底,江西、湖南分别问责151人、133人。",
         {"江西省": {"accountability_people": 151}, "湖南省": {"accountability_people": 133}}),
        ("截至2022年底,广西、云南、贵州分别完成整改任务40项、35项、28项。",
         {"广西壮族自治区": {"tasks_done": 40}, "云南省": {"tasks_done": 35},
          "贵州省": {"tasks_done": 28}}),
        # words that are not places before 分别: no place gets a figure
        ("截至2022年底,大气、水分别完成151项、133项。", {}),
    ],
)  # fmt: skip
def test_names_alone_paired_by_fenbie(sentence: str, expected: dict) -> None:
    doc = parse_text(PAIRED_PAGE + sentence)
    got = {s.entity: {f.field: f.value for f in s.facts} for s in doc.sections if s.facts}
    for place, fields in expected.items():
        assert got.get(place) == fields, got
    if not expected:
        assert not any(p in got for p in ("江西省", "湖南省")), got
