"""Plain pytest for the addon's pure-Python part: `intake` is importable
without Odoo because it never imports odoo."""

import sys
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "addons" / "millennium_inbox"
sys.path.insert(0, str(ADDON))
