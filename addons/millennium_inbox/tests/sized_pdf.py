"""Small, valid PDFs for tests (no Odoo import): one page with a line of
text, optionally padded to an exact byte size (limit boundary tests)."""


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(text="Faktura", padding=0):
    """A one-page PDF showing `text`; `padding` bytes go into an unused stream."""
    content = f"BT /F1 18 Tf 50 780 Td ({_escape(text)}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (padding, b"0" * padding),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_of_size(size, text="Faktura"):
    """A valid PDF of exactly `size` bytes (size must exceed ~700 bytes)."""
    padding = max(size - len(minimal_pdf(text)), 0)
    for _attempt in range(20):
        data = minimal_pdf(text, padding)
        if len(data) == size:
            return data
        padding += size - len(data)
    raise ValueError(f"cannot build a PDF of exactly {size} bytes")
