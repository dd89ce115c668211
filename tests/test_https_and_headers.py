"""HTTPS can be switched on from the environment (and is on for an https site without
DEBUG); every page carries a Content-Security-Policy and the other browser security
headers; no template holds what that policy would refuse."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.pages.conftest import browser_for

BASE_DIR = Path(__file__).resolve().parent.parent

# The production environment that README "Production settings" documents (secrets
# made up here; any 50+ random characters will do).
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "Ykq3v0tL0-3nE4oZ1m0Q8p7Jm2uWc5xYhT6sVb9aRdFgKe1iNl4oPj2qUr7wXz8c",
    "API_KEY_PEPPER": "pV4n8sQ1wE7rT2yU6iO0pA3sD5fG9hJ1kL4zX7cV2bN8mQ0w",
    "ALLOWED_HOSTS": "studio.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://studio.example.com",
    "PUBLIC_BASE_URL": "https://studio.example.com",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
    "TRUSTED_PROXY_COUNT": "1",
}

SETTINGS_SHOWN = ["DEBUG", "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
                  "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                  "SECURE_HSTS_PRELOAD", "TRUSTED_PROXY_COUNT"]


def run_manage(env: dict[str, str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with only `env` (plus PATH and a private VAR_DIR)."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var"),
             **env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=clean, capture_output=True,
                          text=True, timeout=300)


def settings_under(env: dict[str, str], tmp_path: Path) -> dict:
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var"),
             "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    script = ("import json, django; django.setup(); from django.conf import settings; "
              f"print(json.dumps({{name: getattr(settings, name) for name in {SETTINGS_SHOWN!r}}}))")
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=clean, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_with_the_documented_production_environment_reports_no_issue(tmp_path):
    result = run_manage(PRODUCTION_ENV, tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_check_deploy_without_https_settings_names_what_is_missing(tmp_path):
    # The same site on http (what `make run` is): the HTTPS settings stay off.
    env = {**PRODUCTION_ENV, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    result = run_manage(env, tmp_path, "check", "--deploy")
    output = result.stdout + result.stderr
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in output, output


def test_the_production_environment_turns_every_https_setting_on(tmp_path):
    assert settings_under(PRODUCTION_ENV, tmp_path) == {
        "DEBUG": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "TRUSTED_PROXY_COUNT": 1,
    }


def test_make_run_on_http_loopback_keeps_https_settings_off(tmp_path):
    shown = settings_under({}, tmp_path)
    assert shown == {
        "DEBUG": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "TRUSTED_PROXY_COUNT": 0,
    }


def test_debug_keeps_https_settings_off_even_for_an_https_address(tmp_path):
    shown = settings_under({"DEBUG": "true", "PUBLIC_BASE_URL": "https://studio.example.com"}, tmp_path)
    assert not shown["SECURE_SSL_REDIRECT"] and not shown["SESSION_COOKIE_SECURE"]
    assert shown["SECURE_HSTS_SECONDS"] == 0


def test_each_https_setting_can_be_set_from_the_environment(tmp_path):
    shown = settings_under({**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "600", "SECURE_HSTS_PRELOAD": "false",
                            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "no", "SECURE_SSL_REDIRECT": "0",
                            "SESSION_COOKIE_SECURE": "off", "CSRF_COOKIE_SECURE": "false",
                            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Ssl: on"}, tmp_path)
    assert shown["SECURE_HSTS_SECONDS"] == 600
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SSL", "on"]
    assert not any(shown[name] for name in ("SECURE_HSTS_PRELOAD", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                                            "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"))
    on_for_http = settings_under({"SECURE_SSL_REDIRECT": "true", "SECURE_HSTS_SECONDS": "60"}, tmp_path)
    assert on_for_http["SECURE_SSL_REDIRECT"] and on_for_http["SECURE_HSTS_SECONDS"] == 60


@pytest.mark.parametrize(("name", "value"), [
    ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto"),
    ("SECURE_PROXY_SSL_HEADER", "X Forwarded: https"),
    ("SECURE_HSTS_SECONDS", "a year"),
    ("SECURE_HSTS_SECONDS", "-1"),
    ("SECURE_SSL_REDIRECT", "maybe"),
    ("TRUSTED_PROXY_COUNT", "one"),
    ("LOGIN_FAILURE_LIMIT", "0"),
])
def test_a_malformed_security_setting_stops_start_up_naming_the_variable(tmp_path, name, value):
    result = run_manage({**PRODUCTION_ENV, name: value}, tmp_path, "check")
    assert result.returncode != 0
    assert name in result.stderr


def test_the_production_settings_table_in_the_readme_names_every_variable():
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("## Production settings", 1)[1].split("\n## ", 1)[0]
    for name in [*PRODUCTION_ENV, *SETTINGS_SHOWN[2:], "LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES",
                 "EMAIL_VERIFICATION_DAYS", "CSP_IMG_SRC", "EMAIL_HOST"]:
        assert f"`{name}`" in section, name


# --- Headers ---------------------------------------------------------------------------

def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/signup/", "/password-reset/", "/no-such-page/", "/api/docs/",
                                  "/admin/login/", "/healthz"])
def test_every_page_sends_the_security_headers(client, path):
    response = client.get(path)
    policy = csp_directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_signed_in_pages_and_api_answers_send_the_policy_too(account, api):
    browser = browser_for(account)
    for path in ["/", "/generate/", "/jobs/", "/usage/", "/settings/api-keys/", "/settings/webhooks/"]:
        response = browser.get(path)
        assert response.status_code == 200, path
        assert csp_directives(response)["default-src"] == ["'self'"], path
    answer = api.get("/api/v1/jobs")
    assert answer.status_code == 200 and "default-src 'self'" in answer["Content-Security-Policy"]


@pytest.mark.django_db
def test_with_https_on_http_is_redirected_and_https_answers_carry_hsts_and_secure_cookies(settings, make_account):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    plain = Client().get("/login/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/login/"
    # A load balancer's health probe still gets an answer over plain http.
    assert Client().get("/healthz").status_code == 200

    make_account(email="secure@example.com", password="s3cret-Passw0rd")
    secure = Client(HTTP_X_FORWARDED_PROTO="https")
    page = secure.get("/login/")
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page.cookies["csrftoken"]["secure"]
    logged_in = secure.post("/login/", {"username": "secure@example.com", "password": "s3cret-Passw0rd"})
    assert logged_in.status_code == 302
    assert logged_in.cookies["sessionid"]["secure"] and logged_in.cookies["sessionid"]["httponly"]


def test_an_insecure_setting_value_is_not_trusted_from_a_client_without_a_proxy_header_setting(settings, db):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.SECURE_SSL_REDIRECT = True
    # Without SECURE_PROXY_SSL_HEADER a client cannot claim https to skip the redirect.
    response = Client(HTTP_X_FORWARDED_PROTO="https").get("/login/")
    assert response.status_code == 301


# --- Templates ------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\s(on[a-z]+)\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def template_files() -> list[Path]:
    return sorted(path for path in (BASE_DIR / "templates").rglob("*.html"))


def test_no_template_holds_inline_script_handlers_or_styles_the_policy_would_refuse():
    offenders = []
    for path in template_files():
        text = path.read_text()
        # {{ x|json_script:"id" }} writes a data block (type="application/json"): not run, allowed.
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(BASE_DIR)}:{line}: {match.group(0).strip()}")
    assert offenders == []
    assert len(template_files()) > 10
