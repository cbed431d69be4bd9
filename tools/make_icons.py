"""Draws the web app icons (static/img/icon-*.png): the site's plain "IOM" lettermark, white
on the site's blue, as in the header. Not IOM's logo, which the portal does not use.

    .venv/bin/python -m tools.make_icons

Run again only to change the icons; the PNGs are committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BLUE = (0, 51, 160)
FONT = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"  # Debian's fonts-noto-core
OUT = Path(__file__).resolve().parent.parent / "static" / "img"


def lettermark(size: int, safe_zone: float) -> Image.Image:
    """The lettermark on a full square; `safe_zone` is the share of the side the letters
    may use (maskable icons are cropped to a circle by some launchers)."""
    image = Image.new("RGB", (size, size), BLUE)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, int(size * safe_zone * 0.27))
    left, top, right, bottom = draw.textbbox((0, 0), "IOM", font=font)
    x = (size - (right - left)) / 2 - left
    y = (size - (bottom - top)) / 2 - top
    draw.text((x, y), "IOM", font=font, fill="white")
    border = max(2, size // 48)
    inset = size * (1 - safe_zone) / 2 + size * 0.08
    draw.rectangle([inset, inset, size - inset, size - inset], outline="white", width=border)
    return image


def main() -> None:
    for name, size, safe_zone in [
        ("icon-192.png", 192, 1.0),
        ("icon-512.png", 512, 1.0),
        ("icon-maskable-512.png", 512, 0.8),
    ]:
        lettermark(size, safe_zone).quantize(colors=16).save(OUT / name, optimize=True)


if __name__ == "__main__":
    main()
