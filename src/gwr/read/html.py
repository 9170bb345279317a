"""Web pages: keep the article, drop the portal around it.

Government pages wrap a report in navigation, menus, share bars and footers.
The article is found by text density (Chinese characters outside links, the
way readability-style extractors do it) and written out one line per block
element, each line a Block that points back to its element.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import DecodeError, EmptyFileError
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
_SPACES = re.compile(r"[ \t\n\r\f]+")
_RUN = re.compile(r" {2,}")


def read_html(data: bytes) -> Extracted:
    decoded = decode_html(data)
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
    if not lines.has_h1:
        title_node = tree.css_first("title")
        title = _SPACES.sub(" ", title_node.text()).strip() if title_node else ""
        if title and (not lines.lines or lines.lines[0][0] != title):
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


def _score(body: Any) -> dict[int, list]:
    """Per element: [prose CJK in subtree, all CJK in subtree, prose CJK voting
    for it as a paragraph parent, node].  Prose means text outside links."""
    stats: dict[int, list] = {}
    # stack entries: node, iterator over children, stats row, inside-link flag
    row = [0, 0, 0, body]
    stats[body.mem_id] = row
    stack = [(body, _children(body), row, False)]
    while stack:
        node, it, row, in_link = stack[-1]
        child = next(it, None)
        if child is None:
            stack.pop()
            if stack:
                parent = stack[-1][2]
                parent[0] += row[0]
                parent[1] += row[1]
                if node.tag not in _CONTAINERS:
                    parent[2] += row[0]
            continue
        tag = child.tag
        if tag == "-text":
            n = _cjk(child.text_content or "")
            row[1] += n
            if not in_link:
                row[0] += n
                row[2] += n
        elif tag and tag[0] not in "-_!" and tag not in _DROP and not _hidden(child):
            crow = [0, 0, 0, child]
            stats[child.mem_id] = crow
            stack.append((child, _children(child), crow, in_link or tag == "a"))
    return stats


def _main_container(body: Any, stats: dict[int, list]) -> Any:
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
        small_wrapper = theirs[1] - mine[1] <= max(200, 0.05 * mine[0])
        if not (more_prose or small_wrapper):
            return node
        node = parent


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
    """Flattens an element tree to lines, remembering each line's element."""

    def __init__(self, stats: dict[int, list], root_prose: int, drop_header: bool):
        self.stats = stats
        self.keep_share = 0.4 * root_prose
        self.drop_header = drop_header
        self.lines: list[tuple[str, dict[str, Any]]] = []
        self.buf: list[str] = []
        self.has_h1 = False

    def flush(self, owner: tuple[str, str]) -> None:
        if not self.buf:
            return
        line = _RUN.sub(" ", "".join(self.buf)).strip(" \t")
        self.buf.clear()
        if line.strip():
            self.lines.append((line, {"element": owner[0], "css_path": owner[1]}))
            if owner[0] == "h1":
                self.has_h1 = True

    def skip(self, node: Any, tag: str) -> bool:
        if tag in _DROP or (tag == "header" and self.drop_header) or _hidden(node):
            return True
        if tag in _PROTECTED or not _junk(node):
            return False
        row = self.stats.get(node.mem_id)
        return row is None or row[0] < self.keep_share

    def walk(self, root: Any) -> None:
        # stack entries: node, children iterator, owner (tag, css path), nth-child counter
        owner = (root.tag, _describe(root))
        stack: list[list[Any]] = [[root, _children(root), owner, 0, 0]]
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
                continue
            tag = child.tag
            if tag == "-text":
                text = child.text_content or ""
                if pre:
                    first, *rest = text.split("\n")
                    self.buf.append(first)
                    for piece in rest:
                        self.flush(owner)
                        self.buf.append(piece)
                else:
                    self.buf.append(_SPACES.sub(" ", text))
                continue
            if not tag or tag[0] in "-_!":
                continue
            entry[3] += 1  # nth-child counts every element sibling, kept or not
            if self.skip(child, tag):
                continue
            if tag == "br" or tag == "hr":
                self.flush(owner)
                continue
            if tag in ("td", "th"):
                entry[4] += 1
                if entry[4] > 1 and self.buf:
                    self.buf.append("\t")
            child_owner = owner
            if tag in _BLOCK:
                self.flush(owner)
                child_owner = (tag, f"{_describe(node)}>{tag}:nth-child({entry[3]})")
            if tag == "pre":
                pre += 1
            stack.append([child, _children(child), child_owner, 0, 0])
        self.flush(owner)


def _describe(node: Any) -> str:
    attrs = node.attributes
    ident = attrs.get("id")
    if ident and " " not in ident.strip():
        return f"{node.tag}#{ident.strip()}"
    cls = (attrs.get("class") or "").split()
    return f"{node.tag}.{cls[0]}" if cls else node.tag
