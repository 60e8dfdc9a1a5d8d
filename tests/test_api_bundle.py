"""``POST /v1/brief`` with ``format=bundle``: the JSON brief, its HTML and its Markdown from one run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_api import EchoTranslator, client

from api.schemas import BriefBundle

# Options as the web page sends them (multipart form strings), and some the JSON body can carry.
FORM_OPTIONS = [
    {"sentences": "2", "bilingual": "false", "full": "false", "translate": "true"},
    {"sentences": "1", "bilingual": "true", "full": "true", "script": "hans", "translate": "true"},
    {"sentences": "3", "translate": "false"},
]


def _form(c: TestClient, page: bytes, fmt: str, options: dict[str, str]) -> Any:
    return c.post("/v1/brief", files={"file": ("page.txt", page, "text/plain")}, data={**options, "format": fmt})


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every run of the pipeline, counted where the API calls it."""
    import toolkit.pipeline

    runs: list[int] = []
    real: Callable[..., Any] = toolkit.pipeline.make_brief

    def make_brief(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(toolkit.pipeline, "make_brief", make_brief)
    return runs


@pytest.mark.parametrize("options", FORM_OPTIONS)
def test_bundle_equals_the_three_formats(example_page_path: Path, options: dict[str, str], counted: list[int]) -> None:
    page = example_page_path.read_bytes()
    translator = EchoTranslator()
    with client(translator, cache=False) as c:
        r = _form(c, page, "bundle", options)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/json")
        bundle = r.json()
        assert counted == [1]  # one run of the pipeline for all three formats
        calls = translator.calls
        assert set(bundle) == {"brief", "json", "html", "markdown"}
        assert {f.alias or name for name, f in BriefBundle.model_fields.items()} == set(bundle)
        assert bundle["brief"] == _form(c, page, "json", options).json()
        assert json.loads(bundle["json"]) == bundle["brief"] and bundle["json"].startswith("{\n  ")
        assert bundle["html"] == _form(c, page, "html", options).text
        assert bundle["markdown"] == _form(c, page, "markdown", options).text
        assert counted == [1, 1, 1, 1]
        # The cache is off: each single-format request translated the page again, as the bundle saves.
        if options["translate"] == "true":
            assert calls >= 1 and translator.calls == 4 * calls
    articles = bundle["brief"]["articles"]
    assert articles and bundle["html"].startswith("<!DOCTYPE html>") and bundle["markdown"].startswith("#")
    if options["translate"] == "true":
        assert all(a["title"]["english"].startswith("EN<") for a in articles if a["title"]["original"])


def test_bundle_from_a_json_body(example_text: str, counted: list[int]) -> None:
    body = {"text": example_text, "sentences": 2, "algorithm": "textrank", "terms": "mainland", "script": "hans"}
    # The cache off: with it, the brief's "translation" counts would tell the first request from the next.
    with client(EchoTranslator(), cache=False) as c:
        bundle = c.post("/v1/brief", json={**body, "format": "bundle"}).json()
        assert len(counted) == 1
        assert bundle["brief"] == c.post("/v1/brief", json={**body, "format": "json"}).json()
        assert bundle["markdown"] == c.post("/v1/brief", json={**body, "format": "md"}).text
        assert bundle["html"] == c.post("/v1/brief", json=body, headers={"Accept": "text/html"}).text


def test_bundle_without_a_model_holds_the_install_notice(tmp_path: Path, example_text: str) -> None:
    with client(None, models_dir=tmp_path) as c:
        r = c.post("/v1/brief", json={"text": example_text, "format": "bundle"})
        assert r.status_code == 200, r.text
        bundle = r.json()
        assert bundle["brief"] == c.post("/v1/brief", json={"text": example_text}).json()
        assert any("brief models install" in n for n in bundle["brief"]["notices"])
        assert "brief models install" in bundle["markdown"] and "brief models install" in bundle["html"]


def test_bundle_errors_are_the_errors_of_the_other_formats(counted: list[int]) -> None:
    with client(EchoTranslator(), max_chars=50) as c:
        r = c.post("/v1/brief", files={"file": ("page.bin", b"\x00\x01\x02" * 50)}, data={"format": "bundle"})
        assert r.status_code == 422 and "binary" in r.json()["error"] and r.json()["type"] == "InputError"
        r = c.post("/v1/brief", json={"text": "港股昨日反覆回升。" * 20, "format": "bundle"})
        assert r.status_code == 413 and r.json()["type"] == "LimitExceeded"
        r = c.post("/v1/brief", json={"text": "港股", "format": "bundles"})
        assert r.status_code == 422 and r.json()["error"].startswith("format:")
    assert counted == []


def test_openapi_documents_the_bundle() -> None:
    with client(EchoTranslator()) as c:
        spec = c.get("/openapi.json").json()
    post = spec["paths"]["/v1/brief"]["post"]
    assert "format=bundle" in post["description"]
    body = post["requestBody"]["content"]
    assert "bundle" in body["application/json"]["schema"]["properties"]["format"]["anyOf"][0]["enum"]
    assert "bundle" in body["multipart/form-data"]["schema"]["properties"]["format"]["enum"]
    answers = post["responses"]["200"]["content"]["application/json"]["schema"]["anyOf"]
    bundle = next(a for a in answers if a.get("title") == "BriefBundle")
    assert set(bundle["required"]) == {"brief", "json", "html", "markdown"} and bundle["examples"]
