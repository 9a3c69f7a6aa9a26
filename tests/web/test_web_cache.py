"""Pages kept per snapshot: a repeated request is answered from what was kept, and what was kept for one request
is never the answer to another — not across languages (``Accept-Language``, ``?lang=``), not between htmx
fragments and whole pages, not between URLs that differ only in a parameter no route reads."""

from __future__ import annotations

import pytest

from support.dom import parse

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def _language(client, url: str, headers: dict[str, str]) -> tuple[str, str]:
    answer = client.get(url, headers=headers)
    assert answer.status_code == 200, (url, answer.status_code)
    return answer.headers["content-language"], parse(answer.text).one("html").attrs["lang"]


@pytest.mark.parametrize(
    "url",
    [
        "/id/ags/05978020",
        "/id/cooperation/ku2016-b-14",
        "/code/legal-form/oerv",
        "/cooperations?table=b",
        "/search?q=Kamen",
        "/network",
        "/",
    ],
)
def test_a_kept_page_answers_in_the_language_each_request_asks_for(client, url):
    for _ in range(2):  # the second round is answered from what the first kept
        assert _language(client, url, GERMAN) == ("de", "de")
        assert _language(client, url, ENGLISH) == ("en", "en")
        assert _language(client, url, {}) == ("de", "de")
    sep = "&" if "?" in url else "?"
    assert _language(client, f"{url}{sep}lang=en", GERMAN) == ("en", "en")
    assert _language(client, f"{url}{sep}lang=de", ENGLISH) == ("de", "de")


def test_a_kept_search_page_and_its_htmx_fragment_stay_apart(client):
    for _ in range(2):
        whole = client.get("/search?q=Kamen").text
        fragment = client.get("/search?q=Kamen", headers={"HX-Request": "true"}).text
        assert whole.lstrip().startswith("<!DOCTYPE html>")
        assert fragment.lstrip().startswith('<div id="results"')


@pytest.mark.parametrize("url", ["/id/ags/05978020", "/search?q=Kamen", "/cooperations?table=b", "/network"])
def test_a_kept_page_equals_the_page_computed_for_it(client, url):
    sep = "&" if "?" in url else "?"
    first = client.get(f"{url}{sep}unread=1")  # a parameter no route reads: still its own URL
    again = client.get(f"{url}{sep}unread=1")
    other = client.get(f"{url}{sep}unread=2")
    assert first.status_code == again.status_code == other.status_code == 200
    assert again.content == first.content and again.headers["content-language"] == "de"
    shown = ("content-type", "content-length", "content-language", "content-security-policy", "vary")
    assert [again.headers.get(h) for h in shown] == [first.headers.get(h) for h in shown]
    # the language switch links to the URL asked for, whatever was kept before it
    switch = parse(other.text).one("a", class_="lang").attrs["href"]
    assert "unread=2" in switch and "lang=en" in switch
    assert parse(first.text).one("a", class_="lang").attrs["href"].count("unread=1") == 1


def test_a_kept_page_answers_head_with_its_headers_and_no_body(client):
    first = client.get("/cooperations?table=a")
    for _ in range(2):
        head = client.head("/cooperations?table=a")
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == first.headers["content-length"]


def test_kept_answers_stay_within_their_byte_limit_least_recent_out(web_instance):
    from fastapi import Request
    from fastapi.responses import HTMLResponse

    from regiongraph.web._front import Answers, answer_key

    _, store = web_instance
    answers = Answers(store, limit=8000)

    def request(path: str) -> Request:
        return Request(
            {
                "type": "http",
                "method": "GET",
                "scheme": "http",
                "root_path": "",
                "path": path,
                "query_string": b"",
                "headers": [(b"host", b"x"), (b"accept-language", b"en")],
            }
        )

    for n in range(10):  # 950 bytes each: the last eight fit in 8000
        answers.keep(request(f"/p{n}"), HTMLResponse(str(n) * 950))
    answers.keep(request("/big"), HTMLResponse("x" * 1001))  # over an eighth of the limit: never kept
    kept = [n for n in range(10) if answers.peek(answer_key(request(f"/p{n}").scope)) is not None]
    assert kept == list(range(2, 10)) and answers.used == 8 * 950 <= answers.limit
    assert answers.peek(answer_key(request("/big").scope)) is None
    assert answers.peek(answer_key(request("/p9").scope))[0] == b"9" * 950
