"""load -> normalise -> segment -> extract: one document in, its sections and facts out."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace

from . import checks, reference
from .boilerplate import clutter_spans
from .load import Loaded, load_bytes
from .model import Deadline, Evidence, Fact, Metric, ParsedDocument, Section
from .normalise import Normalised, normalise, to_simplified
from .rules import document as docrules
from .rules import identity
from .rules.counts import count_hits
from .rules.deadlines import deadline_hits
from .rules.metrics import metric_hits, year_in
from .segment import UNKNOWN, Line, Part, mark_lines, segment

BATCH_NUMERALS = "一二三四五六七八九十"
# Enforcement figures (责令整改, 立案处罚, 罚款, 拘留, 约谈, 问责) outside a stationing release
# count only in a sentence about the inspection: a progress report also lists the
# province's own enforcement (查处环境违法案件3200起,罚款2.3亿元), which is not the team's.
# (People held accountable are not in the set: that rule already needs 问责/追责 beside them.)
STATIONING_FIELDS = frozenset({
    "ordered_rectification", "penalty_cases", "fines_wan", "criminal_cases", "detained",
    "detained_administrative", "detained_criminal", "interviewed_people",
})  # fmt: skip
_INSPECTION_CONTEXT = re.compile(
    r"督察|交办|转办|进驻|边督边改|信访|举报|责任追究|问题线索|问责线索|移交"
)
_HAS_NUMBER = re.compile(r"[0-9零〇一二两三四五六七八九十百千万]")


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def parse_bytes(data: bytes, path: str = "") -> ParsedDocument:
    """Parse one document's bytes; never raises on bad input (problems are recorded)."""
    from .ledger.document import add_html_ledger, is_ledger_file, parse_ledger_bytes

    if is_ledger_file(path):
        return parse_ledger_bytes(data, path, doc_id_of(data))
    loaded = load_bytes(data, os.path.basename(path))
    doc = parse_loaded(loaded, path, doc_id_of(data))
    if loaded.fmt == "html" and loaded.status != "error" and _has_table(data):
        try:
            add_html_ledger(doc, data, loaded.title)
        except Exception as exc:  # a reader bug must not lose the prose
            doc.problems.append(f"task tables not read: {type(exc).__name__}: {exc}")
            doc.status = "warning" if doc.status == "ok" else doc.status
    return doc


def _has_table(data: bytes) -> bool:
    return b"<table" in data.lower() or b"\x00" in data[:4096]  # UTF-16 pages: look anyway


