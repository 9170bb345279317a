"""Counting a dictionary's topics in one document: the pure core of the attention indices.

Counting rules (also in docs/ATTENTION.md):

* Terms are matched in the document's own characters, on gwr's same-length
  normalised view (full-width letters and digits folded: ５Ｇ counts as 5G), so
  every match is a span of the original text: ``quote == text[start:end]``.
* Each topic is counted on its own: within a topic, where one term contains
  another (生态 / 生态环境) the longest wins, matches never overlap, and the
  scan is leftmost-longest (Aho–Corasick, ``MatchKind.LeftmostLongest``).
  Topics do not shadow each other, so adding a topic never changes another's
  figures.  A topic's ``exclude`` words take part in the longest match but
  are not counted.  Every occurrence counts.
* Characters: the document's characters that are not whitespace (Unicode
  ``str.isspace``, which includes the ideographic space), so layout does
  not change the denominator.  ``per_10k = count * 10000 / chars``.
* Sentences: a sentence ends after 。！？；(or their ASCII forms ! ? ;) or at a
  line end; its span runs from its first to its last non-space character,
  end mark included; a stretch with only whitespace is not a sentence.  A
  sentence mentions a topic when it holds at least one counted match;
  ``sentence_share = sentences_with / sentences``.
* Section roles: a sentence (and its matches) belongs to the role of the
  innermost section its first character lies in; text before the first
  section (title, preamble) has role ``None``.  Characters are split by the
  same innermost-section rule, character by character.
"""
from __future__ import annotations

import re
from operator import itemgetter
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..parse.normalize import normalize
from .dictionary import Dictionary

_ENDS = "。！？；!?;"
# A sentence: from a non-space character to the last non-space one before an end mark or a line end,
# the end mark included.
SENTENCE = re.compile(rf"[^\s{_ENDS}](?:[^\n{_ENDS}]*[^\s{_ENDS}])?[{_ENDS}]?")


@dataclass(slots=True)
class Tally:
    """Sums over some text (a document, a role, a region-year): add them up, then read ratios."""

    chars: int = 0
    sentences: int = 0
    documents: int = 0
    counts: Counter = field(default_factory=Counter)  # topic id → counted matches
    sentences_with: Counter = field(default_factory=Counter)  # topic id → sentences mentioning it
    terms: dict[str, Counter] = field(default_factory=dict)  # topic id → term → matches

    def add(self, other: Tally) -> Tally:
        self.chars += other.chars
        self.sentences += other.sentences
        self.documents += other.documents
        self.counts.update(other.counts)
        self.sentences_with.update(other.sentences_with)
        for t, c in other.terms.items():
            self.terms.setdefault(t, Counter()).update(c)
        return self

    def per_10k(self, topic: str) -> float | None:
        return self.counts[topic] * 10000 / self.chars if self.chars else None

    def sentence_share(self, topic: str) -> float | None:
        return self.sentences_with[topic] / self.sentences if self.sentences else None


@dataclass(slots=True, frozen=True)
class Match:
    topic: str
    term: str  # the dictionary's term (normalised form)
    start: int
    end: int
    sentence: int  # index into DocumentScore.sentences


@dataclass(slots=True)
class DocumentScore:
    """One document's figures: the whole, per role, and the sentences and matches behind them.

    Matches are not kept while counting (a corpus has millions); ``matches`` finds them again,
    the same way, when evidence is asked for.
    """

    span: tuple[int, int]
    total: Tally
    by_role: dict[str | None, Tally]
    _seg: str = field(repr=False)  # the normalised view of text[span]
    _dictionary: Dictionary = field(repr=False)
    _sentences: list[re.Match] = field(repr=False)  # matched on _seg
    _starts: list[int] = field(repr=False)
    _pieces: list[tuple[int, int, str | None]] = field(repr=False)
    _matches: list[Match] | None = field(default=None, repr=False, compare=False)

    @property
    def matches(self) -> list[Match]:
        """Every counted match in text order (topics in dictionary order at one place).

        Found on first use and kept with this score: evidence asks once per topic."""
        if self._matches is None:
            self._matches = self._find_matches()
        return self._matches

    def _find_matches(self) -> list[Match]:
        kept: list[tuple[int, int, int, int, int]] = []
        _scan(self._seg, self._dictionary, self._starts, [0, len(self._seg) + 1], kept)
        ids, patterns, a = [t.id for t in self._dictionary.topics], self._dictionary.matcher[1], self.span[0]
        return [Match(ids[ti], patterns[idx], s + a, e + a, i)
                for ti, idx, s, e, i in sorted(kept, key=lambda m: (m[2], m[0]))]

    def sentence(self, i: int) -> tuple[int, int, str | None]:
        """Sentence ``i``: ``(start, end, role)``, offsets into the text."""
        m, a = self._sentences[i], self.span[0]
        return m.start() + a, m.end() + a, _role_at(self._pieces, m.start() + a)

    @property
    def sentences(self) -> list[tuple[int, int, str | None]]:
        return [self.sentence(i) for i in range(len(self._sentences))]


