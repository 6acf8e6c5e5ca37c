"""One settings object for Kepu's own flags (core/conf.py): every KEPU_* setting is read
through it, each one defined once in config/settings, and none is read with a default of its
own elsewhere."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from core.conf import NAMES, kepu_settings

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "config/urls.py", "core", "home", "outreach", "search")


def test_it_lists_exactly_the_kepu_settings_the_project_defines():
    defined = {name.removeprefix("KEPU_") for name in dir(settings) if name.startswith("KEPU_")}
    assert defined == NAMES


def test_it_reads_the_setting_as_it_is_now(settings):
    settings.KEPU_PAGE_CACHE_SECONDS = 7
    assert kepu_settings.PAGE_CACHE_SECONDS == 7


def test_an_unknown_name_is_a_mistake():
    with pytest.raises(AttributeError, match="KEPU_PAGE_CAHCE"):
        kepu_settings.PAGE_CAHCE  # noqa: B018


def test_no_module_reads_a_kepu_setting_around_it():
    direct = re.compile(r"settings\.KEPU_|getattr\(\s*settings\s*,\s*[\"']KEPU_")
    files = [path for name in APPS for path in ([ROOT / name] if name.endswith(".py") else (ROOT / name).rglob("*.py"))]
    readers = [str(path.relative_to(ROOT)) for path in files if direct.search(path.read_text())]
    readers.remove("core/conf.py")
    assert readers == []
