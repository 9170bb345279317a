"""Near-duplicate reports: the same report posted again on another compilation site.

Copies differ in their furniture (site headers, a line added or lost, a
different break here and there), so equality of bytes or of text is not
enough.  Each document gets a MinHash signature (datasketch) of its character
shingles, taken over the text with whitespace and punctuation removed so that
layout changes do not count; signatures sharing a band of the locality-
sensitive hash are candidates, confirmed by their estimated Jaccard
similarity.
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
SCHEME = "affine32"  # named, so that signatures stored by one datasketch release compare with the next
SAMPLE_ABOVE = 500  # shingles: longer documents are hashed on a deterministic sample of them

_NOISE = re.compile(r"[\s\W_]+")


def signature(text: str) -> np.ndarray | None:
    """The MinHash of ``text``'s character shingles, or None when there is too little text."""
    from datasketch import MinHash

    core = _NOISE.sub("", text)
    if len(core) < MIN_CHARS:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, permutations=_permutations(),
                scheme=SCHEME)
    m.update_batch(_shingle_hashes(core))
    return m.hashvalues.astype(np.uint64)


@functools.cache
def _permutations():
    """datasketch draws them anew for every MinHash; they depend on the seed alone."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def _identity(x):
    return x


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
