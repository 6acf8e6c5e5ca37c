from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "站点基础"

    def ready(self):
        from . import signals

        signals.connect()
