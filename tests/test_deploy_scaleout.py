"""The scale-out production environment that docs/deploy.md shows passes
`manage.py check --deploy` as it stands, and means what it says: PostgreSQL, the Redis
broker and cache, S3 storage with plain URLs under the CDN."""
from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys

from tests.test_https_and_headers import BASE_DIR, run_manage

DEPLOY_DOC = BASE_DIR / "docs" / "deploy.md"


def documented_environment() -> dict[str, str]:
    """The block between the scale-out-env markers of docs/deploy.md, `<…>` filled in."""
    text = DEPLOY_DOC.read_text()
    block = re.search(r"<!-- scale-out-env -->\s*```sh\n(.*?)```\s*<!-- /scale-out-env -->", text, re.S).group(1)
    env = {}
    for line in block.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line:
            name, _, value = line.partition("=")
            env[name] = re.sub(r"<[^>]*>", lambda _: secrets.token_urlsafe(40), value)
    return env


def test_the_documented_scale_out_environment_passes_check_deploy(tmp_path):
    env = documented_environment()
    assert {"DATABASE_URL", "Q_BROKER", "CACHE_URL", "STORAGE", "S3_BUCKET"} <= env.keys()
    result = run_manage(env, tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_documented_scale_out_environment_means_postgres_redis_and_s3(tmp_path):
    env = documented_environment()
    script = ("import json, django; django.setup(); from django.conf import settings as s; "
              "from django.core.files.storage import storages; d = storages['default']; print(json.dumps({"
              "'db': s.DATABASES['default']['ENGINE'], 'redis': s.Q_CLUSTER.get('redis'), "
              "'cache': s.CACHES['default']['BACKEND'], 'storage': type(d).__name__, "
              "'url': d.url('outputs/t/0-1.png'), 'img': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))")
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var"),
             "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=clean, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["db"] == "django.db.backends.postgresql"
    assert shown["redis"] == "redis://redis.internal:6379/0"
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["storage"] == "S3Storage"
    assert shown["url"] == "https://media.studio.example.com/outputs/t/0-1.png"
    assert "https://media.studio.example.com" in shown["img"]
