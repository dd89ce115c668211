"""Error pages: problem+json under /api/, HTML elsewhere."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.static import serve

from config.problems import problem_json_response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return problem_json_response(request, status=400, code="validation_error", title="Bad request",
                                     detail="The request could not be read.")
    return HttpResponse("Bad request", status=400, content_type="text/plain")


def not_found(request, exception=None):
    if _is_api(request):
        return problem_json_response(request, status=404, code="not_found", title="Not found",
                                     detail="No such endpoint or resource.")
    try:
        return render(request, "404.html", status=404)
    except Exception:
        return HttpResponse("Not found", status=404, content_type="text/plain")


def server_error(request):
    if _is_api(request):
        return problem_json_response(request, status=500, code="internal_error", title="Internal error",
                                     detail="Something went wrong on our side; the request id helps us find it.")
    return HttpResponse("Server error", status=500, content_type="text/plain")


def media_serve(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
