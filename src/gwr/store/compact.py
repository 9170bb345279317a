"""The stored form of the rows ``gwr.store.derived`` computes: JSON in zstd frames, a document's at once.

Until migration 0010 a commitment was a row of its own holding its item as a
JSON object (~590 bytes: every key, the file's path, region and years, the
quote), and the rows of 1,000 reports took 2.7× the reports' text.  The items
of one document repeat their keys and most of their values, so they are kept
together: the keys once, each item as the list of its values, the whole in
one zstd frame with the search side's dictionary (``gwr.search.stored``) —
about a twelfth of the JSON.  An attention tally's four JSON fields go into
one frame the same way.  Readers get back exactly the dicts that were packed
(JSON round trip, key order kept), so nothing above the store changes.

The first byte of a blob names its format, as in ``gwr.search.stored``.
"""
from __future__ import annotations

import json
from typing import Any, Sequence

from ..search.stored import compress, decompress

FORMAT = 1  # JSON, zstd with gwr/search/zdict.txt


def pack(value: Any) -> bytes:
    """Any JSON value as one blob."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return bytes((FORMAT,)) + compress(raw)


def unpack(blob: bytes | memoryview) -> Any:
    blob = bytes(blob)
    if blob[0] != FORMAT:
        raise ValueError(f"unknown stored row format {blob[0]}")
    return json.loads(decompress(blob[1:]))


def pack_items(items: Sequence[dict[str, Any]]) -> bytes | None:
    """A list of dicts (a document's plan or review items) as one blob: the first item's keys once, every
    item sharing them as its values; an item with other keys stays a dict.  None: no items."""
    if not items:
        return None
    keys = list(items[0])
    rows = [[i[k] for k in keys] if list(i) == keys else i for i in items]
    return pack({"keys": keys, "rows": rows})


def unpack_items(blob: bytes | memoryview | None) -> list[dict[str, Any]]:
    if blob is None:
        return []
    got = unpack(blob)
    keys = got["keys"]
    return [r if isinstance(r, dict) else dict(zip(keys, r)) for r in got["rows"]]


__all__ = ["FORMAT", "pack", "pack_items", "unpack", "unpack_items"]
