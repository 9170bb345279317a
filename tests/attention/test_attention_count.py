"""The counting rules of gwr.attention on hand-made texts and on hand-checked seed reports."""
from __future__ import annotations

import re

import ahocorasick_rs
import pytest

from corpus_data import CORPUS, CORPUS_FILES, needs_shared
from gwr.attention import Dictionary, Topic, evidence, load, score
from gwr.parse.normalize import normalize

ONE_REPORT = CORPUS / "001_209cad49592183ba.txt"  # a single official report filling its file


def topics(**terms: list[str]) -> Dictionary:
    return Dictionary("test", "1", tuple(Topic(k, k, tuple(v)) for k, v in terms.items()))


@pytest.fixture(scope="module")
def one_report():
    from gwr.pipeline import extract_file

    result = extract_file(ONE_REPORT)
    return result.source.text, result.documents[0]


# -- longest match, every occurrence ---------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("加强生态环境保护,修复生态。", {"生态环境": 1, "生态": 1}),
    ("生态生态环境生态", {"生态": 2, "生态环境": 1}),
    ("环境", {}),  # 环境 is no term of this topic
])
def test_attention_longest_term_wins_and_every_occurrence_counts(text, expected):
    s = score(text, (), topics(eco=["生态", "生态环境"]))
    assert dict(s.total.terms.get("eco", {})) == expected
    assert s.total.counts["eco"] == sum(expected.values())


def test_attention_leftmost_longest_never_overlaps():
    # 数字经济 and 经济发展 overlap in 数字经济发展: the leftmost one is taken, the other not
    s = score("推动数字经济发展。", (), topics(t=["数字经济", "经济发展"]))
    assert [(m.term, m.start, m.end) for m in s.matches] == [("数字经济", 2, 6)]


def test_attention_topics_do_not_shadow_each_other():
    text = "建设智慧城市,推进城市更新。"
    both = score(text, (), topics(digital=["智慧城市"], urban=["城市", "城市更新"]))
    alone = score(text, (), topics(urban=["城市", "城市更新"]))
    assert both.total.counts["urban"] == alone.total.counts["urban"] == 2
    assert both.total.counts["digital"] == 1


def test_attention_excluded_words_shadow_without_counting():
    d = Dictionary("t", None, (Topic("env", "环境", ("环境",), exclude=("营商环境",)),))
    text = "优化营商环境,改善人居环境。"
    s = score(text, (), d)
    assert s.total.counts["env"] == 1
    assert [m.start for m in s.matches] == [text.rindex("环境")]


def test_attention_full_width_letters_match_and_quote_the_original():
    text = "新建５Ｇ基站300个。"
    s = score(text, (), topics(d=["5G"]))
    (m,) = s.matches
    assert text[m.start:m.end] == "５Ｇ" and m.term == "5G"


# -- characters, sentences, roles -------------------------------------------------------------------

def test_attention_sentences_end_at_marks_and_line_ends():
    text = "  甲乙生态。丙丁！\n\n戊己生态；生态庚辛？ \u3000\n壬癸\n。。\n"
    s = score(text, (), topics(eco=["生态"]))
    assert [text[a:b] for a, b, _ in s.sentences] == ["甲乙生态。", "丙丁！", "戊己生态；", "生态庚辛？", "壬癸"]
    assert s.total.sentences == 5
    assert s.total.sentences_with["eco"] == 3 and s.total.counts["eco"] == 3
    assert s.total.sentence_share("eco") == pytest.approx(3 / 5)
    assert s.total.chars == len(re.sub(r"\s", "", text))  # whitespace (ideographic space too) not counted


def test_attention_roles_follow_the_innermost_section():
    text = "标题\n一、回顾\n生态好。\n（一）问题\n生态差。\n二、计划\n保护生态。"
    review = text.index("一、")
    problems = text.index("（一）")
    plan = text.index("二、")
    sections = [(review, plan, "review"), (problems, plan, "problems"), (plan, len(text), "plan")]
    s = score(text, sections, topics(eco=["生态"]))
    assert set(s.by_role) == {None, "review", "problems", "plan"}
    assert {r: t.counts["eco"] for r, t in s.by_role.items()} == {None: 0, "review": 1, "problems": 1, "plan": 1}
    assert {r: t.sentences for r, t in s.by_role.items()} == {None: 1, "review": 2, "problems": 2, "plan": 2}
    assert sum(t.chars for t in s.by_role.values()) == s.total.chars == len(re.sub(r"\s", "", text))
    assert s.by_role["problems"].chars == len("（一）问题生态差。")


def test_attention_span_limits_the_document():
    text = "生态。" * 3 + "||" + "生态。" * 2
    cut = text.index("||") + 2
    s = score(text, (), topics(eco=["生态"]), span=(cut, len(text)))
    assert s.total.counts["eco"] == 2 and s.total.sentences == 2
    assert all(text[m.start:m.end] == "生态" and m.start >= cut for m in s.matches)


# -- hand-checked seed report ---------------------------------------------------------------------

