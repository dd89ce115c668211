"""Property-based fuzzing of the whole v1 API from its own OpenAPI schema (schemathesis):
whatever is sent, no 5xx, and every answer matches the documented status codes and
response schemas."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import account_create, api_key_create

MAX_EXAMPLES = 30


def _load_schema():
    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


schema = _load_schema()


@pytest.fixture(autouse=True)
def _requests_keep_the_test_connection():
    """The real WSGI application, as a server runs it; like Django's test client, it
    must not close the test's database connection at the end of each request."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(db, settings):
    settings.API_RATE_LIMIT = "100000/min"  # the fuzzer sends far more than a partner would
    # Jobs are accepted, never run: without room they would all hit the cap on active work.
    settings.ACCOUNT_ACTIVE_JOBS_MAX, settings.ACCOUNT_ACTIVE_IMAGES_MAX = 100_000, 1_000_000
    account = account_create(email="fuzz@example.com", password="s3cret-Passw0rd", credits=100_000)
    key = api_key_create(account=account, name="fuzz", mode="live")
    return {"Authorization": f"Bearer {key.secret}"}


@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_the_api_never_answers_5xx_and_conforms_to_its_schema(case, auth_headers):
    case.call_and_validate(headers=auth_headers,
                           checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance])
