"""Importing the settings writes nothing; `manage.py ensure_secrets` makes the secrets
once, and until it has run every checked command stops and says how to fix it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py on the product's own settings, in a fresh process with a VAR_DIR of its own."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
             "VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=120)


def test_importing_the_settings_creates_no_file_or_folder(tmp_path):
    script = "import django; django.setup(); from django.conf import settings; print(settings.VAR_DIR)"
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
             "VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "var").exists()


def test_without_secrets_a_checked_command_stops_and_names_ensure_secrets(tmp_path):
    result = manage(tmp_path, "check")
    assert result.returncode != 0
    assert "config.E001" in result.stderr and "SECRET_KEY is not set" in result.stderr
    assert "API_KEY_PEPPER is not set" in result.stderr
    assert "manage.py ensure_secrets" in result.stderr


def test_ensure_secrets_writes_each_secret_once_and_the_check_then_passes(tmp_path):
    first = manage(tmp_path, "ensure_secrets")
    assert first.returncode == 0, first.stderr
    assert "Generated SECRET_KEY, API_KEY_PEPPER" in first.stdout
    key = (tmp_path / "var" / "secret_key").read_text()
    assert len(key) > 50 and (tmp_path / "var" / "staticfiles").is_dir()
    again = manage(tmp_path, "ensure_secrets")
    assert again.returncode == 0 and again.stdout == ""
    assert (tmp_path / "var" / "secret_key").read_text() == key
    checked = manage(tmp_path, "check")
    assert checked.returncode == 0, checked.stderr


def test_secrets_set_in_the_environment_are_not_written_to_files(tmp_path):
    result = manage(tmp_path, "ensure_secrets", SECRET_KEY="k" * 60, API_KEY_PEPPER="p" * 40)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()
    assert not (tmp_path / "var" / "api_key_pepper").exists()
    assert manage(tmp_path, "check", SECRET_KEY="k" * 60, API_KEY_PEPPER="p" * 40).returncode == 0


def test_the_test_suite_runs_on_the_test_settings_with_fixed_secrets(settings):
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings_test"
    assert settings.SECRETS_MISSING == [] and settings.SECRET_KEY.startswith("test-")
