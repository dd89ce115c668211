"""Secrets, the SQLite database and its WAL, and the first admin password are
created readable by their owner only (0600) from their first byte; reset links
and the admin password are printed only with DEBUG (development)."""
from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.utils import ConnectionHandler

from accounts.models import User
from config.secret_files import secrets_ensure

ROOT = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask_and_no_chmod(monkeypatch):
    """The loosest umask, and chmod made a no-op: what a file is created with shows."""
    old = os.umask(0)
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)
    monkeypatch.setattr(Path, "chmod", lambda *args, **kwargs: None)
    yield
    os.umask(old)


def test_generated_secret_files_are_created_0600_not_chmodded_afterwards(tmp_path, monkeypatch,
                                                                          open_umask_and_no_chmod):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("API_KEY_PEPPER", raising=False)
    assert secrets_ensure(var_dir=tmp_path) == ["SECRET_KEY", "API_KEY_PEPPER"]
    assert mode(tmp_path / "secret_key") == mode(tmp_path / "api_key_pepper") == 0o600
    value = (tmp_path / "secret_key").read_text()
    # Stable across restarts, and no temporary file left beside them.
    assert secrets_ensure(var_dir=tmp_path) == []
    assert (tmp_path / "secret_key").read_text() == value
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api_key_pepper", "secret_key"]


@pytest.fixture
def unblocked(django_db_blocker):
    """A database of the test's own, outside the test database."""
    with django_db_blocker.unblock():
        yield


def test_a_sqlite_database_and_its_wal_are_created_0600(tmp_path, unblocked):
    old = os.umask(0o022)
    try:
        connections = ConnectionHandler({"default": {
            "ENGINE": "fastpath.sqlite", "NAME": str(tmp_path / "db.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 5,
                        "init_command": "PRAGMA journal_mode=WAL;"},
        }})
        connection = connections["default"]
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x integer)")
            cursor.execute("INSERT INTO t VALUES (1)")
        assert (tmp_path / "db.sqlite3-wal").exists()
        assert {p.name: mode(p) for p in tmp_path.glob("db.sqlite3*") if "lock" not in p.name} == {
            "db.sqlite3": 0o600, "db.sqlite3-wal": 0o600, "db.sqlite3-shm": 0o600}
        connection.close()
    finally:
        os.umask(old)


def test_an_older_world_readable_database_is_tightened_when_opened(tmp_path, unblocked):
    path = tmp_path / "db.sqlite3"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    connections = ConnectionHandler({"default": {"ENGINE": "fastpath.sqlite", "NAME": str(path)}})
    connections["default"].ensure_connection()
    connections["default"].close()
    assert mode(path) == 0o600


def test_without_debug_the_first_admin_password_goes_to_a_0600_file_not_the_output(db, settings, tmp_path):
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = (tmp_path / "admin_password").read_text().strip()
    assert mode(tmp_path / "admin_password") == 0o600
    assert password not in out.getvalue() and "admin_password" in out.getvalue()
    assert User.objects.get(email="admin@example.com").check_password(password)


def test_with_debug_the_first_admin_password_is_printed_once(db, settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().split(" / ")[1].split()[0]
    assert User.objects.get(email="admin@example.com").check_password(password)
    assert not (tmp_path / "admin_password").exists()


@pytest.mark.parametrize("debug, email_host, base_url, backend", [
    ("false", "", "https://studio.example.com", "config.mail.UnsentMailBackend"),
    ("false", "", "http://127.0.0.1:8000", "django.core.mail.backends.console.EmailBackend"),
    ("true", "", "https://studio.example.com", "django.core.mail.backends.console.EmailBackend"),
    ("false", "smtp.example.com", "https://studio.example.com", "django.core.mail.backends.smtp.EmailBackend"),
])
def test_mail_is_printed_to_the_console_only_on_a_development_site(debug, email_host, base_url, backend):
    env = {**os.environ, "DEBUG": debug, "EMAIL_HOST": email_host, "PUBLIC_BASE_URL": base_url,
           "ALLOWED_HOSTS": "studio.example.com,127.0.0.1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    chosen = subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)"],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert chosen == backend


def test_unsent_mail_is_logged_without_its_body(caplog):
    from config.mail import UnsentMailBackend

    message = mail.EmailMessage("Password reset", "Open http://127.0.0.1:8000/password-reset/MQ/abc-123/",
                                to=["ada@example.com"])
    with caplog.at_level(logging.WARNING, logger="config.mail"):
        assert UnsentMailBackend().send_messages([message]) == 0
    assert "ada@example.com" in caplog.text and "EMAIL_HOST" in caplog.text
    assert "password-reset/MQ" not in caplog.text
