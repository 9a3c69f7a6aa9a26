"""A small SPARQL tokenizer: enough to find keywords outside strings, IRIs and comments.

The public endpoint refuses ``SERVICE`` (and the update route ``LOAD``) before Oxigraph
sees the text, because Oxigraph would otherwise open network connections for them.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<pname>[A-Za-z_\u00c0-\uffff][\w.\-\u00b7-\uffff]*:[\w.\-:%\\\u00b7-\uffff]*|:[\w.\-:%\\\u00b7-\uffff]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


def keywords(text: str) -> set[str]:
    """Upper-cased bare words of ``text`` (keywords and function names), outside strings, IRIs and comments."""
    return {m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"}


def uses_federation(text: str, *, update: bool = False) -> str | None:
    """The first keyword of ``text`` that would reach the network (``SERVICE``, or ``LOAD`` in an update)."""
    folded = text.lower()
    if "service" not in folded and not (update and "load" in folded):
        return None  # neither word anywhere: no need to tokenize (the common case, on every query)
    found = keywords(text)
    for keyword in ("SERVICE", "LOAD") if update else ("SERVICE",):
        if keyword in found:
            return keyword
    return None
