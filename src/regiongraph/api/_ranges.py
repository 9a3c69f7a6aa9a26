"""Serving a file as RFC 9110 asks: validators, conditional GET, byte ranges (§13–14).

Order of evaluation (§13.2.2): ``If-None-Match`` (else ``If-Modified-Since``) may answer 304;
then ``If-Range`` decides whether ``Range`` counts; then ``Range``: an unknown unit is ignored
(MUST), an invalid or unsatisfiable range set is answered 416 with ``Content-Range: bytes */size``,
one range is a 206 with ``Content-Range``, several are coalesced where they overlap or touch and
sent as ``multipart/byteranges``.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

import anyio
from fastapi import Request
from fastapi.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from ._conditional import matches

#: More ranges than this in one request are not worth a multipart answer: the whole file is sent.
MAX_RANGES = 16
CHUNK = 256 * 1024


class UnsatisfiableRangeError(ValueError):
    """The range set is invalid, or none of its ranges overlaps the file."""


@dataclass(frozen=True, slots=True)
class Served:
    """A file to serve and what describes it.

    Attributes:
        path: the file; size: its length in bytes; etag: its strong entity tag (quoted);
        mtime: its modification time (seconds); media_type: its Content-Type;
        headers: more response headers (Content-Disposition, …).
    """

    path: Path
    size: int
    etag: str
    mtime: float
    media_type: str
    headers: dict[str, str]


def _spec(part: str, size: int) -> tuple[int, int] | None:
    """One range-spec as ``(start, end)`` (end exclusive); ``None`` if it misses the file; invalid: raises."""
    first, dash, last = part.strip().partition("-")
    if not dash or not (first.isdigit() or (first == "" and last.isdigit())) or (last and not last.isdigit()):
        raise UnsatisfiableRangeError(part)
    if first == "":  # suffix-range: the last N bytes
        n = int(last)
        return (max(0, size - n), size) if n > 0 and size > 0 else None
    start = int(first)
    if last and int(last) < start:
        raise UnsatisfiableRangeError(part)
    end = min(size, int(last) + 1) if last else size
    return (start, end) if start < size else None


def parse_range(header: str, size: int) -> list[tuple[int, int]] | None:
    """The byte ranges a ``Range`` header asks for, coalesced and in order; ``None``: ignore the header.

    Raises:
        UnsatisfiableRangeError: the range set is invalid, or no range overlaps the file (answer 416).
    """
    unit, eq, ranges = header.partition("=")
    if not eq or unit.strip().lower() != "bytes":
        return None  # RFC 9110 §14.2: a range unit the server does not know is ignored
    parts = [p for p in ranges.split(",") if p.strip()]
    if not parts:
        raise UnsatisfiableRangeError(header)
    if len(parts) > MAX_RANGES:
        return None
    found = sorted(r for r in (_spec(p, size) for p in parts) if r is not None)
    if not found:
        raise UnsatisfiableRangeError(header)
    merged = [found[0]]
    for start, end in found[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _not_modified(request: Request, served: Served) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:
        return matches(inm, served.etag)
    ims = request.headers.get("if-modified-since")
    try:
        return ims is not None and int(served.mtime) <= parsedate_to_datetime(ims).timestamp()
    except (TypeError, ValueError):
        return False  # an unreadable date is ignored (RFC 9110 §13.1.3)


def _range_applies(request: Request, served: Served, last_modified: str) -> bool:
    condition = request.headers.get("if-range")
    return condition is None or condition.strip() in (served.etag, last_modified)  # strong comparison only


class _Tracked(StreamingResponse):
    """A streamed body that calls ``done`` however it ends: sent, failed, or the client gone."""

    def __init__(self, body: AsyncIterator[bytes], *, done: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(body, **kwargs)
        self._done = done

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._done()


async def _chunks(
    path: Path, spans: list[tuple[int, int]], *, frame: Callable[[int, int], bytes] | None = None, end: bytes = b""
) -> AsyncIterator[bytes]:
    async with await anyio.open_file(path, "rb") as file:
        for start, stop in spans:
            if frame is not None:
                yield frame(start, stop)
            await file.seek(start)
            while start < stop:
                data = await file.read(min(CHUNK, stop - start))
                if not data:
                    return  # the file shrank under us: stop rather than send padding
                start += len(data)
                yield data
        if end:
            yield end


def file_response(request: Request, served: Served, *, done: Callable[[], None]) -> Response:
    """``served`` answered to ``request``: 200, 206, 304 or 416; ``done`` is called when the body has been sent."""
    last_modified = formatdate(served.mtime, usegmt=True)
    headers = {**served.headers, "ETag": served.etag, "Last-Modified": last_modified, "Accept-Ranges": "bytes"}
    header = request.headers.get("range")
    try:
        if _not_modified(request, served):
            return _finished(Response(status_code=304, headers=headers), done)
        spans = parse_range(header, served.size) if header and _range_applies(request, served, last_modified) else None
    except UnsatisfiableRangeError:
        return _finished(
            Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{served.size}"}), done
        )
    if spans is None:
        return _stream(served, [(0, served.size)], status=200, headers=headers, done=done)
    if len(spans) == 1:
        ((start, end),) = spans
        ranged = {**headers, "Content-Range": f"bytes {start}-{end - 1}/{served.size}"}
        return _stream(served, spans, status=206, headers=ranged, done=done)
    return _multipart(served, spans, headers=headers, done=done)


def _finished(response: Response, done: Callable[[], None]) -> Response:
    done()
    return response


def _stream(
    served: Served, spans: list[tuple[int, int]], *, status: int, headers: dict[str, str], done: Callable[[], None]
) -> Response:
    length = sum(end - start for start, end in spans)
    return _Tracked(
        _chunks(served.path, spans),
        done=done,
        status_code=status,
        media_type=served.media_type,
        headers={**headers, "Content-Length": str(length)},
    )


def _multipart(
    served: Served, spans: list[tuple[int, int]], *, headers: dict[str, str], done: Callable[[], None]
) -> Response:
    boundary = secrets.token_hex(12)

    def frame(start: int, stop: int) -> bytes:
        return (
            f"\r\n--{boundary}\r\nContent-Type: {served.media_type}\r\n"
            f"Content-Range: bytes {start}-{stop - 1}/{served.size}\r\n\r\n"
        ).encode("latin-1")

    end = f"\r\n--{boundary}--\r\n".encode("latin-1")
    length = sum(len(frame(a, b)) + b - a for a, b in spans) + len(end)
    return _Tracked(
        _chunks(served.path, spans, frame=frame, end=end),
        done=done,
        status_code=206,
        media_type=f"multipart/byteranges; boundary={boundary}",
        headers={**headers, "Content-Length": str(length)},
    )
