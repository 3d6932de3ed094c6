"""Site clutter in reposted reports: menus, share rows, copyright and contact blocks, lists
of related articles, comment boxes.

Clutter is marked, not removed: the stored text keeps every character so that offsets stay
valid, and later stages skip (or grey out) the spans returned here. The design is a line
classifier with a few ordered rules over the phrase lists below, plus one positional rule:
everything after an end-of-article marker ("推荐阅读", "近期要闻", "版权与免责声明", ...)
is clutter when the article text lies before it. Article sentences are protected: a long
line of Chinese prose is never clutter because it happens to say 版权 or 推荐.
"""

from __future__ import annotations

import re

__all__ = ["clutter_spans"]

# --------------------------------------------------------------------------- phrase data

# Lines that begin with these (after bullets and brackets) are clutter whatever follows.
START_PHRASES: tuple[str, ...] = (
    "您当前的位置", "您的当前位置", "您现在的位置", "您当前位置", "当前位置", "你的位置",
    "你现在的位置", "所在位置", "当前页面",
    "免责声明", "免职声明", "免责申明", "版权声明", "版权申明", "版权和免责", "版权与免责",
    "声明:", "声明:", "特别声明", "郑重声明",
    "责任编辑", "责编", "编辑:", "编辑:", "审核:", "审核:", "校对:", "校对:", "值班编辑",
    "标签:", "标签:", "关键词", "关键字", "Tags:", "TAG:",
    "分享到", "分享至", "分享:", "分享:", "上一篇", "下一篇", "上一条", "下一条",
    "相关阅读", "相关新闻", "相关文章", "相关链接", "相关推荐", "延伸阅读", "推荐阅读",
    "热点推荐", "今日热点", "热门推荐", "热门文章", "热点新闻", "近期要闻", "猜你喜欢",
    "全部评论", "发表评论", "网友评论", "我要评论", "最新评论",
)  # fmt: skip

# Lines containing these are clutter even when long: nobody writes them in a report.
STRONG_PHRASES: tuple[str, ...] = (
    "All Rights Reserved", "all rights reserved", "ICP备", "ICP证", "公网安备",
    "未经许可不得转载", "未经授权禁止转载", "未经授权不得转载", "未经本网授权", "转载请注明",
    "不代表本网", "不代表本站", "不代表本平台", "如有侵权", "请及时反馈", "第一时间删除",
    "本网站为公益性网站", "版权归原作者", "版权均属", "请与本网联系", "继续滑动看下一个",
    "向上滑动看下一个", "未经处理的缓存", "您可能也对以下帖子感兴趣", "你可能感兴趣",
)  # fmt: skip
STRONG_PATTERNS: tuple[str, ...] = (
    r"更多[^。\n]{0,12}请(?:关注|访问|登录|点击)",
    r"Copyright\s*(?:©|\(c\)|\d{4})",
)

# Lines containing these are clutter unless they read as article prose.
WEAK_PHRASES: tuple[str, ...] = (
    "版权所有", "Copyright", "©", "联系我们", "关于我们", "网站地图", "网站声明", "隐私政策",
    "咨询热线", "服务热线", "新闻热线", "网站电话", "网站总监", "投稿邮箱", "技术支持",
    "主办单位", "承办单位", "建议使用", "分辨率", "扫码", "扫一扫", "二维码", "网站客服",
    "在线客服", "QQ咨询", "微信咨询", "在线咨询", "会员中心", "个人中心", "用户中心",
    "请登录", "用户登录", "免费注册", "立即注册", "登录 注册", "官方微信", "公众号",
    "一键订阅", "立即订阅", "点击订阅", "返回顶部", "回到顶部", "返回首页", "【打印", "打印】",
    "打印本页", "打印此文", "打印文章", "打印繁体", "【关闭", "关闭】", "关闭窗口", "【收藏",
    "收藏】", "收藏本站", "加入收藏", "收藏本页", "分享原文", "一键分享", "点击留言",
    "我要留言", "查看原文", "阅读原文", "点此查看", "字号", "【大 中 小】", "【推荐】",
    "【举报】", "【投稿】", "【评论】", "评论(", "评论(", "条评论", "暂无评论",
    "欢迎来到", "欢迎访问", "欢迎光临", "入驻", "广告", "阅读:", "阅读:", "浏览次数",
    "点击数", "点击量",
)  # fmt: skip

# A line that is only one of these (plus a little) starts the page's tail when the article
# lies before it; otherwise it starts a short list of links.
END_MARKERS: tuple[str, ...] = (
    "相关阅读", "推荐阅读", "相关新闻", "相关文章", "相关链接", "相关推荐", "延伸阅读",
    "近期要闻", "热点推荐", "今日热点", "热门推荐", "热门文章", "热点新闻", "猜你喜欢",
    "您可能也对以下帖子感兴趣", "你可能感兴趣", "全部评论", "发表评论", "网友评论", "我要评论",
    "最新评论", "版权与免责声明", "版权和免责声明", "版权和免责申明", "版权与免责申明",
    "免责声明", "免职声明", "版权声明", "联系我们", "上一篇", "下一篇",
)  # fmt: skip