def score(text: str, sections: Sequence[Any] = (), dictionary: Dictionary | None = None, *,
          span: tuple[int, int] | None = None, norm: str | None = None) -> DocumentScore:
    """The attention figures of ``text[span]`` (the whole text by default).

    text (str): the text all offsets refer to (``Source.text``; ``Corpus.text(file_id)``).
    sections: ``gwr.model.Section`` objects, or anything with ``span``/``role`` attributes, or
        ``(start, end, role)`` tuples; offsets into ``text``.  Nested sections are fine.
    dictionary (Dictionary): the topics; gwr's own by default.
    span: the document's ``[start, end)`` inside ``text``.
    norm (str): ``gwr.normalize.normalize(text)`` when the caller has it already.
    RETURNS (DocumentScore): totals, per-role tallies, every sentence and (on demand) every match.
    """
    if dictionary is None:
        from .dictionary import load

        dictionary = load()
    a, b = span if span is not None else (0, len(text))
    # normalize maps each character to one character, so a slice of the view is the view of the slice
    seg = normalize(text[a:b]) if norm is None else norm[a:b]
    pieces = _role_pieces(_section_tuples(sections), a, b)
    sentences = list(SENTENCE.finditer(seg))
    starts = list(map(_START, sentences))  # relative to seg
    by_role: dict[str | None, Tally] = {}
    for p, q, role in pieces:
        t = by_role.setdefault(role, Tally(documents=1))
        t.chars += _nonspace(seg, p - a, q - a)
        t.sentences += bisect_left(starts, q - a) - bisect_left(starts, p - a)

    ids, patterns = [t.id for t in dictionary.topics], dictionary.matcher[1]
    nt, nk = len(ids), len(pieces)
    term_keys, sentence_keys = _scan(seg, dictionary, starts, [p[0] - a for p in pieces] + [b - a + 1])
    for key, n in Counter(term_keys).items():
        rest, k = divmod(key, nk)
        idx, ti = divmod(rest, nt)
        t = by_role[pieces[k][2]]
        t.counts[ids[ti]] += n
        terms = t.terms.get(ids[ti])
        if terms is None:
            terms = t.terms[ids[ti]] = Counter()
        terms[patterns[idx]] += n
    for key, n in Counter(sentence_keys).items():
        ti, k = divmod(key, nk)
        by_role[pieces[k][2]].sentences_with[ids[ti]] += n
    total = Tally()
    for t in by_role.values():
        total.add(t)
    total.documents = 1
    return DocumentScore((a, b), total, by_role, seg, dictionary, sentences, starts, pieces)


