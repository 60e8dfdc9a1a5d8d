"""The FastAPI application: ``create_app(settings)`` wires routers, limits and error handlers.

Nothing happens at import time; ``brief serve`` (or a test) builds the app with its settings.
On start-up the app loads the installed zh→en model once, if there is one, so the first
request does not pay for it and ``/health`` can say the server is ready.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import Engine, get_engine
from api.errors import install_error_handlers, is_libretranslate
from api.schemas import HealthResponse
from api.settings import Settings
from toolkit.errors import BriefError

if TYPE_CHECKING:
    from toolkit.translation import Translator

log = logging.getLogger("brief.api")

DESCRIPTION = """\
Offline English briefs of Chinese financial pages, and the stages behind them: translation
with figures and glossary terms kept exact, script conversion, extractive summaries.

`/v1/...` is brief's own API; `/translate`, `/languages`, `/detect` and `/frontend/settings`
answer like LibreTranslate, so LibreTranslate clients work unchanged (Chinese → English only).
When API keys are configured, send one in `X-API-Key` or `Authorization: Bearer`.
"""


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("brief")
    except Exception:
        return "0.1.0"


class BodyLimit:
    """Refuse bodies over ``max_bytes`` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge(413, f"the request body is larger than the limit of {self.max_bytes} bytes")
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        from fastapi.responses import JSONResponse

        message = f"the request body is larger than the limit of {self.max_bytes} bytes"
        lt = is_libretranslate(Request(scope))
        body = {"error": message} if lt else {"error": message, "type": "LimitExceeded"}
        await JSONResponse(body, status_code=413, headers={"Connection": "close"})(scope, receive, send)


class _TooLarge(HTTPException):
    """Raised while reading the body; an HTTPException so FastAPI's body parsing passes it on."""


def create_app(settings: Settings | None = None, *, translator: Translator | None = None) -> FastAPI:
    """Build the API with ``settings`` (default: from ``BRIEF_*`` environment variables).

    ``translator`` replaces the installed model (tests, or an embedding application).
    """
    settings = settings or Settings()
    engine = Engine(settings, translator)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            translator = await run_in_threadpool(engine.translator, required=False)
            log.info("translator: %s", translator.name if translator else "none installed")
        except BriefError as exc:
            log.error("the translation model could not be loaded: %s", exc.message)
        yield
        engine.close()

    from fastapi_offline import FastAPIOffline

    # FastAPIOffline serves the Swagger UI files from the package, not from a CDN: a desk's
    # offline machine shows the docs too.
    app = FastAPIOffline(
        title="brief",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs" if settings.docs else None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.settings = settings
    install_error_handlers(app)

    from api.routers import libretranslate, v1, web

    app.include_router(v1.router)
    app.include_router(libretranslate.router)
    app.include_router(web.router)

    @app.get("/health", response_model=HealthResponse, tags=["health"], summary="Liveness and readiness")
    async def health(request: Request) -> HealthResponse:
        """Always 200 while the process runs; `ready` says whether a zh→en model is loaded.
        Answers at once, also while a page is being translated (no model lock taken here)."""
        translator = get_engine(request).loaded_translator
        return HealthResponse(ready=translator is not None, translator=translator.name if translator else None,
                              version=app.version)

    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app


