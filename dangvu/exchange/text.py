"""Figures read from a Vietnamese narrative report (issue 11, item 5).

``extract(text)`` returns the figures a reader would list from a report such as "Năm 2023,
toàn Đảng bộ kết nạp được 243/240 đảng viên (đạt 101,25% so với chỉ tiêu)": what is counted
(the subject), the value, its unit, the target and the percent of the target where the
text states them, the qualifier (trên, gần, hơn, khoảng, từ ... trở lên, đạt, vượt, ...), the
period and the organization, each with ``quote``: the exact words of the input it was read
from (always a substring of the text given).

The reader is made of rules (see docs/decisions.md): Vietnamese reports state their figures
in a small number of set phrasings, the rules run offline in milliseconds and every decision
can be traced to a line here. In order:

1. the text is cut into paragraphs (line breaks) and sentences, a period ending a sentence
   only when followed by a space and a capital letter, and not after an abbreviation
   ("TP. Hồ Chí Minh", "Th.S", "Đ/c") nor inside a number ("9.899");
2. numbers are read the Vietnamese way: "." groups thousands, "," is the decimal mark
   ("9.899" = 9899, "113,2" = 113.2); "243/240" is a value over its target; dates, times,
   years, ordinals ("lần thứ 7"), document numbers ("135-CTr/TU", "Nghị quyết số 12"),
   durations ("5 năm liền") and ages are not figures;
3. each figure gets its unit (a magnitude and currency, "60,8 tỷ đồng", "2,02 triệu tỷ
   đồng", a percent, or the counted noun "đảng viên", "lớp", "chỉ tiêu", ...), its subject
   (the verb phrase before the number and the noun phrase after it: "kết nạp" + "đảng viên"),
   and what follows it: "đạt 113,2% so Nghị quyết", "bằng 135% kế hoạch", "vượt 20% chỉ
   tiêu" (read as 120%) become the figure's percent of target; "chiếm 87,97%" is a share of a
   whole, a figure of its own that is never an achievement; a percent standing alone is an
   achievement only when the text says of what ("đạt 80% kế hoạch", "chỉ tiêu ... đạt 80%"),
   otherwise a rate;
4. goals ("phấn đấu kết nạp 350 quần chúng", "đề ra ... chỉ tiêu") are figures whose target
   is their value;
5. the period is the one written in the figure's sentence, else the last one written before
   it; the organization is the one acting in the sentence, else the one the text opens with.
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from dangvu.core.errors import RuleViolation

KEYS = ("quote", "subject", "value", "unit", "target", "percent_of_target", "qualifier", "period",
        "organization")

UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
IC = re.IGNORECASE


@dataclass
class Figure:
    """One figure read from the text. `start`/`end` locate `quote` in the text given."""

    quote: str
    subject: str | None
    value: Decimal
    unit: str | None
    target: Decimal | None = None
    percent_of_target: Decimal | None = None
    qualifier: str | None = None
    period: str | None = None
    organization: str | None = None
    start: int = 0
    end: int = 0
    kind: str = "count"  # count | amount | percent | share | achievement | goal

    def as_dict(self) -> dict:
        """The figure with exactly the keys of ``KEYS``, numbers as JSON numbers."""
        return {
            "quote": self.quote, "subject": self.subject, "value": json_number(self.value),
            "unit": self.unit, "target": json_number(self.target),
            "percent_of_target": json_number(self.percent_of_target), "qualifier": self.qualifier,
            "period": self.period, "organization": self.organization,
        }


def json_number(value: Decimal | None):
    """An int when whole, else a float; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# --- numbers ---------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|\d+,\d+|\d+\.\d+|\d+"
_TOKEN = re.compile(
    rf"(?<![\w.,/:+\-–])(?P<num>{_NUM})(?:/(?P<den>{_NUM}))?(?P<pct>\s?%|\s?phần trăm)?"
    rf"(?![\w/:\-]|[.,]\d)", IC)


