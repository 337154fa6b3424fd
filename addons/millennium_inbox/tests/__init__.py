from . import test_foundation
from . import test_scan_address
