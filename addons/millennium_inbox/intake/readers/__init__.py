"""Text readers: the text of each page in, invoice fields out.

`read_text(text_pages)` is the one entry point for text, whatever produced it
(a PDF's text layer, OCR). Each field has its reader module (numbers, dates,
amounts and rates, currency, parties, bank accounts); labels per language are
rows in `labels/`. A reader returns candidates with a confidence and the line
they were read from; `base.pick` keeps one or none. Precision comes first: a
field the readers are not sure of stays empty.
"""

import re
from datetime import date
from decimal import Decimal

from .. import invoice
from ..invoice import EMPTY_REASON, NO_TEXT_REASON, Extraction, Suggestion
from . import (
    accounts,
    amounts,
    currency,
    dates,
    kinds,
    numbers,
    parties,
    receipts,
    seller_names,
    split_payment,
    terms,
)
from .base import (
    MIN_CONFIDENCE,
    Candidate,
    has_letters_or_digits,
    prepare_lines,
    value_direction,
)
from .labels import regex

_DECLARED = regex("declared_layout", before="^")


def read_text(text_pages, declared=False, till=False):
    """Suggestions from the pages' text; empty with a reason when no text.

    `declared`: the pages print a structured invoice (a PDF carrying its
    Factur-X / ZUGFeRD XML), so the VAT ids printed were declared there; a
    layout whose heading says so (the KSeF visualisation) is one too.
    `till`: the page is already known to be a till receipt (by its shape or
    another reading's words, see receipts.read): read as one even where
    its text lost the till's words."""
    lines = prepare_lines(text_pages or [])
    if sum(len(x.text) for x in lines) < 20 or not any(
        has_letters_or_digits(x.text) for x in lines
    ):
        return Extraction(fields={}, has_text=False, reason=NO_TEXT_REASON)
    order = dates.slash_order(lines)
    receipt = receipts.read(lines, till=till)
    if receipt is not None or receipts.looks_like_a_till(lines):
        order = receipts.date_order(lines, order)
    lines.direction = value_direction(
        lines,
        [
            dates.ISSUE_LABELS,
            dates.SALE_LABELS,
            dates.DUE_LABELS,
            numbers.NUMBER_LABELS,
        ],
    )
    doc_word = re.compile(numbers.DOC_WORD, re.IGNORECASE)
    doc_has_invoice_word = any(doc_word.search(x.text) for x in lines)
    found = {}
    found["invoice_number"] = numbers.invoice_number(lines, doc_has_invoice_word)
    found["corrected_number"] = numbers.corrected_number(lines)
    found["ksef_number"] = numbers.ksef_number(lines)
    found["issue_date"] = dates.issue_date(lines, order, found["invoice_number"])
    found["sale_date"] = dates.sale_date(lines, order)
    found["due_date"] = dates.due_date(lines, order, found["issue_date"])
    found["payment_term_days"] = terms.payment_term_days(lines)
    found["split_payment"] = split_payment.split_payment(lines)
    rates = amounts.rate_table(lines)
    gross, net, vat = amounts.totals(lines, rates)
    if receipt is not None:
        gross, net, vat = _receipt_totals(receipt, gross, net, vat)
    found.update(total_gross=gross, total_net=net, total_vat=vat)
    found["currency"] = currency.currency(lines, gross)
    found["currency_rate"] = currency.currency_rate(lines)
    found["seller_iban"], iban_spans = accounts.bank_account(lines)
    declared = declared or any(_DECLARED.match(line.text) for line in lines[:3])
    found.update(parties.parties(lines, iban_spans, declared))
    found["seller_nip_digits"] = parties.nip_digits(found.get("seller_vat"))
    found["buyer_nip_digits"] = parties.nip_digits(found.get("buyer_vat"))
    found["seller_name"] = seller_names.seller_name(lines, found.get("seller_vat"))
    found = {
        name: cand
        for name, cand in found.items()
        if cand is not None and cand.score >= MIN_CONFIDENCE
    }
    result = Extraction(
        fields={name: _suggest(cand) for name, cand in found.items()},
        has_text=True,
    )
    result.kind, code, words = kinds.suggest(lines, found, receipt)
    result.kind_reason = f"{code}:{words}" if code else None
    result.tax_lines = _tax_lines(rates, gross, net, vat)
    result.currencies_seen = currency.signs(lines)
    if receipt is not None and receipt.tax_lines and "total_gross" in found:
        result.tax_lines = receipt.tax_lines
    result.reason = None if result.fields else EMPTY_REASON
    return result


def _receipt_totals(receipt, gross, net, vat):
    """A till receipt's totals: its own total (see receipts.total) or
    none; net and VAT only when they add up to it (the PTU table's VAT)."""
    if receipt.total is None:
        return None, None, None
    gross = receipt.total
    if receipt.vat is not None:
        vat = receipt.vat
        net_value = gross.value - vat.value
        net = Candidate(net_value, vat.score, vat.line)
    if net is not None and vat is not None and net.value + vat.value == gross.value:
        return gross, net, vat
    if vat is not None and 0 <= vat.value < gross.value:
        return gross, None, vat  # "SUMA PTU" without a table that adds up
    return gross, None, None


def _tax_lines(rates, gross, net, vat):
    """The rate table's rows when they add up to the totals kept."""
    if rates is None or gross is None or not rates.rows:
        return []
    g, n, v = rates.sums()
    if g != gross.value or (vat is not None and v != vat.value):
        return []
    if net is not None and n is not None and n != net.value:
        return []
    return rates.tax_lines()


def _suggest(candidate):
    return Suggestion(
        _plain(candidate.value),
        round(min(candidate.score, 1.0), 2),
        candidate.line.text,
        candidate.line.page,
    )


def _plain(value):
    if isinstance(value, Decimal):
        return float(round(value, 2))
    if isinstance(value, date):
        return value.isoformat()
    return value


__all__ = ["invoice", "read_text"]
