"""The test suite's settings (pytest uses them; pyproject.toml): the product's own,
with fixed secrets and a test database of each run's own."""
from __future__ import annotations

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES, VAR_DIR

# Fixed, so that the worker processes the tests start sign and hash as they do.
SECRET_KEY = "test-secret-key-not-for-any-site-0123456789-abcdefghijklmnopqrstuvwxyz"
API_KEY_PEPPER = "test-api-key-pepper-not-for-any-site-0123456789"
SECRETS_MISSING = []
WORKER_WARM_UP = False  # clusters start and stop in many tests; a warm-up there is only waiting

if DATABASES["default"]["ENGINE"] == "fastpath.sqlite":
    # A file, not :memory:, so a real worker process can see the test database; one
    # per test run (pid) so that parallel runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
