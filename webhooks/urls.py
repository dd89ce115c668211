from django.urls import path

from webhooks import views

urlpatterns = [
    path("", views.webhooks_settings, name="settings-webhooks"),
    path("endpoints/<id:endpoint_id>/delete/", views.endpoint_delete, name="settings-webhooks-endpoint-delete"),
    path("endpoints/<id:endpoint_id>/enable/", views.endpoint_enable, name="settings-webhooks-endpoint-enable"),
    path("endpoints/<id:endpoint_id>/test/", views.endpoint_send_test, name="settings-webhooks-endpoint-test"),
    path("messages/<id:message_id>/resend/", views.message_resend, name="settings-webhooks-message-resend"),
    path("secret/rotate/", views.signing_secret_rotate, name="settings-webhooks-secret-rotate"),
]
