#!/usr/bin/env python3
"""Screenshots of every page type of the web front, 1280 and 375 px wide, into docs/screenshots/ (PNG).

Builds a fresh instance in a temporary folder — the bundled register plus the test suite's local CKAN
portal (German packages with the rough edges of real portals), so lists, datasets and quality pages
have content — serves it on loopback and drives the test suite's headless Chromium harness
(tests/support/browser.py). Pages are German (``?lang=de``); each shot is the top of the page, at most
``--max-height`` CSS pixels tall, so the files stay small.

    python scripts/screenshots.py                 # all page types
    python scripts/screenshots.py --only map town # some of them
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

#: name → path (German); the names are the files' names.
PAGES = {
    "home": "/",
    "search": "/search?q=Verkehr",
    "list": "/cooperations?table=b&legal_form=oerv",
    "cooperation": "/id/cooperation/ku2016-b-14",
    "town": "/id/ags/05978020",
    "project": "/id/project/luft-hub",
    "dataset": None,
    "map": "/map",
    "network": "/network",
    "quality": "/quality/testportal",
    "comparison": "/comparison",
    "transfer": "/transfer?solution=grafana-wetter-dashboard",
    "timeline": "/timeline",
    "accessibility": "/barrierefreiheit",
}
WIDTHS = (1280, 375)


def _shot(browser, url: str, path: Path, width: int, max_height: int) -> int:
    driver = browser.driver
    driver.set_window_size(width, 900)
    driver.get(url)
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), max_height)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": False,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    data = base64.b64decode(shot["data"])
    path.write_bytes(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", nargs="*", choices=sorted(PAGES), help="only these page types")
    parser.add_argument("--max-height", type=int, default=1800, help="CSS pixels from the top of each page")
    args = parser.parse_args(argv)
    import httpx

    from regiongraph.app import create_app
    from support.browser import Browser
    from support.helpers import LiveServer
    from support.instance import build_instance

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        print("building the instance (register + local test portal) …", file=sys.stderr)
        settings, store = build_instance(Path(tmp))
        with LiveServer(create_app(settings, store)) as server, Browser() as browser:
            dataset = httpx.get(f"{server.url}/api/v1/datasets", params={"publisher": "05978020", "limit": 1}).json()
            pages = {**PAGES, "dataset": "/id/" + dataset["items"][0]["id"].split("/id/", 1)[1]}
            for name in args.only or pages:
                path = pages[name]
                for width in WIDTHS:
                    url = f"{server.url}{path}{'&' if '?' in path else '?'}lang=de"
                    target = args.out / f"{name}-{width}.png"
                    size = _shot(browser, url, target, width, args.max_height)
                    print(f"{target.relative_to(ROOT)}: {size // 1024} kB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
