"""Fault suite: schemathesis over the API's own OpenAPI description, in-process (ASGI).

Every operation gets a fixed budget of generated requests, valid and invalid, with a fixed seed
(``derandomize``): no answer may be a 5xx, and every error must be brief's JSON error body.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

schemathesis = pytest.importorskip("schemathesis")

from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402

EXAMPLES = 40


class Echo:
    name = "echo"

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        return [f"EN<{s}>" for s in sentences]


_HOME = Path(tempfile.mkdtemp(prefix="brief-faults-api-"))
APP = create_app(Settings(models_dir=_HOME / "models", cache_path=_HOME / "cache.sqlite3", max_chars=5_000,
                          max_body_bytes=200_000), translator=Echo())  # type: ignore[arg-type]
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"seed": 17, "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True}})
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)
CALLS: list[int] = []


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    print(f"\nschemathesis: {len(CALLS)} requests, statuses {dict(sorted(Counter(CALLS).items()))}")
    print(f"hostile bodies: {len(RAW_CALLS)} requests, statuses {dict(sorted(Counter(RAW_CALLS).items()))}")


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: object) -> None:
    response = case.call()  # type: ignore[attr-defined]
    CALLS.append(response.status_code)
    assert response.status_code < 500, f"{case}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"], body


# Bodies no schema would generate: JSON escapes of lone surrogates, deep nesting, odd types,
# raw bytes, in every field of every POST route (schemathesis keeps to valid Unicode).
POSTS = ["/v1/translate", "/v1/convert", "/v1/summarize", "/v1/brief", "/translate", "/detect"]
FIELDS = ["text", "q", "glossary", "config", "format", "sentences", "ratio", "algorithm", "source", "target",
          "opencc_config", "api_key", "full", "translate"]
_strings = st.one_of(st.text(max_size=30), st.sampled_from(["\ud800", "港股\udfff", "反覆", "", " ", "zh", "hk2s"]))
_json = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _strings),
                     lambda inner: st.one_of(st.lists(inner, max_size=4),
                                             st.dictionaries(st.one_of(_strings, st.sampled_from(FIELDS)), inner,
                                                             max_size=4)),
                     max_leaves=12)


@st.composite
def hostile_body(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["object", "object", "deep", "raw"]))
    if kind == "raw":
        return draw(st.binary(max_size=200))
    if kind == "deep":
        depth = draw(st.sampled_from([50, 1_000, 50_000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"q":', "}"), ('{"text":', "}")]))
        return (opener * depth + "1" + closer * depth).encode()
    body = draw(st.dictionaries(st.sampled_from(FIELDS), _json, max_size=5))
    return json.dumps(body, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


RAW_CALLS: list[int] = []


@pytest.mark.parametrize("path", POSTS)
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=hostile_body())
def test_hostile_bodies(path: str, body: bytes) -> None:
    from fastapi.testclient import TestClient

    with TestClient(APP, raise_server_exceptions=False) as client:
        response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    RAW_CALLS.append(response.status_code)
    assert response.status_code < 500, f"{path} {body[:200]!r}: {response.status_code} {response.text[:300]}"
