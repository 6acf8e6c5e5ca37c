from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "搜索"

    def ready(self):
        from django.db.models.signals import post_save

        from core.generations import bump_generation

        from . import synonyms
        from .indexing import connect_signals
        from .models import PopularSearchSettings

        connect_signals()
        synonyms.connect_signals()
        # A blocked word or a curated list shows on the next request, not after the minute
        # the popular list is kept for (core/worker_cache.py) or a cached page's lifetime.
        # (Not when the first read creates the row: nothing shown changes.)
        post_save.connect(
            lambda created, **kwargs: None if created else bump_generation(),
            sender=PopularSearchSettings,
            weak=False,
            dispatch_uid="kepu-popular",
        )
