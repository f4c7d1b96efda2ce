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
from reportlab.platypus.tableofcontents import TableOfContents

from core.i18n import N_, _, use_language
from dashboard.report.charts import chart_png
from dashboard.report.layout import column_widths
from dashboard.report.model import (
    CLEARANCE_COLUMNS,
    CLEARANCE_ROLES,
    COVER_NOTE,
    DEMO_MARK,
    DEMO_NOTICE,
    Report,
    Section,
    Table,
)

FONT, BOLD = "ReportSans", "ReportSans-Bold"
_SYSTEM = Path("/usr/share/fonts/truetype/dejavu")
_BUNDLED = Path(reportlab.__file__).parent / "fonts"
FALLBACK = {"→": "->", "≥": ">=", "≤": "<=", "−": "-", "✓": "v", "✕": "x", "▲": "^", "▼": "v"}
RED = colors.Color(0.75, 0, 0)
WIDTH = A4[0] - 4 * cm
CELL_PAD = 6  # reportlab's default left and right cell padding, points


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
        "ministry": style(
            "RMin", "BodyText", fontName=BOLD, fontSize=13, leading=17, alignment=1, spaceAfter=6
        ),
        "toc0": style("RToc0", "BodyText", fontSize=10, leading=15),
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
        if level == 0 and getattr(flowable, "in_toc", True):
            self.notify("TOCEntry", (0, text, self.page, key))


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
            canvas.drawCentredString(0, -28, _(DEMO_MARK))
            canvas.rotate(-45)
            canvas.translate(-w / 2, -h / 2)
            canvas.setFillColor(RED)
            canvas.setFont(BOLD, 9)
            canvas.drawCentredString(
                w / 2,
                h - 1.2 * cm,
                _("{mark}: synthetic figures, not official statistics").format(mark=_(DEMO_MARK)),
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
            _("GFMD progress report {country} {period}, page {page}").format(
                country=report.country, period=report.period, page=doc.page
            ),
        )
        canvas.restoreState()

    return draw


