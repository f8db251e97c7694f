"""The report builder over a small scenario: the sentences with their figures, counted by the
registers' measures, and the tables equal to what the selectors say."""

from decimal import Decimal

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.periods import parse
from dangvu.plans import selectors as plans
from dangvu.reports import builder
from dangvu.reports.document import Paragraph


def _build(org, period="2023", kind="year-end"):
    return builder.build(actor=SYSTEM, request=builder.Request(org, kind, parse(period)))


def _text(document, key) -> str:
    return next(p.text for p in document.paragraphs() if p.key == key)


@pytest.mark.django_db
def test_the_admissions_sentence_states_the_count_the_target_and_last_year(scenario):
    doc = _build(scenario["tree"].bloc)
    assert _text(doc, "members.admissions") == (
        "Năm 2023, toàn Đảng bộ kết nạp 5 đảng viên, đạt 125% so với Chương trình hành động; "
        "tăng 2 đảng viên so với năm 2022.")
    paragraph = next(p for p in doc.paragraphs() if p.key == "members.admissions")
    assert paragraph.figures == {"admissions": "5", "admissions.pct": "125"}


@pytest.mark.django_db
def test_the_tally_and_the_target_table(scenario):
    doc = _build(scenario["tree"].bloc)
    assert _text(doc, "targets.CTR-2023.tally") == (
        "Năm 2023, thực hiện Chương trình hành động (Chương trình hành động năm 2023): "
        "1/1 chỉ tiêu đạt 100% trở lên.")
    table = next(t for t in doc.tables() if t.key == "targets.CTR-2023.table")
    rows = plans.figures(actor=SYSTEM, organization=scenario["tree"].bloc, period=parse("2023"))[0].rows
    assert [[c for c in r.cells] for r in table.rows] == [
        ["1", "Kết nạp đảng viên mới", "đảng viên", rows[0].target.value, rows[0].actual, rows[0].achievement,
         "Vượt"]]
    assert (rows[0].target.value, rows[0].actual, rows[0].achievement) == (Decimal(4), Decimal(5), Decimal(125))


@pytest.mark.django_db
def test_the_member_annex_holds_this_period_last_year_and_the_ratio(scenario):
    doc = _build(scenario["tree"].bloc)
    table = next(t for t in doc.tables() if t.key == "annex.members")
    rows = {r.cells[0]: r.cells[1:] for r in table.rows}
    assert rows["Đảng viên đầu kỳ"] == [3, 0, None]
    assert rows["Kết nạp (kể cả kết nạp lại)"] == [5, 3, Decimal(500) / 3]
    assert rows["Đảng viên cuối kỳ"] == [8, 3, Decimal(800) / 3]
    assert [c.title for c in table.columns] == ["Nội dung", "Kỳ này", "Cùng kỳ năm trước", "So sánh (%)"]


@pytest.mark.django_db
def test_a_missed_target_names_the_units_behind(scenario):
    tree, program, inds = scenario["tree"], scenario["program"], scenario["inds"]
    from tests.support import target

    target(program, inds["KET_NAP"], 10)  # raise the bloc's target: 5 of 10
    target(program, inds["KET_NAP"], 6, organization=tree.committee_a)
    target(program, inds["KET_NAP"], 4, organization=tree.committee_b)
    doc = _build(tree.bloc)
    assert _text(doc, "targets.CTR-2023.behind.KET_NAP") == (
        "Chỉ tiêu “Kết nạp đảng viên mới” chưa đạt (50%). Đơn vị chưa đạt: Đảng bộ Sở Y tế (0%), "
        "Đảng bộ Sở Tài chính (83,3%).")  # the furthest behind first


@pytest.mark.django_db
def test_every_paragraph_has_a_unique_key_and_no_internal_code(scenario):
    doc = _build(scenario["tree"].bloc)
    keys = [p.key for p in doc.paragraphs()]
    assert len(keys) == len(set(keys))
    texts = " ".join(p.text for p in doc.paragraphs())
    assert "KET_NAP" not in texts and "CTR-2023" not in texts
    assert all(isinstance(p, Paragraph) for p in doc.paragraphs())


@pytest.mark.django_db
def test_a_half_year_and_a_mid_term_report(scenario):
    bloc = scenario["tree"].bloc
    half = _build(bloc, "2023H1", "half-year")
    assert half.subject == "công tác xây dựng Đảng 6 tháng đầu năm 2023,\nnhiệm vụ năm 2023"
    assert _text(half, "members.admissions").startswith("6 tháng đầu năm 2023, toàn Đảng bộ kết nạp 3 đảng viên")
    term = _build(bloc, "2020-2025", "mid-term")
    assert term.subject == ("sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội,\nnhiệm kỳ 2020 - 2025")
    assert _text(term, "members.admissions") == (
        "Từ đầu nhiệm kỳ 2020 - 2025 đến nay, toàn Đảng bộ kết nạp 8 đảng viên.")


@pytest.mark.django_db
def test_an_action_program_report_is_about_its_program(scenario):
    bloc, program = scenario["tree"].bloc, scenario["program"]
    doc = builder.build(actor=SYSTEM, request=builder.Request(bloc, "program", parse("2023"), plan=program))
    assert doc.subject == "kết quả thực hiện chương trình hành động năm 2023"
    assert [t.key for t in doc.tables()][0] == "targets.CTR-2023.table"


@pytest.mark.django_db
def test_the_directions_state_the_next_years_targets_as_a_writer_does(scenario):
    from dangvu.plans.models import Plan
    from tests.support import make_plan, target

    tree, inds = scenario["tree"], scenario["inds"]
    nxt = make_plan(tree.bloc, "CTR-2024", "2024", kind=Plan.Kind.ACTION_PROGRAM, title="Chương trình năm 2024")
    target(nxt, inds["KET_NAP"], 6)
    target(nxt, inds["XOA_TEN"], 0, comparator="lte")
    doc = _build(tree.bloc)
    assert [p.text for p in doc.paragraphs() if p.key.startswith("next.")] == [
        "Phấn đấu thực hiện các chỉ tiêu chủ yếu năm 2024:", "Kết nạp đảng viên mới: 6 đảng viên trở lên",
        "Xóa tên đảng viên: không quá 0 đảng viên"]
