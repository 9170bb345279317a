"""Text → index tokens, query → exact phrase: pure functions shared by both dialects.

Why character grams and not words alone: a word segmenter decides where words
end, and about one two-character match in ten sits across its boundaries
(棚改 inside 棚户区改造 is fine, but 改造 split as 改/造成 is lost), so a word
index cannot promise that every paragraph containing a string is found.  The
gram stream below can, because it is a lossless re-spelling of the text:

* text and query are NFKC-normalised and case-folded (:func:`normalize`), so
  full-width ＧＤＰ and gdp are the same string;
* a *run* is a maximal stretch of letters/digits (``str.isalnum``: Han, Latin,
  digits …); every other character is a *break*;
* each character yields exactly one token at its own position: a run
  character followed by another run character → the bigram of the two; the
  last character of a run → itself (a unigram); a break character → its own
  break token ``¶`` + hex code point (``，`` → ``¶ff0c``).

So the token at position *i* names text[i] and tells whether text[i+1]
continues the run (and which character it is).  A query is spelled the same
way (:func:`query_phrase`) except that its last character, when it is a run
character, is left open — covered by the preceding bigram, or by a prefix
``c*`` when the run is a single character — because in the text that run may
go on.  A phrase of those tokens matches at position *i* exactly when the
query is a substring of the text at *i*: every query character is pinned by
the token at its position, and run ends inside the query are pinned by
unigrams and break tokens.  Break tokens start with ``¶``, which is no run
character, so a prefix ``c*`` can only reach grams.

Tokens use only run characters, ASCII hex digits and ``¶``, separated by ASCII
spaces: SQLite's ``ascii`` tokenizer (which keeps every non-ASCII byte inside a
token) and a hand-built PostgreSQL ``tsvector`` literal both take them as they
are.
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

BREAK_MARK = "¶"
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


def normalize(text: str) -> str:
    """The one folding applied to indexed text, queries and the reference scan."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=8192)
def break_token(ch: str) -> str:
    """One token per break character; injective, and never a prefix of a gram."""
    return f"{BREAK_MARK}{ord(ch):x}"


# a run (``[^\W_]`` is exactly ``str.isalnum``) or one break character
_PIECE = re.compile(r"([^\W_]+)|(.)", re.S)


def _gram_stream(norm: str) -> list[str]:
    """One token per character of an already normalised text (see module doc).

    Runs are cut by the regex engine and their bigrams made by slicing, so the
    Python-level work is per run and per break character, not per character.
    """
    out: list[str] = []
    extend, append = out.extend, out.append
    for run, brk in _PIECE.findall(norm):
        if run:
            extend(map(str.__add__, run, run[1:]))
            append(run[-1])
        else:
            append(break_token(brk))
    return out


def index_tokens(text: str) -> str:
    """The space-separated gram stream indexed for one paragraph (position i ↔ character i)."""
    return " ".join(_gram_stream(normalize(text)))


def folded_tokens(folded: str) -> str:
    """:func:`index_tokens` of a text already passed through :func:`normalize`.

    The index keeps the folded text; folding is not idempotent for a few
    scripts (case folding can undo NFKC composition), so re-deriving the
    grams must not fold twice.
    """
    return " ".join(_gram_stream(folded))


