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

    body = _Body(document)
    body.add(content.title, "Title")
    body.add(content.stated)
    for flag in content.flags:
        _flag(body.add(), flag)

    body.add("Samenvatting", "Heading 1")
    body.add(content.table_caption, "Caption")
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
        _section(body, section, content)

    body.add("Toezeggingen en moties", "Heading 1")
    for kamer_list in content.kamer:
        body.add(kamer_list.lead)
        for item in kamer_list.shown:
            body.add(item, "List Bullet")

    out = BytesIO()
    document.save(out)
    return out.getvalue()


class _Body:
    """Appends paragraphs to the document body in constant time each.

    python-docx's `add_paragraph(text, style=name)` looks the style up by name and scans every
    style for the default one, then finds the body's section properties by scanning the body:
    at 50 times the seed's size (about 10,000 paragraphs) that took 5 of the brief's 6 seconds.
    Here each style's id is looked up once, and a paragraph goes straight before the body's
    final section properties, which is where python-docx puts it too.
    """

    def __init__(self, document: DocxDocument) -> None:
        self._document = document
        self._end = document.element.body.sectPr  # the body's last child
        self._style_ids: dict[str, str] = {}

    def add(self, text: str = "", style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self._end.addprevious(element)
        paragraph = Paragraph(element, self._document._body)
        if style is not None:
            element.style = self._style_id(style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self._document.styles[name].style_id
        return self._style_ids[name]


def _section(body: _Body, section: Section, content: BriefContent) -> None:
    body.add(section.heading, "Heading 2" if section.sub else "Heading 1")
    body.add(f"Status op de peildatum: {section.status}.")
    for flag in section.flags:
        _flag(body.add(), flag)
    for lead, items in content.parts(section):
        body.add().add_run(lead).bold = True
        for item in items:
            body.add(item, "List Bullet")


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
