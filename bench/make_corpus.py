#!/usr/bin/env python3
"""Generate a benchmark corpus of government work reports from the seed corpus and the samples.

    python bench/make_corpus.py                       # 10,000 reports → /tmp/gwr-bench-corpus
    python bench/make_corpus.py OUT_DIR -n 2000 --seed 7 --shared ../shared

Every output file is one report (mostly UTF-8 .txt; a share in GB18030, some
.md and .html), rebuilt from a report of the seed corpus (``SHARED/corpus``)
or of ``samples/``:

* ``gwr`` itself finds each seed report's span, region, years, sections and
  facts (``extract_source``); the seed report becomes a *template*: its lines
  with their section role, the region's names (full, short, parent's) and its
  own level word (全县, 县委, …) replaced by markers, years replaced by offsets
  from the report year (masked 20xx / xxxx years by the role of their section),
  masked names (xx镇) by the region's markers;
* a generated report takes a template, a real region of a fitting level drawn
  from the gazetteer (``gwr.regions``, the shipped division files) and a report year;
  writes a header of its own (title, session line, speaker, 各位代表); keeps the
  headings; shuffles, drops and trims the paragraphs of each section and
  splices in paragraphs of the same section role from other templates;
  perturbs every number (levels ×0.6–1.6, percentages and growth ±2 points,
  format kept) and fills the markers;
* about 2 % are re-posts of an earlier report with other site furniture
  (``duplicate_of`` in the manifest), to exercise near-duplicate detection.

Nothing here names a place, person or number of the corpus: names come from the
gazetteer and from what the pipeline found.  The output derives from
third-party documents and is never committed: it goes to OUT_DIR, with
``manifest.jsonl`` (file, region code, name, level, report_year, duplicate_of…).
Deterministic for a given seed (every report has its own ``random.Random``).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # run from a checkout without an installed gwr
    sys.path.insert(0, str(ROOT / "src"))

DEFAULT_OUT = "/tmp/gwr-bench-corpus"
DEFAULT_SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"

# markers in template text
R_FULL, R_SHORT, P_FULL, P_SHORT, LEVEL = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
YEAR0 = 0xE020  # chr(YEAR0 + k): the report year + k, k in -9..9
MARK_RE = re.compile("[\ue000-\ue0ff]")

REPORT_KINDS = ("official_report", "report_excerpt")
MIN_TEMPLATE_UNITS = 20
LEVEL_GROUP = {"county": "county", "district": "county", "prefecture": "county",
               "town": "town", "township": "town"}
# share of generated reports by level of the region
LEVEL_WEIGHTS = {"county": 40, "district": 28, "prefecture": 8, "town": 17, "township": 7}
FORMAT_WEIGHTS = {("txt", "utf-8"): 78, ("txt", "gb18030"): 12, ("md", "utf-8"): 5, ("html", "utf-8"): 5}
DUP_SHARE = 0.02

_CN = "零一二三四五六七八九"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国伟明军华平志强文永春海晓丽红霞宏杰涛斌勇峰磊波辉刚健俊鹏飞宇浩然思远德清正新光荣立诚林松柏岚雪梅兰芳静敏慧颖"


def cn_num(n: int) -> str:
    """1..99 in Chinese numerals (十九, 二十三)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


# ---------------------------------------------------------------------------
# Templates: seed reports with markers


@dataclass(slots=True)
class Unit:
    kind: str  # "h" heading, "p" paragraph
    role: str  # preamble, review, problems, plan, targets, self_government, other
    depth: int
    text: str
    target: bool = False  # holds a target the pipeline found
    actual: bool = False
    numbered: bool = False  # starts with its own numbering: keeps its slot
    closing: bool = False  # the call that ends a report (让我们…奋斗): always last


@dataclass(slots=True)
class Template:
    name: str
    level: str
    year: int | None  # report year of the seed, None when masked
    units: list[Unit] = field(default_factory=list)
    whole: bool = False  # a whole report: may serve as the frame of generated ones (else donor only)

    @property
    def has_targets(self) -> bool:
        return any(u.target for u in self.units)


