"""load -> normalise -> segment -> extract: one document in, its sections and facts out."""

from __future__ import annotations

import hashlib
import os
import re

from ducha.reference.gazetteer import Mentions, load_gazetteer

from . import checks
from .assemble import Assembly, collect, finish, identities
from .attribution import attribute, scan
from .boilerplate import clutter_spans
from .context import UNKNOWN, resolve_context, round_by_date
from .layout import Layout, clean_title, find_layout, reading_view, view_lines
from .load import Loaded, load_bytes
from .model import ParsedDocument
from .normalise import Normalised, normalise, to_simplified, without_glosses
from .rules.kind import pick_kind
from .rules.tables import offer_tables
from .sentences import sentence_spans


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
        return parse_loaded(loaded, p, doc_id_of(os.fsencode(p)))  # any name, UTF-8 or not
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
    full = doc.text
    cut = _extent(full)
    try:
        if cut < len(full):
            doc.text = full[:cut]  # every offset into the head is one into the whole
            doc.problems.append(
                f"more than {MAX_SENTENCES:,} sentences or lines: facts were read from the "
                f"first {MAX_SENTENCES:,} ({cut:,} of {len(full):,} characters) only"
            )
            doc.status = "warning" if doc.status == "ok" else doc.status
        _extract(doc)
    except Exception as exc:  # a rule bug must not lose the document
        doc.status = "warning"
        doc.problems.append(f"extraction failed: {type(exc).__name__}: {exc}")
        doc.sections = []
    finally:
        doc.text = full
    if doc.status == "ok" and not any(s.facts or s.metrics for s in doc.sections):
        doc.status = "warning"
        doc.problems.append("no recognisable facts (no counts or indicators found)")
    contradictions = checks.enforce(doc)
    if contradictions:
        doc.problems += contradictions
        doc.status = "warning" if doc.status == "ok" else doc.status
    return doc


_LONGEST_HEADLINE = 80
# Sentences (or lines) read for facts. Every sentence costs the rules some tens of
# microseconds and a kilobyte or so while the document is read, so 3 million one-word
# lines cost minutes and gigabytes; the longest real reports have a few thousand.
MAX_SENTENCES = 200_000
_SENTENCE_MARKS = re.compile(r"[。!?！？\n●■◆]+")


def _extent(text: str) -> int:
    """Where the first `MAX_SENTENCES` sentences end (the whole text when it has fewer)."""
    if len(text) <= MAX_SENTENCES:  # fewer characters than the ceiling: fewer sentences
        return len(text)
    for n, m in enumerate(_SENTENCE_MARKS.finditer(text), 1):
        if n >= MAX_SENTENCES:
            return m.end()
    return len(text)


def _extract(doc: ParsedDocument) -> None:
    view = normalise(doc.text)
    lay = find_layout(view_lines(view, clutter_spans(doc.text)))
    title = clean_title(normalise(doc.title).text) if doc.title else None
    if title and ("。" in title or len(title) > _LONGEST_HEADLINE):
        title = None  # a <title> that is a paragraph is no headline: the page's own is looked for
    if title:
        lay.header.update(i for i, ln in enumerate(lay.lines) if ln.text.strip() == title)
    else:
        title = lay.title
    doc.title = _stored_title(doc, view, lay) or title
    doc.published = lay.published
    reading = reading_view(view, lay)
    text = reading.text
    footer = " ".join(ln.text for ln in lay.lines if ln.clutter)[:2000]
    lead = _lead(text)
    gaz = load_gazetteer()
    places = gaz.find(text)
    loose = gaz.loose_matches(text)
    lines = scan(text, places, loose)
    heads = [
        c.place for ln in lines for *_se, raw, _ends in ln.sentences for c in raw or () if c.place
    ]
    spans = [(s, e) for ln in lines for s, e, _raw, _ends in ln.sentences]
    sentence_texts = [text[s:e] for s, e in spans]
    ctx = resolve_context(title, lead, text, footer, doc.published, heads, sentence_texts, places)
    sentences = attribute(text, ctx.multi, lines)
    kind = pick_kind(title, _lead(text, 3, 0), text, national=ctx.subject.level == "national")
    round_by_date(ctx, kind, doc.published, text)
    if ctx.subject.entity == UNKNOWN:
        doc.problems.append(
            f"the place this report is about is not named in it (我市/本县…): filed under {UNKNOWN}"
        )
        doc.status = "warning"
    asm = Assembly(doc.text, reading, ctx, kind, Mentions.of(gaz.find_loose(text, places, loose)))
    asm.builder(asm.subject_key())
    for row in ctx.batches:  # a batch the text names is a section, if only by its identity
        asm.batch_key(row.round_name, row.batch)
    collect(asm, sentences)
    offer_tables(asm)
    identities(asm, sentences)
    doc.sections = finish(asm)
    doc.kind = kind


def _lead(text: str, sentences: int = 3, chars: int = 120) -> str:
    """The first sentences of the body: up to `sentences`, or fewer once `chars` are read."""
    out = []
    for s, e in sentence_spans(text):
        out.append(text[s:e])
        if len(out) >= sentences or (chars and sum(map(len, out)) >= chars):
            break
    return "".join(out)[:500]


def _stored_title(doc: ParsedDocument, view: Normalised, lay: Layout) -> str | None:
    """The title with the document's own punctuation, in simplified characters."""
    if lay.title_line is None:
        return None
    ln = lay.lines[lay.title_line]
    s, e = view.span(ln.start, ln.end)
    return clean_title(without_glosses(to_simplified(doc.text[s:e]))) or None
