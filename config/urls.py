from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from billing import views as billing_views
from config import errors_views
from config.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("healthz", healthz, name="healthz"),
    path("settings/webhooks/", include("generation.webhooks.urls")),
    path("settings/billing/", include("billing.urls_settings")),
    path("billing/stripe/webhook", billing_views.stripe_webhook, name="stripe-webhook"),
    # The browser product (SPEC §7).
    path("", include("accounts.urls")),
    path("usage/", include("billing.urls")),
    path("", include("generation.urls")),
]

if settings.STORAGE == "local":
    # The embedded default serves images itself; names are unguessable and never
    # change, so they may be cached for good.
    urlpatterns.append(
        re_path(r"^media/(?P<path>(outputs|presets|assets)/.+)$", errors_views.media_serve, name="media")
    )

handler400 = "config.errors_views.bad_request"
handler404 = "config.errors_views.not_found"
handler500 = "config.errors_views.server_error"
