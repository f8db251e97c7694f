"""The default indicator catalog: every figure the seed review reports speak of.

Figures kept by records are measures (counted, never typed): the members, the admissions,
the inspections and supervisions, the ratings, the classes; the rest are entered by the units until a
register for them exists. A register that took over a figure the units used to type keeps
their typed past (``Indicator.counted_from``, see ``plans.switches``). Ratios are formulas over
aggregated numerators and denominators. `load_default_catalog` is idempotent."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from dangvu.core.actors import SYSTEM
from dangvu.orgs.models import Organization

from .models import Indicator, ReportingForm, ValidationRule

M, E, F = "measure", "entered", "formula"
# code, Vietnamese name, unit, value type, aggregation, source, measure key or (numerator, denominator), multiplier, decimals
DEFAULT_INDICATORS = [
    ("KET_NAP", "Kết nạp đảng viên mới", "đảng viên", "count", "sum", M, "admissions.decided", 1, 0),
    ("CONG_NHAN_CHINH_THUC", "Công nhận đảng viên chính thức", "đảng viên", "count", "sum", M, "members.recognized_full", 1, 0),
    ("DANG_VIEN", "Tổng số đảng viên", "đảng viên", "count", "sum", M, "members.on_roll", 1, 0),
    ("DANG_VIEN_DU_BI", "Đảng viên dự bị", "đảng viên", "count", "sum", M, "members.probationary", 1, 0),
    ("DANG_VIEN_CHINH_THUC", "Đảng viên chính thức", "đảng viên", "count", "sum", M, "members.full", 1, 0),
    ("XOA_TEN", "Xóa tên đảng viên", "đảng viên", "count", "sum", M, "members.removed", 1, 0),
    ("KHAI_TRU", "Khai trừ đảng viên", "đảng viên", "count", "sum", M, "members.expelled", 1, 0),
    ("TU_TRAN", "Đảng viên từ trần", "đảng viên", "count", "sum", M, "members.deceased", 1, 0),
    ("TCCSD", "Tổ chức cơ sở đảng", "tổ chức", "count", "sum", M, "orgs.grassroots", 1, 0),
    ("TCCSD_MOI", "Thành lập mới tổ chức cơ sở đảng", "tổ chức", "count", "sum", M, "orgs.grassroots_established", 1, 0),
    ("LOP_NHAN_THUC", "Lớp bồi dưỡng nhận thức về Đảng", "lớp", "count", "sum", M, "classes.awareness_held", 1, 0),
    ("LOP_DANG_VIEN_MOI", "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới", "lớp", "count", "sum", M, "classes.new_member_held", 1, 0),
    ("LOP_NGHIEP_VU", "Lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng", "lớp", "count", "sum", M, "classes.professional_held", 1, 0),
    ("KT_TO_CHUC", "Kiểm tra tổ chức đảng", "tổ chức", "count", "sum", M, "inspections.organizations_inspected", 1, 0),
    ("KT_DANG_VIEN", "Kiểm tra đảng viên", "đảng viên", "count", "sum", M, "inspections.members_inspected", 1, 0),
    ("GS_TO_CHUC", "Giám sát chuyên đề tổ chức đảng", "tổ chức", "count", "sum", M, "inspections.organizations_supervised_thematic", 1, 0),
    ("GS_DANG_VIEN", "Giám sát chuyên đề đảng viên", "đảng viên", "count", "sum", M, "inspections.members_supervised_thematic", 1, 0),
    ("TCCSD_QUAN_TRIET", "Tổ chức cơ sở đảng quán triệt nghị quyết đầy đủ, kịp thời", "tổ chức", "count", "sum", E, "", 1, 0),
    ("TL_TCCSD_QUAN_TRIET", "Tỷ lệ tổ chức cơ sở đảng quán triệt nghị quyết", "%", "percent", "sum", F, ("TCCSD_QUAN_TRIET", "TCCSD"), 100, 1),
    ("DV_HTT_TRO_LEN", "Đảng viên hoàn thành tốt nhiệm vụ trở lên", "đảng viên", "count", "average_sum", M, "ratings.members_good_or_above", 1, 0),
    ("DV_DUOC_XEP_LOAI", "Đảng viên được đánh giá, xếp loại", "đảng viên", "count", "average_sum", M, "ratings.members_rated", 1, 0),
    ("TL_DV_HTT_TRO_LEN", "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên", "%", "percent", "sum", F, ("DV_HTT_TRO_LEN", "DV_DUOC_XEP_LOAI"), 100, 1),
    ("TCCSD_HTT_TRO_LEN", "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "tổ chức", "count", "average_sum", M, "ratings.grassroots_good_or_above", 1, 0),
    ("TCCSD_DUOC_XEP_LOAI", "Tổ chức cơ sở đảng được đánh giá, xếp loại", "tổ chức", "count", "average_sum", M, "ratings.grassroots_rated", 1, 0),
    ("TL_TCCSD_HTT_TRO_LEN", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "%", "percent", "sum", F, ("TCCSD_HTT_TRO_LEN", "TCCSD_DUOC_XEP_LOAI"), 100, 1),
    ("DOANH_THU", "Tổng doanh thu của doanh nghiệp", "tỷ đồng", "amount", "sum", E, "", 1, 1),
    ("NOP_NGAN_SACH", "Nộp ngân sách nhà nước", "tỷ đồng", "amount", "sum", E, "", 1, 1),
    ("NOP_BHXH", "Nộp bảo hiểm xã hội", "tỷ đồng", "amount", "sum", E, "", 1, 1),
    ("QUY_THU_NHAP", "Tổng thu nhập của người lao động trong tháng", "triệu đồng", "amount", "average_sum", E, "", 1, 1),
    ("LAO_DONG", "Số người lao động", "người", "count", "average_sum", E, "", 1, 0),
    ("THU_NHAP_BQ", "Thu nhập bình quân của người lao động", "triệu đồng/tháng", "ratio", "sum", F, ("QUY_THU_NHAP", "LAO_DONG"), 1, 1),
    ("BIEN_CHE", "Biên chế được giao", "biên chế", "count", "sum", E, "", 1, 0),
]

# The reporting forms: code, name, period kind, days allowed after the period, kinds of
# reporting units, sectors (empty: every sector), indicators. A unit is asked only for the
# forms of its kind and sector: the figures of an enterprise (revenue, budget paid, social
# insurance, payroll, workers) only of the enterprises.
QUARTERLY_FORM = ("BC_QUY", "Báo cáo quý công tác xây dựng Đảng", "quarter", 10,
                  [Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL], [],
                  ["TCCSD_QUAN_TRIET"])
ENTERPRISE_FORM = ("BC_QUY_DN", "Báo cáo quý kết quả sản xuất kinh doanh của doanh nghiệp", "quarter", 10,
                   [Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL],
                   [Organization.Sector.ENTERPRISE],
                   ["DOANH_THU", "NOP_NGAN_SACH", "NOP_BHXH", "QUY_THU_NHAP", "LAO_DONG"])
DEFAULT_FORMS = [QUARTERLY_FORM, ENTERPRISE_FORM]
QUARTERLY_ENTERED = [code for form in DEFAULT_FORMS for code in form[-1]]
# code, message, left, operator, right, missing values, severity, form
DEFAULT_RULES = [
    ("BHXH_DUOI_DOANH_THU", "Nộp bảo hiểm xã hội không thể vượt doanh thu", "NOP_BHXH", "<=", "DOANH_THU", "skip_if_any", "error", "BC_QUY_DN"),
    ("THU_NHAP_CO_LAO_DONG", "Có quỹ thu nhập thì phải có số người lao động", "LAO_DONG", ">", "0", "skip_if_all", "error", "BC_QUY_DN"),
    ("THU_NHAP_HOP_LY", "Thu nhập bình quân trên 200 triệu đồng/tháng: xem lại", "QUY_THU_NHAP", "<=", "LAO_DONG * 200", "skip_if_any", "warning", "BC_QUY_DN"),
]


@transaction.atomic
def load_default_catalog(actor=SYSTEM) -> int:
    """Create the indicators, the quarterly reporting forms and their rules that are missing.
    Returns how many indicators were created."""
    from . import services

    existing = set(Indicator.objects.values_list("code", flat=True))
    created = 0
    for order, (code, name, unit, vtype, agg, source, ref, mult, dec) in enumerate(DEFAULT_INDICATORS, start=1):
        if code in existing:
            continue
        extra = {}
        if source == M:
            extra["measure_key"] = ref
        elif source == F:
            extra["numerator"] = Indicator.objects.get(code=ref[0])
            extra["denominator"] = Indicator.objects.get(code=ref[1])
        services.indicator_create(actor=actor, code=code, name=name, unit=unit, value_type=vtype, aggregation=agg,
                                  source=source, multiplier=Decimal(mult), decimals=dec, sort_order=order * 10, **extra)
        created += 1
    forms = {}
    for code, name, kind, due, kinds, sectors, codes in DEFAULT_FORMS:
        form, made = ReportingForm.objects.get_or_create(code=code, defaults={
            "name": name, "period_kind": kind, "due_days": due, "org_kinds": [str(k) for k in kinds],
            "sectors": [str(s) for s in sectors]})
        if made:
            form.indicators.set(Indicator.objects.filter(code__in=codes))
        forms[code] = form
    for rcode, message, left, op, right, missing, severity, form_code in DEFAULT_RULES:
        ValidationRule.objects.get_or_create(code=rcode, defaults={
            "message": message, "left": left, "operator": op, "right": right, "missing": missing,
            "severity": severity, "form": forms[form_code]})
    return created
