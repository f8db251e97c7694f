"""Word lists for the demo data: people's names, places, units and cells.

Everything here is plain data; `generator.py` draws from it with a seeded random
generator. The province "Hòa Giang" and the other provinces of the country scale are
fictional; hometowns and outside units use real province names.
"""

from __future__ import annotations

# --- People -------------------------------------------------------------------------

# Family names with their rough share (per cent) in the south of Viet Nam.
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 36.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 6.0), ("Huỳnh", 4.5),
    ("Hoàng", 1.5), ("Phan", 4.5), ("Võ", 4.0), ("Vũ", 1.2), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.4), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.8), ("Trương", 1.0),
    ("Đinh", 0.7), ("Lâm", 0.8), ("Mai", 0.6), ("Cao", 0.5), ("Lưu", 0.4), ("Tạ", 0.3),
    ("Châu", 0.5), ("Đoàn", 0.6), ("Lương", 0.4), ("Tô", 0.3), ("Thái", 0.3), ("Hà", 0.4),
    ("Trịnh", 0.4), ("Quách", 0.2), ("Kiều", 0.1), ("La", 0.2), ("Diệp", 0.1), ("Văn", 0.1),
]

MIDDLE_MALE: list[tuple[str, float]] = [
    ("Văn", 34), ("Hữu", 6), ("Đức", 5), ("Minh", 8), ("Quốc", 6), ("Thành", 5),
    ("Công", 4), ("Hoàng", 4), ("Ngọc", 3), ("Thanh", 5), ("Trung", 3), ("Anh", 2),
    ("Tấn", 4), ("Phước", 2), ("Chí", 2), ("Duy", 2), ("Quang", 3), ("Xuân", 2),
    ("Trọng", 2), ("Hoài", 1), ("Nhật", 2), ("Bảo", 1), ("Gia", 1), ("Thế", 2), ("Kim", 1),
]
MIDDLE_FEMALE: list[tuple[str, float]] = [
    ("Thị", 40), ("Ngọc", 9), ("Thu", 5), ("Kim", 5), ("Thanh", 5), ("Hồng", 4),
    ("Mỹ", 4), ("Thúy", 3), ("Bích", 2), ("Phương", 3), ("Minh", 2), ("Diễm", 1),
    ("Hoài", 1), ("Tuyết", 2), ("Thảo", 1), ("Thị Ngọc", 4), ("Thị Thu", 3),
    ("Thị Kim", 2), ("Thị Thanh", 2), ("Thị Mỹ", 1), ("Ngọc Bảo", 1), ("Huỳnh", 1),
]
GIVEN_MALE = [
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Sơn", "Thắng", "Long", "Phong", "Hòa",
    "Bình", "Cường", "Thành", "Trung", "Quang", "Hiếu", "Khoa", "Tâm", "Tài", "Lộc", "Phúc",
    "Nghĩa", "Toàn", "Vinh", "Hưng", "Đạt", "Khánh", "Tín", "Trí", "Duy", "Phát", "Thịnh",
    "Hậu", "Nhân", "Tùng", "Lâm", "Kiên", "Việt", "Huy", "Hoàng", "Thanh", "Tú", "Tiến",
    "Đức", "An", "Sang", "Tân", "Thuận", "Lợi", "Quân", "Vũ", "Bảo", "Khang", "Hào", "Thái",
    "Phương", "Công", "Dương", "Hiển", "Được", "Nguyên", "Triều", "Luân", "Thiện", "Quý",
    "Danh", "Chiến", "Hoan", "Định", "Trường", "Hạnh", "Nhựt", "Tuấn Anh", "Minh Tâm",
]
GIVEN_FEMALE = [
    "Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Thảo", "Hà", "Nga", "Hằng", "Hạnh",
    "Ngọc", "Thu", "Loan", "Phượng", "Yến", "Tuyết", "Nhung", "Huyền", "Vân", "Oanh", "Liên",
    "Diễm", "Trinh", "Thủy", "Hồng", "Quyên", "Uyên", "Nhi", "Vy", "Ánh", "Hiền", "My",
    "Xuân", "Dung", "Thoa", "Thanh", "Tâm", "Lệ", "Kiều", "Ngân", "Trâm", "Phương", "Thúy",
    "Duyên", "Giang", "Châu", "Nhàn", "Lài", "Cúc", "Đào", "Sen", "Thắm", "Nguyệt", "Hậu",
    "Tiên", "Quỳnh", "Anh", "Bích", "Vàng", "Diệu", "Trúc", "Mỹ Linh", "Thùy Dung",
]

