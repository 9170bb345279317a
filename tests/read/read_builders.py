"""Builders for real .docx and .pdf fixture files (python-docx, reportlab).

A module with a unique name rather than conftest, so tests can import it
without clashing with other packages' conftest modules.
"""
from __future__ import annotations

import io


def build_docx(paragraphs_before: list[str], table: list[list[str]],
               paragraphs_after: list[str]) -> bytes:
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉：某某县人民政府"
    section.footer.paragraphs[0].text = "第 1 页"
    for text in paragraphs_before:
        document.add_paragraph(text)
    document.add_paragraph("")  # empty paragraphs are counted but give no line
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for text in paragraphs_after:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def build_pdf(pages: list[list[str]], **canvas_kwargs) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **canvas_kwargs)
    for lines in pages:
        c.setFont("STSong-Light", 14)
        y = 760
        for line in lines:
            c.drawString(72, y, line)
            y -= 22
        c.showPage()
    c.save()
    return buf.getvalue()
