"""Writes 18_bole_city_2022_crlf_export.txt: the whole report on one line, its line
breaks stored as the literal escape sequences \\r\\n (backslash r backslash n) and
its paragraph indents as &nbsp;, as a spreadsheet/JSON export keeps a text cell.

Run from anywhere: python make_18_crlf_export.py
"""
from pathlib import Path

REPORT = """博乐市政府工作报告
——2022年1月10日在博乐市第十七届人民代表大会第一次会议上
市长&nbsp;&nbsp;艾尔肯·阿不都热合曼

各位代表：
&nbsp;&nbsp;&nbsp;&nbsp;现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。

一、2021年和过去五年工作回顾
&nbsp;&nbsp;&nbsp;&nbsp;过去五年，是博乐发展进程中极不平凡的五年。全市地区生产总值由2016年的112亿元增加到2021年的186亿元，年均增长7.4%；一般公共预算收入年均增长8.2%；城乡居民人均可支配收入年均分别增长7.1%和9.3%；现行标准下贫困人口全部脱贫。
&nbsp;&nbsp;&nbsp;&nbsp;2021年，全市实现地区生产总值186.3亿元，增长8.1%；一般公共预算收入15.2亿元，增长10.6%；固定资产投资增长13.5%；社会消费品零售总额52.8亿元，增长12.1%；城镇和农村居民人均可支配收入分别达到36480元和19820元，增长6.9%和10.2%。
&nbsp;&nbsp;&nbsp;&nbsp;（一）产业结构持续优化。棉花、小麦、枸杞等特色农业提质增效，新增规模以上工业企业12家，阿拉山口综合保税区与博乐边境经济合作区联动发展。
&nbsp;&nbsp;&nbsp;&nbsp;（二）城乡面貌显著改善。新改建城市道路38公里，完成老旧小区改造52个，建成美丽乡村示范村16个。
&nbsp;&nbsp;&nbsp;&nbsp;（三）民生保障不断加强。五年累计新增城镇就业2.3万人，新建改扩建学校和幼儿园37所，城乡居民基本医疗保险参保率稳定在97%以上。

二、今后五年目标任务和2022年工作安排
&nbsp;&nbsp;&nbsp;&nbsp;今后五年，全市地区生产总值年均增长7%以上，到2026年突破260亿元。
&nbsp;&nbsp;&nbsp;&nbsp;2022年全市经济社会发展的主要预期目标是：地区生产总值增长7.5%；一般公共预算收入增长7%；固定资产投资增长12%；社会消费品零售总额增长10%；城乡居民人均可支配收入分别增长6.5%和8.5%；城镇登记失业率控制在4%以内。
&nbsp;&nbsp;&nbsp;&nbsp;重点抓好以下工作：一是持续巩固社会稳定；二是加快推进产业转型升级；三是深化向西开放；四是全面推进乡村振兴；五是扎实办好民生实事。

三、加强政府自身建设
&nbsp;&nbsp;&nbsp;&nbsp;新一届政府将坚持依法行政，自觉接受人大监督和政协民主监督，锲而不舍落实中央八项规定精神，努力建设人民满意政府。
&nbsp;&nbsp;&nbsp;&nbsp;各位代表，让我们更加紧密地团结在以习近平同志为核心的党中央周围，团结一心、砥砺奋进，为建设团结和谐、繁荣富裕、文明进步、安居乐业、生态良好的新博乐而努力奋斗！"""

out = Path(__file__).resolve().parent.parent / "18_bole_city_2022_crlf_export.txt"
out.write_bytes((REPORT.replace("\n", "\\r\\n") + "\n").encode("utf-8"))
print(out, len(REPORT))
