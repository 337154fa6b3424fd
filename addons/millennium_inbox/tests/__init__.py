from . import test_foundation
from . import test_intake
from . import test_split
from . import test_approval
from . import test_access
from . import test_ui
from . import test_extraction
from . import test_vendor_bill