# Labels that make a dated line the document's header metadata, never clutter.
DATE_LABELS: tuple[str, ...] = (
    "发布时间", "发布日期", "发表时间", "发表日期", "时间", "日期", "来源", "更新时间",
)  # fmt: skip

ENGLISH_DISCLAIMER_WORDS: tuple[str, ...] = (
    "website", "web site", "copyright", "rights", "reserved", "disclaimer", "contact",
    "email", "e-mail", "tel", "phone", "privacy", "delete", "infring", "intellectual property",
    "feedback", "reprint", "powered by", "icp",
)  # fmt: skip

# --------------------------------------------------------------------------- compiled

_LEAD = re.compile(r"^[\s•·●○■□◆◇▶▼►▲★☆※\-–—*>|【\[((<《「『]+")
_START_RE = re.compile("|".join(re.escape(p) for p in START_PHRASES))
_STRONG_RE = re.compile("|".join([re.escape(p) for p in STRONG_PHRASES] + list(STRONG_PATTERNS)))
_WEAK_RE = re.compile("|".join(re.escape(p) for p in WEAK_PHRASES))
_MARKER_RE = re.compile("|".join(re.escape(p) for p in sorted(END_MARKERS, key=len, reverse=True)))
_SENTENCE_PUNCT = re.compile("[。,,;;!!??、]")
_END_PUNCT = ("。", "!", "?", "!", "?", "」", "”")
_DATE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_DATE_LABEL = re.compile("(?:" + "|".join(map(re.escape, DATE_LABELS)) + r")\s*[::]")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")  # bounded: linear
_PHONE = re.compile(
    r"(?:电话|热线|Tel|TEL|tel|传真|手机|QQ号?|微信号?)\s*[::]?\s*\+?[\d][\d\-\s()()]{4,}"
    r"|^\(?\d{3,4}\)?[-\s]?\d{7,8}$|^1\d{2}[-\s]?\d{4}[-\s]?\d{4}$"
)
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_ENGLISH_RE = re.compile("|".join(map(re.escape, ENGLISH_DISCLAIMER_WORDS)), re.IGNORECASE)
_BRACKET_ITEM = re.compile(r"【[^】\n]{1,8}】?|[^【\n]{1,8}】")
_BREADCRUMB = re.compile(r"^首页\s*[>»›>/|]|[>»›>]\s*正文$")
_NONBLANK = re.compile(r"\S[^\n]*")
_LEGAL = re.compile(r"版权所有|Copyright|©|ICP|All Rights Reserved", re.IGNORECASE)
_NOT_LABEL = re.compile(r"[\t0-9。,,;;!!??、::]")
_MARKER_HEAD = re.compile(  # cheap pre-check: the first word character could start a marker
    r"[\s•·●○■□◆◇▶▼►▲★☆※\-–—*>|【\[((<《「『]*["
    + "".join(sorted({m[0] for m in END_MARKERS}))
    + "]"
)
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\uff10-\uff19\uff21-\uff5a]")
_MENU_SPLIT = re.compile(r"[ \u3000|/·•]+")

_SHORT_LINE = 160  # longest header line that can be date metadata
_WEAK_LINE = 400  # longest line the weak (phrase, contact, English) rules look at

# Line classes.
_GLUE, _TEXT, _ARTICLE, _META, _CLUTTER = range(5)


def clutter_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping [start, end) ranges of `text` that are site clutter."""
    try:
        return _clutter_spans(text)
    except Exception:  # clutter marking is advisory: a failure must not stop the pipeline
        return []


def _classify(s: str, wide: int) -> int:
    """Class of one stripped, non-empty line by its content alone."""
    article = wide >= 20 and _SENTENCE_PUNCT.search(s) is not None
    article = article or (wide >= 8 and s.endswith(_END_PUNCT))
    short = len(s) <= _SHORT_LINE
    if short and _DATE.search(s) and _DATE_LABEL.search(s):
        return _META
    head = _LEAD.sub("", s) if _LEAD.match(s) else s
    if _START_RE.match(head) or _STRONG_RE.search(s):
        return _CLUTTER
    if s.endswith("正文") or s.startswith("首页"):
        if _BREADCRUMB.search(head):
            return _CLUTTER
    if article:
        return _ARTICLE
    if len(s) > _WEAK_LINE:  # clutter lines are short; long ones only match strong rules
        return _TEXT
    if _WEAK_RE.search(s) or ("@" in s and _EMAIL.search(s)) or _PHONE.search(s):
        return _CLUTTER
    if not wide and len(_LATIN_WORD.findall(s)) >= 4 and _ENGLISH_RE.search(s):
        return _CLUTTER
    if s.count("】") + s.count("【") >= 4 and len(_BRACKET_ITEM.findall(s)) >= 3:
        return _CLUTTER
    if not _WORDLIKE.search(s):
        return _GLUE
    return _TEXT


def _is_marker(s: str) -> bool:
    """A short line that announces related links, comments or the site's legal block."""
    head = _LEAD.sub("", s)
    m = _MARKER_RE.match(head)
    return m is not None and len(head) <= len(m.group(0)) + 12