def parse_path(path: str | os.PathLike[str]) -> ParsedDocument:
    p = os.fspath(path)
    try:
        with open(p, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        loaded = Loaded("", "", "txt", None, [f"unreadable: {exc.strerror or exc}"], "error")
        return parse_loaded(loaded, p, doc_id_of(p.encode()))
    return parse_bytes(data, p)


def parse_text(text: str, path: str = "<text>") -> ParsedDocument:
    """Parse a string (tests and quick checks)."""
    return parse_bytes(text.encode("utf-8"), path)


def parse_loaded(loaded: Loaded, path: str, doc_id: str) -> ParsedDocument:
    doc = ParsedDocument(
        path=path, doc_id=doc_id, text=loaded.text, title=loaded.title, published=None,
        kind=None, encoding=loaded.encoding, fmt=loaded.fmt, status=loaded.status,
        problems=list(loaded.problems), sections=[],
    )  # fmt: skip
    if loaded.status == "error" or not loaded.text.strip():
        return doc
    try:
        _extract(doc)
    except Exception as exc:  # a rule bug must not lose the document
        doc.status = "warning"
        doc.problems.append(f"extraction failed: {type(exc).__name__}: {exc}")
        doc.sections = []
    if doc.status == "ok" and not any(s.facts or s.metrics for s in doc.sections):
        doc.status = "warning"
        doc.problems.append("no recognisable facts (no counts or indicators found)")
    contradictions = checks.contradictions(doc)
    if contradictions:
        doc.problems += contradictions
        doc.status = "warning" if doc.status == "ok" else doc.status
    return doc


def _extract(doc: ParsedDocument) -> None:
    view = normalise(doc.text)
    lines = mark_lines(view, clutter_spans(doc.text))
    texts = [view.text[ln.start : ln.end] for ln in lines]
    body_from = _body_start(texts, lines)
    header = texts[:body_from]
    title = docrules.clean_title(normalise(doc.title).text) if doc.title else None
    title_line = None
    if not title:
        candidates = [t for t, ln in zip(texts, lines, strict=True) if not ln.clutter]
        title = docrules.pick_title(candidates[: body_from + 3])
    if title:
        for i, t in enumerate(texts[: body_from + 3]):
            if title in t:
                title_line = i
                break
    doc.title = _stored_title(doc, view, lines, title_line) or title
    doc.published = docrules.pick_published(header)
    if doc.published is None:
        article = [t for t, ln in zip(texts, lines, strict=True) if not ln.clutter and t.strip()]
        doc.published = docrules.pick_signature_date(article[-4:])
    published_year = int(doc.published[:4]) if doc.published else None
    # the body starts at the first running text, and never before the title's next line
    start_line = body_from if title_line is None else max(body_from, title_line + 1)
    parts = segment(view, lines, title, start_line)
    if any(p.entity == UNKNOWN for p in parts):
        doc.problems.append(
            f"the place this report is about is not named in it (我市/本县…): filed under {UNKNOWN}"
        )
        doc.status = "warning"
    lead = view.text[parts[0].start : parts[0].start + 300] if parts else ""
    stationing = docrules.pick_kind(title, False, lead) == "stationing"
    doc.sections = _sections(doc, view, parts, title or "", published_year, stationing)
    # a national overview is a summary; a batch's release is judged by its title's words
    national = (
        not any(p.heading for p in parts)
        and bool(doc.sections)
        and doc.sections[0].level == "national"
    )
    doc.kind = docrules.pick_kind(title, national, lead)


def _body_start(texts: list[str], lines: list[Line]) -> int:
    """Index of the first line of running text: a sentence (ends in 。) or a long line with
    sentence punctuation; menus, titles and date lines are neither."""
    for i, (t, ln) in enumerate(zip(texts, lines, strict=True)):
        if ln.clutter:
            continue
        s = t.strip()
        if (len(s) >= 16 and "。" in s) or (len(s) >= 50 and re.search(r"[。,;]", s)):
            return i
    return 0


def _stored_title(doc: ParsedDocument, view: Normalised, lines: list[Line], i: int | None):
    """The title with the document's own punctuation, in simplified characters."""
    if i is None:
        return None
    ln = lines[i]
    s, e = view.span(ln.start, ln.end)
    return docrules.clean_title(to_simplified(doc.text[s:e])) or None


def _evidence(doc: ParsedDocument, view: Normalised, sent: tuple[int, int], ms: int, me: int):
    s, e = view.span(*sent)
    mstart, mend = view.span(sent[0] + ms, sent[0] + me)
    return Evidence(s, e, doc.text[s:e], max(s, mstart), min(e, mend))


def _sections(
    doc: ParsedDocument,
    view: Normalised,
    parts: list[Part],
    title: str,
    published_year: int | None,
    stationing: bool = False,
) -> list[Section]:
    text = view.text
    overview = next((p for p in parts if p.overview), None)
    doc_round, doc_batch = None, None
    if overview is not None:
        for s, e in overview.sentences[:12]:
            r, b = identity.find_batch(text[s:e])
            if b:
                doc_round, doc_batch = r or identity.find_round(text[s:e]), b
                break
    title_round = identity.find_round(title)
    sections: list[Section] = []
    parts = [piece for part in parts for piece in _split_by_round(part, text, published_year)]
    for part in parts:
        sec = Section(
            entity=part.entity, level=part.level, parent=part.parent, heading=part.heading
        )
        sec.start, sec.end = view.span(part.start, part.end)
        if part.sentences and not part.heading:
            sec.start, sec.end = view.span(part.sentences[0][0], part.sentences[-1][1])
        _identity(sec, part, text, published_year)
        _content(doc, view, sec, part, published_year, stationing)
        if part.overview:
            _overview_identity(sec, parts, doc_round, doc_batch, title_round)
        else:
            sec.round = sec.round or doc_round or title_round or _round_by_date(sec)
            if doc_batch and sec.level == "province":
                sec.batch = sec.batch or doc_batch  # the overview states the batch for all
        if part.heading or part.overview or sec.facts or sec.metrics or sec.deadlines:
            sections.append(sec)
    if len(sections) > 1 and sections[0].level == "national" and not sections[0].has_content():
        sections.pop(0)  # a national lead-in that states nothing before the places' parts
    return sections


def _split_by_round(part: Part, text: str, published_year: int | None) -> list[Part]:
    """A report on one place across rounds (第一轮 and its 回头看) gives a part per round,
    each starting at the sentence that states that round's stationing."""
    if part.overview or len(part.sentences) < 2:
        return [part]
    starts: list[tuple[int, str]] = []
    for i, (s, e) in enumerate(part.sentences):
        sentence = text[s:e]
        begin, _ = identity.find_stationing(sentence, published_year)
        if not begin:
            continue
        rnd = identity.find_round(sentence) or reference.round_for_date(begin)
        if rnd == "第一轮" and reference.round_for_date(begin) == "第一轮回头看":
            rnd = "第一轮回头看"
        if rnd and (not starts or starts[-1][1] != rnd):
            starts.append((i, rnd))
    if len({r for _, r in starts}) < 2:
        return [part]
    pieces = []
    bounds = [0] + [i for i, _ in starts[1:]] + [len(part.sentences)]
    for k in range(len(bounds) - 1):
        sents = part.sentences[bounds[k] : bounds[k + 1]]
        piece = replace(part, sentences=sents, heading=part.heading and k == 0)
        if k:
            piece.start, piece.end = sents[0][0], sents[-1][1]
        pieces.append(piece)
    return pieces


def _round_by_date(sec: Section) -> str | None:
    return reference.round_for_date(sec.inspection_start) if sec.inspection_start else None


def _overview_identity(
    sec: Section,
    parts: list[Part],
    doc_round: str | None,
    doc_batch: int | None,
    title_round: str | None,
) -> None:
    """An overview is its batch's section when the text states the batch or the reference
    batch table knows the provinces it introduces; else it stays national."""
    members = [p.entity for p in parts if p.heading]
    batch = None
    if doc_batch and doc_round:
        batch = next(
            (
                b
                for b in reference.load_batches()
                if b.round_name == doc_round and b.batch == doc_batch
            ),
            None,
        )
    elif members:
        batch = reference.batch_by_members(members)
    if batch is not None or doc_batch:
        sec.level = "batch"
        sec.round = doc_round or (batch.round_name if batch else None)
        sec.batch = doc_batch or (batch.batch if batch else None)
        sec.entity = batch.batch_name if batch else f"{sec.round or ''}第{_cn(sec.batch)}批"
        sec.inspection_start = sec.inspection_end = sec.feedback_date = None
    else:
        sec.round = sec.round or title_round


def _cn(n: int | None) -> str:
    if n is None:
        return ""
    return BATCH_NUMERALS[n - 1] if 1 <= n <= 10 else str(n)


def _identity(sec: Section, part: Part, text: str, published_year: int | None) -> None:
    sentences = [text[s:e] for s, e in part.sentences]
    heading_text = text[part.start : text.find("\n", part.start)] if part.heading else ""
    identity_sentence = None
    for sentence in sentences:
        if sec.group is None:
            sec.group = identity.find_group(sentence)
        if sec.inspection_start is None:
            start, end = identity.find_stationing(sentence, published_year)
            if start:
                sec.inspection_start, sec.inspection_end = start, end
                identity_sentence = identity_sentence or sentence
    for sentence in sentences:
        fb = identity.find_feedback(sentence, sec.inspection_start, published_year)
        if fb:
            sec.feedback_date = fb
            identity_sentence = identity_sentence or sentence
            break
    if identity_sentence:
        sec.round = identity.find_round(identity_sentence)
    if sec.round is None and heading_text:
        sec.round = identity.find_round(heading_text)
    if sec.round is None:
        for sentence in sentences:
            if re.search(
                r"第[一二三\d]轮(?:中央)?(?:生态)?环(?:境保护|保)?督察|第[一二三\d]轮督察", sentence
            ):
                sec.round = identity.find_round(sentence)
                if sec.round:
                    break
    if sec.round is None and sec.inspection_start:
        sec.round = reference.round_for_date(sec.inspection_start)
    if sec.round == "第一轮" and sec.inspection_start:
        by_date = reference.round_for_date(sec.inspection_start)
        if by_date == "第一轮回头看":
            sec.round = by_date
    for sentence in [heading_text, *sentences]:
        r, b = identity.find_batch(sentence)
        if b:
            sec.batch = b
            sec.round = sec.round or r
            break


def _content(
    doc: ParsedDocument,
    view: Normalised,
    sec: Section,
    part: Part,
    published_year: int | None,
    stationing: bool = False,
) -> None:
    text = view.text
    seen: set[str] = set()
    ranks: dict[str, int] = {}
    metric_keys: set[tuple] = set()
    dues: set[str] = set()
    carried_year: int | None = None
    last_line_end = -1
    for s, e in part.sentences:
        sentence = text[s:e]
        line_start = text.rfind("\n", 0, s)
        if line_start != last_line_end:
            carried_year, last_line_end = None, line_start
        if not _HAS_NUMBER.search(sentence):
            continue  # every rule needs a number
        added = False
        about_inspection = stationing or bool(_INSPECTION_CONTEXT.search(sentence))
        for hit in count_hits(sentence):
            if hit.field in STATIONING_FIELDS and not about_inspection:
                continue
            ev = _evidence(doc, view, (s, e), hit.start, hit.end)
            if hit.field in seen:
                if hit.rank > ranks.get(hit.field, 0):
                    i = next(i for i, f in enumerate(sec.facts) if f.field == hit.field)
                    sec.facts[i] = Fact(hit.field, hit.value, ev)
                    ranks[hit.field] = hit.rank
                continue
            seen.add(hit.field)
            ranks[hit.field] = hit.rank
            added = True
            sec.facts.append(Fact(hit.field, hit.value, ev))
        if added and sec.as_of is None:
            # the date the counts are stated for: 截至2022年11月底, in the counting sentence
            sec.as_of = identity.find_as_of(sentence, published_year)
        for m in metric_hits(sentence, carried_year):
            key = (m.name, m.year, m.target, m.value, m.change)
            if key in metric_keys:
                continue
            metric_keys.add(key)
            sec.metrics.append(
                Metric(m.name, m.value, m.unit, m.year, m.change, m.change_unit, m.target,
                       _evidence(doc, view, (s, e), m.start, m.end))
            )  # fmt: skip
        for d in deadline_hits(sentence):
            if d.due in dues:
                continue
            dues.add(d.due)
            sec.deadlines.append(
                Deadline(d.due, d.due_text, d.count, d.share,
                         _evidence(doc, view, (s, e), d.start, d.end))
            )  # fmt: skip
        year = year_in(sentence)
        if year is not None:
            carried_year = year
