"""A document with every kind of block, for the writers' tests (no database)."""

import datetime
from decimal import Decimal as D

from dangvu.core import charts
from dangvu.reports.document import (
    PERCENT,
    TEXT,
    Chart,
    Column,
    Document,
    Header,
    Margins,
    Paragraph,
    Row,
    Section,
    Signature,
    Table,
)


def sample_document(*, mode: str = "T/M", dated: bool = True, long: bool = False) -> Document:
    """`long`: the body repeated so that the report runs over several pages."""
    targets = Table(
        key="targets.table", title="Kết quả thực hiện các chỉ tiêu năm 2023",
        columns=[Column("TT", TEXT, width=0.6), Column("Chỉ tiêu", TEXT, width=4), Column("Đơn vị tính", TEXT),
                 Column("Chỉ tiêu giao"), Column("Thực hiện", decimals=1), Column("Tỷ lệ đạt (%)", PERCENT, 1)],
        rows=[Row(["1", "Kết nạp đảng viên mới", "đảng viên", 250, 283, D("113.2")]),
              Row(["2", "Tổng doanh thu của doanh nghiệp", "tỷ đồng", D("1200.5"), D("1234.5"), D("102.83")]),
              Row(["3", "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên", "%", 90, D("85.77"), D("95.3")]),
              Row(["", "Cộng", "", None, None, None], bold=True)],
        note="Nguồn: số liệu của dangvu ngày 17/01/2024.")
    movement = Table(
        key="annex.movement", title="Biểu 1. Tăng, giảm đảng viên",
        columns=[Column("Nội dung", TEXT, width=4), Column("Kỳ này"), Column("Cùng kỳ năm trước"),
                 Column("So sánh (%)", PERCENT, 1)],
        groups=[("", 1), ("Số đảng viên", 2), ("", 1)],
        rows=[Row(["Đầu kỳ", 9899, 9800, D("101.01")], bold=True),
              Row(["Kết nạp", 283, 271, D("104.43")], indent=1),
              Row(["Chuyển đến", 45, 50, D("90")], indent=1),
              Row(["Từ trần", 12, 9, D("133.33")], indent=1),
              Row(["Cuối kỳ", 10215, 9899, D("103.19")], bold=True)])
    chart = Chart(key="targets.chart", title="Tỷ lệ đạt các chỉ tiêu (%)",
                  spec=charts.Bars([("Kết nạp đảng viên mới", D("113.2")),
                                    ("Tổng doanh thu", D("102.83")),
                                    ("Tỷ lệ đảng viên HTT", D("95.3"))],
                                   reference=D(100), reference_label="100%", decimals=1, suffix="%"))
    trend = Chart(key="members.trend", title="Kết nạp đảng viên qua các năm",
                  spec=charts.Trend([("2021", D(240)), ("2022", D(271)), ("2023", D(283))], target=D(250)))
    body = [
        Paragraph("targets.tally", "Năm 2023, toàn Đảng bộ có 10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt "
                  "trên 60%.", figures={"tally.reached": "10/14"}),
        targets, chart,
    ]
    building = [
        Paragraph("members.admissions", "Năm 2023, toàn Đảng bộ kết nạp 283 đảng viên, đạt 113,2% so với Nghị "
                  "quyết; tăng 12 đảng viên so với năm 2022.", figures={"KET_NAP": "283", "KET_NAP.pct": "113,2%"}),
        Paragraph("members.list", "Đảng bộ có 10.215 đảng viên, trong đó 9.899 đảng viên chính thức; đủ các chữ "
                  "Việt: ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳỷỹỵ Đđ.", style="bullet"),
        trend,
        Paragraph("members.note", "Số liệu tính đến ngày 31/12/2023.", style="note"),
    ]
    sections = [
        Section("part1", "PHẦN THỨ NHẤT\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023", 1, [
            Section("targets", "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", 1, body),
            Section("building", "II. CÔNG TÁC XÂY DỰNG ĐẢNG", 1, [
                Section("building.members", "1. Công tác tổ chức, cán bộ, đảng viên", 2, building),
                Section("building.inspections", "2. Công tác kiểm tra, giám sát", 2, [
                    Section("building.inspections.a", "a) Kiểm tra", 3, [
                        Paragraph("inspections.done", "Kiểm tra 40 tổ chức đảng và 56 đảng viên; giám sát chuyên "
                                  "đề 45 tổ chức đảng và 33 đảng viên.")])])]),
        ]),
        Section("part2", "PHẦN THỨ HAI\nPHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024", 1, [
            Paragraph("next.targets", "Phấn đấu kết nạp 260 đảng viên mới.")]),
    ]
    if long:
        for n in range(12):
            sections[0].blocks.append(Section(f"extra{n}", f"{n + 3}. Nội dung bổ sung", 2, [
                Paragraph(f"extra{n}.p", "Các cấp ủy tiếp tục lãnh đạo, chỉ đạo thực hiện nghiêm túc các nghị quyết, "
                          "chỉ thị của Đảng; nâng cao chất lượng sinh hoạt chi bộ. " * 6)]))
    signature = Signature(mode=mode, body="BAN THƯỜNG VỤ", position="BÍ THƯ",
                          deputy_position={"K/T": "PHÓ BÍ THƯ", "T/L": "CHÁNH VĂN PHÒNG"}.get(mode, ""),
                          signer="Nguyễn Văn Được")
    return Document(
        header=Header(superior_body="ĐẢNG BỘ TỈNH KIÊN GIANG", issuing_body="ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH",
                      number="Số 12-BC/ĐU", place="Rạch Giá",
                      date=datetime.date(2024, 1, 17) if dated else None),
        kind="BÁO CÁO",
        subject="tổng kết công tác xây dựng Đảng năm 2023,\nphương hướng, nhiệm vụ năm 2024",
        sections=sections, signature=signature,
        recipients=["- Ban Thường vụ Tỉnh ủy (b/c),", "- Các tổ chức cơ sở đảng,", "- Lưu Văn phòng."],
        annexes=[Section("annex1", "PHỤ LỤC\nSỐ LIỆU THỐNG KÊ NĂM 2023", 1, [movement])],
        margins=Margins(20, 20, 30, 15), title="Báo cáo tổng kết năm 2023")
