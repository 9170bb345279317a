"""Every error of the REST API as one JSON shape: ``{"error": {"code", "message"}}``.

Errors are caught by the API's own route class rather than by app-wide
exception handlers, so the dashboard pages mounted on the same app keep
their own (HTML) error handling, and no traceback ever reaches a client.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.routing import Match

from ..errors import GwrError

LOGGER = logging.getLogger(__name__)

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          411: "length_required", 413: "payload_too_large", 415: "unsupported_media_type", 422: "validation_error"}


class ApiError(Exception):
    """An error with its HTTP status and a stable code, raised by the API's handlers."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def bad_filter(message: str) -> ApiError:
    return ApiError(400, "bad_filter", message)


def error_response(status: int, code: str, message: str, *, details: list | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def to_response(exc: Exception) -> JSONResponse:
    """The JSON error for any exception a handler lets out."""
    if isinstance(exc, ApiError):
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)
    if isinstance(exc, RequestValidationError):
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                   for e in exc.errors()]
        where = "; ".join(f"{'.'.join(str(p) for p in d['loc'])}: {d['msg']}" for d in details)
        return error_response(422, "validation_error", f"invalid request: {where}",
                              details=jsonable_encoder(details))
    if isinstance(exc, HTTPException):
        return error_response(exc.status_code, _CODES.get(exc.status_code, f"http_{exc.status_code}"),
                              str(exc.detail), headers=getattr(exc, "headers", None))
    if isinstance(exc, GwrError):  # raised on purpose: a bad request the store or search refused
        return error_response(400, exc.code, exc.message)
    LOGGER.exception("unexpected error in the API")
    return error_response(500, "internal_error", f"internal error ({type(exc).__name__}); "
                                                 "the server's log has the details")


class JSONErrorRoute(APIRoute):
    """An ``APIRoute`` whose handler answers every exception with the JSON error shape."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # noqa: BLE001 - this is the one place that turns them into JSON
                return to_response(exc)

        return guarded


def unmatched(routes: list) -> Callable[[Request], JSONResponse]:
    """The endpoint for ``/api/...`` paths no route serves: 405 when one of ``routes`` serves
    the path with another method, else 404."""

    def endpoint(request: Request) -> JSONResponse:
        allowed: set[str] = set()
        for route in routes:
            if isinstance(route, APIRoute) and route.endpoint is not endpoint:
                match, _ = route.matches(request.scope)
                if match == Match.PARTIAL:
                    allowed |= route.methods or set()
        if allowed:
            return error_response(405, "method_not_allowed",
                                  f"{request.method} is not allowed on {request.url.path}",
                                  headers={"Allow": ", ".join(sorted(allowed))})
        return error_response(404, "not_found", f"no endpoint at {request.url.path} (see /docs)")

    return endpoint
