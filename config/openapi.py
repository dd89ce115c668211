"""OpenAPI post-processing: every error response is a problem document (RFC 9457),
so the schema says `application/problem+json` for 4xx/5xx, as the API answers."""
from __future__ import annotations

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
