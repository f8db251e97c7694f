"""Import pages: upload a register (members or organizations), map its columns, check it
(a dry run: counts and the first problems with their row and column), confirm, follow the
progress of a large file, read the summary. Every page writes (a read-only account gets the
reason instead)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangvu.core.errors import PermissionDenied
from dangvu.exchange import registers
from dangvu.exchange import selectors as exchange_selectors
from dangvu.exchange.models import ImportJob
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import write_refusal
from dangvu.web.common.forms import tree_options
from dangvu.web.common.pages import root_of

from .forms import MappingForm, UploadForm


def _writable_root(request):
    root = root_of(request)
    refusal = write_refusal(request.user, root)
    if refusal:
        raise PermissionDenied(refusal)
    return root


def _job(request, job_pk: int) -> ImportJob:
    job = exchange_selectors.import_job_get(actor=request.user, pk=job_pk)
    refusal = write_refusal(request.user, job.organization)
    if refusal:
        raise PermissionDenied(refusal)
    return job


def upload(request):
    root = _writable_root(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    qs = org_selectors.subtree(actor=request.user, organization=root).filter(depth__lte=root.depth + 3).only(
        "id", "name", "short_name", "depth")
    form.fields["org"].choices = tree_options(qs, root.depth, "display_name")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = org_selectors.organization_get(actor=request.user, pk=data["org"])
            upload = data["file"]
            job = registers.import_job_create(actor=request.user, organization=org, kind=data["kind"],
                                              name=upload.name, chunks=upload.chunks())
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("imports:job", job_pk=job.pk)
    jobs = exchange_selectors.import_jobs(actor=request.user)
    return render(request, "web/imports/upload.html", {"form": form, "jobs": jobs},
                  status=400 if form.errors else 200)


def _context(job: ImportJob, form=None) -> dict:
    summary = registers.Summary.from_dict(job.summary) if job.summary and "kind" in job.summary else None
    job.rows_done = exchange_selectors.rows_done(job)
    percent = min(100, round(100 * job.rows_done / job.rows_total)) if job.rows_total else 0
    return {"job": job, "form": form, "summary": summary, "error": job.summary.get("error", ""),
            "running": job.state in ImportJob.RUNNING, "percent": percent}


def job(request, job_pk: int):
    """The mapping form (a POST checks the file with it), the progress, or the summary."""
    job = _job(request, job_pk)
    form = MappingForm(request.POST or None, job=job) if job.state not in (*ImportJob.RUNNING, ImportJob.State.DONE) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            job = registers.import_job_map(actor=request.user, job=job, mapping=form.mapping())
            job = registers.import_job_start(actor=request.user, job=job, dry_run=True)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("imports:job", job_pk=job.pk)
    status = 400 if form is not None and form.errors else 200
    return render(request, "web/imports/job.html", _context(job, form), status=status)


@require_POST
def confirm(request, job_pk: int):
    job = _job(request, job_pk)
    try:
        registers.import_job_start(actor=request.user, job=job, dry_run=False)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The import has started."))
    return redirect("imports:job", job_pk=job.pk)


def progress(request, job_pk: int):
    """The state of the job, as the page polls it while the file is read or written."""
    job = _job(request, job_pk)
    return render(request, "web/imports/_state.html", _context(job))
