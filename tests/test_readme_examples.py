"""Every ``curl`` and ``regiongraph`` example of README.md runs as printed, against a live server and store.

The examples are read from the README's code blocks. ``curl`` examples go to the session's live
server (the README's ``127.0.0.1:8000`` is where ``serve`` listens; the test server has a port of
its own) with the real ``curl`` binary; ``regiongraph`` examples run as a subprocess on the
session's store (``REGIONGRAPH_DATA_DIR``), those that write on a fresh data folder of their own.
A block whose first line says ``# not runnable offline: <why>`` is not run, but checked: each of
its commands must really need a host that is not this machine, and its options must exist.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from regiongraph.harvest.sources import read_declarations

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
OFFLINE = "# not runnable offline:"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
#: Subcommands that write the store: run on a data folder of their own, not the session's.
WRITES = {"harvest", "load", "sync"}


@dataclass(frozen=True)
class Block:
    line: int
    commands: tuple[tuple[str, ...], ...]
    offline_reason: str | None

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def _commands(body: str) -> list[tuple[str, ...]]:
    """The commands of a code block, each split as the shell would (quotes may span lines; comments dropped)."""
    commands, pending = [], ""
    for line in body.splitlines():
        pending = f"{pending}\n{line}" if pending else line
        try:
            words = shlex.split(pending, comments=True)
        except ValueError:  # a quote still open: the command goes on
            continue
        pending = ""
        if words:
            commands.append(tuple(words))
    assert not pending, f"unterminated quote in {body!r}"
    return commands


def example_blocks() -> list[Block]:
    """The README's code blocks that hold a command starting with ``curl`` or ``regiongraph``."""
    text = README.read_text(encoding="utf-8")
    blocks = []
    for match in re.finditer(r"^```[a-z]*\n(.*?)^```", text, flags=re.S | re.M):
        body = match.group(1)
        commands = [c for c in _commands(body) if c[0] in ("curl", "regiongraph", "export")]
        if not any(c[0] != "export" for c in commands):
            continue
        first = body.splitlines()[0]
        reason = first[len(OFFLINE) :].strip() if first.startswith(OFFLINE) else None
        blocks.append(Block(text.count("\n", 0, match.start()) + 1, tuple(commands), reason))
    return blocks


BLOCKS = example_blocks()


def test_the_readme_has_the_examples_this_test_runs():
    runnable = [c for b in BLOCKS if b.offline_reason is None for c in b.commands]
    assert sum(c[0] == "curl" for c in runnable) >= 5 and sum(c[0] == "regiongraph" for c in runnable) >= 5
    assert any("Fröndenberg" in " ".join(c) for c in runnable if c[0] == "curl"), "the umlaut URL is run"


def _curl(command: tuple[str, ...], url: str) -> tuple[str, ...]:
    """``command`` aimed at the live server, with the status written after the body."""
    binary = shutil.which("curl")
    if binary is None:
        pytest.fail("the curl binary is missing (.ci/run installs it)")
    words = [w.replace("http://127.0.0.1:8000", url) for w in command[1:]]
    return (binary, *words, "--write-out", "\n%{http_code}")


def _regiongraph(command: tuple[str, ...]) -> tuple[str, ...]:
    beside = Path(sys.executable).with_name("regiongraph")
    return (str(beside) if beside.exists() else "regiongraph", *command[1:])


def _run(argv: tuple[str, ...], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def _saves(command: tuple[str, ...]) -> bool:
    """Whether the command writes its answer to a file (``curl -O``/``-o``, ``regiongraph … -o``), not to stdout."""
    return any(
        w in ("-o", "--output", "--remote-name") or re.fullmatch(r"-[a-zA-Z]*[oO][a-zA-Z]*", w) for w in command[1:]
    )


def _written(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.stat().st_size > 0]


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.offline_reason is None], ids=lambda b: b.id)
def test_a_readme_example_runs_as_printed(block: Block, live, settings, tmp_path):
    writes = any(c[0] == "regiongraph" and WRITES & set(c) for c in block.commands)
    data_dir = tmp_path / "data" if writes else settings.data_dir
    env = {**os.environ, "REGIONGRAPH_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    work = tmp_path / "work"  # files the examples save land here, never in the clone
    for command in block.commands:
        printed = shlex.join(command)
        assert not {"|", ">", "<", "&&", ";"} & set(command), f"{printed}: write examples without shell plumbing"
        work.mkdir(exist_ok=True)
        before = set(_written(work))
        if command[0] == "curl":
            done = _run(_curl(command, live.url), env, work)
            body, _, status = done.stdout.rpartition("\n")
            assert done.returncode == 0 and status == "200", f"{printed}: exit {done.returncode}, {status} {body[:300]}"
            assert (set(_written(work)) - before) if _saves(command) else body.strip(), f"{printed}: empty answer"
        elif command[0] == "regiongraph":
            done = _run(_regiongraph(command), env, work)
            assert done.returncode == 0, f"{printed}: exit {done.returncode}\n{done.stderr[-1500:]}"
            saved = _saves(command) and set(_written(work)) - before
            assert saved or done.stdout.strip(), f"{printed}: printed nothing"


def _network_target(command: tuple[str, ...]) -> str | None:
    """The host a command reaches: a URL it names, or the URL of the source it harvests or reports on."""
    for word in command:
        if word.startswith(("http://", "https://")):
            return urlsplit(word).hostname
    if command[0] == "regiongraph" and len(command) > 2 and command[1] in ("harvest", "report"):
        declared = read_declarations([ROOT / "harvesters"])
        source = declared.get(command[2])
        return urlsplit(source.url).hostname if source is not None and source.url else None
    return None


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.offline_reason is not None], ids=lambda b: b.id)
def test_an_example_marked_not_runnable_offline_needs_the_network_and_its_options_exist(block: Block):
    assert block.offline_reason, f"{block.id}: say why it does not run offline"
    for command in (c for c in block.commands if c[0] != "export"):
        host = _network_target(command)
        assert host and host not in LOOPBACK, f"{block.id}: {shlex.join(command)} reaches no other host"
        path = [w for w in command[1:3] if not w.startswith("-") and "." not in w and "/" not in w]
        helped = subprocess.run(
            [*_regiongraph(("regiongraph", *path[:2])), "--help"], capture_output=True, text=True, timeout=60
        )
        assert helped.returncode == 0, helped.stderr
        for option in (w for w in command if w.startswith("--")):
            assert option in helped.stdout, f"{block.id}: {shlex.join(command)}: no option {option}"
