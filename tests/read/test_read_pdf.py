"""PDF: the text layer, visual lines rejoined into paragraphs, blocks per page and paragraph."""
from __future__ import annotations

import pytest

from read_builders import build_pdf, build_pdf_layout
from gwr.errors import CorruptFileError, EmptyFileError
from gwr.read import read_bytes, read_file


def test_chinese_pdf_pages(write, pdf_bytes):
    path = write("report.pdf", pdf_bytes)
    source = read_file(path)
    assert source.format == "pdf" and source.encoding is None
    assert source.text == ("2023年政府工作报告\n过去一年，地区生产总值增长6.5%。\n"
                           "二、2023年主要目标\n地区生产总值增长7%左右。")
    # short lines that fill no text column stay one paragraph each
    assert [b.locator for b in source.blocks] == [
        {"page": 1, "paragraph": 0}, {"page": 1, "paragraph": 1},
        {"page": 3, "paragraph": 2}, {"page": 3, "paragraph": 3}]
    assert source.text[source.blocks[2].start:source.blocks[2].end] == "二、2023年主要目标"
    assert source.locate(0) == {"page": 1, "paragraph": 0}
    assert "\r" not in source.text
    assert source.warnings == []


def test_pdf_named_txt_is_read_as_pdf(write, pdf_bytes):
    source = read_file(write("misnamed.txt", pdf_bytes))
    assert source.format == "pdf"
    assert "content is pdf" in source.warnings[0]


