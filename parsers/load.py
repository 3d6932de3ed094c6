"""Bytes to stored text: the first stage of the pipeline.

Every character offset produced by later stages points into `Loaded.text`, so this module
decides once, and deterministically, what that string is: the encoding is detected (never
assumed), HTML is flattened to text with block elements as line breaks, and control or
escape characters that could reach a terminal are removed. Nothing here raises: a bad file
becomes a `Loaded` with status "error" and a human-readable reason.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["MAX_BYTES", "Loaded", "clean_text", "load_bytes", "load_path"]

MAX_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class Loaded:
    """The stored text of one document and what happened while reading it."""

    text: str
    encoding: str
    fmt: str
    title: str | None = None
    problems: list[str] = field(default_factory=list)
    status: str = "ok"


# --------------------------------------------------------------------------- clean_text

# Whole terminal escape sequences, removed as a unit so no "]0;title" residue remains:
# OSC/DCS/SOS/PM/APC strings (terminated by BEL or ST, or running to the end of the line),
# CSI sequences, and two- or three-byte escapes. The 8-bit C1 introducers are removed as
# single characters below: in decoded text they are far more often mojibake than controls,
# and without them the rest is inert.
_ESCAPES = re.compile(
    r"\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # CSI
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"  # other escapes (ESC c, ESC ( B, lone ESC)
)
# Single characters that are never text: C0 except \t \n, DEL, C1, zero-width and bidi
# controls, BOM, and lone surrogates (which cannot even be written out as UTF-8).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_NEWLINES = re.compile("\r\n?|[\x0b\x0c\u2028\u2029]")
_BREAK_CHARS = "\r\x0b\x0c\u2028\u2029"
_CONTROLS_IN = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\x1b"
)  # what load reports as "removed"


def clean_text(text: str, *, nbsp: bool = True) -> str:
    """Make foreign text safe to store and show: one newline style, no controls or escapes.

    Only invisible or dangerous characters change; widths, scripts and punctuation are the
    next stage's business (it keeps an offset map, this stage defines the offsets).
    `nbsp=False` keeps U+00A0 (HTML source, where it must not collapse like a space).
    """
    if not text:
        return ""
    if any(ch in text for ch in _BREAK_CHARS):  # `in` scans far faster than a pattern
        text = _NEWLINES.sub("\n", text)
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    return text.replace("\u00a0", " ") if nbsp else text


# --------------------------------------------------------------------------- detection

# Frequent characters of modern written Chinese (general and in these reports), simplified
# and traditional. A real Chinese text draws most of its characters from here; the mojibake
# of decoding Big5 as GB18030 (or the other way round) does not.
_COMMON_HANZI = frozenset(
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过"
    "家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本"
    "见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己"
    "话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平"
    "真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报"
    "立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务"
    "制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吧包指"
    "生态整改环保境省督察护治责推工理污展任题设央强落区坚染委管绿域监湖江查效达目贯彻馈排府抓"
    "级结续党防措施优控攻修指升况黄线协突转追划构示宁扎核志辽例署徽济筹集检良站草峰农底科丽销"
    "院范织按众编批聚低联具革策术企基牢险障型矿土垃圾座创负均积县超空传群减兴念浓阶肃逐限焦智"
    "並來個傳優兩創劃動務區協問單嚴國執堅報場學實寧將專對導幹廢廣強復徹態應戰採數斷於時書會條"
    "業極構標機檢權氣決況減測準濃濟為爲現環產發監確礦積範籌級組結統經綜綠網線編縣總織續義習聯"
    "肅臺與興舉萬處號術衛見規視計記訪設話認調講議護負貫責資質輪轉辦農進達遼銷長門開間關階險雙"
    "雲電項領頭題類風饋驗體麗黃點黨這說們為來對過還後經當從兩樣現頭點電問間東車誰讓認請"
)
_HAN = re.compile("[\u4e00-\u9fff]")
# Characters that a text plausibly consists of: printable ASCII and whitespace, Latin-1
# letters, general punctuation, CJK symbols, ideographs, fullwidth forms.
_PLAUSIBLE = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u27bf\u3000-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)
_HTML_START = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_HTML_TAGS = re.compile(
    r"</?(?:p|div|br|span|a|td|tr|table|li|ul|h[1-6]|meta|link|script|img|section|article)"
    r"[\s/>]",
    re.IGNORECASE,
)
# bytes.translate deletes everything but suspicious control bytes, so counting is C-speed.
_NOT_CONTROL = bytes(
    b for b in range(256) if not ((b < 0x20 or b == 0x7F) and b not in b"\t\n\r\x0b\x0c\x1b")
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Names reported in Loaded.encoding for the codecs used to decode.
_REPORTED = {
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
    "utf-32-le": "utf-32",
    "utf-32-be": "utf-32",
}
# Declared legacy Chinese charsets are decoded with their superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}


def _replaced(count: int) -> str:
    return f"undecodable: replaced {count} byte{'' if count == 1 else 's'}"


def _plausibility(text: str) -> float:
    """Share of characters that look like text (1.0 for clean prose in any supported script)."""
    if not text:
        return 0.0
    sample = text[:20000]
    return len(_PLAUSIBLE.findall(sample)) / len(sample)


def _common_share(text: str) -> float:
    """Among the ideographs, the share of frequent ones (1.0 when there are none)."""
    han = _HAN.findall(text[:20000])
    if not han:
        return 1.0
    share = sum(1 for c in han if c in _COMMON_HANZI) / len(han)
    # Too few ideographs to judge by frequency: only reject when none is common.
    return share if len(han) >= 12 or share == 0 else 1.0


def _looks_chinese(text: str) -> bool:
    """Whether a decoded candidate reads as text rather than mojibake."""
    return _plausibility(text) >= 0.97 and _common_share(text) >= 0.3


def _codec_name(label: str) -> str | None:
    """Python codec name for a declared charset label, or None if unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None
    return _SUPERSETS.get(name, name)


