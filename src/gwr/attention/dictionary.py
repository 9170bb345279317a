"""Topic dictionaries: gwr's own (``data/topics/*.json``), plain word lists and cntext's format.

A dictionary is data, not code, so that a researcher can publish the exact
word lists behind an index, version them, and swap ours for theirs without
touching gwr.  Three formats are read (see docs/ATTENTION.md):

* gwr JSON: ``{"name", "version", "description", "topics": [{"id", "name",
  "description", "terms": [...], "exclude": [...]}]}``.  ``exclude`` lists
  words that shadow a term without being counted (营商环境 keeps 环境 from
  counting as the environment), since matching prefers the longest word.
* plain text, one term per line (``.txt``): the topic is the file's stem, or
  a ``# topic: ID`` header (several headers make several topics; ``# name:``
  and ``# description:`` lines may follow one); ``!word`` excludes a word;
  other ``#`` lines and blank lines are comments.
* cntext's format (``.yaml``/``.yml``/``.json``): a mapping with
  ``Name``, ``Desc`` and ``Dictionary: {category: [words]}`` as cntext's
  ``read_yaml_dict`` reads it, or just the ``{category: [words]}`` mapping.
  Each category becomes a topic whose id and name are the category.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from ..errors import GwrError
from ..parse.normalize import normalize

DEFAULT = "gwr"
# A term may not hold a sentence end or whitespace: every match then lies inside one sentence.
_BAD_TERM = re.compile(r"[\s。！？；!?;]")


class DictionaryError(GwrError):
    """A topic dictionary that cannot be read or makes no sense (empty, clashing terms)."""

    code = "E301"


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    terms: tuple[str, ...]
    description: str = ""
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.terms:
            raise DictionaryError(f"topic {self.id!r} has no terms")
        for word in (*self.terms, *self.exclude):
            if not word or _BAD_TERM.search(word):
                raise DictionaryError(f"topic {self.id!r}: term {word!r} is empty or holds whitespace or a "
                                      "sentence end")
        clash = set(self.terms) & set(self.exclude)
        if clash:
            raise DictionaryError(f"topic {self.id!r}: {sorted(clash)} both counted and excluded")

    @cached_property
    def patterns(self) -> list[str]:
        """The counted terms, then the excluded words, as matched: on ``gwr.normalize``'s
        same-length view of the text, so normalised the same way (５Ｇ → 5G)."""
        return list(dict.fromkeys([normalize(t) for t in self.terms] + [normalize(t) for t in self.exclude]))

    @cached_property
    def n_counted(self) -> int:
        """``patterns[:n_counted]`` are counted; the rest only shadow (excluded words)."""
        return len(dict.fromkeys(normalize(t) for t in self.terms))

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "name": self.name, "description": self.description, "terms": list(self.terms)}
        if self.exclude:
            d["exclude"] = list(self.exclude)
        return d


@dataclass(frozen=True)
class Dictionary:
    name: str
    version: str | None
    topics: tuple[Topic, ...]
    description: str = ""
    sources: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        ids = [t.id for t in self.topics]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise DictionaryError(f"dictionary {self.name!r}: topic ids {dup} appear twice")
        if not self.topics:
            raise DictionaryError(f"dictionary {self.name!r} has no topics")

    @cached_property
    def matcher(self):
        """One Aho–Corasick automaton over every topic's patterns, reporting overlapping matches.

        One pass over the text for all topics (rather than one per topic) is what keeps the
        counting fast; each topic's leftmost-longest choice is then made among these matches
        (``gwr.attention.score``), so topics stay independent of each other.
        RETURNS: (automaton, patterns, owners): ``owners[i]`` holds ``(topic index, counted)``
        for every topic having ``patterns[i]`` as a term (counted) or an excluded word.
        """
        import ahocorasick_rs

        owners: dict[str, list[tuple[int, bool]]] = {}
        for ti, topic in enumerate(self.topics):
            for j, word in enumerate(topic.patterns):
                owners.setdefault(word, []).append((ti, j < topic.n_counted))
        patterns = list(owners)
        automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
        return automaton, patterns, [tuple(owners[w]) for w in patterns]

    def topic(self, topic_id: str) -> Topic:
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise DictionaryError(f"no topic {topic_id!r} in dictionary {self.name!r} "
                              f"(topics: {', '.join(t.id for t in self.topics)})")

    def select(self, ids: Iterable[str] | None) -> Dictionary:
        """Only these topics, in the order given (all when ``ids`` is empty or None)."""
        ids = list(ids or [])
        if not ids:
            return self
        return Dictionary(self.name, self.version, tuple(self.topic(i) for i in ids), self.description,
                          self.sources)

    def merged(self, other: Dictionary) -> Dictionary:
        """This dictionary with ``other``'s topics added; a topic of the same id is replaced."""
        theirs = {t.id: t for t in other.topics}
        topics = [theirs.pop(t.id, t) for t in self.topics] + list(theirs.values())
        version = self.version if self.version == other.version else \
            "+".join(f"{d.name}@{d.version or '?'}" for d in (self, other))
        return Dictionary(f"{self.name}+{other.name}", version, tuple(topics), self.description,
                          self.sources + other.sources)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "description": self.description,
                "topics": [t.to_dict() for t in self.topics]}


