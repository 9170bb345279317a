"""The pure core of pairing: ``pair(planned, achieved)`` on rows written here, and the grammar behind it."""
from __future__ import annotations

from gwr.commitment_pairs import agree, object_key
from gwr.commitments import pair, pair_documents
from gwr.pipeline import extract_file

from corpus_data import DATA

PAIRS = DATA / "commitment_pairs"


def row(obj, value, unit_base="item", verb="新增", verb_kind="action", **kw):
    return {"verb": verb, "verb_kind": verb_kind, "object": obj, "value": value, "value_base": value,
            "unit_base": unit_base, **kw}


def test_head_noun_with_its_modifiers():
    k = object_key("规上工业企业", "规上工业企业")
    assert (k.head, k.modifiers) == ("企业", "规上工业")
    assert agree(object_key("学位"), object_key("中小学学位"))  # one says more
    assert not agree(object_key("高新技术企业"), object_key("规上工业企业"))  # two different kinds
    assert not agree(object_key("村级综合服务中心"), object_key("村级综合服务中心示范点"))  # another head
    assert agree(object_key("老旧小区"), object_key("老旧小区改造"))  # the action after its object


def test_generic_heads_need_their_modifiers():
    assert agree(object_key("固定资产投资"), object_key("固定资产投资"))
    assert not agree(object_key("投资"), object_key("工业投资"))
    assert not agree(object_key("总投资"), object_key("投资"))
    assert not agree(object_key("投资5亿元以上的文旅项目"), object_key("文旅项目"))  # a threshold is part of it


def test_synonyms_of_the_genre():
    assert agree(object_key("造林绿化"), object_key("营造林"))
    assert agree(object_key("植树造林"), object_key("营造林"))
    assert agree(object_key("行政村集体经济收入"), object_key("农村集体经济收入"))
    assert agree(object_key("限额以上商贸企业"), object_key("限上商贸企业"))


def test_a_new_count_never_pairs_with_a_stock():
    plan = [row("规上工业企业", 15, measure_kind="new")]
    stock = row("规上工业企业总数", 92, verb="达到", verb_kind="level", measure_kind="total")
    assert pair(plan, [stock])[0]["status"] == "no_outcome"
    added = row("规上工业企业", 12, measure_kind="new")
    got = pair(plan, [stock, added])[0]
    assert got["status"] == "short" and got["outcome"]["value"] == 12


def test_a_batch_total_pairs_with_the_same_batch_only():
    plan = [row("总投资", 80, "yuan", verb="提速", batch="重点项目")]
    other = row("总投资", 46, "yuan", verb="", batch="省外项目")
    assert pair(plan, [other])[0]["status"] == "no_outcome"
    same = row("总投资", 86, "yuan", verb="", batch="重点项目")
    assert pair(plan, [other, same])[0]["outcome"]["value"] == 86
    one = row("投资", 8, "yuan", verb="完成", batch="锦程新材料项目")
    assert pair([row("投资", 85, "yuan", verb="完成", batch="重点项目")], [one])[0]["status"] == "no_outcome"


def test_a_combined_item_is_compared_with_the_sum_of_its_parts():
    plan = [row("泵站和调蓄池", 5, verb="新建")]
    one_part = [row("泵站", 3, verb="新建")]
    assert pair(plan, one_part)[0]["status"] == "no_outcome"  # never judged by one part
    both = one_part + [row("调蓄池", 2, verb="新建")]
    got = pair(plan, both)[0]
    assert got["status"] == "done" and got["outcome"]["value"] == 5 and len(got["outcome"]["parts"]) == 2


def test_grammar_reads_the_items_users_missed():
    rows = {(r["object"], r["number"]): r for r in pair_documents(
        [extract_file(PAIRS / "luzhou_2021.txt"), extract_file(PAIRS / "luzhou_2022.txt")])
        if r["report_year"] == 2021}
    assert rows[("总投资", "80")]["batch"] == "重点项目" and rows[("重点项目", "20")]["verb"] == "提速"
    assert rows[("省外资金", "30")]["verb"] == "到位" and rows[("省外资金", "30")]["qualifier"] == "确保"
    assert rows[("有机农产品认证", "2")]["status"] == "done"
    tongxi = {r["number"]: r for r in pair_documents(
        [extract_file(PAIRS / "tongxi_2022.txt"), extract_file(PAIRS / "tongxi_2023.txt")]) if r["report_year"] == 2022}
    assert tongxi["1"]["object"] == "投资5亿元以上的文旅项目" and tongxi["1"]["status"] == "no_outcome"
    assert "5" not in tongxi or tongxi["5"]["object"] != "1个投资"  # the threshold is no item of its own
