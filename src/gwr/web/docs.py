"""``/docs`` served from the installed package ``swagger-ui-bundle-v2``, not from a CDN.

FastAPI's own ``/docs`` loads Swagger UI from cdn.jsdelivr.net, so on a machine without internet
(the usual place a reviewer opens a local dashboard) it was a blank page.  Swagger UI 5 is
needed (4.x cannot read FastAPI's OpenAPI 3.1); its files are mounted at ``/docs-assets`` and the
page is FastAPI's own ``get_swagger_ui_html`` pointed at them, so the policy of ``/docs`` names no
other host.  ``/redoc`` is off: ReDoc has no offline package, and a page that loads from a CDN
breaks the dashboard's rule of working without network.
"""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"


def assets_dir() -> str:
    """Where the Swagger UI files are (``swagger-ui-bundle-v2``, part of the ``web`` extra)."""
    from swagger_ui_bundle import swagger_ui_path

    return str(swagger_ui_path)


def page(app: FastAPI) -> HTMLResponse:
    return get_swagger_ui_html(openapi_url=app.openapi_url, title=app.title + " - Swagger UI",
                               swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                               swagger_css_url=f"{ASSETS}/swagger-ui.css",
                               swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
                               oauth2_redirect_url=OAUTH2_REDIRECT)


def install(app: FastAPI) -> None:
    """Serve ``/docs`` and its assets (the app is made with ``docs_url=None``)."""
    app.mount(ASSETS, StaticFiles(directory=assets_dir()), name="docs-assets")
    app.add_api_route("/docs", lambda: page(app), include_in_schema=False, response_class=HTMLResponse)
    app.add_api_route(OAUTH2_REDIRECT, get_swagger_ui_oauth2_redirect_html, include_in_schema=False,
                      response_class=HTMLResponse)
