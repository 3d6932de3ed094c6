"""Checks before output: figures that contradict each other never reach a screen.

A report that says `82项整改任务已完成95项` (done > total) cannot be right in both figures,
and the reader cannot tell which one is wrong; so neither is shown as a fact. The document
gets a problem that names the section, the fields and the values, so the user sees it in
`ducha add`, `ducha build` and the dataset's `problems` column instead of a completion of
116%. The checks:
- a part never exceeds its whole: done, in progress, on schedule, behind, phased, 立行立改
  ≤ total; done + in progress ≤ total; on schedule + behind ≤ total;
- a rate lies in 0–100 and agrees with done/total where all three are stated (the rate,
  the derived figure, is the one dropped);
- dates run in order: stationing start ≤ end ≤ feedback; as of ≤ published; a stated round
  agrees with the stationing dates (listed, since the reference table may lag).
"""

from __future__ import annotations

from ducha.reference import batches as reference
from ducha.vocabulary import PROGRESS_CATEGORIES

from .model import ParsedDocument, Section

CATEGORIES = PROGRESS_CATEGORIES
ROLES = ("done", "in_progress", "on_schedule", "behind", "phased", "immediate")
# (part, whole): the part can never exceed the whole
PARTS = tuple((f"{cat}_{role}", f"{cat}_total") for cat in CATEGORIES for role in ROLES)
# (parts, whole): the parts are disjoint, so their sum can never exceed the whole
SUMS = tuple(
    (parts, f"{cat}_total")
    for cat in CATEGORIES
    for parts in ((f"{cat}_done", f"{cat}_in_progress"), (f"{cat}_on_schedule", f"{cat}_behind"))
)
RATES = (("tasks_rate", "tasks"), ("petitions_rate", "petitions"))
RATE_SLACK = 1.5  # percentage points: reports round, and count 阶段性办结 in or out


def enforce(doc: ParsedDocument) -> list[str]:
    """Drop every figure that contradicts another of its section; the problems found."""
    problems: list[str] = []
    for sec in doc.sections:
        problems += _counts(sec)
        problems += _dates(sec, doc.published)
    return problems


def _counts(sec: Section) -> list[str]:
    values: dict[str, float] = {}
    for f in sec.facts:
        values.setdefault(f.field, f.value)
    drop: set[str] = set()
    out: list[str] = []
    for part, whole in PARTS:
        if part in values and whole in values and values[part] > values[whole]:
            drop.update((part, whole))
            out.append(
                f"{sec.entity}: {part} ({_n(values[part])}) exceeds {whole}"
                f" ({_n(values[whole])}); the report's counts contradict each other,"
                " neither is shown"
            )
    for parts, whole in SUMS:
        if all(p in values for p in parts) and whole in values and whole not in drop:
            summed = sum(values[p] for p in parts)
            if summed > values[whole]:
                drop.update((*parts, whole))
                out.append(
                    f"{sec.entity}: {' + '.join(parts)} ({_n(summed)}) exceeds {whole}"
                    f" ({_n(values[whole])}); the report's counts contradict each other,"
                    " neither is shown"
                )
    for rate, cat in RATES:
        if rate not in values:
            continue
        value = values[rate]
        done, total = values.get(f"{cat}_done"), values.get(f"{cat}_total")
        if not 0 <= value <= 100:
            drop.add(rate)
            out.append(f"{sec.entity}: {rate} is {_n(value)}%, outside 0-100; not shown")
        elif done is not None and total and f"{cat}_done" not in drop:
            implied = 100 * done / total
            if abs(implied - value) > RATE_SLACK:
                drop.add(rate)
                out.append(
                    f"{sec.entity}: {rate} {_n(value)}% disagrees with {_n(done)} of"
                    f" {_n(total)} ({implied:.1f}%); the rate is not shown"
                )
    if drop:
        sec.facts = [f for f in sec.facts if f.field not in drop]
    return out


def _dates(sec: Section, published: str | None) -> list[str]:
    out: list[str] = []
    start, end, feedback = sec.inspection_start, sec.inspection_end, sec.feedback_date
    if start and end and end < start:
        out.append(f"{sec.entity}: the stay ends ({end}) before it starts ({start}); not shown")
        sec.inspection_start = sec.inspection_end = None
        start = end = None
    last_stay = end or start
    if feedback and last_stay and feedback < last_stay:
        out.append(f"{sec.entity}: feedback ({feedback}) before the stay ({last_stay}); not shown")
        sec.feedback_date = None
    if sec.as_of and published and sec.as_of > published:
        out.append(
            f"{sec.entity}: counts as of {sec.as_of}, after the page's date ({published});"
            " the as-of date is not shown"
        )
        sec.as_of = None
    if sec.round and start:
        by_date = reference.round_for_date(start)
        if by_date and by_date != sec.round:
            out.append(
                f"{sec.entity}: the text says {sec.round}, its stay ({start}) lies in {by_date}"
            )
    return out


def _n(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)
