"""Checks across the counts of one section: numbers that contradict each other.

A report that says `82项整改任务已完成95项` (done > total) is read as stated, and the
document gets a problem that names the section, the fields and the values, so the user
sees it in `ducha add`, `ducha build` and the dataset's `problems` column instead of a
completion of 116%.
"""

from __future__ import annotations

from .model import ParsedDocument

# (part, whole): the part can never exceed the whole
PARTS = tuple(
    (f"{cat}_{role}", f"{cat}_total")
    for cat in ("tasks", "problems", "measures", "petitions", "cases")
    for role in ("done", "in_progress", "on_schedule", "behind", "phased", "immediate")
)
RATES = ("tasks_rate", "petitions_rate")


def contradictions(doc: ParsedDocument) -> list[str]:
    out = []
    for sec in doc.sections:
        values: dict[str, float] = {}
        for f in sec.facts:
            values.setdefault(f.field, f.value)
        for part, whole in PARTS:
            if part in values and whole in values and values[part] > values[whole]:
                out.append(
                    f"{sec.entity}: {part} ({_n(values[part])}) exceeds {whole}"
                    f" ({_n(values[whole])}); the report's counts contradict each other"
                )
        for rate in RATES:
            if rate in values and not 0 <= values[rate] <= 100:
                out.append(f"{sec.entity}: {rate} is {_n(values[rate])}%, outside 0-100")
    return out


def _n(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)
