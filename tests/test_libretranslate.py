"""The LibreTranslate-compatible routes: shapes, errors, and a real LibreTranslate client."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.markup import chinese_text_nodes, text_content, translate_html
from api.settings import Settings
from toolkit.detect import HANS, HANT, detect_language


class EchoTranslator:
    """Stands in for the model: drops the Chinese, keeps placeholders (so facts come back)."""

    name = "echo"

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        # A space where the Chinese was, as a model writes words apart.
        return ["EN " + " ".join(re.sub(r"[\u3400-\u9fff，。、]", " ", s).split()) for s in sentences]


def client(**settings: object) -> TestClient:
    app = create_app(Settings(**settings), translator=EchoTranslator())  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture()
def lt() -> Iterator[TestClient]:
    with client() as c:
        yield c


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("騰訊控股公布業績，純利按年增長", HANT),
        ("腾讯控股公布业绩，纯利按年增长", HANS),
        ("港股昨日反覆回升", HANT),  # phrase rule: 反覆 is Traditional, 覆 alone is not
        ("港股昨日反复回升", HANS),
        ("Shares rose yesterday", "en"),
        ("12345 !!!", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text).language == language


def test_detect_confidence_grows_with_evidence() -> None:
    neutral = detect_language("恒指")  # shared characters only: Chinese, script unknown
    clear = detect_language("騰訊控股公布業績，純利按年增長")
    assert neutral.language == HANS and neutral.confidence == 0.5
    assert clear.confidence > 0.8


def test_translate_json_and_form(lt: TestClient) -> None:
    r = lt.post("/translate", json={"q": "港股回升", "source": "zt", "target": "en"})
    assert r.status_code == 200, r.text
    assert r.json() == {"translatedText": r.json()["translatedText"]}
    assert r.json()["translatedText"].startswith("EN")
    r = lt.post("/translate", data={"q": "港股回升", "source": "zh-Hant", "target": "en"})
    assert r.status_code == 200 and r.json()["translatedText"].startswith("EN")


def test_translate_list_auto_and_alternatives(lt: TestClient) -> None:
    r = lt.post("/translate", json={"q": ["騰訊控股公布業績", "腾讯控股公布业绩"], "source": "auto", "target": "en",
                                    "alternatives": 2})
    body = r.json()
    assert r.status_code == 200, r.text
    assert isinstance(body["translatedText"], list) and len(body["translatedText"]) == 2
    assert [d["language"] for d in body["detectedLanguage"]] == [HANT, HANS]
    assert all(0 < d["confidence"] <= 100 for d in body["detectedLanguage"])
    assert body["alternatives"] == [[], []]
    r = lt.post("/translate", json={"q": "騰訊控股公布業績", "source": "auto", "target": "en"})
    assert r.json()["detectedLanguage"]["language"] == HANT


def test_translate_html_keeps_markup(lt: TestClient) -> None:
    q = '<p class="lead">港股<b>回升</b> &amp; more</p><script>var s = "中";</script>'
    r = lt.post("/translate", json={"q": q, "source": "zt", "target": "en", "format": "html"})
    out = r.json()["translatedText"]
    assert re.fullmatch(r'<p class="lead">EN[^<>]*<b>EN[^<>]*</b> &amp; more</p><script>var s = "中";</script>', out), out


def test_html_auto_detects_the_text_not_the_markup(lt: TestClient) -> None:
    q = '<div class="article-body main-content"><a href="https://example.com/news">騰訊公布業績</a></div>'
    r = lt.post("/translate", json={"q": q, "source": "auto", "target": "en", "format": "html"})
    assert r.status_code == 200, r.text
    assert r.json()["detectedLanguage"]["language"] == HANT


def test_html_helpers() -> None:
    assert text_content("<p>港股 &amp; <script>x = 1</script><b>回升</b></p>") == "港股 & 回升"
    assert chinese_text_nodes("<div>港股 <i>up</i> 回升</div>") == ["港股 ", " 回升"]
    assert translate_html("<br/>plain", lambda xs: xs) == "<br/>plain"


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"source": "zt", "target": "en"}, 400, "missing q parameter"),
        ({"q": "港股", "source": "fr", "target": "en"}, 400, "fr is not supported"),
        ({"q": "港股", "source": "zt", "target": "de"}, 400, "English (en) only"),
        ({"q": "港股", "source": "zt", "target": "en", "format": "pdf"}, 400, "format"),
        ({"q": 5, "source": "zt", "target": "en"}, 400, "Invalid request"),
        ({"q": "Shares rose", "source": "auto", "target": "en"}, 400, "does not look Chinese"),
    ],
)
def test_errors_in_libretranslate_form(lt: TestClient, body: dict, status: int, needle: str) -> None:
    r = lt.post("/translate", json=body)
    assert r.status_code == status
    assert set(r.json()) == {"error"} and needle in r.json()["error"]


def test_bad_json_and_limits() -> None:
    with client(max_chars=5, max_body_bytes=200) as c:
        r = c.post("/translate", content=b"{oops", headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and "error" in r.json()
        r = c.post("/translate", json={"q": "港股昨日反覆回升", "source": "zt", "target": "en"})
        assert r.status_code == 400 and "exceeds text limit (5)" in r.json()["error"]
        r = c.post("/translate", data={"q": "港" * 300, "source": "zt", "target": "en"})
        assert r.status_code == 413 and set(r.json()) == {"error"}
        assert c.get("/frontend/settings").json()["charLimit"] == 5


def test_keys_are_403_and_rate_limit_429() -> None:
    with client(api_keys="secret", rate_limit=2) as c:
        r = c.post("/translate", data={"q": "港股", "source": "zt", "target": "en"})
        assert r.status_code == 403 and r.json() == {"error": "Invalid API key"}
        r = c.post("/translate", data={"q": "港股", "source": "zt", "target": "en", "api_key": "secret"})
        assert r.status_code == 200
        r = c.post("/detect", json={"q": "港股", "api_key": "secret"})
        assert r.status_code == 200
        r = c.post("/detect", json={"q": "港股", "api_key": "secret"})
        assert r.status_code == 429 and set(r.json()) == {"error"}
        settings = c.get("/frontend/settings").json()
        assert settings["keyRequired"] is True and settings["apiKeys"] is True


def test_languages_and_frontend_settings(lt: TestClient) -> None:
    languages = lt.get("/languages").json()
    assert {"code": HANT, "name": "Chinese (traditional)", "targets": ["en"]} in languages
    assert all(set(entry) == {"code", "name", "targets"} for entry in languages)
    settings = lt.get("/frontend/settings").json()
    assert settings["keyRequired"] is False and settings["language"]["target"]["code"] == "en"


def test_detect_route(lt: TestClient) -> None:
    r = lt.post("/detect", data={"q": "騰訊控股公布業績"})
    assert r.status_code == 200
    [found] = r.json()
    assert found["language"] == HANT and 50 < found["confidence"] <= 100


def test_libretranslatepy_client_against_a_real_server() -> None:
    """The PyPI client ``libretranslatepy`` (form-encoded bodies) works unchanged; it sends
    ``q`` as one string, so lists are tested with httpx."""
    from urllib.error import HTTPError

    import httpx
    from libretranslatepy import LibreTranslateAPI

    from api.server import serve_in_background

    app = create_app(Settings(api_keys="k"), translator=EchoTranslator())  # type: ignore[arg-type]
    with serve_in_background(app) as url:
        api = LibreTranslateAPI(url, api_key="k")
        assert api.translate("港股昨日反覆回升", "zt", "en").startswith("EN")
        assert api.translate("腾讯控股公布业绩", "auto", "en").startswith("EN")
        assert {entry["code"] for entry in api.languages()} >= {HANS, HANT}
        assert api.detect("騰訊控股公布業績")[0]["language"] == HANT
        with pytest.raises(HTTPError) as wrong:
            LibreTranslateAPI(url, api_key="wrong").translate("港股", "zt", "en")
        assert wrong.value.code == 403
        r = httpx.post(f"{url}/translate", json={"q": ["港股", "恒指"], "source": "zh", "target": "en",
                                                 "api_key": "k"})
        assert r.status_code == 200 and len(r.json()["translatedText"]) == 2


@pytest.mark.slow
def test_figures_come_back_exact_through_translate(models_dir) -> None:  # type: ignore[no-untyped-def]
    """The finance-safe path applies to LibreTranslate's route too (with the real test model)."""
    app = create_app(Settings(models_dir=models_dir))
    with TestClient(app) as c:
        q = "騰訊控股(00700)全年純利3685億元人民幣，按年增長5.2%。"
        r = c.post("/translate", data={"q": q, "source": "zt", "target": "en"})
        assert r.status_code == 200, r.text
        english = r.json()["translatedText"]
        for figure in ("00700", "RMB 368.5 billion", "5.2%"):
            assert figure in english
        r = c.post("/translate", json={"q": f"<p>{q}</p>", "source": "auto", "target": "en", "format": "html"})
        assert "RMB 368.5 billion" in r.json()["translatedText"] and r.json()["translatedText"].startswith("<p>")


def test_raw_utf8_form_values_are_read_as_utf8(lt: TestClient) -> None:
    raw = "q=騰訊控股公布業績&source=auto&target=en".encode()
    r = lt.post("/translate", content=raw, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200, r.text
    assert r.json()["detectedLanguage"]["language"] == HANT


def test_lone_surrogates_are_400(lt: TestClient) -> None:
    raw = b'{"q": ["ok", "\\udc00"], "source": "zt", "target": "en"}'
    r = lt.post("/translate", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "surrogate" in r.json()["error"]


def test_auto_rejects_other_languages_but_not_bare_figures(lt: TestClient) -> None:
    r = lt.post("/translate", json={"q": "Привет мир", "source": "auto", "target": "en"})
    assert r.status_code == 400 and "does not look Chinese" in r.json()["error"]
    r = lt.post("/translate", json={"q": "2.3% 00700", "source": "auto", "target": "en"})
    assert r.status_code == 200 and r.json()["detectedLanguage"]["language"] == "und"