# Khmer names as they are written in Vietnamese records.
KHMER_FAMILY: list[tuple[str, float]] = [
    ("Thạch", 30), ("Danh", 20), ("Sơn", 15), ("Kim", 10), ("Lâm", 8), ("Chau", 6),
    ("Lý", 5), ("Trần", 3), ("Huỳnh", 3),
]
KHMER_GIVEN_MALE = [
    "Sóc", "Phol", "Sa Rinh", "Sô Phanh", "Sa Ra", "Chanh", "Dên", "Đen", "Ni", "Phước",
    "Sang", "Hùng", "Sơn", "Thươl", "Pha", "Rô", "Kha", "Sóc Khên", "Chăm Rơn",
]
KHMER_GIVEN_FEMALE = [
    "Sa Rết", "Sa Ranh", "Sóc Khê", "Thi", "Sô Phia", "Mây", "Ni", "Dân", "Sa Ly", "Phi",
    "Kim Sa", "Chanh Thi", "Sóc Thi", "Ly", "Hên", "Thươl",
]
# Family names frequent among the Hoa.
HOA_FAMILY: list[tuple[str, float]] = [
    ("Lâm", 15), ("Quách", 10), ("Tăng", 8), ("Lưu", 8), ("Mã", 6), ("Trương", 10),
    ("Hứa", 6), ("Diệp", 5), ("Lý", 10), ("Châu", 8), ("Trần", 8), ("Huỳnh", 6),
]

ETHNICITIES: list[tuple[str, float]] = [
    ("Kinh", 91.0), ("Khmer", 6.0), ("Hoa", 2.3), ("Chăm", 0.3), ("Tày", 0.2), ("Mường", 0.2),
]
# Religion by ethnicity: the Khmer are mostly Theravada Buddhists.
RELIGIONS: dict[str, list[tuple[str, float]]] = {
    "Kinh": [("Không", 86.0), ("Phật giáo", 9.0), ("Công giáo", 3.5), ("Cao Đài", 0.8),
             ("Phật giáo Hòa Hảo", 0.7)],
    "Khmer": [("Phật giáo", 70.0), ("Không", 30.0)],
    "Hoa": [("Không", 65.0), ("Phật giáo", 30.0), ("Công giáo", 5.0)],
    "Chăm": [("Hồi giáo", 50.0), ("Không", 50.0)],
}

PROFESSIONS: dict[str, list[str]] = {
    "agency": [
        "Chuyên viên", "Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Chuyên viên chính",
        "Chuyên viên cao cấp", "Cán sự", "Thanh tra viên", "Kế toán viên", "Văn thư",
        "Lưu trữ viên", "Kiểm soát viên", "Kỹ sư", "Lái xe",
    ],
    "enterprise": [
        "Kỹ sư", "Kỹ sư", "Kế toán", "Công nhân", "Công nhân", "Công nhân kỹ thuật",
        "Nhân viên kinh doanh", "Kỹ thuật viên", "Giao dịch viên", "Chuyên viên", "Lái xe",
        "Quản đốc", "Cán bộ tín dụng", "Thủ quỹ",
    ],
    "public_service": [
        "Giáo viên", "Giảng viên", "Bác sĩ", "Bác sĩ", "Điều dưỡng", "Điều dưỡng", "Dược sĩ",
        "Kỹ thuật viên", "Phóng viên", "Biên tập viên", "Viên chức", "Nữ hộ sinh", "Y sĩ",
        "Thủ thư", "Kế toán",
    ],
    "police": ["Sĩ quan Công an", "Sĩ quan Công an", "Hạ sĩ quan Công an", "Cán bộ Công an"],
    "commune": [
        "Nông dân", "Nông dân", "Nông dân", "Công chức", "Cán bộ xã", "Giáo viên", "Buôn bán",
        "Công nhân", "Làm vườn", "Nuôi trồng thủy sản", "Y sĩ", "Tiểu thương", "Lao động tự do",
    ],
    "retiree": ["Hưu trí"],
    "student": ["Sinh viên", "Học sinh"],
}

# --- Places ---------------------------------------------------------------------------

# Syllables for commune, ward and hamlet names; combined they read like real place names.
PLACE_FIRST = [
    "An", "Bình", "Tân", "Phú", "Long", "Vĩnh", "Mỹ", "Hòa", "Thạnh", "Phước", "Đông",
    "Tây", "Hưng", "Thới", "Thuận", "Lộc", "Khánh", "Định", "Hiệp", "Trung", "Xuân", "Thạch",
    "Ninh", "Nhơn", "Hậu", "Quới", "Tường", "Vân", "Kim", "Ngọc",
]
PLACE_SECOND = [
    "An", "Bình", "Hòa", "Phú", "Lợi", "Thạnh", "Hưng", "Hiệp", "Lộc", "Thuận", "Phước",
    "Long", "Điền", "Đông", "Tây", "Mỹ", "Khánh", "Trung", "Sơn", "Hải", "Thành", "Quới",
    "Hội", "Lạc", "Nghĩa", "Tiến", "Xuyên", "Lâm", "Hà", "Yên",
]
HAMLET_WORDS = [
    "Tân Lợi", "Mỹ Phú", "Phú Hòa", "Bình Thạnh", "Long Hưng", "Thạnh Lộc", "Đông An",
    "Tây Sơn", "Hòa Bình", "Vĩnh Phước", "Xẻo Đước", "Rạch Sỏi", "Kênh Xáng", "Cầu Đúc",
    "Bờ Dừa", "Vàm Răng", "Thới Thạnh", "An Hòa", "Hiệp Hưng", "Phước Lợi", "Sóc Xoài",
    "Giồng Kè", "Cây Gòn", "Bà Lài", "Ngã Ba", "Lung Lớn", "Bãi Bồn", "Cái Đôi",
]