NUMBERING_RE = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．]|第[一二三四五六七八九十]+[，,、是])")
HEADER_END_RE = re.compile(r"^\s*各位代表[:：!！，,]?\s*$")
MD_HEADING_RE = re.compile(r"^#{1,6}\s*")
YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=\s*年|[-－/.]\d{1,2}[-－/.]\d{1,2})")
MASKED_YEAR_RE = re.compile(r"(?<![\dA-Za-z])(?:20[xX]{2}|[xX]{2}(?:[xX]{2})?)(?=\s*年)")
MASKED_NAME_RE = re.compile(r"(?<![A-Za-z\d])[xX]{2}(?:[xX]{2})?(?![A-Za-z\d届])")


def _short(place) -> str:
    from gwr.regions import gazetteer

    s = gazetteer()._stem(place)
    return s if len(s) >= 2 else place.name


def _level_char(name: str) -> str:
    for suffix, ch in (("自治县", "县"), ("自治州", "州"), ("自治旗", "旗"), ("林区", "区"), ("民族乡", "乡")):
        if name.endswith(suffix):
            return ch
    return name[-1]


def _level_word_re(ch: str) -> re.Pattern:
    return re.compile(rf"(?<=[全我本该]){ch}|{ch}(?=委|党委|政府|人民政府|人大|政协|长|域|直|级)")


def _names_of(doc) -> tuple[list[tuple[str, str]], str | None]:
    """(name, marker) pairs of the document's region and its parent, longest first; the level char."""
    from gwr.regions import gazetteer

    g = gazetteer()
    reg = doc.region
    pairs: list[tuple[str, str]] = []
    ch = None
    if reg is not None and reg.name:
        ch = _level_char(reg.name)
        pairs.append((reg.name, R_FULL))
        if reg.full_name and reg.full_name != reg.name:
            pairs.append((reg.full_name, R_FULL))
        place = None
        if reg.code and reg.level not in ("town", "township"):
            place = g.get(reg.code)
        short = _short(place) if place is not None else reg.name
        if place is None:  # not in the dataset (the samples' invented names): strip the level suffix
            for suf in ("自治县", "自治州", "县", "区", "市", "镇", "乡", "州", "旗"):
                if reg.name.endswith(suf) and len(reg.name) - len(suf) >= 2:
                    short = reg.name[: -len(suf)]
                    break
        if short != reg.name:
            pairs.append((short, R_SHORT))
        pcode = reg.parent_code if reg.level not in ("prefecture",) or reg.parent_code else None
        parent = g.get(pcode) if pcode else None
        if parent is not None and parent.level != "province":
            pairs.append((parent.name, P_FULL))
            ps = _short(parent)
            if ps != parent.name:
                pairs.append((ps, P_SHORT))
    elif reg is not None and reg.level:
        ch = {"town": "镇", "township": "乡", "county": "县", "district": "区", "prefecture": "市"}.get(reg.level)
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs, ch


def _templatize(line: str, role: str, pairs, level_re, year: int | None) -> str:
    for name, mark in pairs:
        line = line.replace(name, mark)

    def year_sub(m: re.Match) -> str:
        y = int(m.group(1))
        if year is None:
            return m.group(0)
        k = y - year
        if -9 <= k <= 3:
            return chr(YEAR0 + k)
        return m.group(0)

    line = YEAR_RE.sub(year_sub, line)
    ahead = role in ("plan", "targets") or (role == "self_government")
    line = MASKED_YEAR_RE.sub(chr(YEAR0 + (0 if ahead else -1)), line)
    if level_re is not None:
        line = level_re.sub(LEVEL, line)
        line = re.sub(r"(?<![A-Za-z\d])[xX]{2,4}" + LEVEL, R_FULL, line)
    line = MASKED_NAME_RE.sub(R_SHORT, line)
    return line


def _guess_year(doc, text: str) -> int | None:
    if doc.report_year:
        return doc.report_year
    years: dict[int, int] = {}
    for m in YEAR_RE.finditer(text):
        y = int(m.group(1))
        if 1990 <= y <= 2030:
            years[y] = years.get(y, 0) + 1
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y)) + 1


