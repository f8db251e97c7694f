"""A document as a file: Word, PDF (Word through LibreOffice), Excel, HTML."""

from __future__ import annotations

from .document import Document

FORMATS = ("docx", "pdf", "xlsx", "html")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def render(document: Document, fmt: str, *, docx_bytes: bytes | None = None) -> bytes:
    """The document in `fmt`; a PDF converts `docx_bytes` when given (the Word file of the
    same build), else writes the Word file first."""
    if fmt == "docx":
        from . import docx

        return docx.write(document)
    if fmt == "pdf":
        from . import docx, pdf

        return pdf.convert(docx_bytes if docx_bytes is not None else docx.write(document))
    if fmt == "xlsx":
        from . import xlsx

        return xlsx.write(document)
    if fmt == "html":
        from . import html

        return html.write(document).encode()
    raise ValueError(f"unknown format {fmt!r}")


def pdf_available() -> bool:
    from . import pdf

    return pdf.available()
