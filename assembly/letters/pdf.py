"""A decision letter as a PDF: fpdf2 with the vendored DejaVu Sans (every Kazakh letter:
ә ғ қ ң ө ұ ү һ і), a QR code (segno) to the public check page, and the officer's EDS
signature attached beside the text when there is one (see `letters.signature`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf2 (with numpy and Pillow) and segno load with the first letter
    from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
QR_SIZE_MM = 32
QR_SCALE = 4  # pixels per module of the embedded PNG (border 4 modules)


@dataclass(frozen=True)
class Attachment:
    """A file attached to the PDF (the CMS, the certificate, the signed document)."""

    name: str
    data: bytes
    description: str
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Section:
    """A heading (may be empty) and its paragraphs; items are shown as a list."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Letter:
    """Everything a letter shows, already in its reader's language."""

    lang: str
    title: str
    letterhead: tuple[str, ...]
    meta: tuple[str, ...]  # reference, date, addressee
    sections: tuple[Section, ...]
    signatory: tuple[str, ...]  # name, position
    signature_note: str
    check_url: str | None
    check_note: str
    created_at: datetime
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG (error correction M, 4-module quiet zone)."""
    import segno

    out = BytesIO()
    segno.make_qr(url, error="m").save(out, kind="png", scale=QR_SCALE, border=4)
    return out.getvalue()


def _pdf(letter: Letter) -> FPDF:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(letter.created_at)
    pdf.set_lang(letter.lang)
    pdf.set_title(letter.title)
    pdf.set_creator("assembly")
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    return pdf


def _lines(pdf: FPDF, lines: tuple[str, ...], size: float, style: str = "",
           align: str = "L") -> None:
    from fpdf.enums import XPos, YPos

    pdf.set_font(FAMILY, style, size)
    for line in lines:
        pdf.multi_cell(0, size * 0.5, line, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render(letter: Letter) -> bytes:
    """The letter as PDF bytes (A4; opens in any PDF reader)."""
    from fpdf.enums import XPos, YPos

    pdf = _pdf(letter)
    _lines(pdf, letter.letterhead[:1], 13, "B", "C")
    _lines(pdf, letter.letterhead[1:], 9, "", "C")
    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)
    _lines(pdf, letter.meta, 10)
    pdf.ln(3)
    _lines(pdf, (letter.title,), 12, "B")
    for section in letter.sections:
        pdf.ln(2)
        if section.heading:
            _lines(pdf, (section.heading,), 11, "B")
        _lines(pdf, section.paragraphs, 10)
        _lines(pdf, tuple(f"•  {item}" for item in section.items), 10)
    pdf.ln(4)
    _lines(pdf, letter.signatory, 10, "B")
    _lines(pdf, (letter.signature_note,), 9)
    pdf.ln(3)
    if letter.check_url:
        if pdf.get_y() + QR_SIZE_MM > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y()
        pdf.image(BytesIO(qr_png(letter.check_url)), x=pdf.l_margin, y=top, w=QR_SIZE_MM,
                  h=QR_SIZE_MM, alt_text=letter.check_url)
        pdf.set_xy(pdf.l_margin + QR_SIZE_MM + 4, top + 2)
        pdf.set_font(FAMILY, "", 9)
        pdf.multi_cell(0, 4.5, f"{letter.check_note}\n{letter.check_url}", align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(pdf.get_y(), top + QR_SIZE_MM))
    for attachment in letter.attachments:
        pdf.embed_file(bytes=attachment.data, basename=attachment.name,
                       desc=attachment.description, mime_type=attachment.mime_type,
                       modification_date=letter.created_at)
    return bytes(pdf.output())
