"""Web pages: article kept, portal chrome dropped, charset honoured."""
from __future__ import annotations

import codecs

import pytest

from gwr.read import read_bytes, read_file

PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>2023年政府工作报告_某某县人民政府</title>
<style>.x{color:red} /* 样式里的中文 */</style>
<script>var menu = "脚本里的中文不应出现";</script></head>
<body>
<div id="top"><div class="logo">某某县人民政府门户网站</div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li>
<li><a href="/bs">办事服务</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<div class="wrap">
 <div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a>政府工作报告</a></div>
 <div class="main-left">
  <div class="article-title">2023年政府工作报告</div>
  <div class="info">发布时间：2023-01-10 来源：县政府办</div>
  <div class="TRS_Editor" id="zoom">
   <p>　　各位代表：</p>
   <p>　　现在，我代表县人民政府，向大会报告政府工作，请予审议，并请各位政协委员提出意见。</p>
   <p>　　一、2022年工作回顾</p>
   <p>　　过去一年，全县地区生产总值增长6.5%，达到&nbsp;320亿元；一般公共预算收入增长8%，达到25.6亿元。</p>
   <div>　　城乡居民人均可支配收入分别增长6%和7%。<br>新增就业1.2万人，&ldquo;三农&rdquo;工作扎实推进。</div>
   <table><tr><td>指标</td><td>2022年</td></tr><tr><td>地区生产总值</td><td>320亿元</td></tr></table>
   <p>　　二、2023年主要目标</p>
   <p>　　地区生产总值增长7%左右，城镇调查失业率控制在5.5%以内，粮食产量稳定在42万吨以上。</p>
   <noscript>请开启脚本</noscript>
   <p style="display: none">隐藏的段落不应出现</p>
  </div>
  <div class="share">分享到：微信 微博 QQ空间</div>
 </div>
 <div class="sidebar"><h3>相关新闻</h3><ul><li><a>县长调研春耕生产工作情况</a></li>
 <li><a>我县召开全县经济工作会议</a></li></ul></div>
