"""Where a line of Chinese text may end: the line-start and line-end rules (kinsoku).

Rich breaks lines only at spaces and knows no rule about punctuation, so a wrapped
report could put a lone 。 or ) at the start of a line, or leave a 「 or ( hanging at
the end of one. Here a line never starts with a closing mark (NO_LINE_START) nor ends
with an opening one (NO_LINE_END), and a number (2022, 95.7) is not cut in two.

A break that would do either is moved back: the character before it goes down to the
next line with the mark ("push-out"), and again while the new break breaks a rule.
No line gets wider than the width, which a pane of fixed width needs (a mark hanging
past the edge would be cut off there). When moving back would empty the line (a run of
marks longer than the line), the break stays where it was.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

# Closing marks: full-width Chinese punctuation, the half-width forms reports also use
# (`,` `;` `:` `)` in text normalised to ASCII), percent signs and the ellipsis (so
# …… is never split).
NO_LINE_START = frozenset(
    "。．，、；：？！…‥）］｝〕〉》」』】〗〙〛’”％‰℃" + ",;:?!)]}%"
)  # fmt: skip
# Opening marks: brackets and quotes that begin something.
NO_LINE_END = frozenset("（［｛〔〈《「『【〖〘〚‘“" + "([{")
# A number is not split either (2022, 95.7): the figures are what the pane is read for.
NUMBER = frozenset("0123456789." + "０１２３４５６７８９．")


def breaks_rule(before: str, after: str) -> bool:
    """Whether a line may not end between `before` and `after`."""
    return after in NO_LINE_START or before in NO_LINE_END or (before in NUMBER and after in NUMBER)


def line_end(s: str, start: int, end: int) -> int:
    """The end of the line `s[start:end]`, moved back so that the next line does not
    start with a closing mark, this one does not end with an opening mark and no number
    is cut; `end` itself at the end of `s`, or when every earlier break breaks a rule."""
    if end >= len(s) or end <= start:
        return end
    b = end
    while b > start and breaks_rule(s[b - 1], s[b]):
        b -= 1
    return b if b > start else end


@lru_cache(maxsize=4096)
def _cells(ch: str) -> int:
    return cell_len(ch)


def can_break(s: str, i: int) -> bool:
    """Whether a line may end before `s[i]`: at a space, or next to a double-width
    character (Chinese breaks between any two characters), never against the rules."""
    a, b = s[i - 1], s[i]
    if breaks_rule(a, b):
        return False
    return a == " " or b == " " or _cells(a) > 1 or _cells(b) > 1


def wrap_words(s: str, width: int) -> list[tuple[int, int]]:
    """Lines of the paragraph `s` at `width` cells, as (start, end) offsets: English
    breaks at spaces (a word longer than a line is cut), Chinese between characters,
    both by the line-start and line-end rules. The spaces at a break belong to neither
    line. For short texts (the help); the source pane has a faster wrapper of its own."""
    width = max(1, width)
    n = len(s)
    out: list[tuple[int, int]] = []
    start = 0
    while True:
        used, i, last = 0, start, -1
        while i < n:
            w = _cells(s[i])
            if used + w > width:
                break
            used += w
            i += 1
            if i < n and can_break(s, i):
                last = i
        if i >= n:
            end = n
        elif can_break(s, i):
            end = i
        elif last > start:
            end = last
        else:  # no break fits: cut the word, by the rules if the line allows it
            end = line_end(s, start, max(i, start + 1))
        stop = end
        while stop > start and s[stop - 1] == " ":
            stop -= 1
        out.append((start, stop))
        while end < n and s[end] == " ":
            end += 1
        if end >= n:
            return out
        start = end


class Hanging:
    """Paragraphs laid out at whatever width they are drawn (a Rich renderable): each has
    a lead (a key name) and a body whose wrapped lines start under its first character
    (a hanging indent), broken by `wrap_words`. `str()` gives the text unwrapped."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str, str]] = []  # (lead, lead style, body, style)
        self._lines: dict[int, list[Text]] = {}

    def add(self, lead: str, body: str = "", *, lead_style: str = "", style: str = "") -> None:
        """A paragraph: `lead`, then `body`; an empty one is a blank line."""
        self.items.append((lead, lead_style, body, style))
        self._lines.clear()

    def lines(self, width: int) -> list[Text]:
        """The lines at `width` cells (none wider, unless a lead alone is)."""
        if width in self._lines:
            return self._lines[width]
        out: list[Text] = []
        for lead, lead_style, body, style in self.items:
            indent = cell_len(lead)
            room = width - indent
            if body and room < 8:  # no room beside the lead: the body goes under it
                out.append(Text(lead, style=lead_style, end=""))
                lead, indent, room = "", 0, width
            pieces = wrap_words(body, room) if body else [(0, 0)]
            for k, (a, b) in enumerate(pieces):
                line = Text(lead if k == 0 else " " * indent, style=lead_style, end="")
                line.append(body[a:b], style=style)
                out.append(line)
        self._lines[width] = out
        return out

    def __str__(self) -> str:
        return "".join(f"{lead}{body}\n" for lead, _ls, body, _s in self.items)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # (ended by a newline: Textual counts a renderable's lines by its newlines)
        text = Text("\n").join(self.lines(options.max_width))
        text.no_wrap, text.overflow, text.end = True, "crop", "\n"
        yield text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max(
            (cell_len(lead) + cell_len(body) for lead, _l, body, _s in self.items), default=0
        )
        return Measurement(min(24, widest), widest)
