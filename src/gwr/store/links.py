"""Near-duplicate links that do not depend on the order files were stored in.

A copy of a report is linked to one canonical copy: of every document in its
group, the one with the smallest file key (then document index).  Earlier
releases chose the first copy stored, which made the choice (and, with several
writers that could not see each other's uncommitted files, the links
themselves) depend on timing.

Groups are stars: every copy points straight at the canonical.  A file's
transaction links its documents under one database lock (``locks.shared``)
taken just before it commits, so it sees every file committed before it, and
every file committed after it sees it: each pair of copies is looked at by the
later of the two.  A document matching two groups merges them (it is a copy of
both); the merged group's canonical is again the smallest key.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from . import dedupe
from .rows import DocumentRows
from .schema import document_bands, documents, files


def link(conn: Connection, docs: list[DocumentRows], doc_ids: list[int]) -> list[tuple[int, int, float]]:
    """Link a new file's documents (their signatures and bands already stored) to their copies;
    the new documents' links as ``(document, canonical, similarity)``.  Call under ``locks.shared``."""
    own = set(doc_ids)
    by_index = {d.document["index"]: i for d, i in zip(docs, doc_ids)}
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    heads: set[int] = set()  # canonicals of stored groups this file joins
    for d, doc_id in zip(docs, doc_ids):
        for cand_id, canonical in _matches(conn, d, own):
            head = canonical or cand_id
            heads.add(head)
            union(doc_id, head)
        if d.duplicate_of is not None and d.duplicate_of in by_index:
            # the file prints this report again: one group with its first print, whatever it resembles
            union(doc_id, by_index[d.duplicate_of])
    if not parent:
        return []
    rows = {r.id: r for r in conn.execute(
        select(documents.c.id, documents.c.canonical_id, documents.c.similarity, documents.c.minhash,
               documents.c.index, documents.c.file_id, files.c.path)
        .join(files, files.c.id == documents.c.file_id)
        .where(documents.c.id.in_(bindparam("ids", expanding=True))
               | documents.c.canonical_id.in_(bindparam("heads", expanding=True))),
        {"ids": sorted(set(parent)), "heads": sorted(heads) or [-1]})}
    for r in rows.values():  # the stored members of a joined group go with their canonical
        if r.canonical_id in heads:
            union(r.id, r.canonical_id)
    groups: dict[int, list[int]] = {}
    for x in rows:
        groups.setdefault(find(x), []).append(x)
    new = {i: d for d, i in zip(docs, doc_ids)}
    out: list[tuple[int, int, float]] = []
    changes: list[dict[str, Any]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        head = min(members, key=lambda m: (rows[m].path, rows[m].index))
        for m in members:
            r = rows[m]
            if m == head:
                if r.canonical_id is not None:
                    changes.append({"m": m, "c": None, "s": None})
                continue
            if r.canonical_id == head and m not in new:
                continue  # already linked to it, with its similarity
            sim = _similarity(r, rows[head], new.get(m))
            changes.append({"m": m, "c": head, "s": sim})
            if m in new:
                out.append((m, head, sim))
    _apply(conn, changes, {m: r.canonical_id for m, r in rows.items() if m not in new})
    return sorted(out)


def _apply(conn: Connection, changes: list[dict[str, Any]], before: dict[int, int | None]) -> None:
    """Write the links; stored documents that became a copy, or stopped being one, are paired again."""
    if not changes:
        return
    conn.execute(update(documents).where(documents.c.id == bindparam("m"))
                 .values(canonical_id=bindparam("c"), similarity=bindparam("s")), changes)
    from . import derived

    derived.relinked(conn, sorted(c["m"] for c in changes
                                  if c["m"] in before and (before[c["m"]] is None) != (c["c"] is None)))


def _matches(conn: Connection, d: DocumentRows, own: set[int]) -> list[tuple[int, int | None]]:
    """Stored documents of other files that ``d`` copies: ``(id, canonical_id)``."""
    if d.signature is None:
        return []
    sig = dedupe.from_bytes(d.signature)
    found = conn.execute(
        select(documents.c.id, documents.c.canonical_id, documents.c.minhash, documents.c.report_year,
               documents.c.region_code)
        .where(documents.c.id.in_(select(document_bands.c.document_id)
                                  .where(document_bands.c.band.in_(bindparam("keys", expanding=True)))),
               documents.c.id.not_in(bindparam("own", expanding=True)))
        .order_by(documents.c.id), {"keys": dedupe.bands(sig), "own": sorted(own)}).all()
    year, code = d.document.get("report_year"), d.document.get("region_code")
    out = []
    for cand_id, canonical, blob, cand_year, cand_code in found:
        if blob is None:
            continue
        if (year is not None and cand_year is not None and year != cand_year) or \
                (code is not None and cand_code is not None and code != cand_code):
            continue  # a region's reports of two years (or two regions' alike reports) are no copies
        if dedupe.similarity(sig, dedupe.from_bytes(blob)) >= dedupe.THRESHOLD:
            out.append((cand_id, canonical))
    return out


def _similarity(member, head, rows: DocumentRows | None) -> float | None:
    """The member's estimated similarity to its canonical; a repeat within one file keeps the
    similarity ``gwr.repeats`` measured against its first print."""
    if rows is not None and rows.duplicate_of is not None and member.file_id == head.file_id \
            and rows.similarity is not None:
        return rows.similarity
    if member.minhash is not None and head.minhash is not None:
        return round(dedupe.similarity(dedupe.from_bytes(member.minhash), dedupe.from_bytes(head.minhash)), 4)
    return member.similarity if member.similarity is not None else (rows.similarity if rows else None)


def promote(conn: Connection, gone: list[int]) -> None:
    """Before documents are deleted: each group that loses its canonical gets the next smallest key."""
    if not gone:
        return
    rows = conn.execute(select(documents.c.id, documents.c.canonical_id, documents.c.similarity,
                               documents.c.minhash, documents.c.index, documents.c.file_id, files.c.path)
                        .join(files, files.c.id == documents.c.file_id)
                        .where(documents.c.canonical_id.in_(gone), documents.c.id.not_in(gone))).all()
    groups: dict[int, list] = {}
    for r in rows:
        groups.setdefault(r.canonical_id, []).append(r)
    changes = []
    for members in groups.values():
        head = min(members, key=lambda r: (r.path, r.index))
        changes.append({"m": head.id, "c": None, "s": None})
        for r in members:
            if r.id != head.id:
                changes.append({"m": r.id, "c": head.id, "s": _similarity(r, head, None)})
    _apply(conn, changes, {r.id: r.canonical_id for r in rows})
