"""Web pages: keep the article, drop the portal around it.

Government pages wrap a report in navigation, menus, share bars and footers.
The article is found by text density (Chinese characters outside links, the
way readability-style extractors do it) and written out one line per block
element, each line a Block that points back to its element.  Link text never
counts as prose: lines and table cells made of links (menus, breadcrumbs,
"print / close" bars), lists of attached files and the 信息公开 metadata
table (索引号, 发布机构, …) are dropped, and the page <title> is only used when
the article has no heading of its own.

The HTML parser (lexbor) costs time in the square of the nesting depth of
unclosed elements (100k nested ``<div>``: a minute), so the markup is first
measured in one linear pass (:func:`check_markup`): a page nested deeper than
``MAX_DEPTH`` or with more than ``MAX_ELEMENTS`` elements is refused with one line.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import ComplexityError, DecodeError, EmptyFileError
from ..model import Block
from .encoding import Decoded, decode_declared, decode_text
from .text import Extracted

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""")

_DROP = frozenset({
    "script", "style", "noscript", "nav", "footer", "aside", "form", "iframe",
    "template", "svg", "button", "select", "option", "input", "textarea",
    "object", "embed", "canvas", "map", "audio", "video", "head", "title",
    "link", "meta", "base",
})
_BLOCK = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "tbody", "thead", "tfoot", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "section", "article", "main", "header", "center", "address",
    "figure", "figcaption", "hr", "caption", "details", "summary", "fieldset",
    "body", "html", "legend",
})
# Children that are layout, not prose: their text does not vote for the parent.
_CONTAINERS = frozenset({
    "div", "section", "article", "main", "table", "tbody", "thead", "tfoot",
    "tr", "td", "th", "ul", "ol", "dl", "body", "center", "form", "header",
})
_PROTECTED = frozenset({"html", "body", "main", "article"})
_JUNK_SUBSTR = re.compile(
    r"nav|menu|footer|sidebar|breadcrumb|crumb|share|comment|copyright|toolbar|"
    r"pagination|pager|login|dqwz|weizhi|advert|bdshare|friendlink|youqing")
_JUNK_WORD = re.compile(
    r"(?:^|[-_])(?:foot|bottom|header|head|top|side|position|location|search|"
    r"related|banner|ads?|links?|tools?|print)(?:$|[-_\d])")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What a line "weighs" when judging its link share: CJK, letters and digits.
_WEIGHT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")
_FILE_LINK = re.compile(r"\.(?:docx?|pdf|xlsx?|zip|rar|7z|wps|et|ofd|pptx?|ceb)\s*(?:$|[?#])", re.I)
_ATTACH_LABEL = re.compile(r"^(?:相关)?附\s*件(?:下载|列表)?\s*[:：]?$")
_ATTACH_PREFIX = re.compile(r"^[\s\u3000\u00a0]*(?:相关)?附\s*件(?:下载|列表)?\s*[:：]")
# Labels of the 政府信息公开 metadata table that government CMSs put above an article.
_META_STRONG = (r"索引号|发布机构|发文机关|发文机构|生成日期|成文日期|发文字号|文号|"
                r"主题分类|体裁分类|组配分类|服务对象分类|信息分类|公开方式|公开范围|公开时限|"
                r"有效性|效力状况|公文种类|主题词|所属机构|内容分类|公开形式")
_META_LABEL = re.compile(
    r"^(?:" + _META_STRONG + r"|分类|发布日期|发文日期|印发日期|公开日期|名称|标题|关键词|"
    r"时效|来源|信息来源|发布时间|发布单位|责任部门|信息格式|载体类型|编号|统一编号)[:：]?(?=$|[:：])")
_META_STRONG_RE = re.compile(r"^(?:" + _META_STRONG + r")[:：]?(?=$|[:：])")
_LABEL_SPACE = re.compile(r"[\s\u00a0\u3000]+")
_TITLE_CLASS = re.compile(r"title|tit(?:$|[-_\d])|biaoti|headline|heading|(?:^|[-_])bt(?:$|[-_\d])")
_SENTENCE_END = re.compile(r"[。！？；!?;]\s*[”’」』）)]?\s*$")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACES = re.compile(r"[ \t\n\r\f]+")
_RUN = re.compile(r" {2,}")