def make_template(name: str, source, doc) -> Template | None:
    text = source.text
    s, e = doc.span
    body = text[s:e]
    lines = body.split("\n")
    if len([ln for ln in lines if ln.strip()]) < 8:
        return None
    pairs, ch = _names_of(doc)
    level = doc.region.level if doc.region else None
    if level not in LEVEL_GROUP:
        return None
    year = _guess_year(doc, body)
    level_re = _level_word_re(ch) if ch else None
    heads = {sec.heading_span[0]: sec for sec in doc.sections}
    secs = sorted(doc.sections, key=lambda x: x.span[0])
    tgt = [t["span"][0] for t in doc.targets]
    act = [a["span"][0] for a in doc.actuals]
    t = Template(name, level, year)
    off = s
    header_done = False
    first_sec = secs[0].span[0] if secs else e
    for i, ln in enumerate(lines):
        ls, le = off, off + len(ln)
        off = le + 1
        raw = ln.strip()
        if not raw:
            continue
        if not header_done:
            if HEADER_END_RE.match(raw):
                header_done = True
                continue
            if i < 15 and ls < first_sec and len(raw) < 60:
                continue  # title, session line, speaker, site furniture: the generator writes its own
            header_done = True
        lead = len(ln) - len(ln.lstrip(" \t\u3000#"))
        sec = heads.get(ls + lead) or heads.get(ls)
        role = "preamble"
        depth = 0
        for x in secs:
            if x.span[0] <= ls < x.span[1] or x.span[0] <= ls + lead < x.span[1]:
                role, depth = x.role, x.depth
        if sec is not None and len(raw) < 60:
            raw = MD_HEADING_RE.sub("", raw)
            t.units.append(Unit("h", sec.role, sec.depth, _templatize(raw, sec.role, pairs, level_re, year)))
            continue
        if role == "preamble" and HEADER_END_RE.match(raw):
            continue
        u = Unit("p", role, depth, _templatize(MD_HEADING_RE.sub("", raw), role, pairs, level_re, year))
        u.target = any(ls <= x < le for x in tgt)
        u.actual = any(ls <= x < le for x in act)
        u.numbered = bool(NUMBERING_RE.match(raw))
        t.units.append(u)
    if not any(u.role in ("review", "plan", "targets") for u in t.units):
        return None
    from gwr.parse.genre import pattern

    closing = pattern("closing")
    paras = [u for u in t.units if u.kind == "p"]
    for u in paras[-3:]:
        if closing.search(u.text[-60:]):
            u.closing = True
    return t


def load_templates(shared: Path, samples: Path = SAMPLES) -> list[Template]:
    from gwr.pipeline import extract_source
    from gwr.read import read_file

    files = sorted((shared / "corpus").glob("*.txt")) + sorted(p for p in samples.iterdir() if p.is_file())
    out = []
    for p in files:
        res = extract_source(read_file(p))
        for doc in res.documents:
            if doc.kind in REPORT_KINDS:
                t = make_template(f"{p.name}#{doc.index}", res.source, doc)
                if t is not None:
                    t.whole = doc.kind == "official_report" and len(t.units) >= MIN_TEMPLATE_UNITS
                    out.append(t)
    return out


# ---------------------------------------------------------------------------
# Regions


@dataclass(slots=True)
class Target:
    name: str
    short: str
    level: str
    code: str | None
    parent: str  # nearest ancestor below the province ("" when none)
    parent_short: str
    province: str
    ambiguous: bool
    parent_code: str | None


def region_pools() -> dict[str, list[Target]]:
    from gwr.regions import gazetteer

    g = gazetteer()
    pools: dict[str, list[Target]] = {lv: [] for lv in LEVEL_WEIGHTS}
    for p in g:
        if p.level not in pools or not p.code or len(p.name) < 2:
            continue
        anc = g.ancestors(p)
        prov = anc[0].name if anc else ""
        near = anc[-1] if anc and anc[-1].level != "province" else None
        if p.level in ("town", "township"):
            if near is None or near.level not in ("county", "district"):
                continue
            if not p.name.endswith(("镇", "乡")):
                continue
            short = p.short if len(p.short) >= 2 else p.name
        else:
            if len(g._stem(p)) < 2:  # 郊区, 城区: generic words more than names
                continue
            short = _short(p)
        pools[p.level].append(Target(
            p.name, short, p.level, p.code, near.name if near else "",
            _short(near) if near else "", prov, len(g.lookup(p.name)) > 1,
            near.code if near else (anc[0].code if anc else None)))
    return pools


