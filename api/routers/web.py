"""``GET /``: the desk's web page, served from the package on the API's own port.

The page is three static files in ``api/web/`` (HTML, CSS, a little JavaScript) that call the
API like any client: ``POST /v1/brief`` with the page as a file, ``POST /v1/translate``,
``POST /detect``. Nothing is loaded from elsewhere, and the Content-Security-Policy sent with
every file says so to the browser too: a desk's offline machine shows the same page.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import Response

from toolkit.errors import BriefError

router = APIRouter(include_in_schema=False)

# The only files served: a fixed list, so no path from a request ever reaches the disk.
ASSETS = {
    "index.html": "text/html; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}

# Same origin only: scripts, styles, fonts, images and API calls. No inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Revalidate on each load, so a new version of brief shows its new page at once.
    "Cache-Control": "no-cache",
}


class PageNotFound(BriefError):
    http_status = 404


def asset(name: str) -> bytes:
    """The bytes of one packaged page file."""
    return files("api").joinpath("web", name).read_bytes()


@router.get("/")
def index() -> Response:
    """The web page: brief a page, translate text."""
    return Response(asset("index.html"), media_type=ASSETS["index.html"], headers=HEADERS)


@router.get("/web/{name}")
def web_file(name: str) -> Response:
    """One of the page's own files (CSS, JavaScript, icon)."""
    if name not in ASSETS or name == "index.html":
        raise PageNotFound(f"no such file: /web/{name}")
    return Response(asset(name), media_type=ASSETS[name], headers=HEADERS)
