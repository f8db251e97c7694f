"""A report as PDF: the Word file (`reports.docx`) converted by LibreOffice headless, so
that the PDF is laid out exactly as the .docx the staff download (one layout, not two).

LibreOffice refuses to run twice at once on the same user profile: every conversion gets
its own temporary profile (a first start costs about a second more; no lock, conversions
run side by side). It is killed, with its children, when it runs past `TIMEOUT` seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from dangvu.core.errors import RuleViolation

TIMEOUT = 120  # seconds
PACKAGES = "libreoffice-writer-nogui fonts-liberation2"


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def how_to_enable() -> str:
    return _(
        "PDF files are made by LibreOffice, which is not installed on the server. Ask the "
        "administrator to install it (on Debian or Ubuntu: apt-get install %(packages)s), then "
        "try again. The Word file can be downloaded meanwhile."
    ) % {"packages": PACKAGES}


def convert(docx: bytes, *, timeout: int = TIMEOUT) -> bytes:
    """The PDF of a .docx file. RuleViolation when LibreOffice is missing, fails or runs
    past `timeout` seconds."""
    program = soffice()
    if program is None:
        raise RuleViolation(how_to_enable(), code="pdf_unavailable")
    with tempfile.TemporaryDirectory(prefix="dangvu-pdf-") as tmp:
        root = Path(tmp)
        source, out, profile = root / "report.docx", root / "out", root / "profile"
        source.write_bytes(docx)
        out.mkdir()
        command = [
            program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
            "--nodefault", "--nolockcheck", "--nologo", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out), str(source),
        ]
        env = {**os.environ, "HOME": str(root)}
        process = subprocess.Popen(  # noqa: S603 (our own arguments, no shell)
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
        )
        try:
            error = process.communicate(timeout=timeout)[1]
        except subprocess.TimeoutExpired:
            _kill(process)
            raise RuleViolation(
                _("The PDF file could not be made: the conversion took more than %(seconds)s seconds. "
                  "Try again later, or download the Word file.") % {"seconds": timeout},
                code="pdf_timeout",
            ) from None
        result = out / "report.pdf"
        if process.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            raise RuleViolation(
                _("The PDF file could not be made: LibreOffice could not convert the Word file "
                  "(%(detail)s). Download the Word file instead.")
                % {"detail": _detail(error, process.returncode)},
                code="pdf_failed",
            )
        return result.read_bytes()


def _kill(process: subprocess.Popen) -> None:
    """LibreOffice and the processes it started (its own session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _detail(error: bytes, code: int | None) -> str:
    lines = [line.strip() for line in error.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1][:200] if lines else _("exit code %(code)s") % {"code": code}
