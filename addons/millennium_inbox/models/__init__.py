from . import ir_attachment
from . import millennium_inbox_document
from . import res_config_settings
from . import account_move
