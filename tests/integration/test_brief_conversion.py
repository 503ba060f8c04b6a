"""LibreOffice opens the voortgangsbrief input as Word users would and converts it to PDF.

Set E5_BRIEF_PNG_DIR to keep the PDF and one PNG per page (pdftoppm) for a look at the layout.
"""

import os
import re
import shutil
import subprocess  # nosec B404  (runs LibreOffice and pdftoppm on a file this test wrote)
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from app.clock import AMSTERDAM
from app.rounds.queries import brief_for
from app.seeding.load import LoadReport
from tests.libreoffice import convert, needs_libreoffice


@needs_libreoffice
def test_libreoffice_converts_the_brief_to_pdf(
    session: Session, seeded: LoadReport, tmp_path: Path
) -> None:
    today = datetime.now(AMSTERDAM).date()
    source = tmp_path / "voortgangsbrief.docx"
    source.write_bytes(
        brief_for(today + timedelta(days=30), session=session, generated_on=today).docx()
    )
    pdf = convert(source, "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")

    # pdfinfo and pdftoppm (poppler-utils, installed with LibreOffice by the script) read it back.
    pdfinfo, pdftoppm = shutil.which("pdfinfo"), shutil.which("pdftoppm")
    if pdfinfo is None or pdftoppm is None:
        return
    info = subprocess.run(  # nosec B603
        [pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert pages is not None and int(pages.group(1)) >= 3, info  # table, sections, Kamer part
    target = Path(os.environ.get("E5_BRIEF_PNG_DIR") or tmp_path / "pages")
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("pagina-*.png"):
        old.unlink()
    subprocess.run(  # nosec B603
        [pdftoppm, "-png", "-r", "50", str(pdf), str(target / "pagina")], check=True, timeout=120
    )
    assert len(list(target.glob("pagina-*.png"))) == int(pages.group(1))
