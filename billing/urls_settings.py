from django.urls import path

from billing import views

# Settings → Billing (README, Using the web app).
urlpatterns = [
    path("", views.billing_settings, name="settings-billing"),
    path("checkout/", views.billing_checkout, name="settings-billing-checkout"),
    path("portal/", views.billing_portal, name="settings-billing-portal"),
]
