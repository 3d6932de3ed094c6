"""Split a document into sections, one per entity it reports on.

A national release carries a batch overview and then one part per province, each under a
heading such as `01山西省公开…`; a sentence of the overview that opens with a province's
name (`辽宁省完成…`) belongs to that province. Any other document reports on the place its
title names (the most specific one: 河南省洛阳市 -> 洛阳市), or on the nation when it names
none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .gazetteer import Place, load_gazetteer
from .normalise import Normalised
from .sentences import line_spans, sentence_spans

_HEADING_NUMBER = re.compile(
    r"^\s*(?:\d{1,2}[.、]?|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|[①-⑳])?\s*"
)
_HEADING_WORDS = re.compile(r"公开|整改|督察|反馈|进驻")
# a heading that is just a place name: 一、山西省 / (二)广西壮族自治区(第二轮)
_BARE_HEADING = re.compile(r"\s*(?:\([^)]{0,12}\))?\s*[:]?")
_SENTENCE_LEAD = re.compile(r"^(?:\d{4}年(?:\d{1,2}(?:-\d{1,2})?月)?,?|其中,?|同时,?|此外,?)?")
_COUNTY = re.compile(r"[\u4e00-\u9fff]{1,7}?(?:自治县|县|区|旗|市)")  # used with .match(text, pos)
NATIONAL = "全国"
UNKNOWN = "未识别地区"  # a local report that never names its place (我市, 本县)
# words of a sentence about several places or the whole batch, which ends a continuation
_NAMES_OTHERS = re.compile(r"\d+省|各省|各地|全国|省\(区|省\(市|省\(区、市\)|督察组")
_LOCAL_SELF = re.compile(r"我市|本市|我县|本县|我区|本区|我州|我旗|全市|全县")


@dataclass(slots=True)
class Line:
    start: int  # view offsets
    end: int
    clutter: bool


@dataclass(slots=True)
class Part:
    """A section before extraction: its entity and the view spans of its sentences."""

    entity: str
    level: str
    parent: str | None
    start: int  # view offsets of the part's own block
    end: int
    heading: bool
    sentences: list[tuple[int, int]] = field(default_factory=list)
    overview: bool = False


def mark_lines(view: Normalised, clutter: list[tuple[int, int]]) -> list[Line]:
    """Lines of the view, each marked when its stored text lies in a clutter span."""
    starts = [s for s, _ in clutter]
    lines = []
    for vs, ve in line_spans(view.text):
        ss, se = view.span(vs, ve)
        i = bisect_right(starts, ss) - 1
        inside = i >= 0 and clutter[i][0] <= ss and se <= clutter[i][1] and se > ss
        lines.append(Line(vs, ve, inside))
    return lines


def most_specific(found: list[tuple[int, int, Place]]) -> Place | None:
    """河南省洛阳市 -> 洛阳市: the first place, or the city right after its own province."""
    if not found:
        return None
    first = found[0][2]
    for _, _, place in found[1:3]:
        if place.parent == first.name:
            return place
    return first


def county_after(text: str, found: list[tuple[int, int, Place]]) -> tuple[str, Place] | None:
    """A county-level name right after a known place in a title: 洛阳市伊川县 -> 伊川县."""
    if not found:
        return None
    _, end, place = found[-1] if len(found) > 1 and found[-1][2].parent else found[0]
    m = _COUNTY.match(text, end)
    if m and place.level in ("city", "province") and m.group(0) != place.name:
        name = m.group(0)
        if len(name) >= 2 and not name.endswith(("开展", "公开")):
            return name, place
    return None


def place_of(name: str) -> tuple[str, str | None]:
    place = load_gazetteer().get(name)
    if place is None:
        return "province", None
    return place.level, place.parent


def segment(view: Normalised, lines: list[Line], title: str | None, body_from: int) -> list[Part]:
    """Parts of the document body (view lines from `body_from` on)."""
    gaz = load_gazetteer()
    text = view.text
    body = [ln for ln in lines[body_from:] if not ln.clutter and ln.end > ln.start]
    headings: list[tuple[Line, Place]] = []
    for ln in body:
        raw = text[ln.start : ln.end]
        if len(raw) > 60 or "。" in raw:
            continue
        num = _HEADING_NUMBER.match(raw)
        rest = raw[num.end() :] if num else raw
        found = gaz.find(rest)
        bare = bool(found) and _BARE_HEADING.fullmatch(rest[found[0][1] :]) is not None
        if found and found[0][0] == 0 and (bare or _HEADING_WORDS.search(rest)):
            place = most_specific(found)
            if place is not None:
                headings.append((ln, place))
    distinct = {p.name for _, p in headings}
    parts: list[Part] = []
    if len(distinct) >= 2:
        first = headings[0][0]
        overview = Part(
            NATIONAL, "national", None, body[0].start, first.start, False, overview=True
        )
        parts.append(overview)
        for i, (ln, place) in enumerate(headings):
            end = headings[i + 1][0].start if i + 1 < len(headings) else body[-1].end
            parts.append(Part(place.name, place.level, place.parent, ln.start, end, True))
    else:
        entity, level, parent = _single_entity(view, body, title)
        start = body[0].start if body else 0
        end = body[-1].end if body else 0
        parts.append(Part(entity, level, parent, start, end, False, overview=entity == NATIONAL))
    _fill_sentences(view, body, parts)
    return parts


def _single_entity(view: Normalised, body: list[Line], title: str | None):
    gaz = load_gazetteer()
    if title:
        found = gaz.find(title)
        county = county_after(title, found)
        if county:
            name, above = county
            return name, "county", above.name
        place = most_specific(found)
        if place is not None:
            return place.name, place.level, place.parent
    lead = view.text[body[0].start : body[min(len(body), 3) - 1].end] if body else ""
    m = re.search(r"对(.{2,12}?)(?:开展|进行|实施)", lead)
    if m:
        found = gaz.find(m.group(1))
        place = most_specific(found)
        if place is not None:
            return place.name, place.level, place.parent
    text = view.text[body[0].start : body[-1].end] if body else ""
    if _LOCAL_SELF.search(text) or (title and _LOCAL_SELF.search(title)):
        return UNKNOWN, "unknown", None  # not the nation: a place the text does not name
    return NATIONAL, "national", None


def _fill_sentences(view: Normalised, body: list[Line], parts: list[Part]) -> None:
    """Give every body sentence to its part; overview sentences that open with a place
    go to that place's part (created when the document has no heading for it)."""
    gaz = load_gazetteer()
    text = view.text
    by_entity = {p.entity: p for p in parts}
    for ln in body:
        owner = _owner(parts, ln.start)
        if owner is None:
            continue
        current = owner  # within a line, a sentence continues the place named before it
        for s, e in sentence_spans(text, ln.start, ln.end):
            target = owner
            if owner.overview:
                lead = _SENTENCE_LEAD.match(text, s)
                pos = lead.end() if lead else s
                found = gaz.find(text[pos : min(e, pos + 16)])
                if found and found[0][0] == 0 and found[0][2].level in ("province", "city"):
                    place = found[0][2]
                    target = by_entity.get(place.name)
                    if target is None:
                        target = Part(place.name, place.level, place.parent, s, e, False)
                        parts.append(target)
                        by_entity[place.name] = target
                elif current is not owner and not _NAMES_OTHERS.search(text, s, e):
                    target = current  # 山东省:…。2022年全省PM2.5…: still 山东省
                current = target
            target.sentences.append((s, e))


def _owner(parts: list[Part], pos: int) -> Part | None:
    for part in parts:
        if part.start <= pos < max(part.end, part.start + 1):
            return part
    return parts[0] if parts and pos < parts[0].start else None