def builtin_names() -> list[str]:
    """The dictionaries shipped in ``gwr/data/topics``."""
    folder = resources.files("gwr").joinpath("data/topics")
    return sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))


def load(spec: str | Path | None = None) -> Dictionary:
    """A shipped dictionary by name (``gwr``), or a file in any of the three formats."""
    spec = DEFAULT if spec is None else spec
    path = Path(spec)
    if isinstance(spec, str) and spec in builtin_names() and not path.exists():
        text = resources.files("gwr").joinpath(f"data/topics/{spec}.json").read_text("utf-8")
        return _from_mapping(json.loads(text), spec, f"gwr:{spec}")
    if not path.is_file():
        raise DictionaryError(f"no dictionary {str(spec)!r}: neither a file nor one of "
                              f"{', '.join(builtin_names())}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DictionaryError(f"cannot read {path}: {e}", path=str(path)) from e
    suffix = path.suffix.lower()
    try:
        if suffix == ".txt":
            return read_text_list(text, path.stem, str(path))
        if suffix == ".json":
            data = json.loads(text)
        elif suffix in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            raise DictionaryError(f"{path}: unknown dictionary format {suffix!r} (.json, .yaml, .yml, .txt)")
        return _from_mapping(data, path.stem, str(path))
    except (ValueError, TypeError, KeyError) as e:  # json and yaml errors are ValueErrors or yaml.YAMLError
        raise DictionaryError(f"{path}: {e}", path=str(path)) from e
    except Exception as e:
        if type(e).__module__.startswith("yaml"):
            raise DictionaryError(f"{path}: {e}", path=str(path)) from e
        raise


def load_many(specs: Iterable[str | Path] | None) -> Dictionary:
    """Several dictionaries merged in order (a later topic replaces an earlier one of the same id)."""
    specs = list(specs or []) or [DEFAULT]
    out = load(specs[0])
    for s in specs[1:]:
        out = out.merged(load(s))
    return out


def read_text_list(text: str, default_topic: str, source: str = "") -> Dictionary:
    """One term per line; ``# topic: ID`` starts a topic, ``!word`` excludes a word."""
    topics: list[dict[str, Any]] = []
    version = None
    current: dict[str, Any] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            key, value = key.strip().lower(), value.strip()
            if not sep:
                continue
            if key == "topic":
                current = {"id": value, "name": value, "description": "", "terms": [], "exclude": []}
                topics.append(current)
            elif key == "version":
                version = value
            elif key in ("name", "description") and current is not None:
                current[key] = value
            continue
        if current is None:
            current = {"id": default_topic, "name": default_topic, "description": "", "terms": [], "exclude": []}
            topics.append(current)
        if line.startswith("!"):
            current["exclude"].append(line[1:].strip())
        else:
            current["terms"].append(line)
    return Dictionary(default_topic, version, tuple(_topic(t) for t in topics), "", (source,))


def _topic(d: dict[str, Any]) -> Topic:
    if not isinstance(d.get("terms"), list):
        raise DictionaryError(f"topic {d.get('id')!r}: 'terms' must be a list of words")
    return Topic(id=str(d["id"]), name=str(d.get("name") or d["id"]), description=str(d.get("description") or ""),
                 terms=tuple(dict.fromkeys(str(w).strip() for w in d["terms"] if str(w).strip())),
                 exclude=tuple(dict.fromkeys(str(w).strip() for w in d.get("exclude") or [] if str(w).strip())))


def _from_mapping(data: Any, default_name: str, source: str) -> Dictionary:
    """gwr's JSON (has ``topics``), cntext's (has ``Dictionary``) or a bare ``{category: [words]}``."""
    if not isinstance(data, dict):
        raise DictionaryError(f"{source}: expected a mapping at the top level")
    if "topics" in data:
        return Dictionary(str(data.get("name") or default_name), _str(data.get("version")),
                          tuple(_topic(t) for t in data["topics"]), str(data.get("description") or ""), (source,))
    mapping = data.get("Dictionary", data)
    if not isinstance(mapping, dict) or not all(isinstance(v, list) for v in mapping.values()):
        raise DictionaryError(f"{source}: neither gwr's format ('topics') nor cntext's "
                              "('Dictionary': {category: [words]})")
    topics = tuple(_topic({"id": str(k), "terms": v}) for k, v in mapping.items())
    name = str(data.get("Name") or default_name) if "Dictionary" in data else default_name
    desc = str(data.get("Desc") or "") if "Dictionary" in data else ""
    return Dictionary(name, _str(data.get("Version") or data.get("version")) if "Dictionary" in data else None,
                      topics, desc, (source,))


def _str(v: Any) -> str | None:
    return None if v is None else str(v)
