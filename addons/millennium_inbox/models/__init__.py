from . import millennium_inbox_document
from . import millennium_inbox_device
from . import millennium_inbox_device_credential
from . import millennium_inbox_device_token
from . import millennium_inbox_document_mobile
from . import millennium_inbox_mobile_throttle
from . import millennium_inbox_pairing_code
from . import res_users
