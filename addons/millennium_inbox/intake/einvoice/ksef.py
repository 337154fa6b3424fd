"""KSeF FA(2) / FA(3) e-invoices (the Polish national structured invoice).

Values are declared by the issuer, so they are taken as they are; a NIP or an
account failing its checksum is kept with a low confidence. Per rate, P_13_x
is the net and P_14_x the VAT:

    P_13_1/P_14_1 23% (or 22%)   P_13_2/P_14_2 8% (or 7%)   P_13_3/P_14_3 5%
    P_13_4/P_14_4 4% (or 3%, taxi flat rate)   P_13_5/P_14_5 OSS procedure
    P_13_6_1..3 0% (domestic, intra-EU supply, export)   P_13_7 exempt
    P_13_8, P_13_9 not subject to Polish VAT   P_13_10 reverse charge
    P_13_11 margin scheme (a gross amount, not a net one: a line of its own
    without tax on the bill)
"""

from decimal import Decimal, InvalidOperation

from stdnum import iban as std_iban
from stdnum.eu import vat as eu_vat
from stdnum.pl import nip as pl_nip

from .. import invoice
from ..invoice import EMPTY_REASON, Extraction, InvoiceLine, Suggestion, TaxLine
from .xml import NotAnInvoice, child, children, local, parse, text

SOURCE = "KSeF XML"
# (net tag, VAT tag, rate) in the order of the schema.
RATE_TAGS = [
    ("P_13_1", "P_14_1", "23"),
    ("P_13_2", "P_14_2", "8"),
    ("P_13_3", "P_14_3", "5"),
    ("P_13_4", "P_14_4", "4"),
    ("P_13_5", "P_14_5", "oss"),
    ("P_13_6", None, "0"),
    ("P_13_6_1", None, "0"),
    ("P_13_6_2", None, "0"),
    ("P_13_6_3", None, "0"),
    ("P_13_7", None, invoice.EXEMPT),
    ("P_13_8", None, invoice.NOT_SUBJECT),
    ("P_13_9", None, invoice.NOT_SUBJECT),
    ("P_13_10", None, invoice.REVERSE_CHARGE),
]
# P_12 of a line: the rate as the schema spells it.
LINE_RATES = {
    "23": "23", "22": "23", "8": "8", "7": "8", "5": "5", "4": "4", "3": "4",
    "0": "0", "0 KR": "0", "0 WDT": "0", "0 EX": "0",
    "zw": invoice.EXEMPT, "np": invoice.NOT_SUBJECT, "np I": invoice.NOT_SUBJECT,
    "np II": invoice.NOT_SUBJECT, "oo": invoice.REVERSE_CHARGE,
}  # fmt: skip
CORRECTION_KINDS = ("KOR", "KOR_ZAL", "KOR_ROZ")


def _amount(element, tag):
    value = text(element, tag)
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def read(data):
    """An Extraction of a KSeF e-invoice; empty with a reason for other XML."""
    try:
        root = parse(data)
    except NotAnInvoice as error:
        return Extraction(has_text=False, reason=str(error), decoder="ksef")
    fa = child(root, "Fa")
    if local(root.tag) != "Faktura" or fa is None:
        return Extraction(
            has_text=False, reason="not a KSeF e-invoice (FA)", decoder="ksef"
        )
    fields = {}

    def put(name, value, confidence=1.0, where=""):
        if value not in (None, ""):
            fields[name] = Suggestion(value, confidence, f"{SOURCE} {where}".strip())

    _parties(root, put)
    put("currency", text(fa, "KodWaluty"), 1.0, "Fa/KodWaluty")
    put("issue_date", text(fa, "P_1"), 1.0, "Fa/P_1")
    put("invoice_number", text(fa, "P_2"), 1.0, "Fa/P_2")
    put("sale_date", text(fa, "P_6"), 1.0, "Fa/P_6")
    tax_lines = _amounts(fa, put)
    _payment(fa, put)
    result = Extraction(fields=fields, has_text=True, decoder="ksef")
    result.tax_lines = tax_lines
    _kind(fa, put, result)
    result.fields = fields
    if result.kind != invoice.CORRECTION:
        result.lines = _lines(fa, tax_lines)
    result.reason = None if fields else EMPTY_REASON
    return result


