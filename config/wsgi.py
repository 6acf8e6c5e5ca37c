import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Under gunicorn --preload this runs once, in the master before it forks the workers, so they
# share the URL configuration with every view module it imports and jieba's dictionary
# instead of each loading its own on its first request. No database connection is opened here.
from django.urls import get_resolver  # noqa: E402

from search import pinyin  # noqa: E402
from search.analysis import ensure_jieba  # noqa: E402

get_resolver().url_patterns  # noqa: B018
ensure_jieba()
# pypinyin's dictionaries (about 56 MB): indexing, suggestions for pinyin and 您是不是要找 read them.
pinyin.sound("科普")

# All of that lives as long as the process: take it out of the garbage collector's sight.
# A full collection then walks only what requests create (about 35,000 objects instead of
# 218,000; over everything it took 129–160 ms, once in 240 views), and under --preload the
# collector no longer writes to the master's memory pages that the workers share.
gc.collect()
gc.freeze()
