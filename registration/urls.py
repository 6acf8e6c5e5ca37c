from django.urls import path

from . import views

urlpatterns = [
    path("booking/<int:page_id>/", views.book, name="booking_book"),
    path("booking/ticket/<str:token>/", views.ticket, name="booking_ticket"),
    path("booking/ticket/<str:token>/cancel/", views.cancel_ticket, name="booking_ticket_cancel"),
    path("booking/ticket/<str:token>/delete/", views.delete_ticket_data, name="booking_ticket_delete"),
    path("booking/ticket/<str:token>/ticket.ics", views.ticket_ics, name="booking_ticket_ics"),
]
