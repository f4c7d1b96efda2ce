"""The report as PDF (reportlab platypus): the same content as the DOCX, page by page.

Text is set in DejaVu Sans when the system has it (Debian's fonts-dejavu-core), else in the
Bitstream Vera fonts that ship inside reportlab; characters a font lacks are replaced by a plain
equivalent so nothing prints as a black box. Headings become PDF bookmarks. With demo data every
page carries a red 'DEMO DATA' header line and a diagonal 'DEMO DATA' watermark.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from dashboard.report.charts import chart_png
from dashboard.report.model import COVER_NOTE, DEMO_MARK, DEMO_NOTICE, Report, Section, Table

FONT, BOLD = "ReportSans", "ReportSans-Bold"
_SYSTEM = Path("/usr/share/fonts/truetype/dejavu")
_BUNDLED = Path(reportlab.__file__).parent / "fonts"
FALLBACK = {"→": "->", "≥": ">=", "≤": "<=", "−": "-", "✓": "v", "✕": "x", "▲": "^", "▼": "v"}
RED = colors.Color(0.75, 0, 0)
WIDTH = A4[0] - 4 * cm


def _register_fonts() -> None:
    """Register the text fonts once (DejaVu Sans if installed, else reportlab's Vera)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    if (_SYSTEM / "DejaVuSans.ttf").exists() and (_SYSTEM / "DejaVuSans-Bold.ttf").exists():
        regular, bold = _SYSTEM / "DejaVuSans.ttf", _SYSTEM / "DejaVuSans-Bold.ttf"
    else:
        regular, bold = _BUNDLED / "Vera.ttf", _BUNDLED / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def printable(text: str) -> str:
    """`text` with characters the font lacks replaced (FALLBACK, else '?'), XML-escaped."""
    face = pdfmetrics.getFont(FONT).face  # type: ignore[attr-defined]
    chars = face.charToGlyph
    out = "".join(c if ord(c) in chars or c in "\n\t" else FALLBACK.get(c, "?") for c in text)
    return escape(out)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()

    def style(name: str, parent: str, **kw: object) -> ParagraphStyle:
        kw.setdefault("fontName", FONT)
        return ParagraphStyle(name, parent=base[parent], **kw)  # type: ignore[arg-type]

    return {
        "title": style("RTitle", "Title", fontName=BOLD, fontSize=20, leading=24),
        "h1": style("RH1", "Heading1", fontName=BOLD, fontSize=15, leading=19, keepWithNext=1),
        "h2": style("RH2", "Heading2", fontName=BOLD, fontSize=11.5, leading=14, keepWithNext=1),
        "body": style("RBody", "BodyText", fontSize=9.5, leading=12.5),
        "intro": style("RIntro", "BodyText", fontSize=9.5, leading=12.5, textColor=colors.grey),
        "cell": style("RCell", "BodyText", fontSize=7.5, leading=9),
        "head": style("RHead", "BodyText", fontName=BOLD, fontSize=7.5, leading=9),
        "note": style("RNote", "BodyText", fontSize=7.5, leading=9.5),
        "caption": style("RCap", "BodyText", fontSize=8, leading=10, textColor=colors.grey),
        "demo": style("RDemo", "BodyText", fontName=BOLD, fontSize=10, leading=13, textColor=RED),
        "bullet": style("RBullet", "BodyText", fontSize=9.5, leading=12.5, leftIndent=12),
    }


class _Doc(SimpleDocTemplate):
    """Adds a PDF bookmark for every heading (level 0 = section, 1 = sub-heading)."""

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        text = flowable.getPlainText()  # type: ignore[attr-defined]
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)


def _heading(text: str, style: ParagraphStyle, level: int) -> Paragraph:
    p = Paragraph(printable(text), style)
    p.outline_level = level  # type: ignore[attr-defined]
    return p


def _page(report: Report):  # type: ignore[no-untyped-def]
    """The onPage callback: header, footer and, with demo data, the watermark."""

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        w, h = A4
        canvas.saveState()
        if report.demo:
            canvas.setFillColor(colors.Color(0.75, 0, 0, alpha=0.18))
            canvas.setFont(BOLD, 84)
            canvas.translate(w / 2, h / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -28, DEMO_MARK)
            canvas.rotate(-45)
            canvas.translate(-w / 2, -h / 2)
            canvas.setFillColor(RED)
            canvas.setFont(BOLD, 9)
            canvas.drawCentredString(
                w / 2, h - 1.2 * cm, f"{DEMO_MARK}: synthetic figures, not official statistics"
            )
        else:
            canvas.setFillColor(colors.grey)
            canvas.setFont(FONT, 8)
            canvas.drawCentredString(w / 2, h - 1.2 * cm, printable(report.title))
        canvas.setFillColor(colors.grey)
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(
            w / 2,
            1.1 * cm,
            f"GFMD progress report {report.country} {report.period}, page {doc.page}",
        )
        canvas.restoreState()

    return draw


