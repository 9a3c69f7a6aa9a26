"""The browser harness itself (tests/support/browser.py): it sees every request a page makes, and where to."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response

from support.browser import Browser
from support.helpers import LiveServer, free_port

#: A loopback address of another host, with a port nothing listens on: the request is refused at once.
ELSEWHERE = f"http://127.0.0.2:{free_port()}/pixel.png"


def _site() -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def index() -> HTMLResponse:
        return HTMLResponse(
            f'<!doctype html><title>t</title><h1 id="ok">Hallo</h1><script src="/app.js"></script>'
            f'<img src="{ELSEWHERE}" alt="">'
        )

    @app.get("/app.js")
    def script() -> Response:
        return Response(
            "console.error('kaputt'); document.getElementById('ok').textContent = 'Hallo Welt';",
            media_type="text/javascript",
        )

    return app


def test_the_harness_lists_own_and_foreign_requests_and_console_errors():
    with LiveServer(_site()) as server, Browser() as browser:
        page = browser.open(f"{server.url}/", wait_for="#ok")
        assert page.texts("#ok") == ["Hallo Welt"]
        browser.collect(page)
        assert f"{server.url}/app.js" in page.requests
        assert page.foreign_requests() == [ELSEWHERE]
        assert any("kaputt" in m for m in page.console_errors())
        second = browser.open(f"{server.url}/app.js")
        assert second.requests == [f"{server.url}/app.js"]  # each page has its own requests
