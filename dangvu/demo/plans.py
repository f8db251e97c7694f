"""Deterministic demo plan data, loaded after the organizations and members of
`generator.generate` and the inspection records of `inspections.generate_inspections` (the
figures of inspections and supervisions are counted from them), before the rating rounds:

- the default indicator catalog (`plans.catalog.load_default_catalog`, through the services);
- the terms 2020-2025 and 2025-2030, the bloc's congresses VII (2020) and VIII (2025);
- the resolution of congress VII with 14 term targets, and a yearly action program for each
  of 2021-2026 with 16 targets of the bloc, its admission target handed down to the
  grassroots organizations directly under the bloc (shares adding up to the bloc's target);
- quarterly reports of every reporting unit under the first province (the catalog's
  quarterly form: grassroots committees and grassroots cells) from 2021Q1 to 2026Q3, with
  submissions and approvals: all approved up to 2026Q1, a few still waiting in 2026Q2,
  and in 2026Q3 some units late, some with a draft only, some with nothing at all;
- the key tasks of 2023 (from the action program and from the vertical line), most done.

Targets are sized against what the demo's own records and reports give (admissions counted
from the admissions register by decision date, `admissions.decided`: the members admitted
and, in 2026, the people decided whose ceremony is to come; the organizations and members
inspected and supervised counted from the inspections register; the units' reported values
rolled up by `plans.rollup`), so that
most are met and a few fall short, as in the seed reports. The data stands as the system
would see it on `AS_OF` (22 November 2026); nothing reads the clock.

Everything after the catalog is written in bulk (explicit ids, as the member generator
does) with one audit row "demo.plans". At the country scale only the first province gets
reports (the others would add ~15 million rows); the plans are the bloc's at every scale.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.db.models import Count, DateTimeField, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core import audit, bulk
from dangvu.core.actors import SYSTEM
from dangvu.core.formatting import number
from dangvu.core.periods import Period, parse, quarter, term, year
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization
from dangvu.plans import selectors as plan_selectors
from dangvu.plans.catalog import QUARTERLY_FORM, load_default_catalog
from dangvu.plans.models import (
    Congress,
    Indicator,
    Plan,
    ReportingForm,
    Result,
    Return,
    Target,
    Task,
    Term,
)

from .generator import BATCH_SIZE, SCALES

ProgressFn = Callable[[str, dict], None]

AS_OF = datetime.date(2026, 11, 22)
FIRST_YEAR, LAST_YEAR = 2021, 2026
LAST_QUARTER = quarter(2026, 3)  # the last finished quarter on AS_OF
QUARTERS = [quarter(y, q) for y in range(FIRST_YEAR, LAST_YEAR + 1) for q in range(1, 5)
            if quarter(y, q).end <= LAST_QUARTER.end]
RATING_YEARS = range(2020, 2026)  # rated in December: 2026 not yet
TERMS = [("2020-2025", 7, datetime.date(2020, 9, 17)), ("2025-2030", 8, datetime.date(2025, 9, 24))]
# The bloc's action programs: year -> (number, issued on).
PROGRAMS = {
    2021: ("12-CTr/ĐUK", datetime.date(2021, 1, 15)),
    2022: ("48-CTr/ĐUK", datetime.date(2022, 1, 14)),
    2023: ("135-CTr/ĐUK", datetime.date(2023, 1, 16)),
    2024: ("172-CTr/ĐUK", datetime.date(2024, 1, 15)),
    2025: ("214-CTr/ĐUK", datetime.date(2025, 1, 14)),
    2026: ("09-CTr/ĐUK", datetime.date(2026, 1, 15)),
}
TASK_YEAR = 2023

# The figures the units type on the quarterly form (the classes, the inspections and
# supervisions, and the members and grassroots organizations rated good or above, are counted
# from their registers).
PARTY_WORK = ["TCCSD_QUAN_TRIET"]
BUSINESS = ["DOANH_THU", "NOP_NGAN_SACH", "NOP_BHXH", "QUY_THU_NHAP", "LAO_DONG"]


# Enterprises: (words in the name, revenue in tỷ đồng a year at 2023 prices, workers,
# average income in triệu đồng a month in 2024, budget payments as a share of revenue).
ENTERPRISES = [
    ("điện lực", 2200, 780, 15.5, 0.05), ("cấp thoát nước", 260, 380, 10.5, 0.06),
    ("viễn thông", 520, 330, 14.0, 0.07), ("bưu điện", 230, 480, 9.0, 0.04),
    ("ngân hàng nông nghiệp", 950, 520, 17.0, 0.09), ("ngân hàng chính sách", 320, 170, 13.0, 0.01),
    ("xổ số", 980, 110, 14.5, 0.32), ("môi trường đô thị", 150, 560, 8.0, 0.03),
    ("thủy lợi", 70, 240, 7.5, 0.02), ("dược phẩm", 360, 280, 11.0, 0.06),
    ("cổ phần xây dựng", 200, 210, 9.0, 0.05), ("cổ phần du lịch", 60, 130, 7.5, 0.06),
    ("xăng dầu", 1100, 240, 12.0, 0.08), ("in và bao bì", 75, 140, 8.0, 0.04),
    ("xuất nhập khẩu thủy sản", 310, 820, 7.2, 0.02), ("lương thực", 430, 230, 8.0, 0.02),
    ("bến xe", 45, 100, 7.0, 0.05), ("lâm nghiệp", 35, 130, 6.8, 0.03),
    ("ngoại thương", 600, 140, 19.0, 0.10), ("công thương việt nam", 500, 130, 18.0, 0.10),
    ("đầu tư và phát triển việt nam", 550, 140, 18.5, 0.10), ("bảo việt", 170, 85, 12.0, 0.06),
    ("sách và thiết bị", 55, 60, 8.0, 0.04), ("vận tải thủy", 85, 170, 7.5, 0.04),
    ("quỹ đầu tư", 45, 25, 12.5, 0.05),
]
REVENUE_SEASON = (0.23, 0.24, 0.25, 0.28)
REVENUE_YEAR = {2021: 0.86, 2022: 0.93, 2023: 1.0, 2024: 1.07, 2025: 1.14, 2026: 1.20}
INCOME_YEAR = {2021: 0.86, 2022: 0.91, 2023: 0.95, 2024: 1.0, 2025: 1.05, 2026: 1.09}
COVID = {"2021Q3": 0.78, "2021Q4": 0.95}  # the southern lockdown of 2021
BHXH_SHARE = Decimal("0.075")  # social insurance paid, as a share of the payroll
DAY_HOURS = (8, 17)

# Reports handed in late, by year; the last quarters are handled apart.
P_LATE = {2021: 0.10, 2022: 0.07, 2023: 0.05, 2024: 0.04, 2025: 0.03, 2026: 0.06}

# Targets of the yearly action programs, in this order: indicator, and either a fixed value
# (policy targets: "trên 90% đảng viên, 95% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở
# lên", "100% tổ chức cơ sở đảng quán triệt", "thành lập mới ít nhất 1 tổ chức cơ sở đảng")
# or None: sized against the year's actual value.
YEARLY_TARGETS = [
    ("KET_NAP", None), ("TCCSD_MOI", 1), ("TL_TCCSD_QUAN_TRIET", 100), ("TL_DV_HTT_TRO_LEN", 90),
    ("TL_TCCSD_HTT_TRO_LEN", 95), ("LOP_NHAN_THUC", None), ("LOP_DANG_VIEN_MOI", None), ("LOP_NGHIEP_VU", None),
    ("KT_TO_CHUC", None), ("KT_DANG_VIEN", None), ("GS_TO_CHUC", None), ("GS_DANG_VIEN", None),
    ("DOANH_THU", None), ("NOP_NGAN_SACH", None), ("NOP_BHXH", None), ("THU_NHAP_BQ", None),
]
TERM_TARGETS = [
    ("KET_NAP", None), ("TCCSD_MOI", 5), ("TL_DV_HTT_TRO_LEN", 90), ("TL_TCCSD_HTT_TRO_LEN", 95),
    ("LOP_NHAN_THUC", None), ("LOP_DANG_VIEN_MOI", None), ("LOP_NGHIEP_VU", None), ("KT_TO_CHUC", None),
    ("KT_DANG_VIEN", None), ("GS_TO_CHUC", None), ("GS_DANG_VIEN", None), ("DOANH_THU", None),
    ("NOP_NGAN_SACH", None), ("THU_NHAP_BQ", None),
]
P_TARGET_MET = 0.8
# Admissions against the yearly target where the seed reports give it: "kết nạp 243/240
# đảng viên (đạt 101,25%)" (2021), "kết nạp 283 đảng viên, đạt 113,2%" (2023).
KET_NAP_RATE = {2021: 1.0125, 2023: 1.132}

PROGRAM_TASKS = [
    "Tổ chức học tập, quán triệt, triển khai Nghị quyết của Đảng ủy Khối năm {year}",
    "Xây dựng và thực hiện chương trình kiểm tra, giám sát năm {year}",
    "Tạo nguồn, bồi dưỡng quần chúng ưu tú, kết nạp đảng viên theo chỉ tiêu được giao",
    "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội đảng bộ cơ sở",
    "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng sinh hoạt chi bộ; sinh hoạt chuyên đề quý {q}",
    "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm {year}",
    "Rà soát, bổ sung quy hoạch cấp ủy và cán bộ lãnh đạo, quản lý",
    "Thực hiện trách nhiệm nêu gương của cán bộ, đảng viên",
    "Tham gia thực hiện kế hoạch chuyển đổi số của tỉnh",
    "Lãnh đạo công đoàn, đoàn thanh niên tổ chức phong trào thi đua năm {year}",
    "Tham gia cuộc thi viết bảo vệ nền tảng tư tưởng của Đảng",
    "Thực hiện quy chế dân chủ ở cơ sở",
    "Thu, nộp, quản lý đảng phí đúng quy định",
    "Báo cáo kết quả thực hiện Chương trình hành động quý {q}",
]
VERTICAL_TASKS = {
    "agency": [
        "Tham mưu kế hoạch phát triển ngành năm {year}",
        "Hoàn thành chỉ tiêu giải ngân vốn đầu tư công được giao",
        "Thanh tra, kiểm tra chuyên ngành theo kế hoạch",
        "Giải quyết thủ tục hành chính đúng hạn trên Cổng dịch vụ công",
        "Rà soát văn bản quy phạm pháp luật thuộc lĩnh vực quản lý",
        "Sơ kết công tác 6 tháng đầu năm {year}",
        "Vận hành hệ thống quản lý văn bản và điều hành",
        "Bồi dưỡng nghiệp vụ cho cán bộ, công chức",
        "Thực hiện kế hoạch tinh giản biên chế",
        "Tổng kết công tác năm {year} gửi bộ, ngành Trung ương",
        "Tiếp công dân, giải quyết khiếu nại, tố cáo",
        "Thực hành tiết kiệm, chống lãng phí",
        "Cập nhật cơ sở dữ liệu chuyên ngành",
        "Phối hợp tổ chức các sự kiện chính trị của tỉnh",
        "Báo cáo chuyên đề quý {q} theo yêu cầu của bộ, ngành",
        "Kiểm tra việc thực hiện chính sách tại cơ sở quý {q}",
        "Cải cách hành chính, nâng chỉ số hài lòng của người dân",
        "Xây dựng dự toán ngân sách năm {next}",
        "Tổng hợp báo cáo kinh tế - xã hội tháng cuối quý {q}",
        "Thẩm định hồ sơ, dự án thuộc thẩm quyền",
        "Hướng dẫn nghiệp vụ cho cấp huyện, cấp xã",
        "Kiểm tra công tác văn thư, lưu trữ",
        "Rà soát, công bố thủ tục hành chính mới",
    ],
    "enterprise": [
        "Hoàn thành kế hoạch sản xuất kinh doanh quý {q}",
        "Tiết giảm chi phí theo kế hoạch năm {year}",
        "Bảo đảm an toàn lao động, phòng chống cháy nổ",
        "Nộp ngân sách nhà nước đúng hạn quý {q}",
        "Thực hiện kế hoạch đầu tư, sửa chữa lớn tài sản",
        "Mở rộng thị trường, phát triển khách hàng mới",
        "Chi trả đầy đủ tiền lương, bảo hiểm cho người lao động",
        "Kiểm kê, đánh giá lại tài sản cuối năm {year}",
        "Ứng dụng công nghệ số trong quản trị doanh nghiệp",
        "Tổ chức hội nghị người lao động năm {year}",
        "Thu hồi công nợ quý {q}",
        "Xây dựng kế hoạch sản xuất kinh doanh năm {next}",
        "Kiểm toán báo cáo tài chính năm {prev}",
        "Chăm lo đời sống người lao động dịp Tết",
        "Quyết toán thuế năm {prev}",
        "Đánh giá hiệu quả sử dụng vốn nhà nước tại doanh nghiệp",
        "Bảo dưỡng, kiểm định máy móc, thiết bị quý {q}",
        "Đào tạo nâng cao tay nghề cho người lao động",
        "Rà soát định mức kinh tế - kỹ thuật",
    ],
    "public_service": [
        "Nâng cao chất lượng dịch vụ sự nghiệp công",
        "Thực hiện lộ trình tự chủ tài chính",
        "Hoàn thành kế hoạch chuyên môn quý {q}",
        "Đào tạo, bồi dưỡng chuyên môn cho viên chức",
        "Khảo sát sự hài lòng của người dân quý {q}",
        "Kiểm tra nội bộ việc thực hiện quy chế chuyên môn",
        "Sơ kết công tác chuyên môn 6 tháng đầu năm {year}",
        "Ứng dụng công nghệ thông tin trong hoạt động chuyên môn",
        "Xây dựng kế hoạch hoạt động năm {next}",
        "Thực hiện quy chế chi tiêu nội bộ",
        "Bảo trì, sửa chữa cơ sở vật chất",
        "Tổng kết năm học, năm công tác {year}",
        "Báo cáo hoạt động chuyên môn quý {q} gửi cơ quan chủ quản",
        "Kiểm kê tài sản, trang thiết bị cuối năm {year}",
        "Tham gia hội thi chuyên môn cấp tỉnh",
        "Phòng chống dịch bệnh, bảo đảm an toàn tại đơn vị",
        "Rà soát vị trí việc làm, đề án nhân sự",
        "Triển khai phần mềm quản lý chuyên môn",
    ],
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
P_TASK_PROGRAM = 0.186  # 365 of 1.966 in the seed report


def _d(value: float, places: int = 0) -> Decimal:
    return Decimal(str(round(value, places))) if places else Decimal(int(round(value)))


def _step(value: Decimal, code: str) -> Decimal:
    """The step a plan writes a target in: whole numbers, 5s, 10s, 50s, 100s; 0,5 for incomes."""
    if code == "THU_NHAP_BQ":
        return Decimal("0.5")
    v = abs(value)
    return Decimal(1 if v < 20 else 5 if v < 200 else 10 if v < 2000 else 50 if v < 10000 else 100)


def _size(actual: Decimal | None, code: str, met: bool, rate: float) -> Decimal:
    """A target the actual value meets (rounded down to the step) or misses (rounded up)."""
    if actual is None or actual <= 0:
        return Decimal(1)
    raw = actual / Decimal(str(rate))
    step = _step(raw, code)
    out = (raw / step).to_integral_value(rounding=ROUND_FLOOR if met else ROUND_CEILING) * step
    if met and out > actual:
        out = actual
    return max(out, step)


def insert_rows(model, fields: list[str], rows: list[tuple], chunk: int = 20000, adapted: bool = False) -> None:
    """INSERT `rows` (tuples in the order of `fields`, field names) with one executemany per
    chunk: several times faster than bulk_create for large loads, and it leaves fields such
    as `auto_now` as given. Aware datetimes are adapted for the backend, unless `adapted`
    (the caller passed `connection.ops.adapt_datetimefield_value` results already)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(f) for f in fields]
    adapt = [connection.ops.adapt_datetimefield_value if isinstance(c, DateTimeField) and not adapted else None
             for c in columns]
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c.column) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for i in range(0, len(rows), chunk):
            part = rows[i:i + chunk]
            if any(adapt):
                part = [tuple(a(v) if a and v is not None else v for a, v in zip(adapt, row, strict=True))
                        for row in part]
            cursor.executemany(sql, part)
    if not connection.force_debug_cursor:
        reset_queries()


