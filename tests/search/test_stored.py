"""The stored form of a paragraph gives back exactly the folded text and word starts it was given."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gwr.search import prepare, stored
from gwr.search.tokens import normalize, word_tokens


@settings(deadline=None)
@given(st.text(max_size=400))
def test_pack_round_trip(text):
    body, _, starts = prepare(text)
    assert stored.unpack(stored.pack(body, starts)) == (body, starts)


def test_word_starts_mark_each_word_and_the_end():
    body, _, starts = prepare("我们坚持发展不动摇")
    words = ["我们", "坚持", "发展", "不", "动摇"]
    offsets = {0, 2, 4, 6, 7, 9}
    assert "".join(words) == body and word_tokens(body).split() == words
    assert {p for p in range(len(body) + 1) if stored.is_start(starts, p)} == offsets
    assert not stored.is_start(starts, 10_000)


def test_genre_text_compresses_to_about_half():
    text = ("全年地区生产总值增长6.5%，一般公共预算收入增长8%。坚持稳中求进工作总基调，推进供给侧结构性改革，"
            "加快建设现代化经济体系，推动经济高质量发展，持续改善民生，打好三大攻坚战。") * 2
    body, _, starts = prepare(text)
    assert len(stored.pack(body, starts)) < 0.6 * len(normalize(text).encode())
