"""Dutch labels."""

LABELS = [
    ("document", r"factuur"),
    ("invoice_number", r"factuurnummer", 0.95),
    ("bank_account", r"rekening(?:nummer)?"),
    ("correction", r"creditnota"),
    ("correction", r"creditfactuur"),
    ("issue_date", r"factuurdatum", 0.95),
    ("due_date", r"vervaldatum", 0.9),
    ("total_gross", r"totaal", 0.9),
    ("total_net", r"exclusief\s+btw", 0.85),
    ("total_net", r"subtotaal", 0.85),
    ("total_vat", r"btw\s+totaal", 0.85),
    ("total_vat", r"btw", 0.6),
    ("total_row", r"totaal"),
    ("vat_id", r"btw"),
    ("seller", r"leverancier"),
    ("buyer", r"klant"),
    ("buyer", r"afnemer"),
    ("registry", r"kvk"),
    ("kind_invoice", r"factuur"),
]
