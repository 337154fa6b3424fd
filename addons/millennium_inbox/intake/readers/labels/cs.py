"""Czech labels (účtenky: till receipts as printed)."""

LABELS = [
    ("kind_receipt", r"účtenka|pokladní\s+doklad"),
    ("kind_invoice", r"faktura(?:\s+-\s+daňový\s+doklad)?"),
    ("vat_id", r"dič"),
    ("registry", r"ič(?:o)?"),
    ("issue_date", r"datum\s+vystavení", 0.95),
    ("date", r"datum", 0.75),
    ("total_gross", r"celkem\s+k\s+úhradě", 0.9),
    ("total_gross", r"k\s+úhradě", 0.9),
    # till receipts: see readers/receipts.py
    ("receipt_total", r"celkem(?:\s+(?:kč|czk))?"),
    ("receipt_total", r"k\s+úhradě"),
    ("receipt_total", r"k\s+zaplacení"),
    ("receipt_not_total", r"dph|bez\s+dph|základ|sleva"),
    ("tender", r"hotově|hotovost"),
    ("tender", r"platební\s+karta|kartou|karta"),
    ("tender", r"přijato"),
    ("change", r"vráceno|vrátit"),
    ("rounding", r"zaokrouhlení"),
    ("till", r"pokladna"),
    ("till", r"pokladní"),
    ("till", r"bkp|fik"),
]
