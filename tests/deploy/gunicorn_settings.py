"""What gunicorn runs with behind the test nginx: the test settings with Kepu's own page cache
on, as in production, so a purge is shown to reach through both caches."""

from config.settings.test import *  # noqa: F403

KEPU_PAGE_CACHE = True
