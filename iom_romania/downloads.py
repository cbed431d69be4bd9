"""Files a visitor takes away from a page: its QR code as an SVG file."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .qr import qr_svg_markup


def qr_code_download(request: HttpRequest, page_path: str, filename: str) -> HttpResponse:
    """The QR code of the page at `page_path` (on this site), as a file to save."""
    url = request.build_absolute_uri(page_path)
    size, path = qr_svg_markup(url)
    svg = render_to_string(
        "includes/qr_code.svg",
        {"size": size, "path": path, "url": url, "label": url, "standalone": True},
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
