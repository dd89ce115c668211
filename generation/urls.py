from django.urls import path

from generation import views, views_brand, views_cards, views_photoshoots, views_preview

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("generate/", views.generate, name="generate"),
    path("generate/preview", views_preview.GeneratePreviewPage.as_view(), name="generate-preview"),
    path("settings/brand/", views_brand.brand_settings, name="settings-brand"),
    path("photoshoot/", views_photoshoots.photoshoot_upload, name="photoshoot"),
    path("photoshoot/<id:asset_id>/", views_photoshoots.photoshoot_prompts, name="photoshoot-prompts"),
    path("cards/", views_cards.player_cards, name="player-cards"),
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<id:job_id>/", views.job_detail, name="job"),
    path("jobs/<id:job_id>/live/", views.job_live, name="job-live"),
    path("jobs/<id:job_id>/cancel/", views.job_cancel_view, name="job-cancel"),
    path("jobs/<id:job_id>/download", views.job_archive_view, name="job-archive"),
    path("jobs/<id:job_id>/outputs/<int:index>/download", views.output_download_view, name="output-download"),
]
