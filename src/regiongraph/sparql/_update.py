"""SPARQL 1.1 Update requests: which dataset each operation's ``WHERE`` reads, as the recommendations define it.

* ``using-graph-uri`` / ``using-named-graph-uri`` (Protocol §2.2.3) mean ``USING`` / ``USING NAMED``
  on every operation that has a ``WHERE``; given beside an operation with ``USING``, ``USING NAMED``
  or ``WITH`` they are an error (a 400).
* Otherwise an operation without ``USING``/``WITH`` reads the endpoint's default graph, which for
  RegionGraph is the union of all graphs, as for queries. Stores that cannot set that dataset for
  updates get the request cut into :class:`~regiongraph.store.UpdateStep` pieces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..store import UpdateStep
from ._lexer import _tokens, dataset_clause


class UpdateDatasetError(ValueError):
    """The request names a dataset twice (protocol parameters and ``USING``/``WITH``), or cannot be read."""


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    """One SPARQL protocol update request, after HTTP parsing."""

    update: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None


@dataclass(frozen=True, slots=True)
class PreparedUpdate:
    """What the store runs: the text (the protocol's dataset written into it), its pieces, its base IRI."""

    text: str
    steps: tuple[UpdateStep, ...] = ()
    base_iri: str | None = None


@dataclass(slots=True)
class _Operation:
    head: int  # where its first keyword starts (after its own PREFIX/BASE declarations)
    end: int  # where its last token ends
    declarations: list[str]  # the PREFIX/BASE declarations in force at ``head``
    kind: str = "other"  # "modify", "delete-where" or "other"
    own_dataset: bool = False
    where: int | None = None  # where its WHERE keyword starts
    group: tuple[int, int] = field(default=(0, 0))  # its WHERE group, braces included


def prepare_update(request: UpdateRequest) -> PreparedUpdate:
    """The text and pieces that give ``request``'s operations the dataset SPARQL 1.1 defines.

    Raises:
        UpdateDatasetError: the protocol's dataset parameters beside ``USING``/``WITH``.
    """
    text = request.update
    using = [f"USING {ox.NamedNode(g)}" for g in request.using_graphs]
    using += [f"USING NAMED {ox.NamedNode(g)}" for g in request.using_named_graphs]
    if using:
        if dataset_clause(text):
            raise UpdateDatasetError(
                "using-graph-uri / using-named-graph-uri cannot be combined with an update "
                "that has USING, USING NAMED or WITH (SPARQL 1.1 Protocol §2.2.3)"
            )
        return PreparedUpdate(_with_using(text, _operations(text), " ".join(using)), (), request.base_iri)
    if "WHERE" not in text.upper():  # data and graph management only (most writes): nothing to read
        return PreparedUpdate(text, (), request.base_iri)
    operations = _operations(text)
    if not any(op.kind != "other" and not op.own_dataset for op in operations):
        return PreparedUpdate(text, (), request.base_iri)
    return PreparedUpdate(text, tuple(_steps(text, operations)), request.base_iri)


def _with_using(text: str, operations: list[_Operation], using: str) -> str:
    """``text`` with ``using`` before the ``WHERE`` of each operation that has one."""
    out, pos = [], 0
    for op in operations:
        if op.where is None:
            continue
        out.append(text[pos : op.where])
        if op.kind == "delete-where":  # DELETE WHERE {P} has no USING: it is DELETE {P} WHERE {P}
            out.append(text[op.group[0] : op.group[1]] + " ")
        out.append(f"{using} ")
        pos = op.where
    return "".join([*out, text[pos:]])


def _steps(text: str, operations: list[_Operation]) -> list[UpdateStep]:
    """``text`` cut before every operation with a ``WHERE``; each piece a complete request."""
    pieces: list[list[_Operation]] = []
    for op in operations:
        if op.where is not None or not pieces:
            pieces.append([op])
        else:
            pieces[-1].append(op)
    return [_step(text, piece) for piece in pieces]


def _step(text: str, piece: list[_Operation]) -> UpdateStep:
    first = piece[0]
    prologue = " ".join(first.declarations) + "\n"
    body = text[first.head : piece[-1].end]
    if first.where is None:
        return UpdateStep(prologue + body, prologue=len(prologue))
    start, end = (offset - first.head for offset in first.group)
    if first.kind == "delete-where":  # DELETE WHERE {P} → DELETE {P} WHERE {P}: the second P reads
        cut = first.where - first.head
        body = f"{body[:cut]}{body[start:end]} {body[cut:]}"
        start, end = start + (end - start) + 1, end + (end - start) + 1
    where = None if first.own_dataset else (len(prologue) + start, len(prologue) + end)
    return UpdateStep(prologue + body, where=where, prologue=len(prologue), own_dataset=first.own_dataset)


def _positioned(text: str) -> list[tuple[str, str, int]]:
    """The tokens of ``text`` with where each starts (only whitespace and comments lie between them)."""
    found, pos = [], 0
    for kind, token in _tokens(text):
        while pos < len(text) and (text[pos].isspace() or text[pos] == "#"):
            if text[pos] == "#":  # a comment runs to the end of its line
                pos = text.find("\n", pos) + 1 or len(text)
            else:
                pos += 1
        if not text.startswith(token, pos):
            raise UpdateDatasetError(f"cannot read the update near character {pos}")
        found.append((kind, token, pos))
        pos += len(token)
    return found


def _operations(text: str) -> list[_Operation]:
    """The operations of an update request, split at the ``;`` between them."""
    tokens = _positioned(text)
    operations, declarations, i = [], [], 0
    while i < len(tokens):
        while i < len(tokens) and tokens[i][0] == "word" and tokens[i][1].upper() in ("PREFIX", "BASE"):
            last = tokens[min(i + (3 if tokens[i][1].upper() == "PREFIX" else 2), len(tokens)) - 1]
            declarations.append(text[tokens[i][2] : last[2] + len(last[1])])
            i += 3 if tokens[i][1].upper() == "PREFIX" else 2
        j, depth = i, 0
        while j < len(tokens) and not (depth == 0 and tokens[j][:2] == ("other", ";")):
            depth += {"{": 1, "}": -1}.get(tokens[j][1], 0) if tokens[j][0] == "other" else 0
            j += 1
        if j > i:
            operations.append(_operation(tokens[i:j], list(declarations)))
        i = j + 1
    return operations


def _operation(tokens: list[tuple[str, str, int]], declarations: list[str]) -> _Operation:
    """Kind, dataset and ``WHERE`` group of one operation."""
    op = _Operation(tokens[0][2], tokens[-1][2] + len(tokens[-1][1]), declarations)
    words = [t[1].upper() if t[0] == "word" else "" for t in tokens]
    if words[0] not in ("WITH", "DELETE", "INSERT") or words[1:2] == ["DATA"]:
        return op
    op.kind = "delete-where" if words[:2] == ["DELETE", "WHERE"] else "modify"
    depth = 0
    for i, (kind, token, pos) in enumerate(tokens):
        if kind == "other" and token in "{}":
            depth += 1 if token == "{" else -1
        elif depth == 0 and words[i] in ("WITH", "USING"):
            op.own_dataset = True
        elif depth == 0 and words[i] == "WHERE":
            if tokens[i + 1 : i + 2] and tokens[i + 1][1] == "{":
                op.where, op.group = pos, (tokens[i + 1][2], _closing(tokens, i + 1))
            break
    if op.where is None:  # not an operation Oxigraph will accept: let it say so
        op.kind = "other"
    return op


def _closing(tokens: list[tuple[str, str, int]], start: int) -> int:
    """Where the group opened by ``tokens[start]`` (a ``{``) ends, its ``}`` included."""
    depth = 0
    for kind, token, pos in tokens[start:]:
        if kind == "other" and token in "{}":
            depth += 1 if token == "{" else -1
            if depth == 0:
                return pos + 1
    raise UpdateDatasetError("an update's WHERE group is not closed")