_TRUNCATION_REASONS = frozenset(
    {"unexpected end of data", "incomplete multibyte sequence", "truncated data"}
)


def _decode_truncated(data: bytes, codec: str) -> tuple[str, int] | None:
    """Strict decode allowing only an incomplete character at the very end.

    Returns (text, dropped_bytes) or None if the data is invalid anywhere else.
    """
    try:
        return data.decode(codec), 0
    except UnicodeDecodeError as exc:
        if exc.end != len(data) or exc.reason not in _TRUNCATION_REASONS or exc.start == 0:
            return None
        start = exc.start
    try:
        return data[:start].decode(codec), len(data) - start
    except UnicodeDecodeError:
        return None


_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")
_NONASCII_VALID = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")


def _utf8_lenient(data: bytes) -> tuple[str, int, int]:
    """UTF-8 with each run of invalid bytes replaced by one U+FFFD.

    Returns (text, replaced_bytes, valid_multibyte_chars).
    """
    raw = data.decode("utf-8", "surrogateescape")
    bad = 0
    for m in _ESCAPED_RUN.finditer(raw):
        bad += m.end() - m.start()
    good = len(_NONASCII_VALID.findall(raw))
    return _ESCAPED_RUN.sub("\ufffd", raw), bad, good


def _is_binary(data: bytes) -> str | None:
    """A reason if the bytes are not text in any single-byte-compatible encoding."""
    if b"\x00" in data:
        return "binary content (NUL bytes)"
    sample = data[:65536]
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls and controls / len(sample) > 0.1:
        return f"binary content ({controls / len(sample):.0%} control bytes)"
    return None


def _try_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Detect BOM-less UTF-16/32 from where the NUL bytes fall."""
    if len(data) < 4:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    candidates = ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]
    if len(data) % 4 == 0:
        candidates += ["utf-32-le", "utf-32-be"]
    for codec in candidates:
        if len(data) % (4 if "32" in codec else 2):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _plausibility(text) >= 0.95:
            return text, codec
    return None


def _charset_normalizer(data: bytes) -> tuple[str, str] | None:
    """Ask charset-normalizer, keeping its answer only if the result reads as text."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200000]).best()
    except Exception:
        return None
    if best is None:
        return None
    codec = _codec_name(best.encoding) or best.encoding
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if _plausibility(text) < 0.95:
        return None
    if _HAN.search(text[:20000]) and _common_share(text) < 0.3:
        return None
    return text, codec


