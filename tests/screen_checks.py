"""What a screen must never show, read from its text: a figure cut short, and the styles
its status words are drawn in (for tests that capture a terminal or print a table)."""

from __future__ import annotations

import re

# a number cut short (12…, 2~), or a date that lost its end (2022-12, 2022-12-3)
CUT = re.compile(r"\d[,.%]?[…~]|(?<![\d-])\d{4}-\d{2}(?:-\d)?(?![\d-])(?!年)")


def cut_numbers(screen: str) -> list[str]:
    """The cut figures of a screen, the source pane aside (its text wraps, figures too)."""
    found = []
    in_source = False
    for line in screen.splitlines():
        if "source ·" in line:
            in_source = True
        part = line.split("▕")[0] if in_source else line
        found += [m.group(0) + f"  in: {line.strip()}" for m in CUT.finditer(part)]
    return found


STATUS_WORDS = ("BEHIND", "in progress", "on schedule", "done")
SGR = re.compile(r"\x1b\[([\d;]*)m")


def style_of(screen: str, word: str) -> str | None:
    """The foreground colour and boldness in force where `word` last shows on the screen
    (the cursor's row is the first: the last is a plain row's status cell), as
    "fg=…;bold=…"; None when the word is not on screen."""
    i = screen.rfind(word)
    if i < 0:
        return None
    fg, bold = "default", False
    for m in SGR.finditer(screen, 0, i):
        params = [p for p in m.group(1).split(";") if p] or ["0"]
        k = 0
        while k < len(params):
            p = params[k]
            if p == "0":
                fg, bold = "default", False
            elif p == "1":
                bold = True
            elif p == "22":
                bold = False
            elif p == "39":
                fg = "default"
            elif p in ("38", "48") and k + 1 < len(params):
                n = 3 if params[k + 1] == "5" else 5
                if p == "38":
                    fg = ":".join(params[k : k + n])
                k += n - 1
            elif len(p) == 2 and p[0] in "39" and p[1] != "9":
                fg = p
            k += 1
    return f"fg={fg};bold={bold}"
