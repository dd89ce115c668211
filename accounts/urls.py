from django.urls import path

from accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup-sent"),
    path("verify-email/resend/", views.verify_email_resend, name="verify-email-resend"),
    path("verify-email/<str:token>/", views.verify_email, name="verify-email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("settings/api-keys/", views.api_keys, name="settings-api-keys"),
    path("settings/api-keys/<int:key_id>/revoke/", views.api_key_revoke_confirm, name="settings-api-key-revoke"),
]
