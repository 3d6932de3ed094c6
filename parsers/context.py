"""What a text is about, decided by scoring every clue rather than taking the first hit.

One resolver per question:
- **subject**: the place, enterprise or department the text reports on: from the title, the
  lead, 《…》 titles, X省委/X市委, 对X开展/进驻X/向X反馈, frequency and position; the place a
  self-reference (我市, 我省, 全区, 本县) binds to wins over the inspected province above it;
- **multi**: a release about several places (a title or lead naming several provinces or
  enterprises, X等N省, a batch, several places heading clauses), whose subject is the batch
  or the nation;
- **batch** and **round**: stated (第二轮第三批, 首批, "回头看"第一批) or looked up in the
  reference table from the member list and the months; a batch always carries its round;
- **years**: the publication year and the year the text's events happened in, to complete
  dates written without one.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from ducha.reference import batches as reference
from ducha.reference.gazetteer import Place, load_gazetteer, read_reference

from .dates import find_iso_dates
from .rules import identity

NATIONAL = "全国"
UNKNOWN = "未识别地区"  # a local report that never names its place (我市, 本县)
_BODY_CAP = 4  # body mentions count at most this many times
_MEMBER_LIST = re.compile(
    r"(?:对|向|进驻|督察了?)(?P<list>[\u4e00-\u9fff()]{2,16}(?:、[\u4e00-\u9fff()]{2,20}){1,12})"
    r"(?:等|共)?(?:\d+|[一二三四五六七八九十两]+)?(?:个)?(?:省|省份|省市|省区|省\(区\)|省\(市\)|省\(区、市\)|地|家)"
)
_MULTI_TITLE = re.compile(
    r"(?:\d+|[一二三四五六七八九十两]+)(?:个)?(?:省|省份|省市|省区|省\(区\)|省\(市\)|省\(区、市\)|地区)"
    r"|两大央企|\d+家(?:中央)?企业|各地|各省"
)
# the place a team inspects or gives feedback to: 对X开展, 向X反馈, 进驻X, 督察X发现
INSPECTED = re.compile(
    r"(?:对|向|进驻|督察)(?P<p>[\u4e00-\u9fff]{2,16}?)"
    r"(?:省委|市委|县委|区委|党委|开展|进行|反馈|实施|交办|转办|移交|通报|发现|的|,|。)"
)
_ORG_WORDS = r"省委|市委|县委|区委|旗委|州委|党委|人民政府|政府"
_ORG_OF = re.compile(rf"(?P<p>[\u4e00-\u9fff]{{2,12}}?)(?:{_ORG_WORDS})")
_ORG_WORD = re.compile(_ORG_WORDS)
_BOOK_TITLE = re.compile(r"《(?P<t>[^》]{4,80})》")


@dataclass(frozen=True, slots=True)
class Subject:
    entity: str
    level: str
    parent: str | None


@dataclass(slots=True)
class DocContext:
    subject: Subject
    multi: bool = False
    batch: reference.Batch | None = None
    batch_number: int | None = None  # a batch the text names whose table row is unknown
    batches: list[reference.Batch] = field(default_factory=list)  # every batch it names
    round: str | None = None
    members: list[str] = field(default_factory=list)  # places the text lists as a batch
    published_year: int | None = None
    year: int | None = None  # the year the text's events are in, for yearless dates
    # the stays each sentence states, yearless dates read in the page's year: read once
    stays: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)


@cache
def _self_words() -> dict[str, tuple[str, ...]]:
    table = read_reference("lead_words.toml")["self"]
    return {level: tuple(words) for level, words in table.items()}


@cache
def _self_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """All self-references as one pattern, and the level of each word."""
    level_of = {w: level for level, words in _self_words().items() for w in words}
    words = sorted(level_of, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), level_of


def self_levels(text: str) -> Counter[str]:
    """How often the text speaks of itself as a province, city, district, county…
    (one scan for all the words: no two of them overlap, 我/全/本 open them and 省/市/区…
    close them, so the count is each word's own)."""
    counts: Counter[str] = Counter(dict.fromkeys(_self_words(), 0))
    pattern, level_of = _self_pattern()
    for m in pattern.finditer(text):
        counts[level_of[m.group()]] += 1
    return counts


def binds(place: Place, level: str) -> bool:
    """Whether a self-reference of `level` (我市, 我区…) can mean `place`."""
    name = place.name
    if level == "province":
        return place.level == "province" and not name.endswith("自治区")
    if level == "city":
        return name.endswith("市") and place.level in ("city", "county")
    if level == "prefecture":
        return name.endswith(("州", "盟"))
    if level == "district":
        return name.endswith("自治区") or (place.level == "county" and name.endswith("区"))
    if level == "county":
        return place.level == "county" and name.endswith("县")
    if level == "banner":
        return place.level == "county" and name.endswith("旗")
    return False


def places_in(text: str) -> list[tuple[int, int, Place]]:
    """Places named in `text`, the most specific of a nested pair kept (河南省洛阳市 -> both,
    in order; the caller decides)."""
    return load_gazetteer().find(text)


def most_specific(found: list[tuple[int, int, Place]]) -> Place | None:
    """河南省洛阳市伊川县 -> 伊川县: a place followed at once by one of its children."""
    if not found:
        return None
    best = found[0]
    for nxt in found[1:]:
        if nxt[0] == best[1] and nxt[2].parent == best[2].name:
            best = nxt
        else:
            break
    return best[2]


def _add(scores: Counter[str], where: dict[str, Place], place: Place, weight: float) -> None:
    scores[place.name] += weight  # type: ignore[assignment]  # float scores: the stubs' Counter counts int
    where[place.name] = place


def subject_scores(
    title: str | None,
    lead: str,
    body: str,
    footer: str,
    body_places: list[tuple[int, int, Place]] | None = None,
) -> tuple[Counter[str], dict[str, Place]]:
    scores: Counter[str] = Counter()
    where: dict[str, Place] = {}
    if title:
        found = places_in(title)
        top = most_specific(found)
        for _s, _e, p in found:
            _add(scores, where, p, 3.0)
        if top is not None:  # 湖南省岳阳市公开…: the city
            _add(scores, where, top, 6.0)
    for m in _BOOK_TITLE.finditer(lead + body[:2000]):
        top = most_specific(places_in(m.group("t")))
        if top is not None and m.start("t") < 3000:
            _add(scores, where, top, 3.0)
    lead_found = places_in(lead)
    for k, (_s, _e, p) in enumerate(lead_found):
        _add(scores, where, p, 2.0 if k < 3 else 1.0)
    top = most_specific(lead_found)
    if top is not None:
        _add(scores, where, top, 1.0)
    seen: dict[str, Place | None] = {}
    opening = lead + "。" + body[:1500]
    for m in itertools.chain(INSPECTED.finditer(opening), _orgs(opening)):
        words = m.group("p")
        if words not in seen:
            seen[words] = most_specific(places_in(words))
        inspected = seen[words]
        if inspected is not None:
            _add(scores, where, inspected, 1.5)
    body_counts: Counter[str] = Counter()
    for _s, _e, p in body_places if body_places is not None else places_in(body):
        if body_counts[p.name] < _BODY_CAP:
            body_counts[p.name] += 1
            _add(scores, where, p, 0.5)
    if not scores and footer:
        for _s, _e, p in places_in(footer):
            _add(scores, where, p, 0.5)
    return scores, where


def _orgs(text: str) -> Iterator[re.Match[str]]:
    """`_ORG_OF.finditer(text)`, tried only in the 12 characters before each 省委/政府…: the
    same matches (every one ends with such a word), without trying every character."""
    windows: list[list[int]] = []
    for m in _ORG_WORD.finditer(text):
        start = max(0, m.start() - 12)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = m.end()
        else:
            windows.append([start, m.end()])
    for start, end in windows:
        yield from _ORG_OF.finditer(text, start, end)


def pick_subject(
    title: str | None,
    lead: str,
    body: str,
    footer: str = "",
    body_places: list[tuple[int, int, Place]] | None = None,
) -> Subject:
    scores, where = subject_scores(title, lead, body, footer, body_places)
    selfs = self_levels((title or "") + lead + body)
    if footer and not any(where[n].level == "county" for n in where):
        # a page footer (定州市人民政府) names the place a 我市 text never names
        for _s, _e, p in places_in(footer):
            if any(binds(p, lv) for lv, n in selfs.items() if n):
                _add(scores, where, p, 1.0)
    if not scores:
        if any(selfs[lv] for lv in ("city", "county", "banner", "prefecture")):
            return Subject(UNKNOWN, "unknown", None)
        return Subject(NATIONAL, "national", None)
    for _s, _e, p in load_gazetteer().find_loose((title or "") + "。" + lead):
        if p.name not in where:  # 向东营转办 / 涉及眉山3件: a city by its bare name
            _add(scores, where, p, 1.0)
    # the reporting subject: the place the text's own 我市/全区/本县 binds to wins over the
    # inspected province above it
    dominant = max(selfs, key=lambda lv: selfs[lv]) if selfs and bool(max(selfs.values())) else None
    for level in ("banner", "county", "district", "city", "prefecture"):
        # the most specific self-reference said about as often: 我县 over a passing 全省
        if dominant and selfs[level] and 2 * selfs[level] >= selfs[dominant]:
            head = (title or "") + lead
            if any(binds(p, level) and (p.name in head or p.short in head) for p in where.values()):
                dominant = level
                break
    bound = [n for n, p in where.items() if dominant and binds(p, dominant)]
    if dominant and bound and selfs[dominant] >= 1:
        for name in bound:
            scores[name] += 6.0 + min(selfs[dominant], 3)  # type: ignore[assignment]
        best = max(bound, key=lambda n: (scores[n], -_depth(where[n])))
        place = where[best]
        return Subject(place.name, place.level, place.parent or _named_parent(place, where))
    best = max(scores, key=lambda n: (scores[n], -_depth(where[n])))
    place = where[best]
    # a child named as often as its parent is what the text is about (河南省洛阳市)
    for name, p in where.items():
        if p.parent == place.name and scores[name] >= scores[best] - 1.0:
            place = p
            break
    return Subject(place.name, place.level, place.parent or _named_parent(place, where))


def _named_parent(place: Place, where: dict[str, Place]) -> str | None:
    """The parent of a county whose name several cities share (鼓楼区): the one the text
    names."""
    options = [o for o in load_gazetteer().county_parents(place.name) if o in where]
    return options[0] if len(options) == 1 else None


def _depth(place: Place) -> int:
    return {"province": 0, "enterprise": 0, "department": 0, "city": 1, "county": 2}.get(
        place.level, 0
    )


def member_list(text: str) -> list[str]:
    """The places a text lists as inspected together: 对天津、山西…等7省(市)."""
    for m in _MEMBER_LIST.finditer(text):
        names = []
        for _s, _e, p in places_in(m.group("list")):
            if p.level in ("province", "enterprise", "department") and p.name not in names:
                names.append(p.name)
        if len(names) >= 2:
            return names
    return []


def is_multi(title: str | None, lead: str, heads: list[Place]) -> bool:
    """A release about several places: a title naming several provinces or bodies (or X等N
    省), else a lead that does so, else several provinces heading clauses."""
    for text in ([title] if title else []) + ([] if title and _single(title) else [lead]):
        found = [p for _s, _e, p in places_in(text) if p.level != "city" and p.level != "county"]
        distinct = {p.name for p in found}
        if len(distinct) >= 2 or _MULTI_TITLE.search(text) or identity.find_batch(text)[1]:
            return True
    distinct_heads = {p.name for p in heads if p.level in ("province", "enterprise", "department")}
    return len(distinct_heads) >= 3


def _single(title: str) -> bool:
    """A title about one province, city or body (the lead may still list its batch)."""
    found = places_in(title)
    names = {p.name for _s, _e, p in found}
    top = most_specific(found)
    if top is None or _MULTI_TITLE.search(title):
        return False
    return len(names) == 1 or all(
        p.name == top.name or p.name == top.parent or top.parent == p.name for _s, _e, p in found
    )


_THIS_YEAR = re.compile(
    r"(?:今年|(?P<y>(?:19|20)\d{2})年)(?:第(?P<n>[一二三四五六七八九十\d]+)|(?P<first>首))批"
)


def batch_of_year(text: str, year: int | None) -> reference.Batch | None:
    """今年第二批 / 2024年首批: the year's Nth batch, counted by stationing start, whatever
    its number within its round (2024's second batch was 第三轮第三批)."""
    m = _THIS_YEAR.search(text)
    if not m or "督察" not in text[m.end() : m.end() + 24]:
        return None
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None
    n = 1 if m.group("first") else identity._int(m.group("n"))
    in_year = [b for b in reference.load_batches() if b.start[:4] == str(y) and b.kind != "pilot"]
    in_year.sort(key=lambda b: b.start)
    return in_year[n - 1] if n and 0 < n <= len(in_year) else None


def resolve_batch(
    texts: list[str], members: list[str], round_hint: str | None, year: int | None = None
) -> tuple[reference.Batch | None, int | None, str | None]:
    """(table row, batch number, round) of the batch a text names or lists."""
    for text in texts:
        rnd, number = identity.find_batch(text)
        if number is None:
            continue
        by_year = batch_of_year(text, year) if not rnd else None
        if by_year is not None and (not members or set(members) <= set(by_year.members)):
            return by_year, by_year.batch, by_year.round_name
        rnd = rnd or round_hint
        if rnd is None and members:
            by_members = reference.batch_by_members(members)
            if by_members and by_members.batch == number:
                return by_members, number, by_members.round_name
        if rnd is None:
            candidates = [b for b in reference.load_batches() if b.batch == number]
            if members:
                candidates = [b for b in candidates if set(members) <= set(b.members)]
            if len(candidates) == 1:
                return candidates[0], number, candidates[0].round_name
            return None, number, None
        row = next(
            (b for b in reference.load_batches() if b.round_name == rnd and b.batch == number),
            None,
        )
        return row, number, rnd
    if members:
        row = reference.batch_by_members(members)
        if row is not None and (round_hint is None or row.round_name == round_hint):
            return row, row.batch, row.round_name
    return None, None, None


def batch_of_places(round_name: str, places: list[str]) -> reference.Batch | None:
    """The one batch of a round that inspected every given province (河南、广东、江苏 in a
    回头看 text: the first 回头看 batch)."""
    if len(places) < 2:
        return None
    fits = [
        b
        for b in reference.load_batches()
        if b.round_name == round_name and set(places) <= set(b.members)
    ]
    return fits[0] if len(fits) == 1 else None


def names_of(places: list[Place]) -> list[str]:
    return list(dict.fromkeys(p.name for p in places))


def resolve_context(
    title: str | None,
    lead: str,
    body: str,
    footer: str,
    published: str | None,
    heads: list[Place],
    sentences: list[str] | None = None,
    body_places: list[tuple[int, int, Place]] | None = None,
) -> DocContext:
    """Every document-level answer, each from all of its clues; `heads` are the places that
    head the body's clauses, `sentences` and `body_places` what a scan of the body found."""
    from .attribution import rounds_named
    from .sentences import sentence_spans

    if sentences is None:
        sentences = [body[s:e] for s, e in sentence_spans(body)]
    multi = is_multi(title, lead, heads)
    members = member_list((title or "") + "。" + lead + "。" + body[:3000])
    published_year = int(published[:4]) if published else None
    stays_of = {s: identity.find_stationings(s, published_year) for s in sentences}
    stays = {i: r for i, s in enumerate(sentences) if (r := stays_of[s])}
    ranges = [r for i in sorted(stays) for r in stays[i]]
    full_dates = [d for d, _e in ranges if d] + [d for _m, d in find_iso_dates(body)]
    year = published_year or (int(full_dates[0][:4]) if full_dates else None)
    stay_sentences = [sentences[i] for i in sorted(stays)]
    rnd = doc_round(title, lead, sentences, ranges, published, rounds_named, stay_sentences)
    texts = ([title] if title else []) + sentences
    row, number, batch_round = resolve_batch(texts, members, rnd, year)
    rnd = rnd or batch_round
    if rnd is None and row is not None:
        rnd = row.round_name
    batches = [row] if row else []
    for text in texts:  # further batches a text names (两批"回头看": 第一批…第二批…)
        r2, n2 = identity.find_batch(text)
        if n2 and not r2 and batch_of_year(text, year) is not None:
            continue  # 今年第二批: the one resolved by its year above
        if n2 and (r2 or rnd):
            other = next(
                (
                    b
                    for b in reference.load_batches()
                    if b.round_name == (r2 or rnd) and b.batch == n2
                ),
                None,
            )
            if other is not None and other not in batches:
                batches.append(other)
    head_provinces = names_of([p for p in heads if p.level == "province"])
    if multi and not batches and rnd:
        by_places = batch_of_places(rnd, head_provinces or members)
        if by_places is not None:
            batches, row, number = [by_places], by_places, by_places.batch
    ctx = DocContext(
        subject=pick_subject(title, lead, body, footer, body_places),
        multi=multi,
        batch=row,
        batch_number=number,
        round=rnd,
        members=members,
        published_year=published_year,
        year=year,
        batches=batches,
        stays=stays_of,
    )
    if multi:
        from .assemble import batch_name

        if row is not None and len(batches) == 1:
            ctx.subject = Subject(row.batch_name, "batch", None)
        elif number and len(batches) <= 1:
            ctx.subject = Subject(batch_name(rnd, number), "batch", None)
        else:
            ctx.subject = Subject(NATIONAL, "national", None)
    elif ctx.subject.level == "national" and row is not None:
        ctx.multi = True
    if ctx.subject.level == "national":
        ctx.multi = True
    return ctx


# the months a place was inspected, as a text about it recalls them: the stay is stated only to
# the month, too coarse for the stationing dates, enough for the round
_ACCEPTED_IN = re.compile(
    r"(?P<y>(?:19|20)\d{2})年(?P<m>1[0-2]|0?[1-9])月(?:\d{1,2}日)?(?:至|到|—|-)[^,。;]{0,12}?"
    r"接受(?:了)?(?:第[一二三]轮)?中央(?:生态)?环境保护督察"
)


def doc_round(
    title: str | None,
    lead: str,
    sentences: list[str],
    ranges: list[tuple[str, str | None]],
    published: str | None,
    rounds_named,
    stay_sentences: list[str] | None = None,
) -> str | None:
    """The round a text is about, from the strongest clue it gives; `stay_sentences` are
    those that state a stay (found by the caller)."""
    if stay_sentences is None:
        stay_sentences = [s for s in sentences if identity.find_stationings(s, None)]
    if title:
        named = rounds_named(title)
        if len(named) == 1:
            return named[0]
    if ranges:
        by_dates = [reference.round_for_date(start or end or "") for start, end in ranges]
        identity_rounds = [r for s in stay_sentences
                           for r in rounds_named(s)]  # fmt: skip
        if len(set(identity_rounds)) == 1 and len(set(by_dates)) == 1:
            named = identity_rounds[0]
            if named == "第一轮" and by_dates[0] == "第一轮回头看":
                return by_dates[0]
            return named
        dated = [r for r in by_dates if r]
        if dated:
            return dated[-1]
    named = rounds_named(lead)
    if len(named) == 1:
        return named[0]
    for s in sentences:  # 我省于2017年8月至9月接受中央环境保护督察: the months place the round
        m = _ACCEPTED_IN.search(s)
        if m:
            rnd = reference.round_for_date(f"{m.group('y')}-{int(m.group('m')):02d}-15")
            if rnd:
                return rnd
    for s in sentences:
        if identity.find_group(s) and re.search(
            r"中央第[一二三四五六七八九十\d]+环境保护督察组", s
        ):
            if not re.search(r"回头看", s) and not any("回头看" in x for x in rounds_named(lead)):
                return "第一轮"
    for s in sentences:
        fbs = identity.find_feedbacks(s, None, int(published[:4]) if published else None)
        for fb in fbs:
            if re.match(r"\d{4}", fb) and re.search(r"(?:19|20)\d{2}年", s):
                rnd = reference.round_for_date(fb)
                if rnd:
                    return rnd
    everywhere = list(dict.fromkeys(r for s in sentences for r in rounds_named(s)))
    if len(everywhere) == 1:
        return everywhere[0]
    return None


def round_by_date(ctx: DocContext, kind: str | None, published: str | None, body: str) -> None:
    """A stationing or feedback news happens when it is published: with nothing else to go
    by, its round is the one running at the page date (or the first full date it states)."""
    if ctx.round is not None or kind not in ("stationing", "feedback"):
        return
    day = published
    if day is None:
        day = next((d for _m, d in find_iso_dates(body)), None)
    if day:
        ctx.round = reference.round_for_date(day)