def _decode(data: bytes, html_hint: bool, problems: list[str]) -> tuple[str, str] | None:
    """Decode bytes to str by detection; None (with a problem recorded) if not text."""
    # 1. Byte order marks.
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec == "utf-8-sig":
                text, bad, _ = _utf8_lenient(body)
                if bad:
                    problems.append(_replaced(bad))
                return text, codec
            got = _decode_truncated(body, codec)
            if got is not None:
                if got[1]:
                    problems.append("truncated: the file ends inside a multi-byte character")
                return got[0], _REPORTED.get(codec, codec)
            if codec.startswith("utf-16"):
                # Damaged UTF-16 (lone surrogates): keep what decodes, count the rest.
                text = body[: len(body) // 2 * 2].decode(codec, "replace")
                bad = text.count("\ufffd") * 2
                problems.append(_replaced(bad))
                return text, "utf-16"
            # A UTF-32 LE BOM also starts a UTF-16 LE file whose first char is NUL: go on.

    # 2. NUL bytes: UTF-16/32 without BOM, or binary.
    if b"\x00" in data:
        found = _try_utf16_without_bom(data)
        if found is not None:
            return found[0], _REPORTED.get(found[1], found[1])
    reason = _is_binary(data)
    if reason:
        problems.append(reason)
        return None

    # 3. Strict UTF-8, tolerating only a character cut off at the end.
    got = _decode_truncated(data, "utf-8")
    if got is not None:
        if got[1]:
            problems.append("truncated: the file ends inside a multi-byte character")
        return got[0], "utf-8"
    # Judge on a sample first: decoding 20 MB of GB18030 leniently as UTF-8 is wasted work.
    # Mostly-valid UTF-8 with a few damaged bytes: GB18030 would "succeed" with mojibake.
    _, bad, good = _utf8_lenient(data[:65536])
    if good >= 20 and bad * 50 <= good:
        lenient, bad, good = _utf8_lenient(data)
        if good >= 20 and bad * 50 <= good:
            problems.append(_replaced(bad))
            return lenient, "utf-8"

    # 4. HTML declaring its charset.
    if html_hint:
        m = _META_CHARSET.search(data[:8192])
        if m:
            declared = _codec_name(m.group(1).decode("ascii", "ignore"))
            if declared and declared not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16", "utf-32"):
                got = _decode_truncated(data, declared)
                if got is not None and _plausibility(got[0]) >= 0.9:
                    if got[1]:
                        problems.append("truncated: the file ends inside a multi-byte character")
                    return got[0], declared

    # 5. GB18030 (superset of GBK and GB2312), accepted only if it reads as Chinese.
    got = _decode_truncated(data, "gb18030")
    if got is not None and _looks_chinese(got[0]):
        if got[1]:
            problems.append("truncated: the file ends inside a multi-byte character")
        return got[0], "gb18030"

    # 6. Big5 explicitly (charset-normalizer is unreliable on short texts), then the rest.
    for codec in ("big5hkscs",):
        got = _decode_truncated(data, codec)
        if got is not None and _looks_chinese(got[0]):
            if got[1]:
                problems.append("truncated: the file ends inside a multi-byte character")
            return got[0], "big5"
    found = _charset_normalizer(data)
    if found is not None:
        return found[0], _REPORTED.get(found[1], found[1])

    # 7. Damaged GB18030/GBK: a few bad bytes in text that otherwise reads as Chinese.
    text = data.decode("gb18030", "replace")
    replaced = text.count("\ufffd")
    if replaced * 100 <= len(text) and _looks_chinese(text.replace("\ufffd", "")):
        problems.append(_replaced(replaced))
        return text, "gb18030"

    # 8. Last resort.
    lenient, bad, _ = _utf8_lenient(data)
    problems.append(_replaced(bad))
    return lenient, "utf-8"


# --------------------------------------------------------------------------- HTML

_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"}
    | {"math", "title"}
)
# Elements that start a new line; those in _PARAGRAPH_TAGS also leave a blank line, as the
# margins a browser draws around them do.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "tfoot", "thead", "tr", "ul", "option", "frameset", "noframes",
        "listing", "plaintext", "xmp", "textarea", "select",
    }
)  # fmt: skip
_PARAGRAPH_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote", "pre", "hr"}
)
_CELL_TAGS = frozenset({"td", "th"})
_PRE_TAGS = frozenset({"pre", "textarea", "listing", "xmp", "plaintext"})
_WS_RUN = re.compile(r"[ \t\n\r\f]+")
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")
_WIDE = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def _collapse_ws(text: str) -> str:
    """HTML whitespace collapsing; a line break between two wide (CJK) chars vanishes."""
    if "\n" not in text and "\r" not in text:
        return _WS_RUN.sub(" ", text)

    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        if "\n" in run or "\r" in run:
            s, e = m.start(), m.end()
            if 0 < s and e < len(text) and _WIDE.match(text[s - 1]) and _WIDE.match(text[e]):
                return ""
        return " "

    return _WS_RUN.sub(repl, text)


