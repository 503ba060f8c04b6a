"""The voortgangsbrief input as a Word document (python-docx): public models in, .docx bytes out.

Everything is set through named styles (Title, Heading 1/2, List Bullet, Caption, Table Grid), so
the author restyles the whole document in Word at once; the content comes from
`reports.brief_content`, which the HTML preview renders too.
"""

import re
from datetime import date
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from app.public.models import WerkagendaSnapshot
from reports.brief_content import BriefContent, Section, SummaryRow, build_brief_content
from reports.xml_text import xml_safe

TABLE_STYLE = "Table Grid"
COLUMN_WIDTHS = (Cm(5.0), Cm(2.6), Cm(8.9))  # afspraak, status, voortgang: 16.5 cm of text width
SUB_INDENT = Cm(0.5)  # 5a-5f under 5 in the summary table


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
    """The .docx of `content`. Every text goes in through `_run_text` or the core properties,
    which both drop what XML cannot hold (reports/xml_text.py)."""
    document = Document()
    _page_numbers(document)
    properties = document.core_properties
    properties.title = xml_safe(content.title)
    properties.author = "Werkagenda E5"
    properties.comments = xml_safe(content.stated)

    body = _Body(document)
    body.add(content.title, "Title")
    body.add(content.stated)
    for flag in content.flags:
        body.add(flag, flag=True)

    body.add("Samenvatting", "Heading 1")
    body.add(content.table_caption, "Caption")
    body.flush()  # python-docx adds the table after what is in the body so far
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles[TABLE_STYLE]
    header = table.rows[0].cells
    for cell, text in zip(header, ("Afspraak", "Status", "Voortgang"), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    # Word reads the widths of the cells, LibreOffice those of the grid: set both.
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
        column.width = width
        header[column._index].width = width
    _append(table._tbl, "w:tbl", [_summary_row(row) for row in content.rows])

    for section in content.sections:
        _section(body, section, content)

    body.add("Toezeggingen en moties", "Heading 1")
    for kamer_list in content.kamer:
        body.add(kamer_list.lead)
        for item in kamer_list.shown:
            body.add(item, "List Bullet")
    body.flush()

    out = BytesIO()
    document.save(out)
    return out.getvalue()


class _Body:
    """Paragraphs for the document body, written as WordprocessingML and parsed a batch at a time.

    At 50 times the seed's size the brief has about 10,000 paragraphs. python-docx builds each
    element by element, checking the schema's order of children at every step, and scans the
    styles for each style name: that took most of the brief's time (5 of 6 seconds before the
    styles were looked up once, 2 of 3.5 after). A paragraph here is one short XML text; lxml
    parses a batch in C, and the paragraphs go before the body's final section properties,
    where python-docx puts them too. Styles are still the document's own, by id.
    """

    def __init__(self, document: DocxDocument) -> None:
        self._document = document
        self._end = document.element.body.sectPr  # the body's last child
        self._style_ids: dict[str, str] = {}
        self._pending: list[str] = []

    def add(
        self, text: str = "", style: str | None = None, *, lead: bool = False, flag: bool = False
    ) -> None:
        """A paragraph of `text` in `style`; a `lead` line is bold, a `flag` bold and small."""
        properties = f'<w:pPr><w:pStyle w:val="{self._style_id(style)}"/></w:pPr>' if style else ""
        run = ""
        if text:
            look = '<w:rPr><w:b/><w:sz w:val="20"/></w:rPr>' if flag else ""
            look = "<w:rPr><w:b/></w:rPr>" if lead else look
            run = f"<w:r>{look}{_run_text(text)}</w:r>"
        self._pending.append(f"<w:p>{properties}{run}</w:p>")
        if len(self._pending) >= 500:
            self.flush()

    def flush(self) -> None:
        """Put the paragraphs added so far into the document."""
        for paragraph in _parsed("w:body", self._pending):
            self._end.addprevious(paragraph)
        self._pending = []

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self._document.styles[name].style_id
        return self._style_ids[name]


_BREAKS_RE = re.compile(r"(\t|\r\n|\n|\r)")


def _run_text(text: str) -> str:
    """A run's content as python-docx's `run.text` writes it: a tab as <w:tab/>, a line end as
    <w:br/>, the rest as text whose spaces are kept; without what XML cannot hold."""
    parts = []
    for piece in _BREAKS_RE.split(xml_safe(text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r\n", "\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


def _summary_row(row: SummaryRow) -> str:
    """One row of the summary table: afspraak (a sub-afspraak indented), status, voortgang."""
    indent = f'<w:pPr><w:ind w:left="{SUB_INDENT.twips}"/></w:pPr>' if row.sub else ""
    cells = [(f"{row.code}. {row.title}", indent), (row.status, ""), (row.voortgang, "")]
    return (
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width.twips}" w:type="dxa"/></w:tcPr>'
            f"<w:p>{properties}{f'<w:r>{_run_text(text)}</w:r>' if text else ''}</w:p></w:tc>"
            for (text, properties), width in zip(cells, COLUMN_WIDTHS, strict=True)
        )
        + "</w:tr>"
    )


def _append(parent: Any, tag: str, fragments: list[str]) -> None:
    for element in _parsed(tag, fragments):
        parent.append(element)


def _parsed(tag: str, fragments: list[str]) -> list[Any]:
    """The elements of `fragments`, parsed inside a `tag` that declares the w namespace, as
    python-docx's own element classes."""
    if not fragments:
        return []
    return list(parse_xml(f"<{tag} {nsdecls('w')}>{''.join(fragments)}</{tag}>"))


def _section(body: _Body, section: Section, content: BriefContent) -> None:
    body.add(section.heading, "Heading 2" if section.sub else "Heading 1")
    body.add(f"Status op de peildatum: {section.status}.")
    for flag in section.flags:
        body.add(flag, flag=True)
    for lead, items in content.parts(section):
        body.add(lead, lead=True)
        for item in items:
            body.add(item, "List Bullet")


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