def test_truncated_pdf(write, check_error, pdf_bytes):
    path = write("half.pdf", pdf_bytes[: len(pdf_bytes) // 2])
    with pytest.raises((CorruptFileError, EmptyFileError)) as excinfo:
        read_file(path)
    check_error(excinfo, CorruptFileError, path, "PDF")


def test_encrypted_pdf(write, check_error):
    data = build_pdf([["机密文件"]], encrypt="secret")
    path = write("locked.pdf", data)
    with pytest.raises(CorruptFileError) as excinfo:
        read_file(path)
    check_error(excinfo, CorruptFileError, path, "encrypted")


def test_scanned_pdf_without_text_layer(write, check_error):
    path = write("scan.pdf", build_pdf([[], []]))
    with pytest.raises(EmptyFileError) as excinfo:
        read_file(path)
    check_error(excinfo, EmptyFileError, path, "no text layer", "OCR")


def test_utf8_text_named_pdf_is_text(write):
    path = write("notes.pdf", "2023年政府工作报告\n各位代表：\n".encode())
    source = read_file(path)
    assert source.format == "txt" and source.encoding == "utf-8"
    assert source.warnings == ["extension .pdf but content is txt; read as txt"]


def test_many_pdfs_do_not_leak(pdf_bytes):
    for _ in range(200):
        assert read_bytes(pdf_bytes, "x.pdf").blocks


REPORT_PARAGRAPHS = [
    "#政府工作报告",
    "#——2024年1月9日在某某区第五届人民代表大会第三次会议上",
    "各位代表：",
    "现在，我代表区人民政府向大会报告工作，请予审议，并请区政协委员和其他列席人员提出意见。",
    "一、2023年工作回顾",
    "过去一年，全区实现地区生产总值1415.6亿元，增长7.6%；一般公共预算总收入126.8亿元，"
    "增长6.1%，其中地方一般公共预算收入62.3亿元；社会消费品零售总额1012.4亿元，增长9.2%；"
    "城镇居民人均可支配收入58620元，增长8.1%。",
    "（一）经济发展稳中提质。金融、软件信息、商贸服务三大主导产业增加值占全区经济总量的比重"
    "达到68%。新增总部企业12家、上市企业3家，软件园入驻企业突破700家，实现营业收入460亿元。",
    "（二）城市品质明显提升。完成老旧小区改造42个，惠及居民1.6万户。打通断头路8条，新增公共"
    "停车泊位2600个。历史文化街区保护利用持续深化，全年接待游客1800万人次。",
    "（三）改革创新纵深推进。深化“放管服”改革，区级审批事项全部实现网上可办，“一趟不用跑”"
    "事项比例达到92%。",
    "（四）民生保障更加有力。全年民生支出占一般公共预算支出的比重达到75.2%。新增城镇就业1.2万人，"
    "新建改扩建中小学和幼儿园9所，新增学位4800个。新建社区居家养老服务照料中心11个。",
    "二、2024年工作安排",
    "2024年是全面贯彻落实党的二十大精神的关键之年。全区经济社会发展的主要预期目标是：地区生产"
    "总值增长7%左右；一般公共预算总收入增长5%；社会消费品零售总额增长8%；城镇登记失业率控制在3%以内。",
    "围绕上述目标，重点抓好以下工作：",
    "（一）做强现代服务业。巩固金融、软件信息、商贸服务主导地位，力争引进总部企业10家以上。"
    "推动软件园转型升级，培育数字经济龙头企业，数字经济规模突破900亿元。",
    "（二）提升城市功能品质。实施老旧小区改造30个，推进片区有机更新。持续推进垃圾分类，加快"
    "补齐停车、充电桩等城市短板，打造精致宜居城区。",
    "（三）用心办好民生实事。新建改扩建学校4所，新增学位2000个。推进紧密型医联体建设，新增"
    "社区卫生服务站6个。完善居家社区养老服务网络，扩大普惠托育服务供给。",
    "各位代表，新时代呼唤新作为，新使命催人奋进。让我们更加紧密地团结在以习近平同志为核心的党中央"
    "周围，不忘初心、牢记使命，为建设现代化中心城区而努力奋斗！",
]


def _paragraphs_of(source) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for b in source.blocks:
        out.setdefault(b.locator["paragraph"], []).append(
            (b.locator["page"], source.text[b.start:b.end]))
    return out


def test_typeset_lines_are_rejoined_into_paragraphs():
    data = build_pdf_layout(REPORT_PARAGRAPHS, header="某某区人民政府文件")
    source = read_bytes(data, "typeset.pdf")
    wanted = [p.lstrip("#") for p in REPORT_PARAGRAPHS]
    assert source.text.split("\n") == wanted  # no page numbers, no headers, no broken lines
    assert "某某区人民政府文件" not in source.text and "—" not in source.text.replace("——", "")
    pieces = _paragraphs_of(source)
    assert len(pieces) == len(wanted)
    for k, paragraph in enumerate(wanted):
        assert "".join(text for _, text in pieces[k]) == paragraph
    # a paragraph running over a page break: one block per page, same paragraph
    crossing = [k for k, parts in pieces.items() if len(parts) > 1]
    assert crossing, "the fixture should break a paragraph across pages"
    pages = [page for page, _ in pieces[crossing[0]]]
    assert pages == sorted(pages) and len(set(pages)) == len(pages) > 1
    start = source.text.index(wanted[crossing[0]])
    assert source.locate(start) == {"page": pages[0], "paragraph": crossing[0]}
    assert source.locate(start + len(wanted[crossing[0]]) - 1)["page"] == pages[-1]


@pytest.mark.parametrize("number", ["- {n} -", "第{n}页", "{n}", "第 {n} 页 共 {total} 页", "{n}/{total}"])
def test_running_page_numbers_are_dropped(number):
    data = build_pdf_layout(REPORT_PARAGRAPHS, page_number=number)
    source = read_bytes(data, "numbered.pdf")
    assert source.text.split("\n") == [p.lstrip("#") for p in REPORT_PARAGRAPHS]


def test_block_paragraphs_without_indent_break_at_sentence_end():
    # 32 full-width characters fill a line of this column: the first paragraph's
    # last line is full but ends a sentence, so the next line starts a paragraph.
    full_two_lines = "地区生产总值增长百分之六，财政收入增长百分之五，居民收入同步增长" * 2
    first = full_two_lines[:63] + "。"
    paragraphs = [first, "城镇新增就业一万二千人，新建改扩建中小学和幼儿园九所，新增学位四千八百个，"
                         "城乡居民基本养老保险参保率稳定在百分之九十六以上，社会大局和谐稳定。",
                  "各位代表，让我们团结奋斗。"] * 4
    source = read_bytes(build_pdf_layout(paragraphs, indent=False), "block.pdf")
    assert source.text.split("\n") == paragraphs
