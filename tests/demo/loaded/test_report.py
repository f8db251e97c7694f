"""The year-end report of the bloc for 2021 (the seed year of the demo's registers), built
from the whole demo: the sentences a writer would put, with the figures the registers count,
and every annex cell equal to what the registers' selectors say.

The admission figures are regression values of the deterministic demo (seed 2024), read off
once, as in test_plans.py; the inspection figures are the seed's (SEED_2021)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dangvu.awards import selectors as awards
from dangvu.core.actors import SYSTEM
from dangvu.core.periods import parse
from dangvu.orgs.models import Organization
from dangvu.plans import selectors as plans
from dangvu.reports import services
from dangvu.reports.models import Report


def _document():
    bloc = Organization.objects.get(code="HG-KHOI")
    report = Report.objects.get(organization=bloc, kind="year-end", period="2021")
    document, generated, changes = services.report_document(actor=SYSTEM, report=report)
    return bloc, document


def _text(document, key: str) -> str:
    return next(p.text for p in document.paragraphs() if p.key == key)


@pytest.mark.django_db
def test_the_seed_sentences_with_their_figures(demo):
    bloc, document = _document()
    assert _text(document, "inspections.done").startswith(
        "Năm 2021, cấp ủy, ủy ban kiểm tra các cấp kiểm tra 40 tổ chức đảng và 56 đảng viên; giám sát chuyên đề "
        "45 tổ chức đảng và 33 đảng viên")
    row = next(r for pf in plans.figures(actor=SYSTEM, organization=bloc, period=parse("2021")) for r in pf.rows
               if r.indicator.code == "KET_NAP")
    assert (row.actual, row.target.value) == (ADMITTED_2021, TARGET_2021)
    assert _text(document, "members.admissions") == ADMISSIONS_2021
    tally = next(p for p in document.paragraphs() if p.key == "targets.HG-KHOI-CTR-2021.tally")
    assert tally.text.endswith(TALLY_2021)
    assert document.header.number == "Số 121-BC/ĐUK"
    assert document.header.superior_body == "ĐẢNG BỘ TỈNH HÒA GIANG"
    assert document.signature.lines() == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]


@pytest.mark.django_db
def test_every_annex_cell_equals_its_selector(demo):
    bloc, document = _document()
    period, before = parse("2021"), parse("2020")
    tables = {t.key: t for t in document.tables()}

    def counted(key, p):
        return int(plans.measure_values(actor=SYSTEM, keys=[key], period=p, root=bloc)[(key, bloc.pk)])

    members = {r.cells[0]: r.cells[1:] for r in tables["annex.members"].rows}
    for label, key in [("Kết nạp (kể cả kết nạp lại)", "members.admitted"), ("Từ trần", "members.deceased"),
                       ("Khai trừ", "members.expelled"), ("Xóa tên", "members.removed"),
                       ("Ra khỏi Đảng", "members.left"), ("Đảng viên cuối kỳ", "members.on_roll")]:
        now, then = counted(key, period), counted(key, before)
        assert members[label] == [now, then, Decimal(now * 100) / then if then else None], label
    on_roll_2020 = counted("members.on_roll", before)
    assert members["Đảng viên đầu kỳ"][0] == on_roll_2020
    form = awards.badge_work_form(actor=SYSTEM, organization=bloc, start=period.start, end=period.end)
    assert members["Chuyển sinh hoạt đến"][:2] == list(form.transfers_in)
    assert members["Chuyển sinh hoạt đi"][:2] == list(form.transfers_out)
    # The start plus the increase less the decrease is the end.
    assert (members["Đảng viên đầu kỳ"][0] + members["Tăng"][0] - members["Giảm"][0]
            == members["Đảng viên cuối kỳ"][0])

    work = [r.cells for r in tables["annex.work"].rows if r.cells[1] is not None]
    expected = [[str(label), now, then, pct] for _s, lines in form.sections() for label, now, then, pct, _t in lines]
    assert work == expected

    ratings = [r.cells[:2] for r in tables["annex.ratings"].rows]
    assert ratings[:2] == [["Tổ chức cơ sở đảng", counted("ratings.grassroots_rated", period)],
                           ["Hoàn thành xuất sắc nhiệm vụ", counted("ratings.grassroots_excellent", period)]]
    assert ratings[6:8] == [["Đảng viên", counted("ratings.members_rated", period)],
                            ["Hoàn thành xuất sắc nhiệm vụ", counted("ratings.members_excellent", period)]]
    assert tables["annex.admissions"].rows[-1].cells[1] == counted("admissions.decided", period)

    targets = tables["targets.HG-KHOI-CTR-2021.table"]
    rows = next(pf for pf in plans.figures(actor=SYSTEM, organization=bloc, period=period)).rows
    assert [r.cells[3:6] for r in targets.rows] == [[r.target.value, r.actual, r.achievement] for r in rows]




def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.django_db
def test_the_word_file_and_its_pdf(demo):
    """The report as Word, read back with python-docx: the sentences with their figures, the
    header, the signature, every table cell as the document holds it; then converted to PDF
    by LibreOffice and read back with pdftotext: every letter there, the sentences whole."""
    import io
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    import docx as python_docx
    from docx.shared import Pt

    from dangvu.reports import formats
    from dangvu.reports.document import format_cell

    _bloc, document = _document()
    content = formats.render(document, "docx")
    word = python_docx.Document(io.BytesIO(content))
    texts = [p.text for p in word.paragraphs]
    for key in ("members.admissions", "inspections.done", "targets.HG-KHOI-CTR-2021.tally"):
        assert _text(document, key) in texts, key
    header = word.tables[0]
    party = next(p for p in header.cell(0, 1).paragraphs if p.text == "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert [(r.font.size, r.font.bold) for r in party.runs if r.text] == [(Pt(15), True)]
    assert [p.text for p in header.cell(0, 0).paragraphs] == [
        "ĐẢNG BỘ TỈNH HÒA GIANG", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH HÒA GIANG", "*"]
    assert [p.text for p in header.cell(1, 0).paragraphs] == ["Số 121-BC/ĐUK"]
    assert [p.text for p in header.cell(1, 1).paragraphs] == ["Hòa Giang, ngày 17 tháng 01 năm 2022"]
    signature = next(t for t in word.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert [p.text for p in signature.cell(0, 1).paragraphs if p.text] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ",
                                                                           document.signature.signer]
    body = [t for t in word.tables[1:] if t is not signature and t.cell(0, 0).paragraphs[0].text != "Nơi nhận:"]
    assert len(body) == len(document.tables())
    for table, written in zip(document.tables(), body, strict=True):
        heads = len(written.rows) - len(table.rows)
        for r, row in enumerate(table.rows):
            cells = [written.cell(heads + r, i).text for i in range(len(table.columns))]
            assert cells == [format_cell(v, c) for v, c in zip(row.cells, table.columns, strict=True)], table.key

    if not formats.pdf_available():
        pytest.skip("LibreOffice is not installed (scripts/test.sh installs it)")
    pdf = formats.render(document, "pdf", docx_bytes=content)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(pdf)
        text = subprocess.run([shutil.which("pdftotext"), "-layout", str(path), "-"], capture_output=True,
                              check=True, text=True).stdout
        pages = subprocess.run([shutil.which("pdfinfo"), str(path)], capture_output=True, check=True, text=True).stdout
    letters = {ch for p in document.paragraphs() for ch in p.text if ch.isalpha() and not ch.isascii()}
    assert letters - set(text) == set()
    flat = _words(text)
    assert _words(_text(document, "inspections.done")[:120]) in flat
    assert "(A4)" in pages


ADMITTED_2021, TARGET_2021 = Decimal(161), Decimal(155)
ADMISSIONS_2021 = ("Năm 2021, toàn Đảng bộ kết nạp 161 đảng viên, đạt 103,87% so với Chương trình hành động; "
                   "giảm 21 đảng viên so với năm 2020.")
TALLY_2021 = "12/16 chỉ tiêu đạt 100% trở lên, 4 chỉ tiêu đạt trên 60%."