MAX_DEPTH = 2000  # government pages nest 20-60 deep
MAX_ELEMENTS = 500_000  # a long report page has a few thousand
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})\b[^<>]{0,2000}?(/?)>")
# elements that never nest (void) or that the parser closes by itself when a sibling opens
_FLAT = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr", "keygen", "p", "li", "td", "th", "tr", "dt", "dd", "option",
                   "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp",
                   "html", "head", "body"})


def check_markup(text: str) -> None:
    """Refuse markup nested past ``MAX_DEPTH`` or with more than ``MAX_ELEMENTS`` elements.

    Depth is counted over the tags as written (opening minus closing, leaving out elements
    that cannot nest), an upper bound of what the parser builds, in one pass over the text."""
    depth = elements = 0
    for m in _TAG.finditer(text):
        elements += 1
        if elements > MAX_ELEMENTS:
            raise ComplexityError(f"more than {MAX_ELEMENTS:,} HTML elements; not read")
        name = m.group(2).lower()
        if name in _FLAT or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                raise ComplexityError(f"HTML nested more than {MAX_DEPTH:,} elements deep "
                                      "(unclosed tags); not read")


def read_html(data: bytes) -> Extracted:
    decoded = decode_html(data)
    check_markup(decoded.text)
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(decoded.text)
    body = tree.body
    if body is None:
        raise EmptyFileError("no text found in the HTML page")
    stats = _score(body)
    root = _main_container(body, stats)
    lines = _Lines(stats, stats[root.mem_id][0], drop_header=root.tag in ("body", "html"))
    lines.walk(root)
    if not lines.lines:  # a title alone is not a document
        raise EmptyFileError("no text found in the HTML page")
    if not lines.has_h1 and not lines.heading_at_top():
        above = _heading_above(root, stats, stats[root.mem_id][0])
        if above is not None:
            lines.lines[:0] = above.lines
            lines.nodes[:0] = above.nodes
        else:
            title_node = tree.css_first("title")
            title = _SPACES.sub(" ", title_node.text()).strip() if title_node else ""
            if title and lines.lines[0][0] != title:
                lines.lines.insert(0, (title, {"element": "title", "css_path": "title"}))
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for i, (line, loc) in enumerate(lines.lines):
        blocks.append(Block(pos, pos + len(line), {"element": loc["element"], "index": i,
                                                   "css_path": loc["css_path"]}))
        parts.append(line)
        pos += len(line) + 1
    return Extracted("\n".join(parts), decoded.encoding, blocks, decoded.warnings)


def decode_html(data: bytes) -> Decoded:
    """Honour the page's own charset declaration; detect when it lies."""
    head = data[:16384]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        label = m.group(1).decode("ascii", "replace")
        got = decode_declared(data, label)
        if got is not None:
            return got
        try:
            detected: Decoded | None = decode_text(data)
        except DecodeError:
            detected = None
        if detected is None or detected.warnings:
            # A page damaged in transit: trust its declaration over a guess.
            damaged = decode_declared(data, label, lenient=True)
            if damaged is not None:
                return damaged
        if detected is None:
            raise DecodeError(f"cannot decode as the declared charset {label} "
                              "nor as any detected encoding")
        detected.warnings.append(
            f"page declares charset {label} but is not; decoded as {detected.encoding}")
        return detected
    return decode_text(data)


def _cjk(text: str) -> int:
    return len(_CJK.findall(text))


def _children(node: Any):
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _link_kind(node: Any) -> int:
    """0: not a link (a bare ``<a name>`` anchor), 1: a link, 2: a link to a file."""
    attrs = node.attributes
    href = attrs.get("href")
    if not href and ("name" in attrs or "id" in attrs):
        return 0
    if href and _FILE_LINK.search(href.strip()):
        return 2
    text = node.text(deep=True) or ""
    return 2 if _FILE_LINK.search(text.strip()) else 1


