from . import millennium_inbox_pairing_wizard
