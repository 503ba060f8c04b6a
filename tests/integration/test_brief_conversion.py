"""LibreOffice opens the voortgangsbrief input as Word users would and converts it to PDF.

`bash scripts/libreoffice.sh` installs it (scripts/test.sh and CI run that); set
E5_BRIEF_PNG_DIR to keep the PDF and one PNG per page (pdftoppm) for a look at the layout.
"""

import os
import shutil
import subprocess  # nosec B404  (runs LibreOffice and pdftoppm on a file this test wrote)
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from app.rounds.queries import brief_for
from app.seeding.load import LoadReport

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is missing: run bash scripts/libreoffice.sh"
)
def test_libreoffice_converts_the_brief_to_pdf(
    session: Session, seeded: LoadReport, tmp_path: Path
) -> None:
    assert SOFFICE is not None
    today = date.today()
    source = tmp_path / "voortgangsbrief.docx"
    source.write_bytes(
        brief_for(today + timedelta(days=30), session=session, generated_on=today).docx()
    )
    # A profile of its own: a LibreOffice another process runs would otherwise take the job.
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(  # nosec B603
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "voortgangsbrief.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists(), result.stdout + result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert pages >= 3, pages  # table, sections and the Kamer part do not fit on fewer

    keep = os.environ.get("E5_BRIEF_PNG_DIR")
    pdftoppm = shutil.which("pdftoppm")
    if keep and pdftoppm:
        target = Path(keep)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, target / pdf.name)
        subprocess.run(  # nosec B603
            [pdftoppm, "-png", "-r", "60", str(pdf), str(target / "pagina")],
            check=True,
            timeout=120,
        )
