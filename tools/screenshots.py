"""`make screenshots`: PNGs of the portal for the README and docs/screenshots/.

At 360 px the whole page (what a phone user scrolls through); at 1280 px the first screen
only, which keeps the files small.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.site_server import CHROMIUM, REPO, running_portal  # noqa: E402

OUT = REPO / "docs" / "screenshots"
SHOTS = [
    ("home", "/en/"),
    ("centre-finder", "/en/centres/?q=brasov"),
    ("centre", "/en/centres/brasov/"),
    ("alert", "/en/alerts/internet-scams/"),
    ("home-arabic", "/ar/"),
]
WIDTHS = {360: 640, 1280: 800}


def shrink(png: Path) -> None:
    """Fewer colours, same look: Debian's pngquant, when installed, makes the PNGs ~4x smaller."""
    if shutil.which("pngquant"):
        subprocess.run(
            [
                "pngquant",
                "--force",
                "--skip-if-larger",
                "--strip",
                "--output",
                str(png),
                "256",
                str(png),
            ],
            check=False,
        )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with running_portal() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        for width, height in WIDTHS.items():
            page = browser.new_page(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            for name, path in SHOTS:
                page.goto(base + path)
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=width < 1000)
                shrink(target)
                print(f"{target.relative_to(REPO)}  {target.stat().st_size // 1024} KiB")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
