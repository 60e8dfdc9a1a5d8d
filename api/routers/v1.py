"""``/v1``: brief's own API. Each route parses, calls ``toolkit`` and shapes the answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import Engine, get_engine, require_key
from api.errors import validation_message
from api.schemas import (
    ERROR_RESPONSES,
    MODEL_ERROR_RESPONSES,
    BriefBundle,
    BriefRequest,
    ConvertRequest,
    ConvertResponse,
    ModelEntry,
    ModelsResponse,
    SummarizeRequest,
    SummarizeResponse,
    TranslateRequest,
    TranslateResponse,
)
from toolkit.errors import InputError

router = APIRouter(prefix="/v1", dependencies=[Depends(require_key)], tags=["v1"])

MEDIA_TYPES = {"json": "application/json", "markdown": "text/markdown", "html": "text/html"}


def _as_list(text: str | list[str]) -> list[str]:
    return [text] if isinstance(text, str) else text


@router.post("/translate", response_model=TranslateResponse, responses=MODEL_ERROR_RESPONSES,
             summary="Chinese → English, figures and glossary terms kept exact")
def translate(body: TranslateRequest, request: Request) -> TranslateResponse:
    """Translate Chinese text (Traditional or Simplified) or a list of texts to English."""
    engine = get_engine(request)
    texts = _as_list(body.text)
    engine.check_chars(texts)
    from toolkit.translation import TranslationReport, translate_texts

    with engine.request_glossary(body.glossary) as glossary_path:
        options = engine.request_options(opencc_config=body.opencc_config, glossary_path=glossary_path)
        translator = engine.translator()
        assert translator is not None
        report = TranslationReport()
        english = translate_texts(texts, translator, options, report=report)
    confidence = [None if c is None else round(c, 4) for c in report.confidence] or [None] * len(english)
    single = isinstance(body.text, str)
    return TranslateResponse(
        translation=english[0] if single else english, translator=translator.name,
        confidence=confidence[0] if single else confidence,
    )


@router.post("/convert", response_model=ConvertResponse, responses=ERROR_RESPONSES,
             summary="Traditional ↔ Simplified Chinese with OpenCC")
def convert(body: ConvertRequest, request: Request) -> ConvertResponse:
    """Convert between Chinese scripts with the OpenCC configuration named (default hk2s)."""
    from toolkit.conversion import convert_many

    texts = _as_list(body.text)
    get_engine(request).check_chars(texts)
    result = convert_many(texts, body.config, body.terms)
    return ConvertResponse(text=result[0] if isinstance(body.text, str) else result, config=body.config)


@router.post("/summarize", response_model=SummarizeResponse, responses=ERROR_RESPONSES,
             summary="Extractive summary of one text")
def summarize(body: SummarizeRequest, request: Request) -> SummarizeResponse:
    """Pick the sentences an analyst would read first: those that say what the headline says,
    the lead, the figures (sumy's TextRank among the evidence)."""
    from toolkit.summary import summarize as summarize_text

    get_engine(request).check_chars([body.text, body.title or ""])
    sentences = summarize_text(
        body.text, sentences=body.sentences, ratio=body.ratio, algorithm=body.algorithm,
        opencc_config=body.opencc_config, title=body.title,
    )
    return SummarizeResponse(sentences=list(sentences), algorithm=body.algorithm)


_BRIEF_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": BriefRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "description": "The page as a text file (UTF-8, Big5-HKSCS or GB18030)."},
                        "format": {"type": "string", "enum": ["json", "markdown", "html", "bundle"]},
                        "full": {"type": "boolean"},
                        "translate": {"type": "boolean"},
                    },
                }
            },
        },
    },
    "responses": {
        "200": {
            "description": "The brief: JSON (the contract of toolkit.render.brief_to_dict), Markdown or HTML; "
                           "with format=bundle, one JSON object holding all three (BriefBundle).",
            "content": {
                "application/json": {"schema": {"anyOf": [
                    {"type": "object", "title": "Brief", "description": "format=json: the brief's JSON contract."},
                    BriefBundle.model_json_schema(),
                ]}},
                "text/markdown": {}, "text/html": {},
            },
        }
    },
}


def _format_from_accept(accept: str) -> str:
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in ("text/markdown", "text/x-markdown"):
            return "markdown"
        if media in ("text/html", "application/xhtml+xml"):
            return "html"
        if media in ("application/json", "*/*"):
            return "json"
    return "json"