def _score(body: Any) -> dict[int, list]:
    """Per element: [prose CJK in subtree, all CJK in subtree, prose CJK voting
    for it as a paragraph parent, node, CJK in links to files].  Prose means
    text outside links."""
    stats: dict[int, list] = {}
    # stack entries: node, iterator over children, stats row, link kind (0 none, 1, 2 file)
    row = [0, 0, 0, body, 0]
    stats[body.mem_id] = row
    stack = [(body, _children(body), row, 0)]
    while stack:
        node, it, row, link = stack[-1]
        child = next(it, None)
        if child is None:
            stack.pop()
            if stack:
                parent = stack[-1][2]
                parent[0] += row[0]
                parent[1] += row[1]
                parent[4] += row[4]
                if node.tag not in _CONTAINERS:
                    parent[2] += row[0]
            continue
        tag = child.tag
        if tag == "-text":
            n = _cjk(child.text_content or "")
            row[1] += n
            if not link:
                row[0] += n
                row[2] += n
            elif link == 2:
                row[4] += n
        elif tag and tag[0] not in "-_!" and tag not in _DROP and not _hidden(child):
            crow = [0, 0, 0, child, 0]
            stats[child.mem_id] = crow
            clink = link or (_link_kind(child) if tag == "a" else 0)
            stack.append((child, _children(child), crow, clink))
    return stats


def _main_container(body: Any, stats: dict[int, list]) -> Any:
    """The element holding the article: the best paragraph parent, widened while
    its parent adds little prose (a title, a date line) but never into a layout
    that sets a column of links (a menu) beside it."""
    total = stats[body.mem_id][0]
    if total < 200:
        return body
    for row in stats.values():
        if row[3].tag in ("article", "main") and row[0] >= 0.6 * total:
            return row[3]
    best = max(stats.values(), key=lambda r: r[2])
    node = best[3]
    if best[0] < 0.3 * total:
        return body
    while True:
        parent = node.parent
        if parent is None or parent.tag in ("body", "html") or parent.mem_id not in stats:
            return node
        mine, theirs = stats[node.mem_id], stats[parent.mem_id]
        more_prose = theirs[0] >= 1.3 * mine[0]
        small_wrapper = (theirs[0] - mine[0] <= max(200, 0.05 * mine[0])
                         and not _beside_links(node, parent, stats, mine[0]))
        if not (more_prose or small_wrapper):
            return node
        node = parent


def _beside_links(node: Any, parent: Any, stats: dict[int, list], prose: int) -> bool:
    """Whether ``parent`` sets links (a menu, a list of other pages) beside
    ``node``: a sibling, or the siblings together, mostly link text that is not
    attached files.  Siblings dropped anyway as page chrome (class nav, dqwz, …)
    do not count."""
    all_links = all_text = 0
    for sib in _children(parent):
        row = stats.get(sib.mem_id)
        if row is None or sib.mem_id == node.mem_id:
            continue
        if _junk(sib) and row[0] < 0.4 * prose:
            continue
        links, text = row[1] - row[0] - row[4], row[1] - row[4]
        if _menu(links, text):
            return True
        all_links += links
        all_text += text
    return _menu(all_links, all_text)


def _menu(links: int, text: int) -> bool:
    return links >= 20 and links >= 0.7 * text


def _hidden(node: Any) -> bool:
    style = node.attributes.get("style")
    return bool(style) and "display:none" in style.replace(" ", "").lower()


def _junk(node: Any) -> bool:
    attrs = node.attributes
    for key in ("class", "id"):
        value = attrs.get(key)
        if value:
            for token in value.lower().split():
                if _JUNK_SUBSTR.search(token) or _JUNK_WORD.search(token):
                    return True
    return False


