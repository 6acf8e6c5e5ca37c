"""Admin views: the import (upload, dry-run report, confirm; big files to the background
queue, with a page per job) and the plan-target dashboard."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.reports import ReportView

from outreach.models import ImportJob, PlanTarget

from .dashboard import city_breakdown, target_rows
from .importer import MAX_RECORDS, ImportFileError, run_import
from .jobs import IMPORT_PERMISSION, check_rights, cities, queue_import, reconcile, site_choices
from .tabular import data_from_upload

DASHBOARD_PERMISSION = "outreach.view_plantarget"
SESSION_KEY = "kepu_import_pending"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# What the confirm step writes within the request's 30 s (README "Bulk import" has the
# measured rate); bigger files go to the background queue (jobs.py).
ADMIN_MAX_RECORDS = 2000
# Submitting to a workflow is per page and slower (32–49 pages/s measured under load).
ADMIN_MAX_SUBMISSIONS = 500
RECENT_JOBS = 50


def runs_in_background(pending):
    return pending["records"] > ADMIN_MAX_RECORDS or pending["submitted"] > ADMIN_MAX_SUBMISSIONS


class ImportForm(forms.Form):
    file = forms.FileField(label="导入文件", help_text="JSON（作品、活动、场馆、品牌）或 CSV / XLSX（作品清单）。")
    site = forms.ChoiceField(label="城市站点", help_text="JSON 文件中的 site 以此为准。")
    publish = forms.BooleanField(label="导入后直接发布", required=False, help_text="不勾选则导入为草稿，经审核后发布。")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = site_choices(user)
        self.fields["site"].error_messages["invalid_choice"] = (
            "你无权向站点 %(value)s 导入内容：只能选择你能编辑的城市站点。"
        )


def import_view(request):
    """Step 1: upload -> checked and shown as a dry run. Step 2: confirm -> written."""
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    context = {"page_title": "批量导入", "header_icon": "upload"}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        pending = request.session.get(SESSION_KEY)
        if not pending:
            messages.error(request, "没有待确认的导入，请重新上传文件。")
            return redirect("outreach_tools:import")
        request.session.pop(SESSION_KEY, None)
        try:  # checked again: the site or the user's rights may have changed since the dry run
            check_rights(request.user, pending["site"])
            if runs_in_background(pending):
                job = queue_import(
                    request.user,
                    pending["site"],
                    pending["publish"],
                    pending["name"],
                    json.loads(pending["data"]),
                    pending["records"],
                )
                messages.success(request, f"“{job.file_name}”已加入后台导入队列，本页显示进度。")
                return redirect("outreach_tools:import_job", job.pk)
            report = run_import(
                json.loads(pending["data"]), pending["site"], publish=pending["publish"], user=request.user
            )
        except ImportFileError as error:
            context.update(form=ImportForm(user=request.user), errors=error.summary())
            return TemplateResponse(request, "outreach/tools/import.html", context, status=400)
        messages.success(request, "；".join(report.lines()))
        context.update(form=ImportForm(user=request.user), report=report, done=True)
        return TemplateResponse(request, "outreach/tools/import.html", context)

    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        site_key = form.cleaned_data["site"]
        publish = form.cleaned_data["publish"]
        if upload.size > MAX_UPLOAD_BYTES:
            context.update(form=form, errors=["文件超过 20 MB，请分批导入或使用 manage.py import_outreach。"])
            return TemplateResponse(request, "outreach/tools/import.html", context, status=400)
        try:
            data = data_from_upload(upload.name, upload.read(), site_key, max_records=MAX_RECORDS)
            report = run_import(data, site_key, publish=publish, dry_run=True, user=request.user)
        except ImportFileError as error:
            context.update(form=form, errors=error.summary(), error_count=len(error.errors))
            return TemplateResponse(request, "outreach/tools/import.html", context, status=400)
        pending = {
            "data": json.dumps(data, ensure_ascii=False),
            "site": site_key,
            "publish": publish,
            "name": upload.name,
            "records": record_count(data),
            "submitted": report.submitted,
        }
        request.session[SESSION_KEY] = pending
        context.update(
            form=form, report=report, file_name=upload.name, confirm=True, background=runs_in_background(pending)
        )
        return TemplateResponse(request, "outreach/tools/import.html", context)
    status = 400 if request.method == "POST" else 200
    context["form"] = form
    context["recent_jobs"] = visible_jobs(request.user)[:5]
    return TemplateResponse(request, "outreach/tools/import.html", context, status=status)


def visible_jobs(user):
    jobs = ImportJob.objects.defer("data").select_related("user").order_by("-created_at", "-pk")
    return jobs if user.is_superuser else jobs.filter(user=user)


def import_jobs_view(request):
    """The recent background imports: one's own, or everyone's for a superuser."""
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    jobs = [reconcile(job) for job in visible_jobs(request.user)[:RECENT_JOBS]]
    context = {"page_title": "导入任务", "header_icon": "list-ul", "jobs": jobs}
    context["refresh"] = any(not job.finished for job in jobs)
    return TemplateResponse(request, "outreach/tools/import_jobs.html", context)


def import_job_view(request, job_id):
    """One background import: its status and progress (the page reloads itself while it
    runs), the report when done, the messages when it failed. Only its own user's, or a
    superuser's; anyone else gets a 404, as if there were no such job."""
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    job = visible_jobs(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    job = reconcile(job)
    context = {"page_title": f"导入任务：{job.file_name}", "header_icon": "upload", "job": job}
    context["refresh"] = not job.finished
    return TemplateResponse(request, "outreach/tools/import_job.html", context)


def record_count(data):
    if not isinstance(data, dict):
        return 0
    return sum(len(rows) for rows in data.values() if isinstance(rows, list))


def selected_site(request):
    sites = list(cities())
    wanted = request.GET.get("site")
    for site in sites:
        if wanted in (str(site.pk), site.root_page.slug):
            return site, sites
    return (sites[0] if sites else None), sites


class PlanDashboardView(ReportView):
    """The plan's targets for one city with live figures, progress bars and the tables
    the plan office reports from (科普统计、监测评估)."""

    page_title = "规划目标看板"
    header_icon = "table"
    template_name = "outreach/tools/dashboard.html"
    results_template_name = "outreach/tools/dashboard_results.html"
    index_url_name = "outreach_tools:dashboard"
    index_results_url_name = "outreach_tools:dashboard_results"
    paginate_by = None
    export_filename = "kepu-plan-targets"
    list_export = [
        "site_key",
        "label",
        "metric_label",
        "period",
        "target_value",
        "current",
        "progress",
        "unit",
        "note",
        "source",
    ]
    export_headings = {
        "site_key": "站点",
        "label": "目标",
        "metric_label": "指标",
        "period": "统计期",
        "target_value": "目标值",
        "current": "当前值",
        "progress": "完成度（%）",
        "unit": "单位",
        "note": "说明",
        "source": "规划依据",
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(DASHBOARD_PERMISSION):
            raise PermissionDenied
        self.site, self.sites = selected_site(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return PlanTarget.objects.filter(site=self.site).select_related("site__root_page")

    def decorate_paginated_queryset(self, object_list):
        return [ExportRow(row) for row in target_rows(object_list)]

    def get_filename(self):
        key = self.site.root_page.slug if self.site else "all"
        return f"{self.export_filename}-{key}-{timezone.localdate():%Y-%m-%d}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(
            site=self.site,
            sites=self.sites,
            breakdown=city_breakdown(self.site) if self.site and not self.is_export else None,
            # Sections other apps add (registration/: attendance), each a function of the site
            # returning HTML, so outreach needs to know nothing of them.
            extra_sections=[section(self.site) for section in hooks.get_hooks("kepu_dashboard_sections")]
            if self.site and not self.is_export
            else [],
            targets_url=reverse("wagtailsnippets_outreach_plantarget:list"),
        )
        return context


class ExportRow:
    """A target row with the columns the spreadsheet shows."""

    def __init__(self, row):
        self.row = row

    def __getattr__(self, name):
        return getattr(self.row, name)

    @property
    def site_key(self):
        return self.row.target.site.root_page.slug

    @property
    def metric_label(self):
        return self.row.target.get_metric_display()

    @property
    def period(self):
        return f"{self.row.target.period_start}–{self.row.target.period_end}"

    @property
    def note(self):
        if self.row.target.metric == "manual":
            return self.row.target.manual_value_note or "人工填报"
        return "不多于目标值" if self.row.target.is_ceiling else ""

    @property
    def current(self):
        return self.row.current

    @property
    def target_value(self):
        value = self.row.target.target_value
        return int(value) if value == int(value) else float(value)
