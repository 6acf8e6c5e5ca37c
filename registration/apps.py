from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = "预约报名"
    default_auto_field = "django.db.models.BigAutoField"