def parse_number(text: str) -> Decimal:
    """A number as Vietnamese writes it: "9.899" -> 9899, "113,2" -> 113.2, "1.234,5" ->
    1234.5; "10.6" (a dot not grouping thousands) -> 10.6."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return Decimal(text.replace(".", "").replace(",", "."))
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return Decimal(0)


# Magnitudes and currencies ("60,8 tỷ đồng", "2,02 triệu tỷ đồng", "10,6 triệu đồng/tháng").
_AMOUNT = re.compile(
    r"\s*(?P<unit>(?:(?:nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+(?:tỷ|tỉ))?\s*)?"
    r"(?:đồng(?!\s+chí)|USD|đô la(?: Mỹ)?|VNĐ|VND|\bđ\b)(?:\s?/\s?(?:tháng|năm|người|hộ|ha|ngày|lao động)){0,2}"
    r"|(?:nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+(?:tỷ|tỉ))?(?=\s|$|[,.;)])"
    r"|ha|héc-ta|hécta|km|m2|m²|m3|tấn|tạ|kg|lít|MW|kWh)(?![\w])", IC)

# Counted nouns: the unit of a count ("283 đảng viên"); the longest is tried first.
UNIT_NOUNS = sorted({
    "tổ chức cơ sở đảng", "tổ chức đảng", "tổ chức", "đảng bộ cơ sở", "chi bộ cơ sở",
    "đảng bộ bộ phận", "chi bộ trực thuộc", "đảng bộ", "chi bộ", "đảng ủy", "đảng uỷ", "cấp ủy",
    "cấp uỷ", "đảng viên", "quần chúng", "đối tượng", "cán bộ", "công chức", "viên chức",
    "người lao động", "lao động", "lượt người", "lượt", "người", "học viên", "đồng chí",
    "thành viên", "hội viên", "đoàn viên", "chi đoàn", "cơ sở đoàn", "lớp", "cuộc", "đợt",
    "buổi", "hội nghị", "hội thi", "cuộc thi", "nhiệm vụ", "chỉ tiêu", "biên chế", "hồ sơ",
    "trường hợp", "vụ việc", "vụ", "đơn thư", "đơn", "văn bản", "quyết định", "nghị quyết",
    "chỉ thị", "kết luận", "quy định", "kế hoạch", "đề án", "chương trình", "báo cáo", "tin bài",
    "tin", "bài viết", "bài", "tác phẩm", "mô hình", "công trình", "phần việc", "sáng kiến",
    "đề tài", "giải pháp", "tập thể", "cá nhân", "đơn vị", "cơ quan", "doanh nghiệp",
    "hợp tác xã", "hộ gia đình", "hộ", "căn nhà", "căn", "ngôi nhà", "nhà", "suất quà", "suất",
    "phần quà", "phần", "xã", "phường", "thị trấn", "thôn", "ấp", "khu phố", "tổ", "huyện",
    "địa phương", "ngành", "sở", "ban", "điểm", "giờ", "ngày công", "bằng khen", "giấy khen",
    "huy hiệu", "cờ thi đua", "danh hiệu", "ý kiến", "kiến nghị", "nội dung", "tài liệu",
    "cuốn", "bộ", "trang", "video", "clip", "câu hỏi", "thí sinh", "bài dự thi", "sản phẩm",
    "việc làm", "dự án", "máy", "chiếc", "con", "cây", "km", "ha", "tấn", "đại biểu",
    "thanh niên", "gia đình", "học sinh", "sinh viên", "nhà văn hóa",
    "trường", "lượt kiểm tra", "cuộc kiểm tra", "cuộc giám sát", "phiên", "kỳ họp", "gương",
    "điển hình", "tấm gương", "công dân", "thẻ", "sổ", "bản", "quyển", "hạng mục",
}, key=len, reverse=True)
_UNIT_NOUN = re.compile(r"\s*(" + "|".join(re.escape(u) for u in UNIT_NOUNS) + r")(?![\w])", IC)

# A number directly after these words is not a figure: an ordinal, a document's number, a
# date part, a grade...
_NOT_AFTER = re.compile(
    r"(?:\b(?:thứ|số|khóa|khoá|lần|hạng|đợt|điều|khoản|mục|chương|quý|tháng|ngày|năm|tuần|"
    r"kỳ|tiết|trang|phòng|hội nghị trung ương|trung ương|nghị quyết|chỉ thị|kết luận|quy định|"
    r"quyết định|hướng dẫn|thông báo|thông tư|nghị định|chương trình hành động|"
    r"chương trình|kế hoạch|đề án|công văn|tờ trình|GMT|UTC|lúc|vào lúc|top|mã|phiên bản|"
    r"đường|ấp|khu phố|tổ|phường|quận|lô|km|quốc lộ|tỉnh lộ|tầng)\s*)$", IC)
# ... nor a number directly followed by these: durations, ages, times, parts of a code.
_NOT_BEFORE = re.compile(
    r"^(?:\s*(?:năm|tháng|tuần|quý|ngày(?! công)|tuổi|giờ(?=\s*\d)|h\d|thế kỷ|ký tự|lần thứ|"
    r"kỳ họp)(?![\w])|[-–/][A-ZĐ]|\s*/\s*\d)", IC)
_DAY_BEFORE = re.compile(r"(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|thứ \w+,?|chủ nhật,?|đến|từ)\s*$", IC)
_TIME_UNITS = ("năm", "tháng", "ngày", "tuần", "quý", "giờ", "phút", "giây")

# --- periods and organizations ---------------------------------------------------------

_YEAR = r"(?:19[3-9]\d|20\d\d)"
_PERIOD = re.compile(
    rf"(?:(?:\d+|sáu|chín|ba) tháng (?:đầu |cuối )?năm\s*{_YEAR}"
    rf"|quý\s+(?:[IV]+|\d)(?:\s*/\s*|\s+năm\s+){_YEAR}"
    rf"|tháng\s+\d{{1,2}}(?:\s*/\s*|\s+năm\s+){_YEAR}"
    rf"|(?:nhiệm kỳ|giai đoạn)\s*{_YEAR}\s*[-–]\s*{_YEAR}"
    rf"|năm học\s*{_YEAR}\s*[-–]\s*{_YEAR}"
    rf"|năm\s*{_YEAR}"
    rf"|(?:từ )?đầu (?:năm|nhiệm kỳ)(?: đến nay)?|nhiệm kỳ (?:đến nay|này)|(?:giữa|nửa) nhiệm kỳ)", IC)
_GOAL = re.compile(r"phấn đấu|(?<!đã )(?<!đã được )đề ra|mục tiêu|dự kiến|phương hướng|chỉ tiêu như", IC)

_ORG_HEAD = (r"(?:Đảng bộ|Đảng ủy|Đảng uỷ|Chi bộ|Ban Thường vụ|Ban Chấp hành|Ủy ban Kiểm tra|"
             r"Uỷ ban Kiểm tra|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Quận ủy|"
             r"Quận uỷ|Thị ủy|Thị uỷ|Ban Tổ chức|Ban Tuyên giáo|Ban Dân vận|Ban Nội chính|"
             r"Cấp ủy|Cấp uỷ|ĐUK\w*|BTV)")
_ORG_WORD = (rf"(?:(?!(?:Những|Các|Trong|Năm|Về|Với|Tại|Theo|Cùng|Đây|Sáng|Chiều|Ngày|Thực|Tổ|Kết|Công)\b)"
             rf"[{UPPER}][\w.]*|\([{UPPER}]+\)|các|và|cơ quan|cơ|quan|doanh nghiệp|doanh|nghiệp|tỉnh|huyện|"
             rf"quận|thị xã|thành phố|phố|xã|phường|khối|cơ sở|trực thuộc|ủy|uỷ|vụ|đảng|kiểm tra|chấp hành|"
             rf"[-–](?=\s+[Dd]oanh))")
_ORG = re.compile(
    rf"(?:(?:toàn|cả)\s+)?{_ORG_HEAD}(?:\s+{_ORG_WORD})*"
    rf"|\b(?:toàn|cả)\s+(?:tỉnh|huyện|thành phố|quận|thị xã|Đảng bộ|đảng bộ|ngành|khối|xã|phường)"
    rf"(?:\s+{_ORG_WORD})*"
    r"|\b(?:các\s+)?(?:cấp ủy|cấp uỷ)(?:\s+(?:đảng|các cấp|cơ sở|trực thuộc))*")
_ORG_TRAIL = re.compile(r"(?:\s+(?:các|và|[-–]))+$")
_ORG_OBJECT = re.compile(r"\b(?:của|cho|với|đến|tới|theo|về|thuộc|trong|từ|tại)\s*$", IC)

# --- words around a figure ---------------------------------------------------------------

_COMPARATORS = ("trên", "hơn", "gần", "khoảng", "xấp xỉ", "gần như", "dưới", "ít nhất",
                "tối thiểu", "chưa đến", "chưa tới", "tới", "từ", "gần như")
_QUALIFIER_END = re.compile(
    r"(?:\b(?P<verb>đạt|vượt|bằng|là|được|có|lên|tăng|giảm)\s+)?(?:(?:được|là)\s+)?"
    r"\b(?P<cmp>trên|hơn|gần như|gần|khoảng|xấp xỉ|dưới|ít nhất|tối thiểu|chưa đến|chưa tới|từ)\s*$"
    r"|\b(?P<bare>đạt|vượt)(?:\s+(?:được|mức))?\s*$", IC)
_FILLER_END = re.compile(
    r"(?:\s*\b(?:đạt|vượt|bằng|được|là|có|với|gồm|tổng số|tổng cộng|toàn bộ|tất cả|cho|tới|đến|"
    r"(?<!trở )lên|từ|trên|hơn|gần như|gần|khoảng|xấp xỉ|dưới|ít nhất|tối thiểu|chưa đến|chưa tới|thêm|"
    r"tổng|số|cả|nhận|thì|ước|ước tính|và|của|cũng|chiếm|hiện có)\b)+\s*$", IC)
_FILLER_START = re.compile(
    r"^(?:\s*\b(?:và|hoặc|cùng|trong đó|trong số đó|đồng thời|ngoài ra|bên cạnh đó|theo đó|cụ thể|"
    r"kết quả|qua đó|nhờ đó|từ đó|tiếp tục|nhìn chung|đặc biệt|riêng|nổi bật là|đến nay|hiện nay|"
    r"trong năm|trong kỳ|cả năm|năm nay|toàn|đã|đang|sẽ|có|là|với|được|của|cũng|hiện có|hiện|"
    r"trở lên)\b[:\s]*)+", IC)
_AUX = re.compile(r".*\b(?:đã tiến hành|tiến hành|đã|đang|sẽ)\s+(?=\S)", IC)
_NEAR_NUMBER = r"(?=\s+(?:[^\s\d]+\s+){0,3}\d)"
_NP_STOP = re.compile(
    rf"\s(?:(?:đạt|bằng|vượt|và|hoặc|với){_NEAR_NUMBER}|so với|so|tăng|giảm|chiếm|trong đó|gồm|là|"
    rf"với tỷ lệ|tương đương|nhưng|nâng|góp phần|qua đó|cao hơn|thấp hơn|số(?=\s*\d))(?![\w])", IC)
# Clause boundaries. Quotation marks are not: they enclose names and titles ("đạt tiêu chuẩn
# “Hoàn thành xuất sắc nhiệm vụ”").
_BOUNDARY = re.compile(r"[,;:()\[\]]|\s[-–]\s|[.…]+\s*$")
# After a comma a noun phrase goes on with a name ("cho các cơ quan khối Đảng, Mặt trận Tổ
# quốc") or another counted noun ("20 đảng bộ cơ sở, chi bộ cơ sở").
_NP_GOES_ON = re.compile(rf"\s*,\s*(?=[{UPPER}]|(?:" + "|".join(re.escape(u) for u in UNIT_NOUNS) + r")(?![\w]))")
_ACHIEVE_BEFORE = re.compile(
    r"\b(?P<cue>đạt|bằng|vượt|hoàn thành|tương đương|đạt tỷ lệ|đạt mức)(?:\s+(?:được|mức|tỷ lệ))?"
    r"(?:\s+(?P<cmp>trên|hơn|gần|khoảng|xấp xỉ))?\s*$", IC)
_TARGET_AFTER = re.compile(
    r"^\s*(?:so\s+với\s+|so\s+|của\s+)?(?:kế hoạch|KH|chỉ tiêu|nghị quyết|NQ|mục tiêu|dự toán|"
    r"yêu cầu|chương trình)(?![\w])", IC)
_GROWTH_AFTER = re.compile(r"^\s*so\s+(?:với\s+)?(?:cùng kỳ|năm trước|năm\s+\d|kỳ trước|đầu)", IC)
_TARGET_WORD = re.compile(r"\b(?:chỉ tiêu|kế hoạch|mục tiêu|dự toán)\b", IC)
_SHARE_BEFORE = re.compile(r"\bchiếm(?:\s+(?:tỷ lệ|tỉ lệ|khoảng|gần|hơn|trên|xấp xỉ))*\s*$"
                           r"|[,(]\s*(?:đạt\s+)?(?:tỷ lệ|tỉ lệ)(?:\s+(?:khoảng|gần|hơn|trên|xấp xỉ))?\s*$", IC)
_GROWTH_BEFORE = re.compile(r"\b(?:tăng|giảm|cao hơn|thấp hơn)(?:\s+\w+){0,2}\s*$", IC)
_GAP_OK = re.compile(
    r"^[\s,(–-]*(?:(?:đạt|bằng|vượt|tương đương|hoàn thành|bằng khoảng)(?:\s+(?:tỷ lệ|được|mức))?\s*)?"
    r"(?:(?:trên|hơn|gần|khoảng|xấp xỉ|gần như)\s*)?$", IC)
_TARGET_GAP = re.compile(
    r"^[\s,(/–-]*(?:(?:trên|so với|so|/)\s*)?(?:tổng số\s+)?(?:chỉ tiêu|kế hoạch|KH|mục tiêu)"
    r"(?:\s+(?:được giao|giao|đề ra|đặt ra|là))*\s*$", IC)
_LEAD_TARGET = re.compile(r"^(?:chỉ tiêu|kế hoạch|mục tiêu)\s+(?:về\s+)?", IC)
_SUBJECT_NOISE = re.compile(r"\s*\b(?:trở lên)\b\s*$", IC)
_ABBREVIATIONS = {
    "tp", "tt", "tx", "q", "p", "ths", "ts", "pgs", "gs", "bs", "ks", "cn", "th.s", "v.v", "vv",
    "đ/c", "đc", "st", "mr", "mrs", "ms", "dr", "no", "tr", "vd", "ttg", "ubnd", "hđnd",
}
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s+[\"“‘(]?[\d" + UPPER + r"])|[!?…]+(?=\s)")
_WORD = re.compile(r"[^\W\d_]", re.UNICODE)


# --- the text, normalized, with offsets into the original --------------------------------

class _Source:
    """The text in Unicode NFC, with a map from each position back to the text as given, so
    that a quote is cut from the original (a substring of it whatever its normalization)."""

    def __init__(self, original: str):
        self.original = original
        if unicodedata.is_normalized("NFC", original):
            self.text = original
            self._starts = None
            return
        pieces, starts, ends = [], [], []
        i, n = 0, len(original)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(original[j]):
                j += 1
            chunk = unicodedata.normalize("NFC", original[i:j])
            pieces.append(chunk)
            starts.extend([i] * len(chunk))
            ends.extend([j] * len(chunk))
            i = j
        self.text = "".join(pieces)
        self._starts, self._ends = starts, ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) in the original of the normalized text[start:end]."""
        if self._starts is None:
            return start, end
        if start >= len(self._starts):
            return len(self.original), len(self.original)
        return self._starts[start], self._ends[max(start, end - 1)]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a line break always ends one; ".", "!", "?", "…" end one
    when followed by a space and a capital letter or digit, except after an abbreviation
    ("TP. Hồ Chí Minh") or a single capital (initials). A dot inside a number ("9.899") never
    does; ";" does not either (a list of results separated by semicolons shares its opening
    words: "Năm 2022, phấn đấu: kết nạp 350 ...; thành lập ...")."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _SENTENCE_END.finditer(line.group()):
            cut = line.start() + m.end()
            if m.group().startswith("."):
                before = re.search(r"([\w./]+)\.*$", text[start:line.start() + m.start()])
                word = before.group(1).lower() if before else ""
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
            if text[start:cut].strip():
                spans.append(_trim(text, start, cut))
            start = cut
        if text[start:line.end()].strip():
            spans.append(_trim(text, start, line.end()))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- reading ------------------------------------------------------------------------------

