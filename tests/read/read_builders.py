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


def build_pdf_layout(paragraphs: list[str], *, indent: bool = True,
                     page_number: str | None = "— {n} —", header: str | None = None,
                     font_size: float = 14, leading: float = 24) -> bytes:
    """A typeset report: paragraphs wrapped to an A4 text column, as a word
    processor lays them out.  A paragraph starting with "#" is a centred title;
    with ``indent`` the others start with a two-character first-line indent.
    Page numbers (``page_number`` formatted with n) are centred at the foot and
    ``header`` is repeated at the top of every page; paragraphs run on across
    page breaks."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    left, right, top, bottom = 72, width - 72, height - 90, 90
    placed: list[tuple[str, float, bool]] = []  # line, x, centred
    for para in paragraphs:
        if para.startswith("#"):
            placed.append((para[1:], width / 2, True))
            continue
        x = left + (2 * font_size if indent else 0)
        line = ""
        for ch in para:
            if x + pdfmetrics.stringWidth(line + ch, font, font_size) > right:
                placed.append((line, x, False))
                x, line = left, ""
            if ch == " " and not line and placed and x == left:
                continue  # a space at a wrap is absorbed, as word processors do
            line += ch
        placed.append((line, x, False))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    per_page = int((top - bottom) // leading) + 1
    pages = [placed[i:i + per_page] for i in range(0, len(placed), per_page)]
    for n, lines in enumerate(pages, 1):
        c.setFont(font, font_size)
        if header:
            c.drawCentredString(width / 2, height - 50, header)
        y = top
        for line, x, centred in lines:
            if centred:
                c.drawCentredString(x, y, line)
            else:
                c.drawString(x, y, line)
            y -= leading
        if page_number:
            c.setFont(font, 10.5)
            c.drawCentredString(width / 2, 45, page_number.format(n=n, total=len(pages)))
        c.showPage()
    c.save()
    return buf.getvalue()
