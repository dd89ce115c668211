"""OpenAPI: every error response is a problem document (RFC 9457), so the schema says
`application/problem+json` for 4xx/5xx, as the API answers; and how API keys are sent.
Imported by accounts.apps so that the extension is registered before any schema is built."""
from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from config.problems import PROBLEM_CONTENT_TYPE


def problem_content_type_hook(result, generator, request, public):
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                content = response.get("content") if isinstance(response, dict) else None
                if str(status)[:1] in {"4", "5"} and content and "application/json" in content:
                    content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
    return result


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Tells the schema how accounts.authentication.ApiKeyAuthentication reads a key:
    a bearer token or the X-API-Key header (the two schemes SPECTACULAR_SETTINGS names)."""

    target_class = "accounts.authentication.ApiKeyAuthentication"
    name = ["ApiKeyBearer", "ApiKeyHeader"]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "http", "scheme": "bearer"},
            {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        ]


# ENUM_NAME_OVERRIDES: two "status" fields with different sets need their own names.
def job_statuses() -> list[str]:
    from generation.models import Job

    return list(Job.Status.values)


def outcome_statuses() -> list[str]:
    """An image's or a webhook message's status: pending, succeeded, failed."""
    from generation.models import JobOutput

    return list(JobOutput.Status.values)


def card_request_types() -> list[str]:
    """`POST /api/v1/images` takes one type of image: a player card."""
    from generation.models import Job

    return [Job.Type.PLAYER_CARD.value]
