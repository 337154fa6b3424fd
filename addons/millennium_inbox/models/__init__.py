from . import millennium_inbox_document
