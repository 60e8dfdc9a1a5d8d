"""``brief serve``: run the HTTP API with uvicorn."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import models_dir_option


@click.command(
    "serve",
    epilog="""\b
Examples:
  brief serve                                  http://127.0.0.1:8000/docs
  brief serve --port 9000 --models-dir ./models
  BRIEF_API_KEYS=k1,k2 brief serve --host 0.0.0.0
  curl -s localhost:8000/v1/translate -H 'Content-Type: application/json' \\
       -d '{"text": "騰訊控股(00700)全年純利3685億元人民幣"}'""",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@models_dir_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each loads its own copy of the model).")
@click.option("--api-key", "api_keys", multiple=True, metavar="KEY",
              help="Require this API key (repeatable) [env: BRIEF_API_KEYS, comma-separated].")
@click.option("--proxy-headers", "proxy_headers", is_flag=True, default=None,
              help="Trust X-Forwarded-For from a reverse proxy on this machine (for the rate limit) "
                   "[env: BRIEF_TRUST_PROXY]. Off by default: clients could forge their address.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def command(host: str, port: int, models_dir: Path | None, workers: int, api_keys: tuple[str, ...],
            proxy_headers: bool | None, log_level: str) -> None:
    """Serve brief's HTTP API (/v1/... and LibreTranslate-compatible routes); docs at /docs.

    Limits, keys, cache and rate limit come from BRIEF_* environment variables
    (BRIEF_MAX_BODY_BYTES, BRIEF_MAX_CHARS, BRIEF_API_KEYS, BRIEF_CACHE, BRIEF_RATE_LIMIT...).
    """
    import os

    import uvicorn

    from api.settings import Settings

    overrides: dict[str, object] = {}
    if models_dir is not None:
        overrides["models_dir"] = models_dir
    if api_keys:
        overrides["api_keys"] = ",".join(api_keys)
    if proxy_headers:
        overrides["trust_proxy"] = True
    from pydantic import ValidationError

    from api.errors import validation_message
    from toolkit.errors import UsageError

    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise UsageError(f"bad server setting: {validation_message(list(exc.errors()))}") from None
    if workers > 1:
        # Worker processes import the app by name, so settings travel in the environment.
        if models_dir is not None:
            os.environ["BRIEF_MODELS_DIR"] = str(models_dir)
        if api_keys:
            os.environ["BRIEF_API_KEYS"] = ",".join(api_keys)
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level=log_level, proxy_headers=settings.trust_proxy)
        return
    from api.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level,
                proxy_headers=settings.trust_proxy)
