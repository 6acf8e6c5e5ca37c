"""Admin wiring for the tools: URLs, the 科普工具 menu, the plan-target snippet and the
dashboard panel. Imported by outreach/wagtail_hooks.py."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from outreach.models import PlanTarget

from . import views
from .dashboard import target_rows
from .exports import (
    EXPORT_PERMISSION,
    EventsExportView,
    VenuesExportView,
    WorksExportView,
    guard_spreadsheet_exports,
)

guard_spreadsheet_exports()

urlpatterns = [
    path("import/", views.import_view, name="import"),
    path("import/jobs/", views.import_jobs_view, name="import_jobs"),
    path("import/jobs/<int:job_id>/", views.import_job_view, name="import_job"),
    path("export/works/", WorksExportView.as_view(), name="export_works"),
    path("export/works/results/", WorksExportView.as_view(results_only=True), name="export_works_results"),
    path("export/events/", EventsExportView.as_view(), name="export_events"),
    path("export/events/results/", EventsExportView.as_view(results_only=True), name="export_events_results"),
    path("export/venues/", VenuesExportView.as_view(), name="export_venues"),
    path("export/venues/results/", VenuesExportView.as_view(results_only=True), name="export_venues_results"),
    path("plan/", views.PlanDashboardView.as_view(), name="dashboard"),
    path("plan/results/", views.PlanDashboardView.as_view(results_only=True), name="dashboard_results"),
]


@hooks.register("register_admin_urls")
def register_tool_urls():
    return [path("kepu-tools/", include((urlpatterns, "outreach_tools"), namespace="outreach_tools"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class ToolsMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return any(item.is_shown(request) for item in self.menu.registered_menu_items)


@hooks.register("register_admin_menu_item")
def register_tools_menu():
    items = [
        PermissionMenuItem(
            "批量导入",
            reverse("outreach_tools:import"),
            icon_name="upload",
            order=100,
            permission=views.IMPORT_PERMISSION,
        ),
        PermissionMenuItem(
            "导出作品",
            reverse("outreach_tools:export_works"),
            icon_name="download",
            order=200,
            permission=EXPORT_PERMISSION,
        ),
        PermissionMenuItem(
            "导出活动",
            reverse("outreach_tools:export_events"),
            icon_name="download",
            order=300,
            permission=EXPORT_PERMISSION,
        ),
        PermissionMenuItem(
            "导出场馆",
            reverse("outreach_tools:export_venues"),
            icon_name="download",
            order=400,
            permission=EXPORT_PERMISSION,
        ),
        PermissionMenuItem(
            "规划目标看板",
            reverse("outreach_tools:dashboard"),
            icon_name="table",
            order=500,
            permission=views.DASHBOARD_PERMISSION,
        ),
    ]
    return ToolsMenuItem("科普工具", Menu(items=items), icon_name="cogs", order=850)


class PlanTargetViewSet(SnippetViewSet):
    model = PlanTarget
    icon = "table"
    menu_label = "规划目标"
    list_display = ["label", "site", "metric", "target_value", "period_end"]
    list_filter = ["site", "metric"]


register_snippet(PlanTargetViewSet)


class PlanProgressPanel(Component):
    name = "plan_targets"
    order = 150
    template_name = "outreach/tools/panel.html"

    def get_context_data(self, parent_context=None):
        targets = PlanTarget.objects.select_related("site__root_page").order_by("site__site_name", "sort_order")
        return {"rows": target_rows(targets)}


@hooks.register("construct_homepage_panels")
def add_plan_panel(request, panels):
    if request.user.has_perm(views.DASHBOARD_PERMISSION):
        panels.append(PlanProgressPanel())
