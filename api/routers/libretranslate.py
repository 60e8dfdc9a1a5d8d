"""LibreTranslate-compatible routes, so LibreTranslate clients can use brief unchanged.

Same shapes as LibreTranslate (JSON or form-encoded bodies, ``{"error": ...}`` errors, 400 /
403 / 429), same app, model, limits, glossary and cache as ``/v1``. brief serves one pair,
Chinese (Simplified or Traditional) → English; ``alternatives`` are always empty lists because
the translator interface returns one hypothesis per sentence.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import Engine, client_id, get_engine, request_key
from api.errors import BadRequest, Unauthorized
from api.schemas import has_lone_surrogate

router = APIRouter(tags=["libretranslate"])

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"
# Codes LibreTranslate has used for Chinese (older: zh, zt; newer: zh-Hans, zh-Hant).
SOURCE_CODES = {"zh": SIMPLIFIED, "zh-hans": SIMPLIFIED, "zh-cn": SIMPLIFIED, "zt": TRADITIONAL,
                "zh-hant": TRADITIONAL, "zh-tw": TRADITIONAL, "zh-hk": TRADITIONAL, "auto": "auto"}
OPENCC_FOR = {TRADITIONAL: "hk2s", SIMPLIFIED: "hk2s"}  # hk2s leaves Simplified text as it is
LANGUAGES = [
    {"code": SIMPLIFIED, "name": "Chinese", "targets": ["en"]},
    {"code": TRADITIONAL, "name": "Chinese (traditional)", "targets": ["en"]},
    {"code": "en", "name": "English", "targets": []},
]


class LTTranslateRequest(BaseModel):
    q: str | list[str] = Field(description="Text to translate, or a list of texts.")
    source: str = Field(default="auto", description="zh, zt, zh-Hans, zh-Hant or auto.")
    target: str = Field(default="en", description="en (the only target).")
    format: str = Field(default="text", description="text, or html (text nodes translated, markup kept).")
    alternatives: int = Field(default=0, ge=0, le=3, description="Always answered with empty lists.")
    api_key: str | None = None

    model_config = {"json_schema_extra": {"examples": [{"q": "騰訊控股全年純利3685億元人民幣", "source": "zt",
                                                        "target": "en"}]}}


class LTDetectRequest(BaseModel):
    q: str
    api_key: str | None = None


def _body_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = {"schema": model.model_json_schema()}
    return {"requestBody": {"required": True, "content": {"application/json": schema,
                                                          "application/x-www-form-urlencoded": schema}}}


def _raw_utf8(value: str) -> str:
    """Undo Latin-1 decoding of raw UTF-8 form values (``curl -d q=港股`` sends them unencoded)."""
    if value.isascii() or any(ord(c) > 0xFF for c in value):
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return value


async def _read(request: Request) -> dict[str, Any]:
    """The body as a dict, from JSON or a form (a repeated ``q`` form field becomes a list)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form()
        except UnicodeDecodeError:
            raise BadRequest("Invalid request: the body is not valid UTF-8") from None
        data: dict[str, Any] = {k: _raw_utf8(v) for k, v in form.items() if isinstance(v, str)}
        qs = [_raw_utf8(v) for v in form.getlist("q") if isinstance(v, str)]
        if len(qs) > 1:
            data["q"] = qs
        return data
    raw = await request.body()
    if not raw.strip():
        return {}
    import json

    try:
        data = json.loads(raw)
    except RecursionError:
        raise BadRequest("Invalid request: the JSON body is nested too deeply") from None
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("Invalid request: the body is not valid JSON (send UTF-8 JSON or a form)") from None
    if not isinstance(data, dict):
        raise BadRequest("Invalid request: the body must be a JSON object")
    return data


def _authorise(request: Request, engine: Engine, data: dict[str, Any]) -> None:
    key = data.get("api_key") or request_key(request)
    key = key if isinstance(key, str) else None
    engine.limiter.check(client_id(request, key if key in engine.settings.api_keys else None))
    try:
        engine.check_key(key)
    except Unauthorized:
        raise Unauthorized("Invalid API key") from None


