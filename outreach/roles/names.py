"""The names of Kepu's groups, tasks and workflows: what editors see in the admin."""

SITE_ADMINS = "站点管理员"
PLAN_OFFICE = "规划办公室"
VENUE_STAFF_PREFIX = "场馆工作人员（"

# Wagtail's migrations create these two groups with rights over the whole tree (moderators
# may publish anywhere, works included). Kepu's per-city roles replace them.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def editors(city):
    return f"编辑（{city}）"


def science_reviewers(city):
    return f"科学性审核（{city}）"


def moderators(city):
    return f"发布审核（{city}）"


def venue_staff(city, venue_title):
    return f"{VENUE_STAFF_PREFIX}{city}·{venue_title}）"[:150]


def works_workflow(city):
    return f"作品审核流程（{city}）"


def fast_track_task(city):
    return f"应急快速审核（{city}）"


def fast_track_workflow(city):
    return f"应急快速审核流程（{city}）"


def content_workflow(city):
    return f"内容发布流程（{city}）"


def is_protected_group(name):
    """Groups only a superuser may hand out: they carry power over users and the whole site."""
    return name == SITE_ADMINS or name in WAGTAIL_DEFAULT_GROUPS
