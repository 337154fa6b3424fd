"""The neutral invoice every decoder produces and billing reads (no Odoo).

Whatever read the document (the text reader, the KSeF XML reader, Odoo's
UBL/CII decoder), the result is an `Extraction`: per field a `Suggestion`
(value, confidence, where it was read), plus what a bill needs beyond single
fields: the kind (invoice or correction) and why, the VAT per rate, and for
structured invoices their own lines.
"""

from dataclasses import asdict, dataclass, field

NO_TEXT_REASON = "no text layer: photo or scan"
EMPTY_REASON = "no invoice data found in the text"

FIELDS = (
    "seller_vat",
    "seller_nip_digits",
    "buyer_vat",
    "buyer_nip_digits",
    "seller_name",
    "invoice_number",
    "issue_date",
    "sale_date",
    "due_date",
    "total_gross",
    "total_net",
    "total_vat",
    "currency",
    "currency_rate",
    "seller_iban",
    "ksef_number",
    "corrected_number",
    "payment_term_days",
    "split_payment",
)

INVOICE = "invoice"
CORRECTION = "correction"

# Rates that are not a percentage: exempt, not subject, reverse charge.
EXEMPT, NOT_SUBJECT, REVERSE_CHARGE = "zw", "np", "oo"
# The margin scheme (travel agencies, second-hand goods): the amount is what
# the buyer pays, with no VAT shown for the buyer to deduct.
MARGIN = "margin"


@dataclass
class Suggestion:
    value: object
    confidence: float
    source: str = ""
    page: int | None = None


@dataclass
class TaxLine:
    """Net and VAT at one rate: "23", "8", "5", "0", or EXEMPT / NOT_SUBJECT /
    REVERSE_CHARGE / MARGIN (its amount, no VAT)."""

    rate: str
    net: float
    vat: float


@dataclass
class InvoiceLine:
    name: str
    quantity: float
    price_unit: float
    net: float
    rate: str | None = None


@dataclass
class Extraction:
    fields: dict = field(default_factory=dict)
    has_text: bool = False
    reason: str | None = None
    kind: str | None = None  # INVOICE or CORRECTION, when read
    kind_reason: str | None = None
    tax_lines: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    decoder: str = "text"
    # currencies the page shows (codes, signs): whether the company's
    # currency is safe for a document whose currency was not read
    currencies_seen: list = field(default_factory=list)
    # 'code:detail' of something the reading must tell the accountant
    note: str | None = None

    def value(self, name):
        suggestion = self.fields.get(name)
        return suggestion.value if suggestion else None

    def as_dict(self):
        """Plain values, e.g. to store or serialise."""
        return {name: s.value for name, s in self.fields.items()}

    def structure(self):
        """What a bill needs beyond single fields, JSON-ready."""
        return {
            "decoder": self.decoder,
            "kind": self.kind,
            "kind_reason": self.kind_reason,
            "tax_lines": [asdict(t) for t in self.tax_lines],
            "lines": [asdict(x) for x in self.lines],
            "currencies_seen": list(self.currencies_seen),
        }

    @staticmethod
    def tax_lines_from(structure):
        return [TaxLine(**t) for t in (structure or {}).get("tax_lines", [])]

    @staticmethod
    def lines_from(structure):
        return [InvoiceLine(**x) for x in (structure or {}).get("lines", [])]
