"""``help_show``: an action's documentation, as CKAN answers the ``help`` link of every response.

CKAN's ``help_show(name=…)`` returns the docstring of the action function (reStructuredText with
``:param …:`` fields); a missing ``name`` is a validation error, an unknown one ``Not found``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._envelope import invalid, not_found

Action = Callable[[Any, dict[str, Any]], Any]


def help_for(actions: Mapping[str, Action]) -> Action:
    """The ``help_show`` action over ``actions`` (which it documents itself once added to them)."""

    def help_show(env: Any, params: dict[str, Any]) -> str | None:
        """Return the help string for a particular API action.

        :param name: Action function name (e.g. ``package_search``, ``package_show``)
        :type name: string
        :returns: The help string for the action function, or ``None`` if the function
                  does not have a docstring.
        :rtype: string

        """
        name = params.get("name")
        if not name:
            raise invalid("name", "Missing value")
        action = actions.get(str(name))
        if action is None:
            raise not_found("Action function not found")
        return action.__doc__

    return help_show