def _table(table: Table, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A titled table with wrapped cells and a header row repeated on every page."""
    # Widths from the content, measured in the cell font: never narrower than a column's
    # longest word (a number or a year is never broken), wider for longer texts.
    cell, head = st["cell"], st["head"]

    def measure(text: str, bold: bool) -> float:
        style = head if bold else cell
        return pdfmetrics.stringWidth(printable(text), style.fontName, style.fontSize)

    widths = column_widths(table, measure, WIDTH, padding=2 * CELL_PAD + 1)
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


def _plain_table(
    rows: list[list[str]], widths: list[float], st: dict, *, header: bool = False
) -> RLTable:
    """A small grid of paragraphs (cover metadata, clearance block)."""
    data = [[Paragraph(printable(c), st["body"]) for c in r] for r in rows]
    t = RLTable(data, colWidths=widths)
    grey = colors.Color(0.9, 0.9, 0.9)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style.append(("BACKGROUND", (0, 0), (-1, 0) if header else (0, -1), grey))
    t.setStyle(TableStyle(style))
    return t


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
        PageBreak(),  # every chapter starts on a new page
        _heading(section.title, st["h1"], 0),
        Paragraph(printable(section.intro), st["intro"]),
    ]
    if not section.has_data:
        out.append(Paragraph(f"<b>{printable(section.no_data_in(report.lang))}</b>", st["body"]))
    out.append(_heading(_("Narrative"), st["h2"], 1))
    if section.narrative is None:
        out.append(Paragraph(_("No narrative written yet."), st["body"]))
    else:
        for part in section.narrative.text.split("\n\n"):
            out.append(Paragraph(printable(part.strip()).replace("\n", "<br/>"), st["body"]))
    for table in section.tables:
        out += _table(table, st)
    for i, chart in enumerate(section.charts):
        heading = _heading(_("Charts"), st["h2"], 1) if i == 0 else None
        caption = f"{chart.caption} [{chart.note}]"
        out.append(_chart(chart_png(chart, cache), caption, st, heading))
    out += [Paragraph(printable(r), st["caption"]) for r in section.chart_refs]
    if section.answers:
        out.append(_heading(_("Open-ended survey answers"), st["h2"], 1))
        for a in section.answers:
            where = f"{a.period}, {a.institution}" if a.institution else a.period
            head = printable(f"{a.item} {a.label} ({where}): ")
            out.append(Paragraph(f"<b>{head}</b>{printable(a.text)}", st["body"]))
    if section.changes:
        title = _("What changed since the report for {period}").format(
            period=report.previous_period
        )
        out.append(_heading(title, st["h2"], 1))
        out += [Paragraph("• " + printable(c), st["bullet"]) for c in section.changes]
    if section.notes:
        out.append(_heading(_("Sources and notes"), st["h2"], 1))
        out += [
            Paragraph(printable(f"[{n}] {report.footnotes[n]}"), st["note"]) for n in section.notes
        ]
    return out


def write_pdf(report: Report) -> bytes:
    """The report, in its language (report.lang), as file bytes."""
    with use_language(report.lang):
        return _write_pdf(report)


def _write_pdf(report: Report) -> bytes:
    """The report, in its language (report.lang), as PDF bytes."""
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
        author=_("Migration & development M&E dashboard"),
        subject=f"{report.country} {report.period}",
    )
    story = _front(report, st)
    cache: dict[str, bytes] = {}
    for section in report.sections:
        story += _section(section, report, st, cache)
    story += _annex_authors(report, st)
    on_page = _page(report)
    doc.multiBuild(story, onFirstPage=on_page, onLaterPages=on_page)  # 2 passes: TOC pages
    return buf.getvalue()


def _cover(report: Report, st: dict) -> list[Flowable]:
    """Logo, ministry, title, the report's facts, demo notice and the clearance block."""
    out: list[Flowable] = []
    if report.logo:
        iw, ih = ImageReader(io.BytesIO(report.logo)).getSize()
        h = 2.5 * cm
        out += [Image(io.BytesIO(report.logo), width=h * iw / ih, height=h), Spacer(1, 6)]
    if report.ministry:
        out.append(Paragraph(printable(report.ministry), st["ministry"]))
    title = _heading(report.title, st["title"], 0)
    title.in_toc = False  # type: ignore[attr-defined]
    out.append(title)
    out.append(_plain_table([list(r) for r in report.cover_lines()], [5 * cm, WIDTH - 5 * cm], st))
    if report.demo:
        out += [Spacer(1, 8), Paragraph(printable(_(DEMO_NOTICE)), st["demo"])]
        if report.demo_datasets:
            text = _("Demo datasets included: {datasets}.").format(
                datasets=", ".join(report.demo_datasets)
            )
            out.append(Paragraph(printable(text), st["body"]))
    out += [Spacer(1, 8), Paragraph(printable(_(COVER_NOTE)), st["body"]), Spacer(1, 14)]
    out.append(Paragraph(f"<b>{_('Clearance')}</b>", st["body"]))
    rows = [[_(c) for c in CLEARANCE_COLUMNS], *([_(r), "", "", ""] for r in CLEARANCE_ROLES)]
    clearance = _plain_table(
        rows, [4.6 * cm, 5.2 * cm, 3.8 * cm, WIDTH - 13.6 * cm], st, header=True
    )
    clearance.setStyle(TableStyle([("BOTTOMPADDING", (0, 1), (-1, -1), 16)]))
    return [*out, clearance, PageBreak()]


def _front(report: Report, st: dict) -> list[Flowable]:
    """Cover, table of contents, executive summary and the survey rounds chapter."""
    out = _cover(report, st)
    toc = TableOfContents()
    toc.levelStyles = [st["toc0"]]
    out += [Paragraph(f"<b>{_('Contents')}</b>", st["h1"]), toc, PageBreak()]
    summary = report.summary
    if summary is not None:
        out += [_heading(_("Executive summary"), st["h1"], 0), Paragraph(printable(summary.lead),
                st["body"])]  # fmt: skip
        out += _table(summary.by_level, st) + _table(summary.by_theme, st)
        for title, lines in ((N_("Biggest improvements"), summary.improvements),
                             (N_("Biggest setbacks"), summary.setbacks)):  # fmt: skip
            since = _("{title} since the report for {period}")
            out.append(_heading(since.format(title=_(title), period=report.previous_period),
                                st["h2"], 1))  # fmt: skip
            out += [Paragraph("• " + printable(x), st["bullet"]) for x in lines]
    if report.rounds:
        out += [PageBreak(), _heading(_("What changed between survey rounds"), st["h1"], 0)]
        for r in report.rounds:
            out.append(
                _heading(
                    _("{survey}: {then} and {now}").format(survey=r.survey, then=r.then, now=r.now),
                    st["h2"],
                    1,
                )
            )
            out += [Paragraph("• " + printable(x), st["bullet"]) for x in r.changes]
            out += _table(r.scores, st)
    return out


def _annex_authors(report: Report, st: dict) -> list[Flowable]:
    """Who wrote each narrative and when: an annex, kept out of the chapters."""
    rows = report.authorship()
    if not rows:
        return []
    table = Table(_("Narrative drafts"), (_("Chapter"), _("Written by"), _("Saved")), rows)
    return [
        PageBreak(),
        _heading(_("Annex: narrative authorship"), st["h1"], 0),
        *_table(table, st),
    ]
