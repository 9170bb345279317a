"""Security headers on every response: a Content-Security-Policy the dashboard satisfies, no framing,
no MIME sniffing.

The dashboard's scripts and styles are files under ``/static`` (no inline script; the reader's
data is ``<script type="application/json">``, which is never run).  The only inline styles are
``style="--shade: 0.42"`` attributes of the heat maps, allowed by ``style-src-attr``.  FastAPI's
``/docs`` and ``/redoc`` pages load their viewer from a CDN and start it with one inline script:
they get a policy of their own naming that CDN and the script's hash.
"""
from __future__ import annotations

import base64
import hashlib
import re

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
          "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
          "frame-ancestors 'none'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"same-origin")]
CDN = "https://cdn.jsdelivr.net"


def _hashes(html: str) -> str:
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    return " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
                    for s in scripts)


def docs_policy(app) -> str:
    """The policy of the API documentation pages, with the hashes of their inline scripts."""
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html

    html = (get_swagger_ui_html(openapi_url=app.openapi_url, title=app.title + " - Swagger UI",
                                oauth2_redirect_url=app.swagger_ui_oauth2_redirect_url).body.decode()
            + get_redoc_html(openapi_url=app.openapi_url, title=app.title + " - ReDoc").body.decode())
    return (f"default-src 'self'; script-src 'self' {CDN} {_hashes(html)}; style-src 'self' 'unsafe-inline' {CDN} "
            f"https://fonts.googleapis.com; font-src 'self' https://fonts.gstatic.com; img-src 'self' data: "
            f"https://fastapi.tiangolo.com; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
            f"frame-ancestors 'none'")


class SecurityHeaders:
    """Pure ASGI middleware (no buffering of bodies): adds the headers to every HTTP response."""

    def __init__(self, app, docs_csp: str | None = None, docs_paths: tuple[str, ...] = ("/docs", "/redoc")):
        self.app, self.docs_paths = app, docs_paths
        self.page = [(b"content-security-policy", POLICY.encode()), *HEADERS]
        self.docs = [(b"content-security-policy", (docs_csp or POLICY).encode()), *HEADERS]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = self.docs if scope.get("path") in self.docs_paths else self.page

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *[(k, v) for k, v in extra if k not in names]]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
