"""The admin token: the one check every write route makes (``/sparql/update``, ``/api/v1/admin/…``).

A route declares ``authorization: Annotated[str | None, Header()]`` (so OpenAPI shows the header)
and returns :func:`refusal` when it is not ``None``. Without a configured token every write route
answers 403: nothing can be written over HTTP by default. The token is compared in constant time.
"""

from __future__ import annotations

import hmac

from fastapi import Request
from fastapi.responses import Response

from ._problem import problem


def refusal(request: Request, authorization: str | None) -> Response | None:
    """``None`` when ``authorization`` carries the instance's admin token as a bearer token; else a 403 or 401."""
    token = request.app.state.settings.admin_token
    if not token:
        return problem(403, "updates-disabled", "Updates disabled", "no admin token is configured on this server")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return problem(
            401,
            "unauthorized",
            "Unauthorized",
            "send 'Authorization: Bearer <admin token>'",
            headers={"WWW-Authenticate": 'Bearer realm="regiongraph"'},
        )
    return None


__all__ = ["refusal"]
