"""A document's kind (plan, progress, feedback, stationing, summary), scored from every cue.

The cues are data (`data/reference/kind_cues.toml`): words that say a text publishes a
plan, reports progress, relays a feedback, follows a team's stay, or sums up a round. The
title counts most, then the lead, then the body; the entity never decides the kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ducha.reference.gazetteer import read_reference

TITLE, LEAD, BODY = 4.0, 2.0, 1.0
BODY_CAP = 2  # a cue counts at most this many times in the body
BODY_CHARS = 6000  # the body's cues are read in its first pages: the kind is the news
KINDS = ("plan", "progress", "feedback", "stationing", "summary")


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    regex: re.Pattern[str]
    weight: float
    where: str | None


@cache
def cues() -> tuple[Cue, ...]:
    rows = read_reference("kind_cues.toml")["cue"]
    out = []
    for row in rows:
        if row["kind"] not in KINDS:
            raise ValueError(f"kind_cues.toml: unknown kind {row['kind']!r}")
        out.append(Cue(row["kind"], re.compile(row["pattern"]), float(row["weight"]),
                       row.get("where")))  # fmt: skip
    return tuple(out)


# A sentence that sums up the stay and the feedback (2021年4月9日至5月9日…督察,并于7月16日
# 向X反馈) is the background of a plan or a progress report, not the news of a feedback.
_STAY = re.compile(r"\d{1,2}月\d{1,2}日\s*(?:至|到|-)\s*(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日")


def _news(text: str) -> str:
    """The text without its background sentences (linear: one pass per sentence)."""
    return "。".join(s for s in text.split("。") if not _STAY.search(s))


def kind_scores(title: str | None, lead: str, body: str) -> dict[str, float]:
    """Score of each kind from the title, the lead and the body."""
    scores = dict.fromkeys(KINDS, 0.0)
    news = (_news(lead), _news(body))
    for cue in cues():
        if title and cue.where in (None, "title", "head") and cue.regex.search(title):
            scores[cue.kind] += cue.weight * TITLE
        if cue.where == "title":
            continue
        cue_lead, cue_body = news if cue.kind == "feedback" else (lead, body)
        if cue_lead and cue.where != "body" and cue.regex.search(cue_lead):
            scores[cue.kind] += cue.weight * LEAD
        if cue.where in (None, "body") and cue_body:
            n = sum(1 for _ in zip(range(BODY_CAP), cue.regex.finditer(cue_body), strict=False))
            scores[cue.kind] += cue.weight * BODY * n
    return scores


def pick_kind(title: str | None, lead: str, body: str, national: bool = False) -> str | None:
    """The best-scoring kind; a national text with no stronger cue is a summary."""
    scores = kind_scores(title, lead, body[:BODY_CHARS])
    if national:  # whole-nation aggregates
        scores["summary"] += 5 * LEAD
    best = max(KINDS, key=lambda k: scores[k])
    return best if scores[best] > 0 else None
