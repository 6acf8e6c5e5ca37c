"""Admin hooks. Each area registers its own in its module; this file only imports them so
Wagtail discovers them."""

from outreach import emergency as _emergency  # noqa: F401  (an emergency hub purges its whole city)
from outreach import lifecycle as _lifecycle  # noqa: F401  (facts follow the default language)
from outreach import tip_admin as _tip_admin  # noqa: F401  (the editors' inbox of 线索征集 tips)
from outreach.roles import hooks as _role_hooks  # noqa: F401
from outreach.tools import hooks as _tool_hooks  # noqa: F401