@dataclass
class _Token:
    start: int
    end: int          # end of the number (with "/den" and "%")
    value: Decimal
    target: Decimal | None
    percent: bool
    unit: str | None = None
    unit_end: int = 0  # end of the unit
    np_end: int = 0    # end of the noun phrase after the number
    np: str = ""
    role: str = "primary"
    figure: Figure | None = None
    predicate: str = ""
    extra: dict = field(default_factory=dict)


def extract(text: str) -> list[Figure]:
    """The figures stated in `text` (see the module's description), in reading order."""
    if not isinstance(text, str) or not text:
        return []
    src = _Source(text)
    s = src.text
    figures: list[Figure] = []
    sentences = split_sentences(s)
    periods = _topic_periods(s, sentences)
    period_starts = [p[0] for p in periods]
    main_org = _main_organization(s)
    for start, end in sentences:
        if len(_WORD.findall(s[start:end])) < 3:
            continue
        figures.extend(_read_sentence(s, start, end, periods, period_starts, main_org))
    out = []
    for f in _dedupe(figures):
        a, b = src.span(f.start, f.end)
        f.start, f.end, f.quote = a, b, text[a:b]
        out.append(f)
    return out


def _topic_periods(s: str, sentences) -> list[tuple[int, str]]:
    """The periods a text sets for what follows: the first it names (its title's year, as a
    rule) and those opening a sentence or a clause ("Năm 2023, ..."; "...; năm 2021, ...").
    A period named in passing ("giao biên chế năm 2024") is the period of its own sentence
    only."""
    found = []
    first = _PERIOD.search(s)
    if first:
        found.append((0, first.group()))
    for start, end in sentences:
        for m in _PERIOD.finditer(s, start, end):
            lead = re.split(r"[;:]", s[start:m.start()])[-1]
            if len(lead.split()) <= 2:
                found.append((m.start(), m.group()))
    return found


