"""What the routes share: the loaded model, the key check, the rate limiter, the limits.

One ``Engine`` per app (in ``app.state.engine``) holds the translator, loaded once per
process and shared by every request. CTranslate2 work runs in worker threads (the routes
are plain ``def`` or use ``run_in_threadpool``), so the event loop — and ``/health`` — stay
responsive while a page is being translated. One lock serialises the model calls only:
cache hits, segmentation and summaries of other requests go on meanwhile.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request

from api.errors import RateLimited, Unauthorized
from api.settings import Settings
from toolkit.config import BriefOptions
from toolkit.errors import INSTALL_MODEL_HINT, InputError, LimitExceeded, ModelNotInstalled

if TYPE_CHECKING:
    from toolkit.translation import Translator


class RateLimiter:
    """At most ``per_minute`` requests per client in any 60-second window (in memory, per process)."""

    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str, now: float | None = None) -> None:
        if self.per_minute <= 0:
            return
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(client, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.per_minute:
                raise RateLimited(
                    f"too many requests: the limit is {self.per_minute} per minute; try again later"
                )
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle clients so memory stays bounded
                for key in [k for k, v in self._hits.items() if not v or now - v[-1] >= self.window]:
                    del self._hits[key]


class LockedTranslator:
    """The shared translator with its ``translate*`` calls taken one at a time.

    Attributes the translation stage reads (``name``, ``model_id``, ``beam_size``,
    ``keeps_whole``...) pass through unchanged.
    """

    def __init__(self, inner: Translator, lock: threading.Lock) -> None:
        self._inner = inner
        self._lock = lock
        self.name = inner.name

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        with self._lock:
            return self._inner.translate_sentences(sentences)

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._inner, attribute)
        if callable(value) and (attribute.startswith("translate") or attribute == "decode"):
            def locked(*args: Any, **kwargs: Any) -> Any:
                with self._lock:
                    return value(*args, **kwargs)

            return locked
        return value


class Engine:
    """The per-process state behind the routes: settings, the shared translator and its lock."""

    def __init__(self, settings: Settings, translator: Translator | None = None) -> None:
        self.settings = settings
        self.options = settings.options()
        self.limiter = RateLimiter(settings.rate_limit)
        self.translation_lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._translator: Translator | None = None
        if translator is not None:
            self._translator = LockedTranslator(translator, self.translation_lock)
        self._glossary_dir: Path | None = None

    @property
    def loaded_translator(self) -> Translator | None:
        """The translator if it is loaded already (never loads; for ``/health``)."""
        return self._translator

    def translator(self, *, required: bool = True) -> Translator | None:
        """The shared zh→en translator, loaded on first use; ``ModelNotInstalled`` (503) when absent."""
        if self._translator is None:
            from toolkit.translation import load_translator

            with self._load_lock:
                if self._translator is None:
                    loaded = load_translator(self.options, required=False)
                    if loaded is not None:
                        self._translator = LockedTranslator(loaded, self.translation_lock)
        if self._translator is None and required:
            raise ModelNotInstalled(f"no Chinese→English translation model is installed on the server; {INSTALL_MODEL_HINT}")
        return self._translator

    def check_chars(self, texts: Sequence[str]) -> None:
        """``LimitExceeded`` (413) when the request holds more characters than ``max_chars``."""
        total = sum(len(t) for t in texts)
        if total > self.settings.max_chars:
            raise LimitExceeded(
                f"the request holds {total} characters; the limit is {self.settings.max_chars} "
                "(send less text per request)"
            )

    def check_key(self, key: str | None) -> None:
        """``Unauthorized`` when keys are configured and ``key`` is not one of them."""
        keys = self.settings.api_keys
        if not keys:
            return
        if not key:
            raise Unauthorized("an API key is required: send it in the X-API-Key header")
        if key not in keys:
            raise Unauthorized("the API key is not valid")

    def request_options(self, glossary: Mapping[str, str] | None = None, **changes: object) -> BriefOptions:
        """Options for one request: the server's, with per-request changes and glossary terms."""
        values = {k: v for k, v in changes.items() if v is not None}
        if glossary:
            values["glossary_path"] = self._glossary_file(glossary)
        return self.options.with_changes(**values) if values else self.options

    def _glossary_file(self, terms: Mapping[str, str]) -> Path:
        """A TSV holding the server's user glossary plus ``terms`` (request terms win).

        The glossary stage reads files only, so request terms go to a small file named by the
        hash of its content: the same terms reuse the same file (and the cache's glossary version).
        """
        lines = []
        for chinese, english in terms.items():
            for value in (chinese, english):
                if not value.strip() or any(c in value for c in "\t\r\n"):
                    raise InputError(f"glossary: {value!r} must be non-empty and on one line without tabs")
            lines.append(f"{chinese.strip()}\t{english.strip()}")
        base = ""
        if self.settings.glossary_path is not None:
            base = self.settings.glossary_path.read_text(encoding="utf-8")
            if base and not base.endswith("\n"):
                base += "\n"
        content = base + "\n".join(lines) + "\n"
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
        with self._load_lock:
            if self._glossary_dir is None:
                self._glossary_dir = Path(tempfile.mkdtemp(prefix="brief-api-glossary-"))
        path = self._glossary_dir / f"{digest}.tsv"
        if not path.exists():
            tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
            tmp.write_text(content, encoding="utf-8")
            tmp.replace(path)
        return path

    def close(self) -> None:
        if self._glossary_dir is not None:
            import shutil

            shutil.rmtree(self._glossary_dir, ignore_errors=True)
            self._glossary_dir = None


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def request_key(request: Request) -> str | None:
    """The API key of a request: ``X-API-Key`` header or ``Authorization: Bearer``."""
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def client_id(request: Request, key: str | None = None) -> str:
    """Who a request counts against for rate limiting: its key, else its address."""
    if key:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return "ip:" + (request.client.host if request.client else "unknown")


def require_key(request: Request) -> None:
    """Router dependency of ``/v1``: check the key, then the rate limit."""
    engine = get_engine(request)
    key = request_key(request)
    engine.limiter.check(client_id(request, key if key in engine.settings.api_keys else None))
    engine.check_key(key)
