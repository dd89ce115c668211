import secrets


class RequestIdMiddleware:
    """Gives every request an id (kept from `X-Request-Id` when the caller sends a sane
    one) that problem responses quote and the response header returns."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-Id", "")
        if incoming and len(incoming) <= 64 and incoming.isascii() and incoming.isprintable():
            request.request_id = incoming
        else:
            request.request_id = "req_" + secrets.token_hex(10)
        response = self.get_response(request)
        response["X-Request-Id"] = request.request_id
        return response
