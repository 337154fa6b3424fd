from . import mobile_api
from . import mobile_app
