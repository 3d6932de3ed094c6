"""Sentences and clauses of the matching view, as spans.

A sentence ends at 。！？!? or a line break; rules work clause by clause inside it
(；; and ，, split clauses) but keep the whole sentence as evidence.

A "sentence" longer than `MAX_SENTENCE` characters (a list of thousands of counts, a
megabyte without a full stop) is cut into pieces of at most that length, each ending at
the last clause mark or 、 before the limit where there is one. The longest real sentence
of the bundled and development texts is about 340 characters; the rules that read a
sentence look back and forward inside it, so an unbounded one costs time without bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# a bullet inside a line (…已完成56项●第二轮督察…) starts a new statement too
_SENTENCE_END = re.compile(r"[。!?！？]+[\"'」』)）]*|\n+|(?=[●■◆])")
CLAUSE_SPLIT = re.compile(r"[;；,，:：]")


# where a sentence end can start: searching for one character is several times faster
# than trying the alternatives of _SENTENCE_END at every position
_SENTENCE_MARK = re.compile(r"[。!?！？\n●■◆]")
MAX_SENTENCE = 1000
_PIECE_MARKS = ",;:，；：、"


def _pieces(text: str, span: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """A span cut to pieces of at most `MAX_SENTENCE` characters, at a clause mark or 、
    in the second half of each piece where there is one."""
    start, end = span
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(ch, start + MAX_SENTENCE // 2, limit) for ch in _PIECE_MARKS)
        cut = cut + 1 if cut > 0 else limit
        piece = _stripped(text, start, cut)
        if piece is not None:
            yield piece
        start = cut
    piece = _stripped(text, start, end)
    if piece is not None:
        yield piece


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of text[start:end], stripped of surrounding whitespace."""
    end = len(text) if end is None else end
    pos = start
    at = start
    for mark in _SENTENCE_MARK.finditer(text, start, end):
        if mark.start() < at:
            continue  # inside the end just read (。。 or a run of line breaks)
        m = _SENTENCE_END.match(text, mark.start(), end)
        assert m is not None  # every mark starts a sentence end
        at = max(m.end(), mark.start() + 1)
        stop = m.start() if not m.group(0) or m.group(0)[0] == "\n" else m.end()
        if stop == pos:
            continue  # a bullet at the start of what is already a new sentence
        yield from _bounded(text, pos, stop)
        pos = m.end()
    if pos < end:
        yield from _bounded(text, pos, end)


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """text[start:end] stripped, as one sentence, or in pieces when longer than a sentence
    can be (see `_pieces`)."""
    span = _stripped(text, start, end)
    if span is None:
        return
    if span[1] - span[0] > MAX_SENTENCE:
        yield from _pieces(text, span)
    else:
        yield span


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without the white space around it; None if nothing is left."""
    if not (text[start].isspace() or text[end - 1].isspace()):
        return start, end  # the usual case, decided in two looks
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
