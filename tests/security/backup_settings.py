"""Settings for the backup drill's manage.py processes: the test settings, with the media
folder the drill gives (test.py makes a new temporary one per process)."""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403
from config.settings.test import MEDIA_ROOT as _per_process_media

if os.environ.get("KEPU_DRILL_MEDIA_ROOT"):
    os.rmdir(_per_process_media)
    MEDIA_ROOT = Path(os.environ["KEPU_DRILL_MEDIA_ROOT"])
