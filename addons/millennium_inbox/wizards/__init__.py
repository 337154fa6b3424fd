from . import millennium_inbox_upload
from . import millennium_inbox_accept
from . import millennium_inbox_reject
from . import millennium_inbox_split
from . import millennium_inbox_pairing_wizard
from . import millennium_inbox_device_rename
