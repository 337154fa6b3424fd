"""The rules a draft bill is made by, one file each, in one visible order.

Every path (a PDF's text, OCR, KSeF, Odoo's UBL/CII decoder; single and bulk
accept) runs the same rules on a `BillDraft`: each rule's `prepare` fills the
values of the bill before it exists, each rule's `complete` checks or
finishes the bill once it does. A rule may refuse the document (a
`DocumentError` with the reason the accountant reads) or end the run by
linking the bill the same invoice already has. Adding a rule is adding a file
here and a line below.
"""

from .currency import CurrencyRule
from .dates import DatesRule
from .draft import BillDraft
from .foreign_vat import ForeignVatRule
from .lines import LinesRule
from .memory import MemoryRule
from .receipt import ReceiptRule
from .reference import ReferenceRule
from .supplier import SupplierRule
from .totals import TotalsRule
from .whitelist import WhitelistRule

# The order is the contract: the supplier first (a duplicate ends the run and
# a foreign seller decides the lines), the currency before any amount, the
# lines before the checks of what they add up to, the totals; the supplier's
# memory after all the document states, on the lines the totals left; then
# whether it is safe to pay (White List, split payment), once the bill is right.
RULES = (
    SupplierRule(),
    CurrencyRule(),
    ReferenceRule(),
    DatesRule(),
    LinesRule(),
    ReceiptRule(),
    ForeignVatRule(),
    TotalsRule(),
    MemoryRule(),
    WhitelistRule(),
)

__all__ = ["RULES", "BillDraft"]