def _parse(model: type[BaseModel], data: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from api.errors import validation_message

    if "q" not in data:
        raise BadRequest("Invalid request: missing q parameter")
    try:
        parsed: Any = model.model_validate(data)
    except ValidationError as exc:
        raise BadRequest(f"Invalid request: {validation_message(list(exc.errors()))}") from None
    q = parsed.q if isinstance(parsed.q, list) else [parsed.q]
    if any(has_lone_surrogate(text) for text in q):
        raise BadRequest("Invalid request: q holds a lone surrogate escape (not valid Unicode)")
    return parsed


def _detected(text: str) -> dict[str, Any]:
    from toolkit.detect import detect_language

    found = detect_language(text)
    return {"confidence": round(found.confidence * 100, 1), "language": found.language}


def _translate(engine: Engine, body: LTTranslateRequest) -> dict[str, Any]:
    texts = [body.q] if isinstance(body.q, str) else list(body.q)
    source = SOURCE_CODES.get(body.source.strip().lower())
    if source is None:
        raise BadRequest(f"{body.source} is not supported: brief translates Chinese (zh, zt, zh-Hans, zh-Hant, auto)")
    if body.target.strip().lower() != "en":
        raise BadRequest(f"{body.target} is not supported as a target: brief translates into English (en) only")
    if body.format not in ("text", "html"):
        raise BadRequest(f"Invalid request: format must be text or html, not {body.format}")
    if engine.settings.max_chars < sum(len(t) for t in texts):
        raise BadRequest(
            f"Invalid request: request ({sum(len(t) for t in texts)}) exceeds text limit ({engine.settings.max_chars})"
        )
    if source != "auto":
        detected = None
    elif body.format == "html":
        from api.markup import text_content

        detected = [_detected(text_content(t)) for t in texts]
    else:
        detected = [_detected(t) for t in texts]
    if detected:
        for text, found in zip(texts, detected, strict=False):
            if not found["language"].startswith("zh") and any(c.isalpha() for c in text):
                raise BadRequest(
                    f"the text does not look Chinese (detected {found['language']}); brief translates Chinese only"
                )
    from toolkit.translation import translate_texts

    options = engine.request_options(opencc_config=OPENCC_FOR.get(source))
    translator = engine.translator()
    assert translator is not None

    def run(batch: list[str]) -> list[str]:
        wanted = [i for i, t in enumerate(batch) if t.strip()]
        english = translate_texts([batch[i] for i in wanted], translator, options) if wanted else []
        out = list(batch)
        for i, e in zip(wanted, english, strict=False):
            out[i] = e
        return out

    if body.format == "html":
        from api.markup import translate_html

        result = [translate_html(t, run) for t in texts]
    else:
        result = run(texts)
    single = isinstance(body.q, str)
    answer: dict[str, Any] = {"translatedText": result[0] if single else result}
    if detected is not None:
        answer["detectedLanguage"] = detected[0] if single else detected
    if body.alternatives:
        answer["alternatives"] = [] if single else [[] for _ in texts]
    return answer


@router.post("/translate", openapi_extra=_body_schema(LTTranslateRequest),
             summary="Translate (LibreTranslate-compatible)")
async def translate(request: Request) -> dict[str, Any]:
    """LibreTranslate's `/translate`: `q` (string or list), `source`, `target`, `format`,
    `alternatives`, `api_key` → `{"translatedText": ...}` (+ `detectedLanguage` for `auto`)."""
    engine = get_engine(request)
    data = await _read(request)
    _authorise(request, engine, data)
    body = _parse(LTTranslateRequest, data)
    return await run_in_threadpool(_translate, engine, body)


@router.post("/detect", openapi_extra=_body_schema(LTDetectRequest),
             summary="Detect Traditional / Simplified Chinese (LibreTranslate-compatible)")
async def detect(request: Request) -> list[dict[str, Any]]:
    """`[{"confidence": 0–100, "language": "zh-Hant" | "zh-Hans" | "en" | "und"}]`."""
    engine = get_engine(request)
    data = await _read(request)
    _authorise(request, engine, data)
    body = _parse(LTDetectRequest, data)
    if len(body.q) > engine.settings.max_chars:
        raise BadRequest(f"Invalid request: request ({len(body.q)}) exceeds text limit ({engine.settings.max_chars})")
    return [await run_in_threadpool(_detected, body.q)]


@router.get("/languages", summary="Language pairs served (LibreTranslate-compatible)")
def languages() -> list[dict[str, Any]]:
    """The languages brief translates from, each with its targets (English only)."""
    return LANGUAGES


@router.get("/frontend/settings", summary="Limits and key requirement (LibreTranslate-compatible)")
def frontend_settings(request: Request) -> dict[str, Any]:
    """What LibreTranslate's web and mobile clients read before they translate."""
    settings = get_engine(request).settings
    return {
        "charLimit": settings.max_chars,
        "frontendTimeout": 500,
        "apiKeys": bool(settings.api_keys),
        "keyRequired": bool(settings.api_keys),
        "suggestions": False,
        "filesTranslation": False,
        "supportedFilesFormat": [],
        "language": {
            "source": {"code": "auto", "name": "Auto Detect"},
            "target": {"code": "en", "name": "English"},
        },
    }
