"""LibreOffice headless as the tests' real reader of the Excel and Word files we write.

`bash scripts/libreoffice.sh` installs it (scripts/test.sh and CI run that).
"""

import shutil
import subprocess  # nosec B404  (runs LibreOffice on a file a test wrote)
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")

needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is missing: run bash scripts/libreoffice.sh"
)


def convert(source: Path, to: str) -> Path:
    """`source` converted by LibreOffice to format `to` ("pdf", "csv") beside it; the path of the
    result, which the assertion checks exists."""
    assert SOFFICE is not None
    # A profile of its own: a LibreOffice another process runs would otherwise take the job.
    profile = (source.parent / "lo-profile").as_uri()
    result = subprocess.run(  # nosec B603  (a fixed command on our own file)
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(source.parent),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    converted = source.with_suffix(f".{to}")
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr[-500:]
    return converted
