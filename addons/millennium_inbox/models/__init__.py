from . import ir_attachment
from . import millennium_inbox_document
from . import millennium_inbox_scan_address
from . import res_config_settings
from . import millennium_inbox_document_mail
from . import mail_thread
from . import account_move