def _is_menu(s: str, han: int) -> bool:
    """A row of short link labels: 首页 | 新闻 | 政策 | 联系我们."""
    if "\t" in s or _SENTENCE_PUNCT.search(s) or any(c.isdigit() for c in s):
        return False
    tokens = [t for t in _MENU_SPLIT.split(s) if t]
    return len(tokens) >= 4 and han >= 4 and all(len(t) <= 8 for t in tokens)


def _clutter_spans(text: str) -> list[tuple[int, int]]:
    if not text:
        return []
    n = len(text)
    # Non-blank lines only: (start, end including the newline, stripped content). Blank
    # lines matter only as gaps, so a page of empty lines costs nothing here.
    starts: list[int] = []
    ends: list[int] = []
    lines: list[str] = []
    gap: list[bool] = []  # a blank line separates this line from the previous one
    prev_end = 0
    for m in _NONBLANK.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = m.end()
        if end < n:
            end += 1
        gap.append(start > prev_end)
        starts.append(start)
        ends.append(end)
        lines.append(m.group().rstrip())
        prev_end = end
    count = len(lines)
    if not count:
        return []

    wide = [_wide_count(s) for s in lines]
    cls = [_classify(s, w) for s, w in zip(lines, wide, strict=True)]
    article_idx = [i for i in range(count) if cls[i] == _ARTICLE]
    first_article = article_idx[0] if article_idx else count
    last_article = article_idx[-1] if article_idx else -1

    # Site name: a short line repeated inside the copyright line (水生态环保网).
    legal = [lines[i] for i in range(count) if cls[i] == _CLUTTER and _LEGAL.search(lines[i])]
    if legal:
        for i in range(count):
            s = lines[i]
            if cls[i] == _TEXT and 2 <= len(s) <= 20 and not _SENTENCE_PUNCT.search(s):
                if any(s in line for line in legal):
                    cls[i] = _CLUTTER

    # Menus and runs of short link labels above the article or below it.
    outside = [i for i in range(count) if i < first_article or i > last_article]
    run: list[int] = []
    last = -2
    for i in [*outside, count + 1]:
        short = False
        if i < count and cls[i] == _TEXT:
            s = lines[i]
            if _is_menu(s, wide[i]):
                cls[i] = _CLUTTER
            else:
                short = len(s) <= 10 and not _NOT_LABEL.search(s)
        if short and (not run or i == last + 1):
            run.append(i)
        else:
            if len(run) >= 4:
                for j in run:
                    cls[j] = _CLUTTER
            run = [i] if short else []
        last = i

    # End-of-article markers: the tail of the page, or a list block after a marker.
    weights = [wide[i] if cls[i] == _ARTICLE else 0 for i in range(count)]
    total = sum(weights)
    before = 0
    tail_from = count
    for i in range(count):
        if cls[i] != _ARTICLE and _MARKER_HEAD.match(lines[i]) and _is_marker(lines[i]):
            if before > 0 and before >= 2 * (total - before):
                tail_from = i
                break
            cls[i] = _CLUTTER
            j = i + 1
            while j < count and j <= i + 30 and not gap[j] and cls[j] != _ARTICLE:
                cls[j] = _CLUTTER
                j += 1
        before += weights[i]

    # Spans: clutter lines, merged across blank and symbol-only lines between them.
    spans: list[tuple[int, int]] = []
    cur_start = -1
    cur_end = -1
    for i in range(tail_from):
        c = cls[i]
        if c == _CLUTTER:
            if cur_start < 0:
                cur_start = starts[i]
            cur_end = ends[i]
        elif c != _GLUE and cur_start >= 0:
            spans.append((cur_start, cur_end))
            cur_start = -1
    if tail_from < count:
        if cur_start < 0:
            cur_start = starts[tail_from]
        cur_end = n
    if cur_start >= 0:
        spans.append((cur_start, cur_end))
    return spans


def _wide_count(s: str) -> int:
    """About the number of CJK characters and punctuation: cheap, from the UTF-8 length."""
    return (len(s.encode("utf-8", "surrogatepass")) - len(s)) // 2
