"""Errors as RFC 9457 problem documents. Services raise `DomainError`s; this module is
the one place that turns any error into a response, for DRF views and plain URLs."""
from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf
from rest_framework.response import Response

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


class DomainError(Exception):
    """A business rule said no. `code` is stable and documented (README, What to expect: Errors)."""

    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(self, detail: str, *, errors: dict[str, list[str]] | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


class ValidationFailed(DomainError):
    status, code, title = 400, "validation_error", "Validation error"


class NotFound(DomainError, Http404):
    """Nothing of that id in the account. An Http404 too, so that a page view lets it
    through to the 404 page (config.errors_views.not_found) as the API turns it into
    a problem document: one path for both."""

    status, code, title = 404, "not_found", "Not found"


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class PayloadTooLarge(DomainError):
    status, code, title = 413, "file_too_large", "Payload too large"


class UnsupportedMedia(DomainError):
    status, code, title = 415, "unsupported_media_type", "Unsupported media type"


def problem_body(*, status: int, code: str, title: str, detail: str, request=None, errors=None) -> dict:
    body = {
        "type": f"urn:creative-studio:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    body["requestId"] = getattr(request, "request_id", None)
    return body


def _flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF nests errors like its data; problem documents want `field.sub` → messages."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors":
                name = prefix or "body"
            for field, messages in _flatten_errors(value, name).items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            flat[prefix or "body"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                if item:
                    flat.update(_flatten_errors(item, f"{prefix}[{index}]"))
    else:
        flat[prefix or "body"] = [str(detail)]
    return flat


def _problem_response(body: dict, headers: dict | None = None) -> Response:
    response = Response(body, status=body["status"], headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    return response


def problem_for_exception(exc: Exception, request=None) -> tuple[dict, dict] | None:
    """(body, headers) for every error a client can cause; None for a server bug."""
    if isinstance(exc, DomainError):
        return problem_body(status=exc.status, code=exc.code, title=exc.title, detail=exc.detail,
                            errors=exc.errors, request=request), exc.headers
    if isinstance(exc, drf.ValidationError):
        errors = _flatten_errors(exc.detail)
        return problem_body(status=400, code="validation_error", title="Validation error",
                            detail="The request has invalid fields; see `errors`.", errors=errors,
                            request=request), {}
    if isinstance(exc, drf.ParseError):
        return problem_body(status=400, code="validation_error", title="Malformed request body",
                            detail=str(exc.detail), errors={"body": [str(exc.detail)]}, request=request), {}
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        detail = str(exc.detail) if isinstance(exc, drf.AuthenticationFailed) else (
            "Send your API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.")
        return problem_body(status=401, code="authentication_failed", title="Authentication failed",
                            detail=detail, request=request), {"WWW-Authenticate": 'Bearer realm="api"'}
    if isinstance(exc, drf.Throttled):
        wait = int(getattr(exc, "wait", None) or 1)
        return problem_body(status=429, code="rate_limited", title="Too many requests",
                            detail=f"Rate limit exceeded; retry in {max(wait, 1)} s.",
                            request=request), {"Retry-After": str(max(wait, 1))}
    if isinstance(exc, (Http404, drf.NotFound)):
        return problem_body(status=404, code="not_found", title="Not found",
                            detail="No such resource in your account.", request=request), {}
    if isinstance(exc, drf.MethodNotAllowed):
        return problem_body(status=405, code="method_not_allowed", title="Method not allowed",
                            detail=str(exc.detail), request=request), {}
    if isinstance(exc, drf.UnsupportedMediaType):
        return problem_body(status=415, code="unsupported_media_type", title="Unsupported media type",
                            detail=str(exc.detail), request=request), {}
    if isinstance(exc, drf.NotAcceptable):
        return problem_body(status=406, code="not_acceptable", title="Not acceptable",
                            detail=str(exc.detail), request=request), {}
    if isinstance(exc, (drf.PermissionDenied, PermissionDenied)):
        return problem_body(status=403, code="permission_denied", title="Permission denied",
                            detail=str(getattr(exc, "detail", "")) or "Not allowed.", request=request), {}
    if isinstance(exc, RequestDataTooBig):
        return problem_body(status=413, code="payload_too_large", title="Payload too large",
                            detail="The request body is larger than this endpoint accepts.", request=request), {}
    if isinstance(exc, (TooManyFieldsSent, SuspiciousOperation, RecursionError, UnicodeDecodeError)):
        return problem_body(status=400, code="validation_error", title="Malformed request",
                            detail="The request could not be read.", errors={"body": ["Malformed request."]},
                            request=request), {}
    if isinstance(exc, drf.APIException):
        return problem_body(status=exc.status_code, code=str(exc.default_code), title="Request failed",
                            detail=str(exc.detail), request=request), {}
    return None


def problem_exception_handler(exc, context):
    request = context.get("request")
    problem = problem_for_exception(exc, request)
    if problem is None:
        logger.exception("Unhandled error in API view", exc_info=exc)
        body = problem_body(status=500, code="internal_error", title="Internal error",
                            detail="Something went wrong on our side; the request id helps us find it.",
                            request=request)
        return _problem_response(body)
    body, headers = problem
    return _problem_response(body, headers)


def problem_json_response(request, *, status: int, code: str, title: str, detail: str) -> JsonResponse:
    body = problem_body(status=status, code=code, title=title, detail=detail, request=request)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
