from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import config.converters  # noqa: F401  (registers <id:…> before the included URLconfs use it)
from billing import views as billing_views
from config import errors_views
from config.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from a URL instead of inline,
    # so the page works under the Content-Security-Policy (config/settings.py).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
         name="api-docs"),
    # ReDoc's page needs inline script and styles and fetches web fonts from a CDN:
    # the one documentation page is Swagger UI's above.
    path("api/redoc/", RedirectView.as_view(pattern_name="api-docs"), name="api-redoc"),
    path("healthz", healthz, name="healthz"),
    path("settings/webhooks/", include("webhooks.urls")),
    path("settings/billing/", include("billing.urls_settings")),
    path("billing/stripe/webhook", billing_views.stripe_webhook, name="stripe-webhook"),
    # The browser product (README, Using the web app).
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
