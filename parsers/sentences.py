"""Sentences and clauses of the matching view, as spans.

A sentence ends at 。！？!? or a line break; rules work clause by clause inside it
(；; and ，, split clauses) but keep the whole sentence as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# a bullet inside a line (…已完成56项●第二轮督察…) starts a new statement too
_SENTENCE_END = re.compile(r"[。!?！？]+[\"'」』)）]*|\n+|(?=[●■◆])")
CLAUSE_SPLIT = re.compile(r"[;；,，:：]")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of text[start:end], stripped of surrounding whitespace."""
    end = len(text) if end is None else end
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.start() if not m.group(0) or m.group(0)[0] == "\n" else m.end()
        if stop == pos:
            continue  # a bullet at the start of what is already a new sentence
        yield from _strip(text, pos, stop)
        pos = m.end()
    if pos < end:
        yield from _strip(text, pos, end)


def _strip(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines of `text` (without the newline)."""
    pos = 0
    for m in re.finditer(r"\n", text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)
