from django.urls import path

from billing import views

urlpatterns = [
    path("", views.usage, name="usage"),
    path("ledger.csv", views.ledger_csv, name="usage-ledger-csv"),
]
