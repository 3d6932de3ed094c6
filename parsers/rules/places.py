"""Figures given place by place: `其中天津市49项、山西省60项`, `其余依次为山西省868人、辽宁省
724人`, `各地累计信访举报件为:眉山天府新区2件、东坡区2件`, and paired lists
`绵阳、德阳、遂宁三市信访件办结率分别达到99.1%、96.4%、92.8%`.

The category of the bare numbers comes from the figure just stated (共计确定531项整改任务,其中…)
or from the words right before the list (累计信访举报件为:), read by the count rules on a
made-up clause of those words and the first number, so the two never disagree. A list inside a
sentence about one day's batch (第十七批…其中和平区11件) is that day's, not the places' totals,
and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ducha.reference.gazetteer import Place, load_gazetteer

from ..numbers import NUM, QTY, read_number
from .counts import CLASSIFIERS, count_hits

_ITEM_GAP = re.compile(r"\s*[、,;和及]?\s*")
_AFTER_PLACE = re.compile(
    rf"(?:\([^()\d]{{0,20}}\))?(?:为|有|共|计|:|\()?(?P<qty>{QTY})(?P<cls>项|个|件|条|起|名|人|家)\)?"
)
DAY_BATCH = re.compile(r"第[一二三四五六七八九十百\d]+批(?:次)?(?!.{0,3}共)")
_CUMULATIVE = re.compile(r"累计|共计|总计|共向|截至")
_PAIRED = re.compile(
    r"(?P<words>[^,;。]{0,24}?)(?:分别|依次)(?P<words2>[^,;。\d]{0,12}?)(?:为|是|达到|达|有)?"
    rf"(?P<vals>{NUM}\s*(?:%|项|个|件|条|人|名|家)(?:、{NUM}\s*(?:%|项|个|件|条|人|名|家))+)"
)


_NAMES_ONLY = re.compile(r"(?:[\u4e00-\u9fff]{2,12}、)+[\u4e00-\u9fff]{2,12}")


@dataclass(slots=True)
class PlaceHit:
    place: Place
    field: str
    value: int | float
    start: int  # offsets in the sentence
    end: int


def _items(
    sentence: str, found: list[tuple[int, int, Place]] | None = None
) -> list[tuple[int, int, Place, float, str]]:
    """(start, end, place, value, classifier) for every place followed by a count."""
    out = []
    for s, e, place in found if found is not None else load_gazetteer().find_loose(sentence):
        m = _AFTER_PLACE.match(sentence, e)
        if not m:
            continue
        value = read_number(m.group("qty"))
        if value is not None:
            out.append((s, m.end(), place, value, m.group("cls")))
    return out


def _groups(sentence: str, items: list[tuple[int, int, Place, float, str]]):
    group: list[tuple[int, int, Place, float, str]] = []
    for item in items:
        if (
            group
            and _ITEM_GAP.fullmatch(sentence[group[-1][1] : item[0]])
            and item[4] == group[-1][4]
        ):
            group.append(item)
            continue
        if len(group) >= 2:
            yield group
        group = [item]
    if len(group) >= 2:
        yield group


def _field_for(
    sentence: str, start: int, value: float, cls: str, words: str, prior: str | None = None
) -> str | None:
    """The field a bare count of this list stands for: the figure stated just before it in
    the sentence, or the words right before the list read as a clause of their own."""
    stated = [h for h in count_hits(sentence[:start]) if h.end <= start]
    for hit in reversed(stated):
        category = hit.field.split("_")[0]
        cat_key = {"accountability": "acc_people" if hit.field.endswith("people") else "acc_units"}
        if cls in CLASSIFIERS.get(cat_key.get(category, category), "") or (
            hit.field in ("ordered_rectification", "penalty_cases") and cls == "家"
        ):
            return hit.field
    if words:
        made = f"{words}{int(value) if float(value).is_integer() else value}{cls}"
        fields = [h.field for h in count_hits(made)]
        if len(fields) == 1:
            return fields[0]
    if prior and prior.endswith(("_total", "_people", "_units")):
        # 全省共梳理督察反馈问题136个。其中,淮南市17个、…: the total just stated
        category = prior.split("_")[0]
        key = {"accountability": "acc_people" if prior.endswith("people") else "acc_units"}
        if cls in CLASSIFIERS.get(key.get(category, category), ""):
            return prior
    return None


# a name followed by its count, at least twice: the cheap test before the gazetteer's scan
# (it opens with the digit and looks behind for the name, so a search skips fast to a digit)
_TWO_ITEMS = re.compile(
    r"\d(?:(?<=[\u4e00-\u9fff)]\d)|(?<=[\u4e00-\u9fff)][为有共计:(]\d))[^、,;]{0,12}[、,;][^。]{0,40}?"
    r"[\u4e00-\u9fff)](?:为|有|共|计|:|\()?\d"
)


def place_list_hits(
    sentence: str, prior: str | None = None, found: list[tuple[int, int, Place]] | None = None
) -> list[PlaceHit]:
    """Counts listed place by place in one sentence; `prior` is the field the sentence
    before stated last, for a list that names no category (其中,淮南市17个、淮北市14个).
    `found` is `Gazetteer.find_loose(sentence)` if the caller has it."""
    hits: list[PlaceHit] = []
    if "分别" in sentence or "依次" in sentence:
        hits.extend(_paired_hits(sentence))
    if DAY_BATCH.search(sentence) and not _CUMULATIVE.search(sentence):
        return hits
    if not _TWO_ITEMS.search(sentence):
        return hits
    for group in _groups(sentence, _items(sentence, found)):
        first = group[0]
        clause_start = max(sentence.rfind(ch, 0, first[0]) for ch in ",;。") + 1
        words = sentence[clause_start : first[0]].rstrip(":为")
        field = _field_for(sentence, first[0], first[3], first[4], words, prior)
        if field is None:
            continue
        for s, e, place, value, _cls in group:
            hits.append(PlaceHit(place, field, _int(value), s, e))
    return hits


def _paired_hits(sentence: str) -> list[PlaceHit]:
    """绵阳、德阳、遂宁三市信访件办结率分别达到99.1%、96.4%、92.8%."""
    gaz = load_gazetteer()
    out: list[PlaceHit] = []
    for m in _PAIRED.finditer(sentence):
        head = sentence[: m.start("words")]
        lead = re.search(r"(?:[\u4e00-\u9fff]{2,12}、)+[\u4e00-\u9fff]{2,12}$", head)
        names_text = lead.group(0) if lead else ""
        words = m.group("words")
        if not names_text:
            lead = re.match(
                r"((?:[\u4e00-\u9fff]{2,12}、)+[\u4e00-\u9fff]{2,12}?)(?=[两三四五六七八九十\d]+(?:个)?(?:省|市|县|区|地))",
                words,
            )
            if lead:
                names_text, words = lead.group(1), words[lead.end() :]
            elif _NAMES_ONLY.fullmatch(words):
                names_text, words = words, ""  # 江西、湖南分别问责151人、133人: the names alone
            else:
                continue
        places = [p for _s, _e, p in gaz.find_loose(names_text)]
        if not words and len(places) != names_text.count("、") + 1:
            continue  # every name of a bare list must be a place
        values = re.findall(rf"({NUM})\s*(%|项|个|件|条|人|名|家)", m.group("vals"))
        if len(places) < 2 or len(places) != len(values):
            continue
        words = re.sub(
            r"^(?:[两三四五六七八九十\d]+(?:个)?(?:省|市|县|区|地)(?:份|区)?)", "", words
        )
        num, unit = values[0]
        made = f"{words}{m.group('words2')}{num}{unit}"
        fields = [h.field for h in count_hits(made)]
        if len(set(fields)) != 1:
            continue
        for place, (num, _unit) in zip(places, values, strict=True):
            value = read_number(num)
            if value is not None:
                out.append(PlaceHit(place, fields[0], _int(value), m.start(), m.end()))
    return out


def _int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
