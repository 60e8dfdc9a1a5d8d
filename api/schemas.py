"""Request and response models of the ``/v1`` API (with the examples shown at ``/docs``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from toolkit.config import SUMMARY_ALGORITHMS
from toolkit.conversion import CONFIGS

OpenCCConfig = Literal["hk2s", "t2s", "tw2s", "tw2sp", "s2t", "s2hk", "s2tw", "s2twp", "t2hk", "t2tw", "hk2t",
                       "hk2s-mainland"]
ToSimplified = Literal["hk2s", "t2s", "tw2s", "tw2sp"]
Terms = Literal["hk", "mainland"]
Algorithm = Literal["brief", "lexrank", "textrank", "lsa", "luhn", "edmundson"]
BriefFormat = Literal["json", "markdown", "md", "html", "bundle"]
MAX_ITEMS = 1000

assert set(CONFIGS) == set(OpenCCConfig.__args__)  # type: ignore[attr-defined]
assert set(SUMMARY_ALGORITHMS) == set(Algorithm.__args__)  # type: ignore[attr-defined]


def _check_types(value: Any) -> Any:
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    raise ValueError("must be a string or a list of strings")


def has_lone_surrogate(text: str) -> bool:
    """JSON can carry ``\\ud800`` escapes that no UTF-8 text can hold; OpenCC and the model can't take them."""
    return any("\ud800" <= c <= "\udfff" for c in text)


def _check_texts(value: str | list[str]) -> str | list[str]:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("the text is empty")
        if has_lone_surrogate(value):
            raise ValueError("the text holds a lone surrogate escape (\\ud800-\\udfff): not valid Unicode")
        return value
    if not value:
        raise ValueError("the list of texts is empty")
    if len(value) > MAX_ITEMS:
        raise ValueError(f"at most {MAX_ITEMS} texts per request")
    for i, item in enumerate(value):
        if not item.strip():
            raise ValueError(f"text {i} is empty")
        if has_lone_surrogate(item):
            raise ValueError(f"text {i} holds a lone surrogate escape (\\ud800-\\udfff): not valid Unicode")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TranslateRequest(_Strict):
    text: str | list[str] = Field(description="Chinese text (Traditional or Simplified), or a list of texts.")
    opencc_config: ToSimplified | None = Field(
        default=None, description="How to make the text Simplified first: hk2s (default, Hong Kong), t2s, tw2s, tw2sp."
    )
    glossary: dict[str, str] | None = Field(
        default=None,
        description="Extra glossary terms for this request (Chinese → English), kept exact like built-in terms.",
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "騰訊控股(00700)全年純利3685億元人民幣，按年增長5.2%。"},
                {"text": ["港股昨日反覆回升", "恒指收市升2.3%"], "glossary": {"反覆": "choppy"}},
            ]
        },
    )

    _texts = field_validator("text")(_check_texts)
    _types = field_validator("text", mode="before")(_check_types)


class TranslateResponse(BaseModel):
    translation: str | list[str] = Field(description="The English, one item per text when a list was sent.")
    translator: str = Field(description="The model that translated.")
    confidence: float | None | list[float | None] = Field(
        default=None,
        description="The model's confidence in each text, in (0, 1]: the geometric mean of its token "
                    "probabilities, lowest sentence of the text (null when unknown).",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "translation": "Tencent Holdings (00700) net profit of RMB368.5 billion, up 5.2% year on year.",
                    "translator": "argos translate-zh_en 1.9 (ctranslate2, beam 2)",
                    "confidence": 0.62,
                }
            ]
        }
    )


class ConvertRequest(_Strict):
    text: str | list[str] = Field(description="Chinese text, or a list of texts.")
    config: OpenCCConfig = Field(default="hk2s", description="OpenCC configuration, e.g. hk2s, t2s, s2hk.")
    terms: Terms = Field(default="hk", description="mainland: also put Hong Kong market words in mainland usage "
                                                   "(認沽證 → 认沽权证); Simplified configurations only.")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "港股昨日反覆回升", "config": "hk2s"}]},
    )

    _texts = field_validator("text")(_check_texts)
    _types = field_validator("text", mode="before")(_check_types)


class ConvertResponse(BaseModel):
    text: str | list[str]
    config: str

    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "港股昨日反复回升", "config": "hk2s"}]})


