from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("recovery-codes/", views.new_recovery_codes, name="new_recovery_codes"),
    path("reset/<int:user_id>/", views.reset_user, name="reset_user"),
]
