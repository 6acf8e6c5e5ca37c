"""Admin hooks. Each area registers its own in its module; this file only imports them so
Wagtail discovers them."""

from outreach import emergency as _emergency  # noqa: F401  (an emergency hub purges its whole city)
from outreach import lifecycle as _lifecycle  # noqa: F401  (facts follow the default language)
from outreach.roles import hooks as _role_hooks  # noqa: F401
from outreach.tools import hooks as _tool_hooks  # noqa: F401