# ---------------------------------------------------------------------------
# Numbers

NUM_RE = re.compile(r"(?<![A-Za-z\d.])(\d+(?:\.\d+)?)(?![\dA-Za-z])")
KEEP_AFTER = ("月", "日", "时", "届", "次会", "号", "周年", "年", "季度", "点", "分", "个月", "天", "级")
GROWTH_WORDS = ("增长", "下降", "提高", "增加", "回落", "减少", "增速", "增幅", "降低", "上涨", "上升", "高于", "低于")


def _fmt(x: float, decimals: int, zeros: int) -> str:
    if decimals:
        return f"{x:.{decimals}f}"
    n = int(round(x))
    if zeros:
        q = 10 ** zeros
        n = max(q, int(round(n / q)) * q)
    return str(n)


def perturb_numbers(text: str, rng: random.Random) -> str:
    scale = rng.uniform(0.6, 1.6)
    delta = rng.uniform(-2, 2)

    def sub(m: re.Match) -> str:
        s = m.group(1)
        a, b = m.start(), m.end()
        after = text[b:b + 3]
        if after.startswith(KEEP_AFTER) or text[a - 1:a] == "第" or a == 0 and after[:1] in ".、．":
            return s
        decimals = len(s) - s.index(".") - 1 if "." in s else 0
        v = float(s)
        if after.startswith(("%", "％", "个百分点")):
            if v >= 100 and not any(w in text[max(0, a - 8):a] for w in GROWTH_WORDS):
                return s
            nv = v + delta + rng.uniform(-0.3, 0.3)
            if v > 0 and nv <= 0:
                nv = v / 2
            if v <= 100 and nv > 100:
                nv = 100.0 if decimals == 0 else 99.9
            if decimals == 0 and v >= 1:
                nv = max(1.0, nv)
            return _fmt(nv, decimals, 0)
        if v == 0:
            return s
        zeros = 0 if decimals else len(s) - len(s.rstrip("0"))
        zeros = min(zeros, len(s) - 1)
        nv = v * scale * rng.uniform(0.92, 1.08)
        if decimals == 0 and nv < 1:
            nv = 1
        return _fmt(nv, decimals, zeros)

    return NUM_RE.sub(sub, text)


# ---------------------------------------------------------------------------
# One report


HEAD_WORD = {"县": "县长", "区": "区长", "市": "市长", "旗": "旗长", "州": "州长", "盟": "盟长", "镇": "镇长", "乡": "乡长"}


def _fill(text: str, tgt: Target, year: int, ch: str) -> str:
    def sub(m: re.Match) -> str:
        c = m.group(0)
        if c == R_FULL:
            return tgt.name
        if c == R_SHORT:
            return tgt.short
        if c == P_FULL:
            return tgt.parent or tgt.province
        if c == P_SHORT:
            return tgt.parent_short or tgt.province
        if c == LEVEL:
            return ch
        k = ord(c) - YEAR0
        if -9 <= k <= 9:
            return str(year + k)
        return ""

    return MARK_RE.sub(sub, text)


def _strip_numbering(text: str) -> str:
    return NUMBERING_RE.sub("", text, count=1)


def _trim(text: str, rng: random.Random, p: float) -> str:
    parts = re.split(r"(?<=[。；;！])", text)
    if len(parts) <= 2:
        return text
    kept = [parts[0]] + [x for x in parts[1:] if x and rng.random() >= p]
    return "".join(kept)