# The 34 provinces and cities since 1 July 2025: for hometowns and outside units.
REAL_PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên",
    "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng",
    "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Thành phố Hồ Chí Minh",
    "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
# Provinces members most often come from, in the south (weighted in hometowns).
NEAR_PROVINCES = ["Cần Thơ", "An Giang", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "Thành phố Hồ Chí Minh"]

# Fictional provinces of the country scale: (name, code). The first is Hòa Giang.
PROVINCES: list[tuple[str, str]] = [
    ("Hòa Giang", "HG"), ("An Sơn", "AS"), ("Bình Lâm", "BL"), ("Đông Hải", "DH"),
    ("Vĩnh Phước", "VP"), ("Tân Lĩnh", "TL"), ("Phú Thạnh", "PT"), ("Long Châu", "LC"),
    ("Thạch Sơn", "TS"), ("Ngọc Lâm", "NL"), ("Hải Đăng", "HD"), ("Bắc Lĩnh", "BLI"),
    ("Kim Sơn", "KS"), ("Mỹ Giang", "MG"), ("Quảng Hà", "QH"), ("Sơn Nguyên", "SN"),
    ("Trường Giang", "TG"), ("Cao Lâm", "CL"), ("Đồng Xuân", "DX"), ("Hà Lâm", "HL"),
    ("Lạc Sơn", "LS"), ("Minh Lâm", "ML"), ("Nam Giang", "NG"), ("Phong Điền", "PD"),
    ("Quế Lâm", "QL"), ("Thanh Hải", "TH"), ("Thuận Giang", "THG"), ("Trà Sơn", "TRS"),
    ("Văn Lâm", "VL"), ("Xuân Giang", "XG"), ("Yên Sơn", "YS"), ("Hưng Lâm", "HLA"),
    ("Khánh Giang", "KHG"), ("Ninh Hòa", "NH"),
]

# Units outside the tree, for transfers in and out. {p} is a real province, {c} a commune.
OUTSIDE_UNITS_IN = [
    "Đảng bộ xã {c}, tỉnh {p}",
    "Đảng bộ phường {c}, {p}",
    "Đảng bộ Quân sự tỉnh {p}",
    "Đảng bộ Trường Đại học Cần Thơ",
    "Đảng bộ Trường Đại học Sư phạm Thành phố Hồ Chí Minh",
    "Đảng bộ Học viện Chính trị khu vực IV",
    "Đảng bộ Công an tỉnh {p}",
    "Đảng bộ Sở Y tế tỉnh {p}",
    "Đảng bộ Trường Đại học An Giang",
    "Đảng bộ Bộ Chỉ huy Bộ đội Biên phòng tỉnh {p}",
]
OUTSIDE_UNITS_OUT = [
    "Đảng bộ phường {c}, {p} (nơi cư trú)",
    "Đảng bộ xã {c}, tỉnh {p} (nơi cư trú)",
    "Đảng bộ Sở Tài chính tỉnh {p}",
    "Đảng bộ Công ty Điện lực {p}",
    "Đảng bộ Bệnh viện Đa khoa Trung ương Cần Thơ",
    "Đảng bộ Cục Thuế tỉnh {p}",
]

# --- The bloc of agencies and enterprises ----------------------------------------------

# Generic cell names by sector, used after a unit's own list is exhausted.
# {place} is filled with a place name of the province.
GENERIC_CELLS: dict[str, list[str]] = {
    "agency": [
        "Văn phòng", "Thanh tra", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ",
        "Phòng Pháp chế", "Phòng Tổng hợp", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2",
        "Trung tâm Thông tin", "Phòng Hành chính - Quản trị", "Chi cục khu vực {place}",
        "Trung tâm Dịch vụ {place}",
    ],
    "enterprise": [
        "Văn phòng Công ty", "Phòng Tài chính - Kế toán", "Phòng Kế hoạch - Kinh doanh",
        "Phòng Kỹ thuật", "Phòng Tổ chức - Hành chính", "Đội Thi công số 1", "Đội Thi công số 2",
        "Phân xưởng Sản xuất", "Xí nghiệp {place}", "Chi nhánh {place}", "Cửa hàng {place}",
        "Phòng Vật tư - Thiết bị",
    ],
    "public_service": [
        "Phòng Tổ chức - Hành chính", "Phòng Kế hoạch - Tài chính", "Phòng Nghiệp vụ",
        "Phòng Đào tạo", "Khoa Khoa học cơ bản", "Phòng Quản trị - Thiết bị",
        "Trung tâm Dịch vụ {place}", "Cơ sở {place}", "Phòng Công tác học sinh - sinh viên",
        "Phòng Khảo thí và Đảm bảo chất lượng",
    ],
}

