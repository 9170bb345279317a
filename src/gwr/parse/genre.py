"""The genre's vocabulary (``data/genre.json``) compiled once into patterns.

Kept apart from the stages so that split, sections and meta share one
reading of the data file, and users can extend the vocabulary without code.
"""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any


@cache
def vocabulary() -> dict[str, Any]:
    return json.loads(resources.files("gwr").joinpath("data/genre.json").read_text("utf-8"))


def alternation(words: list[str]) -> str:
    """Join literal-or-regex entries, longest first so alternatives don't shadow."""
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def pattern(name: str) -> re.Pattern[str]:
    return re.compile(alternation(vocabulary()[name]))


_CLASS = re.compile(r"\[([^\]]+)\]")


def expand(entry: str) -> list[str]:
    """The literal words a vocabulary entry stands for: ``全[省市]`` → 全省, 全市.

    Entries used for counting may only use character classes; anything else
    is a regular expression and belongs in a list matched with ``pattern``.
    """
    m = _CLASS.search(entry)
    if not m:
        if re.search(r"[\\.*+?(){}|^$]", entry):
            raise ValueError(f"vocabulary entry {entry!r} is not a literal word")
        return [entry]
    head, tail = entry[: m.start()], entry[m.end() :]
    return [w for ch in m.group(1) for w in expand(head + ch + tail)]


@cache
def _automaton(names: tuple[str, ...]):
    import ahocorasick_rs

    words: dict[str, str] = {}
    for name in names:
        for entry in vocabulary()[name]:
            for word in expand(entry):
                words.setdefault(word, name)
    patterns = list(words)
    automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return automaton, [words[w] for w in patterns]


def count_words(text: str, names: tuple[str, ...]) -> dict[str, int]:
    """Occurrences of the words of several vocabularies, in one Aho–Corasick pass.

    Leftmost-longest matching lets a longer word shadow a shorter one: a list
    whose name ends in ``_not`` (``我们`` against ``我``) counts nothing and
    only keeps its words from being counted as the shorter ones.
    """
    automaton, owner = _automaton(names)
    counts = dict.fromkeys(names, 0)
    for idx, _start, _end in automaton.find_matches_as_indexes(text):
        counts[owner[idx]] += 1
    return counts


@cache
def role_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Roles in the order they must be tried: the most specific first."""
    kw = vocabulary()["role_keywords"]
    order = ["targets", "problems", "self_government", "other", "review", "plan"]
    return [(role, re.compile(alternation(kw[role]))) for role in order]


# Chinese numerals as they appear in headings and session names.
CN_DIGITS = "零〇一二三四五六七八九十百两"
CN_NUM = f"[{CN_DIGITS}]+"
