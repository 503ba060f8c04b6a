"""The voortgangsbrief input as a Word document (python-docx): public models in, .docx bytes out.

Everything is set through named styles (Title, Heading 1/2, List Bullet, Caption, Table Grid), so
the author restyles the whole document in Word at once; the content comes from
`reports.brief_content`, which the HTML preview renders too.
"""

from datetime import date
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from app.public.models import WerkagendaSnapshot
from reports.brief_content import BriefContent, Section, build_brief_content
from reports.xml_text import xml_safe_all

TABLE_STYLE = "Table Grid"
COLUMN_WIDTHS = (Cm(5.0), Cm(2.6), Cm(8.9))  # afspraak, status, voortgang: 16.5 cm of text width


def brief_docx(
    snapshot: WerkagendaSnapshot,
    previous: WerkagendaSnapshot | None,
    *,
    round_name: str,
    generated_on: date,
) -> bytes:
    """The .docx of one round (or of any cut-off, for a preview)."""
    content = build_brief_content(
        snapshot, previous, round_name=round_name, generated_on=generated_on
    )
    return render_docx(content, generated_on=generated_on)


def render_docx(content: BriefContent, *, generated_on: date) -> bytes:
    content = xml_safe_all(content)
    document = Document()
    _page_numbers(document)
    properties = document.core_properties
    properties.title = content.title
    properties.author = "Werkagenda E5"
    properties.comments = content.stated

    document.add_paragraph(content.title, style="Title")
    document.add_paragraph(content.stated)
    for flag in content.flags:
        _flag(document.add_paragraph(), flag)

    document.add_heading("Samenvatting", level=1)
    document.add_paragraph(content.table_caption, style="Caption")
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles[TABLE_STYLE]
    header = table.rows[0].cells
    for cell, text in zip(header, ("Afspraak", "Status", "Voortgang"), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    for row in content.rows:
        cells = table.add_row().cells
        cells[0].text = f"{row.code}. {row.title}"
        if row.sub:
            cells[0].paragraphs[0].paragraph_format.left_indent = Cm(0.5)
        cells[1].text = row.status
        cells[2].text = row.voortgang
    # Word reads the widths of the cells, LibreOffice those of the grid: set both.
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width

    for section in content.sections:
        _section(document, section, content)

    document.add_heading("Toezeggingen en moties", level=1)
    for kamer_list in content.kamer:
        document.add_paragraph(kamer_list.lead)
        for item in kamer_list.shown:
            document.add_paragraph(item, style="List Bullet")

    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _section(document: DocxDocument, section: Section, content: BriefContent) -> None:
    document.add_heading(section.heading, level=2 if section.sub else 1)
    document.add_paragraph(f"Status op de peildatum: {section.status}.")
    for flag in section.flags:
        _flag(document.add_paragraph(), flag)
    for lead, items in content.parts(section):
        paragraph = document.add_paragraph()
        paragraph.add_run(lead).bold = True
        for item in items:
            document.add_paragraph(item, style="List Bullet")


def _flag(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(10)


def _repeat_header(row: object) -> None:
    # A long table breaks over pages; Word repeats a row marked tblHeader at the top of each.
    tr = row._tr  # type: ignore[attr-defined]
    properties = tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _page_numbers(document: DocxDocument) -> None:
    """'Pagina N van M' in the footer, as PAGE and NUMPAGES fields Word fills in."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.add_run("Pagina ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" van ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Paragraph, instruction: str) -> None:
    # A complex field in its own runs: begin, instruction, separate, shown value, end.
    for kind, value in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {value} "
            run._r.append(text)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)