def _parties(root, put):
    for role, node in (("seller", "Podmiot1"), ("buyer", "Podmiot2")):
        ids = child(root, node, "DaneIdentyfikacyjne")
        nip = text(ids, "NIP")
        if nip:
            confidence = 1.0 if pl_nip.is_valid(nip) else 0.6
            put(f"{role}_vat", "PL" + nip, confidence, f"{node}/NIP")
            put(f"{role}_nip_digits", nip, confidence, f"{node}/NIP")
        elif text(ids, "NrVatUE"):
            vat = (text(ids, "KodUE") or "") + text(ids, "NrVatUE")
            confidence = 1.0 if eu_vat.is_valid(vat) else 0.6
            put(f"{role}_vat", vat, confidence, f"{node}/NrVatUE")
    put("seller_name", text(root, "Podmiot1", "DaneIdentyfikacyjne", "Nazwa"))
    put("buyer_name", text(root, "Podmiot2", "DaneIdentyfikacyjne", "Nazwa"))


def _amounts(fa, put):
    """Totals, and one TaxLine per rate present."""
    gross = _amount(fa, "P_15")
    if gross is not None:
        put("total_gross", float(gross), 1.0, "Fa/P_15")
    tax_lines, nets, vats = [], [], []
    for net_tag, vat_tag, rate in RATE_TAGS:
        net = _amount(fa, net_tag)
        vat = _amount(fa, vat_tag) if vat_tag else None
        if net is None and vat is None:
            continue
        nets.append(net or Decimal(0))
        vats.append(vat or Decimal(0))
        tax_lines.append(TaxLine(rate, float(net or 0), float(vat or 0)))
    margin = _amount(fa, "P_13_11")
    # P_13_11 (margin scheme) is not a net amount: no net total then.
    if margin is None and nets:
        put("total_net", float(sum(nets)), 1.0, "Fa/P_13_*")
    if any(_amount(fa, tag) is not None for _n, tag, _r in RATE_TAGS if tag):
        put("total_vat", float(sum(vats)), 1.0, "Fa/P_14_*")
    elif nets and margin is None:
        put("total_vat", 0.0, 0.9, "Fa/P_13_* without P_14_*")
    if margin is not None:
        # the margin part: what the buyer pays, no VAT to deduct; the other
        # rates' VAT (a travel agency's own 23% services) still is
        tax_lines.append(TaxLine(invoice.MARGIN, float(margin), 0.0))
    return tax_lines


def _payment(fa, put):
    put("due_date", text(fa, "Platnosc", "TerminPlatnosci", "Termin"), 1.0)
    account = text(fa, "Platnosc", "RachunekBankowy", "NrRB")
    if account:
        compact = "".join(ch for ch in account if ch.isalnum()).upper()
        value = "PL" + compact if compact.isdigit() and len(compact) == 26 else compact
        put("seller_iban", value, 1.0 if std_iban.is_valid(value) else 0.6, "NrRB")
    if text(fa, "Adnotacje", "P_18A") == "1":  # 1: split payment, 2: not
        put("split_payment", True, 1.0, "Fa/Adnotacje/P_18A")
    rate = _decimal(text(fa, "KursWalutyZ") or _common_line_rate(fa))
    if rate:
        put("currency_rate", float(rate), 1.0, "KursWaluty")


def _decimal(value):
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def _common_line_rate(fa):
    rates = {text(line, "KursWaluty") for line in children(fa, "FaWiersz")}
    rates.discard(None)
    return rates.pop() if len(rates) == 1 else None


def _kind(fa, put, result):
    kind = text(fa, "RodzajFaktury") or "VAT"
    if kind in CORRECTION_KINDS:
        result.kind = invoice.CORRECTION
        result.kind_reason = f"ksef_kind:{kind}"
        corrected = child(fa, "DaneFaKorygowanej")
        put("corrected_number", text(corrected, "NrFaKorygowanej"), 1.0)
    else:
        result.kind = "invoice"
        result.kind_reason = f"ksef_kind:{kind}"


def _lines(fa, tax_lines):
    """The invoice's own lines when each has a net value and a known rate,
    and they add up to the net per rate; else none (the bill uses rates)."""
    lines = []
    for row in children(fa, "FaWiersz"):
        net = _amount(row, "P_11")
        rate = LINE_RATES.get(text(row, "P_12") or "")
        if net is None or rate is None:
            return []
        quantity = _amount(row, "P_8B") or Decimal(1)
        price = _amount(row, "P_9A")
        if price is None or (price * quantity).quantize(Decimal("0.01")) != net:
            price, quantity = net, Decimal(1)
        lines.append(
            InvoiceLine(
                text(row, "P_7") or "", float(quantity), float(price), float(net), rate
            )
        )
    per_rate = {}
    for line in lines:
        per_rate[line.rate] = per_rate.get(line.rate, Decimal(0)) + Decimal(
            str(line.net)
        )
    expected = {}
    for tax_line in tax_lines:
        expected[tax_line.rate] = expected.get(tax_line.rate, Decimal(0)) + Decimal(
            str(tax_line.net)
        )
    return lines if lines and per_rate == expected else []
