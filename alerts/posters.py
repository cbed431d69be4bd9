"""A warning as a poster: an A4 PDF to print and a PNG to pass around in messaging apps.

Each poster carries the warning in Romanian and in one other language the reader picks
(Romanian alone when they pick Romanian). The poster's HTML is rendered first, which is
cheap; its hash names the files, so a poster is built once per warning, language pair and
content version, and kept in the "posters" file storage. Any change to the warning, its
translations, its contacts or the template gives new HTML, so a new file.

WeasyPrint lays out the PDF with Debian's Noto fonts (Arabic and Persian right to left,
Nepali in Devanagari, shaped by HarfBuzz through Pango); pypdfium2 rasterises its page
for the PNG, which Pillow reduces to a small palette so that it stays under 300 KB.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.utils import translation

from iom_romania.qr import qr_svg_markup

from .models import ScamAlert

STORAGE_ALIAS = "posters"
FORMATS = {"pdf": "application/pdf", "png": "image/png"}
BASE_LANGUAGE = "ro"
# The PNG's width in pixels: phone screens are 1080 px wide or less, and a poster read
# there is zoomed in no further than that.
PNG_WIDTH = 1080
PNG_COLOURS = 32
# Root font sizes tried in turn until the poster fits on one A4 page (static/css/poster.css
# sizes its text in rem): a long warning in a wordy language gets smaller text, not a page 2.
FONT_SIZES_PT = (12.5, 11, 9.5, 8.5, 7.5)
# Raised when the poster's look changes in a way its HTML does not show (fonts, rasteriser).
LAYOUT_VERSION = "1"


def poster_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Poster:
    content: bytes
    content_type: str
    filename: str
    version: str


def poster_html(alert: ScamAlert, language: str, page_url_for) -> str:
    """The poster's HTML. `page_url_for(path)` makes an absolute address of a path."""
    with translation.override(language):
        page_url = page_url_for(alert.get_absolute_url())
    size, path = qr_svg_markup(page_url)
    css = finders.find("css/poster.css")
    with open(css, encoding="utf-8") as stylesheet:
        style = stylesheet.read()
    return render_to_string(
        "alerts/poster.html",
        {
            "alert": alert,
            "languages": list(dict.fromkeys([BASE_LANGUAGE, language])),
            "contacts": alert.reporting_contacts(),
            "page_url": page_url,
            "qr_size": size,
            "qr_path": path,
            "style": style,
        },
    )


def get_poster(alert: ScamAlert, language: str, file_format: str, page_url_for) -> Poster:
    """The poster file, from the storage when this version was built before."""
    html = poster_html(alert, language, page_url_for)
    version = hashlib.sha256(f"{LAYOUT_VERSION}\n{html}".encode()).hexdigest()[:20]
    pair = BASE_LANGUAGE if language == BASE_LANGUAGE else f"{BASE_LANGUAGE}-{language}"
    stem = f"{alert.slug}/{pair}-{version}"
    storage = storages[STORAGE_ALIAS]
    pdf = _stored(storage, f"{stem}.pdf") or _store(storage, f"{stem}.pdf", render_pdf(html))
    content = pdf
    if file_format == "png":
        content = _stored(storage, f"{stem}.png") or _store(storage, f"{stem}.png", render_png(pdf))
    return Poster(
        content=content,
        content_type=FORMATS[file_format],
        filename=f"warning-{alert.slug}-{pair}.{file_format}",
        version=version,
    )


def _stored(storage, name: str) -> bytes | None:
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as stored:
        return stored.read()


def _store(storage, name: str, content: bytes) -> bytes:
    if not storage.exists(name):  # another worker may have built it meanwhile
        storage.save(name, ContentFile(content))
    return content


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and the fonts, which only poster requests need.
    import weasyprint

    document = weasyprint.HTML(string=html)
    for size in FONT_SIZES_PT:
        rendered = document.render(
            stylesheets=[weasyprint.CSS(string=f"html {{ font-size: {size}pt }}")]
        )
        if len(rendered.pages) == 1:
            break
    return rendered.write_pdf()


def render_png(pdf: bytes) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        width, _height = page.get_size()
        image = page.render(scale=PNG_WIDTH / width).to_pil()
    finally:
        document.close()
    # Text, a QR code and a few flat colours: a small palette keeps the file small and sharp.
    image = image.convert("RGB").quantize(colors=PNG_COLOURS)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