class _Sink:
    """Collects text with pending line breaks, so nested blocks do not pile up blank lines."""

    __slots__ = ("at_line_start", "out", "pending")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.pending = 0  # newlines owed before the next text: 0, 1 or 2
        self.at_line_start = True

    def brk(self, level: int) -> None:
        if self.out:
            self.pending = max(self.pending, level)

    def hard_newline(self) -> None:
        self.flush()
        self.out.append("\n")
        self.at_line_start = True

    def flush(self) -> None:
        if self.pending:
            self.out.append("\n" * self.pending)
            self.pending = 0
            self.at_line_start = True

    def text(self, chunk: str, pre: bool = False) -> None:
        if not chunk:
            return
        if not pre and (self.pending or self.at_line_start) and not chunk.strip(" "):
            return  # whitespace between blocks is not text
        self.flush()
        self.out.append(chunk)
        self.at_line_start = chunk.endswith("\n")

    def cell_end(self) -> None:
        if not self.pending:
            self.out.append("\t")
            self.at_line_start = False


# Nesting past this many open elements is flattened before parsing (see _shallow).
MAX_DEPTH = 1000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>")
# Elements that never stay open (void), or that the next of their kind or the end of their
# parent closes: they do not deepen the tree, whatever the markup says.
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen", "basefont", "bgsound", "frame", "image",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead",
        "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body",
    }
)  # fmt: skip


def _depth_over(html: str, limit: int) -> bool:
    """Whether the markup opens more than `limit` elements inside each other (counted
    from the tags alone, in one pass: an estimate, exact for well-formed markup)."""
    if html.count("<") <= limit:
        return False
    depth = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _NOT_NESTING:
            continue
        if m.group(1):
            depth = depth - 1 if depth else 0
        else:
            depth += 1
            if depth > limit:
                return True
    return False


def _shallow(html: str, limit: int = MAX_DEPTH) -> str:
    """The markup with every element opened more than `limit` deep taken out (its text
    stays; a block element becomes a line break). Elements whose content is hidden keep
    their tags at any depth, so a script deep inside does not turn into text (nesting them
    costs the parser nothing), and preformatted ones up to twice the limit.

    The HTML parser checks the whole stack of open elements at each block element's start
    (the "p in button scope" rule), so 100,000 nested `<div>` cost it minutes; no real
    page nests a thousand elements, so the flattening changes nothing a reader sees.
    """

    depth = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal depth
        name = m.group(2).lower()
        if name in _NOT_NESTING:
            return m.group(0)
        if m.group(1):
            depth = depth - 1 if depth else 0
            keep = depth < limit
        else:
            depth += 1
            keep = depth <= limit
        if keep or name in _DROP_TAGS or (name in _PRE_TAGS and depth <= 2 * limit):
            return m.group(0)
        return "<br>" if name in _BLOCK_TAGS else ""

    return _TAG.sub(repl, html)