class _Lines:
    """Flattens an element tree to lines, remembering each line's element.

    Lines (and table cells) whose text is mostly link text are menus and
    breadcrumbs, not prose, and are left out; so are lists of attached files
    with their "附件：" label, and the 信息公开 metadata table.
    """

    def __init__(self, stats: dict[int, list], root_prose: int, drop_header: bool):
        self.stats = stats
        self.keep_share = 0.4 * root_prose
        self.drop_header = drop_header
        self.lines: list[tuple[str, dict[str, Any]]] = []
        self.nodes: list[Any] = []  # the element each line belongs to
        self.buf: list[str] = []
        self.links = [0, 0]  # buffered line: letters in links, in links to files
        self.has_h1 = False

    def add(self, text: str, link: int) -> None:
        self.buf.append(text)
        if link:  # prose is weighed at flush time, only for lines holding links
            n = len(_WEIGHT.findall(text))
            self.links[0] += n
            if link == 2:
                self.links[1] += n

    def flush(self, owner: tuple[str, str, Any]) -> None:
        if not self.buf:
            return
        line = _RUN.sub(" ", "".join(self.buf)).strip(" \t")
        links, files = self.links
        self.buf.clear()
        self.links = [0, 0]
        if not line.strip():
            return
        total = len(_WEIGHT.findall(line)) if links else 0
        if files:  # an attachment label in front does not make the line prose
            label = _ATTACH_PREFIX.match(line)
            if label:
                total -= len(_WEIGHT.findall(label.group()))
        if files and files >= 0.7 * total:  # a list of attachments
            if self.lines and _ATTACH_LABEL.match(self.lines[-1][0].strip(" \t\u3000\u00a0")):
                self.lines.pop()
                self.nodes.pop()
            return
        if _link_only(total, links):
            return
        self.lines.append((line, {"element": owner[0], "css_path": owner[1]}))
        self.nodes.append(owner[2])
        if owner[0] == "h1":
            self.has_h1 = True

    def skip(self, node: Any, tag: str) -> bool:
        if tag in _DROP or (tag == "header" and self.drop_header) or _hidden(node):
            return True
        if tag in ("table", "ul", "dl") and _is_metadata(node, tag, self.stats):
            return True
        if tag in _PROTECTED or not _junk(node):
            return False
        row = self.stats.get(node.mem_id)
        return row is None or row[0] < self.keep_share

    def heading_at_top(self) -> bool:
        """Whether the first lines, before any prose, include a title-like block."""
        for (line, _), node in zip(self.lines[:3], self.nodes):
            if _heading_like(node, line):
                return True
            if len(line) > 60 or _SENTENCE_END.search(line):
                return False
        return False

    def walk(self, root: Any, css_path: str | None = None) -> None:
        # stack entries: node, children iterator, owner (tag, css path, node),
        # nth-child counter, cell counter, link kind, a table cell's starting mark
        owner = (root.tag, css_path or _describe(root), root)
        stack: list[list[Any]] = [[root, _children(root), owner, 0, 0, 0, None]]
        pre = 0
        while stack:
            entry = stack[-1]
            node, it, owner = entry[0], entry[1], entry[2]
            child = next(it, None)
            if child is None:
                stack.pop()
                tag = node.tag
                if tag == "pre":
                    pre -= 1
                if tag in _BLOCK:
                    self.flush(owner)
                elif entry[6] is not None:
                    self._drop_link_cell(entry[6])
                continue
            tag = child.tag
            if tag == "-text":
                text = child.text_content or ""
                if pre:
                    first, *rest = text.split("\n")
                    self.add(first, entry[5])
                    for piece in rest:
                        self.flush(owner)
                        self.add(piece, entry[5])
                else:
                    self.add(_SPACES.sub(" ", text), entry[5])
                continue
            if not tag or tag[0] in "-_!":
                continue
            entry[3] += 1  # nth-child counts every element sibling, kept or not
            if self.skip(child, tag):
                continue
            if tag == "br" or tag == "hr":
                self.flush(owner)
                continue
            mark = None
            if tag in ("td", "th"):
                mark = (len(self.buf), len(self.lines), tuple(self.links))
                entry[4] += 1
                if entry[4] > 1 and self.buf:
                    self.buf.append("\t")
            child_owner = owner
            if tag in _BLOCK:
                self.flush(owner)
                child_owner = (tag, f"{_describe(node)}>{tag}:nth-child({entry[3]})", child)
            if tag == "pre":
                pre += 1
            link = entry[5] or (_link_kind(child) if tag == "a" else 0)
            stack.append([child, _children(child), child_owner, 0, 0, link, mark])
        self.flush(owner)

    def _drop_link_cell(self, mark: tuple[int, int, tuple[int, int]]) -> None:
        """Take a table cell made of links (a menu beside the text) out of its row."""
        start, n_lines, before = mark
        if n_lines != len(self.lines) or len(self.buf) < start:
            return  # the cell held blocks of its own; their lines were judged one by one
        links = self.links[0] - before[0]
        if links and _link_only(len(_WEIGHT.findall("".join(self.buf[start:]))), links):
            del self.buf[start:]
            self.links = list(before)


