"""The PDF of a report: the Word file converted by LibreOffice, read back with poppler's
pdftotext and pdfinfo. Three conversions in all (about 2 s each)."""

import re
import subprocess
import threading
import time
import xml.etree.ElementTree as ET

import pytest

from dangvu.core.errors import RuleViolation
from dangvu.reports import docx, pdf
from tests.reports.samples import sample_document

needs_soffice = pytest.mark.skipif(
    not pdf.available(), reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui "
    "poppler-utils); scripts/test.sh installs it")

LETTERS = "ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳỷỹỵ Đđ"
MM = 72 / 25.4  # points


def _poppler(*args: str, data: bytes) -> str:
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    if not pdf.available():
        pytest.skip("LibreOffice is not installed")
    return pdf.convert(docx.write(sample_document(long=True)))


@needs_soffice
def test_every_vietnamese_letter_survives(long_pdf):
    text = _poppler("pdftotext", "-layout", "-", "-", data=long_pdf)
    assert LETTERS in text
    for words in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY CÁC CƠ QUAN", "Số 12-BC/ĐU", "BÁO CÁO",
                  "Rạch Giá, ngày 17 tháng 01 năm 2024", "T/M BAN THƯỜNG VỤ", "Nguyễn Văn Được", "Nơi nhận:",
                  "PHỤ LỤC", "Biểu 1. Tăng, giảm đảng viên"):
        assert words in text
    assert re.search(r"Tổng doanh thu của doanh nghiệp\s+tỷ đồng\s+1\.201\s+1\.234,5\s+102,8", text)


@needs_soffice
def test_several_a4_pages_numbered_from_page_two(long_pdf):
    info = _poppler("pdfinfo", "-", data=long_pdf)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages > 1
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)
    first = _poppler("pdftotext", "-layout", "-f", "1", "-l", "1", "-", "-", data=long_pdf)
    assert first.lstrip().startswith("ĐẢNG BỘ TỈNH KIÊN GIANG")  # no page number on page 1
    for page in range(2, pages + 1):
        text = _poppler("pdftotext", "-layout", "-f", str(page), "-l", str(page), "-", "-", data=long_pdf)
        assert text.split("\n", 1)[0].strip() == str(page)
    last = _poppler("pdftotext", "-layout", "-f", str(pages), "-l", str(pages), "-", "-", data=long_pdf)
    assert "PHỤ LỤC" in last  # the annex on a page of its own, the last one
    assert "Nguyễn Văn Được" not in last


@needs_soffice
def test_every_word_inside_the_margins(long_pdf):
    """Words stay inside the text width (30 mm left, 15 mm right) and above the bottom margin;
    only the page number stands in the top margin. Tolerance 1 pt."""
    root = ET.fromstring(_poppler("pdftotext", "-bbox", "-", "-", data=long_pdf))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = root.findall(".//x:page", ns)
    assert len(pages) > 1
    left, right, top, bottom = 30 * MM - 1, (210 - 15) * MM + 1, 20 * MM - 1, (297 - 20) * MM + 1
    outside = []
    for number, page in enumerate(pages, start=1):
        assert (round(float(page.get("width"))), round(float(page.get("height")))) == (595, 842)
        for word in page.findall("x:word", ns):
            x0, y0, x1, y1 = (float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
            if word.text == str(number) and y1 < top:  # the page number, in the header
                continue
            if x0 < left or x1 > right or y0 < top or y1 > bottom:
                outside.append((number, word.text, round(x0), round(y0), round(x1), round(y1)))
    assert outside == []


@needs_soffice
def test_two_conversions_at_once():
    """Each conversion has its own LibreOffice profile: two at the same time both finish."""
    data = docx.write(sample_document(mode="K/T"))
    results: list[bytes] = []

    def convert():
        results.append(pdf.convert(data))

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=pdf.TIMEOUT)
    assert len(results) == 2
    for result in results:
        assert result.startswith(b"%PDF-")
        assert "K/T BÍ THƯ" in _poppler("pdftotext", "-layout", "-", "-", data=result)


def test_not_installed(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.available() is False
    assert pdf.how_to_enable() == (
        "Tệp PDF do LibreOffice tạo, nhưng máy chủ chưa cài LibreOffice. Đề nghị người quản trị cài "
        "(trên Debian hoặc Ubuntu: apt-get install libreoffice-writer-nogui fonts-liberation2) rồi thử lại. "
        "Trong lúc chờ, có thể tải tệp Word.")
    with pytest.raises(RuleViolation) as refused:
        pdf.convert(b"PK")
    assert refused.value.code == "pdf_unavailable"
    assert refused.value.messages == [pdf.how_to_enable()]


def test_how_to_enable_in_english(english):
    assert pdf.how_to_enable() == (
        "PDF files are made by LibreOffice, which is not installed on the server. Ask the administrator to "
        "install it (on Debian or Ubuntu: apt-get install libreoffice-writer-nogui fonts-liberation2), then "
        "try again. The Word file can be downloaded meanwhile.")


def _fake(tmp_path, monkeypatch, script: str) -> None:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(program))


def test_a_failed_conversion_says_why(tmp_path, monkeypatch):
    _fake(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    with pytest.raises(RuleViolation) as refused:
        pdf.convert(b"not a word file")
    assert refused.value.code == "pdf_failed"
    assert refused.value.messages == [
        "Không tạo được tệp PDF: LibreOffice không chuyển được tệp Word (Error: source file could not be "
        "loaded). Hãy tải tệp Word."]


def test_no_pdf_written_is_a_failure(tmp_path, monkeypatch):
    _fake(tmp_path, monkeypatch, "exit 0\n")
    with pytest.raises(RuleViolation) as refused:
        pdf.convert(b"PK")
    assert refused.value.code == "pdf_failed"
    assert "(mã thoát 0)" in refused.value.messages[0]


def test_a_conversion_running_too_long_is_stopped(tmp_path, monkeypatch):
    marker = tmp_path / "still-running"
    # The program starts a child (as soffice starts soffice.bin): both are stopped.
    _fake(tmp_path, monkeypatch, f"(sleep 3; touch {marker}) &\nsleep 30\n")
    started = time.monotonic()
    with pytest.raises(RuleViolation) as refused:
        pdf.convert(b"PK", timeout=1)
    assert time.monotonic() - started < 3
    assert refused.value.code == "pdf_timeout"
    assert refused.value.messages == [
        "Không tạo được tệp PDF: việc chuyển đổi mất hơn 1 giây. Hãy thử lại sau, hoặc tải tệp Word."]
    time.sleep(3)
    assert not marker.exists()
