"""Forms of the account pages. They check shape only; the services own the rules
(an e-mail is taken, a key needs a name)."""
from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from generation.limits import API_KEY_NAME_MAX_CHARS

from accounts.models import ApiKey


class PlainLabels:
    """Labels without Django's trailing colon, like every other label in the app."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignUpForm(PlainLabels, forms.Form):
    email = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                                                    "autofocus": True}))
    password = forms.CharField(
        label="Password", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not only digits and not a common password.",
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            # The validators compare the password with the e-mail, so give them a user.
            from accounts.models import User

            try:
                password_validation.validate_password(password, User(email=cleaned.get("email", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class EmailAuthenticationForm(PlainLabels, AuthenticationForm):
    """Django's login form, with the e-mail matched the way sign-up stored it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address"
        # The widget's own type, not an attribute: an attribute would render a second
        # `type` after Django's `type="text"`, and browsers keep the first.
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs.update({"autocomplete": "email"})

    def clean_username(self) -> str:
        return (self.cleaned_data.get("username") or "").strip().lower()


class ApiKeyCreateForm(PlainLabels, forms.Form):
    name = forms.CharField(label="Name", max_length=API_KEY_NAME_MAX_CHARS,
                           help_text="Where the key is used, e.g. “Production server”.",
                           widget=forms.TextInput(attrs={"placeholder": "Production server"}))
    mode = forms.ChoiceField(
        label="Mode", choices=ApiKey.Mode.choices, initial=ApiKey.Mode.LIVE, widget=forms.RadioSelect,
        help_text="Live keys spend credits; test keys never do and their images carry a “TEST” watermark.",
    )



def form_add_refusal(form: forms.Form, error: Exception, field_names: dict[str, str] | None = None) -> None:
    """Shows why a service or the API's validator said no, read exactly as the API
    reports it (config.problems): per-field errors next to their fields
    (`field_names` maps the API's names to the form's), anything else on top."""
    from config.problems import problem_for_exception

    problem = problem_for_exception(error)
    if problem is None:
        raise error
    body, _ = problem
    field_names = field_names or {}
    placed = False
    for name, messages in (body.get("errors") or {}).items():
        field = field_names.get(name, name)
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            else:
                form.add_error(None, message if name in ("body", "") else f"{name}: {message}")
            placed = True
    if not placed:
        form.add_error(None, body["detail"])