def _link_only(total: int, links: int) -> bool:
    """Mostly link text and short (a menu, a breadcrumb), or all but entirely links."""
    return total > 0 and links >= 0.7 * total and (total <= 100 or links >= 0.9 * total)


def _is_metadata(node: Any, tag: str, stats: dict[int, list]) -> bool:
    """The 信息公开 table: cells that are mostly field labels (索引号, 发布机构, …)."""
    row = stats.get(node.mem_id)
    if row is None or row[1] > 400:
        return False
    cells = node.css("td, th") if tag == "table" else node.css("li, dt, dd")
    filled = labels = strong = 0
    for cell in cells:
        text = _LABEL_SPACE.sub("", cell.text(deep=True) or "")
        if not text:
            continue
        filled += 1
        if _META_LABEL.match(text):
            labels += 1
            strong += bool(_META_STRONG_RE.match(text))
    return strong >= 1 and labels >= 2 and labels >= 0.4 * filled


def _heading_like(node: Any, line: str) -> bool:
    """A short line set as a title: h1–h6, a title class, centred or all bold."""
    text = line.strip(" \t\u3000\u00a0")
    if not text or len(text) > 60 or _SENTENCE_END.search(text):
        return False
    if node.tag in _HEADINGS:
        return True
    attrs = node.attributes
    for key in ("class", "id"):
        for token in (attrs.get(key) or "").lower().split():
            if _TITLE_CLASS.search(token):
                return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    if (attrs.get("align") or "").lower() == "center" or "text-align:center" in style:
        return True
    bare = _LABEL_SPACE.sub("", text)
    for em in node.css("b, strong, h1, h2, h3, h4, h5, h6, font[size], big"):
        if _LABEL_SPACE.sub("", em.text(deep=True) or "") == bare:
            return True
    return False


def _heading_above(root: Any, stats: dict[int, list], root_prose: int) -> _Lines | None:
    """The article's title when it sits just before the chosen container: the
    nearest preceding siblings (of the container, or of its parent when it has
    none), from a title-like one down to the container."""
    node = root
    for _ in range(2):
        if node.tag in ("body", "html"):
            return None
        before = []
        sib = node.prev
        while sib is not None and len(before) < 3:
            if sib.tag and sib.tag[0] not in "-_!":
                before.append(sib)
            sib = sib.prev
        if before:
            break
        node = node.parent
        if node is None:
            return None
    else:
        return None
    probe = _Lines(stats, root_prose, drop_header=False)
    for i, sib in enumerate(before):
        if probe.skip(sib, sib.tag):
            continue
        found = _Lines(stats, root_prose, drop_header=False)
        found.walk(sib)
        if any(_heading_like(n, line) for (line, _), n in zip(found.lines, found.nodes)):
            lines = _Lines(stats, root_prose, drop_header=False)
            for kept in reversed(before[:i + 1]):
                if not probe.skip(kept, kept.tag):
                    lines.walk(kept, f"{_describe(kept.parent)}>{kept.tag}:nth-child({_nth(kept)})")
            return lines
    return None


def _nth(node: Any) -> int:
    """Position among the parent's element children, as ``:nth-child`` counts it."""
    n = 1
    sib = node.prev
    while sib is not None:
        if sib.tag and sib.tag[0] not in "-_!":
            n += 1
        sib = sib.prev
    return n


def _describe(node: Any) -> str:
    attrs = node.attributes
    ident = attrs.get("id")
    if ident and " " not in ident.strip():
        return f"{node.tag}#{ident.strip()}"
    cls = (attrs.get("class") or "").split()
    return f"{node.tag}.{cls[0]}" if cls else node.tag