def build_body(templates: list[Template], donors: dict[str, list[tuple[int, Unit]]], ti: int,
               rng: random.Random) -> list[Unit]:
    """The template's units after shuffling, dropping, trimming and splicing (markers still in)."""
    t = templates[ti]
    out: list[Unit] = []
    # group paragraphs between headings
    groups: list[tuple[Unit | None, list[Unit]]] = [(None, [])]
    for u in t.units:
        if u.kind == "h":
            groups.append((u, []))
        else:
            groups[-1][1].append(u)
    has_target = t.has_targets
    closings = [u for u in t.units if u.closing]
    p_drop, p_trim = rng.uniform(0.2, 0.4), rng.uniform(0.2, 0.35)
    for head, paras in groups:
        paras = [u for u in paras if not u.closing]
        if head is not None:
            out.append(head)
        role = head.role if head is not None else (paras[0].role if paras else "preamble")
        kept: list[Unit] = []
        for u in paras:
            if u.target:
                kept.append(u)
                continue
            if u.actual:
                if rng.random() < 0.93:
                    kept.append(Unit(u.kind, u.role, u.depth, _trim(u.text, rng, 0.08), u.target, u.actual, u.numbered))
                continue
            if role != "preamble" and rng.random() < p_drop:
                continue
            kept.append(Unit(u.kind, u.role, u.depth, _trim(u.text, rng, p_trim), u.target, u.actual, u.numbered))
        # shuffle the unnumbered paragraphs among their own slots
        free = [i for i, u in enumerate(kept) if i and not u.numbered and not u.target and role != "preamble"]
        moved = [kept[i] for i in free]
        rng.shuffle(moved)
        for i, u in zip(free, moved):
            kept[i] = u
        # splice paragraphs of the same role from other templates
        pool = donors.get(role, [])
        if role != "preamble" and pool:
            n = rng.choice((1, 1, 2, 2, 3, 4)) if paras else rng.choice((0, 1, 2))
            for _ in range(n):
                di, du = pool[rng.randrange(len(pool))]
                if di == ti:
                    continue
                txt = _trim(_strip_numbering(du.text), rng, p_trim)
                kept.insert(rng.randint(0, len(kept)), Unit("p", role, du.depth, txt, False, du.actual, False))
        out.extend(kept)
        if not has_target and head is not None and role in ("plan", "targets") and donors.get("targets"):
            # a template without targets borrows a paragraph of them at its first plan heading
            di, du = donors["targets"][rng.randrange(len(donors["targets"]))]
            out.append(Unit("p", "targets", du.depth, _strip_numbering(du.text), True, False, False))
            has_target = True
    if not closings and donors.get("closing"):
        closings = [donors["closing"][rng.randrange(len(donors["closing"]))][1]]
    out.extend(closings)
    return out


@dataclass(slots=True)
class Plan:
    index: int
    template: int
    target: Target
    year: int
    fmt: str
    encoding: str
    duplicate_of: int | None = None


def _header(tgt: Target, year: int, rng: random.Random) -> tuple[list[str], str]:
    """Title, session line and speaker; the report's title."""
    ch = _level_char(tgt.name)
    y0 = year - 1
    if rng.random() < 0.6:
        date = f"{year}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"
    else:
        date = f"{y0}年12月{rng.randint(18, 31)}日"
    town = tgt.level in ("town", "township")
    where = tgt.name
    if not town and (tgt.ambiguous or rng.random() < 0.3):
        where = (tgt.parent or tgt.province) + tgt.name
    session = f"{where}第{cn_num(rng.randint(2, 19))}届人民代表大会第{cn_num(rng.randint(1, 7))}次会议"
    titles = ["政府工作报告", f"{year}年{tgt.name}政府工作报告", f"{tgt.name}{year}年政府工作报告",
              "政 府 工 作 报 告", f"{tgt.name}人民政府工作报告"]
    title = rng.choice(titles)
    organ = tgt.name
    if town:  # a town's name is rarely unique: its county goes in the title or the speaker's line
        if rng.random() < 0.5:
            title = f"{tgt.parent}{tgt.name}{year}年政府工作报告"
        else:
            organ = tgt.parent + tgt.name
    speaker = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    lines = [title, rng.choice((f"——{date}在{session}上", f"（{date}在{session}上）", f"{date}在{session}上")),
             f"{organ}人民政府{rng.choice(('', '代'))}{HEAD_WORD.get(ch, '主要负责人')}　{speaker}", "各位代表："]
    return lines, title


