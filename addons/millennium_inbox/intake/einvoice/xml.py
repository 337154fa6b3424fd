"""Safe XML parsing and what kind of e-invoice an XML file is."""

import xml.etree.ElementTree as ET

KSEF = "ksef"
UBL = "ubl"
CII = "cii"

_MAX_XML = 20 * 1024 * 1024


class NotAnInvoice(ValueError):
    pass


def parse(data):
    """The root element; refuses DTDs and entities (billion laughs, XXE)."""
    if not data or len(data) > _MAX_XML:
        raise NotAnInvoice("empty or too large XML file")
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise NotAnInvoice("XML with a DTD is not accepted")
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise NotAnInvoice("not a well-formed XML file") from error


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag):
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and "}" in tag else ""


def flavour(data):
    """KSEF, UBL, CII or None: which e-invoice the bytes hold."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip() if data else b""
    if not head.startswith(b"<"):
        return None
    try:
        root = parse(data)
    except NotAnInvoice:
        return None
    name, ns = local(root.tag), namespace(root.tag)
    if name == "Faktura" and "crd.gov.pl" in ns:
        return KSEF
    if name in ("Invoice", "CreditNote") and "oasis" in ns:
        return UBL
    if name == "CrossIndustryInvoice":
        return CII
    return None


def child(element, *path):
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if local(c.tag) == name), None)
    return element


def children(element, name):
    return [c for c in element if local(c.tag) == name] if element is not None else []


def text(element, *path):
    found = child(element, *path)
    return found.text.strip() if found is not None and found.text else None
