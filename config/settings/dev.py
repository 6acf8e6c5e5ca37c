"""Local development: `make demo`. Never used in production."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list, task_backends

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-kepu-do-not-use-in-production-0123456789"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", ".localhost", "127.0.0.1", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Big imports run at once in the request, so `make demo` needs no worker (README, Bulk import).
TASKS = task_backends(os.environ.get("KEPU_IMPORT_QUEUE") or "immediate")
# Development only: a fixed key for bookings' personal data (production needs its own).
KEPU_PII_KEY = KEPU_PII_KEY or "ZGV2LW9ubHkta2VwdS1waWkta2V5LW5vdC1wcm9kISE="  # noqa: F405