def _main_organization(s: str) -> str | None:
    for m in _ORG.finditer(s[:600]):
        name = _ORG_TRAIL.sub("", m.group()).strip()
        if len(name.split()) >= 3:
            return name
    return None


def _tokens(s: str, start: int, end: int) -> list[_Token]:
    sentence = s[start:end]
    out = []
    for m in _TOKEN.finditer(sentence):
        a, b = start + m.start(), start + m.end()
        before, after = s[max(start, a - 40):a], s[b:min(end, b + 30)]
        num, den, pct = m.group("num"), m.group("den"), m.group("pct")
        if _NOT_AFTER.search(before) or (not pct and _NOT_BEFORE.match(after)):
            continue
        if den is not None and (_DAY_BEFORE.search(before) or (
                re.fullmatch(r"\d{1,2}", num) and 1 <= int(num) <= 31 and re.fullmatch(r"\d{1,2}", den)
                and 1 <= int(den) <= 12 and not _UNIT_NOUN.match(after))):
            continue  # "ngày 18/1": a date
        if den is None and not pct and re.fullmatch(_YEAR, num):
            continue  # a year: a period, not a figure
        if before.rstrip().endswith(("+", "#", "№")):
            continue
        value = parse_number(num)
        token = _Token(a, b, value, parse_number(den) if den is not None else None, bool(pct))
        out.append(token)
    return out