# (name, kind, sector, number of cells, own cell names, sub-committees, size weight, flags)
# kind: "C" grassroots committee, "G" grassroots cell. A sub-committee is
# (name, number of cells, own cell names). Flags: "absorbs", "merged", "retirees".
KHOI_UNITS: list[tuple] = [
    # Agencies
    ("Sở Tài chính", "C", "agency", 7, [
        "Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư",
        "Phòng Quản lý giá và công sản", "Phòng Tài chính doanh nghiệp",
        "Phòng Tin học và Thống kê"], [], 1.0, "absorbs"),
    ("Sở Kế hoạch và Đầu tư", "C", "agency", 6, [
        "Văn phòng - Thanh tra Sở Kế hoạch và Đầu tư", "Phòng Đăng ký kinh doanh",
        "Phòng Tổng hợp - Quy hoạch", "Phòng Kinh tế ngành",
        "Phòng Doanh nghiệp, kinh tế tập thể và tư nhân",
        "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp"], [], 0.9, "merged"),
    ("Sở Nội vụ", "C", "agency", 7, [
        "Văn phòng Sở", "Thanh tra Sở", "Phòng Tổ chức - Biên chế", "Phòng Xây dựng chính quyền",
        "Ban Thi đua - Khen thưởng", "Ban Tôn giáo", "Chi cục Văn thư - Lưu trữ"], [], 0.9, ""),
    ("Sở Công Thương", "C", "agency", 6, [
        "Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại",
        "Phòng Quản lý năng lượng", "Trung tâm Khuyến công và Xúc tiến thương mại"], [], 0.9, ""),
    ("Sở Nông nghiệp và Phát triển nông thôn", "C", "agency", 8, [
        "Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính",
        "Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Chăn nuôi và Thú y", "Chi cục Thủy sản",
        "Trung tâm Khuyến nông", "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn",
        "Cán bộ hưu trí"],
     [("Chi cục Kiểm lâm", 4, ["Văn phòng Chi cục Kiểm lâm", "Hạt Kiểm lâm {place}",
                                "Hạt Kiểm lâm {place}", "Đội Kiểm lâm cơ động"])], 1.6, "retirees"),
    ("Sở Tài nguyên và Môi trường", "C", "agency", 6, [
        "Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý đất đai", "Chi cục Bảo vệ môi trường",
        "Trung tâm Quan trắc tài nguyên và môi trường", "Trung tâm Phát triển quỹ đất"],
     [("Văn phòng Đăng ký đất đai", 4, ["Văn phòng Đăng ký đất đai tỉnh",
                                          "Chi nhánh Văn phòng Đăng ký đất đai {place}",
                                          "Chi nhánh Văn phòng Đăng ký đất đai {place}",
                                          "Chi nhánh Văn phòng Đăng ký đất đai {place}"])], 1.3, ""),
    ("Sở Xây dựng", "C", "agency", 7, [
        "Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý quy hoạch - kiến trúc",
        "Phòng Quản lý nhà và thị trường bất động sản", "Phòng Kinh tế và Vật liệu xây dựng",
        "Trung tâm Kiểm định chất lượng xây dựng"], [], 0.9, ""),
    ("Sở Giao thông vận tải", "C", "agency", 7, [
        "Văn phòng Sở", "Thanh tra giao thông", "Phòng Quản lý vận tải", "Phòng Kế hoạch - Tài chính",
        "Ban Quản lý bảo trì công trình giao thông", "Trung tâm Đăng kiểm xe cơ giới",
        "Cảng vụ đường thủy nội địa"], [], 1.0, ""),
    ("Sở Giáo dục và Đào tạo", "C", "agency", 7, [
        "Văn phòng Sở", "Phòng Giáo dục phổ thông", "Phòng Tổ chức cán bộ",
        "Phòng Khảo thí và Kiểm định chất lượng", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính"],
     [], 0.9, ""),
    ("Sở Y tế", "C", "agency", 7, [
        "Văn phòng Sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Thanh tra Sở",
        "Chi cục Dân số - Kế hoạch hóa gia đình", "Chi cục An toàn vệ sinh thực phẩm",
        "Trung tâm Giám định y khoa"], [], 0.9, ""),
    ("Sở Lao động - Thương binh và Xã hội", "C", "agency", 7, [
        "Văn phòng Sở", "Phòng Người có công", "Phòng Bảo trợ xã hội", "Thanh tra Sở",
        "Trung tâm Dịch vụ việc làm", "Cơ sở Cai nghiện ma túy", "Trung tâm Công tác xã hội"],
     [], 1.0, ""),
    ("Sở Văn hóa, Thể thao và Du lịch", "C", "agency", 8, [
        "Văn phòng Sở", "Phòng Quản lý văn hóa", "Phòng Quản lý du lịch", "Thư viện tỉnh",
        "Bảo tàng tỉnh", "Trung tâm Văn hóa - Nghệ thuật", "Trung tâm Huấn luyện và Thi đấu thể thao",
        "Đoàn Nghệ thuật Khmer"], [], 1.1, ""),
    ("Sở Khoa học và Công nghệ", "C", "agency", 4, [
        "Văn phòng Sở", "Phòng Quản lý khoa học", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"], [], 0.7, ""),
    ("Sở Thông tin và Truyền thông", "C", "agency", 4, [
        "Văn phòng Sở", "Phòng Thông tin - Báo chí - Xuất bản", "Phòng Bưu chính - Viễn thông",
        "Trung tâm Công nghệ thông tin và Truyền thông"], [], 0.7, ""),
    ("Văn phòng Ủy ban nhân dân tỉnh", "C", "agency", 8, [
        "Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo - Văn xã", "Phòng Nội chính",
        "Phòng Hành chính - Tổ chức", "Phòng Quản trị - Tài vụ",
        "Trung tâm Phục vụ hành chính công", "Cổng Thông tin điện tử"], [], 1.0, ""),
    ("Cục Thuế tỉnh Hòa Giang", "C", "agency", 5, [
        "Văn phòng Cục", "Phòng Kiểm tra thuế", "Phòng Thanh tra thuế", "Phòng Quản lý nợ",
        "Phòng Tuyên truyền - Hỗ trợ người nộp thuế", "Cán bộ hưu trí"],
     [("Chi cục Thuế khu vực I", 4, ["Đội Kiểm tra thuế", "Đội Hành chính - Nhân sự - Tài vụ",
                                      "Đội Quản lý thuế {place}", "Đội Quản lý nợ"]),
      ("Chi cục Thuế khu vực II", 4, ["Đội Kiểm tra thuế", "Đội Hành chính - Nhân sự - Tài vụ",
                                       "Đội Quản lý thuế {place}", "Đội Quản lý nợ"])], 1.7, "retirees"),
    ("Kho bạc Nhà nước tỉnh Hòa Giang", "C", "agency", 7, [
        "Văn phòng", "Phòng Kế toán Nhà nước", "Phòng Kiểm soát chi", "Phòng Thanh tra - Kiểm tra",
        "Kho bạc Nhà nước khu vực {place}", "Kho bạc Nhà nước khu vực {place}",
        "Kho bạc Nhà nước khu vực {place}"], [], 1.0, ""),
    ("Bảo hiểm xã hội tỉnh Hòa Giang", "C", "agency", 7, [
        "Văn phòng", "Phòng Quản lý thu", "Phòng Chế độ bảo hiểm xã hội",
        "Phòng Giám định bảo hiểm y tế", "Bảo hiểm xã hội khu vực {place}",
        "Bảo hiểm xã hội khu vực {place}", "Bảo hiểm xã hội khu vực {place}"], [], 1.0, ""),
    ("Ngân hàng Nhà nước chi nhánh tỉnh Hòa Giang", "C", "agency", 4, [
        "Văn phòng", "Phòng Thanh tra, giám sát ngân hàng", "Phòng Kế toán - Thanh toán",
        "Phòng Tiền tệ - Kho quỹ và Hành chính"], [], 0.6, ""),
    # Enterprises
    ("Công ty Điện lực Hòa Giang", "C", "enterprise", 9, [
        "Văn phòng Công ty", "Phòng Kỹ thuật", "Phòng Kinh doanh", "Phòng Tài chính - Kế toán",
        "Điện lực {place}", "Điện lực {place}", "Điện lực {place}", "Điện lực {place}",
        "Đội Quản lý vận hành lưới điện cao thế", "Cán bộ hưu trí"], [], 1.9, "retirees"),
    ("Công ty Cổ phần Cấp thoát nước Hòa Giang", "C", "enterprise", 7, [
        "Văn phòng Công ty", "Phòng Kế hoạch - Kỹ thuật", "Nhà máy nước {place}",
        "Nhà máy nước {place}", "Nhà máy nước {place}", "Xí nghiệp Thoát nước đô thị",
        "Chi nhánh cấp nước {place}"], [], 1.0, ""),
    ("Viễn thông Hòa Giang", "C", "enterprise", 7, [
        "Văn phòng", "Phòng Kỹ thuật - Đầu tư", "Trung tâm Điều hành thông tin",
        "Trung tâm Viễn thông {place}", "Trung tâm Viễn thông {place}", "Trung tâm Viễn thông {place}"],
     [], 0.9, ""),
    ("Bưu điện tỉnh Hòa Giang", "C", "enterprise", 6, [
        "Văn phòng", "Bưu điện Trung tâm", "Bưu điện {place}", "Bưu điện {place}",
        "Trung tâm Khai thác vận chuyển"], [], 0.8, ""),
    ("Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh Hòa Giang", "C", "enterprise", 8, [
        "Văn phòng", "Phòng Kế hoạch - Nguồn vốn", "Phòng Khách hàng", "Phòng Kế toán - Ngân quỹ",
        "Chi nhánh {place}", "Chi nhánh {place}", "Chi nhánh {place}", "Chi nhánh {place}"],
     [], 1.3, ""),
    ("Ngân hàng Chính sách xã hội chi nhánh tỉnh Hòa Giang", "C", "enterprise", 5, [
        "Văn phòng", "Phòng Kế hoạch - Nghiệp vụ tín dụng", "Phòng giao dịch {place}",
        "Phòng giao dịch {place}", "Phòng giao dịch {place}"], [], 0.8, ""),
    ("Công ty TNHH MTV Xổ số kiến thiết Hòa Giang", "C", "enterprise", 6, [
        "Văn phòng", "Phòng Kế hoạch - Kinh doanh", "Phòng Tài chính - Kế toán",
        "Chi nhánh {place}", "Chi nhánh {place}"], [], 0.7, ""),
    ("Công ty Cổ phần Môi trường đô thị Hòa Giang", "C", "enterprise", 5, [
        "Văn phòng Công ty", "Đội Vệ sinh môi trường số 1", "Đội Vệ sinh môi trường số 2",
        "Đội Công viên - Cây xanh", "Xí nghiệp Xử lý chất thải rắn"], [], 0.8, ""),
    ("Công ty TNHH MTV Khai thác công trình thủy lợi Hòa Giang", "C", "enterprise", 5, [
        "Văn phòng Công ty", "Phòng Quản lý nước và công trình", "Chi nhánh thủy lợi {place}",
        "Chi nhánh thủy lợi {place}", "Chi nhánh thủy lợi {place}"], [], 0.8, ""),
    # Public service units
    ("Bệnh viện Đa khoa tỉnh Hòa Giang", "C", "public_service", 12, [
        "Khoa Nội tổng hợp", "Khoa Ngoại tổng hợp", "Khoa Hồi sức tích cực - Chống độc",
        "Khoa Cấp cứu", "Khoa Xét nghiệm", "Khoa Chẩn đoán hình ảnh", "Khoa Dược",
        "Phòng Kế hoạch tổng hợp", "Phòng Điều dưỡng", "Phòng Tổ chức cán bộ", "Khoa Tim mạch",
        "Khoa Ung bướu"],
     [("Khối Ngoại", 4, ["Khoa Chấn thương chỉnh hình", "Khoa Gây mê hồi sức",
                          "Khoa Phẫu thuật thần kinh", "Khoa Tai - Mũi - Họng"])], 2.2, ""),
    ("Bệnh viện Sản - Nhi tỉnh Hòa Giang", "C", "public_service", 8, [
        "Khoa Sản", "Khoa Nhi", "Khoa Sơ sinh", "Khoa Hồi sức cấp cứu", "Khoa Khám bệnh",
        "Phòng Kế hoạch tổng hợp", "Phòng Tổ chức - Hành chính"], [], 1.1, ""),
    ("Trường Cao đẳng Kinh tế - Kỹ thuật Hòa Giang", "C", "public_service", 7, [
        "Khoa Kinh tế", "Khoa Cơ khí - Động lực", "Khoa Điện - Điện tử", "Khoa Công nghệ thông tin",
        "Phòng Đào tạo", "Phòng Tổ chức - Hành chính", "Học sinh - Sinh viên"], [], 1.0, ""),
    ("Trường Cao đẳng Y tế Hòa Giang", "C", "public_service", 6, [
        "Khoa Y", "Khoa Điều dưỡng", "Khoa Dược", "Phòng Đào tạo", "Phòng Tổ chức - Hành chính"],
     [], 0.7, ""),
    ("Đài Phát thanh và Truyền hình Hòa Giang", "C", "public_service", 8, [
        "Phòng Thời sự", "Phòng Chuyên đề", "Phòng Kỹ thuật - Công nghệ", "Phòng Biên tập",
        "Phòng Dịch vụ quảng cáo", "Phòng Hành chính - Tổ chức", "Phòng Chương trình tiếng Khmer"],
     [], 0.9, ""),
    ("Trung tâm Kiểm soát bệnh tật tỉnh Hòa Giang", "C", "public_service", 6, [
        "Khoa Phòng chống bệnh truyền nhiễm", "Khoa Xét nghiệm - Chẩn đoán hình ảnh",
        "Khoa Sức khỏe sinh sản", "Khoa Dinh dưỡng", "Phòng Tổ chức - Hành chính"], [], 0.8, ""),
    # Grassroots cells: agencies
    ("Cơ quan Đảng ủy Khối", "G", "agency", 0, [], [], 0.6, "office"),
    ("Thanh tra tỉnh", "G", "agency", 0, [], [], 0.9, ""),
    ("Sở Tư pháp", "G", "agency", 0, [], [], 0.9, ""),
    ("Sở Ngoại vụ", "G", "agency", 0, [], [], 0.6, ""),
    ("Ban Dân tộc tỉnh", "G", "agency", 0, [], [], 0.6, ""),
    ("Ban Quản lý các khu công nghiệp tỉnh", "G", "agency", 0, [], [], 0.6, ""),
    ("Cục Thống kê tỉnh Hòa Giang", "G", "agency", 0, [], [], 0.9, ""),
    ("Cục Thi hành án dân sự tỉnh", "G", "agency", 0, [], [], 1.0, ""),
    ("Cục Hải quan tỉnh Hòa Giang", "G", "agency", 0, [], [], 1.0, ""),
    ("Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "G", "agency", 0, [], [], 0.8, ""),
    ("Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp", "G", "agency", 0, [], [], 0.8, ""),
    ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông", "G", "agency", 0, [], [], 0.8, ""),
    ("Liên minh Hợp tác xã tỉnh", "G", "agency", 0, [], [], 0.5, ""),
    ("Hội Chữ thập đỏ tỉnh", "G", "agency", 0, [], [], 0.5, ""),
    ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "G", "agency", 0, [], [], 0.5, ""),
    # Grassroots cells: enterprises
    ("Công ty Cổ phần Dược phẩm Hòa Giang", "G", "enterprise", 0, [], [], 1.0, ""),
    ("Công ty Cổ phần Xây dựng Hòa Giang", "G", "enterprise", 0, [], [], 0.8, ""),
    ("Công ty Cổ phần Du lịch Hòa Giang", "G", "enterprise", 0, [], [], 0.7, ""),
    ("Công ty Xăng dầu Hòa Giang", "G", "enterprise", 0, [], [], 1.0, ""),
    ("Công ty Cổ phần In và Bao bì Hòa Giang", "G", "enterprise", 0, [], [], 0.6, ""),
    ("Công ty Cổ phần Xuất nhập khẩu Thủy sản Hòa Giang", "G", "enterprise", 0, [], [], 0.7, ""),
    ("Công ty Cổ phần Lương thực Hòa Giang", "G", "enterprise", 0, [], [], 0.7, ""),
    ("Công ty Cổ phần Bến xe tàu Hòa Giang", "G", "enterprise", 0, [], [], 0.6, ""),
    ("Công ty TNHH MTV Lâm nghiệp Hòa Giang", "G", "enterprise", 0, [], [], 0.6, ""),
    ("Ngân hàng TMCP Ngoại thương Việt Nam chi nhánh Hòa Giang", "G", "enterprise", 0, [], [], 1.0, ""),
    ("Ngân hàng TMCP Công thương Việt Nam chi nhánh Hòa Giang", "G", "enterprise", 0, [], [], 1.0, ""),
    ("Ngân hàng TMCP Đầu tư và Phát triển Việt Nam chi nhánh Hòa Giang", "G", "enterprise", 0, [], [], 1.0, ""),
    ("Công ty Bảo Việt Hòa Giang", "G", "enterprise", 0, [], [], 0.6, ""),
    ("Công ty Cổ phần Sách và Thiết bị trường học Hòa Giang", "G", "enterprise", 0, [], [], 0.5, ""),
    ("Công ty Cổ phần Vận tải thủy Hòa Giang", "G", "enterprise", 0, [], [], 0.6, ""),
    ("Quỹ Đầu tư phát triển tỉnh Hòa Giang", "G", "enterprise", 0, [], [], 0.5, ""),
    # Grassroots cells: public service units
    ("Báo Hòa Giang", "G", "public_service", 0, [], [], 1.0, ""),
    ("Bệnh viện Y học cổ truyền tỉnh", "G", "public_service", 0, [], [], 1.0, ""),
    ("Bệnh viện Lao và Bệnh phổi tỉnh", "G", "public_service", 0, [], [], 1.0, ""),
    ("Bệnh viện Tâm thần tỉnh", "G", "public_service", 0, [], [], 0.9, ""),
    ("Trường Trung học phổ thông Chuyên Hòa Giang", "G", "public_service", 0, [], [], 1.1, ""),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", "G", "public_service", 0, [], [], 0.6, ""),
    ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên tỉnh", "G", "public_service", 0, [], [], 0.8, ""),
    ("Quỹ Bảo vệ môi trường tỉnh", "G", "public_service", 0, [], [], 0.4, ""),
    ("Trung tâm Pháp y tỉnh", "G", "public_service", 0, [], [], 0.5, ""),
]

# Grassroots cells set up in private enterprises during the 2020-2025 term (the
# resolution's "thành lập mới tổ chức cơ sở đảng" target): (spec as above, founded on).
# Their first members transfer in from elsewhere.
KHOI_NEW_UNITS: list[tuple] = [
    (("Công ty TNHH Chế biến Thủy sản {place}", "G", "enterprise", 0, [], [], 0.45, "new"), (2021, 11, 16)),
    (("Công ty Cổ phần Đầu tư Xây dựng {place}", "G", "enterprise", 0, [], [], 0.4, "new"), (2022, 8, 9)),
    (("Công ty TNHH Du lịch Biển {place}", "G", "enterprise", 0, [], [], 0.35, "new"), (2023, 10, 24)),
    (("Công ty Cổ phần Nông sản sạch {place}", "G", "enterprise", 0, [], [], 0.35, "new"), (2024, 6, 12)),
]

# --- The rest of a province (province and country scales) ------------------------------

# The bloc of the Party's own bodies: fixed units.
CQD_UNITS: list[tuple] = [
    ("Cơ quan Đảng ủy", "G", "agency", 0, [], [], 0.6, "office"),
    ("Văn phòng Tỉnh ủy", "C", "agency", 6, [
        "Phòng Tổng hợp", "Phòng Hành chính - Lưu trữ", "Phòng Tài chính - Đảng vụ",
        "Phòng Quản trị", "Phòng Cơ yếu - Công nghệ thông tin", "Nhà khách Tỉnh ủy"], [], 1.2, ""),
    ("Ban Tổ chức Tỉnh ủy", "G", "agency", 0, [], [], 1.0, ""),
    ("Ủy ban Kiểm tra Tỉnh ủy", "G", "agency", 0, [], [], 1.0, ""),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "G", "agency", 0, [], [], 1.1, ""),
    ("Ban Nội chính Tỉnh ủy", "G", "agency", 0, [], [], 0.8, ""),
    ("Ban Chính sách, chiến lược Tỉnh ủy", "G", "agency", 0, [], [], 0.6, ""),
    ("Trường Chính trị tỉnh", "C", "public_service", 5, [
        "Khoa Xây dựng Đảng", "Khoa Lý luận cơ sở", "Khoa Nhà nước và Pháp luật",
        "Phòng Đào tạo", "Phòng Tổ chức - Hành chính"], [], 1.0, ""),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "C", "agency", 5, [
        "Văn phòng", "Ban Dân chủ - Pháp luật", "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn",
        "Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh", "Liên đoàn Lao động tỉnh"], [], 1.6, ""),
    ("Báo và Phát thanh, Truyền hình tỉnh", "C", "public_service", 6, [
        "Ban Thời sự", "Ban Biên tập báo in", "Ban Kỹ thuật", "Ban Chuyên đề", "Ban Điện tử",
        "Ban Hành chính - Tổng hợp"], [], 1.2, ""),
    ("Hội Nhà báo tỉnh", "G", "agency", 0, [], [], 0.4, ""),
    ("Hội Văn học Nghệ thuật tỉnh", "G", "agency", 0, [], [], 0.4, ""),
    ("Cán bộ hưu trí các cơ quan Đảng tỉnh", "G", "agency", 0, [], [], 1.4, "retirees"),
]

# Police: departments of the provincial police (committees) and a cell per commune.
POLICE_DEPARTMENTS = [
    "Phòng Cảnh sát giao thông", "Phòng Cảnh sát cơ động", "Phòng Cảnh sát hình sự",
    "Phòng An ninh chính trị nội bộ", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Phòng Tham mưu", "Phòng Tổ chức cán bộ", "Phòng Hậu cần", "Phòng Cảnh sát kinh tế",
    "Phòng Cảnh sát điều tra tội phạm về ma túy", "Phòng Quản lý hành chính về trật tự xã hội",
    "Phòng Cảnh sát quản lý trại giam, cơ sở giáo dục bắt buộc", "Trại tạm giam",
    "Phòng An ninh kinh tế", "Phòng Kỹ thuật hình sự", "Phòng Công tác đảng và công tác chính trị",
    "Phòng Cảnh sát điều tra tội phạm về trật tự xã hội", "Phòng Cảnh sát đường thủy",
    "Phòng Xuất nhập cảnh", "Phòng Thông tin liên lạc",
]
POLICE_CELLS = ["Đội {n}", "Đội {n}", "Đội {n}", "Đội {n}", "Đội {n}", "Đội {n}", "Đội Tổng hợp"]

# Public service units under the provincial People's Committee; {place} is a commune.
# (pattern, kind, sector, cells, size weight, share of the units)
UBND_UNIT_TYPES: list[tuple] = [
    ("Trường Trung học phổ thông {place}", "G", "public_service", 0, 1.0, 22),
    ("Trường Trung học cơ sở {place}", "G", "public_service", 0, 0.8, 22),
    ("Trường Tiểu học {place}", "G", "public_service", 0, 0.6, 18),
    ("Trường Mầm non {place}", "G", "public_service", 0, 0.4, 8),
    ("Trung tâm Y tế khu vực {place}", "C", "public_service", 7, 2.0, 5),
    ("Bệnh viện Đa khoa khu vực {place}", "C", "public_service", 8, 2.4, 3),
    ("Trung tâm Dịch vụ nông nghiệp {place}", "G", "public_service", 0, 0.5, 6),
    ("Ban Quản lý rừng phòng hộ {place}", "G", "public_service", 0, 0.5, 2),
    ("Trung tâm Giáo dục nghề nghiệp {place}", "G", "public_service", 0, 0.6, 4),
    ("Công ty Cổ phần {trade} {place}", "G", "enterprise", 0, 0.6, 6),
    ("Chi cục Thuế khu vực {place}", "C", "agency", 4, 1.2, 2),
    ("Kho bạc Nhà nước khu vực {place}", "G", "agency", 0, 0.5, 2),
]
UBND_HEALTH_CELLS = [
    "Khoa Khám bệnh", "Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Khoa Nhi", "Khoa Y tế công cộng",
    "Khoa Dược - Xét nghiệm", "Phòng Tổ chức - Hành chính", "Trạm Y tế {place}", "Trạm Y tế {place}",
]
TRADES = ["Thủy sản", "Nông sản", "Vật liệu xây dựng", "Cơ khí", "Thương mại", "Vận tải",
          "Xây dựng", "Chế biến lương thực", "Dược liệu", "Cấp nước"]

# Cells of a commune or ward Party committee (besides the hamlets or quarters).
COMMUNE_INSTITUTION_CELLS = [
    "Cơ quan Đảng ủy - Mặt trận - Đoàn thể", "Cơ quan Ủy ban nhân dân", "Quân sự",
    "Trường Tiểu học {place}", "Trường Trung học cơ sở {place}", "Trường Mầm non {place}",
    "Trạm Y tế", "Cán bộ hưu trí",
]
