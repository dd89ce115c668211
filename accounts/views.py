"""Account pages: sign up, log in/out, password reset, Settings → API keys. Thin: a
form checks the shape, one service does the work (the same one the API and the
management commands use)."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from accounts.forms import ApiKeyCreateForm, EmailAuthenticationForm, SignUpForm, form_add_refusal
from accounts.models import Account, ApiKey, User
from accounts.services import (
    account_sign_up,
    api_key_create,
    api_key_revoke,
    email_verification_resend,
    email_verify,
)
from config.problems import DomainError

# The secret of a key just created waits here for exactly one page view (POST →
# redirect → GET), so reloading the page never shows it again.
_NEW_KEY_SESSION = "new_api_key"
# The address just signed up with, for the "check your inbox" page after the redirect.
_SIGNUP_EMAIL_SESSION = "signup_email"


def current_account(request: HttpRequest) -> Account:
    """The signed-in user's account, read fresh so balances are current."""
    account_id = getattr(request.user, "account_id", None)
    if account_id is None:
        raise Http404("This user has no account.")
    return Account.objects.get(pk=account_id)


def signed_in_user(request: HttpRequest) -> User:
    """The user of a @login_required page."""
    if not isinstance(request.user, User):
        raise Http404("Log in first.")
    return request.user


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_sign_up(email=form.cleaned_data["email"], password=form.cleaned_data["password"])
        except DomainError as error:
            form_add_refusal(form, error)
        else:
            # The same answer for a new and a taken address (account_sign_up says why).
            request.session[_SIGNUP_EMAIL_SESSION] = form.cleaned_data["email"]
            return redirect("signup-sent")
    return render(request, "accounts/signup.html", {"form": form, "free_credits": settings.FREE_CREDITS})


@require_http_methods(["GET"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html", {"email": request.session.get(_SIGNUP_EMAIL_SESSION, "")})


@require_http_methods(["GET"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        verification = email_verify(token=token)
    except DomainError as error:
        return render(request, "accounts/verify_email_failed.html", {"detail": error.detail}, status=400)
    if verification.credits_granted:
        messages.success(request, f"Your e-mail address is verified: {verification.credits_granted} free credits "
                                  "are in your account.")
    else:
        messages.success(request, "Your e-mail address is verified.")
    return redirect("dashboard" if request.user.is_authenticated else "login")


@login_required
@require_http_methods(["POST"])
def verify_email_resend(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    try:
        email_verification_resend(user=user)
    except DomainError as error:
        messages.warning(request, error.detail)
    else:
        messages.success(request, f"A new verification link is on its way to {user.email}.")
    return redirect("dashboard")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST logs out (Django ≥ 5) and says so on the page LOGOUT_REDIRECT_URL names; a
    GET (a typed or bookmarked /logout/) asks first instead of answering 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("login")
        return render(request, "accounts/logout_confirm.html")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, "You are logged out. See you soon!")
        return response


class _PlainLabels:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label_suffix": ""}


class PasswordResetView(_PlainLabels, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    def form_valid(self, form):
        # The link is built on PUBLIC_BASE_URL, never on the request's Host header
        # (which a stranger asking for someone else's reset controls).
        self.extra_email_context = {"base_url": settings.PUBLIC_BASE_URL,
                                    "max_age_days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1)}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(_PlainLabels, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@require_http_methods(["GET", "POST"])
def api_keys(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    form = ApiKeyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = api_key_create(account=account, name=form.cleaned_data["name"], mode=form.cleaned_data["mode"])
        except DomainError as error:
            form_add_refusal(form, error)
        else:
            request.session[_NEW_KEY_SESSION] = {"id": created.api_key.pk, "secret": created.secret}
            return redirect("settings-api-keys")
    new_key = request.session.pop(_NEW_KEY_SESSION, None)
    keys = list(ApiKey.objects.filter(account=account).order_by("revoked_at", "-created_at"))
    context = {
        "form": form,
        "keys": keys,
        "new_key": new_key,
        "new_key_row": next((k for k in keys if new_key and k.pk == new_key["id"]), None),
    }
    return render(request, "accounts/api_keys.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def api_key_revoke_confirm(request: HttpRequest, key_id: int) -> HttpResponse:
    account = current_account(request)
    api_key = get_object_or_404(ApiKey, account=account, pk=key_id)
    if request.method == "POST":
        if api_key.is_active:
            api_key = api_key_revoke(account=account, key_id=api_key.pk)
            messages.success(request, f"The key “{api_key.name}” ({api_key.prefix}…) is revoked; "
                                      "requests using it now get 401.")
        return redirect("settings-api-keys")
    if not api_key.is_active:
        messages.info(request, f"The key “{api_key.name}” is already revoked.")
        return redirect("settings-api-keys")
    return render(request, "accounts/api_key_revoke.html", {"api_key": api_key})
