"""Fault suite: schemathesis over the API's own OpenAPI description, in-process (ASGI).

Every operation gets a fixed budget of generated requests, valid and invalid, with a fixed seed
(``derandomize``): no answer may be a 5xx, and every error must be brief's JSON error body.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: object) -> None:
    response = case.call()  # type: ignore[attr-defined]
    CALLS.append(response.status_code)
    assert response.status_code < 500, f"{case}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"], body
