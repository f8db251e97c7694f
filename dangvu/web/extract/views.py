"""Figures read from a Vietnamese report (issue 11, item 5): paste a report or upload a
.docx/.txt, see the figures it states (``exchange.text``), each with the indicator its words
suggest; the user ticks the figures to keep, picks or corrects the indicator and the value,
and the ticked figures are saved as values of the unit and period of the page through
``exchange.results.figures_save``: the checks of any import and of the entry page (scope,
read-only account, approved period, a count whole and not negative, ...), all or nothing,
each refusal shown on its row.

The page is for accounts that may enter the unit's figures (a read-only account is refused
with the reason, 403); a unit outside the user's tree answers 404. Nothing is kept between
reading and saving but the rows of the form itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangvu.core import formatting
from dangvu.core.errors import PermissionDenied, RuleViolation, message
from dangvu.core.periods import Period, PeriodError, parse
from dangvu.exchange import results
from dangvu.exchange import text as reader
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import write_refusal
from dangvu.plans import selectors as plan_selectors
from dangvu.web.common.pages import root_of

from .forms import ReportTextForm

INVALID = 400
#: The most figures one page shows and saves.
MAX_ROWS = 500


@dataclass
class Row:
    index: int
    quote: str
    subject: str
    value: str
    unit: str
    target: str = ""
    percent: str = ""
    qualifier: str = ""
    period: str = ""
    indicator: str = ""
    use: bool = False
    status: str = ""  # "" | "saved" | "refused"
    message: str = ""
    other_period: bool = False


def start(request):
    """The page for the top unit of the user's tree and the current year."""
    root = root_of(request)
    return redirect("extract:page", org_pk=root.pk, period_code=str(timezone.localdate().year))


def page(request, org_pk: int, period_code: str):
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    try:
        period = parse(period_code)
    except PeriodError as exc:
        raise Http404(str(exc)) from exc
    refusal = write_refusal(request.user, org)
    if refusal:
        raise PermissionDenied(refusal)
    indicators = [i for i in plan_selectors.indicator_list() if i.entered]
    context = {"org": org, "period": period, "indicators": indicators, "rows": [], "form": ReportTextForm()}
    if request.method != "POST":
        return render(request, "web/extract/page.html", context)
    if request.POST.get("action") == "save":
        return _save(request, org, period, context)
    return _read(request, period, indicators, context)


def _read(request, period: Period, indicators, context):
    form = ReportTextForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "web/extract/page.html", context, status=INVALID)
    upload = form.cleaned_data.get("upload")
    try:
        if upload:
            limit = settings.DANGVU_IMPORT_MAX_BYTES
            data = upload.read(limit + 1)
            content = reader.read_upload(upload.name, data)
        else:
            content = form.cleaned_data["text"]
    except RuleViolation as exc:
        form.add_error("upload", exc.messages)
        return render(request, "web/extract/page.html", context, status=INVALID)
    if not content.strip():
        form.add_error(None, _("Paste the text of a report or choose a .docx or .txt file."))
        return render(request, "web/extract/page.html", context, status=INVALID)
    choices = [(i.code, i.name, i.unit) for i in indicators]
    rows = []
    for index, figure in enumerate(reader.extract(content)[:MAX_ROWS]):
        code = reader.period_code(figure.period)
        rows.append(Row(
            index=index, quote=figure.quote, subject=figure.subject or "", value=_number(figure.value),
            unit=figure.unit or "", target=_number(figure.target), percent=_number(figure.percent_of_target),
            qualifier=figure.qualifier or "", period=figure.period or "",
            indicator=reader.suggest_indicator(figure, choices) or "",
            other_period=bool(code and code != period.code)))
    context["rows"] = rows
    context["page_notes"] = [_("No figure was found in the text.")] if not rows else [
        ngettext("%(n)s figure was read. Tick those to save, check the indicator and the value, then save.",
                 "%(n)s figures were read. Tick those to save, check the indicator and the value, then save.",
                 len(rows)) % {"n": len(rows)}]
    return render(request, "web/extract/page.html", context)


def _posted_rows(post) -> list[Row]:
    rows = []
    for index in range(min(_int(post.get("rows")), MAX_ROWS)):
        p = f"r{index}-"
        rows.append(Row(
            index=index, quote=post.get(p + "quote", "")[:2000], subject=post.get(p + "subject", "")[:500],
            value=post.get(p + "value", "")[:100], unit=post.get(p + "unit", "")[:100],
            target=post.get(p + "target", "")[:100], percent=post.get(p + "percent", "")[:100],
            qualifier=post.get(p + "qualifier", "")[:100], period=post.get(p + "period", "")[:100],
            indicator=post.get(p + "indicator", "")[:100], use=post.get(p + "use") == "1"))
    return rows


def _save(request, org, period: Period, context):
    """The ticked figures saved all or nothing (``exchange.results.figures_save``): a figure
    refused shows its reason on its row and nothing is written."""
    rows = _posted_rows(request.POST)
    chosen = {_("Figure %(n)s") % {"n": r.index + 1}: r for r in rows if r.use}
    context.update(rows=rows, page_notes=[], page_errors=[])
    if not chosen:
        context["page_errors"].append(_("Tick at least one figure to save."))
        return render(request, "web/extract/page.html", context, status=INVALID)
    try:
        summary = results.figures_save(
            actor=request.user, organization=org, period=period.code,
            figures=[(where, r.indicator, r.value, (_("Read from a report: «%(quote)s»") % {"quote": r.quote})[:500])
                     for where, r in chosen.items()])
    except RuleViolation as exc:  # changed by someone else between the check and the write
        context["page_errors"].append(message(exc))
        return render(request, "web/extract/page.html", context, status=INVALID)
    for problem in summary.conflicts:
        row = chosen[problem.where]
        row.status, row.message = "refused", problem.message
    if summary.conflicts:
        context["page_errors"].append(ngettext(
            "Nothing was saved: %(n)s figure is refused (see its row).",
            "Nothing was saved: %(n)s figures are refused (see their rows).",
            len(summary.conflicts)) % {"n": len(summary.conflicts)})
        return render(request, "web/extract/page.html", context, status=INVALID)
    for row in chosen.values():
        row.status, row.message, row.use = "saved", _("Saved."), False
    context["page_notes"].append(ngettext("%(n)s value was saved.", "%(n)s values were saved.", len(chosen))
                                 % {"n": len(chosen)})
    return render(request, "web/extract/page.html", context)


def _number(value) -> str:
    return "" if value is None else formatting.decimal(value, 6)


def _int(text) -> int:
    try:
        return max(0, int(text))
    except (TypeError, ValueError):
        return 0
