"""Counts and rates: tasks, problems, measures, petitions, cases, accountability, and the
figures of an inspection team's stay.

A sentence is read as a run of *count tokens* (a number with its classifier: `82项`,
`3123件`, `52个`). Each token gets
- a **category** from the noun that follows (`82项整改任务`) or precedes it
  (`整改任务2164项`), or else the subject of the sentence so far (`已完成59项`);
- a **role** from the status words around it (`已完成整改59项`, `30项达到序时进度`,
  `其余15项正在推进`, `交办的…`, `…全部办结`).
Tokens joined by 、/和 share a role stated before or after them (`有30个问题、152条措施按时
限完成整改`). A token whose noun is something else (`46个引黄项目`, `20个重点河段`) blocks the
subject, so later bare numbers are not misread. Anything unsure yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ducha.reference.gazetteer import load_gazetteer, read_reference

from ..numbers import CN_DIGITS, NUM, QTY, read_number

# --- phrase tables ---------------------------------------------------------------------
# The nouns of each category, its classifiers and the status words of each role are data:
# data/reference/count_words.toml (order matters there: the first row that matches wins).


_WORDS = read_reference("count_words.toml")
NOUN_AFTER: tuple[tuple[str, str], ...] = tuple(
    (row["category"], row["pattern"]) for row in _WORDS["noun_after"]
)
NOUN_BLOCK = re.compile(_WORDS["noun_block"])
NOUN_BEFORE: tuple[tuple[str, str], ...] = tuple(
    (row["category"], row["pattern"]) for row in _WORDS["noun_before"]
)
CLASSIFIERS: dict[str, str] = dict(_WORDS["classifiers"])
ROLE_BEFORE: tuple[tuple[str, str], ...] = tuple(
    (row["role"], row["pattern"]) for row in _WORDS["role_before"]
)
ROLE_AFTER: tuple[tuple[str, str], ...] = tuple(
    (row["role"], row["pattern"]) for row in _WORDS["role_after"]
)
# Words before a token that make it about something other than the inspection's own list.
FOREIGN = re.compile(
    r"警示片|绿盾|省级督察|省级生态环境保护督察|巡查|巡视|审计|排查|自查|以来|清理整治|例行督察"
)
CASE_CONTEXT = re.compile(r"曝光|通报|督察|整改")
ACCOUNTABILITY_CONTEXT = re.compile(r"问责|追责|责任追究|党纪|政务处分|纪律处分")
SUBCOUNT = re.compile(r"其中")
JOINER = re.compile(r"^(?:、|和|及|以及|与)$")

FIELDS: dict[tuple[str, str], str] = {
    ("tasks", "total"): "tasks_total",
    ("tasks", "done"): "tasks_done",
    ("tasks", "in_progress"): "tasks_in_progress",
    ("tasks", "on_schedule"): "tasks_on_schedule",
    ("tasks", "behind"): "tasks_behind",
    ("tasks", "immediate"): "tasks_immediate",
    ("problems", "total"): "problems_total",
    ("problems", "done"): "problems_done",
    ("problems", "in_progress"): "problems_in_progress",
    ("problems", "on_schedule"): "problems_on_schedule",
    ("problems", "behind"): "problems_behind",
    ("measures", "total"): "measures_total",
    ("measures", "done"): "measures_done",
    ("petitions", "total"): "petitions_total",
    ("petitions", "done"): "petitions_done",
    ("petitions", "phased"): "petitions_phased",
    ("petitions", "in_progress"): "petitions_in_progress",
    ("petitions", "received"): "petitions_received",
    ("petitions", "valid"): "petitions_valid",
    ("cases", "total"): "cases_total",
    ("cases", "done"): "cases_done",
    ("cases", "in_progress"): "cases_in_progress",
    ("acc_issues", "total"): "accountability_issues",
    ("acc_units", "total"): "accountability_units",
    ("acc_people", "total"): "accountability_people",
}

# Figures of a team's stay, each a keyword right before its number.
STATIONING: tuple[tuple[str, str, str], ...] = (
    ("ordered_rectification", r"责令(?:限期)?整改(?:企业|问题)?", r"家|个|户|起|件"),
    ("penalty_cases", r"立案(?:查处|处罚)(?:企业)?", r"家|件|起|个"),
    ("criminal_cases", r"立案侦查(?:案件)?|刑事案件立案", r"件|起|个"),
    ("detained", r"行政和刑事拘留|行政拘留和刑事拘留|行政、刑事拘留", r"人"),
    ("detained_administrative", r"行政拘留", r"人"),
    ("detained_criminal", r"刑事拘留", r"人"),
    # (拘留 not after 行政/刑事, the look-behind after the word so a search skips to it)
    ("detained", r"拘留(?<![行政刑事]拘留)(?:\([^()]{0,10}\))?(?:[\u4e00-\u9fff]{0,6}?)", r"人"),
    ("interviewed_people", r"约谈(?:[\u4e00-\u9fff]{0,14}?)", r"人"),
    ("accountability_people", r"问责(?:的)?人数(?:最多)?,?(?:为|达到|达|是)?", r"人|名"),
    ("accountability_people", r"问责(?:[\u4e00-\u9fff]{0,8}?)", r"人|名"),
)
# Figures named after their number: 7省市已有4018人被问责.
STATIONING_AFTER: tuple[tuple[str, str, str], ...] = (
    ("accountability_people", r"人|名", r"(?:被)?(?:追责)?问责"),
    ("accountability_people", r"人|名", r"进行(?:了)?(?:责任追究|追责问责|问责)"),
)
PLANNED = re.compile(r"(?:计划|拟|将|准备|要求|需|可处|最高可|可)$")
# figures of other campaigns or of many years, not of the inspection
STATIONING_FOREIGN = re.compile(r"专项行动|以来|全年|年度|常态化|利剑")
PLANNED_IN_CLAUSE = re.compile(r"拟|计划(?<!按计划)|将要|准备")

# The tables above, compiled once.
_NOUN_AFTER_RES = [(c, re.compile(p)) for c, p in NOUN_AFTER]
_NOUN_BEFORE_RES = [(c, re.compile(rf"(?:{p})$")) for c, p in NOUN_BEFORE]
_ROLE_BEFORE_RES = [(r, re.compile(p)) for r, p in ROLE_BEFORE]
_ROLE_AFTER_RES = [(r, re.compile(p)) for r, p in ROLE_AFTER]
# each table as one pattern that matches where any of its rows does
_ANY_OF = {
    id(table): re.compile("|".join(f"(?:{p.pattern})" for _r, p in table))
    for table in (_ROLE_BEFORE_RES, _ROLE_AFTER_RES)
}
_TRAILING_FILLER = re.compile(
    r"(?:共|合计|总计|累计|共计|为|达|有|总数|数量|总量|[\d一二三四五六七八九十]+批次?|,)+$"
)
# 已完成:59项 is 已完成为59项 (a label and its value); one character for one keeps offsets
_LABEL_COLON = re.compile(r":(?=\s*(?:约|近)?\d)")

# --- tokens ----------------------------------------------------------------------------

CLASSIFIER = r"项|个|件|条|起|名|人|家"
# never starting inside a number (十五批 is not 五), after 第 (an ordinal) or a quote
# This is (?<![\d.第"'…])(?P<qty>QTY)(?P<cls>…), written to open with one character class so
# that a search skips fast to a candidate: the first character of the quantity is consumed,
# then what may follow depends on it.
TOKEN_RE = re.compile(
    rf"(?P<qty>[约近超逾\d{CN_DIGITS}](?<![\d.第\"'{CN_DIGITS}].)"
    rf"(?:(?<=[约近逾]){NUM}|(?<=超)过{NUM}|(?<=\d)\d*(?:\.\d+)?|(?<=[{CN_DIGITS}])[{CN_DIGITS}]*)"
    rf"(?:万|亿)?(?:余|多)?)(?P<cls>{CLASSIFIER})"
)
_CN_ONLY = re.compile(rf"^(?:约|近|超过|逾)?[{CN_DIGITS}]+$")
_NOUN_SPAN = re.compile(r"[\u4e00-\u9fffA-Za-z\"']{0,16}")
_STOP_IN_NOUN = re.compile(
    r"已|均|全部|正在|完成|办结|达到|达(?=序时|时序)|基本|未|逾期|超期|其余|中|应|共(?!性)|按|有序|阶段"
    r"|进行|开展|得到"
    # a reason between the number and its status (3项受征地拆迁等因素影响,未能达到…) is no noun
    r"|受(?=[^,;。]{0,20}影响)|因(?=[^,;。]{0,20}(?:影响|原因))|由于"
)
_CLAUSE_BREAK = re.compile(r"[,;:。!?]")
# the reason a count's status is stated with (受…影响, 因…原因, 由于…), read past
_REASON_LEAD = re.compile(
    r"^(?:受[^,;。]{0,20}影响|因[^,;。]{0,20}(?:影响|原因)|由于[^,;。]{0,20})"
)


@dataclass(slots=True)
class Hit:
    """A value found in a sentence: `start`/`end` are offsets in the sentence. A section
    keeps the first hit per field, unless a later one has a higher `rank`."""

    field: str
    value: int | float
    start: int
    end: int
    rank: int = 0


@dataclass(slots=True)
class _Token:
    start: int
    end: int  # end of the classifier
    noun_end: int  # end of the noun phrase (== end when bare)
    value: float
    cls: str
    category: str | None  # None: bare; "other": a noun that is not ours
    noun: str = ""
    noun_before: int = 0  # length of a noun written before the number (整改任务2164项)
    role: str | None = None
    before: str = ""
    after: str = ""
    foreign: bool = False
    subcount: bool = False


# Head nouns of a petition whatever words stand before them (环境问题举报, 群众投诉举报案件).
_PETITION_HEAD = re.compile(r"(?:信访|举报|投诉)(?:件|案件|问题)?$|交办件|转办件")
# A verb where a noun would be (39项整改推进达到序时进度): the count's noun is the subject's.
_VERB_NOUN = re.compile(r"^(?:整改|推进|整改推进|整改工作)$")


# Heads that make a noun phrase something else (信访件办理报告 is a report, not a petition).
_OTHER_HEAD = re.compile(r"(?:报告|材料|情况|办法|制度|电话|信箱|渠道|方案)$")


def _category_of_noun(noun: str) -> str | None:
    if not noun or _VERB_NOUN.match(noun):
        return None
    if _OTHER_HEAD.search(noun):
        return "other"
    if NOUN_BLOCK.match(noun):
        return "other"
    if _PETITION_HEAD.search(noun) and not noun.startswith(("方面", "类")):
        return "petitions"
    for category, regex in _NOUN_AFTER_RES:
        if regex.match(noun):
            return category
    return "other"


def _noun_after(sentence: str, pos: int) -> tuple[str, int]:
    m = _NOUN_SPAN.match(sentence, pos)
    noun = m.group(0) if m else ""
    stop = _STOP_IN_NOUN.search(noun)
    if stop and stop.start() == 0:
        return "", pos
    if stop:
        noun = noun[: stop.start()]
    return noun, pos + len(noun)


def _noun_before(before: str) -> tuple[str | None, int]:
    """Category named right before a number (整改任务2164项); length of the noun."""
    trimmed = _TRAILING_FILLER.sub("", before)
    for category, regex in _NOUN_BEFORE_RES:
        m = regex.search(trimmed)
        if m:
            return category, len(m.group(0))
    return None, 0


def _role(text: str, table: list[tuple[str, re.Pattern[str]]]) -> str | None:
    if not _ANY_OF[id(table)].search(text):
        return None  # most texts name no role: one search instead of one per row
    for role, regex in table:
        if regex.search(text):
            return role
    return None


def _tokens(sentence: str) -> list[_Token]:
    tokens: list[_Token] = []
    for m in TOKEN_RE.finditer(sentence):
        qty = m.group("qty")
        if _CN_ONLY.match(qty) and read_number(qty) in (None, 0, 1):
            continue  # 一个问题一个牵头单位: an article, not a count
        value = read_number(qty)
        if value is None:
            continue
        noun, noun_end = _noun_after(sentence, m.end())
        tokens.append(
            _Token(
                m.start(), m.end(), noun_end, value, m.group("cls"), _category_of_noun(noun), noun
            )
        )
    return tokens


def _split_between(text: str) -> tuple[str, str, bool]:
    """Split the words between two tokens at a joiner: (after prev, before next, joined)."""
    m = re.search(r"、|和|及|与", text)
    if not m:
        return text, text, False
    return text[: m.start()], text[m.end() :], JOINER.match(text.strip()) is not None


def _clause(sentence: str, pos: int) -> str:
    """The clause (between , ; : 。) around position `pos`."""
    brk = _CLAUSE_BREAK.search(sentence, pos)
    return sentence[_clause_start(sentence, pos) : brk.start() if brk else len(sentence)]


def _clause_start(sentence: str, pos: int) -> int:
    """Where the clause holding `pos` begins: just after the last break before it."""
    r = sentence.rfind
    return max(r(",", 0, pos), r(";", 0, pos), r(":", 0, pos), r("。", 0, pos),
               r("!", 0, pos), r("?", 0, pos)) + 1  # fmt: skip


def _assign_roles(sentence: str, tokens: list[_Token]) -> None:
    for i, tok in enumerate(tokens):
        prev_end = tokens[i - 1].noun_end if i else 0
        clause = _clause_start(sentence, tok.start)
        lo = max(prev_end, clause)
        before = sentence[lo : tok.start]
        if i and prev_end > clause:
            _, before, _ = _split_between(before)
        role_text = before
        if tok.category is None:
            cat, n = _noun_before(before)
            if cat:
                tok.category, tok.noun_before = cat, n
                before = before[: len(before) - n]
            elif clause and not _TRAILING_FILLER.sub("", before).strip():
                # 共向湖北省交办9批信访件,共645件: the noun closes the clause before
                cat, _n = _noun_before(sentence[_clause_start(sentence, clause - 1) : clause - 1])
                if cat:
                    tok.category = cat
        tok.before = before
        # the full clause prefix decides foreign and sub-count context
        prefix = sentence[clause : tok.start]
        tok.foreign = bool(FOREIGN.search(prefix) or PLANNED_IN_CLAUSE.search(prefix))
        tok.subcount = bool(SUBCOUNT.search(prefix)) or _in_subcount(sentence, tok.start)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        stop = len(sentence)
        brk = _CLAUSE_BREAK.search(sentence, tok.noun_end)
        if brk:
            stop = brk.start()
        if nxt is not None and nxt.start < stop:
            between = sentence[tok.noun_end : nxt.start]
            after, _, _ = _split_between(between)
            if nxt.category is None and not re.search(r"、|和|及|与", between):
                after = ""  # `53个问题完成整改25个`: the words belong to the bare number
            tok.after = after
        else:
            tok.after = sentence[tok.noun_end : stop]
            if nxt is None or nxt.start > stop:
                tok.after += _status_clause(sentence, stop)
        if "(" in role_text:  # 立行立改(在2019年底前完成)的有13项
            role_text = _PARENTHESISED.sub("", role_text)
        role = _role(role_text, _ROLE_BEFORE_RES) if role_text else None
        if role in ("received", "valid") and _HANDED_LAST.search(role_text):
            role = "handed"  # 接收…转办的2922件 / 收到交办…6件 / 交办有效举报: what was handed over
        after = _REASON_LEAD.sub("", tok.after) if tok.after else ""
        after_role = _role(after, _ROLE_AFTER_RES) if after else None
        if after_role is None and after != tok.after:
            tok.category = "other"  # 另有3项受资金影响: a reason and no status, not a count
        if role == "handed" and after_role == "done" and tok.category is not None:
            role = "all_done"  # 交办的约3000件信访件已办结: all that were handed over
        elif role in (None, "rest", "handed") and after_role:
            role = after_role
        elif role in ("due", "due_date") and after_role == "all_done":
            role = "done"  # 应完成整改的19个问题已全部完成: the due ones are done
        elif role in ("due", "due_date") and after_role == "basic":
            role = "basic"
        if role == "rest":
            role = "in_progress"
        if tok.foreign and role in ("done", "all_done", "basic") and not FOREIGN.search(prefix):
            tok.foreign = False  # 计划2017年完成的46项基本完成: planned, and now achieved
        tok.role = role
    _share_roles_in_lists(sentence, tokens)


_PARENTHESISED = re.compile(r"\([^()]*\)")
_HANDED_LAST = re.compile(r"(?:交办|转办|移交)(?:的|了)?[^受收接]{0,16}$")


def _in_subcount(sentence: str, pos: int) -> bool:
    """Inside parentheses (涉及我区2件(重点交办件0件)), or after 其中 in the same part of the
    sentence (其中来电举报7件,来信举报7件): a part of a count stated before."""
    before = sentence[:pos]
    opened = before.rfind("(")
    if opened > before.rfind(")"):
        return True
    part = before[max(before.rfind(";"), before.rfind(")")) + 1 :]
    if "其中" not in part:
        return False
    # 其中,泰州市问责单位12个: a place's own figures, not a part of the count before
    return not load_gazetteer().find(part[part.rfind("其中") :])


def _status_clause(sentence: str, pos: int) -> str:
    """A following clause with no number that only states a status (`,已全部办结`)."""
    if pos >= len(sentence) or sentence[pos] not in ",":
        return ""
    brk = _CLAUSE_BREAK.search(sentence, pos + 1)
    nxt = sentence[pos + 1 : brk.start() if brk else len(sentence)]
    if re.search(r"\d", nxt):
        return ""
    if re.match(
        r"^(?:目前|现已|均)?(?:已经|已|均已)?全部|^(?:均|仍)?未能?达到?(?:序时|时序)进度", nxt
    ):
        return nxt  # ,已全部办结 / 受…因素影响,未能达到时序进度
    return ""


def _joined(sentence: str, a: _Token, b: _Token) -> bool:
    """Two counts with nouns separated only by 、/和 (`30个问题、152条措施`)."""
    between = sentence[a.noun_end : b.start - b.noun_before].strip()
    return JOINER.match(between or "x") is not None


def _share_roles_in_lists(sentence: str, tokens: list[_Token]) -> None:
    """Tokens with nouns joined by 、/和 share the role stated before or after the list."""
    i = 0
    while i < len(tokens):
        j = i
        while (
            j + 1 < len(tokens)
            and tokens[j].category not in (None, "other")
            and tokens[j + 1].category not in (None, "other")
            and _joined(sentence, tokens[j], tokens[j + 1])
        ):
            j += 1
        if j > i:
            group = tokens[i : j + 1]
            shared = group[0].role if group[0].role not in (None, "handed") else group[-1].role
            if shared:
                for tok in group:
                    if tok.role in (None, "handed"):
                        tok.role = shared
        i = j + 1


def _accountable(sentence: str, tok: _Token) -> bool:
    """Units and people count as held accountable only with 问责/追责 in their own clause or
    the next (`共约谈相关人员156人、问责243人`: the 156 are 约谈, named right before them)."""
    if tok.category is None or "约谈" in tok.before:
        return False
    brk = _CLAUSE_BREAK.search(sentence, tok.end)
    end = len(sentence)
    if brk:  # the clause and the one after it (共有责任单位43个,追责问责151人)
        nxt = _CLAUSE_BREAK.search(sentence, brk.end())
        end = nxt.start() if nxt else len(sentence)
    own = sentence[_clause_start(sentence, tok.start) : brk.start() if brk else len(sentence)]
    if "约谈" in own and not ACCOUNTABILITY_CONTEXT.search(own):
        return False  # 约谈649人、5个单位;问责266人、28个单位: the 5 were 约谈
    clause = sentence[_clause_start(sentence, tok.start) : end]
    return bool(ACCOUNTABILITY_CONTEXT.search(clause))


# a status for the whole of a count that follows it: …已全部办结,共计1,460件
_ALL_DONE_THEN_TOTAL = re.compile(
    r"(?:已经|已|均已)?全部(?:办结|完成|整改完成|完成整改|销号)[,]\s*(?:共计|合计|总计|共)$"
)


def _fallback_subject(sentence: str, cls: str, prior: str | None = None) -> str | None:
    """Subject of a sentence that opens with a bare count: `截至…,已整改完成48项,其余整改任务…`."""
    for category, nouns in (
        ("tasks", "整改任务"),
        ("problems", "问题"),
        ("petitions", r"信访|举报|办结.{0,6}件"),  # 截至9月9日,已办结5件: 办结…件 is petitions
    ):
        if cls in CLASSIFIERS[category] and re.search(nouns, sentence):
            return category
    if prior and cls in CLASSIFIERS.get(prior, ""):
        return prior  # 累计转办二十批170件, after a sentence about 信访件
    return None


# every count, rate and fine has a number right before its classifier, % or 元
_ANY_COUNT = re.compile(rf"[\d{CN_DIGITS}](?:余|多)?(?:{CLASSIFIER}|%|万|亿|元)")


def count_hits(sentence: str, prior: str | None = None) -> list[Hit]:
    """Every count stated in one sentence (of the matching view); `prior` is the category
    the sentence before it spoke of, for a bare count that names none."""
    if not _ANY_COUNT.search(sentence):
        return []
    sentence = _LABEL_COLON.sub("为", sentence)
    tokens = _tokens(sentence)
    _assign_roles(sentence, tokens)
    hits: list[Hit] = []
    subject: str | None = None
    seen_any = False
    totals_in_sentence = {t.category for t in tokens if t.role in (None, "handed", "all_done")}
    stated_whole: set[int] = set()  # counts that state a whole (共计…) after its status
    for tok in tokens:
        category = tok.category
        if category is None and tok.role is None and not seen_any:
            done = _ALL_DONE_THEN_TOTAL.search(sentence, 0, tok.start)
            if done and not re.search(r"\d", sentence[: done.start()]):
                tok.role = "all_done"  # …信访举报件已全部办结,共计1,460件: all of them, done
                stated_whole.add(id(tok))
        if category is None and tok.role == "immediate" and tok.cls == "项" and subject is None:
            category = "tasks"  # 其中,立行立改的12项
        elif category is None:
            if subject is None and not seen_any and tok.role is not None:
                # 已整改完成48项 / 合并重复举报后向地方转办13441件: the sentence's subject
                category = _fallback_subject(sentence, tok.cls, prior)
                if tok.role == "handed" and category != "petitions":
                    category = None
                subject = category  # the numbers after it share it (…,正在办理7件)
            else:
                category = subject
            if category is None and tok.role == "immediate" and tok.cls == "项":
                category = "tasks"  # 其中,立行立改的12项
        else:
            if category not in ("acc_units", "acc_people"):
                subject = category
        seen_any = True
        if tok.foreign:
            subject = "other" if tok.category is not None or subject else subject
            continue
        if category in (None, "other") or tok.cls not in CLASSIFIERS.get(category, ""):
            continue
        if category in ("acc_units", "acc_people") and not _accountable(sentence, tok):
            continue
        if category == "cases" and not CASE_CONTEXT.search(sentence):
            continue  # 形成45个典型案例: examples of good practice, not exposed cases
        role = tok.role
        if tok.subcount and (role in (None, "handed") or category in ("acc_units", "acc_people")):
            continue  # 其中厅级干部9人: a part of a count stated before
        value = tok.value
        if (role is None and tok.category is not None) or role == "handed":
            _add(hits, category, "total", value, tok)
        elif role == "all_done":
            if tok.category is not None or id(tok) in stated_whole:
                _add(hits, category, "total", value, tok)
            _add(hits, category, "done", value, tok)
        elif role == "due":
            dated = re.search(r"\d{4}年", tok.before)  # 2020年应完成的10项: a deadline bucket
            if tok.category is not None and category not in totals_in_sentence and not dated:
                _add(hits, category, "total", value, tok)
        elif role == "received" and category == "petitions":
            _add(hits, category, "received", value, tok)
        elif role == "valid" and category == "petitions":
            # a lone 受理有效举报 is what was received; beside 收到…举报 it is the valid share
            alone = not re.search(r"收到|接到|来电|来信", sentence[: tok.start])
            _add(hits, category, "received" if alone else "valid", value, tok)
        elif role in ("done", "in_progress", "on_schedule", "behind", "phased", "immediate"):
            _add(hits, category, role, value, tok)
        elif role == "basic":
            # 基本完成 alone is done; a separate 完成 figure for the same list wins
            _add(hits, category, "done", value, tok, rank=-1)
    hits.extend(_rate_hits(sentence, tokens, hits))
    hits.extend(_stationing_hits(sentence))
    return hits


def _add(
    hits: list[Hit], category: str, role: str, value: float, tok: _Token, rank: int = 0
) -> None:
    field = FIELDS.get((category, role))
    if field is None:
        return
    if category in ("acc_units", "acc_people", "acc_issues") and role != "total":
        return
    # 96项具体整改措施 is the plan's measure list; 五方面19项整改措施 groups them
    rank += 1 if category == "measures" and "具体" in tok.noun else 0
    hits.append(Hit(field, _int(value), tok.start, tok.end, rank))


def _int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


_RATE_RE = re.compile(
    rf"(?P<noun>整改任务|任务|信访件|信访举报件|举报件|信访|举报)?(?P<kind>整改完成率|总体完成率|办结率|结案(?:销号)?率|完成率"
    rf"|总体完成|占总数的?|占比)"
    rf"(?:达到|达|为|是|约|已达|超过)*(?P<num>(?:近|约)?{NUM})%"
)


def _rate_hits(sentence: str, tokens: list[_Token], found: list[Hit]) -> list[Hit]:
    hits: list[Hit] = []
    if "%" not in sentence:
        return hits
    for m in _RATE_RE.finditer(sentence):
        noun = m.group("noun") or ""
        kind = m.group("kind")
        if kind.startswith("占") or (kind == "总体完成" and not noun):
            # 已办结1,376件,占总数的91.6%: the share of what was just counted as done
            done = [h for h in found if h.end <= m.start() and h.field.endswith("_done")]
            category = done[-1].field.split("_")[0] if done else None
            if category not in ("tasks", "petitions") or not re.fullmatch(
                r"[,\s]*", sentence[done[-1].end : m.start()]
            ):
                continue
        elif noun:
            category = "tasks" if "任务" in noun else "petitions"
        elif m.group("kind") == "办结率" or m.group("kind").startswith("结案"):
            category = "petitions"
        else:
            prior = [t for t in tokens if t.end <= m.start() and t.category not in (None,)]
            counted = [t for t in tokens if t.end <= m.start()]
            if not counted:
                continue
            category = prior[-1].category if prior else None
        if category not in ("tasks", "petitions"):
            continue
        value = read_number(m.group("num"))
        if value is None or value > 100:
            continue
        hits.append(Hit(f"{category}_rate", _int(value), m.start(), m.end()))
    return hits


_STATIONING_RES = [
    (field, re.compile(rf"(?P<kw>{kw})(?:共计|合计|共|累计|达)?(?P<qty>{QTY})(?:{unit})"))
    for field, kw, unit in STATIONING
]
_STATIONING_AFTER_RES = [
    (field, re.compile(rf"(?<![\d.])(?P<qty>{QTY})(?:{unit})(?:被|已被|受到|)(?:{kw})"))
    for field, unit, kw in STATIONING_AFTER
]
_FINE_RE = re.compile(
    rf"(?P<kw>罚(?:没)?款(?:金额)?|处罚金额)(?:共计|合计|共|累计|达到|达|金额|为)?(?P<qty>{QTY})"
    rf"(?P<unit>万元|亿元|元|万(?![\u4e00-\u9fff]))"
)


# every keyword of the stationing figures contains one of these characters
_STATIONING_CHARS = re.compile(r"[责立拘约问罚处追]")
_STATIONING_KW = re.compile("|".join(f"(?:{kw})" for _f, kw, _u in STATIONING))
_STATIONING_AFTER_KW = re.compile("|".join(f"(?:{kw})" for _f, _u, kw in STATIONING_AFTER))


def _stationing_hits(sentence: str) -> list[Hit]:
    hits: list[Hit] = []
    if not _STATIONING_CHARS.search(sentence):
        return hits
    taken: list[tuple[int, int]] = []
    for field, regex in _STATIONING_RES if _STATIONING_KW.search(sentence) else ():
        for m in regex.finditer(sentence):
            if PLANNED.search(sentence[max(0, m.start() - 4) : m.start()]):
                continue
            if _foreign_campaign(sentence, m.start()):
                continue
            if any(s <= m.start() < e for s, e in taken):
                continue
            value = read_number(m.group("qty"))
            if value is None:
                continue
            hits.append(Hit(field, _int(value), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for field, regex in _STATIONING_AFTER_RES if _STATIONING_AFTER_KW.search(sentence) else ():
        for m in regex.finditer(sentence):
            if any(s <= m.start() < e for s, e in taken) or PLANNED_IN_CLAUSE.search(
                sentence[_clause_start(sentence, m.start()) : m.start()]
            ):
                continue
            value = read_number(m.group("qty"))
            if value is not None:
                hits.append(Hit(field, _int(value), m.start(), m.end()))
                taken.append((m.start(), m.end()))
    for m in _FINE_RE.finditer(sentence) if "罚" in sentence else ():
        if PLANNED.search(sentence[max(0, m.start() - 4) : m.start()]):
            continue
        if _foreign_campaign(sentence, m.start()):
            continue
        hits.append(Hit("fines_wan", _fine(m.group("qty"), m.group("unit")), m.start(), m.end()))
    return hits


def _foreign_campaign(sentence: str, pos: int) -> bool:
    """A figure of another campaign or of many years (2018年以来查处…), unless its own clause
    is about the inspection (涉及中央环保督察问题整改追责问责的共141人)."""
    if not STATIONING_FOREIGN.search(sentence[:pos]):
        return False
    return not re.search(r"督察|回头看", _clause(sentence, pos))


def _fine(qty: str, unit: str) -> int | float:
    """Fines in 万元: 4217.6万元 -> 4217.6, 1.32亿元 -> 13200, 50000元 -> 5."""
    value = read_number(qty) or 0.0
    if unit == "亿元":
        value *= 10_000
    elif unit == "元":
        value /= 10_000
    return _int(round(value, 4))
