from django.urls import path

from . import views

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="subscribe_confirm"),
    path("unsubscribe/<uuid:key>/", views.unsubscribe, name="unsubscribe"),
]
