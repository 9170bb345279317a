"""Near-duplicate signatures: datasketch's affine32 MinHash, computed with numpy alone."""
from __future__ import annotations

import numpy as np

from corpus_data import CORPUS, SAMPLES
from gwr.store import dedupe


def _texts() -> list[str]:
    files = sorted(CORPUS.glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    # long enough to be sampled and to span several blocks of permutations
    texts.append("".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(60_000)))
    return texts


def test_signatures_are_datasketchs_affine32_minhash():
    import datasketch  # the test extra's: a missing install fails here rather than skipping
    for text in _texts():
        core = dedupe._NOISE.sub("", text)
        if len(core) < dedupe.MIN_CHARS:
            continue
        m = datasketch.MinHash(num_perm=dedupe.NUM_PERM, seed=dedupe.SEED, hashfunc=lambda x: x, scheme="affine32")
        m.update_batch(dedupe._shingle_hashes(core))
        assert np.array_equal(dedupe.signature(text), m.hashvalues.astype(np.uint64))


def test_copies_are_close_and_other_reports_far():
    texts = [t for t in _texts() if len(dedupe._NOISE.sub("", t)) >= 2000]
    a = texts[0]
    copy = "网站首页 > 政务公开\n" + a.replace("\n", "\n\n") + "\n【打印本页】【关闭窗口】"
    assert dedupe.similarity(dedupe.signature(a), dedupe.signature(copy)) >= dedupe.THRESHOLD
    assert all(dedupe.similarity(dedupe.signature(a), dedupe.signature(b)) < 0.5 for b in texts[1:])
    assert dedupe.signature("太短") is None


def test_a_signature_survives_the_database_bytes():
    sig = dedupe.signature(_texts()[0])
    assert sig.dtype == np.uint64 and len(sig) == dedupe.NUM_PERM and int(sig.max()) < 2**32
    assert np.array_equal(dedupe.from_bytes(dedupe.to_bytes(sig)), sig)
    assert len(dedupe.bands(sig)) == dedupe.BANDS
