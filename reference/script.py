"""Traditional characters read as simplified, for matching what a person types.

Names in the dataset are simplified (the parser reads a simplified view of every text),
but a query may be typed in traditional characters (雲南, 已全部辦結) and a stored text keeps
its own script. Queries and texts are compared through `to_simplified`, which maps one
character to one character: a match keeps its offsets in the stored text, and the same
mapping on both sides means a text containing a query always contains it in the mapped
view too (phrase-level conversion can read one character two ways).

OpenCC is loaded on first use only (an ASCII text never loads it), and each character is
converted once per process.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

__all__ = ["to_simplified"]

_lock = threading.Lock()
_seen: set[str] = set()  # every character converted so far
_changed: set[str] = set()  # those whose simplified form differs
_table: dict[int, str] = {}  # str.translate table of the changed ones


@cache
def _converter() -> Any:
    """OpenCC's traditional-to-simplified converter (its import costs a few milliseconds)."""
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """`text` with each traditional character replaced by its simplified form, the same
    length (the text itself when nothing changes)."""
    if not text or text.isascii():
        return text
    chars = set(text)
    with _lock:
        new = chars - _seen
        if new:
            conv = _converter()
            for ch in new:
                out = conv.convert(ch)
                if len(out) == 1 and out != ch:
                    _changed.add(ch)
                    _table[ord(ch)] = out
            _seen.update(new)
        if chars.isdisjoint(_changed):
            return text
    return text.translate(_table)  # entries are only ever added, never changed
