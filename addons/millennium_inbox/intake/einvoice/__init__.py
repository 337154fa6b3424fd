"""Structured e-invoices: decoders that turn an XML file into the neutral
invoice (`intake.invoice.Extraction`). KSeF FA(2)/FA(3) is read here; UBL and
CII are read by Odoo's own decoder (account_edi_ubl_cii) on the Odoo side."""

from . import ksef, xml

__all__ = ["ksef", "xml"]
