"""The report as a Word document (python-docx): editable headings, real tables, PNG charts.

Headings use Word's built-in Heading styles (so the navigation pane and a table of contents work),
tables are Word tables with a repeated header row, charts are pictures with captions. Footnote
markers [n] point to each section's _("Sources and notes"). With demo data every page carries a
'DEMO DATA' header line and a diagonal 'DEMO DATA' watermark (the VML shape Word itself uses).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

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

RED = RGBColor(0xC0, 0x00, 0x00)
TABLE_FONT = Pt(8)
TEXT_WIDTH_CM = 16.6  # A4 minus 2 x 2.2 cm margins
CHAR_CM = 0.16  # average width of an 8 pt character; bold headers a little wider
WATERMARK_XML = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    "<w:rPr><w:noProof/></w:rPr><w:pict>"
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>'
    '<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/>'
    '<v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>'
    '<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>'
    '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
    'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
    "</v:shapetype>"
    '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:460pt;height:115pt;'
    "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
    "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
    'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#c00000" '
    'stroked="f"><v:fill opacity=".2"/>'
    '<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="{mark}"/>'
    "</v:shape></w:pict></w:r>"
)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    """Mark a table row as the header repeated on every page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()
    el = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    tr_pr.append(el)


def _page_field(paragraph) -> None:  # type: ignore[no-untyped-def]
    """Append a PAGE field (the page number) to `paragraph`."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            el = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            el.text = text
        run._r.append(el)


def _header_footer(doc: DocxDocument, report: Report) -> None:
    """Header (demo mark and watermark when demo) and footer (report, page) of every page."""
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.demo:
        run = header.add_run(
            _("{mark}: synthetic figures, not official statistics").format(mark=_(DEMO_MARK))
        )
        run.bold, run.font.color.rgb, run.font.size = True, RED, Pt(10)
        # The diagonal watermark in the report's language ('DONNÉES DE DÉMONSTRATION').
        mark = xml_escape(_(DEMO_MARK), {'"': "&quot;"})
        header._p.append(parse_xml(WATERMARK_XML.replace("{mark}", mark)))
    else:
        header.add_run(report.title).font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(
        _("GFMD progress report {country} {period}, page ").format(
            country=report.country, period=report.period
        )
    ).font.size = Pt(8)
    _page_field(footer)


def _cover(doc: DocxDocument, report: Report) -> None:
    """Logo, ministry, title, the report's facts, demo notice, clearance block; page break."""
    if report.logo:
        doc.add_picture(io.BytesIO(report.logo), height=Cm(2.5))
    if report.ministry:
        run = doc.add_paragraph().add_run(report.ministry)
        run.bold, run.font.size = True, Pt(14)
    doc.add_heading(report.title, level=0)
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in report.cover_lines():
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    if report.demo:
        p = doc.add_paragraph()
        run = p.add_run(_(DEMO_NOTICE))
        run.bold, run.font.color.rgb = True, RED
        if report.demo_datasets:
            doc.add_paragraph(
                _("Demo datasets included: {datasets}.").format(
                    datasets=", ".join(report.demo_datasets)
                )
            )
    doc.add_paragraph(_(COVER_NOTE))
    doc.add_paragraph().add_run(_("Clearance")).bold = True
    clearance = doc.add_table(rows=1, cols=len(CLEARANCE_COLUMNS))
    clearance.style = "Table Grid"
    for cell, name in zip(clearance.rows[0].cells, CLEARANCE_COLUMNS, strict=True):
        cell.paragraphs[0].add_run(_(name)).bold = True
    for role in CLEARANCE_ROLES:
        row = clearance.add_row()
        row.height = Cm(1.2)
        row.cells[0].paragraphs[0].add_run(_(role))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(doc: DocxDocument, report: Report) -> None:
    """A Word TOC field (Word fills in the page numbers when the file is opened) whose
    placeholder already lists the chapters."""
    doc.add_heading(_("Contents"), level=1)
    p = doc.add_paragraph()
    run = p.add_run()
    begin = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): "begin"})
    instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    instr.text = ' TOC \\o "1-1" \\h \\z \\u '
    sep = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): "separate"})
    run._r.extend([begin, instr, sep])
    titles = [_("Executive summary")] if report.summary else []
    titles += [_("What changed between survey rounds")] if report.rounds else []
    titles += [s.title for s in report.sections]
    titles += [_("Annex: narrative authorship")] if report.authorship() else []
    for i, title in enumerate(titles):
        if i:
            p.add_run().add_break()
        p.add_run(title)
    end = p.add_run()._r
    end.append(end.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): "end"}))
    # Ask Word to refresh fields (the TOC's page numbers) when the document opens.
    settings = doc.settings.element
    settings.append(settings.makeelement(qn("w:updateFields"), {qn("w:val"): "true"}))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(doc: DocxDocument, report: Report) -> None:
    """Executive summary and the survey rounds chapter."""
    summary = report.summary
    if summary is not None:
        doc.add_heading(_("Executive summary"), level=1)
        doc.add_paragraph(summary.lead)
        _table(doc, summary.by_level)
        _table(doc, summary.by_theme)
        for title, lines in ((N_("Biggest improvements"), summary.improvements),
                             (N_("Biggest setbacks"), summary.setbacks)):  # fmt: skip
            doc.add_heading(
                _("{title} since the report for {period}").format(
                    title=_(title), period=report.previous_period
                ),
                level=2,
            )
            for line in lines:
                doc.add_paragraph(line, style="List Bullet")
    if report.rounds:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(_("What changed between survey rounds"), level=1)
        for r in report.rounds:
            doc.add_heading(
                _("{survey}: {then} and {now}").format(survey=r.survey, then=r.then, now=r.now),
                level=2,
            )
            for line in r.changes:
                doc.add_paragraph(line, style="List Bullet")
            _table(doc, r.scores)