def _scan(seg: str, dictionary: Dictionary, starts: list[int], piece_at: list[int],
          kept: list | None = None) -> tuple[list[int], list[int]]:
    """Each topic's counted matches, leftmost-longest, as counting keys (the hot loop).

    One overlapping Aho–Corasick pass finds every occurrence of every pattern; sorted by start,
    longest first, a topic takes an occurrence when it starts at or after the end of the last one
    it took -- the leftmost-longest non-overlapping choice, made for each topic on its own.
    A counted match of topic ``ti``, pattern ``idx``, in a sentence starting in role piece ``k``
    adds the key ``(idx * topics + ti) * pieces + k`` to the first list; each (topic, sentence)
    adds ``ti * pieces + k`` to the second once.  Integers, not tuples: this runs once per match.
    ``kept`` receives ``(ti, idx, start, end, sentence)`` for evidence.
    """
    automaton, _, owners = dictionary.matcher
    found = automaton.find_matches_as_indexes(seg, overlapping=True)
    # reported in order of their end: reversed, then sorted (stably) by start, the longest of
    # those starting at one place comes first
    found.reverse()
    found.sort(key=_START_OF)
    nt, nk = len(dictionary.topics), len(piece_at) - 1
    last, last_sentence = [0] * nt, [-1] * nt
    term_keys: list[int] = []
    sentence_keys: list[int] = []
    k, next_piece, prev, i = 0, piece_at[1], -1, -1
    for idx, s, e in found:
        for ti, counted in owners[idx]:
            if s < last[ti]:
                continue
            last[ti] = e
            if not counted:
                continue
            if s != prev:
                prev = s
                i = bisect_right(starts, s) - 1
                while next_piece <= starts[i]:  # the role of the sentence's first character
                    k += 1
                    next_piece = piece_at[k + 1]
            term_keys.append((idx * nt + ti) * nk + k)
            if last_sentence[ti] != i:
                last_sentence[ti] = i
                sentence_keys.append(ti * nk + k)
            if kept is not None:
                kept.append((ti, idx, s, e, i))
    return term_keys, sentence_keys


_START = re.Match.start
_START_OF = itemgetter(1)


def _role_at(pieces: list[tuple[int, int, str | None]], pos: int) -> str | None:
    return pieces[bisect_right(pieces, pos, key=_FIRST) - 1][2]


def _FIRST(p: tuple) -> int:
    return p[0]


def _nonspace(s: str, p: int, q: int) -> int:
    return sum(map(len, s[p:q].split()))


def _section_tuples(sections: Iterable[Any]) -> list[tuple[int, int, str | None]]:
    out = []
    for s in sections:
        if isinstance(s, tuple):
            out.append((int(s[0]), int(s[1]), s[2]))
        else:
            out.append((int(s.span[0]), int(s.span[1]), s.role))
    return out


def _role_pieces(sections: list[tuple[int, int, str | None]], a: int, b: int) -> list[tuple[int, int, str | None]]:
    """``[a, b)`` cut into consecutive pieces, each with the role of the innermost section over it.

    Innermost: of the sections covering a point, the one starting last (the shortest on a tie),
    which is the deepest for properly nested sections.
    """
    cuts = sorted({a, b, *(min(max(x, a), b) for s, e, _ in sections for x in (s, e))})
    pieces: list[tuple[int, int, str | None]] = []
    for p, q in zip(cuts, cuts[1:]):
        inner = None
        for s, e, role in sections:
            if s <= p and q <= e and (inner is None or (s, -e) > (inner[0], -inner[1])):
                inner = (s, e, role)
        role = inner[2] if inner else None
        if pieces and pieces[-1][2] == role:
            pieces[-1] = (pieces[-1][0], q, role)
        else:
            pieces.append((p, q, role))
    return pieces or [(a, b, None)]


def evidence(text: str, doc: DocumentScore, topic: str, *, role: str | None | type = ..., limit: int | None = None,
             marks: tuple[str, str] = ("【", "】")) -> list[dict[str, Any]]:
    """The sentences behind a topic's figure, in text order, with the matched terms marked.

    role: only sentences of this role (``...``, the default, for every role; ``None`` is the
        text before the first section).
    RETURNS: one dict per sentence: ``span`` and ``quote`` (``quote == text[span[0]:span[1]]``),
        ``role``, ``matches`` (``term``, ``span``, ``quote`` each), and ``highlighted``, the quote
        with each match between ``marks``.
    """
    by_sentence: dict[int, list[Match]] = {}
    for m in doc.matches:  # text order
        if m.topic == topic and (role is ... or doc.sentence(m.sentence)[2] == role):
            by_sentence.setdefault(m.sentence, []).append(m)
    out = []
    for i in sorted(by_sentence)[:limit]:
        s, e, r = doc.sentence(i)
        quote = text[s:e]
        parts, pos = [], s
        for m in by_sentence[i]:
            parts += [text[pos:m.start], marks[0], text[m.start:m.end], marks[1]]
            pos = m.end
        parts.append(text[pos:e])
        out.append({"span": [s, e], "quote": quote, "role": r, "highlighted": "".join(parts),
                    "matches": [{"term": m.term, "span": [m.start, m.end], "quote": text[m.start:m.end]}
                                for m in by_sentence[i]]})
    return out
