from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Login security for the admin: lockouts after failed logins (django-axes), a TOTP
    second factor with recovery codes (django-otp), and sessions that end."""

    name = "accounts"
    verbose_name = "登录安全"
