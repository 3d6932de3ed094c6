"""A synthetic corpus in the style of the real reports, for the scale benchmarks.

    .venv/bin/python tests/bench/gen_corpus.py OUT [--docs 10000] [--seed 1] [--kb 10]

Every province and prefecture city, every round and batch of the reference tables, report
dates spread over the years after each batch's feedback; progress reports, plans and
stationing releases, each with a title, a date line, the inspection's identity sentence,
count and indicator sentences in the shapes the rules read (several shapes per fact), and
policy prose around them to reach about `--kb` kilobytes per document. Files are written
as UTF-8 or GB18030, plain text or HTML. Document `i` depends only on (seed, i), so a
corpus is reproducible and can be generated in parts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LATEST = dt.date(2025, 10, 31)  # no report is dated after this
GROUP_NUMERALS = "一二三四五六七八"

PROSE = (
    "省委、省政府高度重视,把督察整改作为重大政治任务,坚决扛起生态文明建设政治责任。",
    "深入贯彻习近平生态文明思想,坚持以人民为中心的发展思想,推动生态环境质量持续改善。",
    "成立了由主要领导任组长的整改工作领导小组,统筹推进督察反馈问题整改落实。",
    "实行清单化管理,逐项明确整改目标、整改措施、整改时限和责任单位、责任人。",
    "坚持问题导向,举一反三,建立健全长效机制,确保整改工作取得实效。",
    "强化调度督导,定期召开推进会,对整改进度滞后的地方和单位进行约谈提醒。",
    "坚决打好蓝天、碧水、净土保卫战,持续推进工业企业污染治理和清洁取暖。",
    "加强黄河流域生态保护和高质量发展,统筹山水林田湖草沙系统治理。",
    "扎实推进中央生态环境保护督察反馈问题整改,严格验收销号,防止表面整改、敷衍整改。",
    "加大信息公开力度,通过报纸、电视、网站等媒体及时公开整改进展,接受社会监督。",
    "持续优化产业结构、能源结构、交通运输结构和用地结构,推动绿色低碳转型发展。",
    "加强自然保护地监管,严肃查处违法违规侵占自然保护区和生态保护红线行为。",
    "聚焦突出环境问题,开展入河排污口排查整治和城镇污水处理设施提质增效。",
    "建立健全生态环境保护责任清单,进一步压实党委政府主体责任和部门监管责任。",
    "推进固体废物和危险废物规范化管理,加快补齐环境基础设施短板。",
    "下一步,将持续巩固整改成效,坚决防止问题反弹回潮,以生态环境高水平保护推动高质量发展。",
)

CLUTTER = (
    "首页 > 新闻中心 > 正文",
    "分享到:",
    "【打印本页】【关闭窗口】",
    "版权所有 本网站所有内容未经授权禁止转载",
    "责任编辑:办公室",
)


@dataclass(frozen=True, slots=True)
class Target:
    """Who a document reports on, in which round and batch."""

    entity: str  # province or city
    province: str
    level: str
    round: int
    round_name: str
    batch_name: str
    group: str
    start: dt.date
    end: dt.date
    feedback: dt.date


def _date(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        return None


@cache
def targets() -> tuple[tuple[Target, ...], tuple[Target, ...]]:
    """(province targets, city targets): every inspected province of every dated batch,
    and every prefecture city under it."""
    from ducha.reference.batches import load_batches
    from ducha.reference.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    provs: list[Target] = []
    cities: list[Target] = []
    for b in load_batches():
        start, end, fb = _date(b.start), _date(b.end), _date(b.feedback)
        if start is None or end is None or start > LATEST - dt.timedelta(days=90):
            continue
        if fb is None:
            fb = end + dt.timedelta(days=75)
        for p in b.provinces:
            group = b.groups.get(p, "")
            t = Target(p, p, "province", b.round, b.round_name, b.batch_name, group, start, end, fb)
            provs.append(t)
            for c in gaz.cities_of(p):
                cities.append(
                    Target(c.name, p, "city", b.round, b.round_name, b.batch_name, group, start, end, fb)
                )  # fmt: skip
    return tuple(provs), tuple(cities)


def cn_date(d: dt.date, year: bool = True) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def thousands(n: int) -> str:
    return f"{n:,}"


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# --- count sentences ----------------------------------------------------------------------


def tasks_sentence(r: random.Random, as_of: str, who: str) -> str:
    total = r.randint(20, 400)
    done = r.randint(total // 3, total)
    rest = total - done
    shapes: list[Callable[[], str]] = [
        lambda: (
            f"截至{as_of},{who}整改方案确定的{total}项整改任务,已完成{done}项,其余{rest}项正在推进。"
        ),
        lambda: f"截至{as_of},{who}{total}项整改任务已完成{done}项,{rest}项达到序时进度。",
        lambda: f"{as_of}前,督察反馈的{total}个问题中,已完成整改{done}个,其余{rest}个按计划推进。",
        lambda: (
            f"截至{as_of},整改方案明确的{total}项整改任务中,已完成{done}项,总体完成率{100 * done / total:.1f}%。"
        ),
    ]
    if rest >= 2:
        behind = r.randint(1, rest // 2)
        shapes.append(
            lambda: (
                f"截至{as_of},{who}{total}项整改任务已完成{done}项,{rest - behind}项达到序时进度,{behind}项未达到序时进度。"
            )
        )
    s = r.choice(shapes)()
    if r.random() < 0.08:  # some reports use full-width digits
        s = s.translate(FULLWIDTH)
    return s


def petitions_sentence(r: random.Random) -> str:
    total = r.randint(100, 9000)
    done = r.randint(int(total * 0.9), total)
    fmt = thousands if r.random() < 0.4 else str
    shapes = [
        f"督察组交办的{fmt(total)}件群众信访举报件已办结{fmt(done)}件,阶段性办结{total - done}件。",
        f"督察组转办的{fmt(total)}件信访件,已办结{fmt(done)}件,办结率{100 * done / total:.1f}%。",
        f"中央督察组交办的{fmt(total)}件群众举报件中已办结{fmt(done)}件。",
    ]
    return r.choice(shapes)


def accountability_sentence(r: random.Random) -> str:
    units, people = r.randint(3, 90), r.randint(10, 400)
    return r.choice(
        [
            f"对{units}个责任单位和{people}名责任人严肃追责问责。",
            f"共问责单位{units}个、人员{people}名,其中厅级干部{r.randint(1, 12)}人。",
        ]
    )


def stationing_sentences(
    r: random.Random, who: str, start: dt.date, published: dt.date
) -> list[str]:
    received = r.randint(500, 12000)
    ordered = r.randint(100, received)
    as_of = min(start + dt.timedelta(days=r.randint(5, 30)), published)
    return [
        f"截至{cn_date(as_of)},督察组共受理群众信访举报{received}件,"
        f"累计向{who}转办{received - r.randint(0, 50)}件。",
        f"{who}已办结{r.randint(ordered // 2, ordered)}件,责令整改{ordered}家,立案处罚{r.randint(10, 800)}家,"
        f"罚款{r.randint(50, 9000)}万元;立案侦查{r.randint(1, 40)}件,拘留{r.randint(1, 60)}人;"
        f"约谈{r.randint(10, 500)}人,问责{r.randint(10, 300)}人。",
    ]


def metric_sentences(r: random.Random, year: int, scope: str) -> list[str]:
    pm = r.randint(18, 70)
    good = round(r.uniform(55, 99), 1)
    water = round(r.uniform(50, 100), 1)
    out = [
        r.choice(
            [
                f"{year}年,{scope}PM2.5平均浓度为{pm}微克/立方米,同比下降{r.uniform(0.5, 15):.1f}%。",
                f"{year}年{scope}细颗粒物浓度为{pm}μg/m³,较2015年下降{r.uniform(5, 40):.1f}%。",
                f"{year}年,{scope}PM10、PM2.5浓度分别为{pm + r.randint(10, 40)}、{pm}微克/立方米。",
            ]
        ),
        f"{scope}优良天数比例为{good}%,同比上升{r.uniform(0.1, 5):.1f}个百分点。",
    ]
    if r.random() < 0.6:
        out.append(f"地表水国考断面水质优良比例达到{water}%。")
    if r.random() < 0.3:
        out.append(f"到{year + 3}年,{scope}优良天数比例达到{min(99, good + 3):.0f}%以上。")
    return out


def plan_sentences(r: random.Random) -> list[str]:
    total = r.randint(30, 200)
    now = r.randint(3, total // 3)
    y1 = r.randint(total // 4, total // 2)
    rest = total - now - y1
    year = r.randint(2017, 2024)
    return [
        f"共梳理形成整改任务{total}项、具体措施{r.randint(total, total * 4)}条。",
        f"{total}项整改任务中立行立改的整改任务{now}项、占{100 * now / total:.1f}%,"
        f"应于{year}年底完成的{y1}项、占{100 * y1 / total:.1f}%,应于{year + 1}年底完成的{rest}项、占{100 * rest / total:.1f}%。",
    ]


# --- documents ----------------------------------------------------------------------------


def _pick_target(r: random.Random) -> Target:
    provs, cities = targets()
    return r.choice(provs) if r.random() < 0.35 else r.choice(cities)


def document(seed: int, i: int, kb: float = 10.0) -> tuple[str, str, str]:
    """(name, text, format) of document `i`; format is 'txt' or 'html'."""
    r = random.Random(seed * 1_000_003 + i)
    t = _pick_target(r)
    kind = r.choices(("progress", "plan", "stationing"), weights=(6, 2, 1))[0]
    short_prov = t.province.removesuffix("省").removesuffix("市")
    who = "全省" if t.level == "province" else "全市"
    if kind == "stationing":
        published = t.start + dt.timedelta(days=r.randint(5, 30))
        title = f"中央第{GROUP_NUMERALS[r.randrange(8)]}生态环境保护督察组向{t.province}转办第{r.randint(1, 30)}批群众信访举报件"
    elif kind == "plan":
        published = t.feedback + dt.timedelta(days=r.randint(60, 150))
        title = f"{t.entity}公开中央生态环境保护督察反馈意见整改方案"
    else:
        published = t.feedback + dt.timedelta(days=r.randint(200, 1600))
        title = f"{t.entity}公开{t.round_name}中央生态环境保护督察整改落实情况"
    published = min(published, LATEST - dt.timedelta(days=r.randint(0, 90)))
    # counts are stated as of the end of a month before the page's own date
    as_of_date = published.replace(day=1) - dt.timedelta(days=r.randint(1, 40))
    as_of = f"{as_of_date.year}年{as_of_date.month}月底"
    report_year = published.year - 1

    lines: list[str] = [title, ""]
    if r.random() < 0.5:
        lines += [r.choice(CLUTTER), ""]
    lines += [f"发布时间:{published.isoformat()}", ""]
    m = re.match(r"第(.)组", t.group)
    group = f"中央第{m.group(1)}生态环境保护督察组" if m else "中央生态环境保护督察组"
    lines.append(
        f"{cn_date(t.start)}至{cn_date(t.end, year=False)},{group}对{t.province}开展{t.round_name}"
        f"中央生态环境保护督察,并于{cn_date(t.feedback)}向{short_prov}反馈了督察意见。"
        + r.choice(PROSE)
    )
    facts: list[str] = []
    if kind == "progress":
        facts.append(tasks_sentence(r, as_of, who))
        facts.append(petitions_sentence(r))
        if r.random() < 0.6:
            facts.append(accountability_sentence(r))
        facts += metric_sentences(r, report_year, who)
    elif kind == "plan":
        facts += plan_sentences(r)
        if r.random() < 0.5:
            facts += metric_sentences(r, report_year, who)
    else:
        facts += stationing_sentences(r, t.province, t.start, published)
    target_chars = int(kb * 1000 / 3)  # a Chinese character is three bytes in UTF-8
    body: list[str] = []
    size = sum(len(x) for x in lines)
    heads = ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、")
    k = 0
    while size < target_chars or facts:
        para = "".join(r.choice(PROSE) for _ in range(r.randint(2, 6)))
        if facts and r.random() < 0.5:
            para = facts.pop(0) + para
        if r.random() < 0.15 and k < len(heads):
            body.append(f"{heads[k]}{r.choice(PROSE)[:14]}")
            k += 1
        body.append(para)
        size += len(para)
    lines += body
    if r.random() < 0.3:
        lines += ["", r.choice(CLUTTER)]
    text = "\n\n".join(lines) + "\n"
    fmt = "html" if r.random() < 0.25 else "txt"
    name = f"{i:06d}_{t.province if kind == 'stationing' else t.entity}_{kind}.{'html' if fmt == 'html' else 'txt'}"
    return name, text, fmt


def html_page(text: str, charset: str, r: random.Random) -> str:
    from html import escape

    lines = text.split("\n\n")
    title = escape(lines[0])
    depth = r.randint(1, 6)
    open_divs = "".join(f'<div class="c{d}">' for d in range(depth))
    close_divs = "</div>" * depth
    paras = "\n".join(f"<p>{escape(x)}</p>" for x in lines[1:] if x.strip())
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{title}</title></head>\n'
        f'<body><div class="nav"><a href="/">首页</a> | <a href="/news">新闻</a></div>\n'
        f"<h1>{title}</h1>\n{open_divs}\n{paras}\n{close_divs}\n"
        f'<div class="footer">版权所有</div></body></html>\n'
    )


def encoded(seed: int, i: int, kb: float = 10.0) -> tuple[str, bytes]:
    """(file name, bytes) of document `i`: UTF-8 or GB18030, text or HTML."""
    name, text, fmt = document(seed, i, kb)
    r = random.Random(seed * 7919 + i)
    gb = r.random() < 0.3
    charset = "gb18030" if gb else "utf-8"
    if fmt == "html":
        text = html_page(text, "gbk" if gb else "utf-8", r)
    return name, text.encode(charset)


def generate(out: Path, docs: int, seed: int = 1, kb: float = 10.0, start: int = 0) -> int:
    """Write documents start..start+docs-1 into `out`; returns the bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(start, start + docs):
        name, data = encoded(seed, i, kb)
        (out / name).write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kb", type=float, default=11.0, help="approximate size of a document")
    args = ap.parse_args(argv)
    n = generate(args.out, args.docs, args.seed, args.kb)
    print(f"{args.docs} documents, {n / 1e6:.1f} MB in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