def _furniture(tgt: Target, year: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Site lines above and below the report: source, date, hits, print links."""
    top: list[str] = []
    if rng.random() < 0.5:
        top.append(rng.choice(("当前位置：首页 > 政务公开 > 政府工作报告", "首页 > 信息公开 > 规划计划",
                               "您当前的位置：首页 > 政务公开 > 重要文件")))
    if rng.random() < 0.6:
        top.append(f"来源：{tgt.name}人民政府{rng.choice(('办公室', '网', '研究室'))}　"
                   f"发布时间：{year}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}")
    if rng.random() < 0.4:
        top.append(f"浏览次数：{rng.randint(1, 20000)}　【字体：大 中 小】")
    bottom: list[str] = []
    if rng.random() < 0.5:
        bottom.append(rng.choice(("【打印本页】【关闭窗口】", "扫一扫在手机打开当前页", "分享到：微信 微博 QQ空间")))
    if rng.random() < 0.4:
        bottom.append(f"主办：{tgt.name}人民政府办公室　版权所有")
    return top, bottom


def render(lines_head: list[str], body: list[tuple[str, int, str]], top: list[str], bottom: list[str],
           fmt: str, title: str) -> str:
    """body: (kind, depth, text)."""
    if fmt == "md":
        out = [f"# {lines_head[0]}", ""] + [x for h in lines_head[1:] for x in (h, "")]
        for kind, depth, text in body:
            out += [("#" * min(6, depth + 1) + " " + text) if kind == "h" else text, ""]
        return "\n".join(top + [""] + out + bottom) + "\n"
    if fmt == "html":
        import html as _h

        e = _h.escape
        parts = ["<!DOCTYPE html>", "<html lang=\"zh-CN\">", "<head>", "<meta charset=\"utf-8\">",
                 f"<title>{e(title)}</title>", "</head>", "<body>", "<div class=\"nav\">"]
        parts += [f"<p>{e(x)}</p>" for x in top]
        parts += ["</div>", "<div class=\"article\">", f"<h1>{e(lines_head[0])}</h1>"]
        parts += [f"<p style=\"text-align: center;\">{e(x)}</p>" for x in lines_head[1:-1]]
        parts.append(f"<p>{e(lines_head[-1])}</p>")
        for kind, depth, text in body:
            if kind == "h":
                parts.append(f"<h{min(6, depth + 1)}>{e(text)}</h{min(6, depth + 1)}>")
            else:
                parts.append(f"<p style=\"text-indent: 2em;\">{e(text)}</p>")
        parts += ["</div>", "<div class=\"footer\">"] + [f"<p>{e(x)}</p>" for x in bottom]
        parts += ["</div>", "</body>", "</html>"]
        return "\n".join(parts) + "\n"
    out = top + ([""] if top else []) + lines_head
    for kind, depth, text in body:
        out.append(text if kind == "h" else "　　" + text)
    if bottom:
        out += [""] + bottom
    return "\n".join(out) + "\n"


class Generator:
    def __init__(self, shared: Path, seed: int = 0, samples: Path = SAMPLES, dup_share: float = DUP_SHARE):
        self.seed = seed
        self.dup_share = dup_share
        self.templates = load_templates(shared, samples)
        if not self.templates:
            raise SystemExit(f"no report found in {shared / 'corpus'} nor {samples}")
        self.donors: dict[str, list[tuple[int, Unit]]] = {}
        for i, t in enumerate(self.templates):
            for u in t.units:
                if u.closing:
                    self.donors.setdefault("closing", []).append((i, u))
                elif u.kind == "p" and len(u.text) >= 30:
                    self.donors.setdefault(u.role, []).append((i, u))
                    if u.target:
                        self.donors.setdefault("targets", []).append((i, u))
        self.donors["targets"] = [(i, u) for i, u in self.donors.get("targets", []) if u.target]
        self.pools = region_pools()
        self.by_group: dict[str, list[int]] = {}
        for i, t in enumerate(self.templates):
            if t.whole:
                self.by_group.setdefault(LEVEL_GROUP[t.level], []).append(i)

    # the plan of every report, in order: regions come in panels of consecutive years
    def plans(self, n: int) -> list[Plan]:
        rng = random.Random(f"{self.seed}:plan")
        levels = [lv for lv in LEVEL_WEIGHTS if self.pools[lv] and LEVEL_GROUP[lv] in self.by_group]
        weights = [LEVEL_WEIGHTS[lv] for lv in levels]
        used: set[tuple[str, str | None, str]] = set()
        out: list[Plan] = []
        fmts = list(FORMAT_WEIGHTS)
        fw = list(FORMAT_WEIGHTS.values())
        spans = (1, 1, 2, 3, 4, 5, 6)  # years in a region's panel
        k_mean = sum(spans) / len(spans)
        # a step adds one re-post or a whole panel: this chance makes re-posts DUP_SHARE of the reports
        s = self.dup_share
        p_dup = s * k_mean / (1 - s + s * k_mean)
        while len(out) < n:
            if out and rng.random() < p_dup:
                src = out[rng.randrange(len(out))]
                while src.duplicate_of is not None:
                    src = out[src.duplicate_of]
                f, enc = fmts[0] if rng.random() < 0.7 else rng.choices(fmts, fw)[0]
                out.append(Plan(len(out), src.template, src.target, src.year, f, enc, src.index))
                continue
            lv = rng.choices(levels, weights)[0]
            pool = self.pools[lv]
            tgt = pool[rng.randrange(len(pool))]
            key = (tgt.name, tgt.code, tgt.parent)
            if key in used:
                continue
            used.add(key)
            k = rng.choice(spans)
            start = rng.randint(2008, 2025 - k + 1)
            cands = self.by_group[LEVEL_GROUP[lv]]
            for year in range(start, start + k):
                if len(out) >= n:
                    break
                tw = [(3.0 if self.templates[i].has_targets else 1.0)
                      / (1 + abs((self.templates[i].year or 2015) - year) / 4) for i in cands]
                ti = rng.choices(cands, tw)[0]
                f, enc = rng.choices(fmts, fw)[0]
                out.append(Plan(len(out), ti, tgt, year, f, enc))
        return out

    def report(self, plan: Plan) -> tuple[str, str]:
        """The text of one report and its title."""
        src = plan if plan.duplicate_of is None else None
        body_rng = random.Random(f"{self.seed}:{plan.index if src else plan.duplicate_of}")
        tgt, year = plan.target, plan.year
        ch = _level_char(tgt.name)
        units = build_body(self.templates, self.donors, plan.template, body_rng)
        head, title = _header(tgt, year, body_rng)
        body = [(u.kind, u.depth, perturb_numbers(_fill(u.text, tgt, year, ch), body_rng) if u.kind == "p"
                 else _fill(u.text, tgt, year, ch)) for u in units]
        furn_rng = random.Random(f"{self.seed}:{plan.index}:furniture")
        top, bottom = _furniture(tgt, year, furn_rng)
        if plan.duplicate_of is not None and not top and not bottom:
            top = [f"转载自{tgt.name}人民政府网"]
        return render(head, body, top, bottom, plan.fmt, title), title


def generate(out_dir, n_reports: int = 10_000, seed: int = 0, shared: Path = DEFAULT_SHARED,
             samples: Path = SAMPLES, progress: bool = False, dup_share: float = DUP_SHARE) -> dict:
    """Write ``n_reports`` report files and ``manifest.jsonl`` into ``out_dir``; return stats."""
    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(Path(shared), seed, Path(samples), dup_share)
    t_load = time.perf_counter() - t0
    total = 0
    by_fmt: dict[str, int] = {}
    by_level: dict[str, int] = {}
    dups = 0
    plans = gen.plans(n_reports)
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as man:
        names: list[str] = []
        for p in plans:
            text, _ = gen.report(p)
            ext = {"txt": "txt", "md": "md", "html": "html"}[p.fmt]
            tag = "_gb18030" if p.encoding != "utf-8" else ""
            name = f"{p.index:05d}_{p.target.code or 'x'}_{p.year}{tag}.{ext}"
            names.append(name)
            data = text.encode(p.encoding)
            (out / name).write_bytes(data)
            total += len(data)
            by_fmt[f"{p.fmt}/{p.encoding}"] = by_fmt.get(f"{p.fmt}/{p.encoding}", 0) + 1
            by_level[p.target.level] = by_level.get(p.target.level, 0) + 1
            dups += p.duplicate_of is not None
            man.write(json.dumps({
                "file": name, "code": None if p.target.level in ("town", "township") else p.target.code,
                "parent_code": p.target.parent_code, "name": p.target.name, "level": p.target.level,
                "parent": p.target.parent or p.target.province, "report_year": p.year,
                "review_year": p.year - 1, "format": p.fmt, "encoding": p.encoding,
                "template": gen.templates[p.template].name,
                "duplicate_of": names[p.duplicate_of] if p.duplicate_of is not None else None,
            }, ensure_ascii=False) + "\n")
            if progress and (p.index + 1) % 1000 == 0:
                print(f"[make_corpus] {p.index + 1} reports, {total / 1e6:.1f} MB, "
                      f"{time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return {"dir": str(out), "reports": len(plans), "bytes": total, "duplicates": dups,
            "templates": len(gen.templates), "seconds": round(time.perf_counter() - t0, 2),
            "load_seconds": round(t_load, 2), "formats": by_fmt, "levels": by_level}


def shingles(text: str, k: int = 5) -> set[str]:
    """Character k-shingles of a text with its whitespace removed."""
    t = "".join(text.split())
    return {t[i:i + k] for i in range(len(t) - k + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def check(out_dir, n: int = 200, seed: int = 0) -> dict:
    """Run the real pipeline over ``n`` generated files (a seeded sample) against the manifest.

    A file passes when it holds exactly one ``official_report`` whose region
    (name, code, parent code) and report year are the intended ones.  Also
    counts targets/actuals and the other documents the files split into, and
    the highest Jaccard (character 5-shingles) between two non-duplicate files
    of the sample.
    """
    from gwr.pipeline import extract_file

    out = Path(out_dir)
    man = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    pick = sorted(random.Random(f"{seed}:check").sample(range(len(man)), min(n, len(man))))
    r = {"checked": len(pick), "one_report": 0, "region_ok": 0, "year_ok": 0, "all_ok": 0,
         "with_targets": 0, "with_actuals": 0, "other_documents": {}, "failures": []}
    sh: dict[str, set] = {}
    for i in pick:
        m = man[i]
        res = extract_file(out / m["file"])
        sh[m["file"]] = shingles(res.source.text)
        reps = [d for d in res.documents if d.kind == "official_report"]
        for d in res.documents:
            if d.kind != "official_report":
                r["other_documents"][d.kind] = r["other_documents"].get(d.kind, 0) + 1
        if len(reps) != 1:
            r["failures"].append({"file": m["file"], "kinds": [d.kind for d in res.documents]})
            continue
        d = reps[0]
        r["one_report"] += 1
        reg = d.region
        rok = (reg is not None and reg.name == m["name"] and reg.code == m["code"]
               and reg.parent_code == m["parent_code"])
        yok = d.report_year == m["report_year"]
        r["region_ok"] += rok
        r["year_ok"] += yok
        r["all_ok"] += rok and yok
        r["with_targets"] += bool(d.targets)
        r["with_actuals"] += bool(d.actuals)
        if not (rok and yok):
            r["failures"].append({"file": m["file"], "want": [m["name"], m["code"], m["report_year"]],
                                  "got": [reg and reg.name, reg and reg.code, d.report_year]})
    dup = {m["file"]: m["duplicate_of"] for m in man}
    files = list(sh)
    worst = (0.0, None, None)
    for a_i, a in enumerate(files):
        for b in files[a_i + 1:]:
            if dup[a] == b or dup[b] == a or (dup[a] and dup[a] == dup[b]):
                continue
            j = jaccard(sh[a], sh[b])
            if j > worst[0]:
                worst = (j, a, b)
    r["max_jaccard_non_duplicates"] = [round(worst[0], 3), worst[1], worst[2]]
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    ap.add_argument("-n", "--reports", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shared", default=str(DEFAULT_SHARED), help="folder holding corpus/ (default ../shared)")
    ap.add_argument("--samples", default=str(SAMPLES), help=argparse.SUPPRESS)
    ap.add_argument("--check", type=int, default=0, metavar="N",
                    help="then run gwr over N generated files and compare with the manifest")
    ap.add_argument("--check-only", action="store_true", help="check OUT_DIR as it is; generate nothing")
    args = ap.parse_args(argv)
    if not args.check_only:
        stats = generate(args.out, args.reports, args.seed, Path(args.shared), Path(args.samples), progress=True)
        print(json.dumps(stats, ensure_ascii=False, indent=1))
    if args.check or args.check_only:
        print(json.dumps(check(args.out, args.check or 200, args.seed), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
