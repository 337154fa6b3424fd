from . import test_foundation
from . import test_mobile_api
from . import test_mobile_app
from . import test_mobile_openapi
from . import test_mobile_pairing
from . import test_mobile_webauthn
