"""The token streams and the query phrase, checked as pure functions against a substring scan."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwr.search.tokens import (BREAK_MARK, Phrase, facet_token, index_tokens, normalize,
                               occurrences, query_phrase, query_words, region_codes, snippet,
                               tags, word_tokens)

# Few distinct characters, so that random queries do occur in random texts, and
# the awkward ones: full-width forms, case pairs, characters that NFKC or case
# folding turn into several (㎡, ß, İ), ideographic space, ASCII punctuation.
ALPHABET = list("发展改革棚改造ab1２.%，。、 ＧＤＰgdp㎡ßİ　\n-")
texts = st.text(alphabet=ALPHABET, max_size=40)
queries = st.text(alphabet=ALPHABET, min_size=1, max_size=5)


def phrase_occurs(stream: list[str], phrase: Phrase) -> bool:
    """FTS phrase semantics: consecutive positions, the last token a prefix when marked."""
    n = len(phrase.tokens)
    for i in range(len(stream) - n + 1):
        head = stream[i:i + n]
        fixed = n - 1 if phrase.prefix else n
        if head[:fixed] == list(phrase.tokens[:fixed]) and (
                not phrase.prefix or head[-1].startswith(phrase.tokens[-1])):
            return True
    return False


@settings(max_examples=1500, deadline=None)
@given(texts, queries)
def test_tokens_phrase_matches_exactly_where_substring(text, query):
    phrase = query_phrase(query)
    if not phrase:
        assert normalize(query) == ""
        return
    assert phrase_occurs(index_tokens(text).split(), phrase) == (normalize(query) in normalize(text))


@settings(max_examples=300, deadline=None)
@given(texts, queries)
def test_tokens_phrase_matches_query_inside_text(text, query):
    # The same property where the answer is always yes: a query taken from the text.
    whole = text + query + text
    assert phrase_occurs(index_tokens(whole).split(), query_phrase(query))


@given(texts)
def test_tokens_one_token_per_folded_character(text):
    stream = index_tokens(text).split(" ") if normalize(text) else []
    assert len(stream) == len(normalize(text))
    assert all(tok and " " not in tok for tok in stream)


@pytest.mark.parametrize("query, tokens, prefix", [
    ("棚改", ("棚改",), False),
    ("改", ("改",), True),
    ("地区生产总值", ("地区", "区生", "生产", "产总", "总值"), False),
    ("6.6%", ("6", BREAK_MARK + "2e", "6", BREAK_MARK + "25"), False),
    ("，发展", (BREAK_MARK + "2c", "发展"), False),  # NFKC: ， → ,
    ("、发展", (BREAK_MARK + "3001", "发展"), False),
    ("ＧＤＰ", ("gd", "dp"), False),
])
def test_tokens_query_phrase(query, tokens, prefix):
    assert query_phrase(query) == Phrase(tokens, prefix)


def test_tokens_break_tokens_cannot_meet_a_prefix():
    # A one-character query becomes a prefix; no break token may start like a gram.
    stream = index_tokens("a，b。c 1%").split()
    breaks = [t for t in stream if not t[0].isalnum()]
    assert breaks and all(t.startswith(BREAK_MARK) and not BREAK_MARK.isalnum() for t in breaks)


def test_tokens_stream_is_ascii_tokenizer_safe():
    # SQLite's ascii tokenizer splits on ASCII non-alphanumerics: none may occur inside a token.
    stream = index_tokens("规划(2021-2025)：投资1.5亿元，增长8%以上!\t\"引号\"")
    for tok in stream.split(" "):
        assert not re.search(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]", tok), tok


def test_tokens_word_stream_marks_whole_words():
    words = word_tokens("加快推进棚改工作，增长6.6%")
    assert "棚改" in words.split()
    assert query_words("棚改") == ("棚改",)
    assert all(" " not in t and t for t in words.split(" "))
    assert BREAK_MARK + "2c" in words.split()


@pytest.mark.parametrize("code, chain", [
    ("430602", ("430602", "430600", "430000")),
    ("430600", ("430600", "430000")),
    ("430000", ("430000",)),
])
def test_tokens_region_ancestors(code, chain):
    assert region_codes(code) == chain


def test_tokens_region_code_must_be_six_digits():
    with pytest.raises(ValueError):
        region_codes("4306")


def test_tokens_tags_cover_every_facet():
    got = tags(region_code="430602", level="county", year=2018, role="review",
               kind="official_report").split()
    assert got == ["r430602", "r430600", "r430000", "lcounty", "y2018", "sreview",
                   "kofficialreport"]


def test_tokens_town_tags_parent_and_name():
    got = tags(region_name="某某镇", parent_code="430602", level="town").split()
    assert got[:3] == ["r430602", "r430600", "r430000"]
    assert got[3] == facet_token("name", "某某镇") != facet_token("name", "某某乡")
    assert facet_token("name", "某某镇") == facet_token("name", "某某镇")


@given(st.sampled_from(["region", "name", "level", "year", "role", "kind"]),
       st.text(min_size=1, max_size=12).filter(str.strip))
def test_tokens_facet_token_is_one_ascii_token(facet, value):
    if facet == "region":
        value = "430602"
    tok = facet_token(facet, value)
    assert len(tok) >= 3 and re.fullmatch(r"[a-z0-9]+", tok)


def test_tokens_snippet_marks_every_hit_and_escapes():
    text = "推进<棚改>，棚改房&棚改"
    got = snippet(text, "棚改", width=None)
    assert got.count("<mark>") == 3
    assert got == "推进&lt;<mark>棚改</mark>&gt;，<mark>棚改</mark>房&amp;<mark>棚改</mark>"


def test_tokens_snippet_folds_like_the_index():
    assert snippet("全年ＧＤＰ增长", "gdp", width=None) == "全年<mark>ＧＤＰ</mark>增长"
    assert occurrences("面积10㎡", "m2") == [(4, 5)]
    # characters folding to several (ß → ss, ﬁ → fi) or none: spans still in source offsets
    assert occurrences("Straße ﬁnanz ßs", "ss") == [(4, 5), (13, 14)]
    assert occurrences("ﬁnanz", "fin") == [(0, 2)] and occurrences("ﬁnanz", "in") == [(0, 2)]


@given(st.text(alphabet=ALPHABET, max_size=300), queries, st.integers(5, 60))
def test_tokens_snippet_window_keeps_text(text, query, width):
    got = snippet(text, query, width=width, ellipsis="")
    plain = html.unescape(got.replace("<mark>", "").replace("</mark>", ""))
    assert plain in text
    hits = occurrences(text, query)
    if hits:
        s, e = hits[0]
        assert text[s:e] in plain and got.count("<mark>") >= 1