@dataclass(frozen=True)
class Phrase:
    """A query as consecutive tokens; ``prefix`` marks the last token as ``tok*``."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def __bool__(self) -> bool:
        return bool(self.tokens)


def query_phrase(query: str) -> Phrase:
    """The token phrase that matches exactly the paragraphs containing ``query``.

    The text's stream is spelled character by character, but the last query
    character stays open when it is a run character: dropped when the previous
    query character (same run) already names it in a bigram, else a prefix.
    """
    norm = normalize(query)
    if not norm:
        return Phrase(())
    stream = _gram_stream(norm)
    if not norm[-1].isalnum():
        return Phrase(tuple(stream))
    if len(norm) >= 2 and norm[-2].isalnum():
        return Phrase(tuple(stream[:-1]))
    return Phrase(tuple(stream[:-1]) + (norm[-1],), prefix=True)


def _rjieba_cut(text: str) -> list[str]:
    import rjieba  # imported on use: loading the dictionary costs ~0.3 s

    return rjieba.cut(text)


def word_tokens(text: str) -> str:
    """Segmented words of the normalised text, for ranking only (never for matching).

    A word containing break characters (``6.6%``) is cut into its runs, and
    each break character becomes its break token, so the stream uses the same
    alphabet as the grams.
    """
    return folded_word_tokens(normalize(text))


def folded_word_tokens(folded: str) -> str:
    """:func:`word_tokens` of a text already passed through :func:`normalize`."""
    out: list[str] = []
    append, extend = out.append, out.extend
    for word in _rjieba_cut(folded):
        if word.isalnum():
            append(word)
        elif len(word) == 1:  # punctuation comes one character a word
            if not word.isspace():
                append(break_token(word))
        else:
            extend(_split_runs(word))
    return " ".join(out)


def query_words(query: str) -> tuple[str, ...]:
    """The words of a query (no break tokens): what a whole-word match looks like."""
    return tuple(t for t in word_tokens(query).split() if not t.startswith(BREAK_MARK))


def _split_runs(word: str) -> list[str]:
    """Runs of a segmented word as tokens, break characters as break tokens, spaces dropped."""
    if word.isalnum():  # nearly every word
        return [word]
    out: list[str] = []
    for run, brk in _PIECE.findall(word):
        if run:
            out.append(run)
        elif not brk.isspace():
            out.append(break_token(brk))
    return out


# --- facets --------------------------------------------------------------------------------

_FACET_PREFIX = {"region": "r", "name": "n", "level": "l", "year": "y", "role": "s", "kind": "k"}


def facet_token(facet: str, value: object) -> str:
    """``level='county'`` → ``lcounty``, ``kind='official_report'`` → ``kofficialreport``.

    Values other than two or more of [a-z0-9_] (names, anything odd) are
    hashed, so every tag is one ASCII token of at least three characters; tags
    live in their own column and can never meet a gram.  Underscores are
    dropped for readability: the enumerated vocabularies (level, role, kind)
    have no two values that differ only by them.
    """
    prefix = _FACET_PREFIX[facet]
    raw = str(value).strip().casefold()
    if facet != "name" and re.fullmatch(r"[a-z0-9_]+", raw) and len(raw.replace("_", "")) >= 2:
        return prefix + raw.replace("_", "")
    return prefix + _hash(normalize(str(value).strip()))


@lru_cache(maxsize=4096)
def _hash(value: str) -> str:
    return "h" + hashlib.blake2b(value.encode("utf-8"), digest_size=8).hexdigest()


def region_codes(code: str) -> tuple[str, ...]:
    """A six-digit code and the codes above it: county 430602 → 430600 → 430000."""
    code = str(code)
    if not re.fullmatch(r"\d{6}", code):
        raise ValueError(f"not a six-digit region code: {code!r}")
    chain = (code, code[:4] + "00", code[:2] + "0000")
    return tuple(dict.fromkeys(chain))


def tags(*, region_code: str | None = None, region_name: str | None = None,
         parent_code: str | None = None, level: str | None = None, year: int | None = None,
         role: str | None = None, kind: str | None = None) -> str:
    """The facet tokens of one paragraph, intersected by the index with the text match.

    A region without a code (a town) is found under its parent's code and by
    its own name (``n`` + hash), so filtering by a county also returns the
    towns below it.
    """
    out: list[str] = []
    for code in (region_code, parent_code):
        if code:
            out.extend(facet_token("region", c) for c in region_codes(code))
    if region_name:
        out.append(facet_token("name", region_name))
    for facet, value in (("level", level), ("year", year), ("role", role), ("kind", kind)):
        if value is not None and value != "":
            out.append(facet_token(facet, value))
    return " ".join(dict.fromkeys(out))


# --- snippet -------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    return normalize(ch)


def _folded_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Text folded character by character, and for each folded character its source index — ``None``
    when every character folds to exactly one (the common case: the index is then the identity).

    Per-character folding can differ from :func:`normalize` on combining
    sequences; a snippet is for reading, so that approximation is acceptable.
    Each character's folding is remembered (a bounded cache): a page of hits
    folds thousands of characters, nearly all of them the same few thousand.
    """
    pieces = list(map(_fold_char, text))
    folded = "".join(pieces)
    if len(folded) == len(text) and "" not in pieces:  # no piece empty, so each is one character
        return folded, None
    origin: list[int] = []
    for i, f in enumerate(pieces):
        origin.extend([i] * len(f))
    return folded, origin


def occurrences(text: str, query: str) -> list[tuple[int, int]]:
    """Non-overlapping [start, end) spans of ``query`` in ``text`` (source offsets)."""
    needle = normalize(query)
    if not needle:
        return []
    folded, origin = _folded_with_offsets(text)
    spans: list[tuple[int, int]] = []
    at = folded.find(needle)
    while at >= 0:
        end = at + len(needle)
        spans.append((at, end) if origin is None else (origin[at], origin[end - 1] + 1))
        at = folded.find(needle, end)
    return spans


def snippet(text: str, query: str, width: int | None = 120, *, ellipsis: str = "…") -> str:
    """HTML-escaped window of ``text`` around the first hit, every hit inside ``<mark>``.

    ``width`` counts source characters; ``None`` keeps the whole paragraph.
    A hit cut by the window edge is widened rather than half-marked.
    """
    spans = occurrences(text, query)
    lo, hi = 0, len(text)
    if width is not None and len(text) > width:
        first = spans[0] if spans else (0, 0)
        lo = max(0, min(first[0] - (width - (first[1] - first[0])) // 3, len(text) - width))
        hi = min(len(text), lo + width)
        for s, e in spans:
            if s < hi < e:
                hi = e
    out = [ellipsis if lo > 0 else ""]
    pos = lo
    for s, e in spans:
        if e <= lo or s >= hi:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(MARK_OPEN + html.escape(text[s:e]) + MARK_CLOSE)
        pos = e
    out.append(html.escape(text[pos:hi]))
    out.append(ellipsis if hi < len(text) else "")
    return "".join(out)
