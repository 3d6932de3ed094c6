"""Whose figure is it: every clause of the body gets the place and the round it speaks of.

A careful reader gives a clause to
- the place at its head, after words such as 其中/此外/截至…/从…看 (`其中,株洲市完成21项`);
- else the place the sentence opened with (`辽宁省完成…,2021年全省…`), and in a release
  about several places the place its paragraph or heading opened with;
- else the text's subject (我省, 我市 and 全区 bind to it).
A clause that names a round (第二轮督察57项任务…, 首轮, "回头看"…) speaks of that round, and
so do the clauses after it in the sentence. In a release about a batch or the nation, a
clause that names a round but no batch speaks of the whole round (全国), and one that names
another batch speaks of that batch.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

from ducha.reference.gazetteer import Place, load_gazetteer, read_reference

from .rules import identity
from .sentences import sentence_spans

_CLAUSE_BREAK = re.compile(r"[,;:]")
_BULLET = re.compile(r"[\s●■◆◇□○•·▲△★☆※\-—>]*")
_NUMBERING = re.compile(
    r"(?:\d{1,2}[.、]?(?=[\u4e00-\u9fff])|[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\))"
)
_LIST_AFTER = re.compile(r"[、和及与等]|以及")
# (\d+省 written as 省 after a digit: every alternative then opens with a plain character,
# and a search skips fast to a candidate)
_OTHERS = re.compile(r"各省|各地|全国|省\(区|省\(市|各被督察|各督察组|省(?<=\d省)")
_ROUND_WORDS = re.compile(r"第(?P<n>[一二三四1-4])轮(?!省)|首轮|(?P<lb>回头看)")
_PROVINCIAL = re.compile(
    r"省级|省(?:环保|生态环境)厅|省委[^。]{0,6}督察组|省委生态环境保护督察"
    r"|省(?<!中央省)(?:生态)?环(?:境保护|保)督察"
)
NATIONAL = "全国"
_THIS_YEAR = re.compile(r"(?:今年|(?:19|20)\d{2}年)(?:第[一二三四五六七八九十\d]+|首)批")
_INSPECTION_NAME = re.compile(r"中央(?:生态)?环(?:境保护|保)?督察(?!组)")


@cache
def lead_words() -> re.Pattern[str]:
    """What a reader skips at a clause's head before its place: bullets, list numbers, a
    date and its comma, and the lead words of `lead_words.toml`, in any order."""
    words = sorted(read_reference("lead_words.toml")["lead"], key=len, reverse=True)
    lead = "(?:" + "|".join(map(re.escape, words)) + r")[,:]?"
    date = r"(?:\d{4}年(?:以来|上半年|前三季度)?|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:上午|下午|晚)?)[,\s]"
    return re.compile(rf"(?:{_BULLET.pattern[:-1]}+|{_NUMBERING.pattern}|{lead}|{date})*")


@dataclass(slots=True)
class Clause:
    start: int  # reading-view offsets
    end: int
    place: Place | None  # None: the text's subject
    rounds: tuple[str, ...]  # rounds this clause speaks of ((): the section's own)
    national: bool = False  # a whole round's figure in a batch or national release
    batch: tuple[str | None, int] | None = None  # another batch the clause names


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    clauses: list[Clause] = field(default_factory=list)
    scopes: list[Clause] = field(default_factory=list)  # each clause that changes the section

    def clause_at(self, pos: int) -> Clause:
        for c in self.clauses:
            if c.start <= pos < c.end:
                return c
        return self.clauses[-1]


def rounds_named(text: str) -> tuple[str, ...]:
    """The central rounds a clause names: (第二轮,), (第一轮, 第一轮回头看) for 第一轮…及"回头看",
    (第一轮回头看,) for 对第一轮…整改情况开展了"回头看" (the look-back of round one)."""
    if "轮" not in text and "回头看" not in text:
        return ()
    if _PROVINCIAL.search(text):
        return ()
    found: list[str] = []
    lookback_alone = False
    for m in _ROUND_WORDS.finditer(text):
        if m.group("lb"):
            before = text[max(0, m.start() - 3) : m.start()].rstrip('"')
            lookback_alone = bool(re.search(r"[及和、与]$", before)) or not found
            if lookback_alone or not found:
                found.append("第一轮回头看")
            else:
                found[-1] = "第一轮回头看"  # 第一轮…整改情况开展了"回头看"
            continue
        n = m.group("n")
        name = {"一": "第一轮", "1": "第一轮", "二": "第二轮", "2": "第二轮", "三": "第三轮",
                "3": "第三轮", "四": "第四轮", "4": "第四轮"}.get(n or "一", "第一轮")  # fmt: skip
        if name not in found:
            found.append(name)
    return tuple(dict.fromkeys(found))


def head_place(
    text: str, pos: int, end: int, heads: dict[int, tuple[int, Place]] | None = None
) -> Place | None:
    """The place at the head of the clause text[pos:end], after bullets, numbering, dates and
    lead words; not a place that only opens a list (吉林、山东等5省). `heads` are the text's
    places by start, found once (`Gazetteer.heads`)."""
    lead = lead_words().match(text, pos)
    assert lead is not None  # the pattern also matches the empty string
    pos = lead.end()
    if pos >= end:
        return None
    if heads is not None:
        hit = heads.get(pos)
        if hit is None or hit[0] > end:
            return None
        name_end, place = hit[0] - pos, hit[1]
    else:
        found = load_gazetteer().find_head(text[pos : min(end, pos + 24)])
        if found is None:
            return None
        name_end, place = found
    after = text[pos + name_end : pos + name_end + 2]
    if _LIST_AFTER.match(after):
        return None
    return place


@dataclass(slots=True)
class _RawClause:
    start: int
    end: int
    place: Place | None
    named: tuple[str, ...]
    batch: tuple[str | None, int] | None
    inspection: bool  # names the inspection itself (中央环保督察)
    ducha: bool  # says 督察


@dataclass(slots=True)
class _RawLine:
    head: Place | None
    heading: bool
    # (start, end, clauses, clause ends); clauses None for a sentence that names no place,
    # round, batch or inspection in any clause
    sentences: list[tuple[int, int, list[_RawClause] | None, list[int]]]


def scan(
    text: str,
    places: list[tuple[int, int, Place]] | None = None,
    loose: list[tuple[int, int, Place]] | None = None,
) -> list[_RawLine]:
    """What each line and clause names, read once; `attribute` decides ownership from it.
    `places` and `loose` are the text's places if the caller has them (`Gazetteer.find`,
    `Gazetteer.loose_matches`)."""
    lines: list[_RawLine] = []
    heads = load_gazetteer().heads(text, places, loose)
    head_starts = sorted(heads)
    ends = [m.start() for m in re.finditer(r"\n", text)] + [len(text)]
    starts = [0] + [e + 1 for e in ends[:-1]]
    for line_start, line_end in zip(starts, ends, strict=True):
        head = _head_within(text, line_start, line_end, heads, head_starts)
        lines.append(
            _RawLine(head, head is not None and _is_heading(text[line_start:line_end]), [])
        )
    # what the whole text lacks no clause has: most texts name no batch and no round
    batches = "批" in text
    rounds = "轮" in text or "回头看" in text
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    # sentences never cross a line (a line break ends one), so one pass serves every line
    k = 0
    for s, e in sentence_spans(text):
        while ends[k] < s:
            k += 1
        sentence = text[s:e]
        # what the sentence lacks none of its clauses has
        named = rounds and ("轮" in sentence or "回头看" in sentence)
        batched = batches and "批" in sentence
        ducha = "督察" in sentence
        i = bisect_left(head_starts, s)
        placed = i < len(head_starts) and head_starts[i] < e
        clause_ends = breaks[bisect_right(breaks, s) : bisect_right(breaks, e)]
        clause_ends.append(e)
        if not (named or batched or ducha or placed):
            lines[k].sentences.append((s, e, None, clause_ends))  # nothing to read per clause
            continue
        clauses = []
        pos = s
        for end in clause_ends:
            place = _head_within(text, pos, end, heads, head_starts) if placed else None
            if not (named or batched or ducha):
                clauses.append(_RawClause(pos, end, place, (), None, False, False))
                pos = end
                continue
            clause_text = text[pos:end]
            rnd, number = None, None
            if batched and "批" in clause_text:
                rnd, number = identity.find_batch(clause_text)
                if number is not None and not rnd and _THIS_YEAR.search(clause_text):
                    number = None  # 今年第二批: the document's batch, placed by its year
            says_ducha = ducha and "督察" in clause_text
            clauses.append(
                _RawClause(
                    pos,
                    end,
                    place,
                    rounds_named(clause_text) if named else (),
                    (rnd, number) if number is not None else None,
                    says_ducha and bool(_INSPECTION_NAME.search(clause_text)),
                    says_ducha,
                )
            )
            pos = end
        lines[k].sentences.append((s, e, clauses, clause_ends))
    return lines


def _head_within(
    text: str, pos: int, end: int, heads: dict[int, tuple[int, Place]], starts: list[int]
) -> Place | None:
    """`head_place`, asked only where a place starts inside text[pos:end] (most clauses
    have none, and the lead-word match at their head is the costly part)."""
    i = bisect_left(starts, pos)
    if i == len(starts) or starts[i] >= end:
        return None
    return head_place(text, pos, end, heads)


def attribute(text: str, multi: bool, lines: list[_RawLine] | None = None) -> list[Sentence]:
    """Sentences of the reading view with their clauses' places and rounds."""
    sentences: list[Sentence] = []
    para_place: Place | None = None
    heading_place: Place | None = None
    for paragraph, line in enumerate(lines if lines is not None else scan(text)):
        if line.heading:
            heading_place = line.head
            para_place = None
        elif multi:
            para_place = None
        for s, e, raw, clause_ends in line.sentences:
            sent = Sentence(s, e, paragraph)
            if raw is None:
                _plain_clauses(sent, clause_ends, para_place or heading_place)
            else:
                _clauses(text, sent, raw, multi, para_place or heading_place)
            first = sent.clauses[0].place if sent.clauses else None
            if multi and first is not None and first is not heading_place:
                para_place = first
            elif multi and _OTHERS.search(text, s, e):
                para_place = None
            sentences.append(sent)
    return sentences


