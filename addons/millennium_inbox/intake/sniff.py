"""Decide a file's real type from its bytes, never from its name."""

from .einvoice import xml as einvoice_xml

PDF = "pdf"
JPEG = "jpeg"
PNG = "png"
XML = "xml"  # an XML e-invoice (KSeF, UBL, CII); other XML and HTML are refused

MIMETYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    XML: "application/xml",
}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", XML: ".xml"}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The PDF header opens the file; only blank bytes (some scanners write a few
# line breaks first) may precede it. Never searched for inside the data: a
# stored zip or a winmail.dat holds "%PDF-" a few bytes in, and is no PDF.
_PDF_HEADER_WINDOW = 1024
_BLANK_PREFIX = b" \t\r\n\x00\x0c"


def sniff(data):
    """Return PDF, JPEG, PNG or XML for a supported document, else None."""
    if not data:
        return None
    if data[:_PDF_HEADER_WINDOW].lstrip(_BLANK_PREFIX).startswith(b"%PDF-"):
        return PDF
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == _PNG_SIGNATURE:
        return PNG
    if einvoice_xml.flavour(data):
        return XML
    return None


def describe(data):
    """A short human name for an unsupported file, for refusal messages."""
    if not data:
        return "empty file"
    signatures = [
        (b"MZ", "Windows program"),
        (b"\x7fELF", "Linux program"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\xd0\xcf\x11\xe0", "old Office document"),
        (b"GIF8", "GIF image"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (b"RIFF", "WebP image or media file"),
        (b"Rar!", "RAR archive"),
        (b"\x1f\x8b", "gzip archive"),
        (b"<", "HTML or XML document"),
    ]
    for signature, name in signatures:
        if data.startswith(signature):
            return name
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIC photo"
    return "unknown file type"
