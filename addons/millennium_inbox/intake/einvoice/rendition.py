"""A plain PDF rendition of an XML e-invoice, when no HTML-to-PDF converter
is installed for the QWeb report: what the accountant looks at before
accepting (the XML stays the original)."""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_FONT = "MillenniumSans"


def _font(font_path):
    """A TrueType font with Polish letters when given, else Helvetica."""
    if not font_path:
        return "Helvetica"
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, font_path))
    return _FONT


def render(title, subtitle, rows, tables, font_path=None):
    """PDF bytes: a title, label/value rows, then tables [(headers, rows)]."""
    font = _font(font_path)
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, invariant=True, leftMargin=40, rightMargin=40
    )
    story = [Paragraph(_escape(title), styles["Title"])]
    if subtitle:
        story.append(Paragraph(_escape(subtitle), styles["Normal"]))
    story.append(Spacer(1, 12))
    cell = styles["BodyText"]
    if rows:
        story.append(
            _table(
                [
                    [Paragraph(_escape(a), cell), Paragraph(_escape(b), cell)]
                    for a, b in rows
                ]
            )
        )
    for headers, body in tables:
        if not body:
            continue
        story.append(Spacer(1, 12))
        data = [[Paragraph(_escape(h), cell) for h in headers]]
        data += [[Paragraph(_escape(v), cell) for v in row] for row in body]
        story.append(_table(data, header=True))
    document.build(story)
    return buffer.getvalue()


def _table(data, header=False):
    table = Table(data, hAlign="LEFT")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke))
    table.setStyle(TableStyle(style))
    return table


def _escape(value):
    text = "" if value is None else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
