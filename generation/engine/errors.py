"""Errors the engine raises. The pipeline decides from `retryable` whether an output
is worth another attempt (retryable) or fails for good (permanent)."""
from __future__ import annotations


class RenderError(Exception):
    code = "render_failed"
    retryable = False

    def __init__(self, message: str, *, code: str | None = None, retryable: bool | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if retryable is not None:
            self.retryable = retryable


class TextDoesNotFit(RenderError):
    """The claim cannot fit its box at the minimum readable size."""

    code = "text_does_not_fit"
    retryable = False


class UnknownForeground(RenderError):
    """No clear single object stands out in a product photo, so there is nothing to cut out."""

    code = "unknown_foreground"
    retryable = False


class NoPersonFound(RenderError):
    """A player card needs a person: the photo shows none (a landscape, an empty room, a
    texture, a product, or a figure without a face)."""

    code = "no_person_found"
    retryable = False
