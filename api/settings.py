"""The API's settings: one pydantic-settings class, ``BRIEF_*`` environment over defaults.

``brief serve`` builds it from its arguments; tests build their own and pass it to
``api.app.create_app``. Nothing here reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from toolkit.config import BriefOptions


class Settings(BaseSettings):
    """Limits, keys and model settings of one API process."""

    model_config = SettingsConfigDict(env_prefix="BRIEF_", extra="ignore")

    api_keys: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(), description="Accepted API keys (comma-separated in BRIEF_API_KEYS); empty = open."
    )
    max_body_bytes: int = Field(default=2_000_000, ge=1, description="Largest request body, in bytes (413 past it).")
    max_chars: int = Field(default=50_000, ge=1, description="Most characters of text per request (413 past it).")
    models_dir: Path | None = Field(default=None, description="Folder of installed translation models.")
    cache: bool = Field(default=True, description="Use the SQLite translation cache (BRIEF_CACHE=0 turns it off).")
    cache_path: Path | None = Field(default=None, description="Translation cache file (default: XDG cache).")
    glossary_path: Path | None = Field(default=None, description="A user glossary TSV applied to every request.")
    opencc_config: str = Field(default="hk2s", description="Default OpenCC configuration for Traditional input.")
    beam_size: int = Field(default=2, ge=1, le=8)
    threads: int = Field(default=0, ge=0, description="Cores for translation: CTranslate2 workers of one thread each (0 = one per core, at most 4).")
    model: str | None = Field(default=None, description="Installed model to use when several are (name or folder).")
    confidence_threshold: float = Field(default=0.3, ge=0, le=1, description="Briefs mark sentences below this confidence.")
    rate_limit: int = Field(default=0, ge=0, description="Requests per client per minute; 0 = no limit.")
    docs: bool = Field(default=True, description="Serve the OpenAPI docs at /docs.")
    trust_proxy: bool = Field(
        default=False,
        description="Take the client address from X-Forwarded-For (only behind a reverse proxy you run; "
        "else any client could pick its own address and escape the rate limit).",
    )

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: Any) -> Any:
        if isinstance(value, str):
            return frozenset(k.strip() for k in value.split(",") if k.strip())
        return value

    def options(self, **changes: Any) -> BriefOptions:
        """The ``BriefOptions`` every request starts from (validated by ``BriefOptions``)."""
        values: dict[str, Any] = {
            "opencc_config": self.opencc_config,
            "models_dir": self.models_dir,
            "use_cache": self.cache,
            "glossary_path": self.glossary_path,
            "beam_size": self.beam_size,
            "threads": self.threads,
            "model": self.model,
            "confidence_threshold": self.confidence_threshold,
        }
        if self.cache_path is not None:
            values["cache_path"] = self.cache_path
        values.update(changes)
        return BriefOptions(**values)
