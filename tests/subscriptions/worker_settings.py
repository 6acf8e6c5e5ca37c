"""The test settings for a worker process that must leave its mail where the test reads it:
Django's file email backend, in KEPU_TEST_MAIL_DIR (each message one file)."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["KEPU_TEST_MAIL_DIR"]
