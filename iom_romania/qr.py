"""QR codes as small SVG images, made on the server from the page's own address.

The qrcode package computes the modules; the SVG is written here as one path of horizontal
runs, which is about a third of the size of the package's own SVG output: it goes into
every printed page, so its weight counts on the first visit.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

# Longer addresses make a code too dense to read off paper (and past about 2,300 characters
# none fits at all): a page at such an address gets the code of its path without the query,
# or none.
MAX_DATA_LENGTH = 400
# Four modules of white space around the code: what the QR standard asks for, so that
# phones read it off paper next to other print.
QUIET_ZONE = 4


@lru_cache(maxsize=1024)
def qr_modules(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of a QR code for `data`, without the quiet zone.

    Cached per process: the same few hundred addresses are asked for again and again, and
    choosing the best mask pattern takes a few milliseconds."""
    code = qrcode.QRCode(border=0, error_correction=ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def svg_path(modules: tuple[tuple[bool, ...], ...]) -> str:
    """SVG path data drawing each horizontal run of dark modules as one rectangle."""
    parts = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
    return "".join(parts)


@lru_cache(maxsize=1024)
def qr_svg_markup(data: str) -> tuple[int, str]:
    """(size in modules with the quiet zone, path data) for templates/includes/qr_svg.svg."""
    modules = qr_modules(data)
    return len(modules) + 2 * QUIET_ZONE, svg_path(modules)