def _unit_after(s: str, tok: _Token, end: int) -> None:
    """The unit right after the number and the noun phrase that follows it."""
    after = s[tok.end:end]
    if tok.percent:
        tok.unit, tok.unit_end = "%", tok.end
    else:
        m = _AMOUNT.match(after)
        if m:
            tok.unit, tok.unit_end = re.sub(r"\s+", " ", m.group("unit").strip()), tok.end + m.end()
        else:
            m = _UNIT_NOUN.match(after)
            if m:
                tok.unit, tok.unit_end = m.group(1).lower(), tok.end + m.end()
            else:
                tok.unit_end = tok.end
    np_start = tok.unit_end if tok.unit not in UNIT_NOUNS_LOWER else tok.end
    rest = s[np_start:end]
    cut, pos = len(rest), 0
    while True:
        cut = len(rest)
        for pattern in (_BOUNDARY, _NP_STOP, _PERIOD, _TOKEN):
            m = pattern.search(rest, pos)
            if m:
                cut = min(cut, m.start())
        goes_on = _NP_GOES_ON.match(rest, cut)
        if goes_on is None or _TOKEN.match(rest, goes_on.end()) or cut == pos and pos:
            break
        pos = goes_on.end()
    found = list(re.finditer(r"\S+", rest[:cut]))
    if tok.unit in (None, "%") or tok.unit in UNIT_NOUNS_LOWER:
        found = found[:20]
    else:
        found = []  # an amount ("tỷ đồng") is what the subject before it measures
    while found and found[-1].group().lower() in _NP_TRAIL:
        found.pop()
    while found and found[-1].group().lower() in ("ít", "nhất", "tối", "thiểu", "trên", "hơn", "gần", "khoảng", "từ"):
        found.pop()
    tok.np = re.sub(r"^trở lên\s*", "", _SUBJECT_NOISE.sub("", " ".join(m.group() for m in found)), flags=IC)
    tok.np_end = np_start + found[-1].end() if found else tok.unit_end
    if tok.unit is None and tok.np == "" and tok.percent:
        tok.unit = "%"


UNIT_NOUNS_LOWER = set(UNIT_NOUNS)
_NP_TRAIL = {"trong", "của", "cho", "tại", "với", "và", "năm", "vào", "ở", "để", "từ", "theo", "đến", "tới"}


def _left_clause(s: str, start: int, a: int) -> tuple[int, str]:
    """The words before position `a`, back to the last clause boundary (or `start`)."""
    before = s[start:a]
    cut = 0
    for m in _BOUNDARY.finditer(before):
        cut = m.end()
    return start + cut, before[cut:]


def _predicate(s: str, start: int, a: int) -> tuple[str, int]:
    """The verb phrase before a number: "toàn Đảng bộ ... kết nạp được trên" -> "kết nạp", and
    where its clause starts."""
    clause_start, left = _left_clause(s, start, a)
    left = _ORG.sub(" ", left)
    left = _PERIOD.sub(" ", left)
    left = re.sub(r"\S*\d\S*", " ", left)  # numbers, codes ("135-CTr/TU")
    left = _FILLER_END.sub("", left)
    aux = _AUX.match(left)
    if aux and left[aux.end():].strip():
        left = left[aux.end():]
    left = _FILLER_START.sub("", left)
    left = _FILLER_END.sub("", left)
    words = left.split()[-14:]
    if not words:
        return "", a
    phrase = " ".join(words)
    pos = s.rfind(words[0], clause_start, max(clause_start, a - len(phrase) + len(words[0]) + 1))
    if pos < 0:
        pos = s.find(words[0], clause_start, a)
    return " ".join(words), (pos if pos >= 0 else clause_start)