def _table(table: Table, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A titled table with wrapped cells and a header row repeated on every page."""
    # Columns share the width by their typical text length, but never less than their longest
    # word, so that a year or a number is not broken over two lines.
    weights = []
    for i, name in enumerate(table.columns):
        cells = [r[i] for r in table.rows]
        mean = sum(map(len, cells)) / len(cells) if cells else 0.0
        word = max((len(w) for c in (name, *cells) for w in c.split()), default=0)
        weights.append(min(max(mean, word * 1.2 + 1.5, 5.0), 45.0))  # bold headers are wider
    total = sum(weights)
    widths = [WIDTH * w / total for w in weights]
    data = [[Paragraph(printable(c), st["head"]) for c in table.columns]]
    data += [[Paragraph(printable(v), st["cell"]) for v in row] for row in table.rows]
    t = RLTable(data, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [_heading(table.title, st["h2"], 1), t, Spacer(1, 6)]


def _chart(
    png: bytes, caption: str, st: dict[str, ParagraphStyle], heading: Flowable | None = None
) -> Flowable:
    """A chart scaled to the text width, kept on one page with its caption (and heading)."""
    iw, ih = ImageReader(io.BytesIO(png)).getSize()
    img = Image(io.BytesIO(png), width=WIDTH, height=WIDTH * ih / iw)
    parts = [img, Paragraph(printable(caption), st["caption"]), Spacer(1, 8)]
    return KeepTogether([heading, *parts] if heading is not None else parts)


def _section(section: Section, report: Report, st: dict, cache: dict) -> list[Flowable]:
    """One chapter, in the same order as the DOCX."""
    out: list[Flowable] = [
        _heading(section.title, st["h1"], 0),
        Paragraph(printable(section.intro), st["intro"]),
    ]
    if not section.has_data:
        out.append(Paragraph(f"<b>{printable(section.no_data_text)}</b>", st["body"]))
    out.append(_heading("Narrative", st["h2"], 1))
    if section.narrative is None:
        out.append(Paragraph("No narrative written yet.", st["body"]))
    else:
        for part in section.narrative.text.split("\n\n"):
            out.append(Paragraph(printable(part.strip()).replace("\n", "<br/>"), st["body"]))
        n = section.narrative
        out.append(Paragraph(printable(f"Written by {n.author}, saved {n.saved_at}."), st["intro"]))
    for table in section.tables:
        out += _table(table, st)
    for i, chart in enumerate(section.charts):
        heading = _heading("Charts", st["h2"], 1) if i == 0 else None
        caption = f"{chart.caption} [{chart.note}]"
        out.append(_chart(chart_png(chart, cache), caption, st, heading))
    if section.answers:
        out.append(_heading("Open-ended survey answers", st["h2"], 1))
        for a in section.answers:
            where = f"{a.period}, {a.institution}" if a.institution else a.period
            head = printable(f"{a.item} {a.label} ({where}): ")
            out.append(Paragraph(f"<b>{head}</b>{printable(a.text)}", st["body"]))
    if section.changes:
        title = f"What changed since the report for {report.previous_period}"
        out.append(_heading(title, st["h2"], 1))
        out += [Paragraph("• " + printable(c), st["bullet"]) for c in section.changes]
    if section.notes:
        out.append(_heading("Sources and notes", st["h2"], 1))
        out += [
            Paragraph(printable(f"[{n}] {report.footnotes[n]}"), st["note"]) for n in section.notes
        ]
    return out


def write_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    _register_fonts()
    st = _styles()
    buf = io.BytesIO()
    doc = _Doc(
        buf,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=report.title,
        author="Migration & development M&E dashboard",
        subject=f"{report.country} {report.period}",
    )
    story: list[Flowable] = [_heading(report.title, st["title"], 0)]
    for label, value in report.cover_lines():
        story.append(Paragraph(f"<b>{printable(label)}:</b> {printable(value)}", st["body"]))
    if report.demo:
        story += [Spacer(1, 8), Paragraph(printable(DEMO_NOTICE), st["demo"])]
        if report.demo_datasets:
            text = "Demo datasets included: " + ", ".join(report.demo_datasets) + "."
            story.append(Paragraph(printable(text), st["body"]))
    story += [
        Spacer(1, 8),
        Paragraph(printable(COVER_NOTE), st["body"]),
        PageBreak(),
    ]
    cache: dict[str, bytes] = {}
    for section in report.sections:
        story += _section(section, report, st, cache)
    on_page = _page(report)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()