@needs_shared
def test_attention_hand_checked_counts_on_a_seed_report(one_report):
    text, doc = one_report
    # counted by hand (grep -o): 生态 occurs 11 times, 3 of them inside 生态环境; 河长制 twice;
    # 棚改 9 times and 棚户区改造 once, never inside each other
    s = score(text, doc.sections, topics(eco=["生态", "生态环境"], river=["河长制"], shack=["棚改", "棚户区改造"]),
              span=doc.span)
    assert s.total.counts["eco"] == 11 == text.count("生态")
    assert dict(s.total.terms["eco"]) == {"生态": 8, "生态环境": 3}
    assert s.total.counts["river"] == 2
    assert dict(s.total.terms["shack"]) == {"棚改": 9, "棚户区改造": 1}
    a, b = doc.span
    assert s.total.chars == len(re.sub(r"\s", "", text[a:b]))
    assert s.total.per_10k("river") == pytest.approx(2 * 10000 / s.total.chars)


@needs_shared
def test_attention_shipped_dictionary_longest_terms_on_a_seed_report(one_report):
    text, doc = one_report
    s = score(text, doc.sections, load(), span=doc.span)
    # 民生 occurs 12 times: twice inside 民生实事 and once inside 民生支出, both livelihood terms
    assert text.count("民生") == 12
    terms = s.total.terms["livelihood"]
    assert (terms["民生"], terms["民生实事"], terms["民生支出"]) == (9, 2, 1)


# -- the one-pass matcher against one automaton per topic -----------------------------------------

def reference_counts(norm: str, d: Dictionary) -> dict[str, list[tuple[str, int, int]]]:
    """Each topic on its own: ahocorasick_rs's leftmost-longest over the topic's terms and excluded words."""
    out = {}
    for t in d.topics:
        ac = ahocorasick_rs.AhoCorasick(t.patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        out[t.id] = [(t.patterns[i], s, e) for i, s, e in ac.find_matches_as_indexes(norm) if i < t.n_counted]
    return out


@needs_shared
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_attention_one_pass_equals_one_automaton_per_topic(path):
    text = path.read_text(encoding="utf-8")
    d = load()
    s = score(text, (), d)
    got = {t.id: [] for t in d.topics}
    for m in s.matches:
        got[m.topic].append((m.term, m.start, m.end))
    assert got == reference_counts(normalize(text), d)


# -- evidence --------------------------------------------------------------------------------------

@needs_shared
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_attention_evidence_spans_are_exact(path):
    from gwr.pipeline import extract_file

    result = extract_file(path)
    text = result.source.text
    d = load()
    for doc in result.documents:
        s = score(text, doc.sections, d, span=doc.span)
        for topic in d.topics:
            ev = evidence(text, s, topic.id)
            assert sum(len(e["matches"]) for e in ev) == s.total.counts[topic.id]
            assert len(ev) == s.total.sentences_with[topic.id]
            for e in ev:
                a, b = e["span"]
                assert e["quote"] == text[a:b]
                marked = e["quote"]
                for m in reversed(e["matches"]):
                    ms, me = m["span"][0] - a, m["span"][1] - a
                    marked = marked[:ms] + "【" + marked[ms:me] + "】" + marked[me:]
                assert e["highlighted"] == marked
                for m in e["matches"]:
                    ms, me = m["span"]
                    assert a <= ms < me <= b and m["quote"] == text[ms:me]
                    assert normalize(m["quote"]) == m["term"]


def test_attention_evidence_by_role_and_limit():
    text = "一、回顾\n生态好,生态美。\n二、计划\n保护生态。修复生态。"
    plan = text.index("二、")
    s = score(text, [(0, plan, "review"), (plan, len(text), "plan")], topics(eco=["生态"]))
    ev = evidence(text, s, "eco", role="plan")
    assert [e["quote"] for e in ev] == ["保护生态。", "修复生态。"]
    assert [e["highlighted"] for e in ev] == ["保护【生态】。", "修复【生态】。"]
    (first,) = evidence(text, s, "eco", limit=1)
    assert first["highlighted"] == "生态好,生态美。".replace("生态", "【生态】") and first["role"] == "review"


# -- region-year grouping --------------------------------------------------------------------------

def scored(text: str, name: str | None, code: str | None, parent: str | None, year: int | None, d: Dictionary):
    from gwr.attention import Scored

    return Scored("x.txt", 0, None, "official_report", None, name, code, "town", year, text, score(text, (), d),
                  parent)


def test_attention_region_year_sums_then_divides_and_keeps_namesakes_apart():
    from gwr.attention import rows

    d = topics(eco=["生态"])
    docs = [scored("生态。生态。", "新镇", None, "甲县", 2020, d), scored("生态好。别的。别的。", "新镇", None, "甲县", 2020, d),
            scored("生态。", "新镇", None, "乙县", 2020, d), scored("生态。", "新镇", None, "乙县", None, d),
            scored("生态。", None, None, None, 2020, d)]
    out = rows(docs, d, by="region-year")
    assert out.skipped == 2
    assert sorted((r["documents"], r["count"], r["sentences"], r["sentences_with"]) for r in out) == \
        [(1, 1, 1, 1), (2, 3, 5, 3)]
    first = max(out, key=lambda r: r["documents"])
    assert first["per_10k"] == pytest.approx(3 * 10000 / first["chars"])  # a ratio of sums
    assert first["sentence_share"] == pytest.approx(3 / 5)
