"""Admin views: the import (upload, dry-run report, confirm) and the plan-target dashboard."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.admin import messages
from wagtail.admin.views.reports import ReportView
from wagtail.models import Site

from outreach.models import PlanTarget

from .dashboard import city_breakdown, target_rows
from .importer import INDEX_MODELS, ImportFileError, run_import
from .tabular import data_from_upload

IMPORT_PERMISSION = "outreach.import_outreach"
DASHBOARD_PERMISSION = "outreach.view_plantarget"
SESSION_KEY = "kepu_import_pending"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# What the confirm step writes within the request's 30 s (README "Bulk import" has the
# measured rate); bigger files go through `manage.py import_outreach`.
ADMIN_MAX_RECORDS = 2000
# Submitting to a workflow is per page and slower (32–49 pages/s measured under load).
ADMIN_MAX_SUBMISSIONS = 500
TOO_MANY_FOR_ADMIN = (
    "文件有 {count} 条记录，后台一次最多导入 {limit} 条（更多的会超过请求的时间限制）："
    "请分批导入，或请管理员在服务器上运行 manage.py import_outreach。"
)
TOO_MANY_SUBMISSIONS = (
    "这次导入要把 {count} 个页面提交审核，后台一次最多提交 {limit} 个（更多的会超过请求的时间限制）："
    "请分批导入，或先不勾选“导入后直接发布”、导入为草稿。"
)


def site_choices(user=None):
    """The city sites `user` may import into: those where they may add pages under an index."""
    return [
        (site.root_page.slug, f"{site.site_name or site.hostname}（{site.root_page.slug}）")
        for site in cities()
        if user is None or may_import_into(user, site)
    ]


def may_import_into(user, site):
    if user.is_superuser:
        return True
    return any(
        index.permissions_for_user(user).can_add_subpage()
        for model in INDEX_MODELS.values()
        for index in model.objects.child_of(site.root_page)
    )


def cities():
    return Site.objects.select_related("root_page").order_by("-is_default_site", "site_name")


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
            if pending["site"] not in dict(site_choices(request.user)):
                raise ImportFileError([f"你无权向站点 {pending['site']} 导入内容。"])
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
            data = data_from_upload(upload.name, upload.read(), site_key, max_records=ADMIN_MAX_RECORDS)
            count = record_count(data)
            if count > ADMIN_MAX_RECORDS:
                raise ImportFileError([TOO_MANY_FOR_ADMIN.format(count=count, limit=ADMIN_MAX_RECORDS)])
            report = run_import(data, site_key, publish=publish, dry_run=True, user=request.user)
            if report.submitted > ADMIN_MAX_SUBMISSIONS:
                raise ImportFileError(
                    [TOO_MANY_SUBMISSIONS.format(count=report.submitted, limit=ADMIN_MAX_SUBMISSIONS)]
                )
        except ImportFileError as error:
            context.update(form=form, errors=error.summary(), error_count=len(error.errors))
            return TemplateResponse(request, "outreach/tools/import.html", context, status=400)
        request.session[SESSION_KEY] = {
            "data": json.dumps(data, ensure_ascii=False),
            "site": site_key,
            "publish": publish,
            "name": upload.name,
        }
        context.update(form=form, report=report, file_name=upload.name, confirm=True)
        return TemplateResponse(request, "outreach/tools/import.html", context)
    status = 400 if request.method == "POST" else 200
    context["form"] = form
    return TemplateResponse(request, "outreach/tools/import.html", context, status=status)


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
