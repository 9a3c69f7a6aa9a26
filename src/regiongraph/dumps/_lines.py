"""Reading one N-Quads line as Oxigraph writes it: where its subject ends, and which part is the triple.

The writer never parses a line fully (1.5 M lines would cost seconds): it only needs the subject
(entities), the triple (distinct triples) and the graph (what is left out), and finds them by the
shape of canonical N-Quads — terms separated by one space, IRIs without spaces or quotes, literals
whose closing quote is the line's last ``"``, the line ending in `` .``.
"""

from __future__ import annotations

#: ``(subject, triple, graph)``: the subject is ``line[:subject]``, the triple ``line[:triple]``, and ``graph``
#: the graph term (``b""`` for the default graph). A plain tuple: a named one costs a fifth more per line.
Parts = tuple[int, int, bytes]


def split(line: bytes) -> Parts:
    """The parts of one N-Quads line (with or without its newline)."""
    body = line[: line.rindex(b" .")]
    subject = body.index(b" ")
    if not body.endswith(b">"):  # ends in a literal (or a blank node): no graph IRI follows
        return subject, len(body), b""
    cut = body.rfind(b" <")
    predicate_end = body.find(b" ", subject + 1)
    if predicate_end >= cut:  # the last IRI is the object: the line is in the default graph
        return subject, len(body), b""
    if body[predicate_end + 1 : predicate_end + 2] == b'"' and body.rfind(b'"') > cut:
        return subject, len(body), b""  # the " <" was inside the literal: a typed literal, no graph
    return subject, cut, body[cut + 1 :]
