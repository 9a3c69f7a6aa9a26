"""CKAN's response envelope (``help``, ``success``, ``result``) and its error shapes and status codes."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import Response


class ActionError(Exception):
    """An action failed the way CKAN reports it.

    Args:
        status: 400 bad request, 404 not found, 409 validation or search error.
        kind: CKAN's ``__type`` (``Not Found Error``, ``Validation Error``, ``Search Query Error``, ``Bad Request``).
        message: the message; validation errors carry ``fields`` instead ({field: [messages]}).
    """

    def __init__(
        self, status: int, kind: str, message: str | None = None, fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message or kind)
        self.status, self.kind, self.message, self.fields = status, kind, message, fields or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"__type": self.kind}
        if self.message is not None:
            error["message"] = self.message
        error.update(self.fields)
        return error


def not_found(detail: str | None = None) -> ActionError:
    """CKAN's 404: the message is ``Not found``, followed by the action's own words if it gave any."""
    return ActionError(404, "Not Found Error", f"Not found: {detail}" if detail else "Not found")


def invalid(field: str, message: str) -> ActionError:
    return ActionError(409, "Validation Error", fields={field: [message]})


def bad_request(message: str) -> ActionError:
    return ActionError(400, "Bad Request", f"Bad request - {message}")


def _help(request: Request, action: str) -> str:
    return f"{request.base_url}api/3/action/help_show?name={action}"


def respond(request: Request, action: str, result: Any) -> Response:
    body = {"help": _help(request, action), "success": True, "result": result}
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json;charset=utf-8")


def fail(request: Request, action: str, error: ActionError) -> Response:
    body = {"help": _help(request, action), "success": False, "error": error.body()}
    return Response(
        json.dumps(body, ensure_ascii=False), status_code=error.status, media_type="application/json;charset=utf-8"
    )