def _qualifier(s: str, start: int, tok: _Token, end: int) -> str | None:
    before = s[start:tok.start]
    after = s[tok.unit_end:end]
    m = _QUALIFIER_END.search(before)
    if not m:
        return "trở lên" if re.match(r"^\s*trở lên\b", after, IC) else None
    if m.group("cmp"):
        word = m.group("cmp").lower()
        if word == "từ":
            follow = re.match(r"^[^,;.]{0,40}?\btrở lên\b", after, IC)
            if follow and not _TOKEN.search(follow.group()):
                return "từ ... trở lên"
            if re.match(r"^\s*(?:đến|tới|-|–)\s*\d", s[tok.end:end], IC):
                return "từ"
            return None
        return word
    return m.group("bare").lower()


def _period_for(s: str, start: int, end: int, tok: _Token, periods, period_starts) -> str | None:
    """The period written in the figure's sentence (before the figure, else after it), else
    the last period the text set before it (``_topic_periods``)."""
    inside = [m for m in _PERIOD.finditer(s, start, end) if not re.match(r"(?:giữa|nửa) nhiệm kỳ", m.group(), IC)]
    before = [m for m in inside if m.start() < tok.start]
    if before:
        return _clean_period(before[-1].group())
    clause_end = s.find(";", tok.start, end)
    after = [m for m in inside if m.start() > tok.start and (clause_end < 0 or m.start() < clause_end)]
    if after:
        return _clean_period(after[0].group())
    i = bisect.bisect_right(period_starts, tok.start) - 1
    return _clean_period(periods[i][1]) if i >= 0 else None


