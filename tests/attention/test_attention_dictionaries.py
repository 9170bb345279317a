"""Topic dictionaries: the shipped one, plain word lists and cntext's format."""
from __future__ import annotations

import json

import pytest

from gwr.attention import DictionaryError, builtin_names, load, load_many, score

TEN = {"environment", "innovation", "digital", "livelihood", "opening", "fiscal", "agriculture", "industry", "urban",
       "self_government"}


def test_attention_shipped_dictionary_is_versioned_with_ten_topics():
    assert "gwr" in builtin_names()
    d = load("gwr")
    assert d.version and {t.id for t in d.topics} == TEN
    for t in d.topics:
        assert t.name and t.description
        assert 30 <= len(t.terms) <= 80, t.id
        assert len(set(t.terms)) == len(t.terms), t.id


def test_attention_plain_list_topic_from_the_file_name(tmp_path):
    p = tmp_path / "ecology.txt"
    p.write_text("# my list\n生态\n\n生态环境\n!生态旅游\n", encoding="utf-8")
    d = load(p)
    (t,) = d.topics
    assert (t.id, t.terms, t.exclude) == ("ecology", ("生态", "生态环境"), ("生态旅游",))
    s = score("发展生态旅游,保护生态环境。", (), d)
    assert s.total.counts["ecology"] == 1


def test_attention_plain_list_topic_headers(tmp_path):
    p = tmp_path / "mine.txt"
    p.write_text("# version: 3\n# topic: water\n# name: 水\n河长制\n湖长制\n# topic: air\n蓝天保卫战\n",
                 encoding="utf-8")
    d = load(p)
    assert d.version == "3"
    assert [(t.id, t.name, t.terms) for t in d.topics] == [("water", "水", ("河长制", "湖长制")),
                                                           ("air", "air", ("蓝天保卫战",))]


CNTEXT_YAML = """Name: 测试词典
Desc: '两类'
Refer: 某文献
Category:
- Big_Data
- Cloud
Dictionary:
    Big_Data:
    - 大数据
    - 数据挖掘
    Cloud:
    - 云计算
"""


def test_attention_cntext_yaml(tmp_path):
    p = tmp_path / "zh_common_Test.yaml"
    p.write_text(CNTEXT_YAML, encoding="utf-8")
    d = load(p)
    assert d.name == "测试词典" and d.description == "两类"
    assert [(t.id, t.terms) for t in d.topics] == [("Big_Data", ("大数据", "数据挖掘")), ("Cloud", ("云计算",))]
    s = score("发展大数据和云计算,推进数据挖掘。", (), d)
    assert (s.total.counts["Big_Data"], s.total.counts["Cloud"]) == (2, 1)


def test_attention_cntext_bare_mapping_json(tmp_path):
    p = tmp_path / "words.json"
    p.write_text(json.dumps({"pos": ["提升", "增长"], "neg": ["下降"]}, ensure_ascii=False), encoding="utf-8")
    d = load(p)
    assert d.name == "words" and [t.id for t in d.topics] == ["pos", "neg"]


def test_attention_gwr_json_file_and_merging_replaces_by_id(tmp_path):
    p = tmp_path / "env.json"
    p.write_text(json.dumps({"name": "mine", "version": "0.1", "topics": [
        {"id": "environment", "name": "环境", "description": "", "terms": ["生态"]},
        {"id": "water", "name": "水", "terms": ["河长制"]}]}, ensure_ascii=False), encoding="utf-8")
    d = load_many(["gwr", str(p)])
    assert [t.id for t in d.topics][-1] == "water" and len(d.topics) == 11
    assert d.topic("environment").terms == ("生态",)
    assert "gwr@" in d.version and "mine@0.1" in d.version
    assert [t.id for t in d.select(["water", "environment"]).topics] == ["water", "environment"]


@pytest.mark.parametrize("name,content", [
    ("empty.txt", "# nothing here\n"),
    ("space.txt", "生态 环境\n"),
    ("clash.json", json.dumps({"topics": [{"id": "a", "terms": ["x"], "exclude": ["x"]}]})),
    ("dup.json", json.dumps({"topics": [{"id": "a", "terms": ["x"]}, {"id": "a", "terms": ["y"]}]})),
    ("bad.json", "{not json"),
    ("bad.yaml", "Dictionary: [1, 2"),
    ("shape.yaml", "Dictionary: {a: 1}\n"),
    ("list.csv", "a,b\n"),
])
def test_attention_bad_dictionaries_are_named_errors(tmp_path, name, content):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError):
        load(p)


def test_attention_unknown_dictionary_and_topic():
    with pytest.raises(DictionaryError, match="no dictionary"):
        load("no-such-dictionary")
    with pytest.raises(DictionaryError, match="no topic"):
        load().select(["no_such_topic"])
