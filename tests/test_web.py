"""The web page as files: served at ``/``, self-contained, labelled, safe. (The browser drives it
in ``test_web_browser.py``.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers.web import ASSETS
from api.settings import Settings

REPO = Path(__file__).resolve().parent.parent
WEB = REPO / "api" / "web"


@pytest.fixture(scope="module")
def api() -> TestClient:
    return TestClient(create_app(Settings(api_keys=frozenset({"k"}))), raise_server_exceptions=False)


class _Page(HTMLParser):
    """The references, controls, labels and ids of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self._button: dict[str, str | None] | None = None
        self._button_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("src", "href", "action", "poster", "data"):
            if found.get(name):
                self.references.append(str(found[name]))
        if tag == "label" and found.get("for"):
            self.label_for.add(str(found["for"]))
        if tag in ("input", "select", "textarea"):
            self.controls.append({"tag": tag, **found})
        if tag == "button":
            self._button, self._button_text = {"tag": tag, **found}, ""

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None:
            self._button["text"] = self._button_text.strip()
            self.controls.append(self._button)
            self._button = None


def _page(api: TestClient) -> _Page:
    parser = _Page()
    parser.feed(api.get("/").text)
    return parser


def test_root_serves_the_page_with_a_strict_policy(api: TestClient) -> None:
    r = api.get("/")  # open even with API keys set: the page asks for the key itself
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "<title>brief" in r.text


def test_every_asset_is_served_from_the_package_and_nothing_points_outside(api: TestClient) -> None:
    references = _page(api).references
    assert {"/web/app.css", "/web/app.js", "/web/favicon.svg"} <= set(references)
    for reference in references:
        assert reference.startswith(("/", "#")) and not reference.startswith("//"), reference
    for name, media_type in ASSETS.items():
        path = "/" if name == "index.html" else f"/web/{name}"
        r = api.get(path)
        assert r.status_code == 200 and r.headers["content-type"] == media_type, path
        text = r.text
        # No URL to another host: not in markup, CSS url()/@import, nor in script fetches.
        text = re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", text)
        assert not re.search(r"(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), (name, re.findall(r"//\S+", text))
        assert "@import" not in text and "@font-face" not in text
    css = api.get("/web/app.css").text
    for url in re.findall(r"url\(([^)]*)\)", css):
        assert url.strip("'\" ").startswith(("/", "data:")), url


def test_the_files_ship_with_the_package() -> None:
    import tomllib

    names = {p.name for p in WEB.iterdir() if p.is_file()}
    assert names == set(ASSETS)
    package_data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "web/*" in package_data["api"]


def test_only_the_page_files_are_served(api: TestClient) -> None:
    for path in ("/web/index.html", "/web/../app.py", "/web/%2e%2e%2fapp.py", "/web/settings.py", "/web/"):
        assert api.get(path).status_code == 404, path


def test_every_control_has_a_label(api: TestClient) -> None:
    page = _page(api)
    assert page.controls
    for control in page.controls:
        if control["tag"] == "button":
            assert control.get("text") or control.get("aria-label"), control
        else:
            assert control.get("id") in page.label_for or control.get("aria-label"), control


def test_the_script_writes_text_not_markup_and_keeps_keys_out_of_urls() -> None:
    script = (WEB / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    assert "X-API-Key" in script
    assert not re.search(r"[?&](?:api_)?key=", script)
    # The ids the script looks up all exist in the page.
    html = (WEB / "index.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    for name in set(re.findall(r'\$\("([a-z0-9-]+)"\)', script)):
        assert name in page.ids, name
