"""The HTTP API through FastAPI's TestClient (fake or test-model translators) and a real server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import RateLimiter
from api.errors import RateLimited
from api.settings import Settings
from toolkit.config import BriefOptions

HEADLINE = "騰訊控股(00700)全年純利3685億元人民幣，按年增長5.2%。"


class EchoTranslator:
    """Stands in for the model: 'EN<' + the sentence + '>' (placeholders survive, so facts do)."""

    name = "echo"

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls = 0
        self.busy = threading.Event()

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        self.calls += 1
        self.busy.set()
        time.sleep(self.delay)
        return [f"EN<{s}>" for s in sentences]


def client(translator: object | None = None, **settings: object) -> TestClient:
    app = create_app(Settings(**settings), translator=translator)  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture()
def api() -> Iterator[TestClient]:
    with client(EchoTranslator()) as c:
        yield c


def test_settings_read_brief_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_API_KEYS", " k1, k2 ,")
    monkeypatch.setenv("BRIEF_MAX_CHARS", "77")
    monkeypatch.setenv("BRIEF_RATE_LIMIT", "5")
    settings = Settings()
    assert settings.api_keys == {"k1", "k2"}
    assert (settings.max_chars, settings.rate_limit) == (77, 5)
    assert settings.options(opencc_config="t2s").opencc_config == "t2s"


def test_health_is_open_and_says_ready(api: TestClient) -> None:
    body = api.get("/health").json()
    assert body["status"] == "ok" and body["ready"] is True and body["translator"] == "echo"


def test_convert_string_and_list(api: TestClient) -> None:
    assert api.post("/v1/convert", json={"text": "港股昨日反覆回升"}).json() == {
        "text": "港股昨日反复回升", "config": "hk2s"}
    r = api.post("/v1/convert", json={"text": ["騰訊", "港股反复"], "config": "s2hk"})
    assert r.json()["text"] == ["騰訊", "港股反覆"]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"text": ""}, "text: the text is empty"),
        ({"text": "   "}, "empty"),
        ({"text": []}, "list of texts is empty"),
        ({"text": ["ok", ""]}, "text 1 is empty"),
        ({"text": 5}, "must be a string or a list of strings"),
        ({"text": ["a", 5]}, "must be a string or a list of strings"),
        ({}, "text: required"),
        ({"text": "港股", "config": "xx"}, "config"),
        ({"text": "港股", "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_422_with_a_clear_message(api: TestClient, body: dict, needle: str) -> None:
    r = api.post("/v1/convert", json=body)
    assert r.status_code == 422
    assert needle in r.json()["error"] and r.json()["type"] == "InputError"


@pytest.mark.parametrize(
    ("raw", "needle"),
    [(b'{"text": "\xff\xfe"}', "UTF-8"), (b'{"text": ', "not valid JSON"), (b"[1, 2]", "")],
)
def test_undecodable_bodies_are_422(api: TestClient, raw: bytes, needle: str) -> None:
    r = api.post("/v1/convert", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert needle in r.json()["error"]


def test_body_size_limit_by_header_and_by_stream() -> None:
    with client(EchoTranslator(), max_body_bytes=100) as c:
        r = c.post("/v1/convert", json={"text": "港" * 200})
        assert r.status_code == 413 and "100 bytes" in r.json()["error"]

        def chunks():  # no Content-Length: counted while streaming
            yield b'{"text": "'
            for _ in range(20):
                yield "港港港港港".encode()
            yield b'"}'

        r = c.post("/v1/convert", content=chunks(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and r.json()["type"] == "LimitExceeded"
        assert c.post("/v1/convert", json={"text": "港股"}).status_code == 200


def test_character_limit_is_413() -> None:
    with client(EchoTranslator(), max_chars=10) as c:
        r = c.post("/v1/convert", json={"text": ["港股昨日反覆回升", "恒指收市升"]})
        assert r.status_code == 413 and "13 characters; the limit is 10" in r.json()["error"]
        r = c.post("/v1/translate", json={"text": "港" * 11})
        assert r.status_code == 413
        assert c.post("/v1/convert", json={"text": "港股昨日反覆回升"}).status_code == 200


def test_api_keys() -> None:
    with client(EchoTranslator(), api_keys="k1,k2") as c:
        r = c.post("/v1/convert", json={"text": "港股"})
        assert r.status_code == 401 and "X-API-Key" in r.json()["error"]
        r = c.post("/v1/convert", json={"text": "港股"}, headers={"X-API-Key": "nope"})
        assert r.status_code == 401 and "not valid" in r.json()["error"]
        assert c.post("/v1/convert", json={"text": "港股"}, headers={"X-API-Key": "k2"}).status_code == 200
        assert c.post("/v1/convert", json={"text": "港股"},
                      headers={"Authorization": "Bearer k1"}).status_code == 200
        assert c.get("/v1/models").status_code == 401
        assert c.get("/health").status_code == 200


def test_rate_limit() -> None:
    with client(EchoTranslator(), rate_limit=2) as c:
        codes = [c.post("/v1/convert", json={"text": "港股"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert "2 per minute" in c.post("/v1/convert", json={"text": "港股"}).json()["error"]
        assert c.get("/health").status_code == 200


def test_rate_limiter_window_slides() -> None:
    limiter = RateLimiter(2, window=60)
    limiter.check("a", now=0)
    limiter.check("a", now=1)
    limiter.check("b", now=1)
    with pytest.raises(RateLimited):
        limiter.check("a", now=59)
    limiter.check("a", now=60.5)
    RateLimiter(0).check("a")  # 0 = off


def test_translate_string_list_and_glossary(api: TestClient) -> None:
    r = api.post("/v1/translate", json={"text": "港股昨日反覆回升"})
    assert r.status_code == 200, r.text
    assert r.json()["translator"] == "echo" and r.json()["translation"].startswith("EN<")
    r = api.post("/v1/translate", json={"text": ["港股昨日反覆回升", "恒指收市升"]})
    assert isinstance(r.json()["translation"], list) and len(r.json()["translation"]) == 2
    r = api.post("/v1/translate", json={"text": "港股昨日下跌，蛋撻指數回升", "glossary": {"蛋撻指數": "Egg Tart Index"}})
    assert r.status_code == 200, r.text
    assert "Egg Tart Index" in r.json()["translation"]
    r = api.post("/v1/translate", json={"text": "港股", "glossary": {"港\t股": "x"}})
    assert r.status_code == 422 and "glossary" in r.json()["error"]


def test_translate_keeps_figures(api: TestClient) -> None:
    r = api.post("/v1/translate", json={"text": HEADLINE})
    english = r.json()["translation"]
    assert "00700" in english and "5.2%" in english


def test_no_model_installed_is_503_with_the_install_command(tmp_path: Path) -> None:
    with client(None, models_dir=tmp_path) as c:
        assert c.get("/health").json()["ready"] is False
        r = c.post("/v1/translate", json={"text": "港股"})
        assert r.status_code == 503 and "brief models install" in r.json()["error"]
        # Like the CLI, a brief is still made: English null and the install notice (issue 17, item 12).
        r = c.post("/v1/brief", json={"text": "港股昨日反覆回升。"})
        assert r.status_code == 200 and r.json()["articles"][0]["title"]["english"] is None
        assert any("brief models install" in n for n in r.json()["notices"])
        assert c.get("/v1/models").json() == {"models": [], "zh_en_installed": False}
        assert c.post("/v1/convert", json={"text": "港股"}).status_code == 200


def test_summarize(api: TestClient, example_text: str) -> None:
    text = "港股昨日反覆回升，恒指收市升2.3%。成交額增至1500億元。分析員認為後市仍然波動。天氣晴朗。"
    r = api.post("/v1/summarize", json={"text": text, "sentences": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["algorithm"] == BriefOptions().summary_algorithm and len(body["sentences"]) == 2
    assert all(s in text for s in body["sentences"])
    r = api.post("/v1/summarize", json={"text": text, "sentences": 0})
    assert r.status_code == 422
    r = api.post("/v1/summarize", json={"text": text, "algorithm": "magic"})
    assert r.status_code == 422
    article = ("公司今日舉行股東周年大會，會上通過多項普通決議案。\n會議歷時約兩小時。\n"
               "股東大會亦批准派發末期股息每股0.5元。\n董事會同日宣布委任新任財務總監，即時生效。\n"
               "公司表示，新任財務總監擁有二十年銀行業經驗。")
    r = api.post("/v1/summarize", json={"text": article, "sentences": 2, "title": "股東大會批准派末期息0.5元"})
    assert r.status_code == 200, r.text
    assert r.json()["sentences"][1] == "股東大會亦批准派發末期股息每股0.5元。"


def test_brief_json_markdown_html_and_upload(example_page_path: Path) -> None:
    page = example_page_path.read_text(encoding="utf-8")
    with client(EchoTranslator()) as c:
        r = c.post("/v1/brief", json={"text": page, "translate": False})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/json")
        body = r.json()
        assert body["articles"] and all("title" in a for a in body["articles"])
        r = c.post("/v1/brief", json={"text": page, "translate": False}, headers={"Accept": "text/markdown"})
        assert r.headers["content-type"].startswith("text/markdown") and r.text.lstrip().startswith("#")
        r = c.post("/v1/brief", json={"text": page, "translate": False, "format": "html"})
        assert r.headers["content-type"].startswith("text/html") and "<" in r.text
        r = c.post("/v1/brief", files={"file": ("page.txt", page.encode("big5hkscs", "replace"), "text/plain")},
                   data={"format": "json", "translate": "false"})
        assert r.status_code == 200, r.text
        assert len(r.json()["articles"]) == len(body["articles"])
        r = c.post("/v1/brief", files={"file": ("page.bin", b"\x00\x01\x02" * 50, "application/octet-stream")})
        assert r.status_code == 422 and "binary" in r.json()["error"]
        r = c.post("/v1/brief", json={"text": page, "format": "pdf"})
        assert r.status_code == 422 and "format" in r.json()["error"]


def test_brief_translated_with_the_model(example_page_path: Path) -> None:
    page = example_page_path.read_text(encoding="utf-8")
    translator = EchoTranslator()
    with client(translator) as c:
        r = c.post("/v1/brief", json={"text": page})
        assert r.status_code == 200, r.text
        titles = [a["title"]["english"] for a in r.json()["articles"]]
        assert titles and all(t for t in titles) and translator.calls >= 1


def test_unexpected_errors_are_500_without_traceback(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.conversion

    def broken(*_args: object) -> list[str]:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(toolkit.conversion, "convert_many", broken)
    r = api.post("/v1/convert", json={"text": "港股"})
    assert r.status_code == 500
    assert "secret" not in r.text and "Traceback" not in r.text
    assert r.json()["type"] == "InternalError"


def test_openapi_documents_every_route_with_examples(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    for path in ("/v1/translate", "/v1/convert", "/v1/summarize", "/v1/brief", "/v1/models", "/health",
                 "/translate", "/detect", "/languages", "/frontend/settings"):
        assert path in spec["paths"], path
    assert spec["components"]["schemas"]["TranslateRequest"]["examples"]
    refs = [line for line in api.get("/openapi.json").text.split('"$ref":')[1:]]
    names = {ref.split('"')[1].rsplit("/", 1)[-1] for ref in refs}
    assert names <= set(spec["components"]["schemas"]), names - set(spec["components"]["schemas"])
    brief_body = spec["paths"]["/v1/brief"]["post"]["requestBody"]["content"]
    assert brief_body["application/json"]["schema"]["examples"] and "multipart/form-data" in brief_body
    lt_body = spec["paths"]["/translate"]["post"]["requestBody"]["content"]
    assert "q" in lt_body["application/x-www-form-urlencoded"]["schema"]["properties"]
    assert api.get("/docs").status_code == 200


def test_real_server_answers_health_while_translating(example_text: str) -> None:
    """A page being translated must not block /health (CPU work is off the event loop), nor a
    translation the cache already holds (only model calls are serialised)."""
    from api.server import serve_in_background

    translator = EchoTranslator(delay=3.0)
    app = create_app(Settings(), translator=translator)  # type: ignore[arg-type]
    with serve_in_background(app) as url:
        assert url.startswith("http://127.0.0.1:")
        cached = {"text": "港股昨日反覆回升"}
        first = httpx.post(f"{url}/v1/translate", json=cached, timeout=30).json()
        translator.busy.clear()
        results: dict[str, object] = {}

        def slow() -> None:
            results["brief"] = httpx.post(f"{url}/v1/brief", json={"text": example_text}, timeout=60)

        worker = threading.Thread(target=slow)
        worker.start()
        assert translator.busy.wait(10)
        started = time.monotonic()
        health = httpx.get(f"{url}/health", timeout=10)
        health_seconds = time.monotonic() - started
        again = httpx.post(f"{url}/v1/translate", json=cached, timeout=30)
        cached_seconds = time.monotonic() - started - health_seconds
        still_busy = worker.is_alive()
        worker.join(30)
        assert health.status_code == 200 and health.json()["ready"] is True
        assert health_seconds < 1.0, f"/health took {health_seconds:.2f}s while a page was translated"
        assert again.json() == first and still_busy
        assert cached_seconds < 1.0, f"a cached translation took {cached_seconds:.2f}s behind the page"
        response = results["brief"]
        assert isinstance(response, httpx.Response) and response.status_code == 200
        assert response.json()["translator"] == "echo" and response.json()["articles"]
        r = httpx.post(f"{url}/v1/convert", content=b'{"text": "\xff"}', headers={"Content-Type": "application/json"})
        assert r.status_code == 422


@pytest.mark.slow
def test_the_test_model_end_to_end(models_dir: Path) -> None:
    """The installed test model: loaded once at start-up, figures exact, listed by /v1/models."""
    with client(None, models_dir=models_dir) as c:
        health = c.get("/health").json()
        assert health["ready"] is True and health["translator"]
        r = c.post("/v1/translate", json={"text": [HEADLINE, "港股昨日反覆回升"]})
        assert r.status_code == 200, r.text
        english = r.json()["translation"][0]
        for figure in ("Tencent Holdings (00700.HK)", "RMB 368.5 billion", "5.2%"):
            assert figure in english
        models = c.get("/v1/models").json()
        assert models["zh_en_installed"] is True
        assert [(m["from_code"], m["to_code"]) for m in models["models"]] == [("zh", "en")]


def test_brief_serve_command_runs_the_server(tmp_path: Path) -> None:
    """``brief serve`` as a user runs it: a subprocess on a free loopback port."""
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    repo = Path(__file__).resolve().parent.parent
    process = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", "serve", "--port", str(port),
         "--models-dir", str(tmp_path), "--api-key", "k", "--log-level", "warning"],
        cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline, "brief serve did not start"
                time.sleep(0.1)
        assert health.json()["ready"] is False
        r = httpx.post(f"{url}/v1/translate", json={"text": "港股"}, headers={"X-API-Key": "k"})
        assert r.status_code == 503 and "brief models install" in r.json()["error"]
        assert httpx.post(f"{url}/v1/convert", json={"text": "港股"}).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_brief_serve_rejects_bad_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from cli.serve import command
    from toolkit.errors import UsageError

    monkeypatch.setenv("BRIEF_MAX_CHARS", "lots")
    result = CliRunner().invoke(command, ["--port", "1"])
    assert isinstance(result.exception, UsageError)
    assert "max_chars" in str(result.exception)


def test_lone_surrogates_are_422_not_500(api: TestClient) -> None:
    for path in ("/v1/translate", "/v1/convert", "/v1/summarize"):
        r = api.post(path, content=b'{"text": "\\ud800abc"}', headers={"Content-Type": "application/json"})
        assert r.status_code == 422, (path, r.text)
        assert "surrogate" in r.json()["error"] or "UTF-8" in r.json()["error"]


def test_model_is_loaded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.translation

    loads: list[object] = []

    def load(options: object, *, required: bool = False) -> EchoTranslator:
        loads.append(options)
        return EchoTranslator()

    monkeypatch.setattr(toolkit.translation, "load_translator", load)
    with client(None) as c:
        for _ in range(3):
            assert c.post("/v1/translate", json={"text": "港股回升"}).status_code == 200
            assert c.post("/translate", json={"q": "港股回升", "source": "zt", "target": "en"}).status_code == 200
    assert len(loads) == 1


def test_docs_work_offline() -> None:
    """The docs page loads Swagger UI from this server, not from a CDN (desks may be offline)."""
    import re

    client = TestClient(create_app(Settings()))
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    assert all(client.get(a).status_code == 200 for a in assets)
