from django.urls import path

from generation import views, views_photoshoots

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("generate/", views.generate, name="generate"),
    path("photoshoot/", views_photoshoots.photoshoot_upload, name="photoshoot"),
    path("photoshoot/<id:asset_id>/", views_photoshoots.photoshoot_prompts, name="photoshoot-prompts"),
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<id:job_id>/", views.job_detail, name="job"),
    path("jobs/<id:job_id>/live/", views.job_live, name="job-live"),
    path("jobs/<id:job_id>/cancel/", views.job_cancel_view, name="job-cancel"),
    path("jobs/<id:job_id>/outputs/<int:index>/download", views.output_download_view, name="output-download"),
]
