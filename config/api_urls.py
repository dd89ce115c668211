from django.urls import path

from billing.api.views import UsageApi
from generation.api import views as generation

app_name = "api"

urlpatterns = [
    path("generate", generation.CreativeGenerateApi.as_view(), name="generate"),
    path("jobs", generation.JobListApi.as_view(), name="job-list"),
    path("jobs/<str:job_id>", generation.JobDetailApi.as_view(), name="job-detail"),
    path("jobs/<str:job_id>/cancel", generation.JobCancelApi.as_view(), name="job-cancel"),
    path("jobs/<str:job_id>/outputs/<int:index>/download", generation.OutputDownloadApi.as_view(),
         name="job-output-download"),
    path("formats", generation.FormatListApi.as_view(), name="formats"),
    path("usage", UsageApi.as_view(), name="usage"),
    path("assets", generation.AssetCreateApi.as_view(), name="assets"),
    path("presets", generation.PresetListApi.as_view(), name="presets"),
]
