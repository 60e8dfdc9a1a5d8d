"""Errors → HTTP responses, in one place.

Every ``BriefError`` becomes its ``http_status`` with a JSON body; request validation errors
become 422 with one readable message; anything else becomes a 500 without a traceback (logged
on the server). Routes of the LibreTranslate-compatible API answer in LibreTranslate's shape
and statuses instead (``{"error": ...}``; 400 for bad input, 403 for a bad key).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from toolkit.errors import BriefError

log = logging.getLogger("brief.api")

# Paths served by api.routers.libretranslate (exact paths: they are few and fixed).
LIBRETRANSLATE_PATHS = frozenset({"/translate", "/languages", "/detect", "/frontend/settings"})
# LibreTranslate has no 401/422: a missing key is "invalid" (403), bad input is 400.
_LIBRETRANSLATE_STATUS = {401: 403, 422: 400}


class Unauthorized(BriefError):
    """The API needs a key and the request had none, or a wrong one."""

    http_status = 401


class RateLimited(BriefError):
    """The client sent more requests than the configured rate limit allows."""

    http_status = 429


class BadRequest(BriefError):
    """A request the server cannot parse (LibreTranslate's 400)."""

    http_status = 400


def is_libretranslate(request: Request) -> bool:
    return request.url.path in LIBRETRANSLATE_PATHS


def error_response(request: Request, status: int, message: str, kind: str) -> JSONResponse:
    """The one error body: ``{"error": message, "type": kind}``, or LibreTranslate's ``{"error": ...}``."""
    if is_libretranslate(request):
        return JSONResponse({"error": message}, status_code=_LIBRETRANSLATE_STATUS.get(status, status))
    return JSONResponse({"error": message, "type": kind}, status_code=status)


def validation_message(errors: list[Any]) -> str:
    """One line a person can read from pydantic's error list."""
    parts = []
    for error in errors:
        kind = error.get("type", "")
        loc = [str(x) for x in error.get("loc", ()) if x not in ("body", "query", "form")]
        where = ".".join(loc)
        if not where and kind in ("model_attributes_type", "dict_type", "model_type"):
            parts.append("the request body must be a JSON object (Content-Type: application/json)")
        elif kind == "json_invalid":
            parts.append("the request body is not valid JSON (send UTF-8 encoded JSON)")
        elif kind == "missing":
            parts.append(f"{where or 'body'}: required")
        else:
            message = str(error.get("msg", "invalid value"))
            if message.startswith("Value error, "):
                message = message[len("Value error, "):]
            parts.append(f"{where}: {message}" if where else message)
    return "; ".join(dict.fromkeys(parts)) or "invalid request"


async def _brief_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BriefError)
    status = exc.http_status
    if status >= 500 and status != 503:
        log.error("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc.message)
    return error_response(request, status, exc.message, type(exc).__name__)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, 422, validation_message(list(exc.errors())), "InputError")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
        # FastAPI's "There was an error parsing the body" hides the cause a client can fix.
        return error_response(request, 422, "the request body is not valid UTF-8", "InputError")
    if exc.status_code == 400:
        return error_response(request, 422, f"the request body could not be read: {exc.detail}", "InputError")
    if exc.status_code == 413:
        return error_response(request, 413, str(exc.detail), "LimitExceeded")
    return error_response(request, exc.status_code, str(exc.detail), "HTTPError")


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    if isinstance(exc, UnicodeDecodeError):
        return error_response(request, 422, "the request is not valid UTF-8", "InputError")
    if isinstance(exc, MemoryError):
        return error_response(request, 413, "the request needs more memory than the server has", "LimitExceeded")
    return error_response(request, 500, "internal error; the server log has the details", "InternalError")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app`` (BriefError statuses are mapped here and nowhere else)."""
    app.add_exception_handler(BriefError, _brief_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
