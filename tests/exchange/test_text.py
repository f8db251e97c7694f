"""The text reader (exchange.text): every Vietnamese number form, qualifier and phrasing the
issue names, sentence splitting, and Hypothesis: no text makes it crash, every quote is a
substring of the text."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangvu.exchange.text import KEYS, extract, parse_number, split_sentences

D = Decimal


def one(text: str) -> dict:
    figures = [f.as_dict() for f in extract(text)]
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize("written, value", [
    ("9.899", D(9899)), ("113,2", D("113.2")), ("1.234,5", D("1234.5")), ("2,02", D("2.02")),
    ("1.966", D(1966)), ("76,3", D("76.3")), ("10.6", D("10.6")), ("1.234.567", D(1234567)),
])
def test_numbers_the_vietnamese_way(written, value):
    assert parse_number(written) == value


def test_thousands_with_dots_and_an_amount():
    f = one("Tổng doanh thu của các doanh nghiệp trong khối đạt trên 9.899 tỷ đồng.")
    assert f == {
        "quote": "Tổng doanh thu của các doanh nghiệp trong khối đạt trên 9.899 tỷ đồng",
        "subject": "tổng doanh thu của các doanh nghiệp trong khối", "value": 9899, "unit": "tỷ đồng",
        "target": None, "percent_of_target": None, "qualifier": "trên", "period": None, "organization": None,
    }


def test_decimal_comma_and_percent_of_resolution():
    f = one("Năm 2023, Đảng bộ Khối quyết định kết nạp 283 đảng viên, đạt 113,2 % so Nghị quyết.")
    assert (f["value"], f["unit"], f["percent_of_target"], f["subject"], f["period"], f["organization"]) == (
        283, "đảng viên", 113.2, "quyết định kết nạp đảng viên", "năm 2023", "Đảng bộ Khối")
    assert f["quote"] == "quyết định kết nạp 283 đảng viên, đạt 113,2 %"


def test_value_over_target():
    f = one("Năm 2021, toàn Đảng bộ kết nạp được 243/240 đảng viên (đạt 101,25% so với chỉ tiêu đề ra).")
    assert (f["value"], f["target"], f["percent_of_target"], f["unit"], f["subject"], f["organization"]) == (
        243, 240, 101.25, "đảng viên", "kết nạp đảng viên", "toàn Đảng bộ")


def test_indicators_over_indicators():
    # how far each indicator went belongs to what is counted, not to the count's own target
    f = one("Kết quả nhiệm kỳ đến nay có 10/14 chỉ tiêu đạt 100% trở lên.")
    assert (f["value"], f["target"], f["unit"], f["percent_of_target"], f["subject"], f["quote"]) == (
        10, 14, "chỉ tiêu", None, "chỉ tiêu đạt 100% trở lên", "10/14 chỉ tiêu đạt 100% trở lên")


def test_tasks_with_thousands():
    f = one("Các chi bộ đã thực hiện hoàn thành toàn bộ 1.966 nhiệm vụ trọng tâm năm 2023.")
    assert (f["value"], f["unit"], f["subject"], f["period"]) == (
        1966, "nhiệm vụ", "thực hiện hoàn thành nhiệm vụ trọng tâm", "năm 2023")


@pytest.mark.parametrize("text, value, unit", [
    ("Nộp bảo hiểm xã hội đạt 60,8 tỷ đồng.", 60.8, "tỷ đồng"),
    ("Tổng thu ngân sách nhà nước đạt 2,02 triệu tỷ đồng.", 2.02, "triệu tỷ đồng"),
    ("Thu nhập bình quân của người lao động đạt 10,6 triệu đồng/tháng.", 10.6, "triệu đồng/tháng"),
    ("Tỷ lệ đảng viên được học tập nghị quyết đạt 76,3 %.", 76.3, "%"),
])
def test_amounts_and_percents(text, value, unit):
    f = one(text)
    assert (f["value"], f["unit"], f["percent_of_target"]) == (value, unit, None)


@pytest.mark.parametrize("words, qualifier", [
    ("trên", "trên"), ("gần", "gần"), ("hơn", "hơn"), ("khoảng", "khoảng"), ("ít nhất", "ít nhất"),
])
def test_qualifiers(words, qualifier):
    f = one(f"Trong năm, các cấp ủy kết nạp được {words} 1.600 đảng viên.")
    assert (f["value"], f["qualifier"], f["quote"]) == (1600, qualifier, f"kết nạp được {words} 1.600 đảng viên")


def test_qualifier_from_to_and_above():
    f = one("Có từ 90% trở lên đảng viên được học tập nghị quyết.")
    assert (f["value"], f["unit"], f["qualifier"]) == (90, "%", "từ ... trở lên")


@pytest.mark.parametrize("verb", ["đạt", "vượt"])
def test_qualifier_reached_and_beyond(verb):
    f = one(f"Nộp ngân sách {verb} 870 tỷ đồng.")
    assert (f["value"], f["qualifier"]) == (870, verb)


def test_beyond_twenty_percent_is_120_percent_of_target():
    f = one("Toàn Đảng bộ kết nạp 1.250 đảng viên, vượt 20% chỉ tiêu.")
    assert (f["value"], f["percent_of_target"], f["quote"]) == (
        1250, 120, "kết nạp 1.250 đảng viên, vượt 20%")
    alone = one("Chỉ tiêu kết nạp đảng viên vượt 20% chỉ tiêu.")
    assert (alone["value"], alone["unit"], alone["percent_of_target"], alone["qualifier"]) == (120, "%", 120, "vượt")


def test_beyond_nearly_six_percent():
    f = one("Trong năm, toàn tỉnh kết nạp được trên 1.600 đảng viên, vượt gần 6% so với chỉ tiêu Nghị quyết năm.")
    assert (f["value"], f["qualifier"], f["percent_of_target"], f["organization"]) == (1600, "trên", 106, "toàn tỉnh")


def test_a_share_is_not_an_achievement():
    figures = [f.as_dict() for f in extract(
        "Có 45/50 tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ, chiếm 90%.")]
    assert [(f["value"], f["unit"], f["target"], f["percent_of_target"]) for f in figures] == [
        (45, "tổ chức cơ sở đảng", 50, None), (90, "%", None, None)]
    share = one("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ chiếm 87,97%.")
    assert (share["value"], share["percent_of_target"], share["subject"]) == (
        87.97, None, "tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ")


def test_achievement_with_its_subject_in_the_clause_before():
    f = one("Trong đó chỉ tiêu kết nạp đảng viên mới, đạt 80%.")
    assert (f["value"], f["unit"], f["percent_of_target"], f["subject"]) == (80, "%", 80, "kết nạp đảng viên mới")


def test_a_rate_is_not_an_achievement():
    figures = [f.as_dict() for f in extract("Tốc độ tăng trưởng kinh tế đạt 7,5%, tăng 1,2% so với cùng kỳ.")]
    assert [(f["value"], f["percent_of_target"], f["subject"]) for f in figures] == [
        (7.5, None, "tốc độ tăng trưởng kinh tế"), (1.2, None, "tốc độ tăng trưởng kinh tế tăng")]


def test_percent_of_plan_after_an_amount():
    f = one("Nộp bảo hiểm xã hội đạt trên 60,8 tỷ đồng, bằng 135% kế hoạch.")
    assert (f["value"], f["qualifier"], f["percent_of_target"]) == (60.8, "trên", 135)


def test_a_goal_has_its_value_as_target():
    f = one("Năm 2022, Đảng ủy phấn đấu kết nạp 350 quần chúng ưu tú vào Đảng.")
    assert (f["value"], f["target"], f["period"], f["subject"]) == (
        350, 350, "năm 2022", "phấn đấu kết nạp quần chúng ưu tú vào Đảng")


def test_figures_sharing_a_verb_and_a_breakdown_sharing_a_unit():
    figures = [f.as_dict() for f in extract(
        "Ủy ban Kiểm tra đã kiểm tra 40 tổ chức đảng và 56 đảng viên; thi hành kỷ luật 12 đảng viên, "
        "trong đó khiển trách 8, cảnh cáo 3.")]
    assert [(f["value"], f["unit"], f["subject"]) for f in figures] == [
        (40, "tổ chức đảng", "kiểm tra tổ chức đảng"), (56, "đảng viên", "kiểm tra đảng viên"),
        (12, "đảng viên", "thi hành kỷ luật đảng viên"), (8, "đảng viên", "khiển trách"),
        (3, "đảng viên", "cảnh cáo")]


@pytest.mark.parametrize("text", [
    "Sáng ngày 18/1, Ban Thường vụ tổ chức hội nghị lần thứ 7.",
    "Cập nhật ngày: 18/01/2022 12:35:11 theo Chương trình hành động số 135-CTr/TU của Tỉnh ủy.",
    "Trao giấy khen cho các chi bộ tiêu biểu 5 năm liền (2017 - 2021), nhiệm kỳ 2020 - 2025.",
    "Đảng viên dưới 30 tuổi được học tập Nghị quyết số 12 của Trung ương.",
    "Số lần đọc: 4982",
])
def test_dates_years_ordinals_codes_durations_are_not_figures(text):
    assert extract(text) == []


def test_a_figure_stated_twice_is_listed_once():
    text = ("Ngành thực hiện hoàn thành 29/29 chỉ tiêu\n\n"
            "Năm 2023, ngành đã tham mưu triển khai thực hiện hoàn thành 29/29 chỉ tiêu.")
    f = one(text)
    assert (f["value"], f["target"]) == (29, 29)


def test_sentences_do_not_break_inside_numbers_or_after_abbreviations():
    text = "Doanh thu đạt 9.899 tỷ đồng. TP. Hồ Chí Minh kết nạp 5.000 đảng viên! Th.S Nguyễn A. B. dự.\nDòng mới"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Doanh thu đạt 9.899 tỷ đồng.", "TP. Hồ Chí Minh kết nạp 5.000 đảng viên!",
        "Th.S Nguyễn A. B. dự.", "Dòng mới"]


def test_keys_are_exactly_the_issues():
    assert list(one("Kết nạp 50 đảng viên.")) == list(KEYS) == [
        "quote", "subject", "value", "unit", "target", "percent_of_target", "qualifier", "period", "organization"]


def test_quotes_are_cut_from_text_not_in_nfc():
    import unicodedata

    text = unicodedata.normalize("NFD", "Năm 2023, Đảng bộ kết nạp 283 đảng viên, đạt 113,2% so Nghị quyết.")
    f = one(text)
    assert f["quote"] in text
    assert unicodedata.normalize("NFC", f["quote"]) == "kết nạp 283 đảng viên, đạt 113,2%"
    assert (f["value"], f["percent_of_target"]) == (283, 113.2)


VIETNAMESE = st.sampled_from([
    "kết nạp", "đảng viên", "đạt", "vượt", "trên", "gần", "chiếm", "%", " ", ",", ".", ";", "(", ")", "/",
    "9.899", "113,2", "243/240", "tỷ đồng", "triệu", "năm 2023", "chỉ tiêu", "từ", "trở lên", "\n", "TP.",
    "Đảng bộ", "toàn tỉnh", "số", "18/1", "12:35", "-", "“", "phấn đấu", "so với", "kế hoạch", "̀", "\u200b",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(VIETNAMESE, max_size=60).map("".join),
                 st.lists(st.one_of(VIETNAMESE, st.text(max_size=5)), max_size=40).map(" ".join)))
def test_never_crashes_and_quotes_are_substrings(text):
    for figure in extract(text):
        d = figure.as_dict()
        assert list(d) == list(KEYS)
        assert d["quote"] and d["quote"] in text
        assert text[figure.start:figure.end] == d["quote"]
        assert isinstance(d["value"], int | float)


def test_a_rate_named_after_a_count_is_a_share_of_it():
    figures = [f.as_dict() for f in extract(
        "Có 41/45 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, tỷ lệ 91,1%.")]
    assert [(f["value"], f["unit"], f["target"], f["percent_of_target"], f["subject"]) for f in figures] == [
        (41, "tổ chức cơ sở đảng", 45, None, "tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ"),
        (91.1, "%", None, None, "tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ")]


def test_an_amount_per_person_per_year():
    f = one("Thu nhập bình quân đầu người ước đạt khoảng 65 triệu đồng/người/năm.")
    assert (f["value"], f["unit"], f["qualifier"], f["subject"]) == (
        65, "triệu đồng/người/năm", "khoảng", "thu nhập bình quân đầu người")


def test_a_verb_is_not_shared_across_a_semicolon_by_another_kind_of_count():
    figures = [f.as_dict() for f in extract(
        "Năm 2024 phấn đấu kết nạp 300 đảng viên; 100% chi bộ sinh hoạt chuyên đề.")]
    assert [(f["value"], f["subject"], f["target"]) for f in figures] == [
        (300, "phấn đấu kết nạp đảng viên", 300), (100, "chi bộ sinh hoạt chuyên đề", 100)]