def _is_heading(line: str) -> bool:
    s = line.strip()
    if re.match(r"^[^。]{0,6}[:]", s) and len(s) > 12:  # 江西:鄱阳湖水环境…
        return True
    return 2 <= len(s) <= 40 and "。" not in s and s.count(",") <= 1


def _clauses(
    text: str, sent: Sentence, raw: list[_RawClause], multi: bool, inherited: Place | None
) -> None:
    current = inherited
    rounds: tuple[str, ...] = ()
    national = False
    batch = None
    scope: tuple | None = None
    for rc in raw:
        if rc.place is not None:
            current = rc.place
        if rc.named:
            rounds = rc.named
        elif rounds and rc.inspection:
            rounds = ()  # 涉及中央环保督察问题…: the inspection itself, after its "回头看"
        if multi and rc.batch is not None:
            batch, national = rc.batch, False
        elif multi and rc.named and current is None and rc.ducha:
            national = batch is None  # 第一轮督察共受理…: the whole round, not the batch
        clause = Clause(rc.start, rc.end, current, rounds, national, batch)
        sent.clauses.append(clause)
        if scope is None or scope != (current, rounds, national, batch):
            scope = (current, rounds, national, batch)
            sent.scopes.append(clause)  # most sentences speak of one section throughout
    # a sentence that names its round after a date or a place speaks of it from the start
    # (of its part: a ; separates statements about different rounds)
    first = next((c for c in sent.scopes if c.rounds), None)
    if first is None or first is sent.clauses[0]:
        return
    part_start = text.rfind(";", sent.start, first.start) + 1
    for c in sent.clauses:
        if c is first:
            break
        if c.start >= part_start:
            c.rounds, c.national = first.rounds, first.national
    sent.scopes = [  # the sections again, now that the clauses before `first` changed
        c for i, c in enumerate(sent.clauses) if not i or _scope(c) != _scope(sent.clauses[i - 1])
    ]


def _plain_clauses(sent: Sentence, ends: list[int], inherited: Place | None) -> None:
    """The clauses of a sentence that names nothing of its own: one section throughout."""
    pos = sent.start
    for end in ends:
        sent.clauses.append(Clause(pos, end, inherited, ()))
        pos = end
    sent.scopes.append(sent.clauses[0])


def _scope(c: Clause) -> tuple:
    return (c.place, c.rounds, c.national, c.batch)
