"""Refresh or check the vendored web assets (Swagger UI for ``/docs``, htmx for the web front, axe-core for the
browser tests) against their pinned manifests.

Each vendored package has a folder with a ``MANIFEST.json``: the npm package, its exact version, the
tarball's ``integrity`` (SHA-512, as the npm registry publishes it), and the SHA-256 of every file taken
from it (``paths`` names the file in the package where it is not at the package's root). Files come from
the npm registry through the ordinary ``npm pack`` client, never at run time.

    python scripts/vendor_assets.py --check             # every vendored file matches its manifest
    python scripts/vendor_assets.py                     # fetch the pinned version again, verify, write
    python scripts/vendor_assets.py --version 5.36.0    # move to another exact version (rewrites the manifest)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = tuple(
    folder
    for folder in (
        ROOT / "src" / "regiongraph" / "api" / "static" / "swagger-ui",
        ROOT / "src" / "regiongraph" / "web" / "static" / "vendor" / "htmx.org-2.0.4",
        ROOT / "tests" / "web" / "vendor" / "axe-core-4.10.3",
    )
    if folder.exists()
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(folder: Path) -> list[str]:
    """Problems of one vendored folder: files missing, changed, or not listed in the manifest."""
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    problems = [f"{folder.name}/{name}: missing" for name in manifest["files"] if not (folder / name).exists()]
    problems += [
        f"{folder.name}/{name}: SHA-256 differs from the manifest"
        for name, digest in manifest["files"].items()
        if (folder / name).exists() and sha256(folder / name) != digest
    ]
    listed = {*manifest["files"], "MANIFEST.json"}
    problems += [f"{folder.name}/{p.name}: not in the manifest" for p in folder.iterdir() if p.name not in listed]
    return problems


def _integrity(tarball: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()


def refresh(folder: Path, version: str | None) -> None:
    """Fetch the package with ``npm pack``, check the tarball's integrity, copy the listed files, rewrite digests."""
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    moving = version is not None and version != manifest["version"]
    spec = f"{manifest['package']}@{version or manifest['version']}"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", spec, "--silent", "--pack-destination", tmp], check=True, cwd=tmp, stdout=subprocess.DEVNULL
        )
        tarball = next(Path(tmp).glob("*.tgz"))
        integrity = _integrity(tarball)
        if not moving and integrity != manifest["integrity"]:
            sys.exit(
                f"{spec}: the registry's tarball has integrity {integrity}, the manifest pins "
                f"{manifest['integrity']}: refusing to vendor it"
            )
        with tarfile.open(tarball) as archive:
            for name in manifest["files"]:
                member = archive.extractfile(f"package/{manifest.get('paths', {}).get(name, name)}")
                if member is None:
                    sys.exit(f"{spec} has no file {name}")
                (folder / name).write_bytes(member.read())
    manifest.update(
        version=version or manifest["version"],
        integrity=integrity,
        files={name: sha256(folder / name) for name in manifest["files"]},
    )
    (folder / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"{folder.name}: {spec} vendored, {len(manifest['files'])} files")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify the vendored files (no network)")
    parser.add_argument("--version", help="vendor this exact version instead of the pinned one")
    args = parser.parse_args()
    if args.check:
        problems = [p for folder in FOLDERS for p in check(folder)]
        print("\n".join(problems) or "every vendored file matches its manifest")
        sys.exit(1 if problems else 0)
    for folder in FOLDERS:
        refresh(folder, args.version)


if __name__ == "__main__":
    main()
