"""What gunicorn runs with behind the test nginx: the test settings with Kepu's own page cache
on, as in production, so a purge is shown to reach through both caches, and documents sent by
nginx (KEPU_SENDFILE=nginx, from tools/with-nginx)."""

import os

from config.settings.test import *  # noqa: F403

# The test process's media folder (tests/deploy/conftest.py), which nginx serves too.
MEDIA_ROOT = os.environ["MEDIA_ROOT"]

KEPU_PAGE_CACHE = True
