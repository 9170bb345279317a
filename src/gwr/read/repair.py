"""Text repair: undo what exports and PDF extraction did to a report's characters.

Three kinds of damage hide a report's structure or figures from every later stage:

* **literal escapes** — spreadsheet and JSON exports store line breaks as the
  characters ``\\r\\n`` (or ``\\n``, ``\\r``), so the whole report arrives as one
  line: no headings, no date line, no speaker line;
* **HTML entities in plain text** (``&nbsp;``, ``&ensp;``, ``&#12288;``,
  ``&amp;``) — left behind by a scraper that copied markup as text;
* **spaces between digits and Chinese** — PDF extraction puts one at every
  change of font (``2023 年``, ``增长 5.2 %``, ``1 月 20 日``), so years and
  figures no longer look like years and figures.

Repairs change the text's length, so they happen here, in the read stage,
before any offset is taken: the repaired text becomes ``Source.text``, the
text every span refers to and that ``gwr text`` prints, and the source lists
what was repaired.  (``gwr.normalize`` stays a same-length view for what needs
no such care.)  The way back to the original characters is kept in the
blocks: the reader's blocks are moved to the repaired offsets, and a repaired
txt/md file gets one block per stretch of unchanged characters whose locator
gives that stretch's offset in the decoded file.

Each repair fires only where the text *evidently* needs it — many literal
escapes and few real line breaks, spaced digits in PDF text or as the rule
rather than the exception elsewhere, two entities or more — so a lone ``\\n``
in a quoted path, one ``16 %`` in a typed report or one ``&nbsp;`` is left
alone, and a text that needs nothing comes back as the very same object at
the cost of a few substring searches.
Every pattern opens with a literal character and is bounded, so the work is
linear in the text even on a 60 MB single line.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

from ..model import Block

# literal escapes; \r\n first so that it is read as one break
_ESCAPE = re.compile(r"\\(?:r\\n|n|r|t|\")")
_ESCAPE_VALUE = {"\\r\\n": "\n", "\\n": "\n", "\\r": "\n", "\\t": "\t", '\\"': '"'}
_ESCAPE_NAME = {"\\r\\n": "\\r\\n", "\\n": "\\n", "\\r": "\\r", "\\t": "\\t", '\\"': '\\"'}
_ESCAPE_READ_AS = {"\\r\\n": "line breaks", "\\n": "line breaks", "\\r": "line breaks", "\\t": "tabs",
                   '\\"': "quotes"}
MIN_ESCAPED_BREAKS = 3  # fewer literal breaks than this are quoted text (a path, a regex), not an export

# HTML character references, with their semicolon (a bare "&amp" may be prose about markup)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,9});")
MIN_ENTITIES = 2  # one stray &nbsp; hides nothing; moving every later offset for it is not worth it

# spaces a PDF put between a figure and the Chinese around it: 2023 年, 增长 5.2, 5.2 %, 1 月 20 日
_DIGIT = "0-9０-９"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_SPACED = re.compile(  # opens with a literal space, so ``re`` jumps from space to space
    rf" (?:(?<=[{_DIGIT}%％] )(?=[{_HAN}%％])|(?<=[{_HAN}] )(?=[{_DIGIT}])"
    rf"| (?:(?<=[{_DIGIT}%％]  )(?=[{_HAN}%％])|(?<=[{_HAN}]  )(?=[{_DIGIT}])))")
_TIGHT = re.compile(rf"[{_DIGIT}][{_HAN}]|[{_HAN}][{_DIGIT}]")
MIN_SPACED = 3  # outside PDF text: at least this many spaced figures,
SPACED_EVERY = 1000  # at least one per this many characters (a report has a figure every 30-50) ...
SPACED_SHARE = 1 / 3  # ... and at least this share of the places where a figure meets Chinese


class Repaired(NamedTuple):
    text: str
    blocks: list[Block]
    repairs: list[str]  # human-readable, one per kind: "412 literal \r\n read as line breaks"


_Edit = tuple[int, int, str]  # original [start, end) replaced by the string


def repair(text: str, blocks: list[Block], fmt: str) -> Repaired:
    """The repaired text, its blocks moved onto it, and what was repaired.

    ``fmt`` decides how sure the spaced-figure repair may be: PDF text is
    always repaired, other text only when the spacing is systematic.
    """
    edits: list[list[_Edit]] = []
    repairs: list[str] = []
    if "\\" in text:
        found = _escapes(text)
        if found:
            edits.append(found[0])
            repairs.extend(found[1])
    if "&" in text and ";" in text:
        found = _entities(text)
        if found:
            edits.append(found[0])
            repairs.append(found[1])
    if " " in text:
        found = _spaced_figures(text, sure=fmt == "pdf")
        if found:
            edits.append(found[0])
            repairs.append(found[1])
    if not edits:
        return Repaired(text, blocks, [])
    merged = _merge(edits)
    new_text, new_starts = _apply(text, merged)
    if fmt in ("txt", "md"):
        new_blocks = _run_blocks(text, merged, new_starts)
    else:
        new_blocks = _move_blocks(blocks, merged, new_starts)
    return Repaired(new_text, new_blocks, repairs)


def _escapes(text: str) -> tuple[list[_Edit], list[str]] | None:
    """Literal escapes, when the text evidently uses them as its line breaks."""
    matches = list(_ESCAPE.finditer(text))
    kinds = Counter(m.group() for m in matches)
    breaks = kinds["\\r\\n"] + kinds["\\n"] + kinds["\\r"]
    if breaks < MIN_ESCAPED_BREAKS or breaks < text.count("\n"):
        return None
    edits = [(m.start(), m.end(), _ESCAPE_VALUE[m.group()]) for m in matches]
    notes = []
    for read_as in ("line breaks", "tabs", "quotes"):
        names = [f"{kinds[k]} literal {_ESCAPE_NAME[k]}" for k in _ESCAPE_VALUE
                 if kinds[k] and _ESCAPE_READ_AS[k] == read_as]
        if names:
            notes.append(f"{' and '.join(names)} read as {read_as}")
    return edits, notes


def _entities(text: str) -> tuple[list[_Edit], str] | None:
    """HTML character references left in text: each becomes the character it names."""
    edits: list[_Edit] = []
    kinds: Counter[str] = Counter()
    for m in _ENTITY.finditer(text):
        ref = m.group()
        value = html.unescape(ref)
        if value == ref:
            continue  # not an entity HTML knows (&foo;): leave the characters
        edits.append((m.start(), m.end(), value))
        kinds[ref] += 1
    if len(edits) < MIN_ENTITIES:
        return None
    shown = ", ".join(f"{ref} ×{n}" for ref, n in kinds.most_common(4))
    more = ", …" if len(kinds) > 4 else ""
    return edits, f"{len(edits)} HTML entities read as characters ({shown}{more})"


def _spaced_figures(text: str, *, sure: bool) -> tuple[list[_Edit], str] | None:
    """Spaces between a figure and Chinese: always in PDF text, elsewhere when systematic."""
    edits = [(m.start(), m.end(), "") for m in _SPACED.finditer(text)]
    if not edits:
        return None
    if not sure:
        if len(edits) < MIN_SPACED or len(edits) * SPACED_EVERY < len(text):
            return None  # a stray space or two in a typed text (and no need to count the rest)
        tight = len(_TIGHT.findall(text))
        if len(edits) < SPACED_SHARE * (len(edits) + tight):
            return None
    where = "PDF layout" if sure else "the text's spacing is systematic, as in a copy of a PDF"
    return edits, f"{len(edits)} spaces between figures and Chinese removed ({where})"


def _merge(groups: list[list[_Edit]]) -> list[_Edit]:
    """One sorted list of non-overlapping edits (the first kind found wins an overlap)."""
    if len(groups) == 1:
        return groups[0]
    out: list[_Edit] = []
    end = -1
    for e in sorted((e for g in groups for e in g), key=lambda e: e[0]):
        if e[0] >= end:
            out.append(e)
            end = e[1]
    return out


def _apply(text: str, edits: list[_Edit]) -> tuple[str, list[int]]:
    """The edited text and, per edit, where its replacement starts in it."""
    parts: list[str] = []
    new_starts: list[int] = []
    pos = 0
    new_pos = 0
    for a, b, value in edits:
        parts.append(text[pos:a])
        new_pos += a - pos
        new_starts.append(new_pos)
        parts.append(value)
        new_pos += len(value)
        pos = b
    parts.append(text[pos:])
    return "".join(parts), new_starts


def _run_blocks(text: str, edits: list[_Edit], new_starts: list[int]) -> list[Block]:
    """A repaired txt/md file: one block per stretch of unchanged characters, whose locator
    says where it starts in the decoded file (``Source.locate`` adds the distance into it);
    a replacement gets a block naming the characters it replaced."""
    blocks: list[Block] = []
    pos = 0
    new_pos = 0
    for (a, b, value), at in zip(edits, new_starts):
        if a > pos:
            blocks.append(Block(new_pos, at, {"offset": pos}))
        if value:
            blocks.append(Block(at, at + len(value), {"offset": a, "replaced": b - a}))
        pos = b
        new_pos = at + len(value)
    if pos < len(text):
        blocks.append(Block(new_pos, new_pos + len(text) - pos, {"offset": pos}))
    return blocks


def _move_blocks(blocks: list[Block], edits: list[_Edit], new_starts: list[int]) -> list[Block]:
    """The reader's blocks (pages, paragraphs, elements) carried onto the repaired offsets."""
    starts = [e[0] for e in edits]

    def moved(p: int) -> int:
        i = bisect_right(starts, p) - 1
        if i < 0:
            return p
        a, b, value = edits[i]
        if p < b:  # inside the replaced characters
            return new_starts[i] + min(p - a, len(value))
        return new_starts[i] + len(value) + (p - b)

    return [Block(moved(bl.start), moved(bl.end), bl.locator) for bl in blocks]
