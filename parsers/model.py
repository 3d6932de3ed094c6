"""What the parsers produce: sections of a document with their facts, metrics and deadlines.

Spans are offsets into the document's stored text. `start`/`end` cover the evidence
sentence (so `text[start:end] == evidence`); `match_start`/`match_end` cover the words
that state the value, inside that sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ducha.vocabulary import COUNT_FIELDS, RATE_FIELDS  # noqa: F401  (read here by the rules)

IDENTITY_FIELDS: tuple[str, ...] = (
    "round", "batch", "group", "inspection_start", "inspection_end", "feedback_date", "as_of",
)  # fmt: skip


@dataclass(slots=True)
class Evidence:
    start: int
    end: int
    evidence: str
    match_start: int
    match_end: int


@dataclass(slots=True)
class Fact:
    field: str
    value: int | float
    ev: Evidence

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, **evidence_fields(self.ev)}


@dataclass(slots=True)
class Metric:
    name: str
    value: float | None
    unit: str | None
    year: int | None
    change: float | None
    change_unit: str | None
    target: bool
    ev: Evidence

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        for key in ("value", "unit", "year", "change", "change_unit"):
            val = getattr(self, key)
            if val is not None:
                out[key] = val
        if self.target:
            out["target"] = True
        out.update(evidence_fields(self.ev))
        return out


@dataclass(slots=True)
class Deadline:
    due: str  # "立行立改", "长期坚持", or an ISO date
    due_text: str
    count: int | None
    share: float | None
    ev: Evidence

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"due": self.due, "due_text": self.due_text}
        if self.count is not None:
            out["count"] = self.count
        if self.share is not None:
            out["share"] = self.share
        out.update(evidence_fields(self.ev))
        return out


def evidence_fields(ev: Evidence) -> dict[str, Any]:
    """The span columns every fact, metric and deadline carries (JSON and dataset)."""
    return {
        "start": ev.start,
        "end": ev.end,
        "match_start": ev.match_start,
        "match_end": ev.match_end,
        "evidence": ev.evidence,
    }


@dataclass(slots=True)
class Section:
    entity: str
    level: str
    parent: str | None = None
    round: str | None = None
    batch: int | None = None
    group: str | None = None
    inspection_start: str | None = None
    inspection_end: str | None = None
    feedback_date: str | None = None
    as_of: str | None = None
    start: int = 0
    end: int = 0
    # view spans of the sentences that belong to this section, in document order
    sentences: list[tuple[int, int]] = field(default_factory=list)
    heading: bool = False
    facts: list[Fact] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    def value(self, name: str) -> int | float | None:
        for fact in self.facts:
            if fact.field == name:
                return fact.value
        return None

    def has_content(self) -> bool:
        return bool(self.facts or self.metrics or self.deadlines or self.heading)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"entity": self.entity, "level": self.level, "parent": self.parent}
        for key in IDENTITY_FIELDS:
            out[key] = getattr(self, key)
        for fact in self.facts:
            out[fact.field] = fact.value
        out["start"], out["end"] = self.start, self.end
        out["metrics"] = [m.to_json() for m in self.metrics]
        out["deadlines"] = [d.to_json() for d in self.deadlines]
        out["facts"] = [f.to_json() for f in self.facts]
        return out


@dataclass(slots=True)
class ParsedDocument:
    path: str
    doc_id: str
    text: str
    title: str | None
    published: str | None
    kind: str | None
    encoding: str
    fmt: str
    status: str
    problems: list[str]
    sections: list[Section]
    # rows of an itemised task list (a ledger), as columns of the dataset's tasks table
    tasks: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "doc_id": self.doc_id,
            "document": {
                "title": self.title,
                "published": self.published,
                "kind": self.kind,
                "encoding": self.encoding,
                "status": self.status,
                "problems": self.problems,
            },
            "sections": [s.to_json() for s in self.sections],
            **({"tasks": self.tasks} if self.tasks else {}),
        }
