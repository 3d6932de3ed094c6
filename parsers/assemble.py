"""Candidates to sections: one section per (entity, round) a text reports on, the best
candidate per field, identity from the sentences that state it.

Every rule proposes candidates with a rank; the assembly keeps the best one per field and
section: an exact figure over a rounded one (超过200人, 近2万件), a cumulative figure over one
day's batch (累计交办1,204件 over 交办第十二批76件), and the first stated among equals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ducha.reference import batches as reference
from ducha.reference.gazetteer import Mentions, Place, load_gazetteer
from ducha.vocabulary import PROGRESS_CATEGORIES

from .attribution import Clause, Sentence, rounds_named
from .context import INSPECTED, NATIONAL, DocContext
from .model import Deadline, Evidence, Fact, Metric, Section
from .normalise import Normalised
from .rules import identity
from .rules.counts import count_hits
from .rules.deadlines import deadline_hits
from .rules.metrics import metric_hits, year_in
from .rules.places import DAY_BATCH, place_list_hits

BATCH_NUMERALS = "一二三四五六七八九十"
# Enforcement figures (责令整改, 立案处罚, 罚款, 拘留, 约谈) outside a stationing release count only
# in a sentence about the inspection: a progress report also lists the place's own routine
# enforcement (查处环境违法案件3200起,罚款2.3亿元), which is not the team's.
STATIONING_FIELDS = frozenset({
    "ordered_rectification", "penalty_cases", "fines_wan", "criminal_cases", "detained",
    "detained_administrative", "detained_criminal", "interviewed_people",
})  # fmt: skip
_INSPECTION_CONTEXT = re.compile(
    r"督察|交办|转办|进驻|边督边改|信访|举报|责任追究|问题线索|问责线索|移交"
)
# (opens with one character class, so a search skips fast to a candidate)
_HAS_NUMBER = re.compile(
    r"[\d零〇一二两三四五六七八九十百千万](?:(?<=\d)|[零〇一二两三四五六七八九十百千万]*"
    r"(?:项|个|件|条|起|名|人|家|批|%))"
)
_APPROX = re.compile(r"约(?!谈)|近|余|多|超过|逾|以上|左右")  # (约谈 is an interview, not "about")
_CUMULATIVE = re.compile(r"累计|共计|总计|截至|截止")
_TOTAL_WORD = re.compile(r"共(?<![一-龥]共)|,共")  # 共 opening a clause, not inside a word
_CATEGORIES = frozenset(PROGRESS_CATEGORIES)

Key = tuple[str, str | None]  # (entity, round)


@dataclass(slots=True)
class Candidate:
    rank: int
    order: int
    fact: Fact


@dataclass(slots=True)
class Builder:
    section: Section
    place: Place | None = None  # the gazetteer's place of the section's entity
    candidates: dict[str, Candidate] = field(default_factory=dict)
    metric_keys: set[tuple] = field(default_factory=set)
    dues: set[str] = field(default_factory=set)
    content: bool = False  # any fact, metric or deadline
    own: bool = False  # the text speaks of it in a sentence of its own
    first: int = -1  # reading-view span of the sentences that speak of it
    last: int = -1

    def touch(self, start: int, end: int) -> None:
        self.first = start if self.first < 0 else min(self.first, start)
        self.last = max(self.last, end)


class Assembly:
    """The sections of one document as they are built."""

    def __init__(
        self,
        doc_text: str,
        reading: Normalised,
        ctx: DocContext,
        kind: str | None,
        mentions: Mentions | None = None,
    ):
        self.doc_text = doc_text
        self.reading = reading
        self.ctx = ctx
        self.kind = kind
        self.builders: dict[Key, Builder] = {}
        self.order = 0
        self.subject_place = load_gazetteer().get(ctx.subject.entity)
        self._above: dict[str, bool] = {}
        self.mentions = mentions  # the reading view's places with bare city names, if found
        self._inspected: dict[int, list[Place]] = {}  # by sentence start

    def inspected_places(self, sent: Sentence, sentence: str) -> list[Place]:
        """`_inspected_places` of a sentence, read once (collect and identities both ask)."""
        found = self._inspected.get(sent.start)
        if found is None:
            found = self._inspected[sent.start] = _inspected_places(sentence)
        return found

    # ------------------------------------------------------------------ sections
    def default_round(self) -> str | None:
        return self.ctx.round

    def builder(self, key: Key, place: Place | None = None, level: str | None = None) -> Builder:
        b = self.builders.get(key)
        if b is not None:
            return b
        entity, rnd = key
        if place is None and entity == self.ctx.subject.entity:
            sec = Section(entity, self.ctx.subject.level, self.ctx.subject.parent, round=rnd)
        elif place is not None:
            sec = Section(place.name, place.level, self._parent(place), round=rnd)
        else:
            sec = Section(entity, level or "national", None, round=rnd)
        b = Builder(sec, place if place is not None else load_gazetteer().get(entity))
        self.builders[key] = b
        return b

    def _parent(self, place: Place) -> str | None:
        if place.parent or place.level != "county":
            return place.parent
        options = load_gazetteer().county_parents(place.name)
        subject = self.ctx.subject
        for option in options:
            if option in (subject.entity, subject.parent):
                return option
        return None

    def subject_key(self, rnd: str | None = None) -> Key:
        return (self.ctx.subject.entity, rnd if rnd is not None else self.default_round())

    def batch_key(self, rnd: str | None, number: int) -> Key:
        key = (batch_name(rnd, number), rnd)
        b = self.builder(key, level="batch")
        b.section.batch = number
        return key

    def keys_of(self, clause: Clause) -> list[Key]:
        """The sections a clause speaks of (two for 第一轮…及"回头看"…已全部完成)."""
        rounds = clause.rounds or (self.default_round(),)
        if clause.batch is not None:
            rnd, number = clause.batch
            return [self.batch_key(rnd or self.default_round(), number)]
        if clause.national:
            return [(NATIONAL, r) for r in rounds]
        place = clause.place
        if place is None or self._is_subject_or_above(place):
            return [self.subject_key(r) for r in rounds]
        return [(place.name, r) for r in rounds]

    def _is_subject_or_above(self, place: Place) -> bool:
        known = self._above.get(place.name)
        if known is None:
            known = self._above[place.name] = self._subject_or_above(place)
        return known

    def _subject_or_above(self, place: Place) -> bool:
        subject = self.ctx.subject
        if place.name == subject.entity:
            return True
        if self.ctx.multi:
            return False
        chain = []
        p = self.subject_place
        while p is not None and p.parent:
            chain.append(p.parent)
            p = load_gazetteer().get(p.parent)
        return place.name in chain

    def place_of(self, key: Key) -> Place | None:
        return self.builders[key].place if key in self.builders else load_gazetteer().get(key[0])

    # ------------------------------------------------------------------ facts
    def evidence(self, sent: Sentence, ms: int, me: int) -> Evidence:
        s, e = self.reading.span(sent.start, sent.end)
        a, b = self.reading.span(sent.start + ms, sent.start + me)
        return Evidence(s, e, self.doc_text[s:e], max(s, a), min(e, b))

    def offer(self, key: Key, fact: Fact, rank: int, place: Place | None = None) -> None:
        b = self.builder(key, place or self.place_of(key))
        self.order += 1
        old = b.candidates.get(fact.field)
        if old is None or rank > old.rank:
            b.candidates[fact.field] = Candidate(rank, self.order, fact)
        b.content = True


def batch_name(rnd: str | None, number: int) -> str:
    """第二轮第三批 (the reference table's name where it has the batch)."""
    row = next(
        (b for b in reference.load_batches() if b.round_name == rnd and b.batch == number),
        None,
    )
    return row.batch_name if row else f"{rnd or ''}第{_cn(number)}批"


def _cn(n: int | None) -> str:
    if n is None:
        return ""
    return BATCH_NUMERALS[n - 1] if 1 <= n <= 10 else str(n)


def rank_of(sentence: str, clause_text: str, ms: int, me: int) -> int:
    """Exact over rounded, cumulative over one day's batch, one scope over pooled ones."""
    rank = 0
    near = _APPROX.search(sentence, max(0, ms - 3))  # (its look-ahead reads past the window)
    if near is not None and near.start() < me + 2:
        rank -= 2  # exact beats rounded, even a rounded cumulative figure
    cumulative = _CUMULATIVE.search(sentence) or _TOTAL_WORD.search(clause_text)
    if DAY_BATCH.search(sentence) and not cumulative:
        rank -= 2
    elif cumulative:
        rank += 1
    if _POOLED.search(clause_text):
        rank -= 1
    return rank


# 对中央环保督察问题整改和"回头看"问题共追责问责154人次: two scopes pooled in one figure
_POOLED = re.compile(
    r"督察[^,;。]{0,12}(?:和|及|与|以及)[^,;。]{0,16}(?:督察|回头看)[^,;。]{0,12}共"
)


def collect(asm: Assembly, sentences: list[Sentence]) -> None:
    """Run every rule over every sentence and offer what it finds to its section."""
    text = asm.reading.text
    stationing = asm.kind == "stationing"
    carried_year: int | None = None
    last_paragraph = -1
    prior: str | None = None  # the category the sentence before spoke of
    prior_field: str | None = None  # and the field it stated last
    for sent in sentences:
        sentence = text[sent.start : sent.end]
        if sent.paragraph != last_paragraph:
            carried_year, last_paragraph, prior, prior_field = None, sent.paragraph, None, None
        seen: set[tuple] = set()
        for clause in sent.scopes:
            what = (clause.place, clause.rounds, clause.national, clause.batch)
            if what in seen:
                continue  # the clauses of a sentence mostly speak of the same section
            seen.add(what)
            for key in asm.keys_of(clause):
                b = asm.builder(key, asm.place_of(key))
                b.touch(sent.start, sent.end)
                if clause.place is not None and key[0] == clause.place.name:
                    b.own = True
        if asm.ctx.multi and "督察" in sentence:
            for place in asm.inspected_places(sent, sentence):
                # 随着3日督察组向西藏自治区反馈督察情况: a member spoken of in its own right
                b = asm.builder((place.name, asm.default_round()), place)
                b.own = True
                b.touch(sent.start, sent.end)
        if not _HAS_NUMBER.search(sentence):
            continue
        about_inspection = stationing or bool(_INSPECTION_CONTEXT.search(sentence))
        listed: set[tuple[int, int]] = set()
        found = asm.mentions.within(sent.start, sent.end) if asm.mentions else None
        for ph in place_list_hits(sentence, prior_field, found):
            clause = sent.clause_at(sent.start + ph.start)
            rnd = clause.rounds[0] if len(clause.rounds) == 1 else asm.default_round()
            key = (ph.place.name, rnd)
            fact = Fact(ph.field, ph.value, asm.evidence(sent, ph.start, ph.end))
            asm.offer(key, fact, rank_of(sentence, text[clause.start : clause.end], ph.start,
                                         ph.end), ph.place)  # fmt: skip
            listed.add((ph.start, ph.end))
        hits = count_hits(sentence, prior)
        categories = [h.field.split("_")[0] for h in hits if h.field.split("_")[0] in _CATEGORIES]
        prior = categories[-1] if categories else prior
        totals = [h.field for h in hits if h.field.endswith(("_total", "_people", "_units"))]
        prior_field = totals[-1] if totals else prior_field
        for hit in hits:
            if hit.field in STATIONING_FIELDS and not about_inspection:
                continue
            if any(s <= hit.start < e for s, e in listed):
                continue
            clause = sent.clause_at(sent.start + hit.start)
            keys = asm.keys_of(clause)
            if len(keys) != 1:
                continue  # a figure of two rounds together belongs to neither
            clause_text = text[clause.start : clause.end]
            fact = Fact(hit.field, hit.value, asm.evidence(sent, hit.start, hit.end))
            asm.offer(keys[0], fact, hit.rank + rank_of(sentence, clause_text, hit.start, hit.end))
        for m in metric_hits(sentence, carried_year):
            keys = asm.keys_of(sent.clause_at(sent.start + m.start))
            if len(keys) != 1:
                continue
            b = asm.builder(keys[0], asm.place_of(keys[0]))
            mkey = (m.name, m.year, m.target, m.value, m.change)
            if mkey in b.metric_keys:
                continue
            b.metric_keys.add(mkey)
            b.section.metrics.append(
                Metric(m.name, m.value, m.unit, m.year, m.change, m.change_unit, m.target,
                       asm.evidence(sent, m.start, m.end))
            )  # fmt: skip
            b.content = True
        for d in deadline_hits(sentence, asm.ctx.published_year or asm.ctx.year):
            keys = asm.keys_of(sent.clause_at(sent.start + d.start))
            if len(keys) != 1:
                continue
            b = asm.builder(keys[0], asm.place_of(keys[0]))
            if d.due in b.dues:
                continue
            b.dues.add(d.due)
            b.section.deadlines.append(
                Deadline(d.due, d.due_text, d.count, d.share, asm.evidence(sent, d.start, d.end))
            )
            b.content = True
        year = year_in(sentence)
        if year is not None:
            carried_year = year


def identities(asm: Assembly, sentences: list[Sentence]) -> None:
    """Group, stationing, feedback and as-of dates, each to the section it belongs to."""
    text = asm.reading.text
    year = asm.ctx.year
    published_year = asm.ctx.published_year
    pending: tuple[str, int] | None = None  # an as-of date stated before its figures
    for index, sent in enumerate(sentences):
        sentence = text[sent.start : sent.end]
        if pending is not None:
            held, since = pending
            if index - since > 2:
                pending = None
            elif _give_as_of(asm, sent, held):
                pending = None
        if not _IDENTITY_WORDS.search(sentence):
            continue  # no group, stay, feedback or as-of date to read
        target = _identity_target(asm, sent, sentence)
        group = identity.find_group(sentence)
        ranges = asm.ctx.stays.get(sentence) if year == published_year else None
        if ranges is None:  # not read by the context with this year
            ranges = identity.find_stationings(sentence, year)
        named = rounds_named(sentence)
        for start, end in ranges:
            rnd = _round_of_range(start or end or "", named if len(ranges) == 1 else ())
            key = _key_for_round(asm, target, rnd)
            b = asm.builder(key, asm.place_of(key))
            b.touch(sent.start, sent.end)
            sec = b.section
            if not start:  # 进驻已于…结束: the end alone
                sec.inspection_end = sec.inspection_end or end
            elif sec.inspection_start is None:
                sec.inspection_start, sec.inspection_end = start, end
            if group and sec.group is None:
                sec.group = group
        fb_base = (ranges[0][0] or None) if ranges else _stationing_of(asm, target)
        for fb in identity.find_feedbacks(sentence, fb_base, published_year or year):
            rnd = reference.round_for_date(fb)
            if len(named) == 1 and not ranges:
                rnd = named[0]
            key = _key_for_round(asm, target, _lookback_fix(rnd, fb_base))
            b = asm.builder(key, asm.place_of(key))
            b.touch(sent.start, sent.end)
            sec = b.section
            if sec.feedback_date is None:
                sec.feedback_date = fb
            if group and sec.group is None:
                sec.group = group
        if group and not ranges:
            for key in _keys_in(asm, sent, target):
                sec = asm.builder(key, asm.place_of(key)).section
                if sec.group is None:
                    sec.group = group
        as_of = identity.find_as_of(sentence, year)
        if as_of:
            named_keys = set(_keys_in(asm, sent, None))
            given = False
            for key, b in asm.builders.items():
                if b.section.as_of is None and _stated_here(b, sent, asm, key in named_keys):
                    b.section.as_of = as_of
                    given = True
            if not given and not count_hits(sentence):
                # 截至12月30日,督察组全部完成督察进驻任务。7省市已问责2682人: a date stated
                # on its own, for the figures that follow it
                pending = (as_of, index)


def _give_as_of(asm: Assembly, sent: Sentence, as_of: str) -> bool:
    """Give an as-of date to the sections that have figures in this sentence."""
    given = False
    for b in asm.builders.values():
        if b.section.as_of is None and _stated_here(b, sent, asm, False):
            b.section.as_of = as_of
            given = True
    return given


_IDENTITY_WORDS = re.compile(r"督察组|进驻|反馈|截至|截止|动员会")


def _stated_here(b: Builder, sent: Sentence, asm: Assembly, spoken_of: bool) -> bool:
    """A section's as-of date comes from a sentence that gives it figures (隆阳区2件、施甸县3件:
    both), or that speaks of it and names its round."""
    s, e = asm.reading.span(sent.start, sent.end)
    facts = [c.fact for c in b.candidates.values()] + [m for m in b.section.metrics]
    if any(s <= f.ev.start < e for f in facts):
        return True
    return spoken_of and any(cl.rounds and b.section.round in cl.rounds for cl in sent.clauses)


def _keys_in(asm: Assembly, sent: Sentence, target: Key | None) -> list[Key]:
    keys: list[Key] = []
    for clause in sent.clauses:
        for key in asm.keys_of(clause):
            if key not in keys:
                keys.append(key)
    if target is not None:
        keys = [k for k in keys if k[0] == target[0]] or [target]
    return keys


def _inspected_places(sentence: str) -> list[Place]:
    """The one province, enterprise or department a sentence says was inspected or given
    feedback (向X反馈, 对X开展, 进驻X); none when it names several (a member list)."""
    if "督察" not in sentence:
        return []
    gaz = load_gazetteer()
    found = [
        p
        for m in INSPECTED.finditer(sentence)
        for _s, _e, p in gaz.find(m.group("p"))
        if p.level in ("province", "enterprise", "department")
    ]
    return found[:1] if len({p.name for p in found}) == 1 else []


def _identity_target(asm: Assembly, sent: Sentence, sentence: str) -> Key:
    """Whose stationing or feedback a sentence states: a batch it names, else in a release
    about several places the one inspected place it names, else the text's subject."""
    for clause in sent.clauses:
        if clause.batch is not None:
            return asm.keys_of(clause)[0]
    if asm.ctx.multi:
        found = asm.inspected_places(sent, sentence)
        if found and found[0].name != asm.ctx.subject.entity:
            return (found[0].name, asm.default_round())
        heads = {c.place.name for c in sent.clauses if c.place is not None}
        if len(heads) == 1:
            name = heads.pop()
            return (name, asm.default_round())
    return asm.subject_key()


def _stationing_of(asm: Assembly, target: Key) -> str | None:
    for (entity, _r), b in asm.builders.items():
        if entity == target[0] and b.section.inspection_start:
            return b.section.inspection_start
    return None


def _round_of_range(start: str, named: tuple[str, ...]) -> str | None:
    by_date = reference.round_for_date(start)
    if len(named) == 1:
        if named[0] == "第一轮" and by_date == "第一轮回头看":
            return by_date
        return named[0]
    return by_date


def _lookback_fix(rnd: str | None, stationing: str | None) -> str | None:
    if rnd == "第一轮" and stationing and reference.round_for_date(stationing) == "第一轮回头看":
        return "第一轮回头看"
    return rnd


def _key_for_round(asm: Assembly, target: Key, rnd: str | None) -> Key:
    """The target's section for a round: its own when the round is the one it has, or when
    the text has a single round for it."""
    entity, own = target
    if rnd is None or own == rnd:
        return target
    if (entity, rnd) in asm.builders:
        return (entity, rnd)
    if own is None and not any(k[0] == entity and k[1] for k in asm.builders):
        return target
    return (entity, rnd)


def finish(asm: Assembly) -> list[Section]:
    """Sections in the order the text gives them, each with its best candidates, round, batch
    and parent; empty sections the text does not speak of left out."""
    ctx = asm.ctx
    out: list[tuple[int, int, Section]] = []
    for n, (key, b) in enumerate(asm.builders.items()):
        sec = b.section
        sec.facts = [c.fact for c in sorted(b.candidates.values(), key=lambda c: c.order)]
        if sec.round is None:
            sec.round = _section_round(asm, key)
        if sec.level == "batch" and sec.batch is None and key[0] == ctx.subject.entity:
            sec.batch = ctx.batch.batch if ctx.batch else ctx.batch_number
        _batch(asm, sec)
        identity_only = sec.inspection_start or sec.feedback_date or sec.group
        keep = (
            b.content
            or identity_only
            or key[0] == ctx.subject.entity
            or sec.level == "batch"
            or (
                ctx.multi
                and b.own
                and sec.level in ("province", "enterprise", "department")
                and key[1] == asm.default_round()
            )
        )
        if key == (ctx.subject.entity, None) and not (b.content or identity_only):
            if any(k[0] == key[0] and k[1] for k in asm.builders):
                continue  # the subject is reported on round by round
        if not keep:
            continue
        if key[0] == NATIONAL and not (b.content or ctx.subject.entity == NATIONAL):
            continue
        if b.first >= 0:
            sec.start, sec.end = asm.reading.span(b.first, b.last)
        out.append((b.first if b.first >= 0 else 1 << 60, n, sec))
    # the text's order; a section never spoken of in a sentence (the subject of a text that
    # states nothing) after those that are
    out.sort(key=lambda t: (t[0], t[1]))
    subject_first = [t for t in out if t[2].entity == ctx.subject.entity and t[0] == 1 << 60]
    return [sec for _f, _n, sec in subject_first + [t for t in out if t not in subject_first]]


def _section_round(asm: Assembly, key: Key) -> str | None:
    sec = asm.builders[key].section
    if sec.inspection_start:
        return reference.round_for_date(sec.inspection_start)
    return asm.default_round()


def _batch(asm: Assembly, sec: Section) -> None:
    """A batch release gives its batch to the members it speaks of; a text about one place
    gives the batch it names when that place was in it."""
    if sec.level == "batch" or sec.batch is not None:
        return
    ctx = asm.ctx
    place = load_gazetteer().get(sec.entity)
    if place is None:
        return
    unit = place
    while unit.level in ("city", "county") and unit.parent:
        parent = load_gazetteer().get(unit.parent)
        if parent is None:
            break
        unit = parent
    for row in ctx.batches:
        listed = len(ctx.batches) == 1 and unit.name in ctx.members  # the text's own list
        if row.round_name == sec.round and (unit.name in row.members or listed):
            if ctx.multi or sec.entity == ctx.subject.entity:
                sec.batch = row.batch
                return
    if ctx.batch_number and not ctx.batches and sec.entity == ctx.subject.entity:
        sec.batch = ctx.batch_number