def _html_to_text(html: str) -> tuple[str, str | None]:
    """Flatten HTML: visible text only, block elements as lines, cells separated by tabs."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title = None
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None:
            title = _WS_RUN.sub(" ", node.text(deep=True) or "").strip() or None
            if title:
                break

    root = tree.root
    if root is None:
        return (title or ""), title
    sink = _Sink()
    root_id = root.mem_id
    pre_depth = 0
    # Iterative walk (documents nest 10,000 levels deep): enter a node, descend into its
    # children; when a subtree is done, leave it and go to the next sibling or climb up.
    # Only entered elements are ever climbed back to, so every climb is a matching leave.
    cur: LexborNode | None = root
    while cur is not None:
        tag = cur.tag or ""
        entered = False
        if tag == "-text":
            chunk = cur.text_content or ""
            if pre_depth:
                sink.text(chunk.replace(" ", "\u00a0").replace("\t", "\u00a0"), pre=True)
            else:
                sink.text(_collapse_ws(chunk))
        elif tag not in _DROP_TAGS and not tag.startswith(("-", "!", "_")):
            entered = True
            if tag == "br":
                sink.hard_newline()
            elif tag in _BLOCK_TAGS:
                sink.brk(2 if tag in _PARAGRAPH_TAGS else 1)
            if tag in _PRE_TAGS:
                pre_depth += 1
        if entered:
            child = cur.child
            if child is not None:
                cur = child
                continue
            pre_depth -= _leave(tag, sink)
        while True:
            if cur.mem_id == root_id:
                cur = None
                break
            nxt = cur.next
            if nxt is not None:
                cur = nxt
                break
            cur = cur.parent
            if cur is None:
                break
            pre_depth -= _leave(cur.tag or "", sink)

    # Tidy line by line (no regex over long whitespace runs: that can go quadratic).
    lines = "".join(sink.out).split("\n")
    for i, line in enumerate(lines):
        line = _SPACE_RUN.sub(" ", line.rstrip(" \t").lstrip(" "))
        lines[i] = line.replace(" \t", "\t").replace("\t ", "\t") if "\t" in line else line
    text = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip(" \n\t")
    if title and not _in_text(title, text):
        text = f"{title}\n\n{text}" if text else title
    return text, title


_TITLE_SITE = re.compile(r"\s*(?:[-_|｜]|——)\s*[^-_|｜]{1,30}$")


def _in_text(title: str, text: str) -> bool:
    """Whether the page's <title>, or its headline without the site's name after it
    (…情况_某某网), is already in the text: a headline is put before the text only when the
    text lacks it, never a second copy of a first paragraph."""
    if title in text:
        return True
    headline = _TITLE_SITE.sub("", title)
    return len(headline) >= 6 and headline != title and headline in text


def _leave(tag: str, sink: _Sink) -> int:
    """Emit what an element's end means in text; 1 if it closed preformatted text."""
    if tag in _CELL_TAGS:
        sink.cell_end()
    elif tag in _BLOCK_TAGS:
        sink.brk(2 if tag in _PARAGRAPH_TAGS else 1)
    return 1 if tag in _PRE_TAGS else 0


def _is_html(name: str, head: bytes, text: str | None) -> bool:
    """HTML by file name, by a document that starts like HTML, or (for files not named
    .txt) by an HTML marker near the start or a density of common tags."""
    suffix = os.path.splitext(name.lower())[1]
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return True
    plain_name = suffix in (".txt", ".text", ".md")
    if head and _HTML_START.match(head[:4096]):
        return True
    if not plain_name and _HTML_SNIFF.search(head[:4096]):
        return True
    if text is not None:
        probe = text[:4096].encode("utf-8", "ignore")
        if _HTML_START.match(probe) or (not plain_name and _HTML_SNIFF.search(probe)):
            return True
        if not plain_name:
            sample = text[:65536]
            tags = len(_HTML_TAGS.findall(sample))
            if tags >= 10 and tags * 40 >= sample.count("\n") + 1:
                return True
    return False


