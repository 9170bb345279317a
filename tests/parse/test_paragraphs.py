from hypothesis import given, strategies as st

from gwr.parse.paragraphs import MAX_CHARS, paragraph_spans
from gwr.read import read_file

from corpus_data import CORPUS_FILES, needs_shared


def test_lines_trimmed_blank_lines_dropped():
    text = "标题\n\n\u3000\u3000一、回顾 \n  \n二、计划"
    assert [text[a:b] for a, b in paragraph_spans(text, 0, len(text))] == ["标题", "一、回顾", "二、计划"]


def test_long_line_cut_after_sentence_ends():
    sentence = "全年实现地区生产总值增长百分之六。" * 200
    spans = paragraph_spans(sentence, 0, len(sentence))
    assert len(spans) > 1
    assert all(b - a <= MAX_CHARS for a, b in spans)
    assert all(sentence[b - 1] == "。" for a, b in spans)
    assert "".join(sentence[a:b] for a, b in spans) == sentence


@given(st.text(alphabet="发展。\n 　a1", max_size=4000), st.integers(0, 50))
def test_spans_cover_every_visible_character_once(text, offset):
    start = min(offset, len(text))
    spans = paragraph_spans(text, start, len(text))
    assert all(start <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    covered = "".join(text[a:b] for a, b in spans)
    visible = [c for c in text[start:] if c not in "\n \u3000"]
    assert [c for c in covered if c not in "\n \u3000"] == visible


@needs_shared
def test_corpus_paragraphs_are_lines():
    for path in CORPUS_FILES:
        src = read_file(path)
        spans = paragraph_spans(src.text, 0, len(src.text))
        assert spans and all("\n" not in src.text[a:b] for a, b in spans)
