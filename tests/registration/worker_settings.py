"""What the message worker of tests/registration/test_worker.py runs with: the test settings,
the database queue, and email and SMS written to files the test reads."""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import task_backends

TASKS = task_backends("immediate", "database")
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["KEPU_TEST_MAIL_DIR"]
