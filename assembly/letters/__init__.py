"""Decision letters: the PDF (fpdf2, DejaVu Sans for every Kazakh letter), its QR code to
the public check page, and the seam through which the officer's EDS signature reaches it."""
