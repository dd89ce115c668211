from django.urls import path

from billing.api.views import AccountApi, UsageApi
from generation.api import cards
from generation.api import views as generation
from webhooks import api as webhooks

app_name = "api"

urlpatterns = [
    path("generate", generation.CreativeGenerateApi.as_view(), name="generate"),
    path("previews", generation.CreativePreviewApi.as_view(), name="previews"),
    path("photoshoots", generation.PhotoshootCreateApi.as_view(), name="photoshoots"),
    path("photoshoots/recommendations", generation.PhotoshootRecommendationsApi.as_view(),
         name="photoshoot-recommendations"),
    path("jobs", generation.JobListApi.as_view(), name="job-list"),
    path("jobs/<id:job_id>", generation.JobDetailApi.as_view(), name="job-detail"),
    path("jobs/<id:job_id>/cancel", generation.JobCancelApi.as_view(), name="job-cancel"),
    path("jobs/<id:job_id>/download", generation.JobArchiveApi.as_view(), name="job-archive"),
    path("jobs/<id:job_id>/outputs/<int:index>/download", generation.OutputDownloadApi.as_view(),
         name="job-output-download"),
    path("images", cards.ImageCreateApi.as_view(), name="images"),
    path("images/presets", cards.ImagePresetListApi.as_view(), name="image-presets"),
    path("images/<str:image_id>", cards.ImageDetailApi.as_view(), name="image-detail"),
    path("formats", generation.FormatListApi.as_view(), name="formats"),
    path("usage", UsageApi.as_view(), name="usage"),
    path("account", AccountApi.as_view(), name="account"),
    path("assets", generation.AssetCreateApi.as_view(), name="assets"),
    path("presets", generation.PresetListApi.as_view(), name="presets"),
    path("webhooks/secret", webhooks.WebhookSecretApi.as_view(), name="webhook-secret"),
    path("webhooks/endpoints", webhooks.EndpointListApi.as_view(), name="webhook-endpoint-list"),
    path("webhooks/endpoints/<id:endpoint_id>", webhooks.EndpointDetailApi.as_view(), name="webhook-endpoint-detail"),
    path("webhooks/endpoints/<id:endpoint_id>/test", webhooks.EndpointTestApi.as_view(),
         name="webhook-endpoint-test"),
    path("webhooks/messages", webhooks.MessageListApi.as_view(), name="webhook-message-list"),
    path("webhooks/messages/<id:message_id>/resend", webhooks.MessageResendApi.as_view(),
         name="webhook-message-resend"),
]