# --------------------------------------------------------------------------- public API


def _finish(loaded: Loaded) -> Loaded:
    """Status from problems and text."""
    if not loaded.text:
        loaded.status = "error"
    elif loaded.problems:
        loaded.status = "warning"
    else:
        loaded.status = "ok"
    return loaded


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def load_bytes(data: bytes, name: str = "") -> Loaded:
    """Detect, decode, flatten and clean a document; never raises."""
    try:
        return _load_bytes(data, name)
    except Exception as exc:  # a bug or a library failure must not stop a batch import
        return Loaded(
            "", "", "txt", None, [f"could not read: {type(exc).__name__}: {exc}"], "error"
        )


def _load_bytes(data: bytes, name: str) -> Loaded:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        return Loaded("", "", "txt", None, ["not bytes"], "error")
    data = bytes(data)
    suffix = os.path.splitext(name.lower())[1]
    fmt_hint = "html" if suffix in (".html", ".htm", ".xhtml", ".shtml") else "txt"
    if len(data) > MAX_BYTES:
        problem = f"larger than the {MAX_BYTES // (1024 * 1024)} MB limit ({_size(len(data))}): not parsed"
        return Loaded("", "", fmt_hint, None, [problem], "error")
    if not data.strip(b" \t\r\n\x0b\x0c"):
        return Loaded("", "", fmt_hint, None, ["empty file"], "error")

    problems: list[str] = []
    html_hint = _is_html(name, data, None)
    decoded = _decode(data, html_hint, problems)
    if decoded is None:
        return Loaded("", "", fmt_hint, None, problems, "error")
    text, encoding = decoded

    fmt = "html" if (html_hint or _is_html(name, b"", text)) else "txt"
    title = None
    removed = len(_CONTROLS_IN.findall(text))
    text = clean_text(text, nbsp=fmt != "html")
    if fmt == "html":
        if _depth_over(text, MAX_DEPTH):
            text = _shallow(text)  # every word is kept: no problem to report
        text, title = _html_to_text(text)
        if title is not None:
            title = clean_text(title).strip() or None
        removed += len(_CONTROLS_IN.findall(text))  # from character references
        text = clean_text(text)
    if removed:
        problems.append(f"removed {removed} control or escape characters")
    if not text.strip():
        problems.append("empty file" if fmt == "txt" else "no visible text in the HTML")
        text = ""
    return _finish(Loaded(text, encoding, fmt, title, problems))


def load_path(path: str | os.PathLike) -> Loaded:
    """Read and load a file; unreadable paths become status "error" with the reason."""
    try:
        p = os.fspath(path)
        name = os.path.basename(p) if isinstance(p, str) else os.path.basename(os.fsdecode(p))
        suffix = os.path.splitext(name.lower())[1]
        fmt = "html" if suffix in (".html", ".htm", ".xhtml", ".shtml") else "txt"
        if os.path.isdir(p):
            return Loaded("", "", fmt, None, [f"is a directory: {name or p}"], "error")
        size = os.path.getsize(p)
        if size > MAX_BYTES:
            problem = (
                f"larger than the {MAX_BYTES // (1024 * 1024)} MB limit ({_size(size)}): not parsed"
            )
            return Loaded("", "", fmt, None, [problem], "error")
        with open(p, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Loaded("", "", "txt", None, ["file not found"], "error")
    except PermissionError:
        return Loaded("", "", "txt", None, ["permission denied"], "error")
    except OSError as exc:
        return Loaded("", "", "txt", None, [f"cannot read: {exc.strerror or exc}"], "error")
    except Exception as exc:
        return Loaded("", "", "txt", None, [f"cannot read: {type(exc).__name__}: {exc}"], "error")
    return load_bytes(data, name)