class SummarizeRequest(_Strict):
    text: str = Field(description="One article's Chinese text.")
    sentences: int = Field(default=3, ge=1, le=100, description="How many sentences to keep.")
    ratio: float | None = Field(default=None, gt=0, le=1, description="Or: the share of sentences to keep.")
    algorithm: Algorithm = Field(default="brief", description="Summary algorithm; brief (headline, lead, figures and TextRank) is the default chosen by measurement.")
    title: str | None = Field(default=None, max_length=500, description="The article's headline: the strongest evidence of what matters. Without it, a first line that looks like a headline is taken as one.")
    opencc_config: ToSimplified = Field(default="hk2s", description="How the text is made Simplified for scoring.")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"text": "港股昨日反覆回升。恒指收市升2.3%。成交額增至1500億元。", "sentences": 2}]
        },
    )

    _texts = field_validator("text")(_check_texts)
    _types = field_validator("text", mode="before")(_check_types)


class SummarizeResponse(BaseModel):
    sentences: list[str] = Field(description="The chosen sentences, in page order, in the input's script.")
    algorithm: str

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"sentences": ["港股昨日反覆回升。", "恒指收市升2.3%。"], "algorithm": "textrank"}]}
    )


class BriefRequest(_Strict):
    text: str = Field(description="A whole page of Chinese financial press.")
    format: BriefFormat | None = Field(
        default=None,
        description="json (the contract), markdown, html, or bundle (one JSON object with all three, made by one "
                    "run of the pipeline: see BriefBundle); default: from the Accept header, else json.",
    )
    sentences: int | None = Field(default=None, ge=1, le=100, description="Summary length in sentences.")
    ratio: float | None = Field(default=None, gt=0, le=1, description="Summary length as a share of sentences.")
    algorithm: Algorithm | None = None
    full: bool = Field(default=False, description="Translate every paragraph, not only titles and summaries.")
    bilingual: bool = Field(default=False, description="Show the Chinese beside each summary sentence.")
    script: Literal["hant", "hans"] | None = Field(default=None, description="Script of the Chinese shown.")
    opencc_config: ToSimplified | None = None
    terms: Terms | None = Field(default=None, description="mainland: Simplified Chinese in mainland market words.")
    translate: bool = Field(default=True, description="False: no model needed, English figures only.")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "（page text as extracted from the e-paper）", "format": "json"}]},
    )

    _texts = field_validator("text")(_check_texts)


class BriefBundle(BaseModel):
    """The answer to ``format=bundle``: one brief in every format, from one run of the pipeline.

    A client that shows the brief and offers its downloads (the web page) needs all three; asking
    for each format apart would segment, summarise and translate the page again each time.
    """

    brief: dict[str, Any] = Field(description="The JSON brief, exactly the object format=json answers.")
    json_text: str = Field(alias="json", description="The same JSON brief as text, as `brief PAGE --format json` "
                           "writes it (indented, UTF-8): what a download should save, byte for byte.")
    html: str = Field(description="The same brief as format=html answers it: one self-contained page.")
    markdown: str = Field(description="The same brief as format=markdown answers it.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"brief": {"contract": 1, "source": "page.txt", "articles": [], "notices": []},
                 "json": "{\n  \"contract\": 1, …}\n", "html": "<!DOCTYPE html>…", "markdown": "# Brief: page.txt\n…"}
            ]
        }
    )


class ModelEntry(BaseModel):
    from_code: str
    to_code: str
    name: str
    version: str
    size_bytes: int
    kind: str = Field(default="argos", description="argos, sentencepiece, marian, nllb or m2m100.")


class ModelsResponse(BaseModel):
    models: list[ModelEntry]
    zh_en_installed: bool

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "models": [
                        {"from_code": "zh", "to_code": "en", "name": "Chinese - English", "version": "1.9",
                         "size_bytes": 91234567}
                    ],
                    "zh_en_installed": True,
                }
            ]
        }
    )


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    ready: bool = Field(description="True when a Chinese→English model is loaded and requests can be translated.")
    translator: str | None = Field(description="The loaded model, if any.")
    version: str

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ok", "ready": True, "translator": "argos translate-zh_en 1.9",
                                         "version": "0.1.0"}]}
    )


class ErrorResponse(BaseModel):
    error: str = Field(description="What went wrong and what to do.")
    type: str = Field(description="The error class, e.g. InputError, LimitExceeded, ModelNotInstalled.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "API keys are configured and the key is missing or wrong."},
    413: {"model": ErrorResponse, "description": "The body or the text is larger than the server's limits."},
    422: {"model": ErrorResponse, "description": "Bad input: empty text, wrong types, invalid UTF-8 or JSON."},
    429: {"model": ErrorResponse, "description": "Rate limit exceeded."},
}
MODEL_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    503: {"model": ErrorResponse, "description": "No Chinese→English model installed; the message says how."},
}