</div>
<div class="footer">版权所有：某某县人民政府办公室 地址：某某县人民路1号 备案号12345</div>
</body></html>
"""


def test_government_page_keeps_the_article(write):
    path = write("page.html", PAGE.encode("gb2312"))
    source = read_file(path)
    assert source.format == "html" and source.encoding == "gb18030"
    text = source.text
    lines = text.split("\n")
    assert lines[0] == "2023年政府工作报告"  # the article's own title, not <title>
    for wanted in ("各位代表：", "地区生产总值增长7%左右", "“三农”工作扎实推进",
                   "发布时间：2023-01-10", "指标\t2022年", "地区生产总值\t320亿元"):
        assert wanted in text
    for unwanted in ("脚本", "样式", "首页", "政务公开", "当前位置", "分享到", "相关新闻",
                     "版权所有", "门户网站", "请开启脚本", "隐藏的段落"):
        assert unwanted not in text, unwanted
    assert "达到\u00a0320亿元" in text  # &nbsp; decoded, kept as U+00A0
    assert "　　城乡居民人均可支配收入分别增长6%和7%。" in lines
    assert "新增就业1.2万人，“三农”工作扎实推进。" in lines  # <br> ends a line


def test_blocks_are_lines_with_locators(write):
    source = read_bytes(PAGE.encode("gb18030"), "page.htm")
    blocks = source.blocks
    assert len(blocks) == len(source.text.split("\n"))
    pos = 0
    for i, (block, line) in enumerate(zip(blocks, source.text.split("\n"))):
        assert (block.start, block.end) == (pos, pos + len(line))
        assert block.locator["index"] == i
        assert block.locator["element"]
        pos += len(line) + 1
    first_p = next(b for b in blocks if source.text[b.start:b.end] == "　　各位代表：")
    assert first_p.locator["element"] == "p"
    assert first_p.locator["css_path"] == "div#zoom>p:nth-child(1)"
    assert source.locate(first_p.start + 2) == first_p.locator


def test_h1_replaces_the_title(write):
    html = ("<html><head><meta charset='utf-8'><title>网站标题</title></head><body>"
            "<article><h1>2024年政府工作报告</h1>"
            + "".join(f"<p>第{i}段，地区生产总值增长百分之五，财政收入稳定增长，民生持续改善。</p>"
                      for i in range(20))
            + "</article><footer>版权所有</footer></body></html>")
    source = read_bytes(html.encode("utf-8"), "a.html")
    assert source.encoding == "utf-8"
    assert source.text.split("\n")[0] == "2024年政府工作报告"
    assert "网站标题" not in source.text and "版权所有" not in source.text


def test_compilation_page_keeps_every_report():
    body = "".join(
        f"<div class='item'><h2>第{n}篇报告</h2>"
        + "".join(f"<p>第{n}篇第{i}段，全县经济社会发展取得新成效，人民生活水平稳步提高。</p>"
                  for i in range(15)) + "</div>"
        for n in range(3))
    html = f"<html><head><meta charset=utf-8></head><body><div id=list>{body}</div></body></html>"
    source = read_bytes(html.encode(), "c.html")
    for n in range(3):
        assert f"第{n}篇报告" in source.text and f"第{n}篇第14段" in source.text


def test_declared_charset_that_lies_is_detected():
    source = read_bytes(PAGE.encode("utf-8"), "lie.html")  # says gb2312, is UTF-8
    assert source.encoding == "utf-8"
    assert "各位代表：" in source.text
    assert any("declares charset gb2312" in w for w in source.warnings)


def test_bom_beats_declaration():
    data = codecs.BOM_UTF8 + PAGE.encode("utf-8")
    source = read_bytes(data, "bom.html")
    assert source.encoding == "utf-8-sig" and "各位代表：" in source.text


def test_page_without_charset_is_detected():
    html = PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', "")
    source = read_bytes(html.encode("gbk"), "nocharset.html")
    assert source.encoding == "gb18030" and "各位代表：" in source.text


def test_br_only_page_and_pre():
    html = ("<html><body><div class='content'>" + "<br>".join(
        f"　　第{i}项，完成固定资产投资一百亿元，同比增长百分之八。" for i in range(10))
        + "<pre>甲\n乙</pre></div></body></html>")
    source = read_bytes(html.encode(), "br.html")
    lines = source.text.split("\n")
    assert lines[0].startswith("　　第0项") and lines[9].startswith("　　第9项")
    assert lines[10:] == ["甲", "乙"]  # <pre> keeps its line breaks


def test_txt_extension_holding_a_page_is_read_as_html(write):
    path = write("saved.txt", PAGE.encode("gb18030"))
    source = read_file(path)
    assert source.format == "html"
    assert source.warnings[0] == "extension .txt but content is html; read as html"


def test_html_extension_without_markup_is_text(write):
    path = write("plain.html", "2023年政府工作报告\n各位代表：\n".encode())
    source = read_file(path)
    assert source.format == "txt" and source.text == "2023年政府工作报告\n各位代表：\n"
    assert "content is txt" in source.warnings[0]


@pytest.mark.parametrize("html", ["<html><head><title>标题</title></head><body>  </body></html>",
                                  "<html><body><script>var a=1</script></body></html>"])
def test_page_without_text_is_empty(write, check_error, html):
    from gwr.errors import EmptyFileError

    path = write("empty.html", html.encode())
    with pytest.raises(EmptyFileError) as excinfo:
        read_file(path)
    check_error(excinfo, EmptyFileError, path, "no text")


REPORT_PARAS = "".join(
    f"　　第{i}项，全县生产总值完成一百一十五亿元，增长百分之十，财政收入稳步增长，民生持续改善。<br />\n"
    for i in range(12))
TABLE_LAYOUT = f"""<html><head><meta charset="utf-8"><title>某某县人民政府网</title></head>
<body><table width="1000"><tr><td><img src="banner.jpg"></td></tr></table>
<table width="1000"><tr>
 <td align="center"><a href="index.html">网站首页</a></td><td align="center"><a href="zwgk.html">政务公开</a></td>
 <td align="center"><a href="bsfw.html">办事服务</a></td><td align="center"><a href="hdjl.html">互动交流</a></td>
