"""Near-duplicate reports: the same report posted again on another compilation site.

Copies differ in their furniture (site headers, a line added or lost, a
different break here and there), so equality of bytes or of text is not
enough.  Each document gets a MinHash signature of its character shingles,
taken over the text with whitespace and punctuation removed so that layout
changes do not count; signatures sharing a band of the locality-sensitive hash
are candidates, confirmed by their estimated Jaccard similarity.

The signature is datasketch's ``affine32`` scheme (2.0), computed here with
numpy alone: the same values, so signatures stored before still compare, at a
fraction of the cost (datasketch calls a Python hash function per shingle) and
without datasketch's scipy in a store install.  Each shingle hash is mixed by
the MurmurHash3 32-bit finalizer, then permuted by ``a·h + b`` modulo 2³² with
odd ``a`` (a bijection); ``a`` and ``b`` come from numpy's legacy
``RandomState(SEED)``, whose stream numpy keeps stable across releases.  The
test suite checks the values against datasketch where it is installed.
"""
from __future__ import annotations

import functools
import hashlib
import re
import struct

import numpy as np

NUM_PERM = 64
BANDS = 16  # of ROWS rows: a pair at Jaccard 0.8 shares a band with probability 0.9998, at 0.3 with 0.12
ROWS = NUM_PERM // BANDS
SHINGLE = 5
THRESHOLD = 0.8  # estimated Jaccard from which two documents are one report
MIN_CHARS = 200  # below this, a "document" is a headline or a notice: too short to call a copy
SEED = 1
SAMPLE_ABOVE = 500  # shingles: longer documents are hashed on a deterministic sample of them
BLOCK = 4096  # shingles permuted at a time: memory stays at BLOCK × NUM_PERM × 4 bytes whatever the text

_NOISE = re.compile(r"[\s\W_]+")


def signature(text: str) -> np.ndarray | None:
    """The MinHash of ``text``'s character shingles, or None when there is too little text."""
    core = _NOISE.sub("", text)
    if len(core) < MIN_CHARS:
        return None
    a, b = _permutations()
    hv = _fmix32(_shingle_hashes(core).astype(np.uint32))
    low = np.full(NUM_PERM, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    for k in range(0, len(hv), BLOCK):
        low = np.minimum(low, (hv[k:k + BLOCK, None] * a + b).min(axis=0))  # uint32: wrap-around is mod 2^32
    return low.astype(np.uint64)


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """``a`` (odd) and ``b`` of each permutation, drawn as datasketch's affine32 draws them for SEED."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer: spreads the shingle hashes before the affine permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _shingle_hashes(core: str) -> np.ndarray:
    """A stable 32-bit hash per character shingle, vectorised: the built-in ``hash`` changes per process."""
    codes = np.frombuffer(core.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):  # a polynomial hash of each window, modulo 2^64 (wrap-around is intended)
        h = h * np.uint64(1_000_003) + codes[k:k + n]
    h = (h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF))  # repeats are harmless: MinHash keeps minima
    if len(h) > 4 * SAMPLE_ABOVE:
        # a fixed quarter of the shingle space: the Jaccard of the kept sets estimates that of the whole,
        # and MinHash's cost is proportional to the shingles it is fed
        h = h[(h & np.uint64(3)) == 0]
    return h


def bands(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (BIGINT on both dialects), the band's number mixed in."""
    out = []
    for b in range(BANDS):
        chunk = sig[b * ROWS:(b + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, key=struct.pack("<I", b)).digest()
        out.append(struct.unpack("<q", digest)[0])
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)
