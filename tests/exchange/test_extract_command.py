"""`dangvu extract FILE [--format json]` over .txt (UTF-8, Windows-1258) and .docx, and the
files it refuses with their message."""

import io
import json
import unicodedata
import zipfile

import pytest
from django.core.management import CommandError, call_command

from dangvu.exchange.text import read_docx

TEXT = "Năm 2021, toàn Đảng bộ kết nạp được 243/240 đảng viên (đạt 101,25% so với chỉ tiêu đề ra)."
EXPECTED = [{
    "quote": "kết nạp được 243/240 đảng viên (đạt 101,25%", "subject": "kết nạp đảng viên", "value": 243,
    "unit": "đảng viên", "target": 240, "percent_of_target": 101.25, "qualifier": None, "period": "năm 2021",
    "organization": "toàn Đảng bộ",
}]


def docx_bytes(paragraphs, *, document_xml: str | None = None) -> bytes:
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = document_xml or (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buffer.getvalue()


def run(*args) -> str:
    out = io.StringIO()
    call_command("extract", *args, stdout=out)
    return out.getvalue()


def test_json_from_utf8_text(tmp_path):
    path = tmp_path / "bao_cao.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert json.loads(run(str(path), "--format", "json")) == EXPECTED


def cp1258(text: str) -> bytes:
    """`text` as Windows-1258 writes it: letters with a circumflex, breve or horn whole, tone
    marks as combining characters after them."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = next(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            out += unicodedata.normalize("NFC", parts.replace(tone, "")).encode("cp1258") + tone.encode("cp1258")
    return out


def test_json_from_windows_1258_text(tmp_path):
    path = tmp_path / "bao_cao.txt"
    path.write_bytes(cp1258(TEXT))
    assert json.loads(run(str(path), "--format", "json")) == EXPECTED


def test_json_from_docx(tmp_path):
    path = tmp_path / "bao_cao.docx"
    path.write_bytes(docx_bytes(["Báo cáo tổng kết", TEXT]))
    assert json.loads(run(str(path), "--format", "json")) == EXPECTED


def test_docx_paragraphs_tabs_and_breaks():
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>Một</w:t><w:tab/><w:t>hai</w:t><w:br/><w:t>ba</w:t></w:r></w:p>'
           '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô bảng</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
    assert read_docx(docx_bytes([], document_xml=xml)) == "Một\thai\nba\nô bảng"


def test_readable_table(tmp_path):
    path = tmp_path / "bao_cao.txt"
    path.write_text(TEXT, encoding="utf-8")
    lines = run(str(path)).splitlines()
    assert lines[0].split(" | ")[:4] == ["STT", "Nội dung         ", "Giá trị", "Đơn vị   "]
    assert [c.strip() for c in lines[2].split(" | ")] == [
        "1", "kết nạp đảng viên", "243", "đảng viên", "240", "101,25", "", "năm 2021", "toàn Đảng bộ"]
    assert lines[3] == "    Nguyên văn: «kết nạp được 243/240 đảng viên (đạt 101,25%»"


@pytest.mark.parametrize("name, data, message", [
    ("bao_cao.docx", b"not a zip", "Tệp không phải là văn bản Word (.docx) đọc được."),
    ("bao_cao.pdf", b"%PDF", "Chỉ đọc được tệp .txt và .docx (tệp đã gửi là bao_cao.pdf)."),
])
def test_refused_files(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as exc:
        run(str(path))
    assert str(exc.value) == message


def test_file_too_large(tmp_path, settings):
    settings.DANGVU_IMPORT_MAX_BYTES = 10
    path = tmp_path / "bao_cao.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run(str(path))
    assert str(exc.value) == f"Tệp có {len(TEXT.encode()):,} byte; chỉ đọc tệp tối đa 10 byte.".replace(",", ".")


def test_zip_bomb_refused_by_its_declared_size(settings):
    settings.DANGVU_IMPORT_MAX_BYTES = 1000
    data = docx_bytes([], document_xml="<w:document>" + " " * 6000 + "</w:document>")
    from dangvu.core.errors import RuleViolation

    with pytest.raises(RuleViolation) as exc:
        read_docx(data)
    assert exc.value.code == "extract_docx_too_large"