def _clean_period(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[0].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def _organization(s: str, start: int, tok: _Token, main_org: str | None) -> str | None:
    found = None
    for m in _ORG.finditer(s, start, tok.start):
        if _ORG_OBJECT.search(s[max(start, m.start() - 12):m.start()]):
            continue
        found = _ORG_TRAIL.sub("", m.group()).strip()
    return found or main_org


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _read_sentence(s, start, end, periods, period_starts, main_org) -> list[Figure]:
    tokens = _tokens(s, start, end)
    if not tokens:
        return []
    for tok in tokens:
        _unit_after(s, tok, end)
    figures: list[Figure] = []
    goal_sentence = _GOAL.search(s, start, end)
    last: _Token | None = None  # the last figure read in the sentence
    for tok in tokens:
        before = s[start:tok.start]
        after = s[tok.end:end]
        gap_ok = last is not None and _GAP_OK.match(s[last.np_end:tok.start]) is not None
        if tok.percent:
            share = _SHARE_BEFORE.search(before)
            achieve = _ACHIEVE_BEFORE.search(before)
            growth = _GROWTH_BEFORE.search(before) or _GROWTH_AFTER.match(after)
            target_after = _TARGET_AFTER.match(after) and not _GROWTH_AFTER.match(after)
            if share:
                tok.role = "share"
            elif growth and not achieve:
                tok.role = "rate"
            elif achieve and last is not None and last.figure is not None and gap_ok \
                    and last.figure.unit == "chỉ tiêu" and last.figure.kind == "count":
                # "10/14 chỉ tiêu đạt 100% trở lên": which indicators are counted, not how far
                # the count reached its target
                words = s[last.np_end:tok.end] + (" trở lên" if re.match(r"\s*trở lên", after, IC) else "")
                last.figure.subject = re.sub(r"[\s(]+", " ", f"{last.figure.subject} {words}").strip()
                last.figure.end = max(last.figure.end, tok.end + (len(after) - len(after.lstrip()) + 7
                                                                   if words.endswith(" trở lên") else 0))
                last.np_end = last.figure.end
                continue
            elif (achieve or target_after) and last is not None and last.figure is not None and gap_ok \
                    and last.figure.percent_of_target is None:
                percent = tok.value + 100 if achieve and achieve.group("cue").lower() == "vượt" else tok.value
                last.figure.percent_of_target = percent
                last.figure.end = max(last.figure.end, tok.end)
                last.np_end = max(last.np_end, tok.end)
                continue
            elif achieve or target_after:
                tok.role = "achievement"
            else:
                tok.role = "rate"
        elif last is not None and last.figure is not None and last.figure.target is None \
                and _TARGET_GAP.match(s[last.np_end:tok.start]):
            last.figure.target = tok.value
            last.figure.end = max(last.figure.end, tok.unit_end)
            last.np_end = max(last.np_end, tok.unit_end)
            continue
        figure = _figure(s, start, end, tok, last, periods, period_starts, main_org,
                         goal=bool(goal_sentence and goal_sentence.start() < tok.start))
        if figure is None:
            continue
        figures.append(figure)
        tok.figure = figure
        last = tok
    return figures


def _figure(s, start, end, tok, last, periods, period_starts, main_org, *, goal) -> Figure | None:
    floor = max(start, last.np_end) if last is not None else start
    predicate, quote_start = _predicate(s, floor, tok.start)
    if tok.role in ("share", "achievement"):
        if not predicate:
            # "... đảng viên mới, đạt 80%": the clause before says of what
            clause_start, _ = _left_clause(s, floor, tok.start)
            if clause_start > floor:
                predicate, quote_start = _predicate(s, floor, clause_start - 1)
        if tok.role == "share" and re.fullmatch(r"(?:tỷ lệ|tỉ lệ)?", predicate, IC) and last is not None \
                and last.figure is not None:
            predicate, quote_start = f"{predicate} {last.figure.subject or ''}".strip(), min(quote_start, tok.start)
        if not predicate and last is not None and last.figure is not None:
            predicate, quote_start = last.figure.subject or "", tok.start
    elif not predicate and last is not None and last.role == "primary" and _shares_verb(s, floor, tok, last):
        # "kiểm tra 40 tổ chức đảng và 56 đảng viên": the second figure shares the verb
        predicate, quote_start = last.predicate, tok.start
    if tok.role == "rate" and last is not None and last.figure is not None and re.fullmatch(
            r"(?:tăng|giảm|cao hơn|thấp hơn)(?:\s+\w+)?", predicate, IC):
        predicate = f"{last.figure.subject} {predicate}"  # "đạt 7,5%, tăng 1,2% so với cùng kỳ"
    elif tok.role != "share" and not tok.percent and re.match(r"chỉ tiêu\b", predicate, IC):
        goal = True  # "Chỉ tiêu kết nạp đảng viên năm 2023 là 250 đồng chí"
    tok.predicate = predicate
    unit = tok.unit
    np = tok.np
    if tok.role in ("share", "achievement"):
        np = ""
    subject = " ".join(p for p in (predicate, np) if p).strip(" ,.;:-–“”\"'‘’")
    subject = _LEAD_TARGET.sub("", subject)
    subject = re.sub(r"\s+", " ", subject)
    if unit is None:
        inner = _UNIT_NOUN.search(" " + subject) if subject else None
        unit = inner.group(1).lower() if inner else None
    if unit is None and last is not None and last.figure is not None and last.figure.unit in UNIT_NOUNS_LOWER:
        unit = last.figure.unit  # "kỷ luật 12 đảng viên, trong đó khiển trách 8, cảnh cáo 3"
    if not subject or unit is None or unit in _TIME_UNITS:
        return None
    qualifier = _qualifier(s, start, tok, end)
    value = tok.value
    percent = None
    kind = "count"
    if tok.role == "achievement":
        achieve = _ACHIEVE_BEFORE.search(s[start:tok.start])
        if achieve and achieve.group("cue").lower() == "vượt":
            value = tok.value + 100
            qualifier = "vượt"
        elif not achieve or not (_TARGET_AFTER.match(s[tok.end:end]) or _TARGET_WORD.search(predicate)):
            kind = "percent"  # "tỷ lệ ... đạt 76,3%": a rate, not an achievement
        if kind != "percent":
            percent, kind = value, "achievement"
            if achieve and achieve.group("cmp"):
                qualifier = achieve.group("cmp").lower()
    elif tok.role == "share":
        kind = "share"
    elif unit == "%":
        kind = "percent"
    elif unit not in UNIT_NOUNS_LOWER:
        kind = "amount"
    target = tok.target
    if goal and target is None and kind != "share":
        target, kind = value, "goal"
    number_start = tok.start
    m = re.search(r"(?:\b(?:đạt|vượt|bằng|chiếm)\s+)?(?:(?:được|là|tỷ lệ)\s+)?(?:\b(?:trên|hơn|gần như|gần|"
                  r"khoảng|xấp xỉ|dưới|ít nhất|tối thiểu|chưa đến|chưa tới|từ)\s+)?$",
                  s[max(start, tok.start - 30):tok.start], IC)
    if m and m.group():
        number_start = tok.start - len(m.group())
    quote_start = min(quote_start, number_start)
    quote_end = max(tok.np_end, tok.unit_end, tok.end)
    period = _period_for(s, start, end, tok, periods, period_starts)
    return Figure(
        quote=s[quote_start:quote_end], subject=_lower_first(subject), value=value, unit=unit,
        target=target, percent_of_target=percent, qualifier=qualifier, period=period,
        organization=_organization(s, start, tok, main_org), start=quote_start, end=quote_end,
        kind=kind)


def _words(text: str | None) -> set[str]:
    from dangvu.core.text import normalize

    return set(normalize(text or "").split())


def _shares_verb(s: str, floor: int, tok: _Token, last: _Token) -> bool:
    """Whether a figure with no verb of its own takes the one of the figure before: joined
    to it by "và", "hoặc", "với" or a comma ("kiểm tra 40 tổ chức đảng và 56 đảng viên"), or
    after a semicolon when it counts the same thing ("Tổ chức 10 lớp ...; 4 lớp ...")."""
    left = _PERIOD.sub("", s[last.np_end:tok.start])
    if not re.fullmatch(r"[\s,;]*(?:(?:và|hoặc|cùng|với)\s*)?", left, IC):
        return False
    return ";" not in left or (last.figure is not None and last.figure.unit == tok.unit)


def _known(f: Figure) -> int:
    return sum(v is not None for v in (f.target, f.percent_of_target, f.qualifier, f.period, f.organization))


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """A figure stated twice (a headline and its body) is listed once: same value, unit,
    target and percent, and subjects sharing most of their words."""
    kept: list[Figure] = []
    for f in figures:
        twin = None
        for i, k in enumerate(kept):
            if (k.value, k.unit, k.target, k.percent_of_target) != (f.value, f.unit, f.target, f.percent_of_target):
                continue
            a, b = _words(k.subject), _words(f.subject)
            if a and b and len(a & b) / min(len(a), len(b)) >= 0.6:
                twin = k
                if _known(f) > _known(k):
                    kept[i] = f  # the fuller statement (the body's, with its period) is kept
                break
        if twin is None:
            kept.append(f)
    return kept


# --- files ----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_upload(name: str, data: bytes) -> str:
    """The text of an uploaded .txt or .docx, or RuleViolation saying why it cannot be read."""
    limit = settings.DANGVU_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise RuleViolation(
            _("The file is %(size)s bytes; at most %(limit)s bytes are read.")
            % {"size": f"{len(data):,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")},
            code="extract_file_too_large")
    lower = (name or "").lower()
    if lower.endswith(".docx"):
        return read_docx(data)
    if lower.endswith(".txt") or not lower:
        return decode_text(data)
    raise RuleViolation(_("Only .txt and .docx files can be read (the file is %(name)s).") % {"name": name},
                        code="extract_file_type")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without its byte order mark), else the Windows code page for Vietnamese
    (cp1258) that older office machines save in; in Unicode NFC."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def read_docx(data: bytes) -> str:
    """The paragraphs of a Word .docx (tables' cells included), one a line. The file is a zip:
    its declared uncompressed size is checked before anything is read, so that a zip bomb is
    refused without being opened."""
    limit = settings.DANGVU_IMPORT_MAX_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RuleViolation(_("The file is not a Word document (.docx) that can be read."),
                            code="extract_docx_broken") from exc
    if info.file_size > 5 * limit:
        raise RuleViolation(
            _("The document's text is %(size)s bytes once unpacked; at most %(limit)s bytes are read.")
            % {"size": f"{info.file_size:,}".replace(",", "."), "limit": f"{5 * limit:,}".replace(",", ".")},
            code="extract_docx_too_large")
    try:
        with archive.open(info) as stream:
            xml = stream.read(5 * limit + 1)
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError, RuntimeError, EOFError) as exc:
        raise RuleViolation(_("The file is not a Word document (.docx) that can be read."),
                            code="extract_docx_broken") from exc
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return unicodedata.normalize("NFC", "\n".join(lines))


