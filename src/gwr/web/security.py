"""Security headers on every response: a Content-Security-Policy the dashboard satisfies, no framing,
no MIME sniffing.

The dashboard's scripts and styles are files under ``/static`` (no inline script; the reader's
data is ``<script type="application/json">``, which is never run).  The only inline styles are
``style="--shade: 0.42"`` attributes of the heat maps, allowed by ``style-src-attr``.  ``/docs``
(Swagger UI from the package, see ``docs.py``) starts its viewer with one inline script: it gets a
policy of its own with that script's hash, and names no other host.
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


def _hashes(html: str) -> str:
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    return " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
                    for s in scripts)


def docs_policies(app) -> dict[str, str]:
    """The policies of the API documentation page by path, with the hashes of its inline scripts."""
    from . import docs

    swagger = docs.page(app).body.decode()
    return {"/docs": (f"default-src 'self'; script-src 'self' {_hashes(swagger)}; style-src 'self' 'unsafe-inline'; "
                      f"img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
                      f"base-uri 'none'; frame-ancestors 'none'")}


class SecurityHeaders:
    """Pure ASGI middleware (no buffering of bodies): adds the headers to every HTTP response."""

    def __init__(self, app, policies: dict[str, str] | None = None):
        self.app = app
        self.page = [(b"content-security-policy", POLICY.encode()), *HEADERS]
        self.by_path = {path: [(b"content-security-policy", csp.encode()), *HEADERS]
                        for path, csp in (policies or {}).items()}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = self.by_path.get(scope.get("path"), self.page)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *[(k, v) for k, v in extra if k not in names]]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