</tr></table>
<table width="1000"><tr>
 <td width="230" valign="top"><table>
  <tr><td><b>政务公开</b></td></tr>
  <tr><td>·<a href="list_1.html">政府文件</a></td></tr><tr><td>·<a href="list_2.html">规划计划</a></td></tr>
  <tr><td>·<a href="list_3.html">政府工作报告</a></td></tr><tr><td>·<a href="list_4.html">财政预决算</a></td></tr>
  <tr><td>·<a href="list_5.html">人事任免</a></td></tr><tr><td>·<a href="list_6.html">统计信息</a></td></tr>
 </table></td>
 <td width="770" valign="top">
  <table><tr><td class="weizhi">您现在的位置：<a href="index.html">首页</a> &gt;&gt; <a href="list_3.html">政府工作报告</a></td></tr></table>
  <table>
   <tr><td align="center"><font size="4"><b>某某县2016年政府工作报告</b></font></td></tr>
   <tr><td align="center">发布时间：2016-01-29　信息来源：县政府办</td></tr>
   <tr><td class="zw"><font>政府工作报告<br />各位代表：<br />{REPORT_PARAS}</font></td></tr>
   <tr><td align="right"><a href="javascript:window.print()">【打印】</a>&nbsp;<a href="javascript:window.close()">【关闭】</a></td></tr>
  </table>
 </td>
