"""Updates whose ``WHERE`` reads the union default graph, on a store that cannot set an update's dataset.

pyoxigraph evaluates an update's ``WHERE`` over the store's own default graph and takes no dataset
option for updates (its queries take one). So such an operation runs in two moves inside the
writer: its ``WHERE`` group is evaluated as ``SELECT *`` over the union default graph, and the
operation then runs with the group replaced by those solutions, handed in through a custom
function so that blank nodes keep their identity (``VALUES`` cannot carry a blank node).
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ._base import UpdateStep

#: The function the replaced ``WHERE`` calls: ``cell(row, column)`` is one term of the solutions.
CELL = ox.NamedNode("urn:x-regiongraph:solution-cell")
Cell = Callable[[ox.Literal, ox.Literal], ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]


def select_text(step: UpdateStep) -> str:
    """The ``SELECT *`` that evaluates ``step``'s ``WHERE`` group with the declarations in force."""
    assert step.where is not None
    start, end = step.where
    return f"{step.text[: step.prologue]}\nSELECT * WHERE {step.text[start:end]}"


def with_solutions(step: UpdateStep, solutions: ox.QuerySolutions) -> tuple[str, Cell]:
    """``step``'s text with its ``WHERE`` group replaced by ``solutions``, and the function that yields them."""
    assert step.where is not None
    names = [v.value for v in solutions.variables]
    table = [[row[name] for name in names] for row in solutions]
    row = next(f"_rg_row{i}" for i in range(len(names) + 1) if f"_rg_row{i}" not in names)
    binds = " ".join(f"BIND({CELL}(?{row}, {j}) AS ?{name})" for j, name in enumerate(names))
    group = f"{{ VALUES ?{row} {{ {' '.join(map(str, range(len(table))))} }} {binds} }}"
    start, end = step.where

    def cell(r: ox.Literal, c: ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None:
        return table[int(r.value)][int(c.value)]

    return step.text[:start] + group + step.text[end:], cell
