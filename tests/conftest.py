"""Plain pytest for the addon's pure-Python part: `intake` is importable
without Odoo because it never imports odoo."""

import os
import sys
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "addons" / "millennium_inbox"
sys.path.insert(0, str(ADDON))

# tests/live starts a real server (tools/run.sh): tools/test.sh runs it after
# the Odoo suite with MILLENNIUM_LIVE=1; a plain `pytest tests` leaves it out.
collect_ignore = [] if os.environ.get("MILLENNIUM_LIVE") == "1" else ["live"]
