"""Making document text safe to show.

Everything that comes from a document (text, titles, evidence, even entity names in a
dataset built by other code) goes through `clean` before it is displayed, and is wrapped in
`rich.text.Text` / `textual.content.Content` objects, never formatted into markup.

`clean` maps every control character to one visible character, so string offsets stay
valid: spans from the dataset index the cleaned text exactly as they index the original.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls (except newline), DEL, C1 controls, and the Unicode line/paragraph separators
# (which some renderers treat as line breaks and which would shift our line map).
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Bidirectional overrides could reorder what a terminal shows: make them visible too.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _picture(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if ch == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (control pictures: ESC shows as ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\u2426"  # ␦ for C1 controls and separators


def clean(value: object) -> str:
    """`value` as a string with every control character replaced, one for one."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    s = _CONTROL.sub(_picture, s)
    return _BIDI.sub("\u2426", s)


def clean_line(value: object) -> str:
    """Like `clean`, for single-line places (labels, cells): newlines become spaces."""
    return clean(value).replace("\n", " ")


def text(value: object, style: str = "") -> Text:
    """A Rich Text of cleaned, single-line `value`: never parsed as markup."""
    return Text(clean_line(value), style=style, end="", no_wrap=True)