class _Ids:
    def __init__(self, models):
        self.next = {m: (m.objects.aggregate(n=Max("id"))["n"] or 0) + 1 for m in models}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


_MODELS = [Term, Congress, Plan, Target, Result, Return, Task]


class _Unit:
    """What the loader needs of a reporting unit."""

    def __init__(self, org: Organization, subunits: int):
        self.org = org
        self.id = org.pk
        self.kind = org.kind
        self.sector = org.sector
        self.name = org.name
        self.subunits = subunits
        self.members: dict[int, int] = {}  # year -> on the rolls on 31 December
        self.profile = None  # (revenue, workers, income, budget share) for enterprises
        self.trend = 0.0  # yearly growth of an enterprise, against the bloc's

    def expected(self, p: Period) -> bool:
        o = self.org
        return o.established_on <= p.end and (o.dissolved_on is None or o.dissolved_on > p.end)

    def members_before(self, y: int) -> int:
        return self.members.get(y - 1) or self.members.get(y) or 0


class _Loader:
    def __init__(self, *, scale: str, seed: int, progress: ProgressFn | None):
        self.scale, self.seed = scale, seed
        self.progress = progress or (lambda message, counts: None)
        self.rng = random.Random(f"dangvu-demo-plans:{seed}")
        self.ids = _Ids(_MODELS)
        self.counts = {"terms": 0, "congresses": 0, "plans": 0, "targets": 0, "results": 0, "approvals": 0,
                       "tasks": 0, "reporting_units": 0}
        self.tz = timezone.get_current_timezone()

    # -- reading what the members generator left ---------------------------------------

    def _setup(self) -> None:
        self.root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
        if self.root is None:
            raise ValueError("no organizations: load the demo organizations and members first")
        self.bloc = Organization.objects.filter(parent=self.root, kind=Organization.Kind.BLOC, code=f"{self.root.code}-KHOI").first()
        if self.bloc is None:
            raise ValueError(f"no bloc {self.root.code}-KHOI under {self.root.code}")
        if Plan.objects.filter(organization=self.bloc).exists():
            raise ValueError(f"{self.bloc.code} already has plans")
        self.ind = {i.code: i for i in Indicator.objects.select_related("numerator", "denominator")}
        orgs = list(Organization.objects.filter(path__startswith=self.root.path, kind__in=GRASSROOTS_KINDS)
                    .order_by("path"))
        below = dict(
            Organization.objects.filter(path__startswith=self.root.path, kind__in=[Organization.Kind.CELL, Organization.Kind.SUB_COMMITTEE])
            .values_list("parent_id").annotate(n=Count("id")).values_list("parent_id", "n")
        )
        self.units = [_Unit(o, below.get(o.pk, 0)) for o in orgs]
        self.by_id = {u.id: u for u in self.units}
        self.bloc_units = [u for u in self.units if u.org.path.startswith(self.bloc.path)]
        # Members on the rolls at each year end, per unit, as the engine counts them.
        dv = self.ind["DANG_VIEN"]
        for y in range(2020, LAST_YEAR):
            for (_i, org_id), value in plan_selectors.figure_values(
                    actor=SYSTEM, indicators=[dv], period=year(y), root=self.root, organization_ids=self.by_id).items():
                self.by_id[org_id].members[y] = int(value or 0)
        for u in self.units:
            if u.sector == "enterprise":
                u.profile = self._profile(u)
            u.trend = self.rng.uniform(-0.03, 0.04)

    def _profile(self, u: _Unit):
        lowered = u.name.lower()
        known = next((e for e in ENTERPRISES if e[0] in lowered), None)
        if known is not None:
            _words, revenue, workers, income, budget = known
        else:  # a smaller company: sized by its Party members
            size = max(u.members_before(2023), 5)
            revenue = size * self.rng.lognormvariate(1.6, 0.4)
            workers = size * self.rng.uniform(8, 14)
            income, budget = self.rng.uniform(7.0, 9.0), self.rng.uniform(0.02, 0.06)
        r = self.rng
        return (revenue * r.uniform(0.9, 1.1), workers * r.uniform(0.92, 1.08), income * r.uniform(0.95, 1.05), budget)

    # -- writing ----------------------------------------------------------------------------

    def _at(self, d: datetime.date) -> datetime.datetime:
        """A working-hours moment of day `d`."""
        h = self.rng.randint(*DAY_HOURS)
        return datetime.datetime(d.year, d.month, d.day, h, self.rng.randrange(60), tzinfo=self.tz)

    def _write(self, rows: list) -> None:
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=BATCH_SIZE)
        if not connection.force_debug_cursor:
            reset_queries()

    # -- terms, congresses, plans ---------------------------------------------------------

    def _plans(self) -> None:
        self.terms, self.congresses = {}, {}
        for code, ordinal, held_on in TERMS:
            period = parse(code)
            t = Term.objects.filter(code=code).first()
            if t is None:
                t = Term(id=self.ids.take(Term), code=code, start=period.start, end=period.end)
                self._write([t])
                self.counts["terms"] += 1
            c = Congress(id=self.ids.take(Congress), organization=self.bloc, term=t, ordinal=ordinal, held_on=held_on)
            self._write([c])
            self.terms[code], self.congresses[code] = t, c
            self.counts["congresses"] += 1
        c7 = self.congresses["2020-2025"]
        self.resolution = Plan(
            id=self.ids.take(Plan), code=f"{self.bloc.code}-NQ-DH{c7.roman}", kind=Plan.Kind.RESOLUTION,
            organization=self.bloc, number="01-NQ/ĐH",
            title=f"Nghị quyết Đại hội đại biểu {self.bloc.name} lần thứ {c7.roman}, nhiệm kỳ 2020 - 2025",
            issued_on=c7.held_on, period="2020-2025", term=c7.term, congress=c7,
        )
        self.programs = {}
        for y, (num, issued) in PROGRAMS.items():
            key = "2020-2025" if y <= 2025 else "2025-2030"
            self.programs[y] = Plan(
                id=self.ids.take(Plan), code=f"{self.bloc.code}-CTR-{y}", kind=Plan.Kind.ACTION_PROGRAM,
                organization=self.bloc, number=num,
                title=f"Chương trình hành động thực hiện các chỉ tiêu, nhiệm vụ năm {y}",
                issued_on=issued, period=str(y), term=self.terms[key], congress=self.congresses[key],
            )
        self._write([self.resolution, *self.programs.values()])
        self.counts["plans"] += 1 + len(self.programs)

    # -- quarterly reports -----------------------------------------------------------------

    def _state(self, p: Period, r: random.Random) -> tuple[str, bool]:
        """(what the unit did with its report for `p`, whether it was late)."""
        if p == LAST_QUARTER:
            x = r.random()
            if x < 0.06:
                return "missing", False
            if x < 0.12:
                return "draft", False
            late = r.random() < 0.12
            return ("approved" if r.random() < 0.45 else "submitted"), late
        late = r.random() < P_LATE[p.year]
        if p == LAST_QUARTER.previous()[0]:
            return ("submitted" if r.random() < 0.1 else "approved"), late
        return "approved", late

    def _business(self, u: _Unit, p: Period, r: random.Random) -> dict[str, Decimal]:
        revenue, workers, income, budget = u.profile
        q = (p.start.month - 1) // 3
        grow = (1 + u.trend) ** (p.year - 2023)
        rev = revenue * REVENUE_YEAR[p.year] * grow * REVENUE_SEASON[q] * COVID.get(p.code, 1.0) * r.gauss(1, 0.04)
        staff = workers * (1 + u.trend / 2) ** (p.year - 2023) * r.uniform(0.985, 1.015)
        pay = income * INCOME_YEAR[p.year] * r.uniform(0.97, 1.03)
        payroll = Decimal(str(round(staff))) * _d(pay, 2)
        return {
            "DOANH_THU": _d(rev, 1),
            "NOP_NGAN_SACH": _d(rev * budget * r.uniform(0.85, 1.15), 1),
            "NOP_BHXH": max(_d(float(payroll * BHXH_SHARE * 3) / 1000, 1), Decimal("0.1")),
            "QUY_THU_NHAP": payroll.quantize(Decimal("0.1")),
            "LAO_DONG": _d(staff),
        }

    def _disseminated(self, u: _Unit, y: int, r: random.Random) -> int | None:
        """The quarter (1-4) a unit held the year's study of the resolutions, or None."""
        o = u.org
        if o.dissolved_on is not None and o.dissolved_on.year == y:
            return None  # merged away that year: studied with the unit it joined
        first = 1
        if o.established_on.year == y:
            first = (o.established_on.month - 1) // 3 + 1
        x = r.random()
        if x < 0.02:
            return None
        return first if x < 0.95 or first == 4 else first + 1

    def _reports(self) -> None:
        r = self.rng
        codes = PARTY_WORK + BUSINESS
        ind = {c: self.ind[c].pk for c in codes}
        results, approvals = [], []
        form = ReportingForm.objects.filter(code=QUARTERLY_FORM[0]).first()
        due_days = form.due_days if form else QUARTERLY_FORM[3]
        study = {}
        for p in QUARTERS:
            for u in self.units:
                if not u.expected(p):
                    continue
                state, late = self._state(p, r)
                if state == "missing":
                    continue
                key = (u.id, p.year)
                if key not in study:
                    study[key] = self._disseminated(u, p.year, r)
                values = {"TCCSD_QUAN_TRIET": Decimal(1 if study[key] == (p.start.month - 1) // 3 + 1 else 0)}
                if u.profile is not None:
                    values.update(self._business(u, p, r))
                if state == "draft":
                    saved_at = self._at(p.end + datetime.timedelta(days=8))
                else:
                    due = p.end + datetime.timedelta(days=due_days)
                    if late:
                        submitted_on = due + datetime.timedelta(days=r.randint(1, 20))
                    else:
                        submitted_on = due - datetime.timedelta(days=r.randint(0, 9))
                    saved_at = self._at(submitted_on)
                    approved_at = None
                    if state == "approved":
                        approved_on = min(submitted_on + datetime.timedelta(days=r.randint(2, 12)), AS_OF)
                        approved_at = max(self._at(approved_on), saved_at + datetime.timedelta(hours=1))
                    approvals.append((
                        self.ids.take(Return), u.id, p.code,
                        Return.State.APPROVED if state == "approved" else Return.State.SUBMITTED,
                        saved_at, saved_at, approved_at, "",
                    ))
                rstate = {"approved": Result.State.APPROVED, "submitted": Result.State.SUBMITTED,
                          "draft": Result.State.DRAFT}[state]
                for code in codes:
                    if code in values:
                        results.append((self.ids.take(Result), ind[code], u.id, p.code, values[code], "", rstate, 1,
                                        saved_at))
            if len(results) >= 50000:
                self._insert_results(results)
                results = []
        self._insert_results(results)
        insert_rows(Return, ["id", "organization", "period", "state", "submitted_at", "last_submitted_at",
                             "approved_at", "reopen_reason"], approvals)
        self.counts["approvals"] = len(approvals)
        self.counts["reporting_units"] = len([u for u in self.units if u.expected(LAST_QUARTER)])

    def _insert_results(self, rows: list[tuple]) -> None:
        insert_rows(Result, ["id", "indicator", "organization", "period", "value", "comment", "state", "version",
                             "updated_at"], rows)
        self.counts["results"] += len(rows)

    # -- targets ----------------------------------------------------------------------------

    def _actuals(self, codes: list[str], period: Period) -> dict[str, Decimal | None]:
        inds = [self.ind[c] for c in codes]
        values = plan_selectors.figure_values(actor=SYSTEM, indicators=inds, period=period, root=self.bloc)
        return {c: values.get((self.ind[c].pk, self.bloc.pk)) for c in codes}

    def _target(self, plan: Plan, code: str, org_id: int, period: str, value: Decimal, order: int) -> Target:
        self.counts["targets"] += 1
        return Target(id=self.ids.take(Target), plan=plan, indicator=self.ind[code], organization_id=org_id,
                      period=period, value=value, comparator=Target.Comparator.GTE, sort_order=order)

    def _sized(self, code: str, actual: Decimal | None) -> Decimal:
        r = self.rng
        met = r.random() < P_TARGET_MET
        return _size(actual, code, met, r.uniform(1.0, 1.15) if met else r.uniform(0.8, 0.98))

    def _targets(self) -> None:
        r = self.rng
        rows = []
        sized = [c for c, fixed in YEARLY_TARGETS if fixed is None]
        by_year: dict[int, dict[str, Decimal | None]] = {}
        for y in range(FIRST_YEAR, LAST_YEAR):
            by_year[y] = self._actuals(sized, year(y))
        for y, plan in self.programs.items():
            for order, (code, fixed) in enumerate(YEARLY_TARGETS, 1):
                if fixed is not None:
                    value = Decimal(fixed)
                elif code == "KET_NAP" and y in KET_NAP_RATE:
                    value = _size(by_year[y][code], code, True, KET_NAP_RATE[y])
                elif y in by_year:
                    value = self._sized(code, by_year[y][code])
                else:  # the current year: last year's result and a little more
                    last = by_year[y - 1][code] or Decimal(1)
                    value = _size(last * Decimal(str(r.uniform(1.02, 1.08))), code, True, 1.0)
                rows.append(self._target(plan, code, self.bloc.pk, str(y), value, order * 10))
            rows += self._cascade(plan, y, next(t for t in rows if t.plan is plan and t.indicator.code == "KET_NAP"))
        # The resolution: counted over the term where the engine can (records), the yearly
        # values added up (or averaged, for the income) for reported figures.
        term_period = term(2020, 2025)
        counted = self._actuals(["KET_NAP"], term_period)
        for order, (code, fixed) in enumerate(TERM_TARGETS, 1):
            if fixed is not None:
                value = Decimal(fixed)
            else:
                if code in counted:
                    actual = counted[code]
                else:
                    values = [by_year[y][code] for y in range(FIRST_YEAR, 2026) if by_year[y][code] is not None]
                    actual = sum(values, Decimal(0))
                    if code == "THU_NHAP_BQ" and values:
                        actual /= len(values)
                value = self._sized(code, actual)
            rows.append(self._target(self.resolution, code, self.bloc.pk, "2020-2025", value, order * 10))
        self._write(rows)

    def _cascade(self, plan: Plan, y: int, parent: Target) -> list[Target]:
        """The bloc's admission target handed down to the grassroots organizations directly
        under it (standing on the day the program was issued and still at the year end),
        by their members: largest remainders, so the shares add up to the bloc's target."""
        end = datetime.date(y, 12, 31)
        units = [u for u in self.bloc_units if u.org.parent_id == self.bloc.pk and u.org.established_on <= plan.issued_on
                 and (u.org.dissolved_on is None or u.org.dissolved_on > end)]
        weights = [max(u.members_before(y), 1) for u in units]
        total_w, total = sum(weights), int(parent.value)
        raw = [total * w / total_w for w in weights]
        shares = [int(x) for x in raw]
        order = sorted(range(len(units)), key=lambda i: (-(raw[i] - shares[i]), units[i].org.path))
        for i in order[: total - sum(shares)]:
            shares[i] += 1
        return [self._target(plan, "KET_NAP", u.id, str(y), Decimal(s), parent.sort_order)
                for u, s in zip(units, shares, strict=True)]

    # -- key tasks ----------------------------------------------------------------------------

    def _tasks(self) -> None:
        r, y = self.rng, TASK_YEAR
        plan = self.programs[y]
        start, end = datetime.date(y, 1, 1), datetime.date(y, 12, 31)
        rows = []

        def expand(titles: list[str]) -> list[tuple[str, int | None]]:
            out = []
            for t in titles:
                if "{q}" in t:
                    out += [(t.replace("{q}", ROMAN[q]), q) for q in range(1, 5)]
                else:
                    out.append((t, None))
            return [(t.replace("{year}", str(y)).replace("{next}", str(y + 1)).replace("{prev}", str(y - 1)), q)
                    for t, q in out]

        program = expand(PROGRAM_TASKS)
        for u in self.bloc_units:
            o = u.org
            if o.established_on > start or (o.dissolved_on is not None and o.dissolved_on <= end):
                continue
            vertical = expand(VERTICAL_TASKS[u.sector or "agency"])
            size = u.members_before(y)
            n_vertical = min(len(vertical), 15 + round(size / 10 * r.uniform(0.7, 1.3)))
            n_program = min(len(program), max(2, round(n_vertical * P_TASK_PROGRAM / (1 - P_TASK_PROGRAM)
                                                       * r.uniform(0.7, 1.3))))
            picks = [(t, q, Task.Source.PROGRAM) for t, q in r.sample(program, n_program)]
            picks += [(t, q, Task.Source.VERTICAL) for t, q in r.sample(vertical, n_vertical)]
            for title, q, source in picks:
                if q is not None:
                    due = quarter(y, q).end + datetime.timedelta(days=15 if q < 4 else 0)
                else:
                    m = r.randint(3, 12)
                    due = year(y).end if m == 12 else datetime.date(y, m + 1, 1) - datetime.timedelta(days=1)
                x = r.random()
                status, done_on = Task.Status.DONE, None
                if x < 0.015:
                    status = Task.Status.OPEN
                elif x < 0.02:
                    status = Task.Status.CANCELLED
                elif x < 0.08:
                    done_on = due + datetime.timedelta(days=r.randint(1, 20))
                else:
                    done_on = max(due - datetime.timedelta(days=r.randint(0, 45)), datetime.date(y, 1, 20))
                rows.append((self.ids.take(Task), plan.pk, u.id, title, source, due, status, done_on))
        insert_rows(Task, ["id", "plan", "organization", "title", "source", "due_on", "status", "completed_on"], rows)
        self.counts["tasks"] = len(rows)

    def run(self) -> dict:
        self._setup()
        self._plans()
        self._reports()
        self._targets()
        self._tasks()
        self.progress(
            _("Plans written: %(plans)s plans, %(targets)s targets, %(results)s results.")
            % {k: number(v) for k, v in self.counts.items()},
            dict(self.counts),
        )
        return self.counts


def generate_plans(*, scale: str = "bloc", seed: int = 2024, progress: ProgressFn | None = None) -> dict:
    """Write the demo plan data (see the module's docstring) for the organizations and
    members already loaded by `generator.generate(scale=scale, seed=seed)`, in one
    transaction, and return the counts of what was written."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
    with transaction.atomic():
        load_default_catalog()
        loader = _Loader(scale=scale, seed=seed, progress=progress)
        counts = loader.run()
        where = loader.bloc if scale == "bloc" else loader.root
        note = f"scale={scale} seed={seed} " + " ".join(f"{k}={v}" for k, v in counts.items())
        audit.record(actor=SYSTEM, action="demo.plans", obj=where, scope_path=where.path, note=note)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for sql in connection.ops.sequence_reset_sql(no_style(), _MODELS):
                    cursor.execute(sql)
        bulk.analyze()
    return counts


__all__ = ["generate_plans", "insert_rows", "AS_OF", "LAST_QUARTER"]
