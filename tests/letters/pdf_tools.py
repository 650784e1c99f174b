"""Reading a decision letter back: its text (pypdf), its attachments, its first page as a
PNG (pypdfium2) and the QR code on it (zxing-cpp), all without the internet."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pypdfium2
import zxingcpp
from PIL import Image
from pypdf import PdfReader


def text_of(pdf: bytes) -> str:
    """Every page's text, joined."""
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def attachments_of(pdf: bytes) -> dict[str, bytes]:
    """The files attached to the PDF, by name."""
    return {name: data[0] for name, data in PdfReader(BytesIO(pdf)).attachments.items()}


def first_page_png(pdf: bytes, path: Path, scale: float = 3) -> Path:
    """Render the first page to `path` (PNG) and return it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        document[0].render(scale=scale).to_pil().save(path)
    finally:
        document.close()
    return path


def qr_codes_in(png: Path) -> list[str]:
    """The texts of the QR codes found in a PNG."""
    with Image.open(png) as image:
        return [found.text for found in zxingcpp.read_barcodes(image)
                if found.format == zxingcpp.BarcodeFormat.QRCode]
