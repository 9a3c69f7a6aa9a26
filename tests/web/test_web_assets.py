"""Offline assets: every vendored file matches its manifest, nothing refers to another host, every text exists
in German and English."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from regiongraph.web._i18n import choose, written_in
from regiongraph.web._messages import MESSAGES

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "regiongraph" / "web"
VENDORED = [WEB / "static" / "vendor" / "htmx.org-2.0.4", ROOT / "tests" / "web" / "vendor" / "axe-core-4.10.3"]


def test_the_vendoring_script_finds_every_file_as_its_manifest_says():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "vendor_assets.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("folder", VENDORED, ids=lambda f: f.name)
def test_each_vendored_package_has_version_licence_integrity_and_checksums(folder):
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    assert folder.name == f"{manifest['package']}-{manifest['version']}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest["version"]), "an exact version"
    assert manifest["integrity"].startswith("sha512-") and manifest["licence"]
    assert "LICENSE" in manifest["files"] and (folder / "LICENSE").stat().st_size > 100
    import hashlib

    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_no_template_script_or_style_refers_to_another_host():
    pattern = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""")
    offenders = []
    for path in [*WEB.joinpath("templates").rglob("*.html"), *WEB.joinpath("static").glob("*.*")]:
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_every_text_the_templates_and_views_use_exists_in_both_languages():
    used: set[str] = set()
    prefixes: set[str] = set()
    for path in [*WEB.joinpath("templates").rglob("*.html"), *WEB.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.\-]+)["']\s*[,)]""", text))
        prefixes |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.\-]+\.)["']\s*\+""", text))
    missing = sorted(k for k in used if k not in MESSAGES)
    assert missing == []
    assert all(any(k.startswith(p) for k in MESSAGES) for p in prefixes), prefixes
    assert [k for k, (de, en) in MESSAGES.items() if not de or not en] == []
    placeholders = [
        k for k, (de, en) in MESSAGES.items() if set(re.findall(r"{(\w+)}", de)) != set(re.findall(r"{(\w+)}", en))
    ]
    assert placeholders == []


@pytest.mark.parametrize(
    ("query", "header", "code", "explicit"),
    [
        ({}, None, "de", False),
        ({}, "en-US,en;q=0.9", "en", False),
        ({}, "fr-FR,en;q=0.4,de;q=0.6", "de", False),
        ({"lang": "en"}, "de", "en", True),
        ({"lang": "xx"}, "en", "en", False),
        ({}, "*", "de", False),
    ],
)
def test_the_language_comes_from_the_url_then_accept_language_then_german(query, header, code, explicit):
    chosen = choose(query, header)
    assert (chosen.code, chosen.explicit) == (code, explicit)


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("The funder of the programme is not named in the statement.", "de", "en"),
        (
            "legal form read from the task text (applies since 2014 to the Chemisches und Veterinäruntersuchungsamt)",
            "de",
            "en",
        ),
        ("Die Partner sind in der Quelle nicht aufgezählt, nur „alle Städte“.", "de", "de"),
        ("wird geprüft", "de", "de"),
        ("IoT", None, "de"),
    ],
)
def test_notes_are_shown_in_the_language_they_are_written_in(text, tag, expected):
    assert written_in(text, tag) == expected