async def _read_brief_request(request: Request) -> tuple[BriefRequest, bytes | None, str]:
    """The request as a ``BriefRequest`` (JSON body, or multipart with the page as ``file``)."""
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("multipart/form-data") or content_type.startswith("application/x-www-form-urlencoded"):
        form = await request.form()
        upload = form.get("file")
        fields: dict[str, Any] = {k: v for k, v in form.items() if k != "file" and isinstance(v, str)}
        if upload is None or isinstance(upload, str):
            if "text" not in fields:
                raise InputError("send the page as a file field named 'file' (or as JSON {\"text\": ...})")
            data, source = None, "<form>"
        else:
            data, source = await upload.read(), upload.filename or "<upload>"
            fields["text"] = "-"  # placeholder: the file is decoded by toolkit.reading
        try:
            return BriefRequest.model_validate(fields), data, source
        except ValidationError as exc:
            raise InputError(validation_message(list(exc.errors()))) from None
    raw = await request.body()
    try:
        return BriefRequest.model_validate_json(raw), None, "<request>"
    except ValidationError as exc:
        raise InputError(validation_message(list(exc.errors()))) from None


def _make_brief(engine: Engine, body: BriefRequest, data: bytes | str, source: str, fmt: str) -> Response:
    from toolkit.pipeline import make_brief
    from toolkit.reading import read_page

    page = read_page(data, source)
    engine.check_chars([page.text])
    options = engine.request_options(
        summary_sentences=body.sentences, summary_ratio=body.ratio, summary_algorithm=body.algorithm,
        full=body.full, bilingual=body.bilingual, script=body.script, opencc_config=body.opencc_config,
        terms=body.terms, translate=body.translate,
    )
    translator = engine.translator(required=False) if body.translate else None
    if body.translate and translator is None:
        # Like the CLI: the brief without English, and a notice saying how to install the model.
        from toolkit.translation import no_model_notice

        brief = make_brief(page.text, source=page.source, options=options.with_changes(translate=False))
        brief.notices.append(no_model_notice())
    else:
        brief = make_brief(page.text, source=page.source, options=options, translator=translator)
    if fmt == "json":
        from toolkit.render import brief_to_dict

        return JSONResponse(brief_to_dict(brief))
    if fmt == "bundle":
        from toolkit.render import brief_to_dict, render_html, render_json, render_markdown

        # One run of the pipeline, every format: what a client showing the brief and offering its downloads needs.
        # The shape of BriefBundle, built as is: the brief's own JSON goes out untouched by pydantic. ``json``
        # is the brief as the CLI writes it (--format json), so a download is that file byte for byte
        # (a browser re-encoding ``brief`` would turn 5400000000.0 into 5400000000).
        return JSONResponse({"brief": brief_to_dict(brief), "json": render_json(brief),
                             "html": render_html(brief, options), "markdown": render_markdown(brief, options)})
    if fmt == "html":
        from toolkit.render import render_html

        return Response(render_html(brief, options), media_type="text/html; charset=utf-8")
    from toolkit.render import render_markdown

    return Response(render_markdown(brief, options), media_type="text/markdown; charset=utf-8")


@router.post("/brief", responses=MODEL_ERROR_RESPONSES, openapi_extra=_BRIEF_BODY,
             summary="The English brief of a whole page")
async def brief(request: Request) -> Response:
    """Make the brief of a page sent as JSON `{"text": ..., "format": ...}` or as a multipart
    file upload (field `file`). The format comes from the `format` field, else the `Accept`
    header (`application/json`, `text/markdown`, `text/html`), else JSON.

    `format=bundle` answers one JSON object, `{"brief": ..., "html": ..., "markdown": ...}`: the JSON
    brief exactly as `format=json` gives it and the same brief rendered as HTML and Markdown, all
    from one run of the pipeline (a client that shows the brief and offers downloads asks once)."""
    engine = get_engine(request)
    body, data, source = await _read_brief_request(request)
    fmt = body.format or _format_from_accept(request.headers.get("accept", ""))
    fmt = "markdown" if fmt == "md" else fmt
    return await run_in_threadpool(_make_brief, engine, body, body.text if data is None else data, source, fmt)


@router.get("/models", response_model=ModelsResponse, responses={401: ERROR_RESPONSES[401]},
            summary="Installed translation models")
def models(request: Request) -> ModelsResponse:
    """The translation models installed on the server."""
    from toolkit.translation.models import list_models

    engine = get_engine(request)
    installed = list_models(engine.settings.models_dir)
    entries = [
        ModelEntry(from_code=m.from_code, to_code=m.to_code, name=str(m.name), version=str(m.version),
                   size_bytes=int(m.size_bytes), kind=m.kind)
        for m in installed
    ]
    zh_en = any(m.from_code.startswith("zh") and m.to_code == "en" for m in installed)
    return ModelsResponse(models=entries, zh_en_installed=zh_en)