# --- what the figures map to -------------------------------------------------------------

_NAME_NOISE = {"cua", "va", "cac", "so", "tong", "moi", "duoc", "trong", "cho", "ve", "ty", "le"}


def suggest_indicator(figure: Figure, indicators) -> str | None:
    """The code of the indicator whose name says most of what the figure counts, or None.
    `indicators` are (code, name, unit). A name's words (diacritics and case set aside:
    ``core.text.normalize``) found in the figure's subject and unit count; at least 60% of
    the name's telling words (and two of them) must be there, more words found winning, a
    unit like the figure's helping; a percent figure goes to a percent indicator and
    a count or an amount to one that is not."""
    said = _words(f"{figure.subject or ''} {figure.unit or ''}")
    best, best_score = None, 0.0
    percent = figure.unit == "%"
    for code, name, unit in indicators:
        name_words = _words(name) - _NAME_NOISE
        if not name_words or percent != ((unit or "").strip() == "%"):
            continue
        matched = len(name_words & said)
        if matched < min(2, len(name_words)) or matched / len(name_words) < 0.6:
            continue
        score = matched / len(name_words) + 0.05 * matched
        if _words(unit) and _words(figure.unit):
            score += 0.1 if _words(unit) <= _words(figure.unit) else -0.2 if not _words(unit) & _words(figure.unit) else 0
        if score > best_score:
            best, best_score = code, score
    return best


_PERIOD_CODES = [
    (re.compile(rf"(?:6|sáu) tháng đầu năm\s*({_YEAR})", IC), "{}H1"),
    (re.compile(rf"(?:6|sáu) tháng cuối năm\s*({_YEAR})", IC), "{}H2"),
    (re.compile(rf"quý\s+(I|II|III|IV|1|2|3|4)(?:\s*/\s*|\s+năm\s+)({_YEAR})", IC), "quarter"),
    (re.compile(rf"tháng\s+(\d{{1,2}})(?:\s*/\s*|\s+năm\s+)({_YEAR})", IC), "month"),
    (re.compile(rf"(?:nhiệm kỳ|giai đoạn)\s*({_YEAR})\s*[-–]\s*({_YEAR})", IC), "{}-{}"),
    (re.compile(rf"^năm\s*({_YEAR})$", IC), "{}"),
]
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


def period_code(period: str | None) -> str | None:
    """The code dangvu gives the period a figure names ("năm 2023" -> "2023", "6 tháng đầu
    năm 2024" -> "2024H1", "quý I/2024" -> "2024Q1", "nhiệm kỳ 2020-2025" -> "2020-2025"),
    or None when it names no period of the calendar ("từ đầu nhiệm kỳ đến nay")."""
    for pattern, shape in _PERIOD_CODES:
        m = pattern.search(period or "")
        if not m:
            continue
        if shape == "quarter":
            q = _QUARTERS.get(m.group(1).upper()) or int(m.group(1))
            return f"{m.group(2)}Q{q}"
        if shape == "month":
            month = int(m.group(1))
            return f"{m.group(2)}-{month:02d}" if 1 <= month <= 12 else None
        return shape.format(*m.groups())
    return None