</tr></table>
<table width="1000"><tr><td align="center">版权所有：某某县人民政府　技术支持：某某县信息中心</td></tr></table>
</body></html>"""


def test_table_layout_does_not_climb_into_the_link_column():
    source = read_bytes(TABLE_LAYOUT.encode(), "layout.html")
    lines = source.text.split("\n")
    assert lines[:4] == ["某某县2016年政府工作报告", "发布时间：2016-01-29　信息来源：县政府办",
                         "政府工作报告", "各位代表："]
    assert lines[-1].startswith("　　第11项")
    for unwanted in ("政府文件", "规划计划", "政务公开", "网站首页", "您现在的位置", "【打印】", "版权所有",
                     "某某县人民政府网"):  # menus, breadcrumb, tool bar, footer, <title>
        assert unwanted not in source.text, unwanted


def test_link_only_rows_and_cells_are_dropped():
    # the layout around the text is not a wrapper the extractor stops at: menus
    # inside the chosen container still go, line by line and cell by cell
    html = ("<html><head><meta charset='utf-8'><title>站点</title></head><body><div id='c'>"
            "<h2>2024年政府工作报告</h2>"
            "<ul><li><a href='/a'>首页</a></li><li><a href='/b'>政务公开</a> | <a href='/c'>政策文件</a></li></ul>"
            "<table><tr><td><a href='/x'>上一篇</a> <a href='/y'>下一篇</a></td><td>表内说明文字保留。</td></tr></table>"
            + "".join(f"<p>第{i}段，请见<a href='/law'>有关规定</a>，地区生产总值增长百分之五，民生持续改善。</p>"
                      for i in range(12))
            + "</div></body></html>")
    source = read_bytes(html.encode(), "links.html")
    lines = source.text.split("\n")
    assert lines[0] == "2024年政府工作报告"
    assert lines[1] == "表内说明文字保留。"  # the link cell left the row, the prose cell stayed
    assert "第3段，请见有关规定，地区生产总值增长百分之五，民生持续改善。" in lines  # a link in prose stays
    for unwanted in ("首页", "政务公开", "政策文件", "上一篇", "站点"):
        assert unwanted not in source.text, unwanted


@pytest.mark.parametrize("heading", [
    "<div class='tit'>2023年政府工作报告</div>",
    "<div class='title'>2023年政府工作报告</div>",
    "<h2>2023年政府工作报告</h2>",
    "<p class='title'>2023年政府工作报告</p>",
    "<p style='text-align:center'><strong>2023年政府工作报告</strong></p>",
])
def test_title_element_replaces_the_page_title(heading):
    body = "".join(f"<p>第{i}段，地区生产总值增长百分之五，财政收入稳定增长，民生持续改善。</p>"
                   for i in range(15))
    html = (f"<html><head><meta charset='utf-8'><title>2023年政府工作报告_某县人民政府</title></head>"
            f"<body><div class='article'>{heading}<div class='info'>发布时间：2023-01-16</div>"
            f"<div id='zoom'>{body}</div></div></body></html>")
    lines = read_bytes(html.encode(), "t.html").text.split("\n")
    assert lines[:2] == ["2023年政府工作报告", "发布时间：2023-01-16"]
    assert "某县人民政府" not in "\n".join(lines)


def test_page_title_is_used_when_the_article_has_no_heading():
    body = "".join(f"<p>第{i}段，地区生产总值增长百分之五，财政收入稳定增长，民生持续改善。</p>"
                   for i in range(15))
    html = (f"<html><head><meta charset='utf-8'><title>2023年政府工作报告</title></head>"
            f"<body><div id='zoom'>{body}</div></body></html>")
    lines = read_bytes(html.encode(), "t.html").text.split("\n")
    assert lines[0] == "2023年政府工作报告" and lines[1].startswith("第0段")


def test_heading_just_above_the_container_is_taken_instead_of_the_page_title():
    # a link column beside the text stops the container at div#zoom; its title
    # is the sibling above it
    body = "".join(f"<p>第{i}段，地区生产总值增长百分之五，财政收入稳定增长，民生持续改善。</p>"
                   for i in range(15))
    menu = "".join(f"<li><a href='/l{i}'>栏目链接第{i}项</a></li>" for i in range(6))
    html = (f"<html><head><meta charset='utf-8'><title>某县人民政府网</title></head><body>"
            f"<div class='wrap'><ul class='lm'>{menu}</ul><h2>2023年政府工作报告</h2>"
            f"<div id='zoom'>{body}</div></div></body></html>")
    lines = read_bytes(html.encode(), "above.html").text.split("\n")
    assert lines[0] == "2023年政府工作报告" and lines[1].startswith("第0段")
    assert "栏目链接" not in "\n".join(lines) and "某县人民政府网" not in "\n".join(lines)


METADATA_PAGE = """<html><head><meta charset="utf-8"><title>2023年政府工作报告_某县</title></head><body>
<div class="main">
 <div class="xxgk-table"><table>
  <tr><td>索 引 号：</td><td>431123000/2023-00012</td><td>分类：</td><td>政府工作报告</td></tr>
  <tr><td>发布机构：</td><td>某县人民政府办公室</td><td>生成日期：</td><td>2023-01-16</td></tr>
  <tr><td>文　　号：</td><td></td><td>名称：</td><td>2023年某县政府工作报告</td></tr>
 </table></div>
 <div class="article"><div class="tit">2023年某县政府工作报告</div>
  <div id="zoom">{paras}
   <table><tr><td>指标</td><td>2022年</td></tr><tr><td>地区生产总值</td><td>320亿元</td></tr></table>
   <p>附件中的名词解释请见文末，详见<a href="/a/mcjs.docx">名词解释</a>，以及县政府重点民生实事项目表，供各位代表参阅。</p>
  </div>
  <div class="fujian"><p>附件：</p><ul>
   <li><a href="/up/P0201.docx">1.2023年某县政府工作报告名词解释.docx</a></li>
   <li><a href="/up/P0202.pdf">2.图解：2023年某县政府工作报告</a></li>
   <li><a href="/up/P0203.xlsx">3.2023年县政府重点民生实事项目表</a></li>
  </ul></div>
  <p>相关附件：<a href="/up/P0204.ZIP">全部附件打包下载</a></p>
 </div>
</div></body></html>"""


def test_metadata_table_and_attachment_lists_are_dropped():
    paras = "".join(f"<p>第{i}段，地区生产总值增长百分之五，财政收入稳定增长，民生持续改善。</p>"
                    for i in range(15))
    source = read_bytes(METADATA_PAGE.format(paras=paras).encode(), "meta.html")
    lines = source.text.split("\n")
    assert lines[0] == "2023年某县政府工作报告"
    for unwanted in ("索", "431123000", "发布机构", "生成日期", "附件：", "图解", ".docx", "打包下载"):
        assert unwanted not in source.text, unwanted
    assert "指标\t2022年" in lines and "地区生产总值\t320亿元" in lines  # a data table stays
    assert lines[-1].startswith("附件中的名词解释请见文末")  # prose with a file link stays
