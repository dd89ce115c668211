"""GET /api/v1/usage with hostile periods: a clear 400 validation_error, never a 500."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", [
    "to=9999-12-31",
    "from=9999-12-31&to=9999-12-31",
    "from=9999-12-02&to=9999-12-31",
    "from=0001-01-01",
    "from=9999-12-31",
    "to=10000-01-01",
    "to=2026-02-30",
    "to=garbage",
    "from=2026-13-01",
    "to=-1",
    "to=%00",
    "to=2026-01-01T00:00:00",
    "from=2026-02-01&to=2026-01-01",
    "from=2020-01-01&to=2026-01-01",
    "to=" + "9" * 5000,
])
def test_a_usage_period_that_cannot_be_served_is_a_400_with_a_clear_message(api, query):
    response = api.get(f"/api/v1/usage?{query}")
    assert response.status_code == 400, (query, response.content[:300])
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["code"] == "validation_error" and body["errors"]
    assert all(messages and all(message.strip() for message in messages) for messages in body["errors"].values())


def test_the_far_future_limit_is_named_in_the_message(api):
    body = api.get("/api/v1/usage?to=9999-12-31").json()
    assert "9999-12-30" in " ".join(sum(body["errors"].values(), []))


@pytest.mark.parametrize("query", [
    "", "from=2000-01-01&to=2000-12-31", "from=1970-01-01&to=1970-01-01", "to=9999-12-30",
    "from=0001-01-01&to=0001-01-30", "to=0001-01-01", "to=0001-01-15", "from=0001-01-01&to=0001-01-01",
    "from=2026-01-01&to=2026-12-31&unknown=1",
])
def test_a_usage_period_at_the_edges_is_served(api, query):
    response = api.get(f"/api/v1/usage?{query}")
    assert response.status_code == 200, (query, response.content[:300])
    body = response.json()
    assert len(body["daily"]) >= 1 and body["period"]["from"] <= body["period"]["to"]