def _table(doc: DocxDocument, table: Table) -> None:
    """A Word table with a bold, repeated header row and small text."""
    doc.add_heading(table.title, level=2)
    t = doc.add_table(rows=1, cols=len(table.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = column_widths(
        table, lambda text, bold: len(text) * CHAR_CM * (1.1 if bold else 1.0), TEXT_WIDTH_CM,
        padding=0.4,
    )  # fmt: skip
    for cell, name in zip(t.rows[0].cells, table.columns, strict=True):
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, TABLE_FONT
    _repeat_header(t.rows[0])
    for values in table.rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(value).font.size = TABLE_FONT
    for column, width in zip(t.columns, widths, strict=True):
        for cell in column.cells:  # Word reads the width of every cell, not of the column
            cell.width = Cm(width)


def _section(doc: DocxDocument, section: Section, report: Report, cache: dict) -> None:
    """One chapter (on a new page): heading, intro, narrative, tables, charts, answers, changes,
    notes."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(section.title, level=1)
    doc.add_paragraph().add_run(section.intro).italic = True
    if not section.has_data:
        doc.add_paragraph().add_run(section.no_data_in(report.lang)).bold = True
    doc.add_heading(_("Narrative"), level=2)
    if section.narrative is None:
        doc.add_paragraph(_("No narrative written yet."))
    else:
        for part in section.narrative.text.split("\n\n"):
            doc.add_paragraph(part.strip())
    for table in section.tables:
        _table(doc, table)
    if section.charts:
        doc.add_heading(_("Charts"), level=2)
    for chart in section.charts:
        doc.add_picture(io.BytesIO(chart_png(chart, cache)), width=Cm(16))
        doc.add_paragraph(f"{chart.caption} [{chart.note}]", style="Caption")
    for ref in section.chart_refs:
        doc.add_paragraph(ref, style="Caption")
    if section.answers:
        doc.add_heading(_("Open-ended survey answers"), level=2)
        for a in section.answers:
            p = doc.add_paragraph()
            where = f"{a.period}, {a.institution}" if a.institution else a.period
            p.add_run(f"{a.item} {a.label} ({where}): ").bold = True
            p.add_run(a.text)
    if section.changes:
        doc.add_heading(
            _("What changed since the report for {period}").format(period=report.previous_period),
            level=2,
        )
        for change in section.changes:
            doc.add_paragraph(change, style="List Bullet")
    if section.notes:
        doc.add_heading(_("Sources and notes"), level=2)
        for n in section.notes:
            doc.add_paragraph().add_run(f"[{n}] {report.footnotes[n]}").font.size = Pt(8)


def write_docx(report: Report) -> bytes:
    """The report, in its language (report.lang), as file bytes."""
    with use_language(report.lang):
        return _write_docx(report)


def _write_docx(report: Report) -> bytes:
    """The report, in its language (report.lang), as DOCX bytes."""
    doc = Document()
    props = doc.core_properties
    props.title, props.subject = report.title, f"{report.country} {report.period}"
    props.author = _("Migration & development M&E dashboard")
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2.2))
    _header_footer(doc, report)
    _cover(doc, report)
    _toc(doc, report)
    _summary(doc, report)
    cache: dict[str, bytes] = {}
    for section in report.sections:
        _section(doc, section, report, cache)
    authors = report.authorship()
    if authors:  # who wrote what: an annex and the file's properties, never the chapters
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(_("Annex: narrative authorship"), level=1)
        _table(
            doc, Table(_("Narrative drafts"), (_("Chapter"), _("Written by"), _("Saved")), authors)
        )
        props.comments = "; ".join(f"{t}: {a}, {w}" for t, a, w in authors)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
